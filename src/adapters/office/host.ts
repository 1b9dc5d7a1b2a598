// The Host as Office provides it, for the task pane and the ribbon commands. Type-only imports: the task pane's
// initial bundle includes this file, so it must not pull in the engine.
import type { Host } from './actions';

export const officeHost: Host = {
  run: (batch) => Excel.run(batch),
  isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
  // Runs its own request (office.js: _runOnRegularOrWacContext) and opens the workbook in a new Excel window.
  createWorkbook: (base64) => Excel.createWorkbook(base64),
};
