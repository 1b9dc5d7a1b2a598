// Validation (SPEC §3): deadlines, unit names and structure of a recognized table, as findings.
import { todayIso } from '../dates';
import { eventDeadline, parseDeadline, yearsOf } from '../read/deadline';
import { DEFAULT_DIRECTORY, canonicalSpelling, findVariants, mergeFootnoteGroups, parseGroupFootnote, tableDirectory } from './directory';
import { GridReader, SheetGrid, a1, cellText, isCellError } from '../read/grid';
import { Recognition, TaskRow, recognize } from '../read/recognize';
import { Deadline, Directory, Finding, IsoDate } from '../types';
import { looksLikeUnit, resolveUnit, shortNameFits, splitRoles, splitRunTogether, splitUnits, suggestUnits } from '../read/units';

export interface UnitRef {
  /** The name as written (after normalization). */
  text: string;
  /** Canonical unit or group name; null when unresolved. */
  unit: string | null;
  isGroup: boolean;
}

export interface AnalyzedTask extends TaskRow {
  lead: UnitRef[];
  support: UnitRef[];
  deadline: Deadline;
}

/** Where the table's year came from (SPEC §3), first match wins. */
export type YearSource = 'title' | 'sheet' | 'file' | 'deadlines' | 'asOf';

/** Where the unit directory came from (SPEC §6), first match wins. */
export type DirectorySource = 'sheet' | 'default' | 'table';

export interface Analysis {
  recognition: Recognition;
  tasks: AnalyzedTask[];
  findings: Finding[];
  directory: Directory;
  directorySource: DirectorySource;
  /** The table's year: yearless deadlines take it. */
  year: number;
  yearSource: YearSource;
}

export interface AnalyzeOptions {
  /** The workbook's own directory (单位名录 sheet); default: chosen from the table (SPEC §6). */
  directory?: Directory;
  /** The workbook's file name, a source of the table's year. */
  fileName?: string;
  /** 基准日期; its year is the table's year when nothing on the sheet gives one. Default: today. */
  asOf?: IsoDate;
  /** The day the status columns were first added, as the workbook keeps it (立即整改 without a 交办 date). */
  firstAdded?: IsoDate;
}

export function analyze(grid: SheetGrid, options: AnalyzeOptions = {}): Analysis | null {
  const recognition = recognize(grid);
  return recognition ? analyzeRecognized(grid, recognition, options) : null;
}

const YEAR_SOURCE_LABEL: Record<YearSource, string> = {
  title: '表格标题',
  sheet: '工作表名',
  file: '文件名',
  deadlines: '本表完成时限中最常见的年份',
  asOf: '基准日期',
};

