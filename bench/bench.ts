// npm run bench: engine and CLI figures for generated tables, with ExcelJS alone as the yardstick.
import ExcelJS from 'exceljs';
import { applyPlan, loadWorkbook, saveWorkbook } from '../src/adapters/exceljs/workbook';
import { nativeZip } from '../src/adapters/exceljs/native-zip';
import { analyze } from '../src/core/check/analyze';
import { planEnrich } from '../src/core/plan/enrich';
import { locateTable } from '../src/core/workbook';
import { DEFAULT_DIRECTORY, mergeFootnoteGroups } from '../src/core/check/directory';
import { suggestUnits } from '../src/core/read/units';
import { generateTable, generateUnitsTable } from './generate';
import { generateDocx } from './word';
import { readWordNode } from '../src/adapters/word/node';
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import * as os from 'os';
import { tmpdir } from 'os';
import * as path from 'path';
import { measureCommands } from '../test/helpers/office';
import { measureSerialised } from '../test/helpers/officejs';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const fmt = (n: number) => `${n.toFixed(0).padStart(7)} ms`;

/** Median of several runs, so one slow run on a busy machine does not decide the figure. */
async function median(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(ms(t0));
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

async function engineAndCli(sizes: number[]) {
  console.log('\n== Engine and CLI (ExcelJS); yardstick = ExcelJS alone reading and writing the same input workbook');
  console.log('tasks   | recognize+validate | plan enrich+summary | enrich in-process (load+plan+apply+save) | CLI enrich: time, peak memory, output | ExcelJS read+write alone | findings');
  for (const n of sizes) {
    const xlsx = await generateTable(n);
    const loaded = await loadWorkbook(xlsx);
    const grid = loaded.input.sheets[0];
    let findings = 0;
    const engine = await median(5, () => {
      const a = analyze(grid)!;
      findings = a.findings.length;
      if (a.tasks.length !== n) throw new Error(`recognized ${a.tasks.length} of ${n} tasks`);
    });
    const located = locateTable(loaded.input);
    const plan = await median(5, () => planEnrich(located, loaded.input, { asOf: '2023-06-30' }));
    const enrich = await median(3, async () => {
      const l = await loadWorkbook(xlsx);
      const p = planEnrich(locateTable(l.input), l.input, { asOf: '2023-06-30' });
      applyPlan(l, p.plan);
      await saveWorkbook(l, { zip: nativeZip });
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'fengong-bench-'));
    writeFileSync(path.join(dir, 'in.xlsx'), xlsx);
    const cli = runCli(['enrich', path.join(dir, 'in.xlsx'), '-o', path.join(dir, 'out.xlsx'), '--as-of', '2023-06-30']);
    const yardstick = await median(3, async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
      await wb.xlsx.writeBuffer();
    });
    const size = `${(statSync(path.join(dir, 'out.xlsx')).size / 2 ** 20).toFixed(2)} MiB`;
    rmSync(dir, { recursive: true, force: true });
    console.log(`${String(n).padEnd(7)} | ${fmt(engine)}         | ${fmt(plan)}          | ${fmt(enrich)}                               | ${fmt(cli.ms)} ${`${cli.maxRssMiB} MiB`.padStart(8)} ${size.padStart(9)} | ${fmt(yardstick)}               | ${findings}`);
  }
}

const CLI = path.join(__dirname, '..', 'src', 'cli', 'main.js');
const MERGE_LOAD = path.join(__dirname, '..', 'src', 'adapters', 'exceljs', 'merge-load.js');

interface ProcessRun {
  ms: number;
  maxRssMiB: number;
}

/** A node process running `script`: its wall time and peak memory (resident set). */
function runNode(script: string, what: string): ProcessRun {
  const done = `process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n')`;
  const t0 = process.hrtime.bigint();
  const proc = spawnSync(process.execPath, ['-e', `${script}.then((c) => { ${done}; process.exitCode = c ?? 0; });`], { encoding: 'utf8' });
  const took = ms(t0);
  if (proc.status !== 0) throw new Error(`${what} failed: ${proc.stderr}`);
  return { ms: took, maxRssMiB: Math.round(Number(/MAXRSS (\d+)/.exec(proc.stderr)?.[1] ?? 0) / 1024) };
}

