// Issue 17: a 整改清单 as inspections produce it (交办日期 above the header, 立即整改 and its kin, a 责任人 column), the
// reference bureau's short names, and what else people write in a unit cell — each from a realistic table.
import { Analysis } from '../../src/core/check/analyze';
import { planMerge, planUnitLists, reminders } from '../../src/core/cycle/cycle';
import { isoToExcelSerial } from '../../src/core/read/deadline';
import { CellValue, SheetGrid, WorkbookInput } from '../../src/core/read/grid';
import { planEnrich } from '../../src/core/plan/enrich';
import { computeSummary } from '../../src/core/plan/summary';
import { Located, locateTable } from '../../src/core/workbook';
import { planSheet } from '../helpers/plan-sheet';

const HEADER = ['序号', '存在问题', '整改措施', '整改责任单位', '整改责任人', '整改时限'];
// 工贸科, 危化科, 执法支队, 矿山科, 地灾科: the bureau's staff write short names (工贸科 and its full name both
// occur: one 汇总 row); 减灾科 fits two sections.
const ROWS: CellValue[][] = [
  [1, '部分工贸企业未按规定开展安全生产标准化自评', '督促企业限期完成自评并报备', '工贸科', '张明', '立即整改'],
  [2, '危险化学品仓库未设置防泄漏围堰', '责令企业完善围堰并复查', '危化科、执法支队', '李强', '立行立改'],
  [3, '应急预案未按期修订', '组织修订预案并开展演练', '预案科', '王芳', '2023年6月30日前'],
  [4, '执法检查台账不规范', '建立执法台账，规范文书制作', '执法支队（赵军）', '赵军', '即知即改'],
  [5, '企业主要负责人安全培训不到位', '持续开展主要负责人培训', '工贸行业安全监督管理科、矿山科', '张明、刘洋', '长期坚持'],
  [6, '地质灾害隐患排查情况未按时报送', '每月报送上月排查治理情况', '地灾科', '陈刚', '每月5日前报送'],
  [7, '防汛物资储备不足', '补充防汛物资并建立台账', '减灾科', '周丽', '汛期前'],
];

function workbook(above: CellValue[][] = [['附件'], ['2023年安全生产大检查发现问题整改清单'], ['交办日期：2023年6月1日']], names: WorkbookInput['names'] = []): { wb: WorkbookInput; located: Located } {
  const grid: SheetGrid = { name: '整改清单', values: [...above, HEADER, ...ROWS] };
  const wb = { sheets: [grid], names };
  return { wb, located: locateTable(wb, undefined, { asOf: '2023-07-01' }) };
}

const byRow = (a: Analysis, sheetRow: number) => a.tasks.find((t) => t.row === sheetRow - 1)!;
const unitsOf = (a: Analysis, sheetRow: number) => byRow(a, sheetRow).lead.map((u) => u.unit ?? `?${u.text}`);

