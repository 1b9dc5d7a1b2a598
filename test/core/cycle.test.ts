// SPEC §9 merge rules, on small workbooks built in code: who wins, what is a conflict, what is ignored.
import { ReturnedWorkbook, legalFileName, planMerge, planUnitLists, taskKey } from '../../src/core/cycle/cycle';
import { CellValue, SheetGrid, WorkbookInput } from '../../src/core/read/grid';
import { Located, locateTable } from '../../src/core/workbook';

const HEADER = ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限', '完成状态', '实际完成日期', '进展情况'];
/** A master: task 1 led by 法规科 with 办公室 supporting; task 2 led by 办公室 with 法规科 and 调统科 supporting. */
function master(status1 = '', status2 = ''): { wb: WorkbookInput; located: Located } {
  const grid: SheetGrid = {
    name: '分工',
    values: [
      ['2023年责任分工表'],
      HEADER,
      [1, '任务一', '内容一', '法规科', '办公室', '2023年6月底前', status1, null, null],
      [2, '任务二', '内容二', '办公室', '法规科、调统科', '2023年9月底前', status2, null, null],
    ],
  };
  const wb = { sheets: [grid], names: [] };
  return { wb, located: locateTable(wb) };
}

/** A returned unit list as split made it, with some cells filled, rows optionally reordered. */
function returned(located: Located, wb: WorkbookInput, unit: string, fill: (rows: CellValue[][]) => void): ReturnedWorkbook {
  const list = planUnitLists(located, wb, { asOf: '2023-07-01' }).find((l) => l.unit === unit)!;
  const values: CellValue[][] = [];
  for (const op of list.plan.ops)
    if (op.kind === 'write')
      op.cells.forEach((row, i) => {
        values[op.top + i] = values[op.top + i] ?? [];
        row.forEach((v, j) => (values[op.top + i][op.left + j] = typeof v === 'object' && v !== null ? null : (v as CellValue)));
      });
  const body = values.slice(5);
  fill(body);
  return { fileName: `${unit}-回报.xlsx`, input: { sheets: [{ name: unit, values: [...values.slice(0, 5), ...body] }], names: [{ name: '_fengong_split', formula: `"${unit}"` }] } };
}
const STATUS = 6;

