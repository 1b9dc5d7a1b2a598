// SPEC §9 merge rules, on small workbooks built in code: who wins, what is a conflict, what is ignored.
import { ReturnedWorkbook, legalFileName, planMerge, planUnitLists, taskKey } from '../../src/core/cycle/cycle';
import { CellValue, SheetGrid, WorkbookInput } from '../../src/core/read/grid';
import { Located, locateTable } from '../../src/core/workbook';
import { PlanOp } from '../../src/core/plan/plan';

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
const DATE = 7;
const PROGRESS = 8;
/** The cells a plan writes into the master sheet: "G3=已完成". */
const masterWrites = (ops: PlanOp[]) => ops.flatMap((op) => (op.kind === 'write' && op.sheet === '分工' ? [`${String.fromCharCode(65 + op.left)}${op.top + 1}=${op.cells[0][0]}`] : []));
/** The rows a plan appends to 反馈记录 (header aside): 单位, 序号, the three values, 处理结果. */
const feedbackRows = (ops: PlanOp[]) =>
  ops.flatMap((op) => (op.kind === 'write' && op.sheet === '反馈记录' && op.top > 0 ? op.cells : [])).map((r) => [r[1], r[2], r[4], r[5], r[6], r[8]]);

describe('merge', () => {
  test('a lead unit’s value wins over a supporting unit’s: applied, not a conflict', () => {
    const { wb, located } = master();
    const lead = returned(located, wb, '法规科', (rows) => (rows.find((r) => r[0] === '1')![STATUS] = '已完成'));
    const support = returned(located, wb, '办公室', (rows) => (rows.find((r) => r[0] === '1')![STATUS] = '进行中'));
    const { report, plan } = planMerge(located, wb, [support, lead]);
    expect(report.applied).toEqual([{ seq: '1', row: 3, unit: '法规科', field: '完成状态', from: '', to: '已完成' }]);
    expect(report.conflicts).toEqual([]);
    // The lead's whole record, all three cells; the supporting unit's different record is listed as dissent.
    expect(masterWrites(plan.ops)).toEqual(['G3=已完成', 'H3=null', 'I3=null']);
    expect(report.dissent).toEqual([{ seq: '1', row: 3, unit: '办公室', role: '配合', file: '办公室-回报.xlsx', values: { 完成状态: '进行中', 实际完成日期: '', 进展情况: '' }, against: '法规科' }]);
    expect(feedbackRows(plan.ops)).toEqual([
      ['办公室', '1', '进行中', '', '', '未采用'],
      ['法规科', '1', '已完成', '', '', '采用'],
    ]);
  });

  test('two supporting units that disagree, the lead silent: a conflict, and nothing written', () => {
    const { wb, located } = master();
    const a = returned(located, wb, '法规科', (rows) => (rows.find((r) => r[0] === '2')![STATUS] = '进行中'));
    const b = returned(located, wb, '调统科', (rows) => (rows.find((r) => r[0] === '2')![STATUS] = '暂缓'));
    const { report, plan } = planMerge(located, wb, [a, b]);
    const record = (完成状态: string) => ({ 完成状态, 实际完成日期: '', 进展情况: '' });
    expect(report.conflicts).toEqual([
      {
        seq: '2',
        row: 4,
        kept: record(''),
        records: [
          { unit: '法规科', role: '配合', file: '法规科-回报.xlsx', values: record('进行中') },
          { unit: '调统科', role: '配合', file: '调统科-回报.xlsx', values: record('暂缓') },
        ],
      },
    ]);
    // Nothing written into the table; both replies kept in 反馈记录 as 冲突.
    expect(masterWrites(plan.ops)).toEqual([]);
    expect(feedbackRows(plan.ops).map((r) => [r[0], r[5]])).toEqual([
      ['法规科', '冲突'],
      ['调统科', '冲突'],
    ]);
  });

  test('the master’s own value gives way to a newer one from the lead, not from a supporting unit', () => {
    const { wb, located } = master('进行中', '进行中');
    const lead = returned(located, wb, '法规科', (rows) => (rows.find((r) => r[0] === '1')![STATUS] = '已完成'));
    const support = returned(located, wb, '法规科', (rows) => (rows.find((r) => r[0] === '2')![STATUS] = '已完成'));
    const { report } = planMerge(located, wb, [lead, support]);
    expect(report.applied.map((a) => [a.seq, a.from, a.to])).toEqual([['1', '进行中', '已完成']]);
    expect(report.ignored.map((i) => i.reason)).toEqual([expect.stringMatching(/序号“2”原表已有记录（完成状态“进行中”.*），配合单位的回报不替换它/)]);
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
    // The whole record is refused for its first unreadable part; nothing of it is written, all of it is kept.
    expect(report.ignored.map((i) => i.reason)).toEqual([
      expect.stringMatching(/序号“1”的回报整条未采用：完成状态“差不多了”看不懂/),
      expect.stringMatching(/第 8 行（序号“9”“新任务”）在原表中找不到对应的任务/),
    ]);
    expect(masterWrites(plan.ops)).toEqual([]);
    expect(feedbackRows(plan.ops)).toEqual([
      ['法规科', '1', '差不多了', '下周', '', '未采用'],
      ['法规科', '9', '已完成', '', '', '未采用'],
    ]);
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

  test('a reply is read as people write it: 完成 and 6月15日 → 已完成, 2023-06-15, applied whole', () => {
    const { wb, located } = master();
    const lead = returned(located, wb, '办公室', (rows) => {
      const r = rows.find((x) => x[0] === '2')!;
      [r[STATUS], r[DATE], r[PROGRESS]] = ['完成', '6月15日', '已印发'];
    });
    const { report, plan } = planMerge(located, wb, [lead]);
    expect(report.ignored).toEqual([]);
    expect(report.applied.map((a) => [a.field, a.to])).toEqual([
      ['完成状态', '已完成'],
      ['实际完成日期', '2023-06-15'],
      ['进展情况', '已印发'],
    ]);
    expect(masterWrites(plan.ops)).toEqual(['G4=已完成', 'H4=45092', 'I4=已印发']);
  });

  test('a date beside a status other than 已完成 rejects the whole record: no half-merged row', () => {
    const { wb, located } = master();
    const lead = returned(located, wb, '法规科', (rows) => {
      const r = rows.find((x) => x[0] === '1')!;
      [r[STATUS], r[DATE], r[PROGRESS]] = ['进行中', '2023.6.20', '正在推进'];
    });
    const { report, plan } = planMerge(located, wb, [lead]);
    expect(report.applied).toEqual([]);
    expect(report.ignored.map((i) => i.reason)).toEqual([expect.stringMatching(/填写了实际完成日期 2023-06-20，完成状态却是“进行中”/)]);
    expect(masterWrites(plan.ops)).toEqual([]);
  });

  test('the same unit in two files: the later file wins, the report names both', () => {
    const { wb, located } = master();
    const first = returned(located, wb, '法规科', (rows) => (rows.find((r) => r[0] === '1')![STATUS] = '进行中'));
    const later = { ...returned(located, wb, '法规科', (rows) => (rows.find((r) => r[0] === '1')![STATUS] = '已完成')), fileName: '法规科-回报(更正).xlsx' };
    const { report, plan } = planMerge(located, wb, [first, later]);
    expect(report.conflicts).toEqual([]);
    expect(report.applied.map((a) => [a.unit, a.to])).toEqual([['法规科', '已完成']]);
    expect(report.ignored).toEqual([
      { file: '法规科-回报.xlsx', seq: '1', unit: '法规科', reason: '法规科对序号“1”的回报以较后的文件“法规科-回报(更正).xlsx”为准，替换了“法规科-回报.xlsx”中的回报' },
    ]);
    expect(feedbackRows(plan.ops).map((r) => [r[2], r[5]])).toEqual([
      ['进行中', '未采用'],
      ['已完成', '采用'],
    ]);
  });

  test('a return of another table: 不属于本表, and no file usable', () => {
    const { wb, located } = master();
    const other = master();
    other.wb.sheets[0].values[2] = [1, '别的任务', '别的内容', '法规科', '办公室', '2023年6月底前', '已完成', null, null];
    other.wb.sheets[0].values[3] = [2, '又一项', '无关', '办公室', '', '2023年9月底前', '进行中', null, null];
    const { report, plan } = planMerge(located, wb, [{ fileName: '法规科-另一张表.xlsx', input: other.wb }]);
    expect(report.ignored).toEqual([{ file: '法规科-另一张表.xlsx', unit: '法规科', reason: expect.stringMatching(/^不属于本表/) }]);
    expect(report.files).toEqual([{ file: '法规科-另一张表.xlsx', unit: '法规科', used: false }]);
    expect(plan.ops).toEqual([]);
  });

  test('反馈记录 grows: a second merge appends under the rows already there', () => {
    const { wb, located } = master();
    const lead = returned(located, wb, '法规科', (rows) => (rows.find((r) => r[0] === '1')![STATUS] = '进行中'));
    const kept: WorkbookInput = { ...wb, sheets: [...wb.sheets, { name: '反馈记录', values: [['收到日期'], [45000, '办公室', '2'], [45001, '办公室', '2']] }] };
    const { plan } = planMerge(locateTable(kept), kept, [lead], { received: '2023-07-02' });
    const writes = plan.ops.filter((op) => op.kind === 'write' && op.sheet === '反馈记录');
    expect(plan.ops.some((op) => op.kind === 'addSheet')).toBe(false);
    expect(writes.map((w) => (w.kind === 'write' ? [w.top, w.cells.length, w.cells[0][0]] : null))).toEqual([[3, 1, 45109]]);
  });
});
