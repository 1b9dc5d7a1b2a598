// The real office.js runtime (node_modules/@microsoft/office-js), loaded in a VM context, with a request executor that
// records each request as office.js serialises it (ClientRequestBase.buildRequestMessageBodyAndRequestFlags, then the
// JSON the executor sends) and answers success. The adapter's write path runs on it unchanged, so the bytes it reports
// are the bytes Excel on the web would receive, not an estimate.
import { readFileSync } from 'fs';
import { createContext, runInContext } from 'vm';
import { summarize } from '../../src/adapters/office/actions';
import { Snapshot, applyStaged, readWorkbook } from '../../src/adapters/office/excel';
import { planAddStatus, planSummarize } from '../../src/core/commands';
import { Plan } from '../../src/core/plan/plan';
import { StagedPlan, stagePlan } from '../../src/core/plan/stage';
import { WorkbookInput } from '../../src/core/read/grid';
import { IsoDate } from '../../src/core/types';
import { Located, locateTable } from '../../src/core/workbook';
import { FakeWorkbook } from '../fake-excel';
import { fakeHost } from './office';

const RUNTIME = require.resolve('@microsoft/office-js/dist/excel-web-16.00.debug.js');

interface OfficeJs {
  Excel: typeof Excel;
  OfficeExtension: { SessionBase: new () => object };
}

let loaded: OfficeJs | undefined;

/**
 * The runtime's own parts: the TypeScript helper (__extends), OfficeExtension (requests, serialisation), OfficeCore and
 * the Excel namespace. The host bridge (OSF, Office.context) is left out: requests go to our executor.
 */
function load(): OfficeJs {
  if (loaded) return loaded;
  const lines = readFileSync(RUNTIME, 'utf8').split('\n');
  const find = (re: RegExp, from = 0) => {
    const i = lines.findIndex((l, n) => n >= from && re.test(l));
    if (i < 0) throw new Error(`office.js runtime: ${re} not found (the package changed: update test/helpers/officejs.ts)`);
    return i;
  };
  const extendsAt = find(/^var __extends = /);
  const extendsEnd = find(/^\}\)\(\);/, extendsAt);
  const coreAt = find(/^var OfficeExtension;\s*$/, find(/^\(function \(OfficeExtension_1\) \{/) - 2);
  const excelEnd = find(/^\}\)\(Excel \|\| \(Excel = \{\}\)\);/);
  const source = [...lines.slice(extendsAt, extendsEnd + 1), ...lines.slice(coreAt, excelEnd + 1)].join('\n');
  const sandbox: Record<string, unknown> = { console, setTimeout, clearTimeout, Promise, navigator: { userAgent: 'node' }, document: {}, location: { href: 'https://localhost/' } };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  createContext(sandbox);
  runInContext(`${source}\n;this.Excel = Excel; this.OfficeExtension = OfficeExtension;`, sandbox, { filename: RUNTIME });
  loaded = sandbox as unknown as OfficeJs;
  return loaded;
}

interface Body {
  Actions: { Id: number; ActionType: number; Name: string; ObjectPathId: number }[];
}

/**
 * The answer Excel gives to an object that office.js asked to keep (Excel.run tracks every range it creates with a
 * _KeepReference action): a reference id, after which the object stays valid across syncs of the batch.
 */
function references(body: Body): { ActionId: number; Value: unknown }[] {
  const kept = new Set(body.Actions.filter((a) => a.ActionType === 3 && a.Name === '_KeepReference').map((a) => a.ObjectPathId));
  return body.Actions.filter((a) => a.ActionType === 1 && kept.has(a.ObjectPathId)).map((a) => ({ ActionId: a.Id, Value: { _ReferenceId: `{ref-${a.ObjectPathId}}` } }));
}

/** What a recording run saw: the UTF-8 size of each request body the batch sent. */
export interface Recording {
  requests: number[];
}

/**
 * Excel.run of the real runtime (options as the add-in passes them), its requests answered by a recorder: each is
 * serialised as office.js sends it and answered with success — or with the error code `failWith` gives for it (as
 * Excel answers a refused request: nothing applied). Requests after the batch (office.js's own clean-up) are not counted.
 */
