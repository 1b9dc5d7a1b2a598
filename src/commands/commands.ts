/*
 * Ribbon function commands (FunctionFile commands.html; ExecuteFunction names in manifest.xml).
 * Each runs on the active sheet without the task pane, shows its outcome in a small dialog, and always
 * calls event.completed(), also on failure.
 */
import { Host, Outcome } from "../adapters/office/actions";
import { officeHost } from "../adapters/office/host";
import { CommandName, DialogApi, RESULT_SHEET, messageUrl, runCommand, showOutcome } from "./ribbon";

const host: Host = officeHost;

const api: DialogApi = {
  open: (url, inIframe) =>
    new Promise((resolve, reject) => {
      Office.context.ui.displayDialogAsync(url, { height: 30, width: 30, displayInIframe: inIframe }, (res) => {
        if (res.status !== Office.AsyncResultStatus.Succeeded) return reject(res.error);
        const dialog = res.value;
        resolve({
          close: () => dialog.close(),
          // 关闭 sends a message; the window's own close button raises DialogEventReceived (12006).
          onClosed: (done) => {
            dialog.addEventHandler(Office.EventType.DialogMessageReceived, done);
            dialog.addEventHandler(Office.EventType.DialogEventReceived, done);
          },
        });
      });
    }),
  waitMs: 4 * 60 * 1000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Shows the outcome in a dialog (function commands have no UI of their own); else activates the result sheet. */
const notify = (name: CommandName) => async (outcome: Outcome): Promise<void> => {
  const url = messageUrl(new URL("message.html", window.location.href).toString(), outcome);
  const sheet = RESULT_SHEET[name];
  await showOutcome(api, url, async () => {
    if (!outcome.ok || !sheet) return;
    await host.run(async (context) => {
      context.workbook.worksheets.getItem(sheet).activate();
      await context.sync();
    });
  });
};

const handler = (name: CommandName) => (event: Office.AddinCommands.Event) => {
  void runCommand(name, event, host, notify(name));
};

void Office.onReady(() => {
  // Handlers are associated below, at load time, as Excel requires.
});

// The names must match <FunctionName> in manifest.xml (checked by test/manifest/manifest.test.ts).
Office.actions.associate("validateTable", handler("validateTable"));
Office.actions.associate("enrichTable", handler("enrichTable"));
Office.actions.associate("summarizeTable", handler("summarizeTable"));
