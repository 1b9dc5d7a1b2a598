// The add-in's Host on the strict fake Excel, as the task pane and ribbon get it from Office.
import { Host } from '../../src/adapters/office/actions';
import { ExcelHostOptions, FakeWorkbook, createExcelHost } from '../fake-excel';

export function fakeHost(wb: FakeWorkbook, opts: ExcelHostOptions = {}) {
  const excel = createExcelHost(wb, opts);
  const host: Host = { run: (b) => excel.run(b), isSetSupported: (n, v) => excel.isSetSupported(n, v) };
  return { host, excel };
}
