// fengong: the engine on .xlsx files. Exit 0 ok, 2 unusable input (reason on stderr), 1 internal failure.
import { replyText } from '../core/cycle/report-text';
import { promises as fs } from 'fs';
import * as path from 'path';
import { loadWorkbook, applyPlan, saveWorkbook, buildWorkbook, LoadedWorkbook } from '../adapters/exceljs/workbook';
import { MergeReport, Reminder, ReturnedWorkbook, anyUsable, mergeCounts, planMerge, planUnitLists, remindSummary, reminders } from '../core/cycle/cycle';
import { nativeZip } from '../adapters/exceljs/native-zip';
import { Analysis } from '../core/check/analyze';
import { countsText } from '../core/commands';
import { planEnrich } from '../core/plan/enrich';
import { columnLetter } from '../core/read/grid';
import { ROLES } from '../core/read/recognize';
import { computeSummary, SummaryResult } from '../core/plan/summary';
import { SEVERITY_LABEL } from '../core/types';
import { InputError, MAPPING_NAME, assertWritable, locateTable, mappingFormula, notAWorkbook, parseColumnMap, readStatuses, storedAsOf } from '../core/workbook';
import { isIsoDate, todayIso } from '../core/dates';
import { ColumnMapping } from '../core/read/recognize';
import { UserValues } from '../core/cycle/common';
import { readFeedback } from '../core/feedback';

/** One command's help: a table entry, so that a new command or option is one more line here. */
interface CommandHelp {
  name: string;
  /** What it does, in one line (fengong --help). */
  summary: string;
  usage: string;
  /** Each argument or option with what it means. */
  args: [string, string][];
  example: string;
}

const AS_OF: [string, string] = ['--as-of YYYY-MM-DD', '基准日期（按哪一天判断逾期），默认取工作簿中设定的日期，没有则为今天'];
const SHEET: [string, string] = ['--sheet 工作表名', '表格所在的工作表，默认自动查找'];
const JSON_OUT: [string, string] = ['--json', '以 JSON 输出，供其他程序读取'];
const MAP: [string, string] = ['--map seq=A,task=B,… --header-row N', '识别不出表格时指出各列（序号、目标任务、主要内容、牵头、配合、完成时限，任选几项）和表头所在行（没有表头时 --header-row 0）；对应关系保存在输出的工作簿里，之后的命令不必再写'];
const SAMPLE_FILE = 'samples/执法规范提升年-责任分工表.xlsx';

const COMMANDS: CommandHelp[] = [
  {
    name: 'inspect',
    summary: '识别表格并校验：表头位置、列对应关系、每项任务和全部校验问题',
    usage: 'fengong inspect FILE [--sheet 工作表名] [--as-of YYYY-MM-DD] [--json]',
    args: [['FILE', '责任分工表（.xlsx）'], SHEET, AS_OF, JSON_OUT, MAP],
    example: `fengong inspect ${SAMPLE_FILE} --as-of 2023-07-01`,
  },
  {
    name: 'enrich',
    summary: '写出处理后的工作簿：状态列、逾期高亮、“汇总”和各单位工作表（原文件不变）',
    usage: 'fengong enrich FILE -o 输出文件.xlsx [--as-of YYYY-MM-DD] [--sheet 工作表名]',
    args: [['FILE', '责任分工表（.xlsx），不会被修改'], ['-o 输出文件.xlsx', '写出的新工作簿'], ['--as-of YYYY-MM-DD', '把基准日期设为这一天（不设则每天按当天计算）'], SHEET, MAP],
    example: `fengong enrich ${SAMPLE_FILE} -o out/示例-已处理.xlsx --as-of 2023-07-01`,
  },
  {
    name: 'summary',
    summary: '按单位统计牵头、配合、已完成、进行中、逾期、7 天内到期，逾期多的单位在前',
    usage: 'fengong summary FILE [--as-of YYYY-MM-DD] [--sheet 工作表名] [--json]',
    args: [['FILE', '责任分工表（.xlsx），完成状态读自“完成状态”列'], AS_OF, SHEET, JSON_OUT, MAP],
    example: `fengong summary ${SAMPLE_FILE} --as-of 2023-07-01`,
  },
  {
    name: 'split',
    summary: '给每个单位写出一份可填写、可打印的任务清单',
    usage: 'fengong split FILE -o 输出文件夹 [--as-of YYYY-MM-DD] [--reply-by YYYY-MM-DD] [--return-to 接收人]',
    args: [['FILE', '责任分工表（.xlsx）'], ['-o 输出文件夹', '每个单位一个“单位-任务清单.xlsx”'], AS_OF, ['--reply-by YYYY-MM-DD', '请各单位发回的日期，默认基准日期后 7 天'], ['--return-to 接收人', '发回给谁，默认“原发送人”'], MAP],
    example: `fengong split ${SAMPLE_FILE} -o out/清单 --reply-by 2023-07-10 --return-to 督查室`,
  },
  {
    name: 'remind',
    summary: '按单位写出催办通知：已逾期和 7 天内到期的任务',
    usage: 'fengong remind FILE [--as-of YYYY-MM-DD] [--unit 单位] [--since YYYY-MM-DD] [--reply-by YYYY-MM-DD] [--return-to 接收人] [--json]',
    args: [['FILE', '责任分工表（.xlsx）'], AS_OF, ['--unit 单位', '只给这个单位写'], ['--since YYYY-MM-DD', '同时列出自这一天起没有反馈过的单位（催报）'], ['--reply-by YYYY-MM-DD', '请反馈的日期，默认基准日期后 3 天'], ['--return-to 接收人', '反馈给谁，默认“督办人”'], JSON_OUT],
    example: `fengong remind ${SAMPLE_FILE} --as-of 2023-07-01 --unit 法规科`,
  },
  {
    name: 'merge',
    summary: '把各单位发回的清单合并进原表的状态列，写出新工作簿并列出采用、冲突和未采用的回报',
    usage: 'fengong merge FILE 回报文件… -o 输出文件.xlsx [--json]',
    args: [['FILE', '原表（.xlsx），不会被修改'], ['回报文件…', '各单位发回的清单或整表副本（.xlsx），一个或多个'], ['-o 输出文件.xlsx', '合并后的新工作簿'], JSON_OUT],
    example: 'fengong merge 原表.xlsx 法规科-任务清单.xlsx 办公室-任务清单.xlsx -o 合并后.xlsx',
  },
  {
    name: 'import',
    summary: '读取通知附件（.docx/.doc/.wps）中的责任分工表，写成工作簿；其他命令的 FILE 也可以是 Word 文件',
    usage: 'fengong import Word文件 -o 输出文件.xlsx',
    args: [['Word文件', '通知附件（.docx、.doc、.wps），不会被修改；PDF 请先在 WPS/Word 中另存为 .docx'], ['-o 输出文件.xlsx', '写出的工作簿：Word 的合并单元格仍是合并单元格，表格上方的标题在上方的行里']],
    example: 'fengong import 附件1-责任分工表.docx -o 分工表.xlsx',
  },
];

