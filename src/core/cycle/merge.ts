// merge: what the units sent back, into the master's status columns (SPEC §9 "Collect"). A unit's reply on a task
// is one record, applied whole or not at all; the lead's record wins, supporting units' only when they agree.
import { AnalyzedTask } from '../check/analyze';
import { todayIso } from '../dates';
import { isoToExcelSerial } from '../read/deadline';
import { DATE_FORMAT, placeStatusColumns, planStatusColumns } from '../plan/enrich';
import { WorkbookInput, a1 } from '../read/grid';
import { Plan, PlanOp, PlanValue } from '../plan/plan';
import { RoleName, memberships } from '../plan/summary';
import { IsoDate } from '../types';
import { Located, existingStatusColumns, notAWorkbook } from '../workbook';
import { FIELDS, UserField, UserValues, quote, readUserValues } from './common';
import { FeedbackRow, Outcome, appendFeedbackOps, readRecord } from './records';
import { ReturnedRow, matchTask, readReturned, taskIndex } from './returned';

export interface ReturnedWorkbook {
  /** The file's name as received (the unit may be read from it). */
  fileName: string;
  /** Absent when the file could not be read as a workbook: it is listed, the others merged. */
  input?: WorkbookInput;
}

export interface Applied {
  seq: string;
  row: number;
  unit: string;
  field: UserField;
  from: string;
  to: string;
}

/** One unit's whole reply on one task. */
export interface UnitRecord {
  unit: string;
  role: RoleName;
  file: string;
  values: UserValues;
}

/** Records on one task that disagree with no lead's to settle it: the master keeps its record. */
export interface Conflict {
  seq: string;
  row: number;
  records: UnitRecord[];
  kept: UserValues;
}

/** A unit's record that differs from the one applied (or kept): listed, never dropped silently. */
export interface Dissent extends UnitRecord {
  seq: string;
  row: number;
  /** Whose record the task holds now ('原表' when the master kept its own). */
  against: string;
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
  dissent: Dissent[];
  ignored: Ignored[];
  /** Each file given, in order: whose it is and whether it belongs to this table. */
  files: { file: string; unit?: string; used: boolean }[];
}

export interface MergeOptions {
  /** 收到日期 written into 反馈记录; default today. */
  received?: IsoDate;
}

/** The report's counts in a few words: 采用 N 处，冲突 M 处，未采用 K 处 (and dissenting records, when any). */
export function mergeCounts(r: MergeReport): string {
  const dissent = r.dissent.length ? `，不一致的回报 ${r.dissent.length} 条` : '';
  return `采用 ${r.applied.length} 处，冲突 ${r.conflicts.length} 处${dissent}，未采用 ${r.ignored.length} 处`;
}

/** True when at least one returned file belongs to the master's table. */
export function anyUsable(r: MergeReport): boolean {
  return r.files.some((f) => f.used);
}

/** A usable record, waiting for the decision on its task. */
interface Candidate extends UnitRecord {
  task: AnalyzedTask;
  note?: string;
}

/** What a merge collects before it decides: the records, the report so far, the rows for 反馈记录. */
interface Collected {
  candidates: Candidate[];
  report: MergeReport;
  feedback: FeedbackRow[];
}

export function planMerge(master: Located, wb: WorkbookInput, returns: ReturnedWorkbook[], options: MergeOptions = {}): { plan: Plan; report: MergeReport } {
  const received = options.received ?? todayIso();
  const current = readUserValues(master, wb);
  const c = collect(master, current, returns, received);
  const latest = latestPerUnit(c, received);
  const writes: { task: AnalyzedTask; values: UserValues }[] = [];
  const byTask = new Map<AnalyzedTask, Candidate[]>();
  for (const r of latest) byTask.set(r.task, [...(byTask.get(r.task) ?? []), r]);
  for (const [task, records] of byTask) {
    const applied = decide(task, records, current.get(task.row)!, c, received);
    if (applied) writes.push({ task, values: applied });
  }
  c.report.applied.sort((a, b) => a.row - b.row || FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field));
  const ops = [...(writes.length ? mergeOps(master, wb, writes) : []), ...appendFeedbackOps(wb, c.feedback)];
  return { plan: { ops }, report: c.report };
}

