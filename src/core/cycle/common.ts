import { chineseDate } from '../dates';
// What the 督办 stages share: a task's identity across copies, the three user-entered values, the words of a notice.
import { AnalyzedTask } from '../check/analyze';
import { excelSerialToIso } from '../read/deadline';
import { CellValue, GridReader, WorkbookInput, cellText, isCellError } from '../read/grid';
import { IsoDate } from '../types';
import { Located, MARKER_PREFIX, USER_COLUMNS, existingStatusColumns } from '../workbook';

export type UserField = '完成状态' | '实际完成日期' | '进展情况';
export const FIELDS = USER_COLUMNS as readonly UserField[];

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

export const squash = (s: string) => s.replace(/\s+/g, '');

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
export function fieldText(field: UserField, v: CellValue, isDate: boolean): string {
  if (v === null || isCellError(v)) return '';
  if (field === '实际完成日期') {
    if (typeof v === 'number' && (isDate || (v > 20000 && v < 80000))) return excelSerialToIso(v);
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cellText(v).trim());
    if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  }
  return cellText(v).trim();
}


export const NO_VALUES: UserValues = { 完成状态: '', 实际完成日期: '', 进展情况: '' };

/** The defined name carrying whom a unit list was made for. */
export const SPLIT_NAME = `${MARKER_PREFIX}split`;
/** The hidden key column's header, and the mark above it naming the unit (survives a re-save that drops names). */
export const KEY_HEADER = '任务编号（请勿修改）';
export const UNIT_MARK = '分工表助手·回报单位：';

/** A date as a notice writes it: 2023年7月1日. */
/** Dates in Chinese text, one style everywhere (2023年7月1日). */
export const cnDate = chineseDate;

/** A cell's text on one line, cut to 40 characters, for quoting it in a message. */
export const quote = (s: string) => {
  const flat = s.replace(/\s+/g, '');
  return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
};
