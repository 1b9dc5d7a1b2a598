/**
 * End to end: the PRODUCTION task pane bundle in Chromium, on the strict fake Excel, driven the way a user does it.
 *
 * State moves like this: Node loads the sample with FakeWorkbook.fromXlsx and serves its toJSON() as /state.json;
 * the page (the built taskpane.html, with harness.js served as the CDN's office.js, see harness/entry.ts) does
 * FakeWorkbook.fromJSON + createExcelHost behind the Office and Excel globals, and the pane mounts itself through the
 * real officeHost. Each step checks the DOM, then pulls the fake's state back with
 * `__e2e.state()` → FakeWorkbook.fromJSON in Node. The last step exports that state to .xlsx and lets LibreOffice
 * recalculate 汇总, which must equal the engine's `summary --json` for the same file.
 *
 * Screenshots: test-output/e2e-screenshots/NN-step.png. Any console error, page error or request that is neither
 * to the local server nor to the Office.js CDN (answered with the harness) fails the test.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { run } from '../../src/cli/main';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import type { MergeReport } from '../../src/core/cycle/cycle';
import { isoToExcelSerial } from '../../src/core/read/deadline';
import { locateTable, notAWorkbook } from '../../src/core/workbook';
import { FakeWorkbook } from '../fake-excel';
import { recalculate } from '../helpers/libreoffice';
import { SAMPLE } from '../helpers/sample';
import { type SummaryRow, summarySheet } from '../helpers/summary-sheet';
import { ZHIDUI, expectUnitList, playReturns, writeFiles } from '../helpers/unit-lists';
import type { E2EWindow } from './api';
import { validateManifest } from '../manifest/xsd';
import { BUILD_PROD_URL } from './build';
import { OFFICE_JS, openPane, type PaneSession } from './session';

const ROOT = path.resolve(__dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-output', 'e2e-screenshots');

/** Files the test writes (exports, lists, replies); the builds live in the shared build folder. */
let work: string;
let session: PaneSession | undefined;
let page: Page;
/** Console errors, page errors and blocked requests; must stay empty. */
let problems: string[] = [];
/** Requests to the Office.js CDN, answered with the harness. */
let stubbed: string[] = [];
/** The add-in's scripts the page requested, in order (file names under dist-web/). */
let scripts: string[] = [];
let shots = 0;
let initialSheets: string[];

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

