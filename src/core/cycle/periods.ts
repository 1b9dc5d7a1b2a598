// A recurring task's periods (每月10日前报送, 每季度): the last due date that has passed, and when its period began.
import { addDays } from '../dates';
import { nextDue } from '../read/deadline';
import { Deadline, IsoDate } from '../types';

/**
 * The latest due date before `asOf` of a recurring deadline, and the day after the due date before it (a record
 * received from then on answers this period, late or not); null when none has passed (or not recurring).
 */
export function lastPeriod(d: Deadline, asOf: IsoDate): { due: IsoDate; from: IsoDate } | null {
  if (d.kind !== 'recurring' || !d.every) return null;
  // Two years back covers the longest period (a year) twice over.
  let from = d.start ?? addDays(asOf, -800);
  let prev: IsoDate | null = null;
  let last: IsoDate | null = null;
  for (let due = nextDue(d, from); due && due < asOf; due = nextDue(d, from)) {
    prev = last;
    last = due;
    from = addDays(due, 1);
  }
  if (!last) return null;
  return { due: last, from: prev ? addDays(prev, 1) : (d.start ?? addDays(last, -366)) };
}
