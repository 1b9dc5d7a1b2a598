// fengong: the engine on .xlsx files. Exit 0 ok, 2 unusable input (reason on stderr), 1 internal failure.
import { promises as fs } from 'fs';
import * as path from 'path';
import { loadWorkbook, applyPlan, saveWorkbook, buildWorkbook, LoadedWorkbook } from '../adapters/exceljs/workbook';
import { MergeReport, ReturnedWorkbook, mergeCounts, planMerge, planUnitLists, remindSummary, reminders } from '../core/cycle/cycle';
import { nativeZip } from '../adapters/exceljs/native-zip';
import { Analysis } from '../core/check/analyze';
import { countsText } from '../core/commands';
import { planEnrich } from '../core/plan/enrich';
import { columnLetter } from '../core/read/grid';
import { ROLES } from '../core/read/recognize';
import { computeSummary, SummaryResult } from '../core/plan/summary';
import { SEVERITY_LABEL } from '../core/types';
import { InputError, assertWritable, locateTable, notAWorkbook, parseColumnMap, readStatuses, storedAsOf } from '../core/workbook';
import { isIsoDate, todayIso } from '../core/dates';
import { ColumnMapping } from '../core/read/recognize';
import { Finding } from '../core/types';
import { readWordNode } from '../adapters/word/node';
import { isWordFileName, sniffFormat } from '../adapters/word/read';
import { importPreview, planImport } from '../core/plan/import';

const USAGE = `用法：
  fengong inspect FILE [--sheet 工作表名] [--as-of YYYY-MM-DD] [--json]
  fengong enrich FILE -o 输出文件 [--as-of YYYY-MM-DD] [--sheet 工作表名]
  fengong summary FILE [--as-of YYYY-MM-DD] [--sheet 工作表名] [--json]
  fengong split FILE -o 输出文件夹 [--as-of YYYY-MM-DD] [--reply-by YYYY-MM-DD] [--return-to 接收人]
  fengong remind FILE [--as-of YYYY-MM-DD] [--unit 单位] [--reply-by YYYY-MM-DD] [--return-to 接收人] [--json]
  fengong merge FILE 回报文件… -o 输出文件 [--json]
  fengong import Word文件 -o 输出文件.xlsx（读取 .docx/.doc/.wps 中的表格，写成工作簿；各命令的 FILE 也可以是 Word 文件）
识别不出表格时，用 --map 指出各列（任选几项），--header-row 指出表头所在行：
  --map seq=A,task=B,content=C,lead=D,support=E,deadline=F --header-row 3`;

const COMMANDS = ['inspect', 'enrich', 'summary', 'split', 'remind', 'merge', 'import'];

