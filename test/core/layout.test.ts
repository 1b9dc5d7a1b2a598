// How a unit's task list is laid out for reading and printing (SPEC §5): the width 目标任务 and 主要内容 share goes
// where the texts need it, and every row is tall enough for its wrapped texts.
import { taskListLayout } from '../../src/core/plan/enrich';
import { DEFAULT_ROW_HEIGHT, LINE_HEIGHT, wrappedLines } from '../../src/core/plan/layout';
import { locateTable } from '../../src/core/workbook';

const BUDGET = 102;
const table = (rows: [string, string][]) =>
  locateTable({
    sheets: [{ name: '表', values: [['序号', '目标任务', '主要内容', '牵头单位', '完成时限'], ...rows.map(([task, content], i) => [i + 1, task, content, '法规科', '2023年6月底前'])] }],
    names: [],
  }).analysis.tasks;

const longTitle = '健全完善安全生产责任体系，压紧压实党政领导责任、部门监管责任和企业主体责任，推动责任落实落地';
const longContent = '按照统筹兼顾、属地为主、分级分类的原则，合理划分市县两级应急管理部门执法事权，确保各级安全生产年度监督检查计划相互衔接，实现重点生产经营单位年度监督检查全覆盖，一般生产经营单位开展双随机一公开监督检查。';

test('long titles over short contents get the wider column; short titles leave 主要内容 the width', () => {
  const byTitles = taskListLayout(table(Array.from({ length: 6 }, () => [longTitle, '按季度调度。'])), BUDGET);
  const titles = byTitles.widths;
  // A 45-character title reads in two lines, not five in a fixed narrow column.
  expect(Math.max(...byTitles.heights)).toBeLessThanOrEqual(2 * LINE_HEIGHT + 4);
  const contents = taskListLayout(table(Array.from({ length: 6 }, () => ['强化跟踪调度', longContent])), BUDGET).widths;
  expect(titles[1]).toBeGreaterThan(contents[1]);
  expect(contents[2]).toBeGreaterThan(titles[2]);
  for (const w of [titles, contents]) expect(w[1] + w[2]).toBeLessThanOrEqual(BUDGET);
});

test('each row is as tall as its longest wrapped text needs, and a one-line row keeps the default height', () => {
  const tasks = table([[longTitle, longContent], ['短标题', '短内容。'], ['强化跟踪调度', `${longContent}\n${longContent}`]]);
  const { widths, heights } = taskListLayout(tasks, BUDGET);
  tasks.forEach((t, i) => {
    const lines = Math.max(wrappedLines(t.task, widths[1]), wrappedLines(t.content, widths[2]));
    expect(heights[i]).toBeGreaterThanOrEqual(lines * LINE_HEIGHT);
  });
  expect(heights[1]).toBe(DEFAULT_ROW_HEIGHT);
  expect(heights[2]).toBeGreaterThan(heights[0]);
});

test('texts that fit side by side are not wrapped at all', () => {
  const { widths, heights } = taskListLayout(table([['短标题', '短内容。'], ['强化跟踪调度', '按季度调度。']]), BUDGET);
  expect(widths[1] + widths[2]).toBeLessThan(BUDGET);
  expect(heights).toEqual([DEFAULT_ROW_HEIGHT, DEFAULT_ROW_HEIGHT]);
});
