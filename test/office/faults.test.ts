// Fault injection. For 校验 and 汇总 replacing their sheets and 添加状态列's first run, at the default budget and a small
// one, every write round trip fails after every k-th of its commands (every command of the swap), and once after all
// of them ran with the answer lost; the other commands fail half-way through each write round trip, or lose the
// connection for good. Right after each failure every generated sheet is as before or as after one clean run — as the
// message says — no marker name points at a missing sheet, no temporary sheet is left; one re-run equals one clean run.
import { readFileSync } from 'fs';
import { Host, Outcome, addStatusColumns, applySuggestion, editDirectory, inspect, setAsOf, summarize, validateToSheet } from '../../src/adapters/office/actions';
import { Finding } from '../../src/core/types';
import { sheetOfReference } from '../../src/core/workbook';
import { Fault, FakeWorkbook, FakeWorkbookJSON } from '../fake-excel';
import { comparable, fakeHost } from '../helpers/office';
import { SAMPLE } from '../helpers/sample';

/** Deep equality, compared as JSON first (jest's toEqual is slow on whole workbooks); the diff only on a mismatch. */
function same(context: string, got: unknown, want: unknown): void {
  if (JSON.stringify(got) !== JSON.stringify(want)) expect([context, got]).toEqual([context, want]);
}

/** What the message after a failure may say, and so what the workbook must look like right then. */
const SAYS = {
  undone: /已撤销本次写入，工作簿与操作前相同/,
  partial: /表格中的更改可能未写入或只写入了一部分。再次运行“[^”]+”即可补全/,
  stuck: /未能自动清理.*再次运行“[^”]+”会自动清理并补全/,
  completed: /已自动补全：新的工作表已全部就位/,
};
type Said = keyof typeof SAYS | 'clean';
function said(out: Outcome): Said | undefined {
  if (out.ok) return SAYS.completed.test(out.message) ? 'completed' : 'clean';
  return (Object.keys(SAYS) as (keyof typeof SAYS)[]).find((k) => k !== 'completed' && SAYS[k].test(out.message));
}

type Sheets = Map<string, string>;
/** Each sheet's state by name (ids aside), to compare one sheet at a time. */
function sheetsOf(state: unknown): Sheets {
  return new Map((state as { sheets: { name: string }[] }).sheets.map((s) => [s.name, JSON.stringify(s)]));
}

/** Marker names whose formula names a sheet that is not there. */
function danglingMarkers(wb: FakeWorkbook): string[] {
  const sheets = new Set(wb.sheetNames().map((n) => n.toLowerCase()));
  return wb
    .names()
    .filter((n) => n.name.startsWith('_fengong_') && n.formula.includes('!'))
    .filter((n) => {
      const target = sheetOfReference(n.formula);
      return target === null || !sheets.has(target.toLowerCase());
    })
    .map((n) => n.name);
}

const verbose = Boolean(process.env.FENGONG_VERBOSE);

type Command = { name: string; budget: number; table?: string; start: () => Promise<FakeWorkbook>; run: (host: Host, wb: FakeWorkbook) => Promise<Outcome> };

async function sample(): Promise<FakeWorkbook> {
  return FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
}

/**
 * The sample with status columns (and so 单位名录). A first 汇总 starts here: on a workbook without 单位名录 the second
 * run reads the seeded directory back, whose group members come in another order, and 任务明细 lists them so (an
 * engine matter, reported; not what this test is about).
 */
async function enriched(): Promise<FakeWorkbook> {
  const wb = await sample();
  expect((await addStatusColumns(fakeHost(wb).host, undefined, '2023-06-30')).ok).toBe(true);
  return wb;
}

/** The sample after a first 汇总 and the user's typing: what a second run replaces. */
async function summarized(): Promise<FakeWorkbook> {
  const wb = await sample();
  const { host, excel } = fakeHost(wb);
  expect((await summarize(host, undefined, '2023-06-30')).ok).toBe(true);
  await excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem('Sheet1').getRange('G4:I5').values = [
      ['已完成', 45005, '按期完成'],
      ['进行中', '', '推进中'],
    ];
    await ctx.sync();
  });
  return wb;
}

