// Plans for 添加状态列 (SPEC §4) and 汇总 (SPEC §5): every cell, formula, format, rule and print setting,
// decided here. Formulas that are the same on every row go out once (fillFormula), so what is written grows
// with the tasks, not with tasks × units, and each Office.js request stays small.
import { AnalyzedTask } from '../check/analyze';
import { todayIso } from '../dates';
import { isoToExcelSerial } from '../read/deadline';
import { GridReader, WorkbookInput, a1, columnLetter, quoteSheet, rangeA1 } from '../read/grid';
import { DAYS_LEFT_FORMAT, DEFAULT_COLUMN_WIDTH, PAGE_WIDTH, STYLE, WIDTH, columnWidth, fitWidths, printSetup, rowHeight, rowHeights, wrappedLines } from './layout';
import { Plan, PlanOp, PlanValue } from './plan';
import { DUE_SOON_DAYS, Membership, computeSummary, memberships, recurringLate, summaryUnits } from './summary';
import { TaskWords, taskWords } from './words';
import { FeedbackRow, readFeedback } from '../feedback';
import { Deadline, Directory, IsoDate } from '../types';
import {
  AS_OF_NAME,
  FIRST_ADDED_NAME,
  Located,
  SHEET_DETAIL,
  SHEET_DIRECTORY,
  SHEET_SUMMARY,
  STATUSES,
  STATUS_HEADERS,
  asOfFormula,
  directorySheetRows,
  existingStatusColumns,
  markerName,
  ownSheets,
  readStatuses,
  statusMarkerName,
  storedAsOf,
} from '../workbook';

export const DATE_FORMAT = 'yyyy-mm-dd';
/** A date standing alone (基准日期 under a title): in words, as the page header and notices write it. */
export const DATE_FORMAT_CN = 'yyyy"年"m"月"d"日"';
const RED = { fill: '#FFC7CE', font: '#9C0006' };
const AMBER = { fill: '#FFEB9C', font: '#9C5700' };
const GREEN = { fill: '#C6EFCE', font: '#006100' };

export interface StatusColumns {
  /** 0-based column of each status header. */
  col: Record<(typeof STATUS_HEADERS)[number], number>;
  firstRow: number;
  lastRow: number;
}

export interface EnrichOptions {
  /** A fixed 基准日期; omitted keeps the workbook's (or TODAY() when it has none). */
  asOf?: IsoDate;
}

/** The 基准日期 a plan is made for: the one asked for, else the workbook's fixed one, else null (TODAY()). */
function fixedAsOf(wb: WorkbookInput, options: EnrichOptions): IsoDate | null {
  return options.asOf ?? storedAsOf(wb);
}

const F = (formula: string): PlanValue => ({ formula: `=${formula}` });
const str = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Where the five status columns go: existing ones stay; new ones go right of the table, onto empty cells only. */
export function placeStatusColumns(located: Located, wb: WorkbookInput): StatusColumns {
  const { grid, analysis } = located;
  const rec = analysis.recognition;
  const g = new GridReader(grid);
  const existing = existingStatusColumns(wb, grid, rec.headerRow);
  const firstRow = rec.tasks[0].row;
  const lastRow = rec.tasks[rec.tasks.length - 1].lastRow;
  let next = Math.max(rec.right, ...existing.values()) + 1;
  const isFree = (c: number) => {
    for (let r = rec.headerTop; r <= Math.max(rec.bottom, lastRow); r++) if (g.text(r, c, false) !== '' || g.merge(r, c)) return false;
    return true;
  };
  // New columns go side by side, onto the first run of empty columns: never over a user's cells beside the table.
  const missing = STATUS_HEADERS.filter((h) => !existing.has(h));
  const fits = (c: number) => missing.every((_, i) => isFree(c + i));
  while (missing.length && !fits(next)) next++;
  const col = {} as StatusColumns['col'];
  for (const h of STATUS_HEADERS) col[h] = existing.get(h) ?? next++;
  return { col, firstRow, lastRow };
}

/** Excel formula for a deadline's due date as of `asOf` (an expression), or null when it has none. */
export function dueFormula(d: Deadline, asOf: string): string | null {
  if ((d.kind === 'date' || d.kind === 'immediate') && d.due) return String(isoToExcelSerial(d.due));
  if (d.kind !== 'recurring' || !d.every) return null;
  const f = (A: string): string => {
    switch (d.every) {
      case 'month':
        if (!d.dayOfMonth) return `EOMONTH(${A},0)`;
        return `IF(DAY(${A})<=${d.dayOfMonth},MIN(DATE(YEAR(${A}),MONTH(${A}),${d.dayOfMonth}),EOMONTH(${A},0)),MIN(DATE(YEAR(${A}),MONTH(${A})+1,${d.dayOfMonth}),EOMONTH(${A},1)))`;
      case 'quarter':
        return `EOMONTH(${A},MOD(3-MONTH(${A}),3))`;
      case 'halfyear':
        return `EOMONTH(${A},MOD(6-MONTH(${A}),6))`;
      case 'year': {
        const m = d.monthOfYear ?? 12;
        const at = (y: string) => (d.dayOfMonth ? `MIN(DATE(${y},${m},${d.dayOfMonth}),EOMONTH(DATE(${y},${m},1),0))` : `EOMONTH(DATE(${y},${m},1),0)`);
        return `IF(${A}<=${at(`YEAR(${A})`)},${at(`YEAR(${A})`)},${at(`YEAR(${A})+1`)})`;
      }
      default:
        return '';
    }
  };
  if (!d.start) return f(asOf);
  const [y, m, day] = d.start.split('-').map(Number);
  return `MAX(${f(asOf)},${f(`DATE(${y},${m},${day})`)})`;
}

/** 截止日期 cell content for a task: a real date, a live formula for recurring deadlines, or empty. */
export function dueCell(t: AnalyzedTask, firstAdded?: IsoDate): PlanValue {
  const d = t.deadline;
  if ((d.kind === 'date' || d.kind === 'immediate') && d.due) return isoToExcelSerial(d.due);
  // 立即整改 without a 交办 date: due the day the status columns are first added (this run).
  if (d.kind === 'immediate' && firstAdded) return isoToExcelSerial(firstAdded);
  const f = dueFormula(d, AS_OF_NAME);
  return f ? F(f) : '';
}

/** Column widths of the status columns: narrow (the table must still print large), dates never "###", 进展情况 wraps. */
const STATUS_WIDTH: Record<(typeof STATUS_HEADERS)[number], number> = { 完成状态: WIDTH.status, 实际完成日期: WIDTH.date, 进展情况: 14, 截止日期: WIDTH.date, 剩余天数: WIDTH.days };

