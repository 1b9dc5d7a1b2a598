// The 督办 cycle (SPEC §9): send each unit its list (split), chase the late ones (remind), collect what comes
// back (merge). Every decision — what a unit list holds, what a notice says, which returned value wins — is here.
import { Analysis, AnalyzedTask } from '../check/analyze';
import { addDays, chineseDate, todayIso } from '../dates';
import { excelSerialToIso, isoToExcelSerial } from '../read/deadline';
import { DATE_FORMAT, dueCell, legalSheetName, placeStatusColumns, planStatusColumns, statusRules, taskListLayout } from '../plan/enrich';
import { CellValue, GridReader, SheetGrid, WorkbookInput, a1, cellText, columnLetter, isCellError, rangeA1 } from '../read/grid';
import { STYLE, WIDTH, printSetup, rowHeights } from '../plan/layout';
import { Plan, PlanOp, PlanValue } from '../plan/plan';
import { DUE_SOON_DAYS, RoleName, dueIn, memberships } from '../plan/summary';
import { IsoDate } from '../types';
import { AS_OF_NAME, Located, MARKER_PREFIX, STATUSES, USER_COLUMNS, asOfFormula, existingStatusColumns, locateTable } from '../workbook';

export type UserField = '完成状态' | '实际完成日期' | '进展情况';
const FIELDS = USER_COLUMNS as readonly UserField[];

/** What a task's three user-entered cells hold (a date as an ISO date). */
export type UserValues = Record<UserField, string>;

// ---------------------------------------------------------------------------------------------
// Which task a row is, across copies: its 序号, title and content, whitespace aside.

/** FNV-1a, 32 bits, as 8 hex digits: a short fingerprint, not a secret. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** The fingerprint of a task: the same task gives the same one in the master and in any copy of it. */
export function taskFingerprint(t: { seq: string; task: string; content: string }): string {
  return fnv(`${squash(t.seq)}|${squash(t.task)}|${squash(t.content)}`);
}

/** The hidden key of a unit list's row: the master row (1-based) and the task's fingerprint. */
export function taskKey(t: AnalyzedTask): string {
  return `${t.row + 1}#${taskFingerprint(t)}`;
}

// ---------------------------------------------------------------------------------------------
// The user columns of the master.

/** The three user-entered values of every task, read from the master's status columns ('' where empty). */
export function readUserValues(located: Located, wb: WorkbookInput): Map<number, UserValues> {
  const cols = existingStatusColumns(wb, located.grid, located.analysis.recognition.headerRow);
  const g = new GridReader(located.grid);
  const out = new Map<number, UserValues>();
  for (const t of located.analysis.tasks) {
    const v = {} as UserValues;
    for (const f of FIELDS) {
      const c = cols.get(f);
      v[f] = c === undefined ? '' : fieldText(f, g.raw(t.row, c), g.isDate(t.row, c));
    }
    out.set(t.row, v);
  }
  return out;
}

/** A user cell as comparable text: a date as YYYY-MM-DD (a date cell, or text that reads as one), else trimmed text. */
function fieldText(field: UserField, v: CellValue, isDate: boolean): string {
  if (v === null || isCellError(v)) return '';
  if (field === '实际完成日期') {
    if (typeof v === 'number' && (isDate || (v > 20000 && v < 80000))) return excelSerialToIso(v);
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cellText(v).trim());
    if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  }
  return cellText(v).trim();
}

// ---------------------------------------------------------------------------------------------
// split: one small workbook per unit.

export interface SplitOptions {
  /** 基准日期 written into each unit's workbook; default TODAY() there, so its highlighting stays live. */
  asOf?: IsoDate;
  /** The date to send the list back by; default 7 days after 基准日期 (or today). */
  replyBy?: IsoDate;
  /** Whom to send it back to; default "原发送人". */
  returnTo?: string;
}

export interface UnitList {
  unit: string;
  /** A file name legal on every file system (Windows included), unique among the lists. */
  fileName: string;
  /** A plan for a new, empty workbook. */
  plan: Plan;
  tasks: number;
}

