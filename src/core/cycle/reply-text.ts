// A unit's whole reply in a few words, as the merge report shows it in the CLI and the task pane alike. Type-only
// imports: the task pane's initial bundle includes this file.
import type { UserValues } from './common';

/** 已完成 2023-06-20，“已印发”; a reply without a status reads （空白）. */
export function replyText(v: UserValues): string {
  const date = v['实际完成日期'] ? ` ${v['实际完成日期']}` : '';
  const progress = v['进展情况'] ? `，“${v['进展情况']}”` : '';
  return `${v['完成状态'] || '（空白）'}${date}${progress}`;
}
