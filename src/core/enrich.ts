// Plans for 添加状态列 (SPEC §4) and 汇总 (SPEC §5): every cell, formula, format and rule, decided here.
import { AnalyzedTask } from './analyze';
import { isoToExcelSerial } from './deadline';
import { GridReader, WorkbookInput, columnLetter, quoteSheet, rangeA1 } from './grid';
import { Plan, PlanOp, PlanValue } from './plan';
import { DUE_SOON_DAYS, Membership, memberships, summaryUnits } from './summary';
import { Deadline, Directory, IsoDate } from './types';
import {
  AS_OF_NAME,
  Located,
  SHEET_DETAIL,
  SHEET_DIRECTORY,
  SHEET_SUMMARY,
  STATUSES,
  STATUS_HEADERS,
  asOfFormula,
  directorySheetRows,
  existingStatusColumns,
  statusMarkerName,
  markerName,
  ownSheets,
} from './workbook';

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

const F = (formula: string): PlanValue => ({ formula: `=${formula}` });
const str = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Where the five status columns go: existing ones stay; new ones go right of the table, onto empty cells only. */
export function placeStatusColumns(located: Located, wb: WorkbookInput): StatusColumns {
  const { grid, analysis } = located;
  const rec = analysis.recognition;
  const g = new GridReader(grid);
  const existing = existingStatusColumns(wb, grid, rec.headerRow);
  const firstRow = rec.tasks[0].row;
  const lastRow = rec.tasks[rec.tasks.length - 1].row;
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
  if (d.kind === 'date' && d.due) return String(isoToExcelSerial(d.due));
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
function dueCell(t: AnalyzedTask): PlanValue {
  const d = t.deadline;
  if (d.kind === 'date' && d.due) return isoToExcelSerial(d.due);
  const f = dueFormula(d, AS_OF_NAME);
  return f ? F(f) : '';
}

export function planStatusColumns(located: Located, wb: WorkbookInput, options: EnrichOptions): { ops: PlanOp[]; columns: StatusColumns } {
  const { analysis } = located;
  const rec = analysis.recognition;
  const sheet = located.grid.name;
  const columns = placeStatusColumns(located, wb);
  const { col, firstRow, lastRow } = columns;
  const taskAt = new Map(analysis.tasks.map((t) => [t.row, t]));
  const ops: PlanOp[] = [];
  STATUS_HEADERS.forEach((h, i) => {
    ops.push({ kind: 'write', sheet, top: rec.headerRow, left: col[h], cells: [[h]] });
    ops.push({ kind: 'defineName', name: statusMarkerName(i), formula: `${quoteSheet(sheet)}!$${columnLetter(col[h])}$${rec.headerRow + 1}` });
  });
  ops.push({ kind: 'bold', sheet, range: rangeA1(rec.headerRow, Math.min(...Object.values(col)), rec.headerRow, Math.max(...Object.values(col))) });

  const status = columnLetter(col['完成状态']);
  const due = columnLetter(col['截止日期']);
  const dueCol: PlanValue[][] = [];
  const daysCol: PlanValue[][] = [];
  for (let r = firstRow; r <= lastRow; r++) {
    const t = taskAt.get(r);
    const n = r + 1;
    dueCol.push([t ? dueCell(t) : '']);
    daysCol.push([t ? F(`IF(OR($${status}${n}="已完成",$${due}${n}=""),"",$${due}${n}-${AS_OF_NAME})`) : '']);
  }
  ops.push({ kind: 'write', sheet, top: firstRow, left: col['截止日期'], cells: dueCol });
  ops.push({ kind: 'write', sheet, top: firstRow, left: col['剩余天数'], cells: daysCol });
  const colRange = (h: (typeof STATUS_HEADERS)[number]) => rangeA1(firstRow, col[h], lastRow, col[h]);
  ops.push({ kind: 'numberFormat', sheet, range: colRange('截止日期'), format: DATE_FORMAT });
  ops.push({ kind: 'numberFormat', sheet, range: colRange('实际完成日期'), format: DATE_FORMAT });
  ops.push({ kind: 'numberFormat', sheet, range: colRange('剩余天数'), format: '0' });
  ops.push({ kind: 'listValidation', sheet, range: colRange('完成状态'), items: [...STATUSES] });
  ops.push({ kind: 'dateValidation', sheet, range: colRange('实际完成日期') });
  for (const h of STATUS_HEADERS) ops.push({ kind: 'columnWidth', sheet, col: col[h], width: h === '进展情况' ? 30 : 13 });

  // One rule per state over the whole task range; relative to its first row.
  const right = Math.max(rec.right, ...Object.values(col));
  const range = rangeA1(firstRow, rec.left, lastRow, right);
  const s = `$${status}${firstRow + 1}`;
  const d = `$${due}${firstRow + 1}`;
  const rules = statusRules(sheet, range, s, d);
  ops.push({ kind: 'clearConditionalFormats', sheet, mentions: AS_OF_NAME, formulas: rules.map((r) => (r.kind === 'conditionalFormat' ? r.formula : '')) });
  ops.push(...rules);
  ops.push(...asOfOps(wb, options));
  return { ops, columns };
}

/** Overdue red, due within 7 days amber, done green: native formula rules that need no add-in. */
function statusRules(sheet: string, range: string, status: string, due: string): PlanOp[] {
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

/** A COUNTIFS criterion matching a unit name exactly (wildcards and leading operators escaped when present). */
function exactCriterion(cell: string, name: string): string {
  // A leading + - @ is escaped too: with "="& in front the criterion is always plain text equality.
  if (!needsEscape(name)) return cell;
  return `"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(${cell},"~","~~"),"*","~*"),"?","~?")`;
}

const needsEscape = (name: string) => /[*?~<>=]|^[+\-@]/.test(name);

/** Excel's COUNTIFS cannot match a criterion longer than 255 characters (it gives #VALUE! or a wrong count). */
function criterionTooLong(name: string): boolean {
  const escaped = needsEscape(name) ? `=${name.replace(/[~*?]/g, '~$&')}` : name;
  return escaped.length > 255;
}

/**
 * A 汇总 row for a unit name too long for COUNTIFS (a pasted paragraph): the same six counts with SUMPRODUCT,
 * whose "=" comparison has no length limit. `last` is the last row of 任务明细.
 */
function longUnitRow(unit: string, n: number, detail: string, last: number): PlanValue[] {
  const r = (c: string) => `${detail}!$${c}$2:$${c}$${Math.max(2, last)}`;
  const sp = (...conds: string[]) => F(`SUMPRODUCT((${r('A')}=$A${n})${conds.map((c) => `*${c}`).join('')})`);
  // As with COUNTIFS, only real dates count as overdue or due soon (an empty 截止日期 would compare as 0).
  const open = [`ISNUMBER(${r('F')})`, `(${r('G')}<>"已完成")`];
  return [
    unit,
    sp(`(${r('B')}="牵头")`),
    sp(`(${r('B')}="配合")`),
    F(`B${n}+C${n}`),
    sp(`(${r('G')}="已完成")`),
    sp(`(${r('G')}="进行中")`),
    sp(...open, `(${r('F')}<${AS_OF_NAME})`),
    sp(...open, `(${r('F')}>=${AS_OF_NAME})`, `(${r('F')}<=${AS_OF_NAME}+${DUE_SOON_DAYS})`),
    F(`IF(D${n}=0,0,E${n}/D${n})`),
  ];
}

export interface SummaryPlanInput {
  located: Located;
  wb: WorkbookInput;
  columns: StatusColumns;
}

const DETAIL_HEADERS = ['单位', '角色', '序号', '目标任务', '完成时限', '截止日期', '完成状态', '原表行号'];
const UNIT_HEADERS = ['序号', '目标任务', '主要内容', '角色', '完成时限', '截止日期', '完成状态', '剩余天数', '原表位置'];
const SUMMARY_HEADERS = ['单位', '牵头', '配合', '合计', '已完成', '进行中', '逾期', '7天内到期', '完成率'];
const SUMMARY_FIRST_ROW = 3; // 0-based row of the first unit (row 4 in Excel)

export function planSummary(input: SummaryPlanInput): PlanOp[] {
  const { located, wb, columns } = input;
  const { analysis } = located;
  const main = quoteSheet(located.grid.name);
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

  const members = memberships(analysis);
  const units = summaryUnits(analysis, members);
  const summaryName = legalSheetName(SHEET_SUMMARY, taken);
  const detailName = legalSheetName(SHEET_DETAIL, taken);
  const unitSheet = new Map<string, string>();
  for (const u of units) if (members.some((m) => m.unit === u)) unitSheet.set(u, legalSheetName(u, taken));
  // Sheets exist before any formula refers to them (Office.js would store #REF! otherwise); 汇总 comes first.
  for (const sheet of [summaryName, detailName, ...unitSheet.values()]) ops.push({ kind: 'addSheet', sheet });

  const ref = (col: keyof StatusColumns['col'], row: number) => `${main}!$${columnLetter(columns.col[col])}$${row + 1}`;
  // Long texts are shown through a reference to the table (=""&cell) rather than copied: the file and every
  // Office.js request stay small, the text follows edits, and a reference never runs the user's text.
  const rec = analysis.recognition;
  const shown = (col: number | undefined, row: number, fallback: string): PlanValue =>
    col === undefined ? fallback : F(`""&${main}!$${columnLetter(col)}$${row + 1}`);
  const taskTitle = (t: AnalyzedTask) => shown(rec.columns.task, t.taskMerge ? t.taskMerge.top : t.row, t.task);
  const taskContent = (t: AnalyzedTask) => shown(rec.columns.content, t.row, t.content);
  const link = (row: number) => F(`HYPERLINK(${str(`#${main}!A${row + 1}`)},${str(`第${row + 1}行`)})`);
  const deadlineText = (t: AnalyzedTask) => t.deadline.text;

  // 截止日期 on generated sheets: the date itself (the table's column holds the same constant), or a live
  // reference for recurring deadlines, whose next due date moves with 基准日期.
  const dueShown = (t: AnalyzedTask): PlanValue => {
    if (t.deadline.kind === 'date' && t.deadline.due) return isoToExcelSerial(t.deadline.due);
    if (t.deadline.kind !== 'recurring') return '';
    return F(`IF(${ref('截止日期', t.row)}="","",${ref('截止日期', t.row)})`);
  };

  // 任务明细: one row per task × unit × role; 汇总 counts over it. Kept lean: at 10,000 tasks it has ~50,000 rows.
  const detail: PlanValue[][] = [DETAIL_HEADERS];
  for (const m of members) {
    const t = m.task;
    detail.push([m.unit, m.role, t.seq, taskTitle(t), deadlineText(t), dueShown(t), F(`T(${ref('完成状态', t.row)})`), t.row + 1]);
  }
  ops.push({ kind: 'write', sheet: detailName, top: 0, left: 0, cells: detail });
  ops.push({ kind: 'bold', sheet: detailName, range: 'A1:H1' }, { kind: 'freeze', sheet: detailName, rows: 1, cols: 0 });
  if (members.length) ops.push({ kind: 'numberFormat', sheet: detailName, range: `F2:F${members.length + 1}`, format: DATE_FORMAT });
  ops.push({ kind: 'columnWidth', sheet: detailName, col: 0, width: 26 }, { kind: 'columnWidth', sheet: detailName, col: 3, width: 30 });
  ops.push({ kind: 'defineName', name: markerName('detail'), formula: `${quoteSheet(detailName)}!$A$1` });

  // 汇总: live COUNTIFS over 任务明细.
  const D = quoteSheet(detailName);
  const summary: PlanValue[][] = [
    [AS_OF_NAME, F(AS_OF_NAME), '基准日期为工作簿名称“基准日期”（公式 > 名称管理器），默认 =TODAY()，可改为固定日期。'],
    [],
    SUMMARY_HEADERS,
  ];
  units.forEach((u, i) => {
    const n = SUMMARY_FIRST_ROW + i + 1;
    if (criterionTooLong(u)) {
      summary.push(longUnitRow(u, n, D, members.length + 1));
      return;
    }
    const crit = exactCriterion(`$A${n}`, u);
    // Criteria pairs after the unit; overdue and due-soon compare 截止日期 with 基准日期 directly (text "" never matches).
    const count = (...criteria: string[]) => F(`COUNTIFS(${D}!$A:$A,${crit},${criteria.join(',')})`);
    const col = (c: string) => `${D}!$${c}:$${c}`;
    const open = `${col('G')},"<>已完成"`;
    summary.push([
      u,
      count(col('B'), '"牵头"'),
      count(col('B'), '"配合"'),
      F(`B${n}+C${n}`),
      count(col('G'), '"已完成"'),
      count(col('G'), '"进行中"'),
      count(col('F'), `"<"&${AS_OF_NAME}`, open),
      count(col('F'), `">="&${AS_OF_NAME}`, col('F'), `"<="&(${AS_OF_NAME}+${DUE_SOON_DAYS})`, open),
      F(`IF(D${n}=0,0,E${n}/D${n})`),
    ]);
  });
  ops.push({ kind: 'write', sheet: summaryName, top: 0, left: 0, cells: summary });
  ops.push({ kind: 'numberFormat', sheet: summaryName, range: 'B1', format: DATE_FORMAT }, { kind: 'bold', sheet: summaryName, range: 'A3:I3' });
  if (units.length) ops.push({ kind: 'numberFormat', sheet: summaryName, range: `I4:I${units.length + 3}`, format: '0.0%' });
  ops.push({ kind: 'columnWidth', sheet: summaryName, col: 0, width: 30 }, { kind: 'freeze', sheet: summaryName, rows: 3, cols: 1 });
  ops.push({ kind: 'defineName', name: markerName('summary'), formula: `${quoteSheet(summaryName)}!$A$1` });

  // One sheet per unit with tasks.
  let index = 0;
  for (const [unit, sheet] of unitSheet) {
    const rows: PlanValue[][] = [UNIT_HEADERS];
    const mine = members.filter((m) => m.unit === unit);
    mine.forEach((m: Membership, i) => {
      const n = i + 2;
      const t = m.task;
      rows.push([
        t.seq,
        taskTitle(t),
        taskContent(t),
        m.role,
        deadlineText(t),
        dueShown(t),
        F(`T(${ref('完成状态', t.row)})`),
        F(`IF(OR(G${n}="已完成",F${n}=""),"",F${n}-${AS_OF_NAME})`),
        link(t.row),
      ]);
    });
    const last = mine.length + 1;
    ops.push({ kind: 'write', sheet, top: 0, left: 0, cells: rows });
    ops.push({ kind: 'bold', sheet, range: 'A1:I1' }, { kind: 'freeze', sheet, rows: 1, cols: 0 });
    ops.push({ kind: 'numberFormat', sheet, range: `F2:F${last}`, format: DATE_FORMAT }, { kind: 'numberFormat', sheet, range: `H2:H${last}`, format: '0' });
    ops.push({ kind: 'columnWidth', sheet, col: 1, width: 30 }, { kind: 'columnWidth', sheet, col: 2, width: 50 });
    ops.push(...statusRules(sheet, `A2:I${last}`, '$G2', '$F2'));
    ops.push({ kind: 'defineName', name: markerName('unit', ++index), formula: `${quoteSheet(sheet)}!$A$1` });
  }
  return ops;
}

/** Seeds 单位名录 from the directory in use (built-in plus the footnote's groups) when the workbook has none. */
export function planDirectorySeed(wb: WorkbookInput, directory: Directory): PlanOp[] {
  const own = ownSheets(wb);
  const has = [...own.values()].some((o) => o.role === 'directory') || wb.sheets.some((s) => s.name === SHEET_DIRECTORY);
  if (has) return [];
  const name = SHEET_DIRECTORY;
  return [
    { kind: 'addSheet', sheet: name },
    { kind: 'write', sheet: name, top: 0, left: 0, cells: directorySheetRows(directory) },
    { kind: 'bold', sheet: name, range: 'A1:D1' },
    { kind: 'columnWidth', sheet: name, col: 0, width: 30 },
    { kind: 'columnWidth', sheet: name, col: 2, width: 40 },
    { kind: 'columnWidth', sheet: name, col: 3, width: 30 },
    { kind: 'defineName', name: markerName('directory'), formula: `${quoteSheet(name)}!$A$1` },
  ];
}

export interface EnrichResult {
  plan: Plan;
  columns: StatusColumns;
}

/** 添加状态列 + 汇总 as one plan (the CLI's enrich). */
export function planEnrich(located: Located, wb: WorkbookInput, options: EnrichOptions = {}): EnrichResult {
  const status = planStatusColumns(located, wb, options);
  const seed = planDirectorySeed(wb, located.analysis.directory);
  const summary = planSummary({ located, wb, columns: status.columns });
  return { plan: { ops: [...status.ops, ...seed, ...summary] }, columns: status.columns };
}

