/**
 * End to end, the task pane's promises not walked by taskpane.e2e.test.ts: the findings filters, 编辑单位名录 (seen in
 * 单位名录 and by the next 校验), 更正列对应 (saved in the workbook and used by the next 校验), 基准日期 back to today,
 * and one unit's 打开. Same set-up: the PRODUCTION task pane in Chromium, harness.js answering for office.js (the
 * fake Excel behind the Office globals, the real officeHost), the sample with D5 牵头单位 法规科 → 法规课.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { run } from '../../src/cli/main';
import { DIRECTORY_HEADERS, MAPPING_NAME } from '../../src/core/workbook';
import { FakeWorkbook } from '../fake-excel';
import { SAMPLE } from '../helpers/sample';
import type { E2EWindow } from './api';
import { OFFICE_JS, openPane, type PaneSession } from './session';

/** Files the test writes; the builds live in the shared build folder. */
let work: string;
let session: PaneSession | undefined;
let page: Page;
let problems: string[] = [];

const notice = (text: string | RegExp): Locator => page.getByTestId('notice').filter({ hasText: text });
const finding = (cell: string): Locator => page.locator(`[data-testid="finding"][data-cell="${cell}"]`);
/** The findings listed now, as "cell code", in page order. */
const listed = (): Promise<string[]> => page.getByTestId('finding').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-cell')} ${e.getAttribute('data-code')}`));
const fake = async (): Promise<FakeWorkbook> => FakeWorkbook.fromJSON(await page.evaluate(() => (globalThis as E2EWindow).__e2e.state()));
async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}
const tab = (name: string | RegExp) => page.getByRole('tab', { name }).click();

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'fengong-e2e-promises-'));
  const json = (await FakeWorkbook.fromXlsx(readFileSync(SAMPLE))).toJSON();
  json.sheets.find((s) => s.name === 'Sheet1')!.cells.D5.value = '法规课';
  session = await openPane(JSON.stringify(json));
  ({ page, problems } = session);
  await notice(/校验完成/).waitFor();
}, 1_000_000);

afterEach(() => {
  expect(problems.splice(0)).toEqual([]);
});

