// R1C1 references, for formulas that are the same on every row of a column (plan op fillFormula): Office.js
// takes them as one formulasR1C1 value; an .xlsx stores them as a shared formula in A1 notation.
import { columnLetter } from '../read/grid';

// A reference part: absolute "R5" / "C3", relative "R[-1]" / "C[2]", or the current row/column "R" / "C".
const PART = String.raw`(?:\[-?\d+\]|\d+)?`;
// Not inside a longer name: no letter, digit, '_' or '.' before; no letter, digit, '_' or '(' after.
const REF = new RegExp(String.raw`(?<![\p{L}\p{N}_.])(?:R(${PART})C(${PART})|C(\[-?\d+\]|\d+)(?=:C)|(?<=:)C(\[-?\d+\]|\d+))(?![\p{L}\p{N}_(])`, 'gu');

function resolve(part: string | undefined, base: number): { index: number; absolute: boolean } {
  if (!part) return { index: base, absolute: false };
  if (part.startsWith('[')) return { index: base + Number(part.slice(1, -1)), absolute: false };
  return { index: Number(part) - 1, absolute: true };
}

/** Rewrites every R1C1 reference outside string literals and quoted sheet names; `map` gives its A1 text. */
function rewriteRefs(formula: string, map: (m: RegExpExecArray) => string): string {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      // A literal or quoted sheet name runs to the closing quote; doubled quotes stay inside it.
      let j = i + 1;
      while (j < formula.length && !(formula[j] === ch && formula[j + 1] !== ch)) j += formula[j] === ch ? 2 : 1;
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < formula.length && formula[j] !== '"' && formula[j] !== "'") j++;
    out += formula.slice(i, j).replace(REF, (...args) => map(args as unknown as RegExpExecArray));
    i = j;
  }
  return out;
}

/** An R1C1 formula as it reads in the cell at (row, col), 0-based, in A1 notation. */
export function r1c1ToA1(formula: string, row: number, col: number): string {
  return rewriteRefs(formula, (m) => {
    if (m[3] !== undefined || m[4] !== undefined) {
      const c = resolve(m[3] ?? m[4], col);
      return `${c.absolute ? '$' : ''}${columnLetter(c.index)}`;
    }
    const r = resolve(m[1], row);
    const c = resolve(m[2], col);
    if (r.index < 0 || c.index < 0) throw new RangeError(`R1C1 reference ${m[0]} leaves the sheet at ${columnLetter(col)}${row + 1}`);
    return `${c.absolute ? '$' : ''}${columnLetter(c.index)}${r.absolute ? '$' : ''}${r.index + 1}`;
  });
}
