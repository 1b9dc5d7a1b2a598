/*
 * Everything the task pane needs from the engine, in one module that App loads with import() after the first
 * render. The engine pulls in pinyin-pro (~500 KB), so it must stay out of the initial bundle: UI modules import
 * only types from src/core and src/adapters, and reach runtime code through this module.
 */
export {
  addStatusColumns,
  applySuggestion,
  editDirectory,
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
export { remindDefaults, splitDefaults, unitListCounts } from "../core/cycle";
export { columnLetter } from "../core/grid";
export { splitUnits } from "../core/units";