/** A table with a misspelt unit; the suggestion is found once, as the task pane shows it, and clicked (again). */
function typo(): Promise<FakeWorkbook> {
  return Promise.resolve(
    FakeWorkbook.fromGrids([
      {
        name: '分工',
        values: [
          ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'],
          [1, '任务', '内容', '法规科', '办公室、规才科、各县（市、区）应急管理局', '2023年6月底前'],
          [2, '任务二', '内容二', '办公室', '法规科', '2023年9月底前'],
        ],
      },
    ]),
  );
}
let shown: Finding | undefined;
async function shownFinding(): Promise<Finding> {
  shown ??= (await inspect(fakeHost(await typo()).host)).analysis!.findings.find((f) => f.code === 'unit.unknown')!;
  return shown;
}

async function validated(): Promise<FakeWorkbook> {
  const wb = await summarized();
  expect((await validateToSheet(fakeHost(wb).host)).ok).toBe(true);
  return wb;
}

const COMMANDS: Command[] = [
  { name: '校验 (validate to sheet, replacing)', budget: 6000, start: validated, run: (h) => validateToSheet(h) },
  { name: '添加状态列 (add status columns, first run)', budget: 20000, start: sample, run: (h) => addStatusColumns(h, undefined, '2023-06-30') },
  { name: '汇总 (summarize, first run)', budget: 1000000, start: enriched, run: (h) => summarize(h, undefined, '2023-06-30') },
  { name: '汇总 (summarize, replacing)', budget: 200000, start: summarized, run: (h) => summarize(h, undefined, '2023-06-30') },
  {
    name: '应用建议 (apply suggestion)',
    budget: 1000,
    table: '分工',
    start: typo,
    run: async (h) => {
      const f = await shownFinding();
      return applySuggestion(h, f, f.suggestions[0]);
    },
  },
  { name: '设置基准日期 (set as-of)', budget: 2000, start: summarized, run: (h) => setAsOf(h, '2023-07-31') },
  { name: '编辑单位名录 (edit directory)', budget: 8000, start: summarized, run: (h) => editDirectory(h, { kind: 'addAlias', unit: '法规科', alias: '政策法规科' }) },
];

/** The three: a failure after every k-th command of every write round trip, at the default budget and a small one. */
const FINE = new Set(['校验 (validate to sheet, replacing)', '添加状态列 (add status columns, first run)', '汇总 (summarize, replacing)']);

/** The commands of a round trip after which it fails: every k-th (k chosen so that about `samples` fall in it), and the last. */
function keeps(commands: number, samples: number): number[] {
  const k = Math.max(1, Math.ceil(commands / samples));
  const out = new Set<number>();
  for (let i = 0; i < commands; i += k) out.add(i);
  out.add(commands - 1);
  return [...out].sort((x, y) => x - y);
}

type Run = { label: string; fault: Fault };