/** The defined name carrying whom a unit list was made for. */
export const SPLIT_NAME = `${MARKER_PREFIX}split`;
/** The hidden key column's header, and the mark above it naming the unit (survives a re-save that drops names). */
export const KEY_HEADER = '任务编号（请勿修改）';
const UNIT_MARK = '分工表助手·回报单位：';
const LIST_HEADERS = ['序号', '目标任务', '主要内容', '角色', '完成时限', '截止日期', '完成状态', '实际完成日期', '进展情况', KEY_HEADER, '原完成状态', '原实际完成日期', '原进展情况'];
const L = { seq: 0, task: 1, content: 2, role: 3, deadline: 4, due: 5, status: 6, doneDate: 7, progress: 8, key: 9, sent: 10 } as const;
const LIST_HEADER_ROW = 4; // 0-based: title, instruction, 基准日期, blank, header
const LIST_FIRST_ROW = 5;

const RESERVED_FILE = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** A file name legal on Windows, macOS and Linux: no \ / : * ? " < > | or control characters, no trailing dot or space. */
export function legalFileName(raw: string, taken: Set<string>, ext = '.xlsx'): string {
  // eslint-disable-next-line no-control-regex
  let base = raw.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^[\s.]+|[\s.]+$/g, '');
  if (!base || RESERVED_FILE.test(base)) base = `${base || '单位'}_`;
  base = [...base].slice(0, 80).join('');
  let name = `${base}${ext}`;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}(${i})${ext}`;
  taken.add(name.toLowerCase());
  return name;
}

/** What a unit list says when the user gives no reply-by date or recipient: 7 days after 基准日期 (or today). */
export function splitDefaults(asOf?: IsoDate): { replyBy: IsoDate; returnTo: string } {
  return { replyBy: addDays(asOf ?? todayIso(), 7), returnTo: '原发送人' };
}

/** Each unit with tasks and its tasks with its role, in the order split writes them (first seen in the table). */
function tasksByUnit(analysis: Analysis): Map<string, { task: AnalyzedTask; role: RoleName }[]> {
  const byUnit = new Map<string, { task: AnalyzedTask; role: RoleName }[]>();
  for (const m of memberships(analysis)) {
    const list = byUnit.get(m.unit) ?? byUnit.set(m.unit, []).get(m.unit)!;
    list.push({ task: m.task, role: m.role });
  }
  return byUnit;
}

/** The units split makes a list for, with how many tasks each list holds (the task pane shows them before splitting). */
export function unitListCounts(analysis: Analysis): { unit: string; tasks: number }[] {
  return [...tasksByUnit(analysis)].map(([unit, rows]) => ({ unit, tasks: rows.length }));
}

/** One workbook per unit with tasks: its tasks as values, the three columns to fill, a hidden key per row. */
export function planUnitLists(located: Located, wb: WorkbookInput, options: SplitOptions = {}): UnitList[] {
  const { analysis } = located;
  const values = readUserValues(located, wb);
  const title = analysis.recognition.title || located.grid.name;
  const defaults = splitDefaults(options.asOf);
  const replyBy = options.replyBy ?? defaults.replyBy;
  const returnTo = options.returnTo?.trim() || defaults.returnTo;
  const files = new Set<string>();
  return [...tasksByUnit(analysis)].map(([unit, rows]) => {
    const sheet = legalSheetName(unit, new Set());
    const ops: PlanOp[] = [{ kind: 'addSheet', sheet }];
    const first = LIST_FIRST_ROW;
    const last = first + rows.length - 1;
    const instruction = `请在“完成状态”（下拉选择）、“实际完成日期”和“进展情况”三列填写本单位各项任务的进展，于 ${chineseDate(replyBy)} 前发回${returnTo}。请勿改动其他列，也不要删除隐藏列。`;
    const head: PlanValue[][] = [[`${unit}　任务清单（${title}）`], [instruction], [AS_OF_NAME, { formula: `=${AS_OF_NAME}` }], [], LIST_HEADERS];
    head[LIST_HEADER_ROW - 1] = [...Array(L.key).fill(null), `${UNIT_MARK}${unit}`];
    ops.push({ kind: 'write', sheet, top: 0, left: 0, cells: head });
    const sent = (t: AnalyzedTask) => values.get(t.row) ?? { 完成状态: '', 实际完成日期: '', 进展情况: '' };
    const date = (iso: string): PlanValue => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? isoToExcelSerial(iso) : iso);
    ops.push({
      kind: 'write',
      sheet,
      top: first,
      left: 0,
      cells: rows.map(({ task: t, role }) => {
        const v = sent(t);
        return [t.seq, t.task, t.content, role, t.deadline.text, dueCell(t), v['完成状态'], date(v['实际完成日期']), v['进展情况'], taskKey(t), v['完成状态'], v['实际完成日期'], v['进展情况']];
      }),
    });
    const col = (c: number) => rangeA1(first, c, last, c);
    ops.push({ kind: 'numberFormat', sheet, range: col(L.due), format: DATE_FORMAT }, { kind: 'numberFormat', sheet, range: col(L.doneDate), format: DATE_FORMAT });
    ops.push({ kind: 'numberFormat', sheet, range: 'B3', format: DATE_FORMAT });
    ops.push({ kind: 'listValidation', sheet, range: col(L.status), items: [...STATUSES] }, { kind: 'dateValidation', sheet, range: col(L.doneDate) });
    ops.push({ kind: 'style', sheet, range: 'A1', style: STYLE.title }, { kind: 'style', sheet, range: 'A3', style: { bold: true } }, { kind: 'style', sheet, range: 'B3', style: { horizontal: 'left' } });
    ops.push({ kind: 'style', sheet, range: rangeA1(LIST_HEADER_ROW, 0, LIST_HEADER_ROW, L.progress), style: STYLE.header });
    ops.push({ kind: 'style', sheet, range: rangeA1(first, 0, last, L.progress), style: STYLE.plain });
    for (const c of [L.task, L.content, L.deadline, L.progress]) ops.push({ kind: 'style', sheet, range: col(c), style: STYLE.text });
    for (const c of [L.seq, L.role, L.status]) ops.push({ kind: 'style', sheet, range: col(c), style: STYLE.centered });
    // What is to be filled stands out from what is given.
    ops.push({ kind: 'style', sheet, range: rangeA1(first, L.status, last, L.progress), style: { fill: '#FFFDE7' } });
    const layout = taskListLayout(rows.map((r) => r.task), 82);
    [...layout.widths, WIDTH.date, WIDTH.status, 14, 30].forEach((width, c) => ops.push({ kind: 'columnWidth', sheet, col: c, width }));
    ops.push({ kind: 'fitRows', sheet, top: first, heights: layout.heights });
    // The instruction wraps across the visible columns' width.
    ops.push({ kind: 'fitRows', sheet, top: 1, heights: rowHeights([[{ text: instruction, width: 120 }]]) });
    ops.push({ kind: 'hideColumns', sheet, col: L.key, count: LIST_HEADERS.length - L.key });
    ops.push(...statusRules(sheet, rangeA1(first, 0, last, L.progress), `$${columnLetter(L.status)}${first + 1}`, `$${columnLetter(L.due)}${first + 1}`));
    ops.push({ kind: 'freeze', sheet, rows: LIST_FIRST_ROW, cols: 0 });
    ops.push({ kind: 'pageSetup', sheet, setup: printSetup(`${unit}　任务清单`, options.asOf ?? null, { top: 0, bottom: LIST_HEADER_ROW }) });
    ops.push({ kind: 'defineName', name: AS_OF_NAME, formula: asOfFormula(options.asOf ?? null) });
    ops.push({ kind: 'defineName', name: SPLIT_NAME, formula: `"${unit.replace(/"/g, '""')}"` });
    return { unit, fileName: legalFileName(`${unit}-任务清单`, files), plan: { ops }, tasks: rows.length };
  });
}

