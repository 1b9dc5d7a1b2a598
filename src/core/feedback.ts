// 反馈记录: every reply merged into the master, one row each, appended and never rewritten (SPEC §9). Read here
// for whoever counts on it: 催报 (who has not reported), and a recurring task's overdue per unit and period.
import { excelSerialToIso } from './read/deadline';
import { GridReader, WorkbookInput } from './read/grid';
import { IsoDate } from './types';
import { SHEET_FEEDBACK } from './workbook';

export const FEEDBACK_HEADERS = ['收到日期', '单位', '序号', '目标任务', '完成状态', '实际完成日期', '进展情况', '来源文件', '处理结果', '说明'] as const;

export type FeedbackOutcome = '采用' | '冲突' | '未采用';

/** One row of 反馈记录. */
export interface FeedbackRow {
  received: IsoDate;
  unit: string;
  seq: string;
  task: string;
  values: { 完成状态: string; 实际完成日期: string; 进展情况: string };
  file: string;
  outcome: FeedbackOutcome;
  why: string;
}

/** A cell of 反馈记录 as an ISO date: a date serial, or text written YYYY-MM-DD; '' otherwise. */
function isoOf(g: GridReader, r: number, c: number): string {
  const v = g.raw(r, c);
  if (typeof v === 'number') return excelSerialToIso(Math.floor(v));
  const t = g.text(r, c).trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : '';
}

/** The records already in 反馈记录 (empty when the sheet is absent); a row without a date or unit is skipped. */
export function readFeedback(wb: WorkbookInput): FeedbackRow[] {
  const grid = wb.sheets.find((s) => s.name === SHEET_FEEDBACK);
  if (!grid) return [];
  const g = new GridReader(grid);
  const out: FeedbackRow[] = [];
  for (let r = g.top + 1; r <= g.bottom; r++) {
    const at = (c: number) => g.text(r, g.left + c).trim();
    const received = isoOf(g, r, g.left);
    if (!received || !at(1)) continue;
    const done = isoOf(g, r, g.left + 5) || at(5);
    out.push({ received, unit: at(1), seq: at(2), task: at(3), values: { 完成状态: at(4), 实际完成日期: done, 进展情况: at(6) }, file: at(7), outcome: at(8) as FeedbackOutcome, why: at(9) });
  }
  return out;
}