export function planStatusColumns(located: Located, wb: WorkbookInput, options: EnrichOptions): { ops: PlanOp[]; columns: StatusColumns } {
  const rec = located.analysis.recognition;
  const sheet = located.grid.name;
  const columns = placeStatusColumns(located, wb);
  const { col } = columns;
  const ops: PlanOp[] = [];
  // Markers first: a run interrupted after a header was written still finds its own columns next time.
  // A table without a header row (--header-row 0): the markers sit on the first task row, and no label is written.
  const markerRow = Math.max(rec.headerRow, 0) + 1;
  STATUS_HEADERS.forEach((h, i) => {
    ops.push({ kind: 'defineName', name: statusMarkerName(i), formula: `${quoteSheet(sheet)}!$${columnLetter(col[h])}$${markerRow}` });
  });
  for (const h of rec.headerRow < 0 ? [] : STATUS_HEADERS) {
    ops.push({ kind: 'write', sheet, top: rec.headerRow, left: col[h], cells: [[h]] });
    ops.push({ kind: 'style', sheet, range: a1(rec.headerRow, col[h]), style: STYLE.header });
  }
  const added = firstAddedOps(wb, located.analysis.tasks, options);
  ops.push(...added.ops);
  ops.push(...statusCells(located, columns, added.date));
  ops.push(...statusFormats(located, columns));
  ops.push(...asOfOps(wb, options));
  const widths = fitTableWidths(located, columns);
  ops.push(...widths.ops);
  ops.push(...fitUserRows(located, columns, widths.byColumn));
  ops.push(...centreTitle(located, columns));
  ops.push(...mainPageSetup(located, wb, options));
  return { ops, columns };
}

/**
 * The day the status columns were first added, kept as a workbook name so that 立即整改 without a 交办 date keeps
 * the same due date on every later run; written only when such a task has no due date yet.
 */
function firstAddedOps(wb: WorkbookInput, tasks: AnalyzedTask[], options: EnrichOptions): { date?: IsoDate; ops: PlanOp[] } {
  // A kept date has already given every such task its due (locateTable reads it): nothing left to decide.
  if (!tasks.some((t) => t.deadline.kind === 'immediate' && !t.deadline.due)) return { ops: [] };
  const date = fixedAsOf(wb, options) ?? todayIso();
  return { date, ops: [{ kind: 'defineName', name: FIRST_ADDED_NAME, formula: asOfFormula(date) }] };
}

/** 截止日期 per task and the one 剩余天数 formula for the whole column. */
function statusCells(located: Located, columns: StatusColumns, firstAdded?: IsoDate): PlanOp[] {
  const sheet = located.grid.name;
  const { col, firstRow, lastRow } = columns;
  const taskAt = new Map(located.analysis.tasks.map((t) => [t.row, t]));
  const dueCol: PlanValue[][] = [];
  for (let r = firstRow; r <= lastRow; r++) {
    const t = taskAt.get(r);
    dueCol.push([t ? dueCell(t, firstAdded) : '']);
  }
  // 剩余天数: one formula for the whole column, relative to its own row.
  const rel = (h: (typeof STATUS_HEADERS)[number]) => `RC[${col[h] - col['剩余天数']}]`;
  return [
    { kind: 'write', sheet, top: firstRow, left: col['截止日期'], cells: dueCol },
    {
      kind: 'fillFormula',
      sheet,
      range: rangeA1(firstRow, col['剩余天数'], lastRow, col['剩余天数']),
      formulaR1C1: `=IF(OR(${rel('完成状态')}="已完成",${rel('截止日期')}=""),"",${rel('截止日期')}-${AS_OF_NAME})`,
    },
  ];
}

/** Formats, validation, widths and the three status colour rules of the status columns. */
function statusFormats(located: Located, columns: StatusColumns): PlanOp[] {
  const rec = located.analysis.recognition;
  const sheet = located.grid.name;
  const { col, firstRow, lastRow } = columns;
  const colRange = (h: (typeof STATUS_HEADERS)[number]) => rangeA1(firstRow, col[h], lastRow, col[h]);
  const ops: PlanOp[] = [
    { kind: 'numberFormat', sheet, range: colRange('截止日期'), format: DATE_FORMAT },
    { kind: 'numberFormat', sheet, range: colRange('实际完成日期'), format: DATE_FORMAT },
    { kind: 'numberFormat', sheet, range: colRange('剩余天数'), format: DAYS_LEFT_FORMAT },
  ];
  // One vertical alignment per row: the status cells follow the table's own (Word pastes are centred).
  const middle = tableIsCentred(located, columns);
  for (const h of STATUS_HEADERS) {
    const style = h === '进展情况' ? { ...STYLE.text, ...(middle ? { vertical: 'center' as const } : {}) } : middle ? STYLE.middle : STYLE.plain;
    ops.push({ kind: 'style', sheet, range: colRange(h), style });
  }
  ops.push({ kind: 'listValidation', sheet, range: colRange('完成状态'), items: [...STATUSES] });
  ops.push({ kind: 'dateValidation', sheet, range: colRange('实际完成日期') });
  for (const h of STATUS_HEADERS) ops.push({ kind: 'columnWidth', sheet, col: col[h], width: STATUS_WIDTH[h] });
  // One rule per state over the whole task range; relative to its first row.
  const right = Math.max(rec.right, ...Object.values(col));
  const range = rangeA1(firstRow, rec.left, lastRow, right);
  const rules = statusRules(sheet, range, `$${columnLetter(col['完成状态'])}${firstRow + 1}`, `$${columnLetter(col['截止日期'])}${firstRow + 1}`);
  ops.push({ kind: 'clearConditionalFormats', sheet, mentions: AS_OF_NAME, formulas: rules.map((r) => (r.kind === 'conditionalFormat' ? r.formula : '')) });
  ops.push(...rules);
  return ops;
}

/** Whether most of the table's filled task cells are centred vertically (known only when the layout was read). */
function tableIsCentred(located: Located, columns: StatusColumns): boolean {
  const layout = located.grid.layout;
  if (!layout?.centred) return false;
  const rec = located.analysis.recognition;
  const top = located.grid.top ?? 0;
  const left = located.grid.left ?? 0;
  const g = new GridReader(located.grid);
  let centred = 0;
  let filled = 0;
  for (let r = columns.firstRow; r <= columns.lastRow; r++)
    for (let c = rec.left; c <= rec.right; c++) {
      if (g.text(r, c, false) === '') continue;
      filled++;
      if (layout.centred[r - top]?.[c - left]) centred++;
    }
  return filled > 0 && centred * 2 > filled;
}

/**
 * The widened table prints one page wide at 75 % or more (PAGE_WIDTH): when the user's columns and the status
 * columns together are wider, the user's wrapping text columns narrow and their texts take more lines. Only when
 * the layout was read (a file); Excel keeps the user's widths.
 */
function fitTableWidths(located: Located, columns: StatusColumns): { ops: PlanOp[]; byColumn: Map<number, number> } {
  const layout = located.grid.layout;
  const byColumn = new Map<number, number>();
  if (!layout) return { ops: [], byColumn };
  const rec = located.analysis.recognition;
  const left = located.grid.left ?? 0;
  const cols: number[] = [];
  for (let c = rec.left; c <= rec.right; c++) if (!Object.values(columns.col).includes(c)) cols.push(c);
  const own = cols.map((c) => layout.colWidths[c - left] ?? DEFAULT_COLUMN_WIDTH);
  const status = STATUS_HEADERS.reduce((sum, h) => sum + STATUS_WIDTH[h], 0);
  const fitted = fitWidths(own, cols.map((c) => columnWraps(located, columns, c)), PAGE_WIDTH - status);
  const ops: PlanOp[] = [];
  cols.forEach((c, i) => {
    byColumn.set(c, fitted[i]);
    if (fitted[i] !== own[i]) ops.push({ kind: 'columnWidth', sheet: located.grid.name, col: c, width: fitted[i] });
  });
  return { ops, byColumn };
}

