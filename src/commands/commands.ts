/*
 * Ribbon function commands (FunctionFile commands.html; ExecuteFunction names in manifest.xml).
 * Placeholder stubs: another engineer fills them. Each handler must call event.completed() exactly once,
 * also on failure, or Excel shows the command as still running.
 */

function validateTable(event: Office.AddinCommands.Event): void {
  event.completed();
}

function enrichTable(event: Office.AddinCommands.Event): void {
  event.completed();
}

function summarizeTable(event: Office.AddinCommands.Event): void {
  event.completed();
}

void Office.onReady(() => {
  // Nothing to initialise yet.
});

// The names must match <FunctionName> in manifest.xml (checked by test/manifest/manifest.test.ts).
Office.actions.associate("validateTable", validateTable);
Office.actions.associate("enrichTable", enrichTable);
Office.actions.associate("summarizeTable", summarizeTable);