/** Reads every return: usable records become candidates; everything else is listed, and every reply is kept. */
function collect(master: Located, current: Map<number, UserValues>, returns: ReturnedWorkbook[], received: IsoDate): Collected {
  const { analysis } = master;
  const members = memberships(analysis);
  const roleOf = new Map<string, RoleName>(members.map((m) => [`${m.task.row}|${m.unit}`, m.role]));
  const index = taskIndex(analysis.tasks);
  const units = [...new Set(members.map((m) => m.unit))];
  const c: Collected = { candidates: [], report: { applied: [], conflicts: [], dissent: [], ignored: [], files: [] }, feedback: [] };
  for (const ret of returns) {
    const read = ret.input ? readReturned({ fileName: ret.fileName, input: ret.input }, units) : { reason: notAWorkbook(ret.fileName) };
    if ('reason' in read) {
      c.report.ignored.push({ file: ret.fileName, reason: read.reason });
      c.report.files.push({ file: ret.fileName, used: false });
      continue;
    }
    const matched = read.rows.map((r) => ({ r, task: matchTask(r, index) }));
    const used = matched.some((m) => m.task);
    c.report.files.push({ file: ret.fileName, unit: read.unit, used });
    if (!used) {
      c.report.ignored.push({ file: ret.fileName, unit: read.unit, reason: `不属于本表：文件中没有一行对得上原表的任务（${read.rows.length} 行都找不到）` });
      continue;
    }
    for (const { r, task } of matched) collectRow(c, { r, task, unit: read.unit, file: ret.fileName, current, roleOf, year: analysis.year, received });
  }
  return c;
}

interface RowContext {
  r: ReturnedRow;
  task?: AnalyzedTask;
  unit: string;
  file: string;
  current: Map<number, UserValues>;
  roleOf: Map<string, RoleName>;
  year: number;
  received: IsoDate;
}

/** One returned row: a reply when its values differ from what was sent (or from the master, for a full copy). */
function collectRow(c: Collected, x: RowContext): void {
  const { r, task, unit, file } = x;
  const base = r.sent ?? x.current.get(task?.row ?? -1);
  if (!FIELDS.some((f) => r.values[f] !== '' && r.values[f] !== (base?.[f] ?? ''))) return; // nothing reported
  const keep = (outcome: Outcome, why: string, values = r.values) =>
    c.feedback.push({ received: x.received, unit, seq: task?.seq ?? r.seq, task: task?.task || task?.content || r.task, values, file, outcome, why });
  const refuse = (reason: string, seq = r.seq) => {
    c.report.ignored.push({ file, row: r.row, seq, unit, reason });
    keep('未采用', reason);
  };
  if (!task) return refuse(`第 ${r.row} 行（序号“${r.seq}”“${quote(r.task)}”）在原表中找不到对应的任务`);
  const role = x.roleOf.get(`${task.row}|${unit}`);
  if (!role) return refuse(`“${unit}”不是序号“${task.seq}”任务的牵头或配合单位，其回报未采用`, task.seq);
  const rec = readRecord(r.values, x.year);
  if ('reason' in rec) return refuse(`序号“${task.seq}”的回报整条未采用：${rec.reason}`, task.seq);
  c.candidates.push({ unit, role, file, values: rec.values, task, note: rec.note });
}

/** The same unit on the same task in two files: the later file (in the order given) wins, and both are named. */
function latestPerUnit(c: Collected, received: IsoDate): Candidate[] {
  const latest = new Map<string, Candidate>();
  for (const r of c.candidates) {
    const key = `${r.task.row}|${r.unit}`;
    const earlier = latest.get(key);
    if (earlier && earlier.file !== r.file) {
      const why = `${r.unit}对序号“${r.task.seq}”的回报以较后的文件“${r.file}”为准，替换了“${earlier.file}”中的回报`;
      c.report.ignored.push({ file: earlier.file, seq: r.task.seq, unit: r.unit, reason: why });
      c.feedback.push(feedbackOf(earlier, received, '未采用', why));
    }
    latest.set(key, r);
  }
  return [...latest.values()];
}