// ---------------------------------------------------------------------------------------------
// remind: a notice per unit with something overdue or due within 7 days.

export interface RemindItem {
  seq: string;
  /** 1-based master row. */
  row: number;
  task: string;
  due: IsoDate;
  role: RoleName;
}

export interface Reminder {
  unit: string;
  overdue: (RemindItem & { daysLate: number })[];
  dueSoon: (RemindItem & { daysLeft: number })[];
  text: string;
}

export interface RemindOptions {
  /** Reply by; default 3 days after 基准日期. */
  replyBy?: IsoDate;
  returnTo?: string;
  /** Only this unit (its name or alias). */
  unit?: string;
}

const CN_ORDINAL = ['一', '二', '三'];
const quote = (s: string) => {
  const flat = s.replace(/\s+/g, '');
  return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
};

/** What a notice asks when the user gives no reply-by date or recipient: 3 days after 基准日期, to 督办人. */
export function remindDefaults(asOf: IsoDate): { replyBy: IsoDate; returnTo: string } {
  return { replyBy: addDays(asOf, 3), returnTo: '督办人' };
}

/**
 * Per unit, its tasks overdue as of 基准日期 (not 已完成, 截止日期 before it) and those due within 7 days, in
 * the register of an office notice; only units with something to chase.
 */