/** A column may narrow when every filled task cell in it wraps its text (a narrower one would clip, not wrap). */
function columnWraps(located: Located, columns: StatusColumns, c: number): boolean {
  const layout = located.grid.layout!;
  const g = new GridReader(located.grid);
  const top = located.grid.top ?? 0;
  const left = located.grid.left ?? 0;
  let filled = 0;
  for (let r = columns.firstRow; r <= columns.lastRow; r++) {
    if (g.text(r, c, false) === '') continue;
    if (!layout.wraps[r - top]?.[c - left]) return false;
    filled++;
  }
  return filled > 0;
}

/**
 * A title merged over the table's width (the row above the header) is extended over the status columns, so that
 * it stands centred over the whole widened table.
 */
function centreTitle(located: Located, columns: StatusColumns): PlanOp[] {
  const rec = located.analysis.recognition;
  const right = Math.max(rec.right, ...Object.values(columns.col));
  for (let r = rec.headerTop - 1; r >= Math.max(0, rec.headerTop - 3); r--) {
    const m = (located.grid.merges ?? []).find((x) => x.top === r && x.bottom === r && x.left <= rec.left + 1 && x.right >= rec.right - 1);
    if (!m || m.right >= right) continue;
    const g = new GridReader(located.grid);
    for (let c = m.right + 1; c <= right; c++) if (g.text(r, c, false) !== '' || g.merge(r, c)) return [];
    return [{ kind: 'merge', sheet: located.grid.name, range: rangeA1(r, m.left, r, right), from: rangeA1(r, m.left, r, m.right) }];
  }
  return [];
}

/** The wider table still prints one page wide; the user's own print titles and header/footer stay. */
function mainPageSetup(located: Located, wb: WorkbookInput, options: EnrichOptions): PlanOp[] {
  const rec = located.analysis.recognition;
  const sheet = located.grid.name;
  const own = located.grid.print;
  const setup = printSetup(rec.title || sheet, fixedAsOf(wb, options), { top: rec.headerTop, bottom: rec.headerRow });
  if (rec.headerRow < 0) delete setup.titleRows; // no header row to repeat on each page
  return [
    {
      kind: 'pageSetup',
      sheet,
      setup: {
        landscape: true,
        a4: true,
        fitToWidth: true,
        sideMargins: setup.sideMargins,
        ...(own?.titleRows ? {} : { titleRows: setup.titleRows }),
        ...(own?.headerFooter ? {} : { header: setup.header, footer: setup.footer }),
      },
    },
  ];
}

/**
 * Rows of the user's table whose wrapped text needs more height than they have: rows left at automatic height (a
 * file written by a program keeps them one line high in LibreOffice), and rows whose columns were narrowed. A row
 * the user sized keeps its height when its text still fits; known only when the adapter read the layout (a file),
 * not in Excel, which fits its automatic rows itself. Text merged over rows spreads over them.
 */
function fitUserRows(located: Located, columns: StatusColumns, widths: Map<number, number>): PlanOp[] {
  const layout = located.grid.layout;
  if (!layout) return [];
  const top = located.grid.top ?? 0;
  const heights: (number | null)[] = [];
  const g = new GridReader(located.grid);
  for (let r = columns.firstRow; r <= columns.lastRow; r++) {
    const lines = linesInRow(located, g, r, widths);
    const own = layout.rowHeights[r - top];
    const need = lines > 1 ? rowHeight(lines) : 0;
    heights.push(need > (own ?? (lines > 1 ? 0 : Infinity)) ? need : null);
  }
  return runsOf(located.grid.name, columns.firstRow, heights);
}

/** The most lines a wrapped cell of row r takes at the given (or the user's) column widths. */
function linesInRow(located: Located, g: GridReader, r: number, widths: Map<number, number>): number {
  const layout = located.grid.layout!;
  const rec = located.analysis.recognition;
  const top = located.grid.top ?? 0;
  const left = located.grid.left ?? 0;
  const width = (c: number) => widths.get(c) ?? layout.colWidths[c - left] ?? DEFAULT_COLUMN_WIDTH;
  let lines = 0;
  for (let c = rec.left; c <= rec.right; c++) {
    const m = g.merge(r, c);
    if (m && (m.top !== m.bottom || m.top !== r)) continue;
    if (!layout.wraps[r - top]?.[c - left]) continue;
    let w = 0;
    for (let k = c; k <= (m ? m.right : c); k++) w += width(k);
    lines = Math.max(lines, wrappedLines(g.text(r, c, false), w));
  }
  return lines;
}

/** fitRows ops for the runs of rows that get a height (null: the row keeps its own). */
function runsOf(sheet: string, first: number, heights: (number | null)[]): PlanOp[] {
  const ops: PlanOp[] = [];
  let run: { top: number; heights: number[] } | null = null;
  heights.forEach((h, i) => {
    if (h === null) {
      if (run) ops.push({ kind: 'fitRows', sheet, ...run });
      run = null;
      return;
    }
    if (!run) run = { top: first + i, heights: [] };
    run.heights.push(h);
  });
  if (run) ops.push({ kind: 'fitRows', sheet, ...(run as { top: number; heights: number[] }) });
  return ops;
}

/** Overdue red, due within 7 days amber, done green: native formula rules that need no add-in. */
export function statusRules(sheet: string, range: string, status: string, due: string): PlanOp[] {
  const open = `${due}<>"",${status}<>"已完成"`;
  return [
    { kind: 'conditionalFormat', sheet, range, formula: `AND(${open},N(${due})<${AS_OF_NAME})`, style: RED },
    { kind: 'conditionalFormat', sheet, range, formula: `AND(${open},N(${due})>=${AS_OF_NAME},N(${due})-${AS_OF_NAME}<=${DUE_SOON_DAYS})`, style: AMBER },
    { kind: 'conditionalFormat', sheet, range, formula: `${status}="已完成"`, style: GREEN },
  ];
}

/** 基准日期: set when asked, created as TODAY() when missing, otherwise left as the user set it. */
function asOfOps(wb: WorkbookInput, options: EnrichOptions): PlanOp[] {
  const has = wb.names.some((n) => n.name === AS_OF_NAME);
  if (options.asOf) return [{ kind: 'defineName', name: AS_OF_NAME, formula: asOfFormula(options.asOf) }];
  return has ? [] : [{ kind: 'defineName', name: AS_OF_NAME, formula: asOfFormula(null) }];
}

const ILLEGAL_SHEET_CHARS = /[:\\/?*[\]]/g;

/** A legal, unique sheet name: ≤31 characters, none of : \ / ? * [ ], no edge apostrophes, not "History". */
export function legalSheetName(raw: string, taken: Set<string>): string {
  let base = raw.replace(ILLEGAL_SHEET_CHARS, '_').replace(/[\u0000-\u001f]/g, '').replace(/^'+|'+$/g, '').trim();
  if (!base || base.toLowerCase() === 'history') base = `${base || '单位'}_`;
  base = [...base].slice(0, 31).join('');
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = `(${i})`;
    name = [...base].slice(0, 31 - suffix.length).join('') + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}


