// The reference table as the user has it: 33 tasks, merged titles, a footnote defining a group.
import { computeSummary, memberships } from '../../src/core/plan/summary';
import { locateTable } from '../../src/core/workbook';
import { loadSample } from '../helpers/sample';

const GROUP = '各安全生产监管业务科室';
const COUNTY = '各县（市、区）应急管理局';
const CORPS = '市应急管理综合行政执法支队';

async function sample() {
  const loaded = await loadSample();
  return locateTable(loaded.input).analysis;
}

test('finds the header on row 3 and maps the six columns', async () => {
  const a = await sample();
  expect(a.recognition.sheet).toBe('Sheet1');
  expect(a.recognition.headerRow + 1).toBe(3);
  expect(a.recognition.columns).toEqual({ seq: 0, task: 1, content: 2, lead: 3, support: 4, deadline: 5 });
  expect(a.recognition.footnotes.map((f) => f.row + 1)).toEqual([37]);
});

test('reads 33 tasks, numbered 1–33 (the "\\n31" cell included), on rows 4–36', async () => {
  const a = await sample();
  expect(a.tasks).toHaveLength(33);
  expect(a.tasks.map((t) => t.seq)).toEqual(Array.from({ length: 33 }, (_, i) => String(i + 1)));
  expect(a.tasks.map((t) => t.row + 1)).toEqual(Array.from({ length: 33 }, (_, i) => i + 4));
});

test('merged task titles apply to every row they span', async () => {
  const a = await sample();
  const title = '抓好年度计划，强化跟踪调度--抓好年度计划';
  expect(a.tasks.slice(0, 5).map((t) => t.task)).toEqual(Array(5).fill(title));
  expect(a.tasks[5].task).toBe('落实两员规定，规范自由裁量--落实《江西省应急管理综合行政执法技术检查员和社会监督员工作实施细则（试行）》');
  expect(a.tasks.every((t) => t.task.length > 0)).toBe(true);
});

test('every deadline parses: 3月底, 6月底, 10月底, 12月底 and the monthly one', async () => {
  const a = await sample();
  const byKind = (seq: string) => a.tasks.find((t) => t.seq === seq)!.deadline;
  expect(byKind('1')).toMatchObject({ kind: 'date', due: '2023-03-31' });
  expect(byKind('5')).toMatchObject({ kind: 'recurring', every: 'month', start: '2023-03-01' });
  expect(byKind('7')).toMatchObject({ kind: 'date', due: '2023-06-30' });
  expect(byKind('11')).toMatchObject({ kind: 'date', due: '2023-10-31' });
  expect(byKind('33')).toMatchObject({ kind: 'date', due: '2023-12-31' });
  const dues = a.tasks.filter((t) => t.deadline.kind === 'date').map((t) => t.deadline.due);
  expect(dues).toHaveLength(32);
  expect(new Set(dues)).toEqual(new Set(['2023-03-31', '2023-06-30', '2023-10-31', '2023-12-31']));
  expect(a.year).toBe(2023);
});

test('every unit name resolves, aliases and the 市局 prefix included; groups keep their name', async () => {
  const a = await sample();
  const unresolved = a.tasks.flatMap((t) => [...t.lead, ...t.support]).filter((u) => u.unit === null);
  expect(unresolved).toEqual([]);
  const t21 = a.tasks.find((t) => t.seq === '21')!;
  expect(t21.lead).toEqual([{ text: '预案科', unit: '救援协调和预案管理科', isGroup: false }]);
  const t1 = a.tasks[0];
  expect(t1.support.map((u) => u.unit)).toEqual([GROUP, CORPS, COUNTY]);
  expect(t1.support[0]).toMatchObject({ text: '市局各安全生产监管业务科室', isGroup: true });
  const t29 = a.tasks.find((t) => t.seq === '29')!;
  expect(t29.support.map((u) => u.unit)).toEqual(['办公室', '市防灾减灾中心科普科', COUNTY]);
  const t2 = a.tasks[1];
  expect(t2.support.map((u) => u.unit)).toEqual(['防汛减灾科', '火灾防治科', '综合减灾科', '地震地灾防治科', CORPS, '市防灾减灾中心地震地灾应急科', COUNTY]);
});