/** A year written in a text: "2023年", "2023—2025年", "〔2023〕"; the first one. */
function yearIn(text: string): number | undefined {
  const m = /(?<!\d)((?:19|20)\d{2})\s*(?:年|[—–\-~〜至到]\s*(?:19|20)?\d{2}\s*年)/.exec(text) ?? /[〔[（(]((?:19|20)\d{2})[〕\]）)]/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * The year a table is about: a year in the title (or any text above the header), else in the sheet name, else in
 * the file name, else the most common year its deadlines write, else the year of 基准日期.
 */
export function tableYear(recognition: Recognition, fileName?: string, asOf?: IsoDate): { year: number; source: YearSource } {
  for (const t of [recognition.title, ...recognition.above]) {
    const y = yearIn(t);
    if (y) return { year: y, source: 'title' };
  }
  const bare = (s: string) => /(?<!\d)((?:19|20)\d{2})(?!\d)/.exec(s)?.[1];
  const fromSheet = bare(recognition.sheet);
  if (fromSheet) return { year: Number(fromSheet), source: 'sheet' };
  const fromFile = fileName ? bare(fileName.replace(/^.*[\\/]/, '')) : undefined;
  if (fromFile) return { year: Number(fromFile), source: 'file' };
  const counts = new Map<number, number>();
  const years = new Map<string, number[]>(); // per distinct deadline text
  for (const t of recognition.tasks) {
    const input = deadlineInput(t);
    const key = `${t.deadlineIsDate ? 'd' : 't'}${input}`;
    let ys = years.get(key);
    if (!ys) years.set(key, (ys = yearsOf(parseDeadline(input, {}, t.deadlineIsDate))));
    for (const y of ys) counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [y, n] of counts) if (best === undefined || n > counts.get(best)! || (n === counts.get(best)! && y < best)) best = y;
  if (best !== undefined) return { year: best, source: 'deadlines' };
  const today = asOf ?? todayIso();
  return { year: Number(today.slice(0, 4)), source: 'asOf' };
}

function deadlineInput(t: TaskRow): string | number | null {
  const v = t.deadlineValue;
  if (v === null || isCellError(v)) return null;
  if (typeof v === 'number') return t.deadlineIsDate ? v : String(v);
  return cellText(v);
}

/** Unit names of a task as the table assigns them: "A牵头，B配合" in the lead column splits into both roles. */
function unitTexts(t: TaskRow, hasSupportColumn: boolean, split: (text: string) => string[]): { lead: string[]; support: string[] } {
  const roles = splitRoles(t.leadText);
  if (!roles) return { lead: split(t.leadText), support: split(t.supportText) };
  return { lead: roles.lead, support: hasSupportColumn ? [...roles.support, ...split(t.supportText)] : roles.support };
}

const GENERIC_UNITS = new Set(['办公室', '综合科', '各科室']);

export interface DirectoryChoice {
  directory: Directory;
  source: DirectorySource;
  /** Rarer spellings of a unit → the commoner one (the table's own names only). */
  variants: Map<string, string>;
  /** Names written together without a separator → the names they are ("派出所工商质监所" → 派出所, 工商质监所). */
  together: Map<string, string[]>;
}

/**
 * The directory in use (SPEC §6): the workbook's 单位名录; else the built-in one when at least half of the table's
 * distinct names resolve against it; else the table's own names. Footnote groups are merged into any of them.
 */
export function chooseDirectory(recognition: Recognition, counts: Map<string, number>, own?: Directory): DirectoryChoice {
  const none = new Map<string, string>();
  const names = [...counts.keys()];
  // Names every office has (办公室) say nothing about whose table it is: they do not vote for the built-in list.
  const telling = names.filter((n) => !GENERIC_UNITS.has(n));
  // Pieces of a run-together name are whole names: a short-name fit is no evidence of a split.
  const known = (dir: Directory) => (piece: string) => resolveUnit(dir, piece, false) !== null;
  if (own) return { directory: own, source: 'sheet', variants: none, together: runTogether(names, known(own)) };
  const groups = recognition.footnotes.map((f) => parseGroupFootnote(f.text)).filter((x) => x !== null) as NonNullable<ReturnType<typeof parseGroupFootnote>>[];
  const builtIn = mergeFootnoteGroups(DEFAULT_DIRECTORY, groups);
  const resolved = telling.filter((n) => resolveUnit(builtIn, n) !== null).length;
  if (telling.length > 0 && resolved * 2 >= telling.length) return { directory: builtIn, source: 'default', variants: none, together: runTogether(names, known(builtIn)) };
  // The table's own names: a piece of a run-together name is a name the table writes elsewhere, or reads like a
  // unit while the other piece is one the table writes ("派出所" + "工商质监所").
  const together = runTogether(names, (p) => counts.has(p) || (looksLikeUnit(p) && [...p].length >= 3), (pieces) => pieces.some((p) => counts.has(p)));
  const own2 = new Map<string, number>();
  for (const [n, k] of counts) for (const p of together.get(n) ?? [n]) if (!notAName(p)) own2.set(p, (own2.get(p) ?? 0) + k);
  const variants = findVariants(own2);
  return { directory: mergeFootnoteGroups(tableDirectory(own2, variants), groups), source: 'table', variants, together };
}

/** A text in a unit cell that is no unit's name: digits or signs only (123, ——), or a pasted paragraph. */
export function notAName(name: string): boolean {
  return !/\p{L}/u.test(name) || [...name].length > 40;
}

/** Names that are several names written together, with their pieces; a name the directory knows is never split. */
function runTogether(names: string[], known: (piece: string) => boolean, accept: (pieces: string[]) => boolean = () => true): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const name of names) {
    // "X人民政府办公室", "X委办公室": an office of its government or committee is one unit.
    const pieces = splitRunTogether(name, (p) => p !== name && known(p));
    if (pieces && accept(pieces) && !pieces.slice(0, -1).some((p) => /(?:政府|委|人大|政协|党组|集团)$/.test(p))) out.set(name, pieces);
  }
  return out;
}

