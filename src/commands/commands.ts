/*
 * Ribbon function commands (FunctionFile commands.html; ExecuteFunction names in manifest.xml).
 * Each runs on the active sheet without the task pane, shows its outcome in a small dialog, and always
 * calls event.completed(), also on failure.
 */
import { Host, Outcome } from "../adapters/office/actions";
import { officeHost } from "../adapters/office/host";
import { CommandName, messageUrl, runCommand } from "./ribbon";

const host: Host = officeHost;

/** Shows the outcome in a dialog (function commands have no UI of their own). */
function notify(outcome: Outcome): Promise<void> {
  const url = messageUrl(new URL("message.html", window.location.href).toString(), outcome);
  return new Promise((resolve) => {
    Office.context.ui.displayDialogAsync(url, { height: 30, width: 30, displayInIframe: true }, (res) => {
      if (res.status === Office.AsyncResultStatus.Succeeded) {
        const dialog = res.value;
        dialog.addEventHandler(Office.EventType.DialogMessageReceived, () => dialog.close());
      }
      resolve();
    });
  });
}

const handler = (name: CommandName) => (event: Office.AddinCommands.Event) => {
  void runCommand(name, event, host, notify);
};

void Office.onReady(() => {
  // Handlers are associated below, at load time, as Excel requires.
});

// The names must match <FunctionName> in manifest.xml (checked by test/manifest/manifest.test.ts).
Office.actions.associate("validateTable", handler("validateTable"));
Office.actions.associate("enrichTable", handler("enrichTable"));
Office.actions.associate("summarizeTable", handler("summarizeTable"));