test('the footnote defines the group: its five members with their aliases', async () => {
  const a = await sample();
  const g = a.directory.groups.find((x) => x.name === GROUP)!;
  expect(g.members).toEqual(['矿山安全监督管理科', '危险化学品安全监督管理科', '工贸行业安全监督管理科', '救援协调和预案管理科', '办公室']);
  expect(a.directory.units.find((u) => u.name === '救援协调和预案管理科')!.aliases).toContain('科信科');
});

test('findings: the repeated 突出执法信息化 title and the two aliases, nothing else', async () => {
  const a = await sample();
  expect(a.findings.map((f) => [f.cell, f.severity, f.code])).toEqual([
    ['D24', 'info', 'unit.alias'],
    ['B25', 'warning', 'structure.task-title-repeated'],
    ['E32', 'info', 'unit.alias'],
  ]);
});

test('a unit that leads through its group and supports by name counts once, as lead', async () => {
  const a = await sample();
  const t12 = memberships(a).filter((m) => m.task.seq === '12' && m.unit === '办公室');
  expect(t12.map((m) => m.role)).toEqual(['牵头']);
});

test('per-unit counts as of 2023-06-30 with no status entered', async () => {
  const a = await sample();
  const s = computeSummary(a, new Map(), '2023-06-30');
  const table = Object.fromEntries(s.units.map((u) => [u.unit, [u.lead, u.support, u.total, u.done, u.inProgress, u.overdue, u.dueSoon]]));
  // 序号5 (2023年3月起每月) last fell due 2023-05-31 and no unit has replied (no 反馈记录): overdue for each of its eight
  // units (法规科, the 执法支队, 办公室, four 监管 科室, the counties), not due soon on 2023-06-30 as its next date is.
  expect(table).toEqual({
    办公室: [17, 10, 27, 0, 0, 3, 1],
    法规科: [13, 2, 15, 0, 0, 5, 3],
    规财科: [1, 0, 1, 0, 0, 0, 1],
    调统科: [0, 2, 2, 0, 0, 0, 0],
    防汛减灾科: [0, 1, 1, 0, 0, 1, 0],
    火灾防治科: [0, 1, 1, 0, 0, 1, 0],
    综合减灾科: [0, 1, 1, 0, 0, 1, 0],
    地震地灾防治科: [0, 1, 1, 0, 0, 1, 0],
    矿山安全监督管理科: [15, 7, 22, 0, 0, 3, 0],
    危险化学品安全监督管理科: [15, 7, 22, 0, 0, 3, 0],
    工贸行业安全监督管理科: [15, 7, 22, 0, 0, 3, 0],
    救援协调和预案管理科: [16, 6, 22, 0, 0, 3, 0],
    [CORPS]: [14, 12, 26, 0, 0, 4, 2],
    市防灾减灾中心地震地灾应急科: [0, 1, 1, 0, 0, 1, 0],
    市防灾减灾中心科普科: [1, 1, 2, 0, 0, 0, 0],
    [COUNTY]: [0, 33, 33, 0, 0, 5, 3],
  });
  // The group itself is not a row: it is counted through its members.
  expect(s.units.some((u) => u.unit === GROUP)).toBe(false);
});

test('statuses change the counts: 已完成 is neither overdue nor due soon', async () => {
  const a = await sample();
  const rowOf = (seq: string) => a.tasks.find((t) => t.seq === seq)!.row;
  const statuses = new Map([
    [rowOf('1'), '已完成'],
    [rowOf('2'), '进行中'],
    [rowOf('7'), '已完成'],
  ]);
  const fagui = computeSummary(a, statuses, '2023-06-30').units.find((u) => u.unit === '法规科')!;
  expect(fagui).toMatchObject({ done: 2, inProgress: 1, overdue: 4, dueSoon: 2 });
});
