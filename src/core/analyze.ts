// Validation (SPEC §3): deadlines, unit names and structure of a recognized table, as findings.
import { parseDeadline, yearsOf } from './deadline';
import { DEFAULT_DIRECTORY, mergeFootnoteGroups, parseGroupFootnote } from './directory';
import { GridReader, SheetGrid, a1, cellText, isCellError } from './grid';
import { Recognition, TaskRow, recognize } from './recognize';
import { Deadline, Directory, Finding } from './types';
import { resolveUnit, splitUnits, suggestUnits } from './units';

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

export interface Analysis {
  recognition: Recognition;
  tasks: AnalyzedTask[];
  findings: Finding[];
  directory: Directory;
  /** The table's year (from the title, else the most common deadline year). */
  year?: number;
}

export interface AnalyzeOptions {
  /** The workbook's own directory (单位名录); default: built-in plus the footnote's groups. */
  directory?: Directory;
}

export function analyze(grid: SheetGrid, options: AnalyzeOptions = {}): Analysis | null {
  const recognition = recognize(grid);
  return recognition ? analyzeRecognized(grid, recognition, options) : null;
}

export function directoryFor(recognition: Recognition, own?: Directory): Directory {
  if (own) return own;
  const groups = recognition.footnotes.map((f) => parseGroupFootnote(f.text)).filter((x) => x !== null);
  return mergeFootnoteGroups(DEFAULT_DIRECTORY, groups as NonNullable<ReturnType<typeof parseGroupFootnote>>[]);
}

/** The year a table is about: its title's year, else the most common year written in its deadlines. */
export function tableYear(recognition: Recognition): number | undefined {
  const m = /((?:19|20)\d{2})\s*年/.exec(recognition.title);
  if (m) return Number(m[1]);
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
  return best;
}

function deadlineInput(t: TaskRow): string | number | null {
  const v = t.deadlineValue;
  if (v === null || isCellError(v)) return null;
  if (typeof v === 'number') return t.deadlineIsDate ? v : String(v);
  return cellText(v);
}

export function analyzeRecognized(grid: SheetGrid, recognition: Recognition, options: AnalyzeOptions = {}): Analysis {
  const g = new GridReader(grid);
  const directory = directoryFor(recognition, options.directory);
  const year = tableYear(recognition);
  const findings: Finding[] = [];
  const { columns } = recognition;
  const add = (row: number, col: number | undefined, severity: Finding['severity'], code: string, message: string, suggestions: string[] = [], fragment?: string) =>
    findings.push({ cell: a1(row, col ?? recognition.left), severity, code, message, suggestions, ...(fragment !== undefined ? { fragment } : {}) });

  // An error value (#REF!) is reported once as structure.cell-error; its text is not a unit, 序号 or deadline.
  const isError = (row: number, col: number | undefined) => col !== undefined && isCellError(g.value(row, col));
  // Cells repeat a lot (the same lead, the same 2023年12月底前): parse each distinct text once.
  const deadlines = new Map<string, Deadline>();
  const units = new Map<string, UnitRef[]>();
  const unitsOf = (text: string) => {
    let refs = units.get(text);
    if (!refs) units.set(text, (refs = resolveAll(directory, text)));
    return refs;
  };
  const tasks: AnalyzedTask[] = recognition.tasks.map((t) => {
    const input = deadlineInput(t);
    const key = `${t.deadlineIsDate ? 'd' : 't'}${input}`;
    let deadline = deadlines.get(key);
    if (!deadline) deadlines.set(key, (deadline = parseDeadline(input, { year }, t.deadlineIsDate)));
    const lead = isError(t.row, columns.lead) ? [] : unitsOf(t.leadText);
    const support = isError(t.row, columns.support) ? [] : unitsOf(t.supportText);
    return { ...t, deadline, lead, support };
  });

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
    if (!isError(r, columns.deadline)) checkDeadline(t, year, (sev, code, msg) => add(r, columns.deadline, sev, code, msg));
    checkUnits(t, directory, columns.lead, columns.support, (col, sev, code, msg, sug, frag) => add(r, col, sev, code, msg, sug, frag));
    if (columns.task !== undefined && !t.task) add(r, columns.task, 'warning', 'structure.task-missing', '目标任务为空，请补写本任务所属的目标任务。');
    if (columns.lead !== undefined && t.lead.length === 0 && !isError(r, columns.lead))
      add(r, columns.lead, 'error', 'structure.lead-missing', '牵头单位为空，每项任务都需要一个牵头单位。');
  }
  checkSequence(tasks, columns.seq, (row) => isError(row, columns.seq), (row, sev, code, msg) => add(row, columns.seq, sev, code, msg));
  checkRepeatedTitles(tasks, columns.task, (row, msg) => add(row, columns.task, 'warning', 'structure.task-title-repeated', msg));
  findings.sort((a, b) => rowOf(a.cell) - rowOf(b.cell) || a.cell.length - b.cell.length || (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0));
  return { recognition, tasks, findings, directory, year };
}

