// The real officeHost (src/adapters/office/host.ts: Excel.run, Office.context.requirements, Excel.createWorkbook), as
// the task pane and the ribbon get it, on the strict fake set up as the globals office.js provides.
import { readFileSync } from 'fs';
import { addStatusColumns, inspect, openUnitLists } from '../../src/adapters/office/actions';
import { officeHost } from '../../src/adapters/office/host';
import { unitWorkbooks } from '../../src/taskpane/xlsx';
import { FakeWorkbook, createExcelHost } from '../fake-excel';
import { comparable } from '../helpers/office';
import { SAMPLE } from '../helpers/sample';

const g = globalThis as Record<string, unknown>;

/** The sample in the fake, reachable only through the Office globals. */
async function asOffice(apiVersion?: string) {
  const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  const excel = createExcelHost(wb, apiVersion ? { apiVersion } : {});
  g.Excel = { run: excel.run, createWorkbook: excel.createWorkbook };
  g.Office = { context: { requirements: { isSetSupported: (name: string, version?: string) => excel.isSetSupported(name, version) } } };
  return { wb, excel };
}

afterEach(() => {
  delete g.Excel;
  delete g.Office;
});

test('校验 and 添加状态列 run through Excel.run on the open workbook', async () => {
  const { wb } = await asOffice();
  const checked = await inspect(officeHost);
  expect(checked.ok).toBe(true);
  expect(checked.analysis!.tasks).toHaveLength(33);
  expect((await addStatusColumns(officeHost, undefined, '2023-06-30')).ok).toBe(true);
  expect(wb.values('Sheet1', 'G3:K3')).toEqual([['完成状态', '实际完成日期', '进展情况', '截止日期', '剩余天数']]);
});

test('an Excel without ExcelApi 1.13 (Office.context.requirements) is refused in Chinese, the workbook untouched', async () => {
  const { wb } = await asOffice('1.12');
  const before = comparable(wb);
  const out = await addStatusColumns(officeHost);
  expect(out).toMatchObject({ ok: false, message: expect.stringMatching(/^此版本的 Excel 不支持分工表助手需要的功能（ExcelApi 1\.13）/) });
  expect(comparable(wb)).toEqual(before);
});

test('导出各单位清单 opens the unit’s list through Excel.createWorkbook, the open workbook unchanged', async () => {
  const { wb, excel } = await asOffice();
  const before = comparable(wb);
  const out = await openUnitLists(officeHost, unitWorkbooks, { units: ['法规科'] });
  expect(out).toMatchObject({ ok: true, opened: ['法规科'] });
  expect(excel.created).toHaveLength(1);
  const list = await FakeWorkbook.fromXlsx(Buffer.from(excel.created[0], 'base64'));
  expect(list.sheetNames()).toEqual(['法规科']);
  expect(comparable(wb)).toEqual(before);
});
