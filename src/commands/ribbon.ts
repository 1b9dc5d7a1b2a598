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
