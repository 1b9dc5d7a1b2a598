/**
 * End to end: 从 Word 文件导入 in the PRODUCTION task pane bundle, in Chromium, on the strict fake Excel (same set-up as
 * taskpane.e2e.test.ts): pick the sample .docx → preview (rows, columns, merges) → 写入新工作表并校验 → the new sheet
 * holds the table with Word's merges and the findings are those of the sample. The reader loads as its own chunk.
 * Screenshots: test-output/e2e-screenshots/word-NN-step.png.
 */
import { mkdirSync, readFileSync } from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { FakeWorkbook } from '../fake-excel';
import { SAMPLE } from '../helpers/sample';
import type { E2EWindow } from './api';
import { openPane, type PaneSession } from './session';

const ROOT = path.resolve(__dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-output', 'e2e-screenshots');
const DOCX = path.join(ROOT, 'test', 'fixtures', 'docx', 'sample.docx');

let session: PaneSession | undefined;
let page: Page;
let problems: string[] = [];
let scripts: string[] = [];
let shots = 0;

async function screenshot(step: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `word-${String(++shots).padStart(2, '0')}-${step}.png`), fullPage: true });
}

async function fake(): Promise<FakeWorkbook> {
  return FakeWorkbook.fromJSON(await page.evaluate(() => (globalThis as E2EWindow).__e2e.state()));
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  session = await openPane(JSON.stringify((await FakeWorkbook.fromXlsx(readFileSync(SAMPLE))).toJSON()));
  ({ page, problems, scripts } = session);
}, 1_000_000);

afterAll(async () => {
  await session?.close();
  expect(problems).toEqual([]);
});

test('import the sample .docx: file input → preview → new sheet → findings', async () => {
  const table = page.getByRole('region', { name: '表格' });
  await table.getByText('33 项').waitFor();
  expect(scripts.some((s) => s.startsWith('word.'))).toBe(false); // the reader is not loaded until a file is picked

  await page.getByTestId('word-file').setInputFiles({ name: '执法规范提升年-附件.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: readFileSync(DOCX) });
  const preview = page.getByTestId('word-preview');
  await preview.waitFor();
  expect((await preview.innerText()).replace(/\s+/g, ' ')).toContain('34 行 × 6 列，合并单元格 8 处');
  expect(scripts.some((s) => s.startsWith('word.'))).toBe(true);
  await screenshot('preview');

  await page.getByRole('button', { name: '写入新工作表并校验' }).click();
  await page.getByTestId('notice').filter({ hasText: '已把 Word 表格写入新工作表' }).waitFor();
  await table.locator('dd', { hasText: '执法规范提升年-附件' }).first().waitFor();
  await screenshot('imported');

  const wb = await fake();
  expect(wb.sheetNames()).toEqual(['Sheet1', '执法规范提升年-附件']);
  expect(wb.activeSheet).toBe('执法规范提升年-附件');
  expect(wb.merges('执法规范提升年-附件').sort()).toEqual(['B26:B31', 'B4:B8', 'B9:B12', 'B13:B14', 'B17:B18', 'B19:B20', 'B21:B22', 'B23:B24'].sort());
  expect(wb.cell('执法规范提升年-附件', 'C3').value).toBe('主要内容');
  expect(wb.cell('执法规范提升年-附件', 'A4').value).toBe(1);

  await page.getByRole('tab', { name: /问题/ }).click();
  const cells = await page.getByTestId('finding').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-cell')} ${e.getAttribute('data-code')}`));
  expect(cells.sort()).toEqual(['B25 structure.task-title-repeated', 'D24 unit.alias', 'E32 unit.alias'].sort());
  await screenshot('findings');

  // A PDF is refused in plain words, and nothing is written.
  await page.getByRole('tab', { name: /表格/ }).click();
  await page.getByTestId('word-file').setInputFiles({ name: '附件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n') });
  await page.getByRole('alert').filter({ hasText: '另存为 .docx' }).waitFor();
  await screenshot('pdf-refused');
  expect((await fake()).sheetNames()).toEqual(['Sheet1', '执法规范提升年-附件']);
}, 120_000);