describe('merge', () => {
  test('a lead unit’s value wins over a supporting unit’s: applied, not a conflict', () => {
    const { wb, located } = master();
    const lead = returned(located, wb, '法规科', (rows) => (rows.find((r) => r[0] === '1')![STATUS] = '已完成'));
    const support = returned(located, wb, '办公室', (rows) => (rows.find((r) => r[0] === '1')![STATUS] = '进行中'));
    const { report, plan } = planMerge(located, wb, [support, lead]);
    expect(report.applied).toEqual([{ seq: '1', row: 3, unit: '法规科', field: '完成状态', from: '', to: '已完成' }]);
    expect(report.conflicts).toEqual([]);
    expect(plan.ops).toEqual([{ kind: 'write', sheet: '分工', top: 2, left: 6, cells: [['已完成']] }]);
  });

  test('two supporting units that disagree, the lead silent: a conflict, and nothing written', () => {
    const { wb, located } = master();
    const a = returned(located, wb, '法规科', (rows) => (rows.find((r) => r[0] === '2')![STATUS] = '进行中'));
    const b = returned(located, wb, '调统科', (rows) => (rows.find((r) => r[0] === '2')![STATUS] = '暂缓'));
    const { report, plan } = planMerge(located, wb, [a, b]);
    expect(report.conflicts).toEqual([
      { seq: '2', row: 4, field: '完成状态', kept: '', values: [{ unit: '法规科', value: '进行中', file: '法规科-回报.xlsx' }, { unit: '调统科', value: '暂缓', file: '调统科-回报.xlsx' }] },
    ]);
    expect(plan.ops).toEqual([]);
  });

  test('the master’s own value gives way to a newer one from the lead, not from a supporting unit', () => {
    const { wb, located } = master('进行中', '进行中');
    const lead = returned(located, wb, '法规科', (rows) => (rows.find((r) => r[0] === '1')![STATUS] = '已完成'));
    const support = returned(located, wb, '法规科', (rows) => (rows.find((r) => r[0] === '2')![STATUS] = '已完成'));
    const { report } = planMerge(located, wb, [lead, support]);
    expect(report.applied.map((a) => [a.seq, a.from, a.to])).toEqual([['1', '进行中', '已完成']]);
    expect(report.ignored.map((i) => i.reason)).toEqual([expect.stringMatching(/序号“2”的完成状态已有“进行中”，配合单位的回报“已完成”不替换它/)]);
  });

  test('a value the unit did not change (what it was sent) is no report; rows sorted differently still match by key', () => {
    const { wb, located } = master('进行中');
    const lead = returned(located, wb, '法规科', (rows) => {
      rows.reverse();
      rows.find((r) => r[0] === '2')![STATUS] = '已完成';
    });
    const { report } = planMerge(located, wb, [lead]);
    // Task 1 still says 进行中 (as sent): nothing to report. Task 2: 法规科 supports, the master is empty: applied.
    expect(report.applied.map((a) => [a.seq, a.unit, a.to])).toEqual([['2', '法规科', '已完成']]);
  });

  test('a key that points at a moved row finds the task by its fingerprint', () => {
    const { wb, located } = master();
    const lead = returned(located, wb, '法规科', (rows) => {
      const r = rows.find((x) => x[0] === '1')!;
      r[STATUS] = '已完成';
      r[9] = `99#${String(r[9]).split('#')[1]}`; // the master row changed since (rows inserted above)
    });
    expect(planMerge(located, wb, [lead]).report.applied.map((a) => a.seq)).toEqual(['1']);
    expect(taskKey(located.analysis.tasks[0])).toMatch(/^3#[0-9a-f]{8}$/);
  });

  test('not a status, a date that is no date, a row added by the unit: listed and ignored', () => {
    const { wb, located } = master();
    const lead = returned(located, wb, '法规科', (rows) => {
      rows.find((r) => r[0] === '1')![STATUS] = '差不多了';
      rows.find((r) => r[0] === '1')![7] = '下周';
      rows.push(['9', '新任务', '', '牵头', '', null, '已完成']);
    });
    const { report, plan } = planMerge(located, wb, [lead]);
    expect(report.ignored.map((i) => i.reason)).toEqual([
      expect.stringMatching(/完成状态“差不多了”不是 未开始、进行中、已完成、暂缓 之一/),
      expect.stringMatching(/实际完成日期“下周”不是日期/),
      expect.stringMatching(/第 8 行（序号“9”“新任务”）在原表中找不到对应的任务/),
    ]);
    expect(plan.ops).toEqual([]);
  });

  test('a file that is neither a unit list nor the table is listed, with the reason', () => {
    const { wb, located } = master();
    const { report } = planMerge(located, wb, [{ fileName: '随便.xlsx', input: { sheets: [{ name: 'a', values: [['你好']] }], names: [] } }]);
    expect(report.ignored).toEqual([{ file: '随便.xlsx', reason: expect.stringMatching(/既没有分工表助手导出的单位清单，也没有责任分工表/) }]);
  });
});

describe('split', () => {
  test('one list per unit with tasks; the three columns carry what the master has; a hidden key per row', () => {
    const { wb, located } = master('进行中');
    const lists = planUnitLists(located, wb, { asOf: '2023-07-01', replyBy: '2023-07-08', returnTo: '督查室' });
    expect(lists.map((l) => [l.unit, l.tasks, l.fileName])).toEqual([
      ['法规科', 2, '法规科-任务清单.xlsx'],
      ['办公室', 2, '办公室-任务清单.xlsx'],
      ['调统科', 1, '调统科-任务清单.xlsx'],
    ]);
    const ops = lists[0].plan.ops;
    const rows = ops.filter((o) => o.kind === 'write').flatMap((o) => (o.kind === 'write' ? o.cells : []));
    expect(rows.map((r) => String(r[0] ?? ''))).toContain('法规科　任务清单（2023年责任分工表）');
    expect(rows.some((r) => typeof r[0] === 'string' && r[0].includes('于 2023年7月8日 前发回督查室'))).toBe(true);
    expect(rows.find((r) => r[0] === '1')!.slice(3, 10)).toEqual(['牵头', '2023年6月底前', 45107, '进行中', '', '', taskKey(located.analysis.tasks[0])]);
    expect(ops).toContainEqual({ kind: 'hideColumns', sheet: '法规科', col: 9, count: 4 });
    expect(ops).toContainEqual({ kind: 'listValidation', sheet: '法规科', range: 'G6:G7', items: ['未开始', '进行中', '已完成', '暂缓'] });
  });

  test('file names are legal on every file system and unique', () => {
    const taken = new Set<string>();
    expect(legalFileName('各县（市、区）应急管理局', taken)).toBe('各县（市、区）应急管理局.xlsx');
    expect(legalFileName('a/b\\c:d*e?f"g<h>i|j', taken)).toBe('a_b_c_d_e_f_g_h_i_j.xlsx');
    expect(legalFileName('CON', taken)).toBe('CON_.xlsx');
    expect(legalFileName(' ..科. ', taken)).toBe('科.xlsx');
    expect(legalFileName('科', taken)).toBe('科(2).xlsx');
    expect([...legalFileName('长'.repeat(200), taken)].length).toBe(85);
  });
});
