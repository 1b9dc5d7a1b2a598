// remind: a notice per unit with something overdue or due within 7 days (催办), and to the units that have not
// reported since a date (催报). A recurring task is overdue for a unit when its period's due date passed with no
// record from that unit in 反馈记录.
import { Analysis } from '../check/analyze';
import { addDays, daysBetween } from '../dates';
import { DUE_SOON_DAYS, RoleName, dueIn, memberships, recurringLate } from '../plan/summary';
import { GridReader, WorkbookInput } from '../read/grid';
import { DEFAULT_WORDS, peopleOf, taskWords } from '../plan/words';
import { IsoDate } from '../types';
import { InputError, Located } from '../workbook';
import { cnDate, quote, readUserValues } from './common';
import { FeedbackRow, readFeedback } from './records';
import { resolveUnit, suggestUnits } from '../read/units';
export { remindSummary } from './report-text';

export interface RemindItem {
  seq: string;
  /** 1-based master row. */
  row: number;
  task: string;
  due: IsoDate;
  role: RoleName;
  /** The table's people column for the task (责任人), when it has one. */
  people?: string;
}

export interface Reminder {
  unit: string;
  overdue: (RemindItem & { daysLate: number })[];
  dueSoon: (RemindItem & { daysLeft: number })[];
  /** With `since`: true when the unit has open tasks and no record in 反馈记录 since that date (催报). */
  notReported?: boolean;
  text: string;
}

export interface RemindOptions {
  /** Reply by; default 3 days after 基准日期. */
  replyBy?: IsoDate;
  returnTo?: string;
  /** Only this unit (its name or alias); a name not in the table is refused with the nearest ones. */
  unit?: string;
  /** Also the units with open tasks and no record in 反馈记录 on or after this date. */
  since?: IsoDate;
}

const CN_ORDINAL = ['一', '二', '三'];

/** What a notice asks when the user gives no reply-by date or recipient: 3 days after 基准日期, to 督办人. */
export function remindDefaults(asOf: IsoDate): { replyBy: IsoDate; returnTo: string } {
  return { replyBy: addDays(asOf, 3), returnTo: '督办人' };
}

/** The table's unit a name means (its name, an alias, a name as written in the table), or an InputError naming the nearest. */
export function unitOfName(analysis: Analysis, name: string): string {
  const units = [...new Set(memberships(analysis).map((m) => m.unit))];
  const wanted = name.replace(/\s+/g, '');
  if (units.includes(wanted)) return wanted;
  const written = analysis.tasks.flatMap((t) => [...t.lead, ...t.support]).find((u) => u.text === wanted && u.unit && units.includes(u.unit));
  if (written) return written.unit!;
  const resolved = resolveUnit(analysis.directory, wanted);
  if (resolved && units.includes(resolved.unit)) return resolved.unit;
  const near = suggestUnits({ units: units.map((u) => ({ name: u, aliases: [] })), groups: [] }, wanted, 3);
  throw new InputError(`表中没有单位“${name}”${near.length ? `，您要找的是不是：${near.join('、')}？` : '。'}`);
}

/** Each unit's overdue and due-soon tasks; a recurring task is overdue per unit, by its records in 反馈记录. */
function chase(located: Located, wb: WorkbookInput, asOf: IsoDate, feedback: FeedbackRow[]): Map<string, Reminder> {
  const { analysis } = located;
  const values = readUserValues(located, wb);
  const byUnit = new Map<string, Reminder>();
  const words = taskWords(analysis.recognition);
  const g = new GridReader(located.grid);
  const entry = (unit: string) => byUnit.get(unit) ?? byUnit.set(unit, { unit, overdue: [], dueSoon: [], text: '' }).get(unit)!;
  for (const m of memberships(analysis)) {
    const t = m.task;
    const status = values.get(t.row)?.['完成状态'] ?? '';
    const people = peopleOf(g, t, words);
    const item = { seq: t.seq, row: t.row + 1, task: t.task || t.content, role: m.role, ...(people ? { people } : {}) };
    const late = recurringLate(t, m.unit, status, asOf, feedback);
    if (late) {
      entry(m.unit).overdue.push({ ...item, due: late, daysLate: daysBetween(late, asOf) });
      continue;
    }
    const when = dueIn(t, status, asOf);
    if (!when || when.days > DUE_SOON_DAYS) continue;
    if (when.days < 0) entry(m.unit).overdue.push({ ...item, due: when.due, daysLate: -when.days });
    else entry(m.unit).dueSoon.push({ ...item, due: when.due, daysLeft: when.days });
  }
  return byUnit;
}

