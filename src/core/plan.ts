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
  | { kind: 'conditionalFormat'; sheet: string; range: string; formula: string; style: Fill };

export interface Plan {
  ops: PlanOp[];
}

/** Every sheet and column a plan touches, for adapters that must check protection before writing. */
export function sheetsTouched(plan: Plan): string[] {
  const s = new Set<string>();
  for (const op of plan.ops) if ('sheet' in op) s.add(op.sheet);
  return [...s];
}