afterAll(async () => {
  await session?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the production bundle carries no test hook, and outside Excel the page says so', async () => {
  const dist = session!.taskpaneDir;
  const scripts = readdirSync(dist).filter((f) => f.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(0);
  for (const f of scripts) expect(readFileSync(path.join(dist, f), 'utf8')).not.toMatch(/__fengong|__e2e/);
  // Office.js that never reports Excel (an empty script): the pane is not mounted, the hint is shown.
  const plain = await page.context().newPage();
  await plain.route(OFFICE_JS, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
  await plain.goto(`${session!.server.origin}/taskpane.html`, { waitUntil: 'load' });
  await plain.getByText('请在 Excel 中通过“分工表”选项卡的“打开面板”使用分工表助手。').waitFor();
  await plain.close();
});

test('the findings filters: 级别, 类型 and search each narrow the list', async () => {
  await tab(/问题/);
  await finding('B25').waitFor();
  const all = ['B25 structure.task-title-repeated', 'D5 unit.unknown', 'D24 unit.alias', 'E32 unit.alias'];
  expect((await listed()).sort()).toEqual([...all].sort());
  const region = page.getByRole('region', { name: '问题' });

  await region.getByLabel('级别').selectOption('warning');
  expect((await listed()).sort()).toEqual(['B25 structure.task-title-repeated', 'D5 unit.unknown']);
  await region.getByLabel('类型').selectOption('unit.unknown');
  expect(await listed()).toEqual(['D5 unit.unknown']);
  await region.getByLabel('级别').selectOption('info'); // no info finding is unit.unknown
  expect(await listed()).toEqual([]);
  await page.getByText('没有符合筛选条件的问题。').waitFor();
  await region.getByLabel('级别').selectOption('all');
  await region.getByLabel('类型').selectOption('all');
  expect((await listed()).sort()).toEqual([...all].sort());

  const search = page.getByRole('searchbox', { name: '搜索问题' });
  await search.fill('科普');
  expect(await listed()).toEqual(['E32 unit.alias']);
  await search.fill('b25');
  expect(await listed()).toEqual(['B25 structure.task-title-repeated']);
  await search.fill('');
  expect((await listed()).sort()).toEqual([...all].sort());
});

test('编辑单位名录: an alias added in the pane is written to 单位名录 and the next 校验 reads D5 with it', async () => {
  await tab('单位名录');
  const region = page.getByRole('region', { name: '单位名录' });
  await region.getByRole('combobox', { name: '单位' }).click();
  await page.getByRole('option', { name: '法规科', exact: true }).click();
  await region.getByRole('textbox', { name: '别名' }).last().fill('法规课');
  await region.getByRole('button', { name: '添加别名' }).click();
  await notice('已为“法规科”添加别名“法规课”。').waitFor();

  // In the workbook: 单位名录, the row of 法规科 with the new alias among its aliases.
  const wb = await fake();
  const rows = wb.values('单位名录', 'A1:D60');
  expect(rows[0]).toEqual([...DIRECTORY_HEADERS]);
  const row = rows.find((r) => r[0] === '法规科')!;
  expect(String(row[2]).split('、')).toContain('法规课');
  // In the pane's list, and in the next 校验 (from the 表格 page): D5 is a known alias now, no longer unknown.
  await region.getByText(/别名：.*法规课/).waitFor();
  await tab('表格');
  await page.getByRole('button', { name: '重新校验' }).click();
  await notice(/校验完成/).waitFor();
  await tab(/问题/);
  await finding('B25').waitFor();
  expect((await listed()).filter((f) => f.startsWith('D5 '))).toEqual(['D5 unit.alias']);
});

test('更正列对应: the mapping is saved in the workbook and the next 校验 (and the CLI) use it; 恢复自动识别 removes it', async () => {
  await tab('表格');
  const region = page.getByRole('region', { name: '表格' });
  // Swap the unit columns: 牵头单位 read from E, 配合单位 from D.
  await region.getByLabel('牵头单位').selectOption('4');
  await region.getByLabel('配合单位').selectOption('3');
  await region.getByRole('button', { name: '应用更正' }).click();
  await notice(/^已按指定的列重新识别：33 项任务/).waitFor();
  const saved = (await fake()).names().find((n) => n.name === MAPPING_NAME);
  expect(saved?.formula).toMatch(/"Sheet1\|3\|seq=A;task=B;content=C;lead=E;support=D;deadline=F"$/);

  // The next 校验 reads the table with it: the form shows the saved columns, not what detection would find.
  await region.getByRole('button', { name: '重新校验' }).click();
  await notice(/校验完成/).waitFor();
  expect(await region.getByLabel('牵头单位').inputValue()).toBe('4');
  expect(await region.getByLabel('配合单位').inputValue()).toBe('3');
  // So does the CLI on the same workbook: task 1's lead is what column E says.
  const file = path.join(work, 'mapped.xlsx');
  writeFileSync(file, await (await fake()).toXlsx());
  const inspected = await cli('inspect', file, '--json');
  expect(inspected.code).toBe(0);
  expect(JSON.parse(inspected.stdout).columns).toMatchObject({ lead: 'E', support: 'D' });

  await region.getByRole('button', { name: '恢复自动识别' }).click();
  await notice(/^已恢复自动识别：33 项任务/).waitFor();
  expect((await fake()).names().some((n) => n.name === MAPPING_NAME)).toBe(false);
  expect(await region.getByLabel('牵头单位').inputValue()).toBe('3');
});

test('基准日期: a fixed date, then back to today (=TODAY())', async () => {
  await tab('状态与汇总');
  await page.getByRole('radio', { name: '固定日期' }).check();
  await page.getByLabel('日期', { exact: true }).fill('2023-06-30');
  await page.getByRole('button', { name: '应用基准日期' }).click();
  await notice('基准日期已设为 2023-06-30。').waitFor();
  expect((await fake()).names().find((n) => n.name === '基准日期')?.formula).toBe('=DATE(2023,6,30)');

  await page.getByRole('radio', { name: '今天' }).check();
  await page.getByRole('button', { name: '应用基准日期' }).click();
  await notice('基准日期已设为“今天”（=TODAY()）。').waitFor();
  await page.getByText('当前：今天（随打开日期变化）', { exact: true }).waitFor();
  expect((await fake()).names().find((n) => n.name === '基准日期')?.formula).toBe('=TODAY()');
});

test('督办: one unit’s 打开 opens that unit’s list only, the open workbook untouched', async () => {
  const before = (await fake()).toJSON();
  await tab('督办');
  await page.getByRole('button', { name: '打开“法规科”的清单' }).click();
  await notice(/^已在新窗口中打开“法规科”的任务清单（\d+ 项任务）。/).waitFor();
  const created = await page.evaluate(() => (globalThis as E2EWindow).__e2e.created());
  expect(created).toHaveLength(1);
  const list = await FakeWorkbook.fromXlsx(Buffer.from(created[0], 'base64'));
  expect(list.sheetNames()).toEqual(['法规科']);
  expect((await fake()).toJSON()).toEqual(before);
});