/** The units with a task not 已完成 and no record in 反馈记录 received on or after `since`. */
export function notReportedUnits(located: Located, wb: WorkbookInput, since: IsoDate, feedback = readFeedback(wb)): string[] {
  const values = readUserValues(located, wb);
  const open = memberships(located.analysis).filter((m) => values.get(m.task.row)?.['完成状态'] !== '已完成');
  const units = [...new Set(open.map((m) => m.unit))];
  return units.filter((u) => !feedback.some((f) => f.unit === u && f.received >= since));
}

/**
 * Per unit, its tasks overdue as of 基准日期 (not 已完成, 截止日期 before it) and those due within 7 days, in
 * the register of an office notice; with `since`, also each unit that has not reported since then (催报).
 */
export function reminders(located: Located, wb: WorkbookInput, asOf: IsoDate, options: RemindOptions = {}): Reminder[] {
  const feedback = readFeedback(wb);
  const byUnit = chase(located, wb, asOf, feedback);
  if (options.since) {
    for (const r of byUnit.values()) r.notReported = false;
    for (const unit of notReportedUnits(located, wb, options.since, feedback)) {
      const r = byUnit.get(unit) ?? byUnit.set(unit, { unit, overdue: [], dueSoon: [], text: '' }).get(unit)!;
      r.notReported = true;
    }
  }
  let out = [...byUnit.values()];
  if (options.unit) {
    const unit = unitOfName(located.analysis, options.unit);
    out = out.filter((r) => r.unit === unit);
  }
  for (const r of out) r.text = noticeText(located, r, asOf, options);
  return out;
}

function noticeText(located: Located, r: Reminder, asOf: IsoDate, options: RemindOptions): string {
  const { analysis } = located;
  const title = analysis.recognition.title || located.grid.name;
  const defaults = remindDefaults(asOf);
  const replyBy = options.replyBy ?? defaults.replyBy;
  const returnTo = options.returnTo?.trim() || defaults.returnTo;
  const content = new Map(analysis.tasks.map((t) => [t.row + 1, t.content]));
  // Tasks share a 目标任务 title: a few words of their 主要内容 tell them apart.
  // A table with words of its own (存在问题) names them; its people column (责任人) follows the task.
  const words = taskWords(analysis.recognition);
  const named = words.task !== DEFAULT_WORDS.task ? words.task : '';
  const what = (x: RemindItem) => {
    const c = content.get(x.row) ?? '';
    return c && c !== x.task ? `${named}“${quote(x.task)}”：${quote(c).slice(0, 24)}…` : `${named}“${quote(x.task)}”`;
  };
  const who = (x: RemindItem) => (x.people && words.people ? `，${words.people.label}：${x.people.replace(/\s+/g, ' ')}` : '');
  const line = (i: number, x: RemindItem, tail: string) => `${i + 1}. ${x.seq ? `序号 ${x.seq}，` : ''}${what(x)}${who(x)}，截止 ${cnDate(x.due)}（${x.role}），${tail}。`;
  const parts: string[] = [];
  let k = 0;
  if (r.overdue.length) parts.push(`${CN_ORDINAL[k++]}、已逾期（${r.overdue.length} 项）`, ...r.overdue.map((x, i) => line(i, x, `已逾期 ${x.daysLate} 天`)));
  if (r.dueSoon.length) parts.push(`${CN_ORDINAL[k++]}、7日内到期（${r.dueSoon.length} 项）`, ...r.dueSoon.map((x, i) => line(i, x, x.daysLeft === 0 ? '今天到期' : `还剩 ${x.daysLeft} 天`)));
  const late = r.overdue.length || r.dueSoon.length;
  const report = r.notReported && options.since ? `自 ${cnDate(options.since)} 以来，尚未收到贵单位对所承担任务进展情况的反馈。` : '';
  return [
    late ? `关于督促${r.unit}推进逾期及临期任务的提醒` : `关于请${r.unit}报送任务进展情况的提醒`,
    '',
    `${r.unit}：`,
    late
      ? `　　根据《${title}》，截至 ${cnDate(asOf)}，贵单位承担的任务中${r.overdue.length ? `有 ${r.overdue.length} 项已超过完成时限` : ''}${r.overdue.length && r.dueSoon.length ? '，' : ''}${r.dueSoon.length ? `有 ${r.dueSoon.length} 项将于 7 日内到期` : ''}，具体如下：`
      : `　　根据《${title}》，截至 ${cnDate(asOf)}，${report}`,
    ...parts,
    ...(late && report ? [`　　另：${report}`] : []),
    late
      ? `　　请抓紧推进，并于 ${cnDate(replyBy)} 前将进展情况和预计完成时间反馈${returnTo}。`
      : `　　请于 ${cnDate(replyBy)} 前将各项任务的完成状态和进展情况反馈${returnTo}。`,
  ].join('\n');
}

