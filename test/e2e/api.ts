// What the browser harness (harness/entry.ts) exposes to the test as `window.__e2e`. Types only, no DOM: this file is
// type-checked with the rest of test/ (tsconfig.json) and with the harness (harness/tsconfig.json).
import type { FakeWorkbookJSON } from '../fake-excel';

export interface E2EApi {
  /** Fetches the fake's state (FakeWorkbook.toJSON) from stateUrl and makes Office ready: the pane mounts itself on it. */
  mount(stateUrl: string): Promise<void>;
  /** The fake's whole state now, for FakeWorkbook.fromJSON in Node. */
  state(): FakeWorkbookJSON;
  /** The workbooks the pane opened with Excel.createWorkbook, as the base64 .xlsx it passed, in order. */
  created(): string[];
  /** From now on, Excel batches wait (the pane stays busy) until release(). */
  hold(): void;
  release(): void;
  /** The progress texts the pane showed since the last call (StatusBar's busy line), in order. */
  progress(): string[];
}

/** `window` as the test sees it through page.evaluate. */
export type E2EWindow = typeof globalThis & { __e2e: E2EApi };
