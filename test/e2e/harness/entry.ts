// Browser side of the end-to-end test: the strict fake Excel (test/fake-excel) behind the globals office.js
// provides (Office, Excel). Bundled by ../webpack.harness.js and served in place of the Office CDN's office.js, so the
// production taskpane.html mounts itself as in Excel, through the real officeHost; nothing in the product bundle is
// there for the test. The test drives it through `window.__e2e` (../api.ts).
import { FakeWorkbook, createExcelHost, type FakeWorkbookJSON } from '../../fake-excel';
import type { E2EApi } from '../api';

// The fake measures request payloads with Buffer.byteLength; a browser has no Buffer.
const g = globalThis as unknown as { Buffer?: { byteLength(s: string, encoding?: string): number } };
g.Buffer ??= { byteLength: (s: string) => new TextEncoder().encode(s).length };

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

/** Office.onReady resolves once the test has handed over the workbook (mount), as Excel's does once it is ready. */
let ready: (info: { host: string; platform: string }) => void = () => undefined;
const onReady = new Promise<{ host: string; platform: string }>((resolve) => (ready = resolve));

/** What officeHost reaches: Excel.run, Excel.createWorkbook, Office.context.requirements (set on mount). */
type Batch = (context: Excel.RequestContext) => Promise<unknown>;
const excelApi: { run?: (optionsOrBatch: Excel.RunOptions | Batch, batch?: Batch) => Promise<unknown>; createWorkbook?: (base64: string) => Promise<void> } = {};
let requirements: (name: string, version?: string) => boolean = () => false;
const officeApi = {
  HostType: { Excel: 'Excel' },
  PlatformType: { OfficeOnline: 'OfficeOnline' },
  onReady: (callback?: (info: { host: string; platform: string }) => void) => onReady.then((info) => (callback?.(info), info)),
  context: { requirements: { isSetSupported: (name: string, version?: string) => requirements(name, version) } },
};
Object.assign(globalThis, { Office: officeApi, Excel: excelApi });

const api: E2EApi = {
  async mount(stateUrl) {
    const res = await fetch(stateUrl);
    if (!res.ok) throw new Error(`harness: ${stateUrl} answered ${res.status}`);
    const book = FakeWorkbook.fromJSON((await res.json()) as FakeWorkbookJSON);
    const excel = createExcelHost(book);
    // Excel.run(batch) or Excel.run(options, batch): officeHost passes { delayForCellEdit: true } (nothing to delay here).
    excelApi.run = async (optionsOrBatch, maybeBatch) => {
      const batch = typeof optionsOrBatch === 'function' ? optionsOrBatch : maybeBatch!;
      while (gate) await gate;
      return excel.run((context) => {
        // In Excel every sync is a round trip to the host; the fake's are immediate. Wait for the next frame, so
        // the pane renders its progress steps as it would in Excel.
        const sync = context.sync.bind(context);
        context.sync = (<T>(value?: T) => nextFrame().then(() => sync(value))) as typeof context.sync;
        return batch(context);
      });
    };
    excelApi.createWorkbook = async (base64) => {
      while (gate) await gate;
      await nextFrame();
      return excel.createWorkbook(base64);
    };
    requirements = (name, version) => excel.isSetSupported(name, version);
    created = excel.created;
    new MutationObserver(recordProgress).observe(document.body, { subtree: true, childList: true, characterData: true });
    wb = book;
    ready({ host: 'Excel', platform: 'OfficeOnline' });
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