interface Args {
  command: string;
  file?: string;
  /** merge: the returned files. */
  more: string[];
  out?: string;
  sheet?: string;
  asOf?: string;
  replyBy?: string;
  returnTo?: string;
  unit?: string;
  map?: string;
  headerRow?: string;
  json: boolean;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = { command: argv[0] ?? '', json: false, more: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new InputError(`参数 ${a} 后面缺少值。\n${USAGE}`);
      return v;
    };
    if (a === '--json') args.json = true;
    else if (a === '-o' || a === '--out') args.out = value();
    else if (a === '--sheet') args.sheet = value();
    else if (a === '--as-of') args.asOf = value();
    else if (a === '--reply-by') args.replyBy = value();
    else if (a === '--return-to') args.returnTo = value();
    else if (a === '--unit') args.unit = value();
    else if (a === '--map') args.map = value();
    else if (a === '--header-row') args.headerRow = value();
    else if (a.startsWith('-')) throw new InputError(`不认识的参数 ${a}。\n${USAGE}`);
    else if (!args.file) args.file = a;
    else if (args.command === 'merge') args.more.push(a);
    else throw new InputError(`多余的参数 ${a}。\n${USAGE}`);
  }
  if (!COMMANDS.includes(args.command)) throw new InputError(`请指定命令 ${COMMANDS.join('、')} 之一。\n${USAGE}`);
  if (!args.file) throw new InputError(`请指定要处理的 .xlsx 文件。\n${USAGE}`);
  for (const [flag, v] of [['--as-of', args.asOf], ['--reply-by', args.replyBy]] as const)
    if (v !== undefined && !isIsoDate(v)) throw new InputError(`${flag} 需要 YYYY-MM-DD 格式的有效日期，收到“${v}”。`);
  if (['enrich', 'merge', 'import'].includes(args.command) && !args.out) throw new InputError(`${args.command} 需要用 -o 指定输出文件。\n${USAGE}`);
  if (args.command === 'split' && !args.out) throw new InputError(`split 需要用 -o 指定输出文件夹。\n${USAGE}`);
  if (args.command === 'merge' && args.more.length === 0) throw new InputError(`merge 需要至少一个回报文件：fengong merge 原表.xlsx 回报1.xlsx 回报2.xlsx -o 合并后.xlsx`);
  if (args.headerRow !== undefined && !/^[1-9]\d{0,6}$/.test(args.headerRow)) throw new InputError(`--header-row 需要表头所在的行号（从 1 开始），收到“${args.headerRow}”。`);
  if (args.headerRow !== undefined && args.map === undefined) throw new InputError('--header-row 要和 --map 一起使用，如 --map task=B,lead=D,deadline=F --header-row 3。');
  return args;
}

/** The user's --map/--header-row as a column mapping. */
function mappingOf(args: Args): ColumnMapping | undefined {
  if (args.map === undefined) return undefined;
  return { columns: parseColumnMap(args.map), ...(args.headerRow ? { headerRow: Number(args.headerRow) - 1 } : {}) };
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch {
    throw new InputError(`无法读取文件“${file}”：文件不存在或没有读取权限。`);
  }
}

/** A Word file's table as the workbook `import` writes (the bytes), with what reading it found out. */
async function importWord(buffer: Buffer, file: string): Promise<{ bytes: Uint8Array; notes: Finding[] }> {
  const word = await readWordNode(buffer, path.basename(file));
  const plan = planImport(word.grid, word.tableTop, word.grid.name);
  return { bytes: await buildWorkbook(plan, { zip: nativeZip }), notes: word.notes };
}

/** True when FILE is a Word document (or a PDF), told by its bytes, else by its name. */
function isWord(buffer: Buffer, file: string): boolean {
  const f = sniffFormat(buffer);
  return f === 'pdf' || (f === 'docx' ? /\.(docx|docm)$/i.test(file) : f === 'doc' ? true : isWordFileName(file));
}

async function open(file: string, notes: Finding[] = []): Promise<LoadedWorkbook> {
  const buffer = await readInput(file);
  if (isWord(buffer, file)) {
    const word = await importWord(buffer, file);
    notes.push(...word.notes);
    return loadWorkbook(word.bytes);
  }
  try {
    return await loadWorkbook(buffer);
  } catch {
    throw new InputError(notAWorkbook(path.basename(file)));
  }
}

/** The JSON of `inspect` (SPEC §7). */
export function inspectJson(analysis: Analysis) {
  const rec = analysis.recognition;
  const columns = Object.fromEntries(ROLES.map((r) => [r, rec.columns[r] !== undefined ? columnLetter(rec.columns[r]!) : null]));
  return {
    sheet: rec.sheet,
    headerRow: rec.headerRow + 1,
    columns,
    tasks: analysis.tasks.map((t) => ({
      row: t.row + 1,
      seq: t.seq,
      task: t.task,
      content: t.content,
      lead: t.lead.map((u) => ({ text: u.text, unit: u.unit })),
      support: t.support.map((u) => ({ text: u.text, unit: u.unit })),
      deadline: {
        text: t.deadline.text,
        kind: t.deadline.kind,
        ...(t.deadline.due ? { due: t.deadline.due } : {}),
        ...(t.deadline.every ? { every: t.deadline.every } : {}),
        ...(t.deadline.start ? { start: t.deadline.start } : {}),
      },
    })),
    issues: analysis.findings.map((f) => ({ cell: f.cell, severity: f.severity, code: f.code, message: f.message, suggestions: f.suggestions, ...(f.cells ? { cells: f.cells } : {}) })),
  };
}

