// What the CLI prints without --json, checked against facts read off the sample (not against the engine's own
// functions): as of 2023-06-30, 序号1–4 (2023年3月底前) and 序号5 (每月, last due 2023-05-31, no reply) are overdue.
import { run } from '../../src/cli/main';
import { SAMPLE } from '../helpers/sample';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

const COUNTY = '各县（市、区）应急管理局';
// Overdue tasks per unit as of 2023-06-30, counted by hand from the sample (各安全生产监管业务科室 = 矿山、危化、工贸、
// 救援协调和预案管理科、办公室; 序号2 also names the 防汛/火灾/综合减灾/地震地灾 sections and the 中心's 应急科).
const OVERDUE: Record<string, number> = {
  法规科: 5,
  [COUNTY]: 5,
  市应急管理综合行政执法支队: 4,
  办公室: 3,
  矿山安全监督管理科: 3,
  危险化学品安全监督管理科: 3,
  工贸行业安全监督管理科: 3,
  救援协调和预案管理科: 3,
  防汛减灾科: 1,
  火灾防治科: 1,
  综合减灾科: 1,
  地震地灾防治科: 1,
  市防灾减灾中心地震地灾应急科: 1,
};

test('summary prints one tab-separated row per unit, the overdue column as counted by hand, most overdue first', async () => {
  const r = await cli('summary', SAMPLE, '--as-of', '2023-06-30');
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n');
  const header = lines.findIndex((l) => l.startsWith('单位\t'));
  const cols = lines[header].split('\t');
  const rows = lines.slice(header + 1).map((l) => l.split('\t'));
  const overdue = Object.fromEntries(rows.map((c) => [c[0], Number(c[cols.indexOf('逾期')])]).filter(([, n]) => (n as number) > 0));
  expect(overdue).toEqual(OVERDUE);
  const order = rows.map((c) => Number(c[cols.indexOf('逾期')]));
  expect(order).toEqual([...order].sort((a, b) => b - a));
});

test('remind --unit 法规科 --reply-by --return-to prints the notice: its five overdue tasks, the reply-by date and to whom', async () => {
  const r = await cli('remind', SAMPLE, '--as-of', '2023-06-30', '--unit', '法规科', '--reply-by', '2023-07-05', '--return-to', '局办公室');
  expect(r.code).toBe(0);
  const text = r.stdout;
  expect(text).toContain('法规科：');
  expect(text).toContain('截至 2023年6月30日');
  const late = text.slice(text.indexOf('已逾期（'), text.indexOf('7日内到期（'));
  expect(late).toContain('已逾期（5 项）');
  for (const seq of ['1', '2', '3', '4', '5']) expect(late).toContain(`序号 ${seq}，`);
  expect(late).toContain('截止 2023年3月31日');
  expect(text).toContain('于 2023年7月5日 前将进展情况和预计完成时间反馈局办公室');
  // One date style: no ISO date in the notice.
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  // Only the one unit's notice.
  expect(text).not.toContain(`${COUNTY}：`);
});