describe.each(COMMANDS.flatMap((cmd) => (FINE.has(cmd.name) ? [{ ...cmd, budget: undefined as number | undefined }, cmd] : [cmd])))('$name, budget $budget', (cmd) => {
  let clean: unknown;
  let startState: FakeWorkbookJSON;
  const runs: Run[] = [];
  const start = async () => FakeWorkbook.fromJSON(startState);

  beforeAll(async () => {
    startState = (await cmd.start()).toJSON();
    const wb = await start();
    const { host, excel } = fakeHost(wb, cmd.budget ? { payloadBudget: cmd.budget } : {});
    const out = await cmd.run(host, wb);
    expect(out).toMatchObject({ ok: true });
    clean = comparable(wb);
    // The write round trips come just before the last one (the lock given back).
    const writes = out.stats!.syncs;
    const first = excel.stats.syncs - writes; // 1-based number of the first write round trip
    for (let w = 0; w < writes; w++) {
      const at = first + w;
      const commands = excel.stats.commands[at - 1];
      const swap = out.stats!.phases?.[w] === 'swap';
      const fine = FINE.has(cmd.name);
      const ks = fine ? keeps(commands, swap ? (cmd.budget ? 3 : 8) : cmd.budget ? 1 : 3) : [Math.floor(commands / 2)];
      for (const keep of ks) runs.push({ label: `write ${w + 1}/${writes} (${out.stats!.phases?.[w]}), fails after ${keep}/${commands} commands`, fault: { at, keep } });
      runs.push({ label: `write ${w + 1}/${writes} (${out.stats!.phases?.[w]}), ran but the answer was lost`, fault: { at, keep: 'all' } });
      if (!fine) runs.push({ label: `write ${w + 1}/${writes}, connection lost for good`, fault: { at, keep: 'half', offline: true } });
    }
    if (verbose) console.log(`${cmd.name}, budget ${cmd.budget ?? 'default'}: ${writes} write round trips, ${runs.length} faults`);
  }, 60000);

  test('right after each failure: every generated sheet as before or as after one clean run, as the message says; no marker without its sheet; a re-run equals one clean run', async () => {
    const seen = new Set<Said | undefined>();
    for (const { label, fault } of runs) {
      const wb = await start();
      const before = comparable(wb);
      const { host, excel } = fakeHost(wb, cmd.budget ? { payloadBudget: cmd.budget } : {});
      excel.inject(fault);
      const out = await cmd.run(host, wb);
      const context = `${cmd.name}, ${label}: ${out.message}`;
      const s = said(out);
      seen.add(s);
      // A failure is never reported as a clean run, and what is said is one of the statements the checks below hold to.
      expect([context, s !== undefined && s !== 'clean']).toEqual([context, true]);
      const now = comparable(wb);
      if (s === 'undone') same(context, now, before);
      if (s !== 'stuck') {
        const [b, c, n] = [sheetsOf(before), sheetsOf(clean), sheetsOf(now)];
        for (const sheet of new Set([...b.keys(), ...c.keys()])) {
          if (sheet === (cmd.table ?? 'Sheet1')) continue; // the table itself: changed in place, may be partial ("表格中的更改…")
          const want = s === 'completed' ? c.get(sheet) : b.get(sheet);
          if (n.get(sheet) !== want) expect([context, sheet, n.get(sheet)?.slice(0, 300)]).toEqual([context, sheet, want?.slice(0, 300)]);
        }
        expect([context, wb.sheetNames().filter((x) => x.startsWith('~'))]).toEqual([context, []]);
        expect([context, danglingMarkers(wb)]).toEqual([context, []]);
      } else expect(fault.offline).toBe(true);
      excel.online();
      const again = await cmd.run(host, wb);
      // Adding an alias that the interrupted run did write is refused, and leaves nothing to do.
      if (!again.ok) expect([context, again.message]).toEqual([context, expect.stringMatching(/已是“法规科”的名称或别名/)]);
      expect(wb.sheetNames().filter((x) => /\(\d+\)$|^~/.test(x))).toEqual([]);
      same(context, comparable(wb), clean);
    }
    // Every way out was taken where the command has it: building (undone), the swap (completed), the user's sheet (partial).
    const news = (clean as { sheets: unknown[] }).sheets.length > (JSON.parse(JSON.stringify(startState)) as { sheets: unknown[] }).sheets.length || cmd.name.includes('replacing');
    if (news) expect([cmd.name, [...seen].filter((x) => x === 'undone' || x === 'completed').sort()]).toEqual([cmd.name, ['completed', 'undone']]);
    else expect([cmd.name, seen.has('partial')]).toEqual([cmd.name, true]);
    if (verbose) console.log(`${cmd.name}: ${[...seen].join(' / ')}`);
  }, 300000);
});

test('a failure in the read leaves the workbook unchanged, and says so', async () => {
  const wb = await sample();
  const before = comparable(wb);
  const { host, excel } = fakeHost(wb);
  excel.inject({ at: 1, keep: 0, offline: true });
  const out = await summarize(host, undefined, '2023-06-30');
  expect(out.ok).toBe(false);
  expect(out.message).toMatch(/工作簿未作任何改动/);
  expect(comparable(wb)).toEqual(before);
});