function findingsText(analysis: Analysis): string {
  const rec = analysis.recognition;
  const lines = [`工作表“${rec.sheet}”第 ${rec.headerRow + 1} 行为表头，识别出 ${countsText(analysis)}。`];
  for (const f of analysis.findings) {
    const sug = f.suggestions.length ? `（建议：${f.suggestions.join(' / ')}）` : '';
    lines.push(`  [${SEVERITY_LABEL[f.severity]}] ${f.cell} ${f.message}${sug}`);
  }
  return lines.join('\n');
}

function summaryText(s: SummaryResult): string {
  const lines = [`基准日期 ${s.asOf}`, '单位\t牵头\t配合\t合计\t已完成\t进行中\t逾期\t7天内到期'];
  for (const u of s.units) lines.push([u.unit, u.lead, u.support, u.total, u.done, u.inProgress, u.overdue, u.dueSoon].join('\t'));
  return lines.join('\n');
}

function mergeText(r: MergeReport): string {
  const lines = [`合并结果：${mergeCounts(r)}。`];
  for (const a of r.applied) lines.push(`  [采用] 第 ${a.row} 行（序号 ${a.seq}）${a.field}：“${a.from}” → “${a.to}”（${a.unit}）`);
  for (const c of r.conflicts) lines.push(`  [冲突] 第 ${c.row} 行（序号 ${c.seq}）${c.field}：${c.values.map((v) => `${v.unit}“${v.value}”`).join('，')}；保留原值“${c.kept}”`);
  for (const i of r.ignored) lines.push(`  [未采用] ${i.file}${i.row ? ` 第 ${i.row} 行` : ''}：${i.reason}`);
  return lines.join('\n');
}

/** Writes OUT whole or not at all: a temporary file beside it, then a rename. */
async function writeAtomically(out: string, data: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, out);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw new InputError(`无法写入输出文件“${out}”：${(e as NodeJS.ErrnoException).code === 'ENOENT' ? '目录不存在' : '没有写入权限或磁盘已满'}。`);
  }
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const processIo: Io = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) };