function feedbackOf(r: Candidate, received: IsoDate, outcome: Outcome, why: string): FeedbackRow {
  return { received, unit: r.unit, seq: r.task.seq, task: r.task.task || r.task.content, values: r.values, file: r.file, outcome, why };
}

const sameRecord = (a: UserValues, b: UserValues) => FIELDS.every((f) => a[f] === b[f]);
const recordText = (v: UserValues) => FIELDS.map((f) => `${f}“${quote(v[f]) || '空白'}”`).join('、');

/**
 * One task's records: the lead's wins (leads that disagree are a conflict); without a lead, the supporting units'
 * apply only when they agree; the master's own record gives way only to a lead's. Returns the record to write.
 */
function decide(task: AnalyzedTask, records: Candidate[], kept: UserValues, c: Collected, received: IsoDate): UserValues | null {
  const leads = records.filter((r) => r.role === '牵头');
  const deciding = leads.length ? leads : records;
  const seq = task.seq;
  const row = task.row + 1;
  if (deciding.some((r) => !sameRecord(r.values, deciding[0].values))) {
    c.report.conflicts.push({ seq, row, records: deciding.map(({ unit, role, file, values }) => ({ unit, role, file, values })), kept });
    const others = records.filter((r) => !deciding.includes(r));
    for (const r of deciding) c.feedback.push(feedbackOf(r, received, '冲突', `序号“${seq}”各${leads.length ? '牵头' : '配合'}单位的回报不一致，原表未改`));
    for (const r of others) dissent(c, r, '原表', received, '牵头单位之间意见不一致，原表未改');
    return null;
  }
  const winner = deciding[0];
  const isNew = !sameRecord(winner.values, kept);
  const masterHas = FIELDS.some((f) => kept[f] !== '');
  if (isNew && masterHas && !leads.length) {
    const why = `序号“${seq}”原表已有记录（${recordText(kept)}），配合单位的回报不替换它（以牵头单位为准）`;
    for (const r of records) {
      c.report.ignored.push({ file: r.file, seq, unit: r.unit, reason: why });
      c.feedback.push(feedbackOf(r, received, '未采用', why));
    }
    return null;
  }
  for (const r of records) {
    if (!sameRecord(r.values, winner.values)) dissent(c, r, winner.unit, received, `与${winner.unit}（${winner.role}）采用的回报不一致`);
    else c.feedback.push(feedbackOf(r, received, '采用', [isNew ? '' : '与原表一致', r.note ?? ''].filter(Boolean).join('；')));
  }
  if (!isNew) return null;
  for (const field of FIELDS)
    if (winner.values[field] !== kept[field]) c.report.applied.push({ seq, row, unit: winner.unit, field, from: kept[field], to: winner.values[field] });
  return winner.values;
}

function dissent(c: Collected, r: Candidate, against: string, received: IsoDate, why: string): void {
  c.report.dissent.push({ seq: r.task.seq, row: r.task.row + 1, unit: r.unit, role: r.role, file: r.file, values: r.values, against });
  c.feedback.push(feedbackOf(r, received, '未采用', why));
}

/** Writes each applied record, all three cells, into the master's status columns (added first when it has none). */
function mergeOps(master: Located, wb: WorkbookInput, writes: { task: AnalyzedTask; values: UserValues }[]): PlanOp[] {
  const existing = existingStatusColumns(wb, master.grid, master.analysis.recognition.headerRow);
  const ops: PlanOp[] = FIELDS.every((f) => existing.has(f)) ? [] : planStatusColumns(master, wb, {}).ops;
  const { col } = placeStatusColumns(master, wb);
  const sheet = master.grid.name;
  for (const w of writes) {
    for (const field of FIELDS) {
      const v = w.values[field];
      // An empty value clears the cell (null), so an unchanged empty cell stays as it was.
      const cell: PlanValue = !v ? null : field === '实际完成日期' ? isoToExcelSerial(v) : v;
      ops.push({ kind: 'write', sheet, top: w.task.row, left: col[field], cells: [[cell]] });
    }
    if (w.values['实际完成日期']) ops.push({ kind: 'numberFormat', sheet, range: a1(w.task.row, col['实际完成日期']), format: DATE_FORMAT });
  }
  return ops;
}

