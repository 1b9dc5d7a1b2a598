// SPEC §5 "Fit to read and to print", beyond the enriched sample (print.test.ts): a unit's list written by `split`,
// and the sheets the add-in writes (the Office adapter on the fake, saved as .xlsx), both printed to PDF by LibreOffice.
import { readFileSync } from 'fs';
import * as path from 'path';
import { addStatusColumns, summarize } from '../../src/adapters/office/actions';
import { run } from '../../src/cli/main';
import { FakeWorkbook } from '../fake-excel';
import { PdfPage, pdfPages, printToPdf } from '../helpers/libreoffice';
import { fakeHost } from '../helpers/office';
import { SAMPLE } from '../helpers/sample';
import { tempDir } from '../helpers/temp';

const squash = (s: string) => s.replace(/\s+/g, '');
const header = (p: PdfPage) => squash(p.words.filter((w) => w.yMax < 40).map((w) => w.text).join(''));

/** Every page A4 landscape, numbered "第 N 页，共 M 页" within its sheet, no "###". */
function expectPrintable(pages: PdfPage[]): void {
  expect(pages.length).toBeGreaterThan(0);
  for (const p of pages) {
    expect([Math.round(p.width), Math.round(p.height)]).toEqual([842, 595]);
    expect(squash(p.text)).toMatch(/第\d+页，共\d+页/);
    expect(p.text).not.toContain('###');
  }
}

describe('a unit’s list written by split, printed', () => {
  let pages: PdfPage[];
  let tasks: { task: string; lead: { unit: string | null }[]; support: { unit: string | null }[] }[];

  beforeAll(async () => {
    const dir = tempDir('print-lists');
    const io = { out: () => undefined, err: (s: string) => void process.stderr.write(s) };
    expect(await run(['split', SAMPLE, '-o', dir, '--as-of', '2023-06-30', '--reply-by', '2023-07-07'], io)).toBe(0);
    pages = pdfPages(printToPdf(readFileSync(path.join(dir, '法规科-任务清单.xlsx'))));
    let json = '';
    expect(await run(['inspect', SAMPLE, '--json'], { out: (s) => void (json += s), err: io.err })).toBe(0);
    tasks = JSON.parse(json).tasks;
  });

  test('A4 landscape, numbered pages, the unit and 基准日期 in the header, the column titles on every page', () => {
    expectPrintable(pages);
    pages.forEach((p, i) => {
      expect(squash(p.text)).toContain(`第${i + 1}页，共${pages.length}页`);
      expect(header(p)).toContain('法规科任务清单基准日期：2023年6月30日');
      expect(p.text).toContain('进展情况'); // the last column to fill in: nothing cut off to a page of its own
    });
  });

  test('every task of 法规科 is on paper, the reply-by line too; the hidden key columns are not', () => {
    const text = squash(pages.map((p) => p.text).join(''));
    const mine = tasks.filter((t) => [...t.lead, ...t.support].some((u) => u.unit === '法规科'));
    expect(mine).toHaveLength(15);
    for (const t of mine) expect(text).toContain(squash(t.task).slice(0, 6));
    expect(text).toContain('于2023年7月7日前发回');
    expect(text).not.toContain('任务编号');
  });
});

test('the sheets the add-in writes (添加状态列, 汇总 on the fake) print A4 landscape, numbered, without "###"', async () => {
  const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  const { host } = fakeHost(wb);
  expect((await addStatusColumns(host, undefined, '2023-06-30')).ok).toBe(true);
  expect((await summarize(host, undefined, '2023-06-30')).ok).toBe(true);
  const pages = pdfPages(printToPdf(await wb.toXlsx()));
  expectPrintable(pages);
  const summary = pages.filter((p) => header(p).includes('汇总'));
  expect(summary.length).toBeGreaterThan(0);
  expect(header(summary[0])).toContain('基准日期：2023年6月30日');
  // The table sheet with its status columns: 剩余天数 on every page that shows 目标任务.
  for (const p of pages.filter((x) => x.words.some((w) => w.text === '目标任务'))) expect(p.text).toContain('剩余天数');
});