export async function run(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'import') return await runImport(args, io);
    const notes: Finding[] = [];
    const loaded = await open(args.file!, notes);
    loaded.input.fileName = path.basename(args.file!);
    const asOf = args.asOf ?? storedAsOf(loaded.input) ?? todayIso();
    const located = locateTable(loaded.input, args.sheet, { asOf, mapping: mappingOf(args) });
    const { analysis } = located;
    analysis.findings.unshift(...notes);
    if (args.command === 'inspect') {
      io.out(args.json ? `${JSON.stringify(inspectJson(analysis), null, 2)}\n` : `${findingsText(analysis)}\n`);
      return 0;
    }
    if (args.command === 'summary') {
      const s = computeSummary(analysis, readStatuses(located, loaded.input), asOf);
      io.out(args.json ? `${JSON.stringify(s, null, 2)}\n` : `${summaryText(s)}\n`);
      return 0;
    }
    if (args.command === 'remind') {
      const list = reminders(located, loaded.input, asOf, { unit: args.unit, replyBy: args.replyBy, returnTo: args.returnTo });
      if (args.json) {
        const units = list.map((r) => ({
          unit: r.unit,
          overdue: r.overdue.map(({ seq, row, task, due, daysLate }) => ({ seq, row, task, due, daysLate })),
          dueSoon: r.dueSoon.map(({ seq, row, task, due, daysLeft }) => ({ seq, row, task, due, daysLeft })),
          text: r.text,
        }));
        io.out(`${JSON.stringify({ asOf, units }, null, 2)}\n`);
      } else io.out(list.length ? `${list.map((r) => r.text).join('\n\n————————\n\n')}\n` : `${remindSummary(asOf, list, args.unit)}\n`);
      return 0;
    }
    if (args.command === 'split') {
      const dir = path.resolve(args.out!);
      const lists = planUnitLists(located, loaded.input, { asOf: args.asOf, replyBy: args.replyBy, returnTo: args.returnTo });
      // Every file is made before any is written: a failure leaves no half set behind.
      const files: [string, Uint8Array][] = [];
      for (const l of lists) files.push([path.join(dir, l.fileName), await buildWorkbook(l.plan, { zip: nativeZip })]);
      for (const [file, data] of files) await writeAtomically(file, data);
      io.out(`已为 ${lists.length} 个单位各写出一份任务清单，在 ${dir}：\n${lists.map((l) => `  ${l.fileName}（${l.tasks} 项）`).join('\n')}\n`);
      return 0;
    }
    const out = path.resolve(args.out!);
    for (const input of [args.file!, ...args.more])
      if (out === path.resolve(input)) throw new InputError(`输出文件不能与输入文件相同：${args.command} 从不修改输入文件，请用 -o 指定另一个文件名。`);
    if (args.command === 'merge') {
      const returns: ReturnedWorkbook[] = [];
      for (const f of args.more) returns.push({ fileName: path.basename(f), input: (await open(f)).input });
      const { plan, report } = planMerge(located, loaded.input, returns);
      assertWritable(plan, loaded.input);
      applyPlan(loaded, plan);
      await writeAtomically(out, await saveWorkbook(loaded, { zip: nativeZip }));
      io.out(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${mergeText(report)}\n已写出 ${out}；原表未作改动。\n`);
      return 0;
    }
    const { plan } = planEnrich(located, loaded.input, { asOf: args.asOf });
    // Status columns on a protected sheet could not be typed in: refuse, as the add-in does.
    assertWritable(plan, loaded.input);
    applyPlan(loaded, plan);
    await writeAtomically(out, await saveWorkbook(loaded, { zip: nativeZip }));
    io.out(`${findingsText(analysis)}\n已写出 ${out}：添加状态列，生成“汇总”“任务明细”和各单位工作表。\n`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`${e.message}\n`);
      return 2;
    }
    io.err(`内部错误，文件未被修改：${(e as Error).message}\n`);
    return 1;
  }
}

/** `import`: the Word file's table as a clean workbook at OUT. */
async function runImport(args: Args, io: Io): Promise<number> {
  const out = path.resolve(args.out!);
  if (out === path.resolve(args.file!)) throw new InputError('输出文件不能与输入文件相同，请用 -o 指定另一个 .xlsx 文件名。');
  const buffer = await readInput(args.file!);
  if (!isWord(buffer, args.file!)) throw new InputError(`“${path.basename(args.file!)}”不是 Word 文档：import 读取 .docx、.doc 或 .wps 文件中的表格。`);
  const word = await readWordNode(buffer, path.basename(args.file!));
  const plan = planImport(word.grid, word.tableTop, word.grid.name);
  await writeAtomically(out, await buildWorkbook(plan, { zip: nativeZip }));
  const p = importPreview(word.grid, word.tableTop);
  const which = word.tables > 1 ? `文档中有 ${word.tables} 个表格，取第 ${word.chosen + 1} 个（最像责任分工表的一个）；` : '';
  io.out(`${which}已写出 ${out}：工作表“${word.grid.name}”，表格 ${p.tableRows} 行 ${p.columns} 列，合并单元格 ${p.merges} 处。\n`);
  for (const n of word.notes) io.out(`  [${SEVERITY_LABEL[n.severity]}] ${n.cell} ${n.message}\n`);
  return 0;
}

if (require.main === module) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
