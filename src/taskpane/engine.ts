/*
 * Everything the task pane needs from the engine, in one module that App loads with import() after the first
 * render. The engine pulls in pinyin-pro (~500 KB), so it must stay out of the initial bundle: UI modules import
 * only types from src/core and src/adapters, and reach runtime code through this module. ExcelJS (the .xlsx work of
 * 导出各单位清单 and 合并回报) is not here either: it is the separate lazy chunk ./xlsx.
 */
export {
  addStatusColumns,
  applySuggestion,
  editDirectory,
  importWordTable,
  inspect,
  mergeReturns,
  openUnitLists,
  remind,
  selectCell,
  setAsOf,
  setMapping,
  summarize,
  userMessage,
} from "../adapters/office/actions";
export { remindDefaults, splitDefaults, unitListCounts } from "../core/cycle/cycle";
export { columnLetter } from "../core/read/grid";
export { splitUnits } from "../core/read/units";