/** COUNTIFS criteria for SPEC §4's open states, over a 截止日期 and a 完成状态 range: overdue as of 基准日期 … */
const OVERDUE = (due: string, status: string) => `${due},"<"&${AS_OF_NAME},${status},"<>已完成"`;
/** … and due within 7 days. Text (an empty 截止日期) never matches a date criterion. */
const DUE_SOON = (due: string, status: string) => `${due},">="&${AS_OF_NAME},${due},"<="&(${AS_OF_NAME}+${DUE_SOON_DAYS}),${status},"<>已完成"`;

/** A COUNTIFS criterion for "exactly the name in this cell": "="& and its wildcards escaped, right for every name. */
const EXACT = (cell: string) => `"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(${cell},"~","~~"),"*","~*"),"?","~?")`;

/** Excel's COUNTIFS cannot match a criterion longer than 255 characters (it gives #VALUE! or a wrong count). */
function criterionTooLong(name: string): boolean {
  return `=${name.replace(/[~*?]/g, '~$&')}`.length > 255;
}

export interface SummaryPlanInput {
  located: Located;
  wb: WorkbookInput;
  columns: StatusColumns;
  options?: EnrichOptions;
}

// 任务明细: what COUNTIFS needs, one row per task × unit × role. Constants are few (序号, 原表行号 and two
// hidden codes); the rest are formulas written once per column.
// Columns H– are hidden helpers: the title the unit sheets show, the codes, and the unit list the codes index.
const DETAIL_HEADERS = ['单位', '角色', '序号', '原表行号', '完成时限', '截止日期', '完成状态', '目标任务', '单位编号', '角色编号', '标题行差', '单位列表'];
const D = { unit: 0, role: 1, seq: 2, row: 3, deadline: 4, due: 5, status: 6, task: 7, unitCode: 8, roleCode: 9, titleOffset: 10, unitList: 11 } as const;
const UNIT_HEADERS = ['序号', '目标任务', '主要内容', '角色', '完成时限', '截止日期', '完成状态', '剩余天数', '原表位置'];
const SUMMARY_HEADERS = ['单位', '牵头', '配合', '合计', '已完成', '进行中', '逾期', '7天内到期', '完成率'];
/** 0-based rows of 汇总: title, 基准日期, a blank row, the header, then the units. */
const HEADER_ROW = 3;
const FIRST_ROW = 4;
/** 0-based rows of a unit sheet: title, 基准日期, its counts, a blank row, the header, then the tasks. */
const UNIT_HEADER_ROW = 4;
const UNIT_FIRST_ROW = 5;
const ROLE_CODE = { 牵头: 1, 配合: 2 } as const;

/** What the sheets of 汇总 share: names, the unit orders, 任务明细's rows, references into the table. */
interface SummaryContext {
  located: Located;
  /** The table's sheet, read once (a reader indexes the sheet's merged areas). */
  grid: GridReader;
  columns: StatusColumns;
  /** A fixed 基准日期, or null (TODAY()). */
  asOf: IsoDate | null;
  title: string;
  /** The table's sheet, quoted for formulas. */
  main: string;
  summaryName: string;
  detailName: string;
  /** 汇总's order: units behind first. */
  units: string[];
  /** The directory's order: unit codes in 任务明细, unit sheets. */
  stable: string[];
  code: Map<string, number>;
  /** 任务明细's rows, each unit's together. */
  members: Membership[];
  /** Each unit's block of 任务明细 rows (start: 0-based row there). */
  block: Map<string, { start: number; rows: Membership[] }>;
  /** Each task's 完成状态, and the records in 反馈记录 (a recurring task's period answered or not). */
  statuses: Map<number, string>;
  replies: FeedbackRow[];
  /** The table's own words (存在问题, 整改措施) and its people column (责任人). */
  words: TaskWords;
  unitSheet: Map<string, string>;
  stale: PlanValue;
}

const whole = (c: number) => `C${c + 1}:C${c + 1}`; // a whole column in R1C1

export function planSummary(input: SummaryPlanInput): PlanOp[] {
  const { wb } = input;
  const own = ownSheets(wb);
  const ops: PlanOp[] = [];
  // Replace what we generated before; keep the directory (the user edits it) and every other sheet.
  const replaced = (sheet: string) => ['summary', 'detail', 'unit'].includes(own.get(sheet)?.role ?? '');
  for (const [sheet, info] of own) {
    if (!replaced(sheet)) continue;
    ops.push({ kind: 'deleteSheet', sheet });
    ops.push({ kind: 'deleteName', name: info.marker });
  }
  const taken = new Set(wb.sheets.filter((s) => !replaced(s.name)).map((s) => s.name.toLowerCase()));
  taken.add(SHEET_DIRECTORY.toLowerCase()); // seeded by planDirectorySeed in the same plan when missing
  const ctx = summaryContext(input, taken);
  // Sheets exist before any formula refers to them (Office.js would store #REF! otherwise); 汇总 comes first.
  for (const sheet of [ctx.summaryName, ctx.detailName, ...ctx.unitSheet.values()]) ops.push({ kind: 'addSheet', sheet });
  ops.push(...detailSheet(ctx));
  ops.push(...summarySheet(ctx));
  let index = 0;
  for (const [unit, sheet] of ctx.unitSheet) ops.push(...unitSheetOps(ctx, unit, sheet, ++index));
  return ops;
}

function summaryContext(input: SummaryPlanInput, taken: Set<string>): SummaryContext {
  const { located, wb, columns } = input;
  const { analysis } = located;
  // Units behind first (SPEC §5): sorted by their overdue tasks as of 基准日期, re-sorted at each run.
  const asOf = fixedAsOf(wb, input.options ?? {});
  const statuses = readStatuses(located, wb);
  const replies = readFeedback(wb);
  const counts = computeSummary(analysis, statuses, asOf ?? todayIso(), replies);
  // Everything else keeps the directory's order, so that unit sheets do not change places from week to week.
  const allMembers = memberships(analysis);
  const stable = summaryUnits(analysis, allMembers);
  const code = new Map(stable.map((u, i) => [u, i + 1]));
  // 任务明细 in the directory's unit order, each unit's rows together: a unit sheet shows one block of it.
  const members = allMembers
    .map((m, i) => ({ m, i }))
    .sort((a, b) => code.get(a.m.unit)! - code.get(b.m.unit)! || a.i - b.i)
    .map((x) => x.m);
  const block = new Map<string, { start: number; rows: Membership[] }>();
  members.forEach((m, i) => {
    const b = block.get(m.unit) ?? block.set(m.unit, { start: i + 1, rows: [] }).get(m.unit)!; // 0-based row in 任务明细
    b.rows.push(m);
  });
  const summaryName = legalSheetName(SHEET_SUMMARY, taken);
  const detailName = legalSheetName(SHEET_DETAIL, taken);
  const unitSheet = new Map<string, string>();
  for (const u of stable) if (block.has(u)) unitSheet.set(u, legalSheetName(u, taken));
  return {
    located,
    grid: new GridReader(located.grid),
    columns,
    asOf,
    title: analysis.recognition.title || located.grid.name,
    main: quoteSheet(located.grid.name),
    summaryName,
    detailName,
    units: counts.units.map((u) => u.unit),
    stable,
    code,
    members,
    block,
    unitSheet,
    stale: staleRowsWarning(located, columns.lastRow),
    statuses,
    replies,
    words: taskWords(analysis.recognition),
  };
}