export function analyzeRecognized(grid: SheetGrid, recognition: Recognition, options: AnalyzeOptions = {}): Analysis {
  const g = new GridReader(grid);
  const { columns } = recognition;
  const { year, source: yearSource } = tableYear(recognition, options.fileName, options.asOf);
  const findings: Finding[] = [];
  // A cell merged over several tasks (a shared 完成时限 or 牵头单位) is one cell: a finding names the cell holding the
  // text, once, not each task row under it.
  const cellOf = (row: number, col: number) => {
    const m = g.merge(row, col);
    return m ? a1(m.top, m.left) : a1(row, col);
  };
  const said = new Set<string>();
  const add = (row: number, col: number | undefined, severity: Finding['severity'], code: string, message: string, suggestions: string[] = [], fragment?: string) => {
    const cell = cellOf(row, col ?? recognition.left);
    if (said.has(`${cell}|${code}|${message}`)) return;
    said.add(`${cell}|${code}|${message}`);
    findings.push({ cell, severity, code, message, suggestions, ...(fragment !== undefined ? { fragment } : {}) });
  };
  /** The distinct cells of some tasks' column, in table order. */
  const cellsOf = (list: TaskRow[], col: number) => [...new Set(list.map((t) => cellOf(t.row, col)))];

  // An error value (#REF!) is reported once as structure.cell-error; its text is not a unit, 序号 or deadline.
  const isError = (row: number, col: number | undefined) => col !== undefined && isCellError(g.value(row, col));
  // Cells repeat a lot (the same lead, the same 2023年12月底前): split, parse and resolve each distinct text once.
  const cellNames = new Map<string, string[]>();
  const splitCell = (text: string) => cellNames.get(text) ?? cellNames.set(text, splitUnits(text)).get(text)!;
  const split = new Map<string, { lead: string[]; support: string[] }>();
  const texts = recognition.tasks.map((t) => {
    const key = `${t.leadText}\u0000${t.supportText}`;
    let u = split.get(key);
    if (!u) split.set(key, (u = unitTexts(t, columns.support !== undefined, splitCell)));
    return { lead: isError(t.row, columns.lead) ? [] : u.lead, support: isError(t.row, columns.support) ? [] : u.support };
  });
  // How many tasks name each unit: the commoner of two spellings is the right one (SPEC §6).
  const counts = new Map<string, number>();
  for (const u of texts) for (const n of new Set([...u.lead, ...u.support])) counts.set(n, (counts.get(n) ?? 0) + 1);
  const { directory, source: directorySource, variants, together } = chooseDirectory(recognition, counts, options.directory);

  const deadlines = new Map<string, Deadline>();
  const refs = new Map<string, UnitRef>();
  const refOf = (name: string): UnitRef => {
    let ref = refs.get(name);
    if (!ref) {
      const res = resolveUnit(directory, name);
      refs.set(name, (ref = { text: name, unit: res ? res.unit : null, isGroup: res ? res.isGroup : false }));
    }
    return ref;
  };
  // A run-together name counts as the names it is; the cell keeps its warning until the user splits it.
  const refLists = new Map<string[], UnitRef[]>();
  const refsOf = (names: string[]) => {
    let refs = refLists.get(names);
    if (!refs) refLists.set(names, (refs = dedupe(names.flatMap((n) => together.get(n) ?? [n]).map(refOf))));
    return refs;
  };
  const from = startDate(recognition, year);
  const tasks: AnalyzedTask[] = recognition.tasks.map((t, i) => {
    const input = deadlineInput(t);
    const key = `${t.deadlineIsDate ? 'd' : 't'}${input}`;
    let deadline = deadlines.get(key);
    if (!deadline) deadlines.set(key, (deadline = parseDeadline(input, { year, from, firstAdded: options.firstAdded }, t.deadlineIsDate)));
    return { ...t, deadline, lead: refsOf(texts[i].lead), support: refsOf(texts[i].support) };
  });

  const headerCell = (col: number | undefined) => ({ row: recognition.headerRow, col: col ?? recognition.left });
  if (columns.deadline === undefined) {
    const at = headerCell(columns.task);
    add(at.row, at.col, 'info', 'structure.no-deadline-column', '本表没有“完成时限”列：截止日期、剩余天数和逾期统计将留空。如果时限写在某一列中，请在任务窗格“表格”页的“更正列对应”中指定（命令行用 --map deadline=列号）。');
  }
  if (columns.lead === undefined) {
    const at = headerCell(columns.task);
    add(at.row, at.col, 'error', 'structure.no-unit-column', '本表没有找到“牵头单位/责任单位”列，无法按单位统计和汇总。请在任务窗格“表格”页的“更正列对应”中指定单位所在的列（命令行用 --map lead=列号）。');
  }
  if (directorySource === 'table' && counts.size > 0) {
    const at = headerCell(columns.lead);
    add(at.row, at.col, 'info', 'unit.directory-from-table', `本表的单位不在内置名录中，单位名录取自本表自身的 ${directory.units.length + directory.groups.length} 个单位名称。请在“单位名录”工作表中核对，之后的校验以它为准。`);
  }

  const inferred: TaskRow[] = [];
  const counted: AnalyzedTask[] = [];
  const immediate: AnalyzedTask[] = [];
  for (const t of tasks) {
    const r = t.row;
    // Error values anywhere in the row's table cells block everything else about that cell.
    for (let c = recognition.left; c <= recognition.right; c++) {
      const v = g.raw(r, c);
      if (isCellError(v)) add(r, c, 'error', 'structure.cell-error', `单元格是错误值 ${v.error}，请先修正公式或引用。`);
    }
    for (const c of [columns.lead, columns.support, columns.deadline]) {
      if (c !== undefined && g.formula(r, c)) add(r, c, 'info', 'structure.formula', `该单元格是公式，按其计算结果“${clip(g.text(r, c))}”校验。`);
    }
    if (columns.deadline !== undefined && !isError(r, columns.deadline)) {
      checkDeadline(t, year, (sev, code, msg, suggestions) => add(r, columns.deadline, sev, code, msg, suggestions));
      if (t.deadline.yearInferred) inferred.push(t);
      if (t.deadline.countedFrom) counted.push(t);
      if (t.deadline.kind === 'immediate') immediate.push(t);
    }
    checkLeadAndSupport(t, columns.support, (col, sev, code, msg) => add(r, col, sev, code, msg));
    if (columns.task !== undefined && !t.task) add(r, columns.task, 'warning', 'structure.task-missing', '目标任务为空，请补写本任务所属的目标任务。');
    if (columns.lead !== undefined && t.lead.length === 0 && !isError(r, columns.lead))
      add(r, columns.lead, 'error', 'structure.lead-missing', '牵头单位为空，每项任务都需要一个牵头单位。');
  }
  if (inferred.length) findings.push(yearInferredFinding(inferred, cellsOf(inferred, columns.deadline!), year, yearSource));
  if (counted.length) findings.push(countedFromFinding(counted, cellsOf(counted, columns.deadline!)));
  if (immediate.length) findings.push(immediateFinding(immediate, cellsOf(immediate, columns.deadline!), year));
  findings.push(...unitFindings(tasks, texts, directory, directorySource, variants, together, columns.lead, columns.support, cellOf));
  checkSequence(tasks, columns.seq, (row) => isError(row, columns.seq), (row, sev, code, msg) => add(row, columns.seq, sev, code, msg));
  checkRepeatedTitles(tasks, columns.task, (row, msg) => add(row, columns.task, 'warning', 'structure.task-title-repeated', msg));
  findings.sort((a, b) => rowOf(a.cell) - rowOf(b.cell) || a.cell.length - b.cell.length || (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0));
  return { recognition, tasks, findings, directory, directorySource, year, yearSource };
}

