// Shared vocabulary of the engine. Pure data: no Office.js, ExcelJS or DOM.

/** An ISO calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

export type DeadlineKind = 'date' | 'recurring' | 'ongoing' | 'immediate' | 'unparsed' | 'missing';
export type Period = 'month' | 'quarter' | 'halfyear' | 'year';

export interface Deadline {
  /** The cell text as the user wrote it (a real date cell is rendered as YYYY-MM-DD). */
  text: string;
  kind: DeadlineKind;
  /**
   * kind 'date': the last day that satisfies the deadline. kind 'immediate' (立即整改): the 交办 date written above
   * the table, else the day the status columns were first added; absent when neither is known yet.
   */
  due?: IsoDate;
  /** kind 'immediate': where `due` came from. */
  dueFrom?: 'notice' | 'status-columns';
  /** kind 'recurring': how often it falls due. */
  every?: Period;
  /** kind 'recurring': first day of the first period, when the text gives one. */
  start?: IsoDate;
  /**
   * kind 'recurring': which day of the period it falls due. Omitted = last day of the period.
   * For 'month': day of month (25 for 每月25日前). For 'year': month and day (每年1月底前 → month 1, end).
   */
  dayOfMonth?: number;
  monthOfYear?: number;
  /** True when the year was not written and was taken from the table's year. */
  yearInferred?: boolean;
  /** kind 'unparsed': true when the text names an impossible date (2023年13月底前, 2月30日). */
  impossible?: boolean;
  /**
   * A period without a start of its own ("3天", "10个工作日内"): its days. kind 'date' when it was counted from the
   * date written above the table (`countedFrom`); 'unparsed' when there was none, or when it counts working days.
   */
  periodDays?: number;
  workingDays?: boolean;
  countedFrom?: IsoDate;
}

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

export interface Finding {
  /** A1-style address on the table's sheet; findings about 单位名录 name that sheet ("单位名录!A5"). */
  cell: string;
  severity: Severity;
  /** Stable code: deadline.*, unit.*, structure.* */
  code: string;
  /** Plain Chinese sentence. */
  message: string;
  /** Replacement texts for the cell's fragment, best first. */
  suggestions: string[];
  /** The part of the cell text a suggestion replaces (a unit name inside a list); whole cell when absent. */
  fragment?: string;
  /** Every cell the finding covers (the same unknown name written in several cells), `cell` first. */
  cells?: string[];
}

/** One canonical unit of the bureau. */
export interface DirectoryUnit {
  name: string;
  aliases: string[];
}

/** A named group of units; members null when not known (the group is then a unit in its own right). */
export interface DirectoryGroup {
  name: string;
  aliases: string[];
  members: string[] | null;
}

export interface Directory {
  units: DirectoryUnit[];
  groups: DirectoryGroup[];
}