/** The sheet row (0-based) holding a task's value in a column: a value merged over several tasks is in the first. */
function sourceRow(grid: GridReader, t: AnalyzedTask, col: number | undefined): number {
  return col === undefined ? t.row : grid.merge(t.row, col)?.top ?? t.row;
}

/**
 * For the rows (one per membership, from `at.top` down) whose task lies under a cell of column `col` merged over
 * several tasks: a formula reading the merge's first cell, which holds the value (the row's INDEX would read blank).
 */
function mergedFromFirstCell(ctx: SummaryContext, rows: Membership[], col: number | undefined, at: { sheet: string; top: number; left: number }): PlanOp[] {
  if (col === undefined) return [];
  const out: PlanOp[] = [];
  rows.forEach((m, k) => {
    const from = sourceRow(ctx.grid, m.task, col);
    if (from !== m.task.row) out.push({ kind: 'write', sheet: at.sheet, top: at.top + k, left: at.left, cells: [[F(`""&${ctx.main}!$${columnLetter(col)}$${from + 1}`)]] });
  });
  return out;
}

/** 任务明细: one row per task × unit × role, for 汇总's COUNTIFS and the unit sheets; hidden, and never printed. */
function detailSheet(ctx: SummaryContext): PlanOp[] {
  const sheet = ctx.detailName;
  const out: PlanOp[] = [{ kind: 'write', sheet, top: 0, left: 0, cells: [DETAIL_HEADERS] }];
  if (ctx.members.length > 0) out.push(...detailRows(ctx));
  if (ctx.stable.length) out.push({ kind: 'write', sheet, top: 1, left: D.unitList, cells: ctx.stable.map((u) => [u]) });
  out.push({ kind: 'style', sheet, range: rangeA1(0, 0, 0, D.status), style: STYLE.header });
  const unitWidth = columnWidth([...ctx.units, '单位'], 10, 32);
  const deadlineWidth = columnWidth(ctx.members.map((m) => m.task.deadline.text), 10, 18);
  const widths = [unitWidth, WIDTH.role, WIDTH.seq, WIDTH.link, deadlineWidth, WIDTH.date, WIDTH.status];
  widths.forEach((width, c) => out.push({ kind: 'columnWidth', sheet, col: c, width }));
  if (ctx.members.length > 0)
    out.push({ kind: 'fitRows', sheet, top: 1, heights: rowHeights(ctx.members.map((m) => [{ text: m.unit, width: unitWidth }, { text: m.task.deadline.text, width: deadlineWidth }])) });
  out.push({ kind: 'hideColumns', sheet, col: D.task, count: D.unitList - D.task + 1 });
  out.push({ kind: 'freeze', sheet, rows: 1, cols: 0 });
  out.push({ kind: 'pageSetup', sheet, setup: printSetup(`${ctx.title}——任务明细`, ctx.asOf, { top: 0, bottom: 0 }) });
  // A helper for formulas: hidden, so that printing the workbook prints what people read.
  out.push({ kind: 'hideSheet', sheet });
  out.push({ kind: 'defineName', name: markerName('detail'), formula: `${quoteSheet(sheet)}!$A$1` });
  return out;
}

/** 任务明细's data rows: a few constants per row, the rest one formula per column. */
function detailRows(ctx: SummaryContext): PlanOp[] {
  const { located, members, main } = ctx;
  const rec = located.analysis.recognition;
  const sheet = ctx.detailName;
  const last = members.length; // 0-based last data row
  const out: PlanOp[] = [];
  out.push({ kind: 'write', sheet, top: 1, left: D.seq, cells: members.map((m) => [m.task.seq, m.task.row + 1]) });
  // A title merged over several tasks is held by the merge's first cell: its distance above, mostly 0.
  out.push({ kind: 'write', sheet, top: 1, left: D.unitCode, cells: members.map((m) => [ctx.code.get(m.unit)!, ROLE_CODE[m.role], m.task.row - sourceRow(ctx.grid, m.task, rec.columns.task)]) });
  const fill = (c: number, formulaR1C1: string) => out.push({ kind: 'fillFormula', sheet, range: rangeA1(1, c, last, c), formulaR1C1 });
  const at = (c: number) => `RC${c + 1}`;
  const row = at(D.row);
  const mainCol = (c: number) => `${main}!${whole(c)}`;
  const statusCol = (h: (typeof STATUS_HEADERS)[number]) => mainCol(ctx.columns.col[h]);
  fill(D.unit, `=INDEX(R2C${D.unitList + 1}:R${ctx.stable.length + 1}C${D.unitList + 1},${at(D.unitCode)})`);
  fill(D.role, `=IF(${at(D.roleCode)}=1,"牵头","配合")`);
  const text = (col: number | undefined, at = row) => (col === undefined ? '=""' : `=""&INDEX(${mainCol(col)},${at})`);
  fill(D.task, text(rec.columns.task, `${row}-${at(D.titleOffset)}`));
  fill(D.deadline, text(rec.columns.deadline));
  fill(D.due, `=IF(INDEX(${statusCol('截止日期')},${row})="","",INDEX(${statusCol('截止日期')},${row}))`);
  fill(D.status, `=T(INDEX(${statusCol('完成状态')},${row}))`);
  // A recurring task's passed due date, for a unit with no reply in 反馈记录 since its period began: a
  // constant as of this run (re-run 汇总 after a merge), so 汇总 and the unit sheet count it overdue.
  members.forEach((m, i) => {
    const late = recurringLate(m.task, m.unit, ctx.statuses.get(m.task.row) ?? '', ctx.asOf ?? todayIso(), ctx.replies);
    if (late) out.push({ kind: 'write', sheet, top: i + 1, left: D.due, cells: [[isoToExcelSerial(late)]] });
  });
  // A deadline merged over sub-items is held by the merge's first cell (rare: a formula of its own).
  out.push(...mergedFromFirstCell(ctx, members, rec.columns.deadline, { sheet, top: 1, left: D.deadline }));
  out.push({ kind: 'numberFormat', sheet, range: rangeA1(1, D.due, last, D.due), format: DATE_FORMAT });
  out.push({ kind: 'style', sheet, range: rangeA1(1, 0, last, D.status), style: STYLE.plain });
  out.push({ kind: 'style', sheet, range: rangeA1(1, D.deadline, last, D.deadline), style: STYLE.text });
  return out;
}

/** Where 汇总's unit rows start and end, and its 合计 row (0-based sheet rows). */
function summaryRowsAt(ctx: SummaryContext): { first: number; last: number; total: number } {
  const last = FIRST_ROW + ctx.units.length - 1;
  return { first: FIRST_ROW, last, total: last + 1 };
}

/** 汇总: title, 基准日期, the stale-rows line, one row of live counts per unit (behind first), and 合计. */
function summarySheet(ctx: SummaryContext): PlanOp[] {
  const sheet = ctx.summaryName;
  const { units } = ctx;
  const { first, last, total } = summaryRowsAt(ctx);
  const out: PlanOp[] = [];
  out.push({ kind: 'write', sheet, top: 0, left: 0, cells: [[`${ctx.title}——完成情况汇总`], [AS_OF_NAME, F(AS_OF_NAME)], [ctx.stale], SUMMARY_HEADERS] });
  out.push(...staleRowsStyle(sheet, 'A3'));
  if (units.length) out.push(...summaryUnitRows(ctx));
  out.push({ kind: 'write', sheet, top: total, left: 0, cells: [summaryTotalRow(ctx, total + 1)] });
  out.push(...summaryLayout(ctx));
  out.push({ kind: 'defineName', name: markerName('summary'), formula: `${quoteSheet(sheet)}!$A$1` });
  return out;
}