/** The CLI as a separate process. */
function runCli(args: string[]): ProcessRun {
  return runNode(`require(${JSON.stringify(CLI)}).run(${JSON.stringify(args)}, { out: () => {}, err: (s) => process.stderr.write(s) })`, `CLI ${args[0]}`);
}

/** ExcelJS alone as a separate process: load the file, write it back; `mergeFix` with the adapter's linear merge loading. */
function runExcelJs(input: string, output: string, mergeFix: boolean): ProcessRun {
  const fix = mergeFix ? `require(${JSON.stringify(MERGE_LOAD)}).linearMergeLoading();` : '';
  const body = `(async () => { const wb = new E.Workbook(); await wb.xlsx.load(fs.readFileSync(${JSON.stringify(input)})); fs.writeFileSync(${JSON.stringify(output)}, Buffer.from(await wb.xlsx.writeBuffer())); })()`;
  return runNode(`const E = require('exceljs'); const fs = require('fs'); ${fix} ${body}`, 'ExcelJS read+write');
}

const medianOf = (runs: ProcessRun[], key: keyof ProcessRun) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];

/**
 * Issue 16's yardstick: CLI enrich of a 10,000-task table pasted from Word (many merged areas) against ExcelJS
 * reading and writing the same file, both as whole processes, runs interleaved so that a busy machine weighs on both.
 */
async function cliAgainstExcelJs(n: number, runs: number) {
  const xlsx = await generateTable(n, 1, 0.3);
  const grid = (await loadWorkbook(xlsx)).input.sheets[0];
  console.log(`\n== CLI enrich against ExcelJS alone: ${n} tasks on ${grid.values.length} rows with ${grid.merges?.length ?? 0} merged areas (whole processes, medians of ${runs})`);
  const dir = mkdtempSync(path.join(tmpdir(), 'fengong-bench-'));
  const input = path.join(dir, 'in.xlsx');
  writeFileSync(input, xlsx);
  const cli: ProcessRun[] = [];
  const excel: ProcessRun[] = [];
  for (let i = 0; i < runs; i++) {
    cli.push(runCli(['enrich', input, '-o', path.join(dir, 'out.xlsx'), '--as-of', '2023-06-30']));
    excel.push(runExcelJs(input, path.join(dir, 'copy.xlsx'), true));
  }
  const stock = runExcelJs(input, path.join(dir, 'copy.xlsx'), false);
  rmSync(dir, { recursive: true, force: true });
  const [c, e] = [medianOf(cli, 'ms'), medianOf(excel, 'ms')];
  const peak = Math.max(...cli.map((r) => r.maxRssMiB));
  console.log(`CLI enrich                          ${fmt(c)}   peak ${String(peak).padStart(4)} MiB (target ≤ 600 MiB: ${peak <= 600 ? 'met' : 'MISSED'})`);
  console.log(`ExcelJS read+write, merge fix       ${fmt(e)}   peak ${String(Math.max(...excel.map((r) => r.maxRssMiB))).padStart(4)} MiB`);
  console.log(`ratio CLI / ExcelJS                 ${(c / e).toFixed(2).padStart(7)} ×   (target ≤ 3.5×: ${c / e <= 3.5 ? 'met' : 'MISSED'}); runs ${cli.map((r) => r.ms.toFixed(0)).join(', ')} ms against ${excel.map((r) => r.ms.toFixed(0)).join(', ')} ms`);
  console.log(`ExcelJS read+write, stock 4.4.0     ${fmt(stock.ms)}   peak ${String(stock.maxRssMiB).padStart(4)} MiB (one run: its merge check is quadratic, exceljs#2689)`);
}

