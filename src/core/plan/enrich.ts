// Plans for 添加状态列 (SPEC §4) and 汇总 (SPEC §5): every cell, formula, format, rule and print setting,
// decided here. Formulas that are the same on every row go out once (fillFormula), so what is written grows
// with the tasks, not with tasks × units, and each Office.js request stays small.
import { AnalyzedTask } from '../check/analyze';
import { todayIso } from '../dates';
import { isoToExcelSerial } from '../read/deadline';
import { GridReader, WorkbookInput, a1, columnLetter, quoteSheet, rangeA1 } from '../read/grid';
import { DEFAULT_COLUMN_WIDTH, STYLE, WIDTH, columnWidth, printSetup, rowHeight, rowHeights, wrappedLines } from './layout';
import { Plan, PlanOp, PlanValue } from './plan';
import { DUE_SOON_DAYS, Membership, computeSummary, memberships, recurringLate, summaryUnits } from './summary';
import { taskWords } from './words';
import { readFeedback } from '../feedback';
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

/** Column widths of the status columns: dates never show "###", 进展情况 wraps. */
const STATUS_WIDTH: Record<(typeof STATUS_HEADERS)[number], number> = { 完成状态: 11, 实际完成日期: 14, 进展情况: 30, 截止日期: WIDTH.date, 剩余天数: 10 };

