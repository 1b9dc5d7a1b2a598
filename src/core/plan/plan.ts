// A declarative plan of workbook edits. The engine builds it; each adapter (ExcelJS, Office.js) applies it
// without deciding anything: every value, formula, format and rule is already here.

/** A formula the engine wrote (leading '='). Plain strings in a plan are always text, never formulas. */
export interface PlanFormula {
  formula: string;
}

export type PlanValue = string | number | boolean | null | PlanFormula;

export function isFormula(v: PlanValue): v is PlanFormula {
  return typeof v === 'object' && v !== null;
}

export interface Fill {
  fill: string; // '#RRGGBB'
  font: string;
}

export type PlanOp =
  /** Add an empty sheet (its name is already legal and unique). */
  | { kind: 'addSheet'; sheet: string }
  | { kind: 'deleteSheet'; sheet: string }
  /** Write a block of cells; top/left 0-based. Strings are text (an adapter must keep '=…' as text). */
  | { kind: 'write'; sheet: string; top: number; left: number; cells: PlanValue[][] }
  /** Number format for a rectangular range (A1). */
  | { kind: 'numberFormat'; sheet: string; range: string; format: string }
  | { kind: 'bold'; sheet: string; range: string }
  | { kind: 'columnWidth'; sheet: string; col: number; width: number }
  | { kind: 'freeze'; sheet: string; rows: number; cols: number }
  /** Workbook-level defined name; formula without leading '='. Replaces a name of the same name. */
  | { kind: 'defineName'; name: string; formula: string }
  | { kind: 'deleteName'; name: string }
  | { kind: 'listValidation'; sheet: string; range: string; items: string[] }
  | { kind: 'dateValidation'; sheet: string; range: string }
  /**
   * Remove the engine's own conditional formats on the sheet: rules whose formula mentions `mentions`
   * or equals one of `formulas` (without '='). Users' other rules stay.
   */
  | { kind: 'clearConditionalFormats'; sheet: string; mentions: string; formulas: string[] }
  /** A formula rule over a range; the formula is relative to the range's top-left cell, without '='. */
  | { kind: 'conditionalFormat'; sheet: string; range: string; formula: string; style: Fill }
  /**
   * The same formula in every cell of a range, written once: R1C1 notation with leading '=', relative references
   * as R[n]C[m] ("=IF(RC[-3]=\"\",\"\",RC[-3]-基准日期)"). Office.js: formulasR1C1 given one value; .xlsx: a shared formula.
   */
  | { kind: 'fillFormula'; sheet: string; range: string; formulaR1C1: string }
  /** Cell style over a range; only the properties given change. */
  | { kind: 'style'; sheet: string; range: string; style: CellStyle }
  /**
   * Rows sized to show their wrapped text: `heights` (points) for rows top … top + heights.length − 1, as the
   * engine estimates them. A host that measures text itself (Excel: Range.format.autofitRows) may measure instead.
   */
  | { kind: 'fitRows'; sheet: string; top: number; heights: number[] }
  /** Print setup; only the fields given change (a user's own print titles or header/footer are left out by the engine). */
  | { kind: 'pageSetup'; sheet: string; setup: PageSetup }
  /** A native data bar over a range of numbers between min and max. */
  | { kind: 'dataBar'; sheet: string; range: string; color: string; min: number; max: number }
  /** Hide a helper sheet (任务明细): it stays in the workbook for formulas, and is not printed. */
  | { kind: 'hideSheet'; sheet: string }
  /**
   * Merge a range into one cell, after unmerging `from` when given: a title over the width it heads, a Word table's
   * merged cells (imported; the value is the top-left cell's).
   */
  | { kind: 'merge'; sheet: string; range: string; from?: string }
  /** Hide `count` columns from `col` (0-based): keys the user never needs to see. */
  | { kind: 'hideColumns'; sheet: string; col: number; count: number }
  | { kind: 'renameSheet'; sheet: string; to: string };

export interface CellStyle {
  bold?: boolean;
  wrap?: boolean;
  vertical?: 'top' | 'center';
  horizontal?: 'left' | 'center' | 'right';
  /** Points. */
  fontSize?: number;
  /** Background '#RRGGBB'. */
  fill?: string;
  /** Thin borders on every cell edge of the range, in BORDER_COLOR. */
  border?: boolean;
}

/**
 * Print setup. header/footer are the centre section in Excel's header/footer codes (&P page, &N pages; a literal
 * '&' written '&&'), the same text for every page.
 */
export interface PageSetup {
  landscape?: boolean;
  a4?: boolean;
  /** Fit all columns on one page wide (any number of pages tall). */
  fitToWidth?: boolean;
  /** Left and right margins, points. */
  sideMargins?: number;
  /** Rows repeated at the top of every printed page, 0-based inclusive. */
  titleRows?: { top: number; bottom: number };
  header?: string;
  footer?: string;
}

export interface Plan {
  ops: PlanOp[];
}

/** Every sheet and column a plan touches, for adapters that must check protection before writing. */
export function sheetsTouched(plan: Plan): string[] {
  const s = new Set<string>();
  for (const op of plan.ops) if ('sheet' in op) s.add(op.sheet);
  return [...s];
}