/** SPEC §9 at scale: split a 1,000-task table into one workbook per unit, fill them, merge them back (CLI processes). */
async function cycle(n: number) {
  console.log(`\n== The 督办 cycle through the CLI, ${n} tasks (each a whole process)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'fengong-cycle-'));
  writeFileSync(path.join(dir, 'in.xlsx'), await generateTable(n));
  const master = path.join(dir, 'master.xlsx');
  runCli(['enrich', path.join(dir, 'in.xlsx'), '-o', master, '--as-of', '2023-06-30']);
  const split = runCli(['split', master, '-o', path.join(dir, 'lists'), '--as-of', '2023-06-30']);
  const lists = readdirSync(path.join(dir, 'lists')).map((f) => path.join(dir, 'lists', f));
  // Each unit marks its first five tasks done, as a unit would before sending its list back.
  for (const file of lists) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    for (let r = 6; r <= Math.min(ws.rowCount, 10); r++) ws.getCell(r, 7).value = '已完成';
    await wb.xlsx.writeFile(file);
  }
  const merge = runCli(['merge', master, ...lists, '-o', path.join(dir, 'merged.xlsx'), '--json']);
  console.log(`split into ${lists.length} unit workbooks: ${fmt(split.ms)}, ${split.maxRssMiB} MiB peak`);
  console.log(`merge ${lists.length} returned workbooks:    ${fmt(merge.ms)}, ${merge.maxRssMiB} MiB peak`);
  rmSync(dir, { recursive: true, force: true });
}

/** What `npm run fengong` adds over node running the built CLI, when no source changed (SPEC §7). */
function startup() {
  console.log('\n== CLI start-up on the sample: npm run --silent fengong -- inspect, against node on the built CLI (medians of 5)');
  const sample = path.join(__dirname, '..', '..', 'samples', '执法规范提升年-责任分工表.xlsx');
  const time = (cmd: string, args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      const p = spawnSync(cmd, args, { encoding: 'utf8', cwd: path.join(__dirname, '..', '..') });
      if (p.status !== 0) throw new Error(`${cmd} failed: ${p.stderr}`);
      times.push(ms(t0));
    }
    return times.sort((a, b) => a - b)[2];
  };
  const npm = time('npm', ['run', '--silent', 'fengong', '--', 'inspect', sample]);
  const node = time(process.execPath, [CLI, 'inspect', sample]);
  console.log(`npm run fengong: ${fmt(npm)}   node: ${fmt(node)}   npm adds ${fmt(npm - node)}`);
}

async function officeOnFake(sizes: number[]) {
  console.log('\n== Office.js adapter on the strict fake Excel (syncs = round trips, of which writes; request bytes as the fake measures them; time includes the fake)');
  console.log('tasks   | command   | syncs | writes | request bytes total | of which writes | largest request | adapter time');
  for (const n of sizes) {
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(2)} MiB`;
    for (const r of await measureCommands(await generateTable(n), '2023-06-30'))
      console.log(
        `${String(n).padEnd(7)} | ${r.command.padEnd(9)} | ${String(r.syncs).padStart(5)} | ${String(r.writeSyncs).padStart(6)} | ${mib(r.requestBytes).padStart(19)} | ${mib(r.writeBytes).padStart(15)} | ${mib(r.maxRequestBytes).padStart(15)} | ${fmt(r.ms)}`,
      );
  }
}

/** Each write request as office.js serialises it (its real runtime, test/helpers/officejs.ts): must stay ≤ 4.5 MiB. */
async function officeJsRequests() {
  console.log('\n== Write requests as office.js serialises them (real runtime; limit 4.5 MiB per request)');
  console.log('table                   | command         | write requests | largest');
  const tables: [string, () => Promise<Buffer>][] = [
    ['the sample', async () => readFileSync(path.join(__dirname, '..', '..', 'samples', '执法规范提升年-责任分工表.xlsx'))],
    ['120 units × 1,200 tasks', () => generateUnitsTable(1200, 120)],
    ['10,000 tasks', () => generateTable(10000)],
  ];
  for (const [label, make] of tables)
    for (const [command, requests] of Object.entries(await measureSerialised(await make(), '2023-06-30', ['enrich', 'summarize'])))
      console.log(`${label.padEnd(23)} | ${command.padEnd(15)} | ${String(requests!.length).padStart(14)} | ${(Math.max(...requests!) / 2 ** 20).toFixed(2)} MiB`);
}