async function screenshot(step: string): Promise<void> {
  const file = path.join(SHOTS, `${String(++shots).padStart(2, '0')}-${step}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

/** The fake's state as it is in the page now. */
async function fake(): Promise<FakeWorkbook> {
  return FakeWorkbook.fromJSON(await page.evaluate(() => (globalThis as E2EWindow).__e2e.state()));
}

const notice = (text: string | RegExp): Locator => page.getByTestId('notice').filter({ hasText: text });
const progress = (): Locator => page.getByTestId('progress');
const finding = (cell: string): Locator => page.locator(`[data-testid="finding"][data-cell="${cell}"]`);
const text = async (l: Locator): Promise<string> => (await l.innerText()).replace(/\s+/g, ' ').trim();

/** The pane fits its 360 px width: nothing makes the page scroll sideways. */
async function fitsWidth(): Promise<void> {
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
}

/** The severity badges' text on 问题, e.g. ["错误 0", "警告 1", "提示 2"]. */
async function severityCounts(): Promise<string[]> {
  const section = page.getByRole('region', { name: '问题' });
  return (await section.locator('.fui-Badge').allInnerTexts()).slice(0, 3).map((t) => t.trim());
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const f of readdirSync(SHOTS)) if (f.endsWith('.png') && !f.startsWith('word-')) unlinkSync(path.join(SHOTS, f));
  work = mkdtempSync(path.join(tmpdir(), 'fengong-e2e-'));
  // The sample, with one typo the pane can fix: D5 牵头单位 法规科 → 法规课 (unit.unknown, suggestion 法规科).
  const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  const json = wb.toJSON();
  const d5 = json.sheets.find((s) => s.name === 'Sheet1')!.cells.D5;
  expect(d5.value).toBe('法规科');
  d5.value = '法规课';
  expect(FakeWorkbook.fromJSON(json).cell('Sheet1', 'D5').value).toBe('法规课');
  initialSheets = wb.sheetNames();
  // Clipboard permissions: 催办's 复制 uses navigator.clipboard, and the test reads back what it copied.
  session = await openPane(JSON.stringify(json), ['clipboard-read', 'clipboard-write']);
  ({ page, problems, stubbed, scripts } = session);
  // The production page loads Office.js from the CDN (the harness answers for it), and nothing else from outside.
  expect(readFileSync(path.join(session.taskpaneDir, 'taskpane.html'), 'utf8')).toContain(OFFICE_JS);
}, 1_000_000); // two webpack builds (shared with the other e2e files): minutes on a busy shared machine

// Reported with the step in which they happened (and once only), the rest in afterAll.
afterEach(() => {
  expect(problems.splice(0)).toEqual([]);
});

afterAll(async () => {
  await session?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  expect(problems).toEqual([]);
});

// The manifest.xml the production build writes (URLs rewritten to FENGONG_PROD_URL), checked here because this
// file builds it anyway; the source manifest.xml: test/manifest/manifest.test.ts.
test('the built manifest.xml validates against Microsoft’s XSDs, every dev URL rewritten', () => {
  const built = path.join(session!.taskpaneDir, 'manifest.xml');
  expect(validateManifest(built)).toEqual({ valid: true, output: `${built} validates` });
  const count = (xml: string, s: string) => xml.split(s).length - 1;
  const source = readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
  const xml = readFileSync(built, 'utf8');
  expect(count(xml, 'localhost')).toBe(0);
  expect(count(xml, new URL(BUILD_PROD_URL).origin)).toBe(count(source, 'https://localhost:3000'));
  expect(count(source, 'https://localhost:3000')).toBeGreaterThan(20);
});

describe('task pane end to end (production build, Chromium, fake Excel)', () => {
  test('1. the sample table is detected: Sheet1, header row 3, 33 tasks', async () => {
    await notice(/校验完成/).waitFor();
    expect(await text(notice(/校验完成/))).toContain('校验完成：33 项任务，0 个错误，2 个警告，2 个提示。');
    expect(await text(page.getByTestId('table-summary'))).toBe('工作表“Sheet1” · 33 项任务');
    const facts = page.getByRole('region', { name: '表格' }).locator('dl');
    const fact = async (term: string) => text(facts.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]'));
    expect(await fact('工作表')).toBe('Sheet1');
    expect(await fact('表头')).toBe('第 3 行');
    expect(await fact('任务数')).toBe('33 项');
    expect(stubbed).toEqual([OFFICE_JS]);
    await screenshot('table-detected');

    // Validating reads only: the workbook is as it was loaded.
    const wb = await fake();
    expect(wb.sheetNames()).toEqual(initialSheets);
    expect(wb.cell('Sheet1', 'D5').value).toBe('法规课');
    expect(wb.activeSheet).toBe('Sheet1');
  });

  test('2. the findings are listed: the sample’s warning B25 and infos D24, E32, plus the typo in D5', async () => {
    await page.getByRole('tab', { name: /问题/ }).click();
    await finding('B25').waitFor();
    expect(await severityCounts()).toEqual(['错误 0', '警告 2', '提示 2']);
    const listed = await page.getByTestId('finding').evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-severity')} ${e.getAttribute('data-cell')} ${e.getAttribute('data-code')}`),
    );
    expect(listed.sort()).toEqual(
      ['warning B25 structure.task-title-repeated', 'warning D5 unit.unknown', 'info D24 unit.alias', 'info E32 unit.alias'].sort(),
    );
    expect(await text(finding('D24'))).toContain('预案科');
    expect(await text(finding('E32'))).toContain('科普科');
    expect(await text(finding('D5'))).toContain('法规课');
    await screenshot('findings');

    const wb = await fake();
    expect(wb.sheetNames()).toEqual(initialSheets);
    expect(wb.selection).toBeNull();
  });

  test('3. clicking a finding selects its cell in the workbook', async () => {
    await finding('B25').getByRole('button', { name: /^B25/ }).click();
    await page.waitForFunction(() => (globalThis as E2EWindow).__e2e.state().selection !== null);
    const wb = await fake();
    expect(wb.selection).toBe('Sheet1!B25');
    expect(wb.activeSheet).toBe('Sheet1');
    await screenshot('finding-selected');

    await finding('E32').getByRole('button', { name: /^E32/ }).click();
    await page.waitForFunction(() => {
      const sel = (globalThis as E2EWindow).__e2e.state().selection;
      return sel !== null && sel.area.top === 31 && sel.area.left === 4;
    });
    expect((await fake()).selection).toBe('Sheet1!E32');
  });

  test('4. applying a suggestion changes the cell and the finding disappears', async () => {
    const before = (await fake()).toJSON();
    const button = finding('D5').getByRole('button', { name: '改为“法规科”' });
    await button.click();
    await notice('已将 D5 中的“法规课”改为“法规科”。').waitFor();
    await finding('D5').waitFor({ state: 'detached' });
    expect(await severityCounts()).toEqual(['错误 0', '警告 1', '提示 2']);
    expect(await page.getByTestId('finding').count()).toBe(3);
    await screenshot('suggestion-applied');

    const wb = await fake();
    expect(wb.cell('Sheet1', 'D5').value).toBe('法规科');
    // Nothing else in the workbook changed.
    const expected = structuredClone(before);
    expected.sheets.find((s) => s.name === 'Sheet1')!.cells.D5.value = '法规科';
    expect(wb.toJSON()).toEqual(expected);
  });

  test('5. 基准日期 set to 2023-06-30 in the pane', async () => {
    await page.getByRole('tab', { name: '状态与汇总' }).click();
    await page.getByRole('radio', { name: '固定日期' }).check();
    await page.getByLabel('日期', { exact: true }).fill('2023-06-30');
    await page.getByRole('button', { name: '应用基准日期' }).click();
    await notice('基准日期已设为 2023-06-30。').waitFor();
    await page.getByText('当前：2023-06-30', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: '应用基准日期' }).isDisabled()).toBe(true);
    await screenshot('as-of-date');

    const asOf = (await fake()).names().find((n) => n.name === '基准日期');
    expect(asOf?.formula).toBe('=DATE(2023,6,30)');
  });

  test('6. 添加状态列 shows progress and finishes with a success message', async () => {
    await page.evaluate(() => (globalThis as E2EWindow).__e2e.progress());
    await page.evaluate(() => (globalThis as E2EWindow).__e2e.hold());
    await page.getByRole('button', { name: '添加状态列' }).click();
    await progress().filter({ hasText: '添加状态列' }).waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(1);
    expect(await page.getByRole('button', { name: '生成汇总' }).isDisabled()).toBe(true); // busy: no second action
    await screenshot('status-columns-progress');
    await page.evaluate(() => (globalThis as E2EWindow).__e2e.release());

    const done = notice('已为 33 项任务添加状态列（完成状态、实际完成日期、进展情况、截止日期、剩余天数）。');
    await done.waitFor();
    expect(await done.getAttribute('data-intent')).toBe('success');
    await progress().waitFor({ state: 'detached' });
    // What the progress line showed, in order: the action, then the engine's steps (one per Excel round trip).
    const shown = await page.evaluate(() => (globalThis as E2EWindow).__e2e.progress());
    expect(shown[0]).toBe('添加状态列…');
    expect(shown).toContain('添加状态列：正在写入…');
    expect(shown.every((t) => t.startsWith('添加状态列'))).toBe(true);
    await screenshot('status-columns-added');

    const wb = await fake();
    expect(wb.values('Sheet1', 'G3:K3')).toEqual([['完成状态', '实际完成日期', '进展情况', '截止日期', '剩余天数']]);
    expect(wb.cell('Sheet1', 'J4').value).toBe(45016); // task 1's 截止日期: 2023-03-31, a real date
    expect(wb.cell('Sheet1', 'K4').formula).toMatch(/^=.*基准日期/); // 剩余天数: a live formula on 基准日期
    expect(wb.dataValidations('Sheet1').some((d) => d.range.startsWith('G4'))).toBe(true); // 完成状态 drop-down
    expect(wb.conditionalFormats('Sheet1').length).toBeGreaterThan(0); // overdue / due-soon highlighting
  });

  test('7. 生成汇总 shows progress and creates 汇总 and 任务明细', async () => {
    await page.evaluate(() => (globalThis as E2EWindow).__e2e.progress());
    await page.evaluate(() => (globalThis as E2EWindow).__e2e.hold());
    await page.getByRole('button', { name: '生成汇总' }).click();
    await progress().filter({ hasText: '生成汇总' }).waitFor();
    await screenshot('summary-progress');
    await page.evaluate(() => (globalThis as E2EWindow).__e2e.release());

    const done = notice('已生成“汇总”“任务明细”和各单位工作表（33 项任务）。');
    await done.waitFor();
    expect(await done.getAttribute('data-intent')).toBe('success');
    await progress().waitFor({ state: 'detached' });
    const shown = await page.evaluate(() => (globalThis as E2EWindow).__e2e.progress());
    expect(shown[0]).toBe('生成汇总…');
    expect(shown).toContain('生成汇总：正在写入…');
    expect(shown.every((t) => t.startsWith('生成汇总'))).toBe(true);
    await screenshot('summary-generated');

    const wb = await fake();
    expect(wb.sheetNames()).toEqual(expect.arrayContaining(['Sheet1', '汇总', '任务明细', '法规科']));
    expect(wb.values('汇总', 'A4:I4')).toEqual([['单位', '牵头', '配合', '合计', '已完成', '进行中', '逾期', '7天内到期', '完成率']]);
  });

  test('8. the exported workbook, recalculated by LibreOffice, has the engine’s counts on 汇总', async () => {
    // Everything the pane wrote, out of the browser: state JSON → FakeWorkbook → .xlsx.
    const wb = await fake();
    const file = path.join(work, 'from-taskpane.xlsx');
    writeFileSync(file, await wb.toXlsx());
    await page.getByRole('tab', { name: '问题' }).click();
    await finding('B25').waitFor();
    await screenshot('after-export');

    const summary = await cli('summary', file, '--json');
    expect(summary.code).toBe(0);
    const engine = JSON.parse(summary.stdout) as { asOf: string; units: SummaryRow[] };
    const calc = summarySheet(recalculate(file));
    expect(engine.asOf).toBe('2023-06-30');
    expect(calc.asOf).toBe('2023-06-30');
    expect(calc.units).toEqual(engine.units);
    // Not a vacuous match: on 2023-06-30 the sample has overdue and due-soon tasks, and the fixed D5 counts for 法规科.
    expect(engine.units.reduce((n, u) => n + u.overdue, 0)).toBeGreaterThan(0);
    expect(engine.units.reduce((n, u) => n + u.dueSoon, 0)).toBeGreaterThan(0);
    expect(engine.units.some((u) => u.unit === '法规课')).toBe(false);
    expect(engine.units.find((u) => u.unit === '法规科')?.lead).toBeGreaterThan(0);
  });

  // The 督办 cycle (SPEC §9) on the enriched, summarized workbook, 基准日期 2023-06-30. (The page's clipboard is read
  // with string expressions: this file is compiled without DOM types.)
  /** The units in the order 导出各单位清单 lists (and opens) them. */
  let units: string[] = [];
  /** The base64 .xlsx of each unit's list, as the pane handed them to Excel.createWorkbook. */
  let created: string[] = [];

  test('9. 督办 → 导出各单位清单 opens one new workbook per unit; the open workbook is not written to', async () => {
    await page.getByRole('tab', { name: '督办' }).click();
    const items = page.getByTestId('unit-list');
    await items.first().waitFor();
    units = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-unit') ?? ''));
    expect(units).toHaveLength(16);
    expect(units).toEqual(expect.arrayContaining(['法规科', '办公室', ZHIDUI]));
    // The default reply-by date is the core's: 7 days after the workbook's 基准日期.
    expect(await page.getByLabel('反馈截止日期', { exact: true }).inputValue()).toBe('2023-07-07');
    expect(await page.getByLabel('发回给', { exact: true }).getAttribute('placeholder')).toBe('原发送人');
    await screenshot('cycle-tab');

    // ExcelJS is in none of the scripts loaded so far (the initial bundle, the engine chunk): it comes with this click.
    const hasExcelJs = (file: string) => readFileSync(path.join(session!.taskpaneDir, file), 'utf8').includes('ExcelJS');
    const loaded = scripts.length;
    expect(scripts).toEqual(expect.arrayContaining([expect.stringMatching(/^taskpane\./), expect.stringMatching(/^engine\./)]));
    expect(scripts.filter(hasExcelJs)).toEqual([]);
    const before = (await fake()).toJSON();
    await page.getByRole('button', { name: '全部打开（16 个单位）' }).click();
    const done = notice(/^已为 16 个单位各打开一份任务清单/);
    await done.waitFor();
    expect(await done.getAttribute('data-intent')).toBe('success');
    const lazy = scripts.slice(loaded);
    expect(lazy).toEqual(expect.arrayContaining([expect.stringMatching(/^xlsx\.[0-9a-f]{8}\.chunk\.js$/)]));
    expect(lazy.filter(hasExcelJs)).toHaveLength(1);
    created = await page.evaluate(() => (globalThis as E2EWindow).__e2e.created());
    expect(created).toHaveLength(16);
    expect((await fake()).toJSON()).toEqual(before);
    await screenshot('unit-lists-opened');
    await fitsWidth();

    // 法规科's workbook: its tasks with the hidden key, the 完成状态 dropdown, the master's 基准日期.
    const masterFile = path.join(work, 'master-for-lists.xlsx');
    writeFileSync(masterFile, await (await fake()).toXlsx());
    const analysis = locateTable((await loadWorkbook(readFileSync(masterFile))).input).analysis;
    await expectUnitList(Buffer.from(created[units.indexOf('法规科')], 'base64'), analysis, '法规科', '=DATE(2023,6,30)');
  });

  test('10. 催办 shows each unit’s notice as of 2023-06-30, and 复制 puts it on the clipboard', async () => {
    const file = path.join(work, 'master-for-remind.xlsx');
    writeFileSync(file, await (await fake()).toXlsx());
    const expected = JSON.parse((await cli('remind', file, '--json')).stdout) as { asOf: string; units: { unit: string; overdue: unknown[]; text: string }[] };
    expect(expected.asOf).toBe('2023-06-30');
    const late = expected.units.find((u) => u.unit === '法规科')!;
    // Facts of the sample as of 2023-06-30: 序号1–4 (2023年3月底前) and 序号5 (每月, last due 2023-05-31) are overdue for
    // their units; 序号7, 9, 14 fall due that day. 14 units have something to chase.
    const FACT_UNITS = ['法规科', '各县（市、区）应急管理局', '市应急管理综合行政执法支队', '办公室', '矿山安全监督管理科', '危险化学品安全监督管理科', '工贸行业安全监督管理科', '救援协调和预案管理科', '防汛减灾科', '火灾防治科', '综合减灾科', '地震地灾防治科', '市防灾减灾中心地震地灾应急科', '规财科'];
    for (const seq of ['1', '2', '3', '4', '5']) expect(late.text).toContain(`序号 ${seq}，`);

    await page.getByRole('button', { name: '生成催办通知' }).click();
    await notice(`截至 2023年6月30日，14 个单位有逾期或 7 天内到期的任务。`).waitFor();
    const shownUnits = await page.getByTestId('reminder').evaluateAll((els) => els.map((e) => e.getAttribute('data-unit')));
    expect([...shownUnits].sort()).toEqual([...FACT_UNITS].sort());
    await screenshot('reminders');

    await page.getByLabel('单位', { exact: true }).selectOption(late.unit);
    const card = page.getByTestId('reminder');
    expect(await card.count()).toBe(1);
    expect(await card.getByRole('textbox').inputValue()).toBe(late.text);
    await page.evaluate("navigator.clipboard.writeText('')");
    await card.getByRole('button', { name: '复制' }).click();
    await card.getByTestId('copied').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(late.text);
    await screenshot('reminder-copied');
    await fitsWidth();

    // Where the webview refuses the Clipboard API, the notice is selected and copied the old way.
    const other = expected.units.find((u) => u !== late)!;
    await page.getByLabel('单位', { exact: true }).selectOption(other.unit);
    await page.evaluate("Object.defineProperty(navigator.clipboard, 'writeText', { configurable: true, value: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) })");
    await page.getByTestId('reminder').getByRole('button', { name: '复制' }).click();
    await page.getByTestId('reminder').getByTestId('copied').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(other.text);
    await page.evaluate('delete navigator.clipboard.writeText');
  });

  test('11. 合并回报 reads the returned files, shows the report and writes the listed statuses into the table', async () => {
    // The returns, made in Node from the workbooks the pane opened: 法规科 fills three tasks, sorts its list and adds a
    // row of its own; 办公室 and the 执法支队 disagree on a task they only support; one file is no workbook at all.
    const masterFile = path.join(work, 'master-for-merge.xlsx');
    writeFileSync(masterFile, await (await fake()).toXlsx());
    const analysis = locateTable((await loadWorkbook(readFileSync(masterFile))).input).analysis;
    const { conflict, files } = await playReturns((unit) => Buffer.from(created[units.indexOf(unit)], 'base64'), analysis);
    // What the engine reports for the same files (the CLI refuses a bad file outright, so it is left out there).
    const paths = writeFiles(work, files);
    const merged = await cli('merge', masterFile, ...paths, '-o', path.join(work, 'merged-by-cli.xlsx'), '--json');
    expect(merged.code).toBe(0);
    const expected = JSON.parse(merged.stdout) as MergeReport;
    expect(expected.applied.filter((a) => a.field === '完成状态')).toHaveLength(4);
    expect(expected.conflicts).toHaveLength(1);

    const mime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    await page
      .getByTestId('merge-files')
      .setInputFiles([...files.map((f) => ({ name: f.name, mimeType: mime, buffer: f.data })), { name: '说明.xlsx', mimeType: mime, buffer: Buffer.from('这不是 Excel 文件') }]);
    await page.getByText('已选 4 个文件：').waitFor();
    await screenshot('merge-files-picked');
    const before = (await fake()).values('Sheet1', 'A1:K36');
    await page.getByRole('button', { name: '合并到当前表格' }).click();
    const ignored = expected.ignored.length + 1;
    const dissent = expected.dissent.length;
    await notice(`合并完成：采用 ${expected.applied.length} 处，冲突 1 处${dissent ? `，不一致的回报 ${dissent} 条` : ''}，未采用 ${ignored} 处。`).waitFor();
    expect(await text(page.getByTestId('merge-summary'))).toBe(
      `已将 ${expected.applied.length} 处填报写入表格；冲突 1 处（保留原值）${dissent ? `；${dissent} 条回报与采用的不一致（未采用）` : ''}；未采用 ${ignored} 处。每条回报都已记入“反馈记录”工作表。`,
    );
    await screenshot('merge-report');
    await fitsWidth();

    // The report table, row by row: 结果, 序号, 行, 单位, 字段, 原值 → 新值, and 说明 (shown on a line of its own).
    const rows = await page
      .getByTestId('merge-row')
      .evaluateAll((trs) => trs.map((tr) => [...[...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()), tr.getAttribute('data-note') ?? '']));
    expect((await page.getByTestId('merge-note').allInnerTexts()).map((t) => t.trim())).toEqual(rows.filter((r) => r[6]).map((r) => `说明：${r[6]}`));
    const shown = (v: string) => (v ? `“${v}”` : '（空）');
    expect(rows.filter((r) => r[0] === '采用')).toEqual(expected.applied.map((a) => ['采用', a.seq, String(a.row), a.unit, a.field, `${shown(a.from)} → ${shown(a.to)}`, a.from ? '替换原值（以牵头单位为准）' : '']));
    const conflictRow = rows.find((r) => r[0] === '冲突')!;
    expect(conflictRow.slice(0, 5)).toEqual(['冲突', conflict, String(expected.conflicts[0].row), expect.stringContaining('办公室'), '整条回报']);
    // Each unit's whole record and its file.
    expect(conflictRow[6]).toMatch(/^回报不一致：办公室（配合，办公室-回报\.xlsx）报 进行中/);
    const notes = rows.filter((r) => r[0] === '未采用').map((r) => r[6]);
    expect([...notes].sort()).toEqual([`说明.xlsx：${notAWorkbook('说明.xlsx')}`, ...expected.ignored.map((i) => `${i.file}：${i.reason}`)].sort());
    expect(notes.join('\n')).toMatch(/序号“99”“自行加的一行”）在原表中找不到对应的任务/);

    // The master: exactly the listed cells changed; the conflicting task kept its (empty) status.
    const wb = await fake();
    const after = wb.values('Sheet1', 'A1:K36');
    const column: Record<string, number> = { 完成状态: 6, 实际完成日期: 7, 进展情况: 8 };
    const listed = new Map(expected.applied.map((a) => [`${a.row - 1},${column[a.field]}`, a.field === '实际完成日期' ? isoToExcelSerial(a.to) : a.to]));
    const changed = new Map<string, unknown>();
    after.forEach((row, r) => row.forEach((v, c) => v !== before[r][c] && changed.set(`${r},${c}`, v)));
    expect(changed).toEqual(listed);
    expect(wb.cell('Sheet1', `G${expected.conflicts[0].row}`).value ?? '').toBe('');
  });
});