export function reminders(located: Located, wb: WorkbookInput, asOf: IsoDate, options: RemindOptions = {}): Reminder[] {
  const { analysis } = located;
  const values = readUserValues(located, wb);
  const title = analysis.recognition.title || located.grid.name;
  const defaults = remindDefaults(asOf);
  const replyBy = options.replyBy ?? defaults.replyBy;
  const returnTo = options.returnTo?.trim() || defaults.returnTo;
  const byUnit = new Map<string, Reminder>();
  for (const m of memberships(analysis)) {
    const t = m.task;
    const when = dueIn(t, values.get(t.row)?.['完成状态'] ?? '', asOf);
    if (!when || when.days > DUE_SOON_DAYS) continue;
    const { due, days } = when;
    const r = byUnit.get(m.unit) ?? byUnit.set(m.unit, { unit: m.unit, overdue: [], dueSoon: [], text: '' }).get(m.unit)!;
    const item = { seq: t.seq, row: t.row + 1, task: t.task || t.content, due, role: m.role };
    if (days < 0) r.overdue.push({ ...item, daysLate: -days });
    else r.dueSoon.push({ ...item, daysLeft: days });
  }
  let out = [...byUnit.values()];
  if (options.unit) {
    const wanted = options.unit.replace(/\s+/g, '');
    out = out.filter((r) => r.unit === wanted || analysis.tasks.some((t) => [...t.lead, ...t.support].some((u) => u.text === wanted && u.unit === r.unit)));
  }
  const content = new Map(analysis.tasks.map((t) => [t.row + 1, t.content]));
  for (const r of out) {
    // Tasks share a 目标任务 title: a few words of their 主要内容 tell them apart.
    const what = (x: RemindItem) => {
      const c = content.get(x.row) ?? '';
      return c && c !== x.task ? `“${quote(x.task)}”：${quote(c).slice(0, 24)}…` : `“${quote(x.task)}”`;
    };
    const line = (i: number, x: RemindItem, tail: string) => `${i + 1}. ${x.seq ? `序号 ${x.seq}，` : ''}${what(x)}，截止 ${chineseDate(x.due)}（${x.role}），${tail}。`;
    const parts: string[] = [];
    let k = 0;
    if (r.overdue.length) parts.push(`${CN_ORDINAL[k++]}、已逾期（${r.overdue.length} 项）`, ...r.overdue.map((x, i) => line(i, x, `已逾期 ${x.daysLate} 天`)));
    if (r.dueSoon.length) parts.push(`${CN_ORDINAL[k++]}、7日内到期（${r.dueSoon.length} 项）`, ...r.dueSoon.map((x, i) => line(i, x, x.daysLeft === 0 ? '今天到期' : `还剩 ${x.daysLeft} 天`)));
    r.text = [
      `关于督促${r.unit}推进逾期及临期任务的提醒`,
      '',
      `${r.unit}：`,
      `　　根据《${title}》，截至 ${chineseDate(asOf)}，贵单位承担的任务中${r.overdue.length ? `有 ${r.overdue.length} 项已超过完成时限` : ''}${r.overdue.length && r.dueSoon.length ? '，' : ''}${r.dueSoon.length ? `有 ${r.dueSoon.length} 项将于 7 日内到期` : ''}，具体如下：`,
      ...parts,
      `　　请抓紧推进，并于 ${chineseDate(replyBy)} 前将进展情况和预计完成时间反馈${returnTo}。`,
    ].join('\n');
  }
  return out;
}