function suggestions() {
  // Suggestions are the costly part of validation when many names are unknown: 10,000 distinct misspellings.
  const pool = [...'法规财调统防汛减灾火综合地震矿山危险化学品工贸救援协调预案管理市应急执法支队中心科普办公室局县区各安全生产监督业务'];
  const rand = (() => {
    let s = 7;
    return () => (s = (s * 48271) % 2147483647) / 2147483647;
  })();
  const names = new Set<string>();
  while (names.size < 10000) names.add(Array.from({ length: 3 + Math.floor(rand() * 8) }, () => pool[Math.floor(rand() * pool.length)]).join('') + '科');
  const t0 = process.hrtime.bigint();
  const dir = mergeFootnoteGroups(DEFAULT_DIRECTORY, []); // fresh directory: cold caches
  for (const n of names) suggestUnits(dir, n);
  console.log(`\nsuggestions for 10,000 distinct unknown unit names (cold caches): ${fmt(ms(t0))}`);
}

async function wordReader(sizes: number[]) {
  console.log('\n== Word reader (.docx → grid, choose the table, recognize): median of 5, in-process');
  for (const n of sizes) {
    const bytes = generateDocx(n);
    let tasks = 0;
    const t = await median(5, async () => {
      const w = await readWordNode(bytes, '附件.docx');
      tasks = analyze(w.grid)?.tasks.length ?? 0;
    });
    console.log(`${String(n).padEnd(7)} rows | ${fmt(t)} | ${tasks} tasks | ${(bytes.length / 1024).toFixed(0)} KB .docx`);
  }
}

/**
 * Bad input (test/badinput's engine cases) at table size: how long recognize + validate + plan take on cells a user
 * should not have written. The bad-input test checks what the engine does with them; the time is measured here.
 */
async function badInput(rows: number) {
  console.log(`\n== Bad input, ${rows} rows each: locate + validate + plan enrich (median of 3)`);
  const header = ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'];
  const cases: [string, (i: number) => (string | number)[]][] = [
    ['10,000-character content and unit cells', (i) => [i, `任务${i}`, '落实安全生产责任制，'.repeat(1000), '甲乙丙丁戊己庚辛壬癸'.repeat(1000), '办公室', '2023年6月底前']],
    ['unit names starting with = + - @', (i) => [i, `任务${i}`, '内容', ['=甲科', '+乙科', '-丙科', '@丁科'][i % 4], '-甲科?', '2023年9月底前']],
    ['unit names that make illegal sheet names', (i) => [i, `任务${i}`, '内容', `科${i % 50}?*`, `${'某'.repeat(31)}${i % 50}科`, '2023年9月底前']],
    ['#REF! / #N/A and numbers where text belongs', (i) => [i, 2023, '内容', 123, '#N/A', 2023]],
  ];
  for (const [name, row] of cases) {
    const wb = { sheets: [{ name: '分工', values: [header, ...Array.from({ length: rows }, (_, i) => row(i + 1))] }], names: [] };
    const t = await median(3, () => planEnrich(locateTable(wb), wb, { asOf: '2023-06-30' }));
    console.log(`${name.padEnd(44)} ${fmt(t)}${t > 10000 ? '   SLOW: over 10 s' : ''}`);
  }
}

async function main() {
  const list = (v: string | undefined, d: string) => (v ?? d).split(',').map(Number);
  console.log(`分工表助手 bench — medians of repeated runs; node ${process.version}, ${os.cpus().length} cores`);
  if (process.env.BENCH_ONLY === 'cli') {
    await cliAgainstExcelJs(Number(process.env.BENCH_CLI_SIZE ?? 10000), 3);
    return;
  }
  startup();
  await wordReader(list(process.env.BENCH_WORD_SIZES, '200,2000'));
  await badInput(Number(process.env.BENCH_BAD_ROWS ?? 1000));
  await cliAgainstExcelJs(Number(process.env.BENCH_CLI_SIZE ?? 10000), 3);
  await engineAndCli(list(process.env.BENCH_SIZES, '1000,10000'));
  await cycle(Number(process.env.BENCH_CYCLE_SIZE ?? 1000));
  await officeOnFake(list(process.env.BENCH_FAKE_SIZES, '1000,10000,50000'));
  await officeJsRequests();
  suggestions();
  await badInput(Number(process.env.BENCH_BAD_ROWS ?? 1000));
  const mem = process.memoryUsage();
  console.log(`RSS at the end ${(mem.rss / 2 ** 20).toFixed(0)} MiB`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