const COMMAND_NAMES = COMMANDS.map((c) => c.name);

/** fengong --help: every command in one line. */
export function overviewHelp(): string {
  const width = Math.max(...COMMAND_NAMES.map((n) => n.length));
  return [
    '分工表助手命令行：识别、校验、处理责任分工表（.xlsx，或通知附件 .docx/.doc/.wps）。',
    '',
    '用法：fengong <命令> [参数]',
    '',
    '命令：',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '“fengong <命令> --help”查看该命令的参数和示例；“fengong --version”显示版本。',
  ].join('\n');
}

/** fengong <command> --help: its usage, every argument, an example. */
export function commandHelp(name: string): string {
  const c = COMMANDS.find((x) => x.name === name)!;
  // Terminals show a Chinese character two columns wide.
  const cols = (t: string) => [...t].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);
  const width = Math.max(...c.args.map(([a]) => cols(a)));
  return [`${c.summary}。`, '', `用法：${c.usage}`, '', '参数：', ...c.args.map(([a, d]) => `  ${a}${' '.repeat(width - cols(a))}  ${d}`), '', `示例：${c.example}`].join('\n');
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function nearest(word: string, choices: string[]): string {
  return choices.reduce((best, c) => (distance(word.toLowerCase(), c) < distance(word.toLowerCase(), best) ? c : best));
}

