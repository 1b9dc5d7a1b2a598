// Calendar dates as the engine, the CLI and the task pane write them: 'YYYY-MM-DD', whole days, no time zone.
// No imports beyond types: the task pane's first screen uses it without loading the engine.
import type { IsoDate } from './types';

const DAY_MS = 86400000;
const utc = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`);

/** Today's date in local time, as the workbook's TODAY() would see it. */
export function todayIso(now = new Date()): IsoDate {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** A real calendar date written YYYY-MM-DD, from 1900 on (Excel has no dates before; rejects 2023-02-30). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(utc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

/** The one way dates are written in Chinese text (notices, headers, messages): 2023年7月1日. */
export function chineseDate(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