function rowOf(cell: string): number {
  return Number(/\d+$/.exec(cell)?.[0] ?? 0);
}

function clip(s: string, n = 40): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
}

function resolveAll(directory: Directory, text: string): UnitRef[] {
  const seen = new Set<string>();
  const refs: UnitRef[] = [];
  for (const name of splitUnits(text)) {
    const res = resolveUnit(directory, name);
    const key = res ? `u:${res.unit}` : `t:${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push({ text: name, unit: res ? res.unit : null, isGroup: res ? res.isGroup : false });
  }
  return refs;
}

type Report = (severity: Finding['severity'], code: string, message: string) => void;

function checkDeadline(t: AnalyzedTask, tableYr: number | undefined, report: Report): void {
  const d = t.deadline;
  const text = clip(d.text);
  switch (d.kind) {
    case 'missing':
      report('error', 'deadline.missing', '完成时限为空，无法判断是否逾期。请填写如“2023年6月底前”的时限。');
      return;
    case 'unparsed':
      if (d.impossible) report('error', 'deadline.impossible', `完成时限“${text}”中的日期不存在（月份或日期超出范围），请改正。`);
      else report('warning', 'deadline.unparsed', `无法识别完成时限“${text}”，请写成具体日期（如“2023年6月底前”）、周期（如“每季度末”）或“长期坚持”。`);
      return;
    default:
  }
  if (d.yearInferred) report('info', 'deadline.year-inferred', `完成时限“${text}”未写年份，按本表年份 ${tableYr} 年理解${d.due ? `为 ${d.due}` : ''}。`);
  if (tableYr !== undefined) {
    const far = yearsOf(d).find((y) => Math.abs(y - tableYr) > 1);
    if (far !== undefined) report('warning', 'deadline.year-outlier', `完成时限“${text}”的年份 ${far} 与本表其他时限（${tableYr} 年）相差较大，请核对是否笔误。`);
  }
}

function checkUnits(
  t: AnalyzedTask,
  directory: Directory,
  leadCol: number | undefined,
  supportCol: number | undefined,
  report: (col: number | undefined, severity: Finding['severity'], code: string, message: string, suggestions?: string[], fragment?: string) => void,
): void {
  const sides: [UnitRef[], number | undefined, string][] = [
    [t.lead, leadCol, '牵头单位'],
    [t.support, supportCol, '配合单位'],
  ];
  for (const [refs, col, label] of sides) {
    for (const ref of refs) {
      if (ref.unit === null) {
        const suggestions = suggestUnits(directory, ref.text);
        const hint = suggestions.length ? `是否为“${suggestions[0]}”？` : '请核对名称，或在“单位名录”中添加该单位。';
        // The name is clipped in the sentence (a pasted 10,000-character cell is unreadable); the fragment stays whole.
        report(col, 'warning', 'unit.unknown', `${label}“${clip(ref.text)}”不在单位名录中。${hint}`, suggestions, ref.text);
      } else if (ref.text !== ref.unit && !ref.text.startsWith('市局') && !ref.text.startsWith(ref.unit)) {
        report(col, 'info', 'unit.alias', `${label}“${ref.text}”按单位名录视为“${ref.unit}”。`);
      }
    }
  }
  const leads = new Set(t.lead.map((r) => r.unit).filter((u) => u !== null));
  for (const ref of t.support) {
    if (ref.unit !== null && leads.has(ref.unit))
      report(supportCol, 'info', 'unit.lead-and-support', `“${ref.unit}”同时是本任务的牵头单位和配合单位，统计时按牵头计。`);
  }
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
    const prev = firstRow.get(t.seq);
    if (prev !== undefined) report(t.row, 'warning', 'structure.seq-duplicate', `序号“${t.seq}”与第 ${prev + 1} 行重复。`);
    else firstRow.set(t.seq, t.row);
    if (/^\d+$/.test(t.seq)) numbers.push({ n: Number(t.seq), row: t.row });
  }
  // Gaps only make sense when the table numbers its tasks 1, 2, 3 … throughout.
  if (numbers.length < tasks.length * 0.8) return;
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
    const sameBlock = prev !== undefined && prev.task === t.task && prev.row === t.row - 1 && (t.taskMerge ? prev.taskMerge?.top === t.taskMerge.top : !prev.taskMerge);
    prev = t;
    if (sameBlock) continue;
    const seen = firstRow.get(t.task);
    if (seen === undefined) firstRow.set(t.task, t.row);
    else report(t.row, `目标任务“${clip(t.task, 30)}”在第 ${seen + 1} 行已单独出现过，这里又作为另一组出现：如属同一目标任务，请合并单元格；如不是，请改正标题。`);
  }
}
