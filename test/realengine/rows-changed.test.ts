// 任务明细 points at the table's rows by number. When the user inserts or deletes a row in the table, or adds a task
// under it, the live counts no longer match until 汇总 runs again — 汇总 and every unit sheet must say so, in a real
// spreadsheet engine, without the add-in; and a re-run must make the line go away and count the new task.
import ExcelJS from 'exceljs';
import { readFileSync } from 'fs';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { insertRowsInLibreOffice, recalculate } from '../helpers/libreoffice';
import { SAMPLE } from '../helpers/sample';
import { summarySheet } from '../helpers/summary-sheet';
import { tempDir } from '../helpers/temp';

const quiet = { out: () => undefined, err: (s: string) => void process.stderr.write(s) };
const WARNING = /^原表“Sheet1”在生成本表之后插入、删除或新增了行.*请重新运行“汇总”。$/;
/** The warning lines of 汇总 (A3) and of one unit sheet (A4), as LibreOffice computes them. */
const lines = (sheets: Map<string, string[][]>) => [sheets.get('汇总')![2][0], sheets.get('法规科')![3][0]];

describe('汇总 and the unit sheets say when the table’s rows changed since they were made', () => {
  const dir = tempDir('rows');
  const enriched = path.join(dir, 'enriched.xlsx');

  beforeAll(async () => {
    expect(await run(['enrich', SAMPLE, '-o', enriched, '--as-of', '2023-07-01'], quiet)).toBe(0);
  });

  test('as made: no warning', () => {
    expect(lines(recalculate(enriched))).toEqual(['', '']);
  });

  test('a row inserted inside the table (by LibreOffice, as a user would): the warning shows on 汇总 and the unit sheets', () => {
    const edited = insertRowsInLibreOffice(readFileSync(enriched), 'Sheet1', 10);
    const sheets = recalculate(edited);
    // The insert happened: the table's row 11 is the new empty row.
    expect(sheets.get('Sheet1')![10].slice(0, 4).join('')).toBe('');
    const [summary, unit] = lines(sheets);
    expect(summary).toMatch(WARNING);
    expect(unit).toMatch(WARNING);
  });

  test('a task added under the table: the warning shows; enrich again counts it and the warning is gone', async () => {
    // The sample's footnote (row 37) goes first: a task is added right under the last one.
    const plain = new ExcelJS.Workbook();
    await plain.xlsx.readFile(SAMPLE);
    const sheet = plain.getWorksheet('Sheet1')!;
    sheet.unMergeCells('A37:F37');
    sheet.spliceRows(37, 1);
    const base = path.join(dir, 'base.xlsx');
    const made = path.join(dir, 'made.xlsx');
    await plain.xlsx.writeFile(base);
    expect(await run(['enrich', base, '-o', made, '--as-of', '2023-07-01'], quiet)).toBe(0);
    expect(lines(recalculate(made))).toEqual(['', '']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(made);
    const ws = wb.getWorksheet('Sheet1')!;
    expect(ws.getRow(36).getCell(4).text).not.toBe(''); // the table's last task row, lead in column D
    ws.getRow(37).values = [34, '新增目标任务', '新增的主要内容。', '法规科', '', '2023年6月底前'];
    const added = path.join(dir, 'added.xlsx');
    await wb.xlsx.writeFile(added);
    const before = recalculate(added);
    expect(lines(before)[0]).toMatch(WARNING);
    expect(lines(before)[1]).toMatch(WARNING);
    const fagui = (sheets: Map<string, string[][]>) => summarySheet(sheets).units.find((u) => u.unit === '法规科')!;
    const leadBefore = fagui(before).lead;

    const again = path.join(dir, 'again.xlsx');
    expect(await run(['enrich', added, '-o', again, '--as-of', '2023-07-01'], quiet)).toBe(0);
    const after = recalculate(again);
    expect(lines(after)).toEqual(['', '']);
    expect(fagui(after).lead).toBe(leadBefore + 1);
  });
});