/** One sentence on what 催办 found: how many units have something to chase, or that nothing (for `unit`) is late. */
export function remindSummary(asOf: IsoDate, list: Reminder[], unit?: string): string {
  if (list.length) return `截至 ${chineseDate(asOf)}，${list.length} 个单位有逾期或 7 天内到期的任务。`;
  return `截至 ${chineseDate(asOf)}，${unit ? `“${unit}”` : '各单位'}没有逾期或 7 天内到期的任务。`;
}

// ---------------------------------------------------------------------------------------------
// merge: what the units sent back, into the master's status columns.

export interface ReturnedWorkbook {
  /** The file's name as received (the unit may be read from it). */
  fileName: string;
  input: WorkbookInput;
}

export interface Applied {
  seq: string;
  row: number;
  unit: string;
  field: UserField;
  from: string;
  to: string;
}

export interface Conflict {
  seq: string;
  row: number;
  field: UserField;
  values: { unit: string; value: string; file: string }[];
  /** What the master keeps. */
  kept: string;
}

export interface Ignored {
  file: string;
  /** 1-based row in the returned sheet, when the finding is about one row. */
  row?: number;
  seq?: string;
  unit?: string;
  reason: string;
}

export interface MergeReport {
  applied: Applied[];
  conflicts: Conflict[];
  ignored: Ignored[];
}

interface Report {
  unit: string;
  file: string;
  task: AnalyzedTask;
  field: UserField;
  value: string;
}

/** A row read from a returned copy: who it claims to be and what its user columns hold. */
interface ReturnedRow {
  row: number;
  key?: string;
  seq: string;
  task: string;
  content: string;
  values: UserValues;
  /** What the unit list was sent with (unit lists only). */
  sent?: UserValues;
}

/** The report's counts in a few words: 采用 N 处，冲突 M 处，未采用 K 处. */
export function mergeCounts(r: MergeReport): string {
  return `采用 ${r.applied.length} 处，冲突 ${r.conflicts.length} 处，未采用 ${r.ignored.length} 处`;
}

