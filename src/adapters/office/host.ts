// The Host as Office provides it, for the task pane and the ribbon commands. Type-only imports: the task pane's
// initial bundle includes this file, so it must not pull in the engine.
import type { Host } from './actions';

export const officeHost: Host = {
  // Waits while the user is typing in a cell instead of failing (ignored where the DelayForCellEdit set is missing).
  run: (batch) => Excel.run({ delayForCellEdit: true }, batch),
  isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
  // Runs its own request (office.js: _runOnRegularOrWacContext) and opens the workbook in a new Excel window.
  createWorkbook: (base64) => Excel.createWorkbook(base64),
};
