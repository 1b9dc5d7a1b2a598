// The add-in's Host on the strict fake Excel, as the task pane and ribbon get it from Office.
import { Host, addStatusColumns, inspect, summarize } from '../../src/adapters/office/actions';
import { ExcelHostOptions, FakeWorkbook, FakeWorkbookJSON, createExcelHost } from '../fake-excel';

/** The document without what differs between two equal runs: object ids, the id counter, name order. */
export function comparable(wb: FakeWorkbook): unknown {
  const j = JSON.parse(JSON.stringify(wb.toJSON())) as FakeWorkbookJSON;
  return {
    ...j,
    seq: 0,
    names: [...j.names].sort((a, b) => a.name.localeCompare(b.name)),
    sheets: j.sheets.map((s) => ({ ...s, id: '', conditionalFormats: s.conditionalFormats.map((c) => ({ ...c, id: '' })) })),
  };
}

/** The add-in's Host on a fake workbook; `payloadBudget` makes the adapter split writes into smaller round trips. */
export function fakeHost(wb: FakeWorkbook, opts: ExcelHostOptions & { payloadBudget?: number } = {}) {
  const excel = createExcelHost(wb, opts);
  const host: Host = {
    run: (b) => excel.run(b),
    isSetSupported: (n, v) => excel.isSetSupported(n, v),
    createWorkbook: (base64) => excel.createWorkbook(base64),
    ...(opts.payloadBudget ? { payloadBudget: opts.payloadBudget } : {}),
  };
  return { host, excel };
}

export interface CommandRun {
  command: 'validate' | 'enrich' | 'summarize';
  syncs: number;
  /** Of those, the round trips that wrote (the rest read). */
  writeSyncs: number;
  /** Bytes sent by the writing round trips. */
  writeBytes: number;
  requestBytes: number;
  maxRequestBytes: number;
  ms: number;
}

/** Runs each ribbon command on a fresh fake workbook loaded from the same .xlsx; round trips, bytes and time. */
export async function measureCommands(xlsx: Buffer, asOf: string): Promise<CommandRun[]> {
  const runs: CommandRun[] = [];
  for (const [command, action] of [
    ['validate', (h: Host) => inspect(h)],
    ['enrich', (h: Host) => addStatusColumns(h, undefined, asOf)],
    ['summarize', (h: Host) => summarize(h, undefined, asOf)],
  ] as const) {
    const { host, excel } = fakeHost(await FakeWorkbook.fromXlsx(xlsx));
    const t0 = process.hrtime.bigint();
    const out = await action(host);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!out.ok) throw new Error(out.message);
    const requestBytes = excel.stats.payloadBytes.reduce((a, b) => a + b, 0);
    const writeSyncs = out.stats?.syncs ?? 0;
    const writeBytes = excel.stats.payloadBytes.slice(excel.stats.payloadBytes.length - writeSyncs).reduce((a, b) => a + b, 0);
    runs.push({ command, syncs: excel.stats.syncs, writeSyncs, writeBytes, requestBytes, maxRequestBytes: excel.stats.maxPayloadBytes, ms });
  }
  return runs;
}