export function planMerge(master: Located, wb: WorkbookInput, returns: ReturnedWorkbook[]): { plan: Plan; report: MergeReport } {
  const { analysis } = master;
  const report: MergeReport = { applied: [], conflicts: [], ignored: [] };
  const current = readUserValues(master, wb);
  const members = memberships(analysis);
  const roleOf = new Map<string, RoleName>(members.map((m) => [`${m.task.row}|${m.unit}`, m.role]));
  const units = [...new Set(members.map((m) => m.unit))];
  const byFingerprint = new Map<string, AnalyzedTask>();
  const bySeqTitle = new Map<string, AnalyzedTask[]>();
  for (const t of analysis.tasks) {
    byFingerprint.set(taskFingerprint(t), t);
    const k = `${squash(t.seq)}|${squash(t.task)}`;
    bySeqTitle.set(k, [...(bySeqTitle.get(k) ?? []), t]);
  }
  const taskAtRow = new Map(analysis.tasks.map((t) => [t.row + 1, t]));

  const reports: Report[] = [];
  for (const ret of returns) {
    const read = readReturned(ret, units);
    if ('reason' in read) {
      report.ignored.push({ file: ret.fileName, reason: read.reason });
      continue;
    }
    const { unit, rows } = read;
    for (const r of rows) {
      const task = matchTask(r, byFingerprint, bySeqTitle, taskAtRow);
      const changed = FIELDS.filter((f) => r.values[f] !== '' && r.values[f] !== (r.sent ? r.sent[f] : current.get(task?.row ?? -1)?.[f] ?? ''));
      if (changed.length === 0) continue; // nothing reported on this row
      if (!task) {
        report.ignored.push({ file: ret.fileName, row: r.row, seq: r.seq, unit, reason: `第 ${r.row} 行（序号“${r.seq}”“${quote(r.task)}”）在原表中找不到对应的任务` });
        continue;
      }
      if (!roleOf.has(`${task.row}|${unit}`)) {
        report.ignored.push({ file: ret.fileName, row: r.row, seq: task.seq, unit, reason: `“${unit}”不是序号“${task.seq}”任务的牵头或配合单位，其回报未采用` });
        continue;
      }
      for (const field of changed) {
        const value = r.values[field];
        if (field === '完成状态' && !(STATUSES as readonly string[]).includes(value)) {
          report.ignored.push({ file: ret.fileName, row: r.row, seq: task.seq, unit, reason: `完成状态“${quote(value)}”不是 ${STATUSES.join('、')} 之一` });
          continue;
        }
        if (field === '实际完成日期' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
          report.ignored.push({ file: ret.fileName, row: r.row, seq: task.seq, unit, reason: `实际完成日期“${quote(value)}”不是日期` });
          continue;
        }
        reports.push({ unit, file: ret.fileName, task, field, value });
      }
    }
  }

  // Per task and field: the lead unit's value wins over a supporting unit's; two that disagree on the same
  // footing are a conflict and the master keeps its value; the master's own value gives way only to the lead.
  const groups = new Map<string, Report[]>();
  for (const r of reports) {
    const k = `${r.task.row}|${r.field}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const writes: { task: AnalyzedTask; field: UserField; value: string }[] = [];
  for (const list of groups.values()) {
    const { task, field } = list[0];
    const from = current.get(task.row)?.[field] ?? '';
    const leads = list.filter((r) => roleOf.get(`${task.row}|${r.unit}`) === '牵头');
    const deciding = leads.length ? leads : list;
    const distinct = [...new Set(deciding.map((r) => r.value))];
    if (distinct.length > 1) {
      report.conflicts.push({ seq: task.seq, row: task.row + 1, field, values: deciding.map((r) => ({ unit: r.unit, value: r.value, file: r.file })), kept: from });
      continue;
    }
    const to = distinct[0];
    if (to === from) continue;
    if (from !== '' && leads.length === 0) {
      for (const r of list) report.ignored.push({ file: r.file, seq: task.seq, unit: r.unit, reason: `序号“${task.seq}”的${field}已有“${quote(from)}”，配合单位的回报“${quote(r.value)}”不替换它（以牵头单位为准）` });
      continue;
    }
    const winner = deciding[0];
    report.applied.push({ seq: task.seq, row: task.row + 1, unit: winner.unit, field, from, to });
    writes.push({ task, field, value: to });
  }
  report.applied.sort((a, b) => a.row - b.row || FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field));
  return { plan: { ops: writes.length ? mergeOps(master, wb, writes) : [] }, report };
}

/** Writes of the merged values into the master's status columns (added first when the master has none). */
function mergeOps(master: Located, wb: WorkbookInput, writes: { task: AnalyzedTask; field: UserField; value: string }[]): PlanOp[] {
  const existing = existingStatusColumns(wb, master.grid, master.analysis.recognition.headerRow);
  const ops: PlanOp[] = FIELDS.every((f) => existing.has(f)) ? [] : planStatusColumns(master, wb, {}).ops;
  const { col } = placeStatusColumns(master, wb);
  for (const w of writes) {
    const v: PlanValue = w.field === '实际完成日期' ? isoToExcelSerial(w.value) : w.value;
    ops.push({ kind: 'write', sheet: master.grid.name, top: w.task.row, left: col[w.field], cells: [[v]] });
    if (w.field === '实际完成日期') ops.push({ kind: 'numberFormat', sheet: master.grid.name, range: a1(w.task.row, col[w.field]), format: DATE_FORMAT });
  }
  return ops;
}

function matchTask(r: ReturnedRow, byFingerprint: Map<string, AnalyzedTask>, bySeqTitle: Map<string, AnalyzedTask[]>, taskAtRow: Map<number, AnalyzedTask>): AnalyzedTask | undefined {
  // The hidden key: the master row, checked against the task's fingerprint (rows may have moved in the master).
  const key = r.key && /^(\d+)#([0-9a-f]{8})$/.exec(r.key.trim());
  if (key) {
    const atRow = taskAtRow.get(Number(key[1]));
    if (atRow && taskFingerprint(atRow) === key[2]) return atRow;
    const moved = byFingerprint.get(key[2]);
    if (moved) return moved;
  }
  const same = byFingerprint.get(taskFingerprint(r));
  if (same) return same;
  // Then 序号 + 目标任务, when they name one task only.
  const candidates = bySeqTitle.get(`${squash(r.seq)}|${squash(r.task)}`) ?? [];
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Whose return a file is, and its rows: a unit list we made, or a full copy of the master. */
function readReturned(ret: ReturnedWorkbook, units: string[]): { unit: string; rows: ReturnedRow[] } | { reason: string } {
  const list = ret.input.sheets.map((s) => readUnitList(s)).find((x) => x !== null);
  const named = ret.input.names.find((n) => n.name === SPLIT_NAME);
  const fromName = named ? /^"(.*)"$/.exec(named.formula.replace(/^=/, '').trim())?.[1].replace(/""/g, '"') : undefined;
  if (list) {
    const unit = fromName ?? list.unit ?? unitInFileName(ret.fileName, units);
    if (!unit) return { reason: '无法判断这是哪个单位的回报（清单中的单位标记已丢失，文件名中也没有单位名称）' };
    return { unit, rows: list.rows };
  }
  // A full copy of the master: the same table, with its status columns.
  let copy: Located;
  try {
    copy = locateTable(ret.input);
  } catch {
    return { reason: '文件中既没有分工表助手导出的单位清单，也没有责任分工表' };
  }
  const cols = existingStatusColumns(ret.input, copy.grid, copy.analysis.recognition.headerRow);
  if (!FIELDS.some((f) => cols.has(f))) return { reason: '文件中的分工表没有“完成状态”等状态列，没有可合并的内容' };
  const unit = fromName ?? unitInFileName(ret.fileName, units);
  if (!unit) return { reason: `无法判断这是哪个单位的回报：请在文件名中写明单位名称（如“${units[0] ?? '某单位'}-回报.xlsx”）` };
  const values = readUserValues(copy, ret.input);
  return {
    unit,
    rows: copy.analysis.tasks.map((t) => ({ row: t.row + 1, seq: t.seq, task: t.task, content: t.content, values: values.get(t.row)! })),
  };
}

/** The longest unit name the file name contains. */
function unitInFileName(fileName: string, units: string[]): string | undefined {
  const base = squash(fileName.replace(/^.*[\\/]/, ''));
  return units.filter((u) => base.includes(squash(u))).sort((a, b) => b.length - a.length)[0];
}

/** A unit list we exported, as it came back (rows sorted, filtered or inserted; re-saved elsewhere), or null. */
function readUnitList(grid: SheetGrid): { unit?: string; rows: ReturnedRow[] } | null {
  const g = new GridReader(grid);
  let header = -1;
  const col = new Map<string, number>();
  for (let r = g.top; r <= Math.min(g.bottom, g.top + 20) && header < 0; r++) {
    const labels = new Map<string, number>();
    for (let c = g.left; c <= g.right; c++) labels.set(g.text(r, c).trim(), c);
    if (labels.has(KEY_HEADER) && labels.has('完成状态')) {
      header = r;
      for (const [k, c] of labels) col.set(k, c);
    }
  }
  if (header < 0) return null;
  const keyCol = col.get(KEY_HEADER)!;
  let unit: string | undefined;
  for (let r = g.top; r < header; r++) {
    const t = g.text(r, keyCol).trim();
    if (t.startsWith(UNIT_MARK)) unit = t.slice(UNIT_MARK.length);
  }
  const text = (r: number, label: string) => (col.has(label) ? g.text(r, col.get(label)!).trim() : '');
  const field = (r: number, f: UserField, label = f as string) => (col.has(label) ? fieldText(f, g.raw(r, col.get(label)!), g.isDate(r, col.get(label)!)) : '');
  const rows: ReturnedRow[] = [];
  for (let r = header + 1; r <= g.bottom; r++) {
    const row: ReturnedRow = {
      row: r + 1,
      key: text(r, KEY_HEADER) || undefined,
      seq: text(r, '序号'),
      task: text(r, '目标任务'),
      content: text(r, '主要内容'),
      values: { 完成状态: field(r, '完成状态'), 实际完成日期: field(r, '实际完成日期'), 进展情况: field(r, '进展情况') },
      sent: { 完成状态: field(r, '完成状态', '原完成状态'), 实际完成日期: field(r, '实际完成日期', '原实际完成日期'), 进展情况: field(r, '进展情况', '原进展情况') },
    };
    if (!row.key && !row.seq && !row.task && FIELDS.every((f) => !row.values[f])) continue; // blank
    rows.push(row);
  }
  return { unit, rows };
}
