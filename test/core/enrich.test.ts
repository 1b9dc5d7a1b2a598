// The enrich and summary plans: where columns go, what is never overwritten, which sheets are replaced.
import { analyzeRecognized } from '../../src/core/check/analyze';
import { planSetMapping } from '../../src/core/commands';
import { legalSheetName, planEnrich } from '../../src/core/plan/enrich';
import { CellValue, SheetGrid, WorkbookInput } from '../../src/core/read/grid';
import { PlanOp } from '../../src/core/plan/plan';
import { recognize } from '../../src/core/read/recognize';
import { Located, locateTable } from '../../src/core/workbook';

const HEADER = ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'];
const rows = (extra: CellValue[][] = []): CellValue[][] => [
  ['2023年责任分工表'],
  HEADER,
  [1, '任务一', '内容一', '法规科', '办公室', '2023年6月底前'],
  [2, '任务二', '内容二', '办公室', '法规科', '每季度末'],
  ...extra,
];

function book(sheets: SheetGrid[], names: WorkbookInput['names'] = []): WorkbookInput {
  return { sheets, names };
}
const located = (wb: WorkbookInput): Located => locateTable(wb);
const writes = (ops: PlanOp[], sheet: string) => ops.filter((o): o is Extract<PlanOp, { kind: 'write' }> => o.kind === 'write' && o.sheet === sheet);
const headerCells = (ops: PlanOp[], sheet: string, row: number) =>
  Object.fromEntries(writes(ops, sheet).filter((w) => w.top === row && w.cells.length === 1 && w.cells[0].length === 1).map((w) => [w.cells[0][0], w.left]));

test('status columns go right of the table, in the order of SPEC §4, with a marker on each header', () => {
  const wb = book([{ name: '表', values: rows() }]);
  const { plan } = planEnrich(located(wb), wb, { asOf: '2023-06-30' });
  expect(headerCells(plan.ops, '表', 1)).toEqual({ 完成状态: 6, 实际完成日期: 7, 进展情况: 8, 截止日期: 9, 剩余天数: 10 });
  const markers = plan.ops.filter((o) => o.kind === 'defineName' && o.name.startsWith('_fengong_status_'));
  expect(markers.map((m) => (m as { formula: string }).formula)).toEqual(["'表'!$G$2", "'表'!$H$2", "'表'!$I$2", "'表'!$J$2", "'表'!$K$2"]);
});

test('notes a user typed beside the table push the new columns further right; they are never overwritten', () => {
  const values = rows();
  values[2][7] = '（手写备注）';
  const wb = book([{ name: '表', values }]);
  const { plan } = planEnrich(located(wb), wb);
  const cols = Object.values(headerCells(plan.ops, '表', 1)) as number[];
  expect(Math.min(...cols)).toBe(8);
  for (const w of writes(plan.ops, '表')) expect(w.left === 7 && w.top <= 3 && w.top + w.cells.length > 2).toBe(false);
});

test("a user's own 截止日期 column is left alone; a 完成状态 column the user made is reused", () => {
  const values = rows().map((r, i) => (i === 1 ? [...r, '截止日期', '完成状态'] : i >= 2 ? [...r, '6月30日', '进行中'] : r));
  const wb = book([{ name: '表', values }]);
  const loc = located(wb);
  expect(loc.analysis.recognition.others.map((o) => o.label)).toEqual(['截止日期', '完成状态']);
  const { plan, columns } = planEnrich(loc, wb);
  expect(columns.col['完成状态']).toBe(7);
  expect(columns.col['截止日期']).not.toBe(6);
  for (const w of writes(plan.ops, '表')) expect(w.left <= 6 && w.left + w.cells[0].length > 6 && w.top >= 2).toBe(false);
});

test('recurring deadlines get a live next-due formula; dated ones a real date', () => {
  const wb = book([{ name: '表', values: rows() }]);
  const { plan, columns } = planEnrich(located(wb), wb);
  const due = writes(plan.ops, '表').find((w) => w.left === columns.col['截止日期'] && w.cells.length > 1)!;
  expect(due.cells[0][0]).toBe(45107); // 2023-06-30
  expect(due.cells[1][0]).toEqual({ formula: '=EOMONTH(基准日期,MOD(3-MONTH(基准日期),3))' });
});

test('summary replaces only its own sheets; a user sheet named 汇总 stays and ours gets another name', () => {
  const wb = book([
    { name: '表', values: rows() },
    { name: '汇总', values: [['我的汇总']] },
    { name: '旧明细', values: [['x']] },
  ], [{ name: '_fengong_detail', formula: "'旧明细'!$A$1" }]);
  const { plan } = planEnrich(located(wb), wb);
  expect(plan.ops.filter((o) => o.kind === 'deleteSheet')).toEqual([{ kind: 'deleteSheet', sheet: '旧明细' }]);
  const added = plan.ops.filter((o) => o.kind === 'addSheet').map((o) => (o as { sheet: string }).sheet);
  expect(added).toContain('汇总(2)');
  expect(added).not.toContain('汇总');
  expect(writes(plan.ops, '汇总')).toEqual([]);
});

test('sheet names are made legal and unique (≤31 characters, no : \\ / ? * [ ])', () => {
  const taken = new Set<string>(['sheet1']);
  expect(legalSheetName('a/b:c?d*e[f]g\\h', taken)).toBe('a_b_c_d_e_f_g_h');
  expect(legalSheetName("'引号'", taken)).toBe('引号');
  const long = '很长的单位名称'.repeat(6);
  const first = legalSheetName(long, taken);
  const second = legalSheetName(long + '二', taken);
  expect([...first].length).toBe(31);
  expect([...second].length).toBeLessThanOrEqual(31);
  expect(second).not.toBe(first);
  expect(legalSheetName('Sheet1', taken)).toBe('Sheet1(2)');
  expect(legalSheetName('History', taken)).toBe('History_');
});

test('a mapping the user corrected is used instead of detection', () => {
  const grid: SheetGrid = { name: '表', values: [['编码', '甲', '乙', '丙', '丁', '戊'], [1, '任务', '内容', '法规科', '办公室', '2023年6月底前']] };
  expect(recognize(grid)).toBeNull();
  const wb = book([grid], [{ name: '_fengong_mapping', formula: '"表|1|seq=A;task=B;content=C;lead=D;support=E;deadline=F"' }]);
  const loc = located(wb);
  expect(loc.analysis.tasks).toHaveLength(1);
  expect(loc.analysis.tasks[0].lead[0].unit).toBe('法规科');
  expect(analyzeRecognized(grid, loc.analysis.recognition).tasks[0].deadline.due).toBe('2023-06-30');
});

test('a mapping that puts two roles on one column is refused with a reason, not "no table"', () => {
  const wb = book([{ name: '表', values: rows() }]);
  expect(() => planSetMapping(wb, '表', { headerRow: 1, columns: { task: 1, lead: 3, support: 3, deadline: 5 } })).toThrow(/同一列不能同时对应两项/);
  const ok = planSetMapping(wb, '表', { headerRow: 1, columns: { seq: 0, task: 1, content: 2, lead: 3, support: 4, deadline: 5 } });
  expect(ok.located.analysis.tasks).toHaveLength(2);
  expect(ok.plan.ops).toEqual([{ kind: 'defineName', name: '_fengong_mapping', formula: '"表|2|seq=A;task=B;content=C;lead=D;support=E;deadline=F"' }]);
});
