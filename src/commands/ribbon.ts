// Ribbon function commands: run on the active sheet without the task pane, report the outcome,
// and always complete the event (Excel would otherwise keep the button busy).
import { Host, Outcome, addStatusColumns, summarize, validateToSheet, userMessage } from '../adapters/office/actions';

export const COMMANDS = {
  validateTable: validateToSheet,
  enrichTable: (host: Host) => addStatusColumns(host),
  summarizeTable: (host: Host) => summarize(host),
} as const;

export type CommandName = keyof typeof COMMANDS;

export interface CommandEvent {
  completed: () => void;
}

export async function runCommand(name: CommandName, event: CommandEvent, host: Host, notify: (o: Outcome) => Promise<void> | void): Promise<Outcome> {
  let outcome: Outcome;
  try {
    outcome = await COMMANDS[name](host);
  } catch (e) {
    outcome = { ok: false, message: userMessage(e) };
  }
  try {
    await notify(outcome);
  } catch {
    // A notification that cannot be shown must not keep the command from completing.
  } finally {
    event.completed();
  }
  return outcome;
}

/** The dialog page that shows an outcome; the text travels in the query string and is shown as text only. */
export function messageUrl(base: string, o: Outcome): string {
  return `${base}?ok=${o.ok ? 1 : 0}&m=${encodeURIComponent(o.message)}`;
}

/** Office's dialog API as the function file uses it (injected, so the branches can be tested without Office). */
export interface DialogApi {
  /** displayDialogAsync: resolves with the dialog, or rejects with the Office error code (12007, 12009, 12011, …). */
  open(url: string, inIframe: boolean): Promise<{ close: () => void; onClosed: (done: () => void) => void }>;
  /** Waits that long at most for the user to close the dialog (a function command must complete within 5 minutes). */
  waitMs: number;
  sleep: (ms: number) => Promise<void>;
}

/** How the outcome was shown: in the dialog, or by the fallback (the sheet with the result activated). */
export type Shown = 'dialog' | 'fallback';

/**
 * Shows an outcome in the dialog and resolves when the user closed it (or after `waitMs`), so event.completed() runs
 * only then and the dialog's 关闭 button still has its handler. It opens inside the page (displayInIframe), which
 * Excel on the web's pop-up blocker cannot stop (12011 is for pop-up windows). 12007 (a dialog still open): tried
 * again after a moment; otherwise (12009: the user chose to ignore dialogs; 12011) the fallback shows the outcome in
 * the workbook.
 */
export async function showOutcome(api: DialogApi, url: string, fallback: () => Promise<void>): Promise<Shown> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const dialog = await api.open(url, true);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, api.waitMs);
        dialog.onClosed(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      try {
        dialog.close();
      } catch {
        // closed by the user already
      }
      return 'dialog';
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code !== 12007) break;
      await api.sleep(1000);
    }
  }
  await fallback();
  return 'fallback';
}

/** The sheet that holds a command's result, activated when the outcome cannot be shown in a dialog. */
export const RESULT_SHEET: Record<CommandName, string | null> = { validateTable: '校验结果', enrichTable: null, summarizeTable: '汇总' };
