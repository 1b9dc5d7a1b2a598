// Who does what (SPEC §5): one membership per task × unit, groups expanded, leading wins; and the counts.
import { Analysis, AnalyzedTask, UnitRef } from '../check/analyze';
import { daysBetween } from '../dates';
import { lastPeriod, nextDue } from '../read/deadline';
import { expandUnit } from '../check/directory';
import { IsoDate } from '../types';

export type RoleName = '牵头' | '配合';

export interface Membership {
  unit: string;
  role: RoleName;
  task: AnalyzedTask;
}

export interface UnitCounts {
  unit: string;
  lead: number;
  support: number;
  total: number;
  done: number;
  inProgress: number;
  overdue: number;
  dueSoon: number;
}

export interface SummaryResult {
  asOf: IsoDate;
  units: UnitCounts[];
}

export const DUE_SOON_DAYS = 7;

/** Memberships in table order; a unit both leading and supporting a task appears once, as 牵头. */
export function memberships(analysis: Analysis): Membership[] {
  const out: Membership[] = [];
  const expanded = new Map<string, string[]>();
  const units = (r: UnitRef) => {
    if (!r.unit) return [r.text];
    let list = expanded.get(r.unit);
    if (!list) expanded.set(r.unit, (list = expandUnit(analysis.directory, r.unit)));
    return list;
  };
  for (const task of analysis.tasks) {
    const roles = new Map<string, RoleName>();
    const add = (names: string[], role: RoleName) => {
      for (const n of names) if (!roles.has(n)) roles.set(n, role);
    };
    add(task.lead.flatMap(units), '牵头');
    add(task.support.flatMap(units), '配合');
    for (const [unit, role] of roles) out.push({ unit, role, task });
  }
  return out;
}

/**
 * The rows of 汇总: the units with a task in this table (单位名录 lists the rest), each once — directory units, then
 * groups without known members, then names not in the directory.
 */
export function summaryUnits(analysis: Analysis, members: Membership[]): string[] {
  const order: string[] = [];
  const withTasks = new Set(members.map((m) => m.unit));
  const seen = new Set<string>();
  const push = (u: string) => {
    if (!seen.has(u) && withTasks.has(u)) {
      seen.add(u);
      order.push(u);
    }
  };
  for (const u of analysis.directory.units) push(u.name);
  for (const g of analysis.directory.groups) if (g.members === null || g.members.length === 0) push(g.name);
  for (const m of members) push(m.unit);
  return order;
}

/** Due date used for status colours: the deadline's date, or a recurring deadline's next date on/after asOf. */
export function dueFor(task: AnalyzedTask, asOf: IsoDate): IsoDate | null {
  return nextDue(task.deadline, asOf);
}

/**
 * When an open task falls due as of `asOf`, and in how many days (negative: overdue by that many); null when it is
 * 已完成 or has no date. Overdue is days < 0, due soon 0..DUE_SOON_DAYS: the 汇总 formulas' and 催办's rule.
 */
export function dueIn(task: AnalyzedTask, status: string, asOf: IsoDate): { due: IsoDate; days: number } | null {
  const due = status === '已完成' ? null : dueFor(task, asOf);
  return due ? { due, days: daysBetween(asOf, due) } : null;
}

/** Who replied on which task when, as 反馈记录 holds it. */
export type Replies = readonly { unit: string; seq: string; received: IsoDate }[];

/**
 * A recurring task (每月10日前报送) is overdue for a unit when its last due date passed with no reply from that unit
 * since the period began (a reply received later still answers it): that due date, or null (not recurring, none passed, replied, or 已完成).
 */
export function recurringLate(task: AnalyzedTask, unit: string, status: string, asOf: IsoDate, replies: Replies): IsoDate | null {
  const period = status === '已完成' ? null : lastPeriod(task.deadline, asOf);
  if (!period) return null;
  const replied = replies.some((f) => f.unit === unit && f.seq === task.seq && f.received >= period.from);
  return replied ? null : period.due;
}

/** The same counts the 汇总 formulas compute, for the CLI's summary command and for tests. */
export function computeSummary(analysis: Analysis, statuses: Map<number, string>, asOf: IsoDate, replies: Replies = []): SummaryResult {
  const members = memberships(analysis);
  const byUnit = new Map<string, UnitCounts>();
  for (const unit of summaryUnits(analysis, members))
    byUnit.set(unit, { unit, lead: 0, support: 0, total: 0, done: 0, inProgress: 0, overdue: 0, dueSoon: 0 });
  for (const m of members) {
    const c = byUnit.get(m.unit)!;
    const status = statuses.get(m.task.row) ?? '';
    if (m.role === '牵头') c.lead++;
    else c.support++;
    c.total++;
    if (status === '已完成') c.done++;
    if (status === '进行中') c.inProgress++;
    const when = dueIn(m.task, status, asOf);
    if (recurringLate(m.task, m.unit, status, asOf, replies) || (when && when.days < 0)) c.overdue++;
    else if (when && when.days <= DUE_SOON_DAYS) c.dueSoon++;
  }
  // Units behind first (SPEC §5): most overdue, then most due soon, then most tasks; ties keep directory order.
  const units = [...byUnit.values()].sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || b.total - a.total);
  return { asOf, units };
}