export async function recordingRun<T>(batch: (context: Excel.RequestContext) => Promise<T>, failWith?: (bytes: number) => string | undefined): Promise<Recording & { result: T }> {
  const { Excel: X, OfficeExtension } = load();
  const requests: number[] = [];
  let open = true;
  const executor = {
    executeAsync: (_custom: unknown, _flags: number, message: { Body: unknown }) => {
      const bytes = Buffer.byteLength(JSON.stringify(message.Body), 'utf8');
      if (open) requests.push(bytes);
      const code = open ? failWith?.(bytes) : undefined;
      if (code) return Promise.resolve({ ErrorCode: code, ErrorMessage: code, HttpStatusCode: 413, Headers: {}, Body: null });
      return Promise.resolve({ ErrorCode: null, Headers: {}, Body: { Results: references(message.Body as Body) } });
    },
  };
  class Session extends OfficeExtension.SessionBase {
    _resolveRequestUrlAndHeaderInfo() {
      return Promise.resolve({ url: 'https://localhost/', headers: {} });
    }
    _createRequestExecutorOrNull() {
      return executor;
    }
  }
  const run = X.run as unknown as (options: object, batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;
  const result = await run({ session: new Session(), delayForCellEdit: true }, async (context) => {
    const out = await batch(context);
    await context.sync();
    open = false;
    return out;
  });
  return { requests, result };
}

/** The size of one op's request alone, as office.js serialises it (for calibrating the adapter's estimate). */
export async function requestBytes(queue: (context: Excel.RequestContext) => void): Promise<number> {
  const { requests } = await recordingRun(async (context) => queue(context));
  return requests[0] ?? 0;
}

/**
 * The write requests of a command, as office.js serialises them: the workbook is read through the adapter on the fake,
 * the command's plan is staged, and the adapter's own write path (applyStaged, with its budget) runs on the real
 * runtime. Names and rules the read loaded are addressed by name / position there.
 */
export async function serialisedWrites(snapshot: Snapshot, staged: StagedPlan, budget?: number, failWith?: (bytes: number) => string | undefined): Promise<number[]> {
  const { requests } = await recordingRun(async (context) => {
    const wb = context.workbook;
    const real: Snapshot = {
      ...snapshot,
      names: new Map([...snapshot.names.keys()].map((n) => [n, wb.names.getItem(n)])),
      conditionalFormats: snapshot.conditionalFormats.map((c, i) => ({ ...c, format: wb.worksheets.getItem(snapshot.activeSheet).getRange().conditionalFormats.getItemAt(i) })),
    };
    await applyStaged(context, real, staged, budget);
  }, failWith);
  return requests;
}

export type Measured = 'enrich' | 'summarize' | 'summarize again';

/** Each write request of 添加状态列, 汇总 and a second 汇总 (replacing the first) on the table, in bytes as serialised. */
export async function measureSerialised(xlsx: Buffer, asOf: IsoDate, commands: Measured[] = ['enrich', 'summarize', 'summarize again'], budget?: number): Promise<Partial<Record<Measured, number[]>>> {
  const out: Partial<Record<Measured, number[]>> = {};
  const plans: [Measured, (l: Located, wb: WorkbookInput) => Plan][] = [
    ['enrich', (l, wb) => planAddStatus(l, wb, { asOf })],
    ['summarize', (l, wb) => planSummarize(l, wb, { asOf })],
    ['summarize again', (l, wb) => planSummarize(l, wb, { asOf })],
  ];
  const fake = await FakeWorkbook.fromXlsx(xlsx);
  for (const [name, plan] of plans.filter(([n]) => commands.includes(n))) {
    const { host, excel } = fakeHost(fake);
    if (name === 'summarize again') {
      const first = await summarize(host, undefined, asOf);
      if (!first.ok) throw new Error(first.message);
    }
    const snapshot = await excel.run((ctx) => readWorkbook(ctx));
    const located = locateTable(snapshot.input, snapshot.activeSheet, { asOf });
    out[name] = await serialisedWrites(snapshot, stagePlan(plan(located, snapshot.input), snapshot.input), budget);
  }
  return out;
}