export function planStatusColumns(located: Located, wb: WorkbookInput, options: EnrichOptions): { ops: PlanOp[]; columns: StatusColumns } {
  const { analysis } = located;
  const rec = analysis.recognition;
  const sheet = located.grid.name;
  const columns = placeStatusColumns(located, wb);
  const { col, firstRow, lastRow } = columns;
  const taskAt = new Map(analysis.tasks.map((t) => [t.row, t]));
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

  const added = firstAddedOps(wb, analysis.tasks, options);
  ops.push(...added.ops);
  const dueCol: PlanValue[][] = [];
  for (let r = firstRow; r <= lastRow; r++) {
    const t = taskAt.get(r);
    dueCol.push([t ? dueCell(t, added.date) : '']);
  }
  ops.push({ kind: 'write', sheet, top: firstRow, left: col['截止日期'], cells: dueCol });
  // 剩余天数: one formula for the whole column, relative to its own row.
  const rel = (h: (typeof STATUS_HEADERS)[number]) => `RC[${col[h] - col['剩余天数']}]`;
  ops.push({
    kind: 'fillFormula',
    sheet,
    range: rangeA1(firstRow, col['剩余天数'], lastRow, col['剩余天数']),
    formulaR1C1: `=IF(OR(${rel('完成状态')}="已完成",${rel('截止日期')}=""),"",${rel('截止日期')}-${AS_OF_NAME})`,
  });
  const colRange = (h: (typeof STATUS_HEADERS)[number]) => rangeA1(firstRow, col[h], lastRow, col[h]);
  ops.push({ kind: 'numberFormat', sheet, range: colRange('截止日期'), format: DATE_FORMAT });
  ops.push({ kind: 'numberFormat', sheet, range: colRange('实际完成日期'), format: DATE_FORMAT });
  ops.push({ kind: 'numberFormat', sheet, range: colRange('剩余天数'), format: '0' });
  for (const h of STATUS_HEADERS) ops.push({ kind: 'style', sheet, range: colRange(h), style: h === '进展情况' ? STYLE.text : STYLE.plain });
  ops.push({ kind: 'listValidation', sheet, range: colRange('完成状态'), items: [...STATUSES] });
  ops.push({ kind: 'dateValidation', sheet, range: colRange('实际完成日期') });
  for (const h of STATUS_HEADERS) ops.push({ kind: 'columnWidth', sheet, col: col[h], width: STATUS_WIDTH[h] });

  // One rule per state over the whole task range; relative to its first row.
  const right = Math.max(rec.right, ...Object.values(col));
  const range = rangeA1(firstRow, rec.left, lastRow, right);
  const s = `$${columnLetter(col['完成状态'])}${firstRow + 1}`;
  const d = `$${columnLetter(col['截止日期'])}${firstRow + 1}`;
  const rules = statusRules(sheet, range, s, d);
  ops.push({ kind: 'clearConditionalFormats', sheet, mentions: AS_OF_NAME, formulas: rules.map((r) => (r.kind === 'conditionalFormat' ? r.formula : '')) });
  ops.push(...rules);
  ops.push(...asOfOps(wb, options));
  ops.push(...fitUserRows(located, columns));
  // The wider table still prints one page wide; the user's own print titles and header/footer stay.
  const own = located.grid.print;
  const setup = printSetup(rec.title || sheet, fixedAsOf(wb, options), { top: rec.headerTop, bottom: rec.headerRow });
  if (rec.headerRow < 0) delete setup.titleRows; // no header row to repeat on each page
  ops.push({
    kind: 'pageSetup',
    sheet,
    setup: {
      landscape: true,
      a4: true,
      fitToWidth: true,
      ...(own?.titleRows ? {} : { titleRows: setup.titleRows }),
      ...(own?.headerFooter ? {} : { header: setup.header, footer: setup.footer }),
    },
  });
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

/**
 * Rows of the user's table left at automatic height, with wrapped text: a file written by a program keeps them
 * one line high in LibreOffice, so they get the height their text needs. Rows the user sized keep their height;
 * known only when the adapter read the layout (a file), not in Excel, which fits its automatic rows itself.
 */
function fitUserRows(located: Located, columns: StatusColumns): PlanOp[] {
  const layout = located.grid.layout;
  if (!layout) return [];
  const g = new GridReader(located.grid);
  const rec = located.analysis.recognition;
  const top = located.grid.top ?? 0;
  const left = located.grid.left ?? 0;
  const ops: PlanOp[] = [];
  let run: { top: number; heights: number[] } | null = null;
  const flush = () => {
    if (run) ops.push({ kind: 'fitRows', sheet: located.grid.name, top: run.top, heights: run.heights });
    run = null;
  };
  for (let r = columns.firstRow; r <= columns.lastRow; r++) {
    let lines = 0;
    if (layout.rowHeights[r - top] == null) {
      for (let c = rec.left; c <= rec.right; c++) {
        const m = g.merge(r, c);
        if (m && (m.top !== m.bottom || m.top !== r)) continue; // text merged over rows spreads over them
        if (!layout.wraps[r - top]?.[c - left]) continue;
        const width = layout.colWidths[c - left] ?? DEFAULT_COLUMN_WIDTH;
        lines = Math.max(lines, wrappedLines(g.text(r, c, false), m ? width * (m.right - m.left + 1) : width));
      }
    }
    if (lines > 1) {
      if (!run || run.top + run.heights.length !== r) {
        flush();
        run = { top: r, heights: [] };
      }
      run.heights.push(rowHeight(lines));
    } else flush();
  }
  flush();
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

export function planSummary(input: SummaryPlanInput): PlanOp[] {
  const { located, wb, columns } = input;
  const options = input.options ?? {};
  const { analysis } = located;
  const rec = analysis.recognition;
  const mainName = located.grid.name;
  const main = quoteSheet(mainName);
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

  // Units behind first (SPEC §5): sorted by their overdue tasks as of 基准日期, re-sorted at each run.
  const asOf = fixedAsOf(wb, options);
  const statuses = readStatuses(located, wb);
  const replies = readFeedback(wb);
  const counts = computeSummary(analysis, statuses, asOf ?? todayIso(), replies);
  const units = counts.units.map((u) => u.unit);
  // Everything else keeps the directory's order, so that unit sheets do not change places from week to week.
  const allMembers = memberships(analysis);
  const stable = summaryUnits(analysis, allMembers);
  const code = new Map(stable.map((u, i) => [u, i + 1]));
  // 任务明细 in 汇总's unit order, each unit's rows together: a unit sheet shows one block of it.
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
  const stale = staleRowsWarning(located, columns.lastRow);
  const unitSheet = new Map<string, string>();
  for (const u of stable) if (block.has(u)) unitSheet.set(u, legalSheetName(u, taken));
  // Sheets exist before any formula refers to them (Office.js would store #REF! otherwise); 汇总 comes first.
  for (const sheet of [summaryName, detailName, ...unitSheet.values()]) ops.push({ kind: 'addSheet', sheet });

  const title = rec.title || mainName;
  const whole = (c: number) => `C${c + 1}:C${c + 1}`; // a whole column in R1C1
  const mainCol = (c: number) => `${main}!${whole(c)}`;
  const statusCol = (h: (typeof STATUS_HEADERS)[number]) => columns.col[h];
  const grid = new GridReader(located.grid);
  const sourceRow = (t: AnalyzedTask, col: number | undefined) => (col === undefined ? t.row : grid.merge(t.row, col)?.top ?? t.row);
  const words = taskWords(rec);

  ops.push(...detailSheet());
  ops.push(...summarySheet());
  let index = 0;
  for (const [unit, sheet] of unitSheet) ops.push(...unitSheetOps(unit, sheet, ++index));
  return ops;

  function detailSheet(): PlanOp[] {
    const sheet = detailName;
    const out: PlanOp[] = [];
    const n = members.length;
    const last = n; // 0-based last data row
    out.push({ kind: 'write', sheet, top: 0, left: 0, cells: [DETAIL_HEADERS] });
    if (n > 0) {
      out.push({ kind: 'write', sheet, top: 1, left: D.seq, cells: members.map((m) => [m.task.seq, m.task.row + 1]) });
      // A title merged over several tasks is held by the merge's first cell: its distance above, mostly 0.
      out.push({ kind: 'write', sheet, top: 1, left: D.unitCode, cells: members.map((m) => [code.get(m.unit)!, ROLE_CODE[m.role], m.task.row - sourceRow(m.task, rec.columns.task)]) });
      const fill = (c: number, formulaR1C1: string) => out.push({ kind: 'fillFormula', sheet, range: rangeA1(1, c, last, c), formulaR1C1 });
      const at = (c: number) => `RC${c + 1}`;
      const row = at(D.row);
      fill(D.unit, `=INDEX(R2C${D.unitList + 1}:R${stable.length + 1}C${D.unitList + 1},${at(D.unitCode)})`);
      fill(D.role, `=IF(${at(D.roleCode)}=1,"牵头","配合")`);
      const text = (col: number | undefined, at = row) => (col === undefined ? '=""' : `=""&INDEX(${mainCol(col)},${at})`);
      fill(D.task, text(rec.columns.task, `${row}-${at(D.titleOffset)}`));
      fill(D.deadline, text(rec.columns.deadline));
      fill(D.due, `=IF(INDEX(${mainCol(statusCol('截止日期'))},${row})="","",INDEX(${mainCol(statusCol('截止日期'))},${row}))`);
      fill(D.status, `=T(INDEX(${mainCol(statusCol('完成状态'))},${row}))`);
      // A recurring task's passed due date, for a unit with no reply in 反馈记录 since its period began: a
      // constant as of this run (re-run 汇总 after a merge), so 汇总 and the unit sheet count it overdue.
      members.forEach((m, i) => {
        const late = recurringLate(m.task, m.unit, statuses.get(m.task.row) ?? '', asOf ?? todayIso(), replies);
        if (late) out.push({ kind: 'write', sheet, top: i + 1, left: D.due, cells: [[isoToExcelSerial(late)]] });
      });
      // A deadline merged over sub-items is held by the merge's first cell (rare: a formula of its own).
      members.forEach((m, i) => {
        const col = rec.columns.deadline;
        const from = sourceRow(m.task, col);
        if (col !== undefined && from !== m.task.row) out.push({ kind: 'write', sheet, top: i + 1, left: D.deadline, cells: [[F(`""&${main}!$${columnLetter(col)}$${from + 1}`)]] });
      });
      out.push({ kind: 'numberFormat', sheet, range: rangeA1(1, D.due, last, D.due), format: DATE_FORMAT });
      out.push({ kind: 'style', sheet, range: rangeA1(1, 0, last, D.status), style: STYLE.plain });
      out.push({ kind: 'style', sheet, range: rangeA1(1, D.deadline, last, D.deadline), style: STYLE.text });
    }
    if (stable.length) out.push({ kind: 'write', sheet, top: 1, left: D.unitList, cells: stable.map((u) => [u]) });
    out.push({ kind: 'style', sheet, range: rangeA1(0, 0, 0, D.status), style: STYLE.header });
    const unitWidth = columnWidth([...units, '单位'], 10, 32);
    const deadlineWidth = columnWidth(members.map((m) => m.task.deadline.text), 10, 18);
    const widths = [unitWidth, WIDTH.role, WIDTH.seq, WIDTH.link, deadlineWidth, WIDTH.date, WIDTH.status];
    widths.forEach((width, c) => out.push({ kind: 'columnWidth', sheet, col: c, width }));
    if (n > 0) out.push({ kind: 'fitRows', sheet, top: 1, heights: rowHeights(members.map((m) => [{ text: m.unit, width: unitWidth }, { text: m.task.deadline.text, width: deadlineWidth }])) });
    out.push({ kind: 'hideColumns', sheet, col: D.task, count: D.unitList - D.task + 1 });
    out.push({ kind: 'freeze', sheet, rows: 1, cols: 0 });
    out.push({ kind: 'pageSetup', sheet, setup: printSetup(`${title}——任务明细`, asOf, { top: 0, bottom: 0 }) });
    out.push({ kind: 'defineName', name: markerName('detail'), formula: `${quoteSheet(sheet)}!$A$1` });
    return out;
  }

  function summarySheet(): PlanOp[] {
    const sheet = summaryName;
    const det = quoteSheet(detailName);
    const out: PlanOp[] = [];
    const first = FIRST_ROW;
    const last = FIRST_ROW + units.length - 1;
    const total = last + 1;
    out.push({
      kind: 'write',
      sheet,
      top: 0,
      left: 0,
      cells: [[`${title}——完成情况汇总`], [AS_OF_NAME, F(AS_OF_NAME), '基准日期为工作簿名称“基准日期”（公式 > 名称管理器），默认 =TODAY()，可改为固定日期。'], [stale], SUMMARY_HEADERS],
    });
    out.push(...staleRowsStyle(sheet, 'A3'));
    if (units.length) {
      out.push({ kind: 'write', sheet, top: first, left: 0, cells: units.map((u) => [u]) });
      // Every count is one formula for the whole column: the row's unit in column A, escaped as an exact criterion.
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
        if (criterionTooLong(u)) out.push({ kind: 'write', sheet, top: first + i, left: 1, cells: [longUnitRow(first + i + 1, det, members.length + 1)] });
      });
    }
    // 合计: each task once, straight from the table's status columns.
    const range = (h: (typeof STATUS_HEADERS)[number]) => `${main}!$${columnLetter(statusCol(h))}$${columns.firstRow + 1}:$${columnLetter(statusCol(h))}$${columns.lastRow + 1}`;
    const n = total + 1;
    out.push({
      kind: 'write',
      sheet,
      top: total,
      left: 0,
      cells: [
        [
          `合计（${analysis.tasks.length} 项任务，每项只计一次）`,
          '',
          '',
          analysis.tasks.length,
          F(`COUNTIF(${range('完成状态')},"已完成")`),
          F(`COUNTIF(${range('完成状态')},"进行中")`),
          F(`COUNTIFS(${OVERDUE(range('截止日期'), range('完成状态'))})`),
          F(`COUNTIFS(${DUE_SOON(range('截止日期'), range('完成状态'))})`),
          F(`IF(D${n}=0,0,E${n}/D${n})`),
        ],
      ],
    });
    out.push({ kind: 'numberFormat', sheet, range: 'B2', format: DATE_FORMAT });
    out.push({ kind: 'numberFormat', sheet, range: rangeA1(first, 8, total, 8), format: '0.0%' });
    out.push({ kind: 'style', sheet, range: 'A1', style: STYLE.title });
    out.push({ kind: 'style', sheet, range: 'A2', style: { bold: true } });
    out.push({ kind: 'style', sheet, range: rangeA1(HEADER_ROW, 0, HEADER_ROW, 8), style: STYLE.header });
    if (units.length) {
      out.push({ kind: 'style', sheet, range: rangeA1(first, 0, last, 0), style: STYLE.text });
      out.push({ kind: 'style', sheet, range: rangeA1(first, 1, last, 8), style: STYLE.centered });
    }
    out.push({ kind: 'style', sheet, range: rangeA1(total, 0, total, 0), style: { ...STYLE.total, wrap: true } });
    out.push({ kind: 'style', sheet, range: rangeA1(total, 1, total, 8), style: { ...STYLE.total, horizontal: 'center' } });
    const unitWidth = columnWidth([...units, '合计（10000 项任务，'], 12, 30);
    out.push({ kind: 'columnWidth', sheet, col: 0, width: unitWidth });
    // Column B also shows 基准日期 (B2): wide enough for a date.
    for (let c = 1; c <= 7; c++) out.push({ kind: 'columnWidth', sheet, col: c, width: c === 1 ? WIDTH.date : WIDTH.count });
    out.push({ kind: 'columnWidth', sheet, col: 8, width: WIDTH.percent + 2 });
    out.push({ kind: 'fitRows', sheet, top: first, heights: rowHeights([...units, `合计（${analysis.tasks.length} 项任务，每项只计一次）`].map((u) => [{ text: u, width: unitWidth }])) });
    if (units.length) {
      out.push({ kind: 'conditionalFormat', sheet, range: rangeA1(first, 6, last, 6), formula: `${a1(first, 6)}>0`, style: RED });
      out.push({ kind: 'dataBar', sheet, range: rangeA1(first, 8, total, 8), color: '#5B9BD5', min: 0, max: 1 });
    }
    out.push({ kind: 'freeze', sheet, rows: FIRST_ROW, cols: 1 });
    out.push({ kind: 'pageSetup', sheet, setup: printSetup(`${title}——完成情况汇总`, asOf, { top: 0, bottom: HEADER_ROW }) });
    out.push({ kind: 'defineName', name: markerName('summary'), formula: `${quoteSheet(sheet)}!$A$1` });
    return out;
  }

  function unitSheetOps(unit: string, sheet: string, i: number): PlanOp[] {
    const out: PlanOp[] = [];
    const { start, rows } = block.get(unit)!;
    const det = quoteSheet(detailName);
    const first = UNIT_FIRST_ROW;
    const last = UNIT_FIRST_ROW + rows.length - 1;
    // Row r of this sheet shows row r + shift of 任务明细 (both 1-based).
    const shift = start - first;
    const pick = (c: number) => `INDEX(${det}!${whole(c)},ROW()${shift >= 0 ? '+' : ''}${shift})`;
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
    [headers[1], headers[2]] = [words.task, words.content];
    out.push({ kind: 'write', sheet, top: 0, left: 0, cells: [[`${unit}　任务清单`], [AS_OF_NAME, F(AS_OF_NAME)], ['任务情况', countText], [stale], headers] });
    if (words.people) {
      const pc = words.people.col;
      out.push(...peopleColumn(sheet, UNIT_HEADERS.length, words.people.label, `=""&INDEX(${mainCol(pc)},${pick(D.row)})`, rows.map((m) => grid.text(m.task.row, pc).trim())));
      // A 责任人 merged over several tasks is held by the merge's first cell.
      rows.forEach((m, k) => {
        const from = sourceRow(m.task, pc);
        if (from !== m.task.row) out.push({ kind: 'write', sheet, top: first + k, left: UNIT_HEADERS.length, cells: [[F(`""&${main}!$${columnLetter(pc)}$${from + 1}`)]] });
      });
    }
    out.push(...staleRowsStyle(sheet, 'A4'));
    const fill = (c: number, formulaR1C1: string) => out.push({ kind: 'fillFormula', sheet, range: rangeA1(first, c, last, c), formulaR1C1 });
    fill(0, `=${pick(D.seq)}`);
    fill(1, `=${pick(D.task)}`);
    fill(2, rec.columns.content === undefined ? '=""' : `=""&INDEX(${mainCol(rec.columns.content)},${pick(D.row)})`);
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
    out.push({ kind: 'numberFormat', sheet, range: 'B2', format: DATE_FORMAT });
    out.push({ kind: 'numberFormat', sheet, range: rangeA1(first, 5, last, 5), format: DATE_FORMAT });
    out.push({ kind: 'numberFormat', sheet, range: rangeA1(first, 7, last, 7), format: '0' });
    out.push({ kind: 'style', sheet, range: 'A1', style: STYLE.title });
    out.push({ kind: 'style', sheet, range: 'A2:A3', style: { bold: true } });
    out.push({ kind: 'style', sheet, range: 'B2', style: { horizontal: 'left' } });
    out.push({ kind: 'style', sheet, range: rangeA1(UNIT_HEADER_ROW, 0, UNIT_HEADER_ROW, 8), style: STYLE.header });
    out.push({ kind: 'style', sheet, range: rangeA1(first, 0, last, 8), style: STYLE.plain });
    for (const c of [1, 2, 4]) out.push({ kind: 'style', sheet, range: rangeA1(first, c, last, c), style: STYLE.text });
    for (const c of [0, 3, 6]) out.push({ kind: 'style', sheet, range: rangeA1(first, c, last, c), style: STYLE.centered });
    const layout = taskListLayout(rows.map((m) => m.task), 102);
    [...layout.widths, WIDTH.date, WIDTH.status, WIDTH.count, WIDTH.link].forEach((width, c) => out.push({ kind: 'columnWidth', sheet, col: c, width }));
    out.push({ kind: 'fitRows', sheet, top: first, heights: layout.heights });
    out.push(...statusRules(sheet, rangeA1(first, 0, last, 8), `$G${first + 1}`, `$F${first + 1}`));
    out.push({ kind: 'freeze', sheet, rows: UNIT_FIRST_ROW, cols: 0 });
    out.push({ kind: 'pageSetup', sheet, setup: printSetup(`${unit}　任务清单`, asOf, { top: 0, bottom: UNIT_HEADER_ROW }) });
    out.push({ kind: 'defineName', name: markerName('unit', i), formula: `${quoteSheet(sheet)}!$A$1` });
    return out;
  }
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