/** The unit rows of 汇总: every count one formula for the whole column, the row's unit in column A. */
function summaryUnitRows(ctx: SummaryContext): PlanOp[] {
  const sheet = ctx.summaryName;
  const det = quoteSheet(ctx.detailName);
  const { units } = ctx;
  const first = FIRST_ROW;
  const last = FIRST_ROW + units.length - 1;
  const out: PlanOp[] = [{ kind: 'write', sheet, top: first, left: 0, cells: units.map((u) => [u]) }];
  // The row's unit, escaped as an exact criterion.
  const col = (c: number) => `${det}!${whole(c)}`;
  const count = (...criteria: string[]) => `=COUNTIFS(${col(D.unit)},${EXACT('RC1')}${criteria.map((x) => `,${x}`).join('')})`;
  const formulas = [
    count(col(D.role), '"牵头"'),
    count(col(D.role), '"配合"'),
    '=RC[-2]+RC[-1]',
    count(col(D.status), '"已完成"'),
    count(col(D.status), '"进行中"'),
    count(OVERDUE(col(D.due), col(D.status))),
    count(DUE_SOON(col(D.due), col(D.status))),
    '=IF(RC[-5]=0,0,RC[-4]/RC[-5])',
  ];
  formulas.forEach((f, i) => out.push({ kind: 'fillFormula', sheet, range: rangeA1(first, i + 1, last, i + 1), formulaR1C1: f }));
  // A pasted paragraph as a unit name is too long for COUNTIFS: SUMPRODUCT's "=" has no limit.
  units.forEach((u, i) => {
    if (criterionTooLong(u)) out.push({ kind: 'write', sheet, top: first + i, left: 1, cells: [longUnitRow(first + i + 1, det, ctx.members.length + 1)] });
  });
  return out;
}

/** 汇总's 合计 (on 1-based row n): each task once, straight from the table's status columns. */
function summaryTotalRow(ctx: SummaryContext, n: number): PlanValue[] {
  const { columns, main } = ctx;
  const tasks = ctx.located.analysis.tasks.length;
  const range = (h: (typeof STATUS_HEADERS)[number]) => {
    const c = columnLetter(columns.col[h]);
    return `${main}!$${c}$${columns.firstRow + 1}:$${c}$${columns.lastRow + 1}`;
  };
  return [
    totalLabel(tasks),
    '',
    '',
    tasks,
    F(`COUNTIF(${range('完成状态')},"已完成")`),
    F(`COUNTIF(${range('完成状态')},"进行中")`),
    F(`COUNTIFS(${OVERDUE(range('截止日期'), range('完成状态'))})`),
    F(`COUNTIFS(${DUE_SOON(range('截止日期'), range('完成状态'))})`),
    F(`IF(D${n}=0,0,E${n}/D${n})`),
  ];
}

const totalLabel = (tasks: number) => `合计（${tasks} 项任务，每项只计一次）`;

/** 汇总's formats, widths, heights, rules and print setup. */
function summaryLayout(ctx: SummaryContext): PlanOp[] {
  const sheet = ctx.summaryName;
  const { units } = ctx;
  const { first, last, total } = summaryRowsAt(ctx);
  const out: PlanOp[] = [];
  out.push({ kind: 'numberFormat', sheet, range: 'B2', format: DATE_FORMAT_CN });
  out.push({ kind: 'merge', sheet, range: 'B2:D2' }); // 基准日期 in words is wider than a count column
  out.push({ kind: 'numberFormat', sheet, range: rangeA1(first, 8, total, 8), format: '0.0%' });
  out.push({ kind: 'style', sheet, range: 'A1', style: STYLE.title });
  out.push({ kind: 'style', sheet, range: 'A2', style: { bold: true } });
  out.push({ kind: 'style', sheet, range: 'B2', style: { horizontal: 'left' } });
  out.push({ kind: 'style', sheet, range: rangeA1(HEADER_ROW, 0, HEADER_ROW, 8), style: STYLE.header });
  if (units.length) {
    out.push({ kind: 'style', sheet, range: rangeA1(first, 0, last, 0), style: STYLE.text });
    out.push({ kind: 'style', sheet, range: rangeA1(first, 1, last, 8), style: STYLE.centered });
  }
  out.push({ kind: 'style', sheet, range: rangeA1(total, 0, total, 0), style: { ...STYLE.total, wrap: true } });
  out.push({ kind: 'style', sheet, range: rangeA1(total, 1, total, 8), style: { ...STYLE.total, horizontal: 'center' } });
  const unitWidth = columnWidth([...units, '合计（10000 项任务，'], 12, 30);
  out.push({ kind: 'columnWidth', sheet, col: 0, width: unitWidth });
  for (let c = 1; c <= 7; c++) out.push({ kind: 'columnWidth', sheet, col: c, width: WIDTH.count });
  out.push({ kind: 'columnWidth', sheet, col: 8, width: WIDTH.percent + 2 });
  out.push({ kind: 'fitRows', sheet, top: first, heights: rowHeights([...units, totalLabel(ctx.located.analysis.tasks.length)].map((u) => [{ text: u, width: unitWidth }])) });
  if (units.length) {
    out.push({ kind: 'conditionalFormat', sheet, range: rangeA1(first, 6, last, 6), formula: `${a1(first, 6)}>0`, style: RED });
    out.push({ kind: 'dataBar', sheet, range: rangeA1(first, 8, total, 8), color: '#5B9BD5', min: 0, max: 1 });
  }
  out.push({ kind: 'freeze', sheet, rows: FIRST_ROW, cols: 1 });
  out.push({ kind: 'pageSetup', sheet, setup: printSetup(`${ctx.title}——完成情况汇总`, ctx.asOf, { top: 0, bottom: HEADER_ROW }) });
  return out;
}

/** A unit's sheet: its name, 基准日期, live counts, then its block of 任务明细 shown as a task list. */
function unitSheetOps(ctx: SummaryContext, unit: string, sheet: string, i: number): PlanOp[] {
  const { rows } = ctx.block.get(unit)!;
  const first = UNIT_FIRST_ROW;
  const last = UNIT_FIRST_ROW + rows.length - 1;
  const here = (c: number) => `$${columnLetter(c)}$${first + 1}:$${columnLetter(c)}$${last + 1}`;
  const countText = F(
    [
      `"牵头 "&COUNTIF(${here(3)},"牵头")`,
      `" 项，配合 "&COUNTIF(${here(3)},"配合")`,
      `" 项，逾期 "&COUNTIFS(${OVERDUE(here(5), here(6))})`,
      `" 项，7天内到期 "&COUNTIFS(${DUE_SOON(here(5), here(6))})&" 项"`,
    ].join('&'),
  );
  // The table's own words head the columns (存在问题, 整改措施), and its people column (责任人) comes last.
  const headers = [...UNIT_HEADERS];
  [headers[1], headers[2]] = [ctx.words.task, ctx.words.content];
  const out: PlanOp[] = [{ kind: 'write', sheet, top: 0, left: 0, cells: [[`${unit}　任务清单`], [AS_OF_NAME, F(AS_OF_NAME)], ['任务情况', countText], [ctx.stale], headers] }];
  out.push(...staleRowsStyle(sheet, 'A4'));
  out.push(...unitSheetRows(ctx, unit, sheet));
  out.push(...unitSheetLayout(ctx, unit, sheet));
  out.push({ kind: 'defineName', name: markerName('unit', i), formula: `${quoteSheet(sheet)}!$A$1` });
  return out;
}

