// Printing through the add-in (SPEC §5 "Fit to read and to print"): every pageSetup the engine plans is what the
// Office adapter leaves in Excel's pageLayout — sheet by sheet, after 添加状态列 and 汇总 on the sample.
import { readFileSync } from 'fs';
import { addStatusColumns, summarize } from '../../src/adapters/office/actions';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import { planAddStatus, planSummarize } from '../../src/core/commands';
import { PageSetup, Plan } from '../../src/core/plan/plan';
import { locateTable } from '../../src/core/workbook';
import { FakeWorkbook, PageState } from '../fake-excel';
import { fakeHost } from '../helpers/office';
import { SAMPLE } from '../helpers/sample';

const AS_OF = '2023-06-30';

/** The page layout Excel should hold for a planned setup (what a setup leaves unsaid is not compared). */
function expected(s: PageSetup): Partial<PageState> {
  return {
    ...(s.landscape ? { orientation: 'Landscape' } : {}),
    ...(s.a4 ? { paperSize: 'A4' } : {}),
    ...(s.fitToWidth ? { zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 } } : {}),
    ...(s.titleRows ? { printTitleRows: s.titleRows } : {}),
    headerFooter: expect.objectContaining({ ...(s.header !== undefined ? { centerHeader: s.header } : {}), ...(s.footer !== undefined ? { centerFooter: s.footer } : {}) }),
  };
}

const setups = (plan: Plan) => plan.ops.flatMap((op) => (op.kind === 'pageSetup' ? [op] : []));

test('添加状态列 and 汇总: each sheet’s pageLayout equals the plan’s page setup (A4 landscape, one page wide, titles, header/footer)', async () => {
  // The plans, made by the engine from the same file the fake holds.
  const input = (await loadWorkbook(readFileSync(SAMPLE))).input;
  const planned = [...setups(planAddStatus(locateTable(input), input, { asOf: AS_OF })), ...setups(planSummarize(locateTable(input), input, { asOf: AS_OF }))];
  const sheets = new Set(planned.map((p) => p.sheet));
  expect(sheets.size).toBeGreaterThan(15); // the table, 汇总, 任务明细, 16 unit sheets
  expect([...sheets]).toEqual(expect.arrayContaining(['Sheet1', '汇总', '任务明细', '法规科']));

  const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  const { host } = fakeHost(wb);
  expect((await addStatusColumns(host, undefined, AS_OF)).ok).toBe(true);
  expect((await summarize(host, undefined, AS_OF)).ok).toBe(true);
  // The last setup planned for a sheet is the one it keeps.
  const last = new Map(planned.map((p) => [p.sheet, p.setup]));
  for (const [sheet, setup] of last) {
    expect(setup).toMatchObject({ landscape: true, a4: true, fitToWidth: true });
    expect({ sheet, layout: wb.pageLayout(sheet) }).toEqual({ sheet, layout: expect.objectContaining(expected(setup)) });
  }
});