const OPTIONS = ['--json', '-o', '--out', '--sheet', '--as-of', '--reply-by', '--return-to', '--unit', '--since', '--map', '--header-row', '--help'];
import { Finding } from '../core/types';
import { readWordNode } from '../adapters/word/node';
import { isWordFileName, sniffFormat } from '../adapters/word/read';
import { importPreview, planImport } from '../core/plan/import';

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
  since?: string;
  map?: string;
  headerRow?: string;
  json: boolean;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = { command: argv[0] ?? '', json: false, more: [] };
  if (!COMMAND_NAMES.includes(args.command)) throw new InputError(unknownCommand(args.command));
  const USAGE = `用法：${COMMANDS.find((c) => c.name === args.command)!.usage}\n（“fengong ${args.command} --help”查看参数说明和示例）`;
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
    else if (a === '--since') args.since = value();
    else if (a === '--map') args.map = value();
    else if (a === '--header-row') args.headerRow = value();
    else if (a.startsWith('-')) throw new InputError(`不认识的参数 ${a}（最接近的是 ${nearest(a, OPTIONS)}）。\n${USAGE}`);
    else if (!args.file) args.file = a;
    else if (args.command === 'merge') args.more.push(a);
    else throw new InputError(`多余的参数 ${a}。\n${USAGE}`);
  }
  if (!args.file) throw new InputError(`请指定要处理的 .xlsx 文件。\n${USAGE}`);
  for (const [flag, v] of [['--as-of', args.asOf], ['--reply-by', args.replyBy], ['--since', args.since]] as const)
    if (v !== undefined && !isIsoDate(v)) throw new InputError(`${flag} 需要 YYYY-MM-DD 格式的有效日期，收到“${v}”。`);
  if (['enrich', 'merge', 'import'].includes(args.command) && !args.out) throw new InputError(`${args.command} 需要用 -o 指定输出文件。\n${USAGE}`);
  if (['enrich', 'merge', 'import'].includes(args.command) && path.extname(args.out!).toLowerCase() !== '.xlsx')
    throw new InputError(`输出文件“${args.out}”的扩展名不是 .xlsx：${args.command} 写出的是 Excel 工作簿，请用 .xlsx 结尾的文件名，如 -o 结果.xlsx。`);
  if (args.command === 'split' && !args.out) throw new InputError(`split 需要用 -o 指定输出文件夹。\n${USAGE}`);
  if (args.command === 'merge' && args.more.length === 0) throw new InputError(`merge 需要至少一个回报文件：fengong merge 原表.xlsx 回报1.xlsx 回报2.xlsx -o 合并后.xlsx`);
  if (args.headerRow !== undefined && !/^(0|[1-9]\d{0,6})$/.test(args.headerRow)) throw new InputError(`--header-row 需要表头所在的行号（从 1 开始；没有表头时写 0），收到“${args.headerRow}”。`);
  if (args.headerRow !== undefined && args.map === undefined) throw new InputError('--header-row 要和 --map 一起使用，如 --map task=B,lead=D,deadline=F --header-row 3。');
  return args;
}

/** An unknown command: the word, and the nearest command. */
function unknownCommand(word: string): string {
  if (!word) return `请指定命令。\n${overviewHelp()}`;
  return `不认识的命令“${word}”。最接近的命令是 ${nearest(word, COMMAND_NAMES)}；全部命令见 fengong --help。`;
}

/** The version in package.json (beside src/ when run by ts-jest, two levels up from dist/src/cli when built). */
function version(): string {
  for (const up of ['../..', '../../..']) {
    try {
      return (require(path.join(__dirname, up, 'package.json')) as { version: string }).version;
    } catch {
      // try the next place
    }
  }
  return '未知';
}

/** --help, -h, help, --version: what to print, or null when argv asks for work. */
function helpText(argv: string[]): string | null {
  const [first, second] = argv;
  const wantsHelp = (a?: string) => a === '--help' || a === '-h' || a === 'help';
  if (first === '--version' || first === '-v') return `fengong ${version()}`;
  if (wantsHelp(first)) return second && COMMAND_NAMES.includes(second) ? commandHelp(second) : overviewHelp();
  if (COMMAND_NAMES.includes(first) && argv.slice(1).some((a) => a === '--help' || a === '-h')) return commandHelp(first);
  return null;
}

/** The user's --map/--header-row as a column mapping. */
function mappingOf(args: Args): ColumnMapping | undefined {
  if (args.map === undefined) return undefined;
  return { columns: parseColumnMap(args.map), ...(args.headerRow ? { headerRow: Number(args.headerRow) - 1 } : {}) };
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new InputError(`“${file}”是一个文件夹，不是文件：请指定其中的 .xlsx 文件，如 ${path.join(file, '分工表.xlsx')}。`);
    throw new InputError(`无法读取文件“${file}”：${code === 'ENOENT' ? '文件不存在' : '没有读取权限'}。`);
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
  if (isEncrypted(buffer)) throw new InputError(`“${path.basename(file)}”设置了打开密码，无法读取。请在 Excel 中打开它，在“文件 > 信息 > 保护工作簿 > 用密码进行加密”中删除密码并保存，再运行。`);
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

/**
 * A password-protected .xlsx is not a zip but a compound file (magic D0 CF 11 E0) holding the streams
 * EncryptionInfo and EncryptedPackage (MS-OFFCRYPTO 2.3.4); an old .xls is a compound file without them.
 */
export function isEncrypted(buffer: Buffer): boolean {
  if (buffer.length < 512 || buffer.readUInt32BE(0) !== 0xd0cf11e0) return false;
  return buffer.includes(Buffer.from('EncryptionInfo', 'utf16le')) && buffer.includes(Buffer.from('EncryptedPackage', 'utf16le'));
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
  const where = rec.headerRow < 0 ? '没有表头（按指定的列读取）' : `第 ${rec.headerRow + 1} 行为表头`;
  const lines = [`工作表“${rec.sheet}”${where}，识别出 ${countsText(analysis)}。`];
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
  for (const c of r.conflicts)
    lines.push(`  [冲突] 第 ${c.row} 行（序号 ${c.seq}）：${c.records.map((v) => `${v.unit}（${v.file}）${replyText(v.values)}`).join('；')}；原表保留 ${replyText(c.kept)}`);
  for (const d of r.dissent) lines.push(`  [不一致] 第 ${d.row} 行（序号 ${d.seq}）${d.unit}（${d.role}，${d.file}）报 ${replyText(d.values)}，未采用；现为${d.against}的记录`);
  for (const i of r.ignored) lines.push(`  [未采用] ${i.file}${i.row ? ` 第 ${i.row} 行` : ''}：${i.reason}`);
  return lines.join('\n');
}

function remindJson(asOf: string, list: Reminder[]) {
  const units = list.map((r) => ({
    unit: r.unit,
    overdue: r.overdue.map(({ seq, row, task, due, daysLate }) => ({ seq, row, task, due, daysLate })),
    dueSoon: r.dueSoon.map(({ seq, row, task, due, daysLeft }) => ({ seq, row, task, due, daysLeft })),
    ...(r.notReported !== undefined ? { notReported: r.notReported } : {}),
    text: r.text,
  }));
  return { asOf, units };
}

/** Writes OUT whole or not at all: a temporary file beside it, then a rename. */
async function writeAtomically(out: string, data: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, out);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined); // under a file or a locked folder there is nothing to remove
    throw new InputError(writeFailure(out, (e as NodeJS.ErrnoException).code));
  }
}