/** A unit sheet's task rows: each column one formula picking from the unit's block of 任务明细. */
function unitSheetRows(ctx: SummaryContext, unit: string, sheet: string): PlanOp[] {
  const { start, rows } = ctx.block.get(unit)!;
  const { main } = ctx;
  const rec = ctx.located.analysis.recognition;
  const det = quoteSheet(ctx.detailName);
  const first = UNIT_FIRST_ROW;
  const last = UNIT_FIRST_ROW + rows.length - 1;
  // Row r of this sheet shows row r + shift of 任务明细 (both 1-based).
  const shift = start - first;
  const pick = (c: number) => `INDEX(${det}!${whole(c)},ROW()${shift >= 0 ? '+' : ''}${shift})`;
  const out: PlanOp[] = [];
  const fill = (c: number, formulaR1C1: string) => out.push({ kind: 'fillFormula', sheet, range: rangeA1(first, c, last, c), formulaR1C1 });
  fill(0, `=${pick(D.seq)}`);
  fill(1, `=${pick(D.task)}`);
  fill(2, rec.columns.content === undefined ? '=""' : `=""&INDEX(${main}!${whole(rec.columns.content)},${pick(D.row)})`);
  fill(3, `=${pick(D.role)}`);
  fill(4, `=${pick(D.deadline)}`);
  fill(5, `=${pick(D.due)}`);
  fill(6, `=${pick(D.status)}`);
  fill(7, `=IF(OR(RC[-1]="已完成",RC[-2]=""),"",RC[-2]-${AS_OF_NAME})`);
  fill(8, `=HYPERLINK(${str(`#${main}!A`)}&${pick(D.row)},"第"&${pick(D.row)}&"行")`);
  // 主要内容 that Excel split over several rows (a Word paste) is joined from its cells.
  rows.forEach((m, k) => {
    const t = m.task;
    const c = rec.columns.content;
    if (c === undefined || t.lastRow === t.row) return;
    const parts = [];
    for (let r = t.row; r <= t.lastRow; r++) parts.push(`${main}!$${columnLetter(c)}$${r + 1}`);
    out.push({ kind: 'write', sheet, top: first + k, left: 2, cells: [[F(parts.map((p) => `""&${p}`).join('&CHAR(10)&'))]] });
  });
  const people = ctx.words.people;
  if (people) {
    const pc = people.col;
    out.push(...peopleColumn(sheet, UNIT_HEADERS.length, people.label, `=""&INDEX(${main}!${whole(pc)},${pick(D.row)})`, rows.map((m) => ctx.grid.text(m.task.row, pc).trim())));
    // A 责任人 merged over several tasks is held by the merge's first cell.
    out.push(...mergedFromFirstCell(ctx, rows, pc, { sheet, top: first, left: UNIT_HEADERS.length }));
  }
  return out;
}

/**
 * The people column (责任人) of a unit sheet at column `col`: its header, one formula for its cells (a live copy of
 * the table's cell), and a width that fits the names.
 */
function peopleColumn(sheet: string, col: number, label: string, formulaR1C1: string, texts: string[]): PlanOp[] {
  const first = UNIT_FIRST_ROW;
  const last = first + texts.length - 1;
  return [
    { kind: 'write', sheet, top: UNIT_HEADER_ROW, left: col, cells: [[label]] },
    { kind: 'style', sheet, range: a1(UNIT_HEADER_ROW, col), style: STYLE.header },
    { kind: 'fillFormula', sheet, range: rangeA1(first, col, last, col), formulaR1C1 },
    { kind: 'style', sheet, range: rangeA1(first, col, last, col), style: STYLE.text },
    { kind: 'columnWidth', sheet, col, width: columnWidth([label, ...texts], 8, 16) },
  ];
}

/** A unit sheet's columns besides 目标任务 and 主要内容 (完成时限 at its widest): the two share what is left of PAGE_WIDTH. */
const UNIT_FIXED_WIDTH = WIDTH.seq + WIDTH.role + 16 + WIDTH.date + WIDTH.status + WIDTH.days + WIDTH.link;

/** A unit sheet's formats, widths (one page wide at 75 % or more), heights, rules and print setup. */
function unitSheetLayout(ctx: SummaryContext, unit: string, sheet: string): PlanOp[] {
  const { rows } = ctx.block.get(unit)!;
  const first = UNIT_FIRST_ROW;
  const last = UNIT_FIRST_ROW + rows.length - 1;
  const out: PlanOp[] = [];
  out.push({ kind: 'numberFormat', sheet, range: 'B2', format: DATE_FORMAT_CN });
  out.push({ kind: 'numberFormat', sheet, range: rangeA1(first, 5, last, 5), format: DATE_FORMAT });
  out.push({ kind: 'numberFormat', sheet, range: rangeA1(first, 7, last, 7), format: DAYS_LEFT_FORMAT });
  out.push({ kind: 'style', sheet, range: 'A1', style: STYLE.title });
  out.push({ kind: 'style', sheet, range: 'A2:A3', style: { bold: true } });
  out.push({ kind: 'style', sheet, range: 'B2', style: { horizontal: 'left' } });
  out.push({ kind: 'style', sheet, range: rangeA1(UNIT_HEADER_ROW, 0, UNIT_HEADER_ROW, 8), style: STYLE.header });
  out.push({ kind: 'style', sheet, range: rangeA1(first, 0, last, 8), style: STYLE.plain });
  for (const c of [1, 2, 4]) out.push({ kind: 'style', sheet, range: rangeA1(first, c, last, c), style: STYLE.text });
  for (const c of [0, 3, 6]) out.push({ kind: 'style', sheet, range: rangeA1(first, c, last, c), style: STYLE.centered });
  const layout = taskListLayout(rows.map((m) => m.task), PAGE_WIDTH - UNIT_FIXED_WIDTH);
  [...layout.widths, WIDTH.date, WIDTH.status, WIDTH.days, WIDTH.link].forEach((width, c) => out.push({ kind: 'columnWidth', sheet, col: c, width }));
  out.push({ kind: 'fitRows', sheet, top: first, heights: layout.heights });
  // The row's colour runs through the people column (责任人) when the table has one.
  const right = ctx.words.people ? UNIT_HEADERS.length : UNIT_HEADERS.length - 1;
  out.push(...statusRules(sheet, rangeA1(first, 0, last, right), `$G${first + 1}`, `$F${first + 1}`));
  out.push({ kind: 'freeze', sheet, rows: UNIT_FIRST_ROW, cols: 0 });
  out.push({ kind: 'pageSetup', sheet, setup: printSetup(`${unit}　任务清单`, ctx.asOf, { top: 0, bottom: UNIT_HEADER_ROW }) });
  return out;
}

/**
 * 任务明细 points at the table's rows by number, and counts only the tasks there were. A row inserted or deleted in
 * the table since (which moves its last task row: Excel and LibreOffice adjust the reference below), or a task
 * added under it (more names in the unit column below the table than when this was made), makes the counts
 * wrong until 汇总 runs again: one live formula says so, on 汇总 and every unit sheet, with or without the add-in.
 */
function staleRowsWarning(located: Located, lastRow: number): PlanValue {
  const { grid, analysis } = located;
  const rec = analysis.recognition;
  const col = rec.columns.lead ?? rec.columns.task ?? rec.left;
  const g = new GridReader(grid);
  let below = 0;
  for (let r = lastRow + 1; r <= g.bottom; r++) if (g.text(r, col, false) !== '') below++;
  const letter = columnLetter(col);
  const sheet = quoteSheet(grid.name);
  const n = lastRow + 1;
  const message = `原表“${grid.name}”在生成本表之后插入、删除或新增了行，下面的统计已对不上原表：请重新运行“汇总”。`.replace(/"/g, '""');
  return F(`IF(AND(IFERROR(ROW(${sheet}!$${letter}$${n}),0)=${n},COUNTA(${sheet}!$${letter}$${n + 1}:$${letter}$1048576)=${below}),"","${message}")`);
}

/** The warning stands out in red when it says something (a native rule: nothing shows while the line is empty). */
function staleRowsStyle(sheet: string, cell: string): PlanOp[] {
  return [
    { kind: 'style', sheet, range: cell, style: { bold: true } },
    { kind: 'conditionalFormat', sheet, range: cell, formula: `LEN(${cell})>0`, style: RED },
  ];
}

/**
 * A unit's list of tasks (unit sheets, split lists): widths of its 序号, 目标任务, 主要内容, 角色 and 完成时限 columns,
 * and the height each row needs for its wrapped texts. 目标任务 and 主要内容 share `textBudget` units of width (the
 * page is fitted to its width, so the budget fixes the print scale); the share goes where it makes the rows,
 * summed, shortest — a list of long titles and short contents gives 目标任务 more than the reverse.
 */
export function taskListLayout(tasks: AnalyzedTask[], textBudget: number): { widths: number[]; heights: number[] } {
  const deadlineWidth = columnWidth(tasks.map((t) => t.deadline.text), 10, 16);
  const taskNatural = columnWidth(tasks.map((t) => t.task), 12, textBudget - 20);
  const contentNatural = columnWidth(tasks.map((t) => t.content), 20, textBudget - 12);
  const rowsFor = (list: AnalyzedTask[], taskWidth: number, contentWidth: number) =>
    rowHeights(list.map((t) => [{ text: t.task, width: taskWidth }, { text: t.content, width: contentWidth }, { text: t.deadline.text, width: deadlineWidth }]));
  let best = { taskWidth: taskNatural, contentWidth: contentNatural };
  if (taskNatural + contentNatural > textBudget) {
    // A long list is judged on an even sample of its rows: the split is a matter of proportions.
    const step = Math.ceil(tasks.length / 300);
    const sample = step > 1 ? tasks.filter((_, i) => i % step === 0) : tasks;
    let bestTotal = Infinity;
    // Two-unit steps: a finer split changes a row by a line at most here and there.
    for (let taskWidth = 12; taskWidth <= Math.min(taskNatural, textBudget / 2); taskWidth += 2) {
      const contentWidth = Math.min(contentNatural, textBudget - taskWidth);
      const total = rowsFor(sample, taskWidth, contentWidth).reduce((a, b) => a + b, 0);
      if (total < bestTotal) [bestTotal, best] = [total, { taskWidth, contentWidth }];
    }
  }
  return { widths: [WIDTH.seq, best.taskWidth, best.contentWidth, WIDTH.role, deadlineWidth], heights: rowsFor(tasks, best.taskWidth, best.contentWidth) };
}

/**
 * A 汇总 row's counts for a unit name too long for COUNTIFS: SUMPRODUCT over 任务明细 (rows 2..last), whose "="
 * comparison has no length limit. `n` is the row (1-based) holding the name in column A.
 */
function longUnitRow(n: number, detail: string, last: number): PlanValue[] {
  const r = (c: number) => `${detail}!$${columnLetter(c)}$2:$${columnLetter(c)}$${Math.max(2, last)}`;
  const sp = (...conds: string[]) => F(`SUMPRODUCT((${r(D.unit)}=$A${n})${conds.map((c) => `*${c}`).join('')})`);
  // As with COUNTIFS, only real dates count as overdue or due soon (an empty 截止日期 would compare as 0).
  const open = [`ISNUMBER(${r(D.due)})`, `(${r(D.status)}<>"已完成")`];
  return [
    sp(`(${r(D.role)}="牵头")`),
    sp(`(${r(D.role)}="配合")`),
    F(`B${n}+C${n}`),
    sp(`(${r(D.status)}="已完成")`),
    sp(`(${r(D.status)}="进行中")`),
    sp(...open, `(${r(D.due)}<${AS_OF_NAME})`),
    sp(...open, `(${r(D.due)}>=${AS_OF_NAME})`, `(${r(D.due)}<=${AS_OF_NAME}+${DUE_SOON_DAYS})`),
    F(`IF(D${n}=0,0,E${n}/D${n})`),
  ];
}

/** Seeds 单位名录 from the directory in use (built-in, or the table's own names, plus footnote groups) when the workbook has none. */
export function planDirectorySeed(wb: WorkbookInput, directory: Directory, options: EnrichOptions = {}): PlanOp[] {
  const own = ownSheets(wb);
  const has = [...own.values()].some((o) => o.role === 'directory') || wb.sheets.some((s) => s.name === SHEET_DIRECTORY);
  if (has) return [];
  const sheet = SHEET_DIRECTORY;
  const rows = directorySheetRows(directory);
  const widths = [0, 1, 2, 3].map((c) => columnWidth(rows.map((r) => r[c]), c === 1 ? 6 : 12, c === 0 ? 30 : 40));
  return [
    { kind: 'addSheet', sheet },
    { kind: 'write', sheet, top: 0, left: 0, cells: rows },
    { kind: 'style', sheet, range: 'A1:D1', style: STYLE.header },
    ...(rows.length > 1 ? [{ kind: 'style', sheet, range: `A2:D${rows.length}`, style: STYLE.text } as PlanOp] : []),
    ...widths.map((width, col): PlanOp => ({ kind: 'columnWidth', sheet, col, width })),
    { kind: 'fitRows', sheet, top: 1, heights: rowHeights(rows.slice(1).map((r) => r.map((text, c) => ({ text, width: widths[c] })))) },
    { kind: 'freeze', sheet, rows: 1, cols: 0 },
    { kind: 'pageSetup', sheet, setup: printSetup('单位名录', fixedAsOf(wb, options), { top: 0, bottom: 0 }) },
    { kind: 'defineName', name: markerName('directory'), formula: `${quoteSheet(sheet)}!$A$1` },
  ];
}

export interface EnrichResult {
  plan: Plan;
  columns: StatusColumns;
}

/** 添加状态列 + 汇总 as one plan (the CLI's enrich). */
export function planEnrich(located: Located, wb: WorkbookInput, options: EnrichOptions = {}): EnrichResult {
  const status = planStatusColumns(located, wb, options);
  const seed = planDirectorySeed(wb, located.analysis.directory, options);
  const summary = planSummary({ located, wb, columns: status.columns, options });
  return { plan: { ops: [...status.ops, ...seed, ...summary] }, columns: status.columns };
}
