// What the 督办 reports say, worded once for the CLI and the task pane. Light imports only: the task pane's initial
// bundle includes this file.
import { chineseDate } from '../dates';
import type { IsoDate } from '../types';
import type { UserValues } from './common';
import type { Reminder } from './remind';

/** 已完成 2023-06-20，“已印发”; a reply without a status reads （空白）. */
export function replyText(v: UserValues): string {
  const date = v['实际完成日期'] ? ` ${v['实际完成日期']}` : '';
  const progress = v['进展情况'] ? `，“${v['进展情况']}”` : '';
  return `${v['完成状态'] || '（空白）'}${date}${progress}`;
}

/** One sentence on what 催办 found: how many units have something to chase (and have not reported), or that nothing is late. */
export function remindSummary(asOf: IsoDate, list: Reminder[], unit?: string): string {
  const late = list.filter((r) => r.overdue.length || r.dueSoon.length).length;
  const silent = list.filter((r) => r.notReported).length;
  const tail = silent ? `${silent} 个单位自起始日期以来未反馈进展。` : '';
  if (late) return `截至 ${chineseDate(asOf)}，${late} 个单位有逾期或 7 天内到期的任务。${tail}`;
  return `截至 ${chineseDate(asOf)}，${unit ? `“${unit}”` : '各单位'}没有逾期或 7 天内到期的任务。${tail}`;
}
