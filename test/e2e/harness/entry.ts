// Browser side of the end-to-end test: the strict fake Excel (test/fake-excel) as the task pane's Host.
// Bundled by ../webpack.harness.js and loaded into the production taskpane.html; the test drives it through
// `window.__e2e` (../api.ts).
import type { Host } from '../../../src/adapters/office/actions';
import { FakeWorkbook, createExcelHost, type FakeWorkbookJSON } from '../../fake-excel';
import type { E2EApi } from '../api';

// The fake measures request payloads with Buffer.byteLength; a browser has no Buffer.
const g = globalThis as unknown as { Buffer?: { byteLength(s: string, encoding?: string): number } };
g.Buffer ??= { byteLength: (s: string) => new TextEncoder().encode(s).length };

type MountFn = (el: Element, host: Host) => () => void;

let wb: FakeWorkbook | null = null;
let gate: Promise<void> | null = null;
let open: (() => void) | null = null;
let progress: string[] = [];
let created: string[] = [];

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

function recordProgress(): void {
  // StatusBar's busy line: "添加状态列…" or "添加状态列：<engine step>".
  const text = document.querySelector('[data-testid="progress"]')?.textContent?.trim();
  if (text && progress[progress.length - 1] !== text) progress.push(text);
}

const api: E2EApi = {
  async mount(stateUrl) {
    const res = await fetch(stateUrl);
    if (!res.ok) throw new Error(`harness: ${stateUrl} answered ${res.status}`);
    const book = FakeWorkbook.fromJSON((await res.json()) as FakeWorkbookJSON);
    const excel = createExcelHost(book);
    const host: Host = {
      run: async (batch) => {
        while (gate) await gate;
        return excel.run((context) => {
          // In Excel every sync is a round trip to the host; the fake's are immediate. Wait for the next frame, so
          // the pane renders its progress steps as it would in Excel.
          const sync = context.sync.bind(context);
          context.sync = (<T>(value?: T) => nextFrame().then(() => sync(value))) as typeof context.sync;
          return batch(context);
        });
      },
      isSetSupported: (name, version) => excel.isSetSupported(name, version),
      createWorkbook: async (base64) => {
        while (gate) await gate;
        await nextFrame();
        return excel.createWorkbook(base64);
      },
    };
    created = excel.created;
    const mountApp = (window as unknown as { __fengongMount?: MountFn }).__fengongMount;
    const container = document.getElementById('container');
    if (!mountApp || !container) throw new Error('harness: taskpane.html with the task pane bundle must be loaded first');
    new MutationObserver(recordProgress).observe(document.body, { subtree: true, childList: true, characterData: true });
    wb = book;
    mountApp(container, host);
  },
  state() {
    if (!wb) throw new Error('harness: not mounted');
    return wb.toJSON();
  },
  created() {
    return [...created];
  },
  hold() {
    if (!gate) gate = new Promise<void>((resolve) => (open = resolve));
  },
  release() {
    const resolve = open;
    gate = null;
    open = null;
    resolve?.();
  },
  progress() {
    const seen = progress;
    progress = [];
    return seen;
  },
};

(window as unknown as { __e2e: E2EApi }).__e2e = api;
