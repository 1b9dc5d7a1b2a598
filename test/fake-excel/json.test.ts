/// <reference types="office-js" />
// FakeWorkbook.toJSON / fromJSON: the whole document state survives the trip (the end-to-end test moves the fake
// between Node and a browser this way).
import { readFileSync } from 'fs';
import { summarize } from '../../src/adapters/office/actions';
import { SAMPLE } from '../helpers/sample';
import { FakeWorkbook, createExcelHost } from './index';

async function enrichedSample(): Promise<FakeWorkbook> {
  const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  const excel = createExcelHost(wb);
  const host = { run: excel.run.bind(excel) as never, isSetSupported: (n: string, v: string) => excel.isSetSupported(n, v), createWorkbook: (b: string) => excel.createWorkbook(b) };
  expect((await summarize(host, undefined, '2023-06-30')).ok).toBe(true);
  await excel.run(async (ctx: Excel.RequestContext) => {
    const ws = ctx.workbook.worksheets.getItem('Sheet1');
    ws.getRange('B25').select();
    ws.getRange('A1:C1').format.font.bold = true;
    ws.getRange('B:B').format.columnWidth = 120;
    ws.freezePanes.freezeRows(3);
    await ctx.sync();
  });
  return wb;
}

describe('FakeWorkbook JSON state', () => {
  test('fromJSON(toJSON()) is the same document: cells, formats, merges, names, rules, selection, active sheet', async () => {
    const wb = await enrichedSample();
    const json = wb.toJSON();
    const copy = FakeWorkbook.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(copy.toJSON()).toEqual(json);
    expect(FakeWorkbook.fromJSON(JSON.stringify(wb)).toJSON()).toEqual(json); // JSON.stringify uses toJSON

    expect(copy.sheetNames()).toEqual(wb.sheetNames());
    expect(copy.names()).toEqual(wb.names());
    expect(copy.selection).toBe('Sheet1!B25');
    expect(copy.activeSheet).toBe(wb.activeSheet);
    for (const sheet of wb.sheetNames()) {
      expect(copy.merges(sheet)).toEqual(wb.merges(sheet));
      expect(copy.conditionalFormats(sheet)).toEqual(wb.conditionalFormats(sheet));
      expect(copy.dataValidations(sheet)).toEqual(wb.dataValidations(sheet));
      expect(copy.frozenRows(sheet)).toBe(wb.frozenRows(sheet));
    }
    expect(copy.cell('Sheet1', 'K4')).toEqual(wb.cell('Sheet1', 'K4'));
    expect(copy.bold('Sheet1', 'B1')).toBe(true);
    expect(copy.columnWidth('Sheet1', 'B')).toBe(120);
    expect(wb.conditionalFormats('Sheet1').length).toBeGreaterThan(0);
    expect(wb.dataValidations('Sheet1').length).toBeGreaterThan(0);
  });

  test('the copy is independent and keeps working as a host; ids continue where the original stopped', async () => {
    const wb = await enrichedSample();
    const copy = FakeWorkbook.fromJSON(wb.toJSON());
    const excel = createExcelHost(copy);
    await excel.run(async (ctx: Excel.RequestContext) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('G4').values = [['已完成']];
      ctx.workbook.worksheets.add('新表');
      await ctx.sync();
    });
    expect(copy.cell('Sheet1', 'G4').value).toBe('已完成');
    expect(wb.cell('Sheet1', 'G4').value).toBeNull();
    expect(wb.sheetNames()).not.toContain('新表');
    const ids = copy.toJSON().sheets.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('refuses what is not a fake state', () => {
    expect(() => FakeWorkbook.fromJSON({} as never)).toThrow(/not a fake-excel-state/);
  });
});
