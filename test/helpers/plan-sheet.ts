// A generated sheet as a plan writes it: every cell's value or formula (fillFormula translated to each cell's
// A1 formula), so tests read the plan the way a user reads the sheet.
import { parseRange } from '../../src/core/read/grid';
import { Plan, PlanValue } from '../../src/core/plan/plan';
import { r1c1ToA1 } from '../../src/core/plan/r1c1';

export function planSheet(plan: Plan, sheet: string): PlanValue[][] {
  const rows: PlanValue[][] = [];
  const put = (r: number, c: number, v: PlanValue) => ((rows[r] ??= [])[c] = v);
  for (const op of plan.ops) {
    if (op.kind === 'write' && op.sheet === sheet) op.cells.forEach((row, i) => row.forEach((v, j) => put(op.top + i, op.left + j, v)));
    if (op.kind === 'fillFormula' && op.sheet === sheet) {
      const a = parseRange(op.range);
      for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) put(r, c, { formula: r1c1ToA1(op.formulaR1C1, r, c) });
    }
  }
  return Array.from(rows, (r) => Array.from(r ?? [], (v) => (v === undefined ? null : v)));
}

/** 汇总's unit rows: after the header (row 4), up to the 合计 row. */
export function summaryRows(plan: Plan, sheet = '汇总'): PlanValue[][] {
  const rows = planSheet(plan, sheet);
  const body = rows.slice(4);
  const total = body.findIndex((r) => typeof r[0] === 'string' && r[0].startsWith('合计'));
  return total < 0 ? body : body.slice(0, total);
}