/** Why OUT could not be written, in words a user can act on. */
function writeFailure(out: string, code: string | undefined): string {
  const dir = path.dirname(out);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `无法写入输出文件“${out}”：没有在文件夹“${dir}”中写文件的权限。请换一个可写的文件夹，如 -o ${path.join('out', path.basename(out))}。`;
  if (code === 'ENOTDIR' || code === 'EEXIST') return `无法写入输出文件“${out}”：路径中的“${dir}”是一个文件，不是文件夹。`;
  if (code === 'EISDIR') return `无法写入输出文件“${out}”：这是一个已有的文件夹。请指定文件名，如 -o ${path.join(out, '结果.xlsx')}。`;
  if (code === 'ENOSPC') return `无法写入输出文件“${out}”：磁盘已满。`;
  return `无法写入输出文件“${out}”（${code ?? '未知原因'}）。`;
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const processIo: Io = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) };

export async function run(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const help = helpText(argv);
    if (help !== null) {
      io.out(`${help}\n`);
      return 0;
    }
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
      const s = computeSummary(analysis, readStatuses(located, loaded.input), asOf, readFeedback(loaded.input));
      io.out(args.json ? `${JSON.stringify(s, null, 2)}\n` : `${summaryText(s)}\n`);
      return 0;
    }
    if (args.command === 'remind') {
      const list = reminders(located, loaded.input, asOf, { unit: args.unit, replyBy: args.replyBy, returnTo: args.returnTo, since: args.since });
      if (args.json) io.out(`${JSON.stringify(remindJson(asOf, list), null, 2)}\n`);
      else io.out(list.length ? `${list.map((r) => r.text).join('\n\n————————\n\n')}\n` : `${remindSummary(asOf, list, args.unit)}\n`);
      return 0;
    }
    if (args.command === 'split') {
      const dir = path.resolve(args.out!);
      // Without --as-of, the lists carry the workbook's own fixed 基准日期 (as summary and remind read it).
      const lists = planUnitLists(located, loaded.input, { asOf: args.asOf ?? storedAsOf(loaded.input) ?? undefined, replyBy: args.replyBy, returnTo: args.returnTo });
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
      // An unreadable file is listed in the report and the others merged, as in the task pane.
      for (const f of args.more) returns.push({ fileName: path.basename(f), input: await open(f).then((w) => w.input, () => undefined) });
      const { plan, report } = planMerge(located, loaded.input, returns);
      if (!anyUsable(report)) throw new InputError(`没有一份回报文件可以合并，未写出 ${out}：\n${mergeText(report)}`);
      assertWritable(plan, loaded.input);
      applyPlan(loaded, plan);
      await writeAtomically(out, await saveWorkbook(loaded, { zip: nativeZip }));
      io.out(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${mergeText(report)}\n已写出 ${out}；原表未作改动。\n`);
      return 0;
    }
    const { plan } = planEnrich(located, loaded.input, { asOf: args.asOf });
    // The mapping the user gave is kept in OUT, so later commands on it need no --map.
    const mapping = mappingOf(args);
    if (mapping) plan.ops.push({ kind: 'defineName', name: MAPPING_NAME, formula: mappingFormula(located.grid.name, mapping) });
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