function dedupe(refs: UnitRef[]): UnitRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = r.unit !== null ? `u:${r.unit}` : `t:${r.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function rowOf(cell: string): number {
  return Number(/\d+$/.exec(cell)?.[0] ?? 0);
}

function clip(s: string, n = 40): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
}

/** One info about the deadlines of several tasks, at the first of them, listing all (SPEC §3: one finding, `cells`). */
function deadlinesInfo(cells: string[], code: string, message: (count: number) => string): Finding {
  return { cell: cells[0], severity: 'info', code, message: message(cells.length), suggestions: [], ...(cells.length > 1 ? { cells } : {}) };
}

/** The deadlines that took the table's year, and where that year came from. */
function yearInferredFinding(tasks: TaskRow[], cells: string[], year: number, source: YearSource): Finding {
  const first = clip(cellText(tasks[0].deadlineValue), 20);
  return deadlinesInfo(cells, 'deadline.year-inferred', (n) =>
    source === 'asOf'
      ? `本表的标题、工作表名、文件名和完成时限中都没有年份，${n} 项未写年份的完成时限（如“${first}”）按基准日期所在的 ${year} 年理解。如果不对，请在表格标题中写明年份（如“${year}年……分工表”）。`
      : `${n} 项完成时限未写年份（如“${first}”），按本表年份 ${year} 年理解（取自${YEAR_SOURCE_LABEL[source]}）。`,
  );
}

/**
 * The day bare periods ("3天") count from: the first date written above the header ("8月30日，市创文办发布……"), the
 * day the list was handed out. A date without a year takes the table's.
 */
export function startDate(recognition: Recognition, year: number): IsoDate | undefined {
  for (const t of [recognition.title, ...recognition.above]) {
    const m = /(?:(?<!\d)((?:19|20)\d{2})\s*年\s*)?(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(t) ?? /(?<!\d)((?:19|20)\d{2})[.\-/](\d{1,2})[.\-/](\d{1,2})(?!\d)/.exec(t);
    if (!m) continue;
    const d = parseDeadline(`${m[1] ?? year}年${m[2]}月${m[3]}日`);
    if (d.kind === 'date') return d.due;
  }
  return undefined;
}

/** The periods in days counted from the date above the table. */
function countedFromFinding(tasks: AnalyzedTask[], cells: string[]): Finding {
  const first = tasks[0].deadline;
  const text = clip(first.text, 20);
  return deadlinesInfo(cells, 'deadline.counted-from', (n) => `${n} 项完成时限只写了天数（如“${text}”），按表格上方写明的 ${first.countedFrom} 起算（当日不计入），“${text}”即截止于 ${first.due}。如果起算日期不对，请把时限改写成具体日期。`);
}

/** 立即整改 and its kin: due on the 交办 date, or the day the status columns were first added. */
function immediateFinding(tasks: AnalyzedTask[], cells: string[], year: number): Finding {
  const d = tasks[0].deadline;
  const text = clip(d.text, 20);
  return deadlinesInfo(cells, 'deadline.immediate', (n) =>
    d.dueFrom === 'notice'
      ? `${n} 项完成时限为“${text}”一类（立即整改），截止日期按表格上方写明的交办日期 ${d.due} 计，此后未完成即为逾期。`
      : d.dueFrom === 'status-columns'
        ? `${n} 项完成时限为“${text}”一类（立即整改），表格上方没有写明交办日期，截止日期按首次添加状态列的日期 ${d.due} 计。如有交办日期，请写在标题下方（如“${year}年6月1日交办”）。`
        : `${n} 项完成时限为“${text}”一类（立即整改），表格上方没有写明交办日期：添加状态列时，截止日期取当天（之后保持不变）。如有交办日期，请写在标题下方（如“${year}年6月1日交办”）。`,
  );
}

type Report = (severity: Finding['severity'], code: string, message: string, suggestions?: string[]) => void;

function checkDeadline(t: AnalyzedTask, tableYr: number, report: Report): void {
  const d = t.deadline;
  const text = clip(d.text);
  switch (d.kind) {
    case 'missing':
      report('error', 'deadline.missing', `完成时限为空，无法判断是否逾期。请填写如“${tableYr}年6月底前”的时限。`);
      return;
    case 'unparsed':
      if (d.impossible) report('error', 'deadline.impossible', `完成时限“${text}”中的日期不存在（月份或日期超出范围），请改正。`);
      else if (d.workingDays) report('warning', 'deadline.working-days', `完成时限“${text}”按工作日计算，要看当年的节假日安排，无法自动算出截止日期。请写明具体日期（如“${tableYr}年6月30日前”）。`);
      else if (d.periodDays) report('warning', 'deadline.no-start', `完成时限“${text}”只写了天数，表格上方没有写明从哪天起算。请写明截止日期（如“${tableYr}年6月30日前”），或在标题下方写明交办日期（如“${tableYr}年6月1日交办”）。`);
      else if (eventDeadline(d.text, tableYr)) {
        const e = eventDeadline(d.text, tableYr)!;
        report('warning', 'deadline.event', `完成时限“${text}”以“${e.phrase}”为期，没有写明具体日期，无法判断是否逾期。建议写成“${e.suggestion}”（${e.why}）。`, [e.suggestion]);
      } else report('warning', 'deadline.unparsed', `无法识别完成时限“${text}”，请写成具体日期（如“${tableYr}年6月底前”）、周期（如“每季度末”）或“长期坚持”。`, [`${tableYr}年6月底前`]);
      return;
    default:
  }
  // A range of years (2008～2015) ends far from its start by design; a single year far from the table's is a slip.
  const years = yearsOf(d);
  const far = years.length === 1 ? years.find((y) => Math.abs(y - tableYr) > 1) : undefined;
  if (far !== undefined) report('warning', 'deadline.year-outlier', `完成时限“${text}”的年份 ${far} 与本表其他时限（${tableYr} 年）相差较大，请核对是否笔误。`);
}

function checkLeadAndSupport(t: AnalyzedTask, supportCol: number | undefined, report: (col: number | undefined, severity: Finding['severity'], code: string, message: string) => void): void {
  const leads = new Set(t.lead.map((r) => r.unit).filter((u) => u !== null));
  for (const ref of t.support) {
    if (ref.unit !== null && leads.has(ref.unit)) report(supportCol, 'info', 'unit.lead-and-support', `“${ref.unit}”同时是本任务的牵头单位和配合单位，统计时按牵头计。`);
  }
}

/**
 * Unit findings, one per distinct name (SPEC §3): at its first cell, with every cell where it occurs. Unknown
 * names (against a directory that is not the table's own), variant spellings (against the table's own names),
 * names written together without a separator, and aliases.
 */
function unitFindings(
  tasks: AnalyzedTask[],
  texts: { lead: string[]; support: string[] }[],
  directory: Directory,
  source: DirectorySource,
  variants: Map<string, string>,
  together: Map<string, string[]>,
  leadCol: number | undefined,
  supportCol: number | undefined,
  cellOf: (row: number, col: number) => string,
): Finding[] {
  // Every cell a name occurs in, in table order, with the column it was first seen in.
  const where = new Map<string, { cells: Set<string>; label: string }>();
  const note = (name: string, col: number | undefined, label: string, row: number) => {
    if (col === undefined) return;
    const cell = cellOf(row, col);
    const w = where.get(name);
    if (!w) where.set(name, { cells: new Set([cell]), label });
    else w.cells.add(cell);
  };
  tasks.forEach((t, i) => {
    texts[i].lead.forEach((n) => note(n, leadCol, '牵头单位', t.row));
    // "A牵头，B配合" in the lead column: B is written in the lead column's cell.
    texts[i].support.forEach((n) => note(n, supportCol ?? leadCol, '配合单位', t.row));
  });
  const out: Finding[] = [];
  const finding = (name: string, severity: Finding['severity'], code: string, message: string, suggestions: string[] = []): Finding => {
    const cells = [...where.get(name)!.cells];
    return { cell: cells[0], severity, code, message, suggestions, fragment: name, ...(cells.length > 1 ? { cells } : {}) };
  };
  const times = (name: string) => (where.get(name)!.cells.size > 1 ? `（共 ${where.get(name)!.cells.size} 处）` : '');
  for (const [name, w] of where) {
    const res = resolveUnit(directory, name);
    const pieces = together.get(name);
    if (pieces) {
      const split = pieces.join('、');
      out.push(finding(name, 'warning', 'unit.run-together', `${w.label}“${clip(name)}”像是几个单位连在一起写了，缺少分隔符${times(name)}。是否为“${split}”？`, [split]));
      continue;
    }
    if (source === 'table' && notAName(name)) {
      out.push(finding(name, 'warning', 'unit.unknown', `${w.label}“${clip(name)}”不像单位名称${times(name)}，请核对该单元格。`));
      continue;
    }
    if (source === 'table') {
      const common = variants.has(name) ? canonicalSpelling(variants, name) : undefined;
      if (common) out.push(finding(name, 'warning', 'unit.variant', `${w.label}“${clip(name)}”与本表中的“${common}”几乎相同${times(name)}，按“${common}”统计。是否为同一单位？`, [common]));
      continue;
    }
    const fits = res === null ? shortNameFits(directory, name) : [];
    if (fits.length > 1) {
      out.push(finding(name, 'warning', 'unit.short-name-ambiguous', `${w.label}“${clip(name)}”像是简称，可能是“${fits.join('”“')}”中的任一个${times(name)}，请写明全称。`, fits));
    } else if (res === null) {
      const suggestions = suggestUnits(directory, name);
      const hint = suggestions.length ? `是否为“${suggestions[0]}”？` : '请核对名称，或在“单位名录”中添加该单位。';
      // The name is clipped in the sentence (a pasted 10,000-character cell is unreadable); the fragment stays whole.
      out.push(finding(name, 'warning', 'unit.unknown', `${w.label}“${clip(name)}”不在单位名录中${times(name)}。${hint}`, suggestions));
    } else if (res.via === 'short') {
      out.push(finding(name, 'info', 'unit.short-name', `${w.label}“${name}”按单位名录视为“${res.unit}”的简称${times(name)}。`, [res.unit]));
    } else if (name !== res.unit && !name.startsWith('市局') && !name.startsWith(res.unit)) {
      out.push(finding(name, 'info', 'unit.alias', `${w.label}“${name}”按单位名录视为“${res.unit}”${times(name)}。`));
    }
  }
  return out;
}

function checkSequence(
  tasks: AnalyzedTask[],
  seqCol: number | undefined,
  isError: (row: number) => boolean,
  report: (row: number, severity: Finding['severity'], code: string, message: string) => void,
): void {
  if (seqCol === undefined) return;
  const firstRow = new Map<string, number>();
  const numbers: { n: number; row: number }[] = [];
  let lastShared: number | undefined;
  for (const t of tasks) {
    // An error 序号 is unknown, not missing: no finding, and no gap across it (NaN never compares).
    if (isError(t.row)) {
      numbers.push({ n: NaN, row: t.row });
      continue;
    }
    if (!t.seq) {
      report(t.row, 'warning', 'structure.seq-missing', '序号为空。');
      continue;
    }
    // Sub-items under one merged 序号 share it: one number, not a duplicate.
    if (t.seqMerge && t.seqMerge.top === lastShared) continue;
    lastShared = t.seqMerge?.top;
    const prev = firstRow.get(t.seq);
    if (prev !== undefined) report(t.row, 'warning', 'structure.seq-duplicate', `序号“${t.seq}”与第 ${prev + 1} 行重复。`);
    else firstRow.set(t.seq, t.row);
    if (/^\d+$/.test(t.seq)) numbers.push({ n: Number(t.seq), row: t.row });
  }
  // Gaps only make sense when the table numbers its tasks 1, 2, 3 … throughout.
  if (numbers.length < firstRow.size * 0.8 || numbers.length < 2) return;
  for (let i = 1; i < numbers.length; i++) {
    const { n, row } = numbers[i];
    const before = numbers[i - 1].n;
    if (n > before + 1) report(row, 'warning', 'structure.seq-gap', n === before + 2 ? `序号 ${before + 1} 缺失（从 ${before} 跳到 ${n}）。` : `序号 ${before + 1}–${n - 1} 缺失（从 ${before} 跳到 ${n}）。`);
  }
}

function checkRepeatedTitles(tasks: AnalyzedTask[], taskCol: number | undefined, report: (row: number, message: string) => void): void {
  if (taskCol === undefined) return;
  // A block is one merged area, or a run of unmerged rows repeating the title (filled down by hand);
  // the same title in two separate blocks is suspicious.
  const firstRow = new Map<string, number>();
  let prev: AnalyzedTask | undefined;
  for (const t of tasks) {
    if (!t.task) {
      prev = t;
      continue;
    }
    const sameBlock = prev !== undefined && prev.task === t.task && prev.lastRow === t.row - 1 && (t.taskMerge ? prev.taskMerge?.top === t.taskMerge.top : !prev.taskMerge);
    prev = t;
    if (sameBlock) continue;
    const seen = firstRow.get(t.task);
    if (seen === undefined) firstRow.set(t.task, t.row);
    else report(t.row, `目标任务“${clip(t.task, 30)}”在第 ${seen + 1} 行已单独出现过，这里又作为另一组出现：如属同一目标任务，请合并单元格；如不是，请改正标题。`);
  }
}
