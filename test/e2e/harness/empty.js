// Stands in for ExcelJS and src/adapters/exceljs in the browser harness: the fake needs them only for
// fromXlsx/toXlsx, which run in Node.
const unavailable = (what) => () => {
  throw new Error(`${what} is not available in the browser harness; use FakeWorkbook.toJSON/fromJSON`);
};
module.exports = {
  loadWorkbook: unavailable("loadWorkbook"),
  writeDefinedNames: unavailable("writeDefinedNames"),
  Workbook: unavailable("ExcelJS.Workbook"),
};
