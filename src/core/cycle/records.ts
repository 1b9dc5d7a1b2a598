// A unit's reply on a task as one record (完成状态, 实际完成日期, 进展情况): read the ways people write it, made
// consistent, and kept for good in the master's 反馈记录 sheet (SPEC §9 "Collect").
import { DATE_FORMAT } from '../plan/enrich';
import { STYLE, WIDTH } from '../plan/layout';
import { PlanOp, PlanValue } from '../plan/plan';
import { isoToExcelSerial } from '../read/deadline';
import { WorkbookInput, rangeA1 } from '../read/grid';
import { FEEDBACK_HEADERS, FeedbackOutcome, FeedbackRow, readFeedback } from '../feedback';
import { SHEET_FEEDBACK, STATUSES } from '../workbook';

export { SHEET_FEEDBACK };
import { UserValues, quote } from './common';

export type Outcome = FeedbackOutcome;
export { FEEDBACK_HEADERS, readFeedback };
export type { FeedbackRow };

// Words offices use for a status, read as the dropdown's value.
const STATUS_WORDS: Record<string, (typeof STATUSES)[number]> = {
  完成: '已完成',
  已办结: '已完成',
  办结: '已完成',
  已完结: '已完成',
  完结: '已完成',
  已落实: '已完成',
  正在推进: '进行中',
  推进中: '进行中',
  正在进行: '进行中',
  正在办理: '进行中',
  办理中: '进行中',
  未启动: '未开始',
  尚未开始: '未开始',
  暂停: '暂缓',
};

/** A status as written → one of STATUSES, '' when blank, null when it cannot be read. */
export function readStatus(text: string): string | null {
  const t = text.replace(/[\s。.]+/g, '');
  if (!t) return '';
  if ((STATUSES as readonly string[]).includes(t)) return t;
  return STATUS_WORDS[t] ?? null;
}

/** A date as written (2023-06-15, 2023.6.15, 2023年6月15日, 6月15日, 6.15, 6/15) → ISO; '' when blank, null when unreadable. */
export function readDate(text: string, year: number): string | null {
  const t = text.replace(/\s+/g, '');
  if (!t) return '';
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  const short = /^(\d{1,2})[/.月](\d{1,2})日?$/.exec(t);
  const [y, m, d] = full ? full.slice(1).map(Number) : short ? [year, Number(short[1]), Number(short[2])] : [0, 0, 0];
  if (!y) return null;
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const check = new Date(`${iso}T00:00:00Z`);
  return check.getUTCMonth() + 1 === m && check.getUTCDate() === d ? iso : null;
}

/**
 * A reply made consistent, or why it cannot be used: 实际完成日期 only with 已完成 (a date beside another status
 * rejects the record); 已完成 without a date keeps the date empty, with a note.
 */
export function readRecord(raw: UserValues, year: number): { values: UserValues; note?: string } | { reason: string } {
  const status = readStatus(raw['完成状态']);
  if (status === null) return { reason: `完成状态“${quote(raw['完成状态'])}”看不懂（应为 ${STATUSES.join('、')} 之一）` };
  const date = readDate(raw['实际完成日期'], year);
  if (date === null) return { reason: `实际完成日期“${quote(raw['实际完成日期'])}”不是日期` };
  if (date && status !== '已完成') return { reason: `填写了实际完成日期 ${date}，完成状态却是“${status || '空白'}”：实际完成日期只随“已完成”填写` };
  const values = { 完成状态: status, 实际完成日期: date, 进展情况: raw['进展情况'].trim() };
  return status === '已完成' && !date ? { values, note: '已完成但未填实际完成日期，日期留空' } : { values };
}

/** Appends rows under what 反馈记录 holds (the sheet made, with its header, the first time); never rewrites a row. */
export function appendFeedbackOps(wb: WorkbookInput, rows: FeedbackRow[]): PlanOp[] {
  if (rows.length === 0) return [];
  const sheet = SHEET_FEEDBACK;
  const grid = wb.sheets.find((s) => s.name === sheet);
  const ops: PlanOp[] = [];
  const filled = grid !== undefined && grid.values.length > 0;
  if (!grid) ops.push({ kind: 'addSheet', sheet });
  if (!filled) {
    ops.push({ kind: 'write', sheet, top: 0, left: 0, cells: [[...FEEDBACK_HEADERS]] });
    ops.push({ kind: 'style', sheet, range: rangeA1(0, 0, 0, FEEDBACK_HEADERS.length - 1), style: STYLE.header });
    [WIDTH.date, 22, 6, 30, WIDTH.status, WIDTH.date, 36, 24, 10, 40].forEach((width, col) => ops.push({ kind: 'columnWidth', sheet, col, width }));
    ops.push({ kind: 'freeze', sheet, rows: 1, cols: 0 });
  }
  const top = filled ? (grid.top ?? 0) + grid.values.length : 1;
  const date = (v: string): PlanValue => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? isoToExcelSerial(v) : v);
  const cells = rows.map((r) => [date(r.received), r.unit, r.seq, r.task, r.values['完成状态'], date(r.values['实际完成日期']), r.values['进展情况'], r.file, r.outcome, r.why]);
  ops.push({ kind: 'write', sheet, top, left: 0, cells });
  const last = top + rows.length - 1;
  ops.push({ kind: 'numberFormat', sheet, range: rangeA1(top, 0, last, 0), format: DATE_FORMAT }, { kind: 'numberFormat', sheet, range: rangeA1(top, 5, last, 5), format: DATE_FORMAT });
  ops.push({ kind: 'style', sheet, range: rangeA1(top, 0, last, FEEDBACK_HEADERS.length - 1), style: STYLE.plain });
  return ops;
}