describe('a 整改清单 with 交办日期 above the header', () => {
  const { wb, located } = workbook();
  const a = located.analysis;

  test('its columns: 存在问题 the task, 整改措施 the content, 整改责任单位 the units; 整改责任人 kept as people', () => {
    const rec = a.recognition;
    expect([rec.columns.task, rec.columns.content, rec.columns.lead, rec.columns.deadline]).toEqual([1, 2, 3, 5]);
    expect(rec.others).toEqual([{ col: 4, label: '整改责任人', kind: 'person' }]);
    expect(a.tasks).toHaveLength(7);
    // People are never units and never flagged.
    expect(a.findings.filter((f) => /^E\d+$/.test(f.cell))).toEqual([]);
    expect(a.tasks.flatMap((t) => [...t.lead, ...t.support]).map((u) => u.text)).not.toContain('张明');
  });

  test('立即整改, 立行立改, 即知即改 are due on the 交办 date; dated, 长期坚持 and 每月…报送 as usual', () => {
    const kinds = a.tasks.map((t) => [t.deadline.kind, t.deadline.due ?? t.deadline.every ?? null]);
    expect(kinds).toEqual([
      ['immediate', '2023-06-01'],
      ['immediate', '2023-06-01'],
      ['date', '2023-06-30'],
      ['immediate', '2023-06-01'],
      ['ongoing', null],
      ['recurring', 'month'],
      ['unparsed', null],
    ]);
    const info = a.findings.find((f) => f.code === 'deadline.immediate')!;
    expect(info.cells).toEqual(['F5', 'F6', 'F8']);
    expect(info.message).toContain('交办日期 2023-06-01');
  });

  test('汛期前 is a warning naming the phrase with a dated suggestion in the table’s year', () => {
    const f = a.findings.find((x) => x.cell === 'F11')!;
    expect(f.code).toBe('deadline.event');
    expect(f.message).toContain('汛期前');
    expect(f.suggestions).toEqual(['2023年5月31日前']);
  });

  test('the bureau’s short names resolve to its sections; 减灾科 fits two and is a warning offering both', () => {
    expect(a.directorySource).toBe('default');
    expect([5, 6, 7, 8, 9, 10].map((r) => unitsOf(a, r))).toEqual([
      ['工贸行业安全监督管理科'],
      ['危险化学品安全监督管理科', '市应急管理综合行政执法支队'],
      ['救援协调和预案管理科'],
      ['市应急管理综合行政执法支队'],
      ['工贸行业安全监督管理科', '矿山安全监督管理科'],
      ['地震地灾防治科'],
    ]);
    expect(unitsOf(a, 11)).toEqual(['?减灾科']);
    const ambiguous = a.findings.find((f) => f.code === 'unit.short-name-ambiguous')!;
    expect([ambiguous.cell, ambiguous.suggestions.sort()]).toEqual(['D11', ['综合减灾科', '防汛减灾科'].sort()]);
    expect(a.findings.filter((f) => f.code === 'unit.short-name').map((f) => f.fragment)).toEqual(['工贸科', '危化科', '执法支队', '矿山科', '地灾科']);
  });

  test('overdue per unit as of a date after the 交办 date; before it, 立即整改 is only due soon; 汇总 lists only units with tasks, once', () => {
    const counts = (asOf: string) => new Map(computeSummary(a, new Map(), asOf).units.map((u) => [u.unit, [u.total, u.overdue, u.dueSoon]]));
    const july = counts('2023-07-01');
    expect(july.get('工贸行业安全监督管理科')).toEqual([2, 1, 0]);
    expect(july.get('危险化学品安全监督管理科')).toEqual([1, 1, 0]);
    expect(july.get('市应急管理综合行政执法支队')).toEqual([2, 2, 0]);
    expect(july.get('救援协调和预案管理科')).toEqual([1, 1, 0]);
    expect(july.get('矿山安全监督管理科')).toEqual([1, 0, 0]);
    // 每月5日前报送: June's report (due 6月5日) has no record in 反馈记录, so it is overdue for the unit (SPEC §9).
    expect(july.get('地震地灾防治科')).toEqual([1, 1, 0]);
    // Each unit once (a Map would hide a second row): the list as computed.
    expect(computeSummary(a, new Map(), '2023-07-01').units.map((u) => u.unit).sort()).toEqual(
      ['工贸行业安全监督管理科', '危险化学品安全监督管理科', '市应急管理综合行政执法支队', '救援协调和预案管理科', '矿山安全监督管理科', '地震地灾防治科', '减灾科'].sort(),
    );
    expect(counts('2023-05-29').get('市应急管理综合行政执法支队')).toEqual([2, 0, 2]);
  });

  test('unit sheets show 存在问题, 整改措施 and 整改责任人; 截止日期 of 立即整改 is the 交办 date', () => {
    const { plan, columns } = planEnrich(located, wb, { asOf: '2023-07-01' });
    const sheet = planSheet(plan, '市应急管理综合行政执法支队');
    expect(sheet[4]).toEqual(['序号', '存在问题', '整改措施', '角色', '完成时限', '截止日期', '完成状态', '剩余天数', '原表位置', '整改责任人']);
    const people = sheet.slice(5).map((r) => (r[9] as { formula: string }).formula);
    expect(people).toHaveLength(2);
    for (const f of people) expect(f).toMatch(/INDEX\('?整改清单'?!\$E:\$E,/);
    const main = planSheet(plan, '整改清单');
    expect(main[4][columns.col['截止日期']]).toBe(isoToExcelSerial('2023-06-01'));
    // The sheets of sections without tasks are not made, and 汇总 leaves them out.
    expect(plan.ops.some((op) => op.kind === 'addSheet' && op.sheet === '法规科')).toBe(false);
  });

  test('split lists and 催办 notices use the table’s words and carry 整改责任人; a returned list merges back', () => {
    const lists = planUnitLists(located, wb, { asOf: '2023-07-01' });
    const list = lists.find((l) => l.unit === '工贸行业安全监督管理科')!;
    const rows = planSheet(list.plan, list.plan.ops.find((op) => op.kind === 'addSheet')!.sheet as string);
    expect(rows[4].slice(0, 3)).toEqual(['序号', '存在问题', '整改措施']);
    expect(rows[4][13]).toBe('整改责任人');
    expect(rows.slice(5).map((r) => r[13])).toEqual(['张明', '张明、刘洋']);
    const notice = reminders(located, wb, '2023-07-01').find((r) => r.unit === '市应急管理综合行政执法支队')!;
    expect(notice.text).toContain('存在问题“危险化学品仓库未设置防泄漏围堰”');
    expect(notice.text).toContain('整改责任人：赵军');
    expect(notice.overdue.map((x) => [x.row, x.due, x.people])).toEqual([
      [6, '2023-06-01', '李强'],
      [8, '2023-06-01', '赵军'],
    ]);
    // The returned list, its task column headed 存在问题, matches its tasks even without the hidden key.
    const values = rows.map((r) => r.map((v) => (typeof v === 'object' && v !== null ? null : (v as CellValue))));
    values[5][6] = '已完成';
    values[5][9] = null;
    const merged = planMerge(located, wb, [{ fileName: '工贸行业安全监督管理科-回报.xlsx', input: { sheets: [{ name: 'x', values }], names: [] } }]);
    expect(merged.report.applied.map((x) => [x.row, x.field, x.to])).toEqual([[5, '完成状态', '已完成']]);
  });
});

describe('立即整改 without a 交办 date', () => {
  test('due the day the status columns were first added, kept in the workbook and read back', () => {
    const { wb, located } = workbook([['2023年安全生产大检查发现问题整改清单']]);
    const first = located.analysis.tasks[0].deadline;
    expect([first.kind, first.due]).toEqual(['immediate', undefined]);
    expect(located.analysis.findings.find((f) => f.code === 'deadline.immediate')?.message).toContain('没有写明交办日期');
    const { plan, columns } = planEnrich(located, wb, { asOf: '2023-07-01' });
    const name = plan.ops.find((op) => op.kind === 'defineName' && op.name === '_fengong_firstAdded');
    expect(name).toMatchObject({ formula: 'DATE(2023,7,1)' });
    expect(planSheet(plan, '整改清单')[2][columns.col['截止日期']]).toBe(isoToExcelSerial('2023-07-01'));
    // A later run (另一天) reads the kept date: the due date does not move.
    const again = workbook([['2023年安全生产大检查发现问题整改清单']], [{ name: '_fengong_firstAdded', formula: '=DATE(2023,7,1)' }]);
    const d = again.located.analysis.tasks[0].deadline;
    expect([d.kind, d.due, d.dueFrom]).toEqual(['immediate', '2023-07-01', 'status-columns']);
    expect(computeSummary(again.located.analysis, new Map(), '2023-08-01').units.find((u) => u.unit === '工贸行业安全监督管理科')?.overdue).toBe(1);
    const rerun = planEnrich(again.located, again.wb, { asOf: '2023-08-01' });
    expect(rerun.plan.ops.some((op) => op.kind === 'defineName' && op.name === '_fengong_firstAdded')).toBe(false);
    expect(planSheet(rerun.plan, '整改清单')[2][rerun.columns.col['截止日期']]).toBe(isoToExcelSerial('2023-07-01'));
  });
});

describe('what else people write in a unit cell (another county’s table)', () => {
  const cells = [
    '县住建局会同县财政局',
    '县城管局牵头县住建局配合',
    '县农业农村局，具体由各镇落实，此后各项不再重复',
    '县市场监管局、县商务局等相关职能部门',
    '县水利局（李四）',
    '县民政局 局长 王五',
    '县应急局，各地参照执行',
    '县城管局、县住建局',
    '按职责分工负责',
  ];
  const grid: SheetGrid = {
    name: 'Sheet1',
    values: [['2023年县城市更新重点工作责任分工表'], ['序号', '重点工作', '责任单位', '完成时限'], ...cells.map((c, i) => [i + 1, `重点工作${i + 1}`, c, '2023年12月底前'])],
  };
  const a = locateTable({ sheets: [grid], names: [] }).analysis;
  const roles = a.tasks.map((t) => [t.lead.map((u) => u.unit ?? `?${u.text}`).join('、'), t.support.map((u) => u.unit ?? `?${u.text}`).join('、')]);

  test('role words state roles, remarks and 等 tails end the list, people are stripped', () => {
    expect(roles).toEqual([
      ['县住建局', '县财政局'],
      ['县城管局', '县住建局'],
      ['县农业农村局', ''],
      ['县市场监管局、县商务局', ''],
      ['县水利局', ''],
      ['县民政局', ''],
      ['县应急局', ''],
      ['县城管局、县住建局', ''],
      ['', ''],
    ]);
  });

  test('the cell’s text is never changed; nothing of a remark or a person becomes a unit or a finding', () => {
    expect(a.tasks.map((t) => t.leadText)).toEqual(cells);
    const names = [...a.directory.units, ...a.directory.groups].map((u) => u.name);
    for (const bad of ['各地', '具体由各镇', '此后各项不再重复', '局长', '王五', '李四', '按职责分工负责']) expect(names).not.toContain(bad);
    expect(a.findings.filter((f) => f.code.startsWith('unit.') && f.code !== 'unit.directory-from-table')).toEqual([]);
    // A cell of a remark only names no unit: the task has no lead, said once.
    expect(a.findings.filter((f) => f.code === 'structure.lead-missing').map((f) => f.cell)).toEqual(['C11']);
  });
});
