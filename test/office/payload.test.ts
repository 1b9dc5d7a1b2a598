// What office.js really sends. The real runtime (node_modules/@microsoft/office-js) serialises each write request of the
// adapter (test/helpers/officejs.ts): every request of 添加状态列 and 汇总 stays at or under 4.5 MiB (Excel on the web
// refuses 5 MB), the adapter's estimate of each op is at least what the runtime sends for it, and a request Excel refuses
// as too large is sent again in smaller pieces.
import { readFileSync } from 'fs';
import { DEFAULT_PAYLOAD_BUDGET, queue, readWorkbook, sizedPieces } from '../../src/adapters/office/excel';
import { summarize } from '../../src/adapters/office/actions';
import { planAddStatus, planFindingsSheet, planSummarize } from '../../src/core/commands';
import { stagePlan } from '../../src/core/plan/stage';
import { locateTable } from '../../src/core/workbook';
import { generateTable, generateUnitsTable } from '../../bench/generate';
import { FakeWorkbook } from '../fake-excel';
import { comparable, fakeHost } from '../helpers/office';
import { Measured, measureSerialised, requestBytes, serialisedWrites } from '../helpers/officejs';
import { SAMPLE } from '../helpers/sample';

const LIMIT = 4.5 * 1024 * 1024;
const verbose = Boolean(process.env.FENGONG_VERBOSE);

test('the adapter budgets 4.5 MiB per request', () => {
  expect(DEFAULT_PAYLOAD_BUDGET).toBe(LIMIT);
});

test("each op's estimate is at least what office.js sends for it (sample: 添加状态列, 汇总 replacing, 校验 replacing)", async () => {
  const fake = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  const { host, excel } = fakeHost(fake);
  expect((await summarize(host, undefined, '2023-06-30')).ok).toBe(true);
  const snapshot = await excel.run((ctx) => readWorkbook(ctx));
  const input = snapshot.input;
  const located = locateTable(input, snapshot.activeSheet, { asOf: '2023-06-30' });
  // The request envelope alone (no op): what a request with nothing in it costs.
  const envelope = await requestBytes((ctx) => void ctx.workbook.names.getItem('x'));
  const kinds = new Set<string>();
  for (const plan of [planAddStatus(located, input), planSummarize(located, input), planFindingsSheet(located.analysis, input)]) {
    const staged = stagePlan(plan, input);
    for (const op of [...staged.build, ...staged.commit]) {
      const real = await requestBytes((ctx) =>
        // Only the name the op replaces is addressed (the adapter has it from the read).
        queue(ctx.workbook, { names: new Map(input.names.filter((n) => 'name' in op && n.name === op.name).map((n) => [n.name, ctx.workbook.names.getItem(n.name)])), conditionalFormats: [], activeSheet: '' }, op),
      );
      const estimate = sizedPieces(op, Infinity)[0].bytes;
      if (real - envelope > estimate) expect([op, real - envelope]).toEqual([op, `≤ ${estimate}`]);
      kinds.add(op.kind);
    }
  }
  // Every kind of op the three commands send was measured, the swap's deletions included.
  expect([...kinds].sort()).toEqual(expect.arrayContaining(['addSheet', 'conditionalFormat', 'dataBar', 'deleteName', 'deleteSheet', 'defineName', 'fillFormula', 'pageSetup', 'renameSheet', 'style', 'write']));
}, 120000);

describe('every write request ≤ 4.5 MiB as office.js serialises it', () => {
  const tables: [string, () => Promise<Buffer>, Measured[]][] = [
    ['the sample', async () => readFileSync(SAMPLE), ['enrich', 'summarize', 'summarize again']],
    ['120 units × 1,200 tasks', () => generateUnitsTable(1200, 120), ['enrich', 'summarize', 'summarize again']],
    ['10,000 tasks', () => generateTable(10000), ['enrich', 'summarize']],
  ];
  test.each(tables)('%s', async (label, make, commands) => {
    const measured = await measureSerialised(await make(), '2023-06-30', commands);
    for (const [command, requests] of Object.entries(measured)) {
      if (verbose) console.log(`${label}, ${command}: ${requests.length} write requests, largest ${(Math.max(...requests) / 1048576).toFixed(2)} MiB`);
      expect(requests.length).toBeGreaterThan(0);
      for (const bytes of requests) if (bytes > LIMIT) expect([label, command, bytes]).toEqual([label, command, '≤ 4.5 MiB']);
    }
  }, 600000);
});

test('a request Excel refuses as too large is sent again in smaller pieces (office.js runtime)', async () => {
  const fake = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  const snapshot = await fakeHost(fake).excel.run((ctx) => readWorkbook(ctx));
  const staged = stagePlan(planSummarize(locateTable(snapshot.input), snapshot.input, { asOf: '2023-06-30' }), snapshot.input);
  const limit = 20000;
  const refused: number[] = [];
  const requests = await serialisedWrites(snapshot, staged, undefined, (bytes) => (bytes > limit ? (refused.push(bytes), 'RequestPayloadSizeLimitExceeded') : undefined));
  expect(refused.length).toBeGreaterThan(0);
  const sent = requests.filter((b) => b <= limit);
  expect(sent.length).toBeGreaterThan(3);
  expect(sent.length + refused.length).toBe(requests.length);
});

test('on the fake: a 5 MB limit far under the budget still ends as one clean run', async () => {
  const clean = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  expect((await summarize(fakeHost(clean).host, undefined, '2023-06-30')).ok).toBe(true);
  const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  const { host, excel } = fakeHost(wb, { payloadLimitBytes: 30000 });
  const out = await summarize(host, undefined, '2023-06-30');
  expect(out).toMatchObject({ ok: true });
  expect(excel.stats.payloadBytes.filter((b) => b > 30000).length).toBeGreaterThan(0); // some were refused…
  expect(comparable(wb)).toEqual(comparable(clean)); // …and sent again in pieces
});
