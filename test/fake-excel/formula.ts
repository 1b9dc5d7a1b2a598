// Formula text as the fake Excel rewrites it: references shifted (conditional-format rules read relative to their
// range, office-js#5194), sheet references renamed or turned into #REF! (what Excel does on rename and delete), and
// A1 ↔ R1C1 (Range.formulasR1C1). Test infrastructure only; a small tokenizer, not Excel's parser.
import { columnIndex, columnLetter } from '../../src/core/read/grid';

const MAX_ROWS = 1048576;
const MAX_COLS = 16384;

/** One reference found in a formula: optional sheet, then a cell, a cell range, a column range or a row range. */
export interface Ref {
  /** Sheet name as written, unquoted ('It''s' → It's); undefined when the reference has none. */
  sheet?: string;
  /** The reference after the '!' (or the whole token). */
  body: string;
  /** The reference as written, sheet prefix included. */
  raw: string;
}

// A cell ($A$1), column range (A:C) or row range (2:4) after an optional sheet prefix.
const CELL = String.raw`\$?[A-Za-z]{1,3}\$?\d+`;
const BODY = new RegExp(String.raw`^(?:${CELL}(?::${CELL})?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)`);
const WORD = /[\p{L}\p{N}_.]/u;

function validBody(body: string): boolean {
  for (const part of body.split(':')) {
    const m = /^\$?([A-Za-z]{0,3})\$?(\d*)$/.exec(part);
    if (!m) return false;
    if (m[1] && columnIndex(m[1]) >= MAX_COLS) return false;
    if (m[2] && (Number(m[2]) < 1 || Number(m[2]) > MAX_ROWS)) return false;
  }
  return true;
}

/** Rewrites every reference outside string literals; `map` returns the new text for a reference. */
export function mapRefs(formula: string, map: (ref: Ref) => string): string {
  let out = '';
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < n && !(formula[j] === '"' && formula[j + 1] !== '"')) j += formula[j] === '"' ? 2 : 1;
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const prevWord = i > 0 && WORD.test(formula[i - 1]);
    // Quoted sheet name: 'My sheet'!A1
    if (ch === "'") {
      let j = i + 1;
      while (j < n && !(formula[j] === "'" && formula[j + 1] !== "'")) j += formula[j] === "'" ? 2 : 1;
      const sheet = formula.slice(i + 1, j).replace(/''/g, "'");
      if (formula[j + 1] === '!') {
        const m = BODY.exec(formula.slice(j + 2));
        if (m) {
          out += map({ sheet, body: m[0], raw: formula.slice(i, j + 2 + m[0].length) });
          i = j + 2 + m[0].length;
          continue;
        }
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '#') {
      // An error literal stays as it is, with the reference left behind a deleted sheet (#REF!A1).
      const err = /^#(REF!|N\/A|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!)/.exec(formula.slice(i));
      if (err) {
        const body = err[1] === 'REF!' ? BODY.exec(formula.slice(i + err[0].length))?.[0] ?? '' : '';
        out += err[0] + body;
        i += err[0].length + body.length;
        continue;
      }
    }
    if (!prevWord && (WORD.test(ch) || ch === '$')) {
      // A bare token: letters, digits, _ . (a sheet name, a name, a function or a reference).
      let j = i;
      while (j < n && (WORD.test(formula[j]) || formula[j] === '$')) j++;
      const token = formula.slice(i, j);
      if (formula[j] === '!' && !token.includes('$')) {
        const m = BODY.exec(formula.slice(j + 1));
        if (m && !WORD.test(formula[j + 1 + m[0].length] ?? '') && formula[j + 1 + m[0].length] !== '(') {
          out += map({ sheet: token, body: m[0], raw: formula.slice(i, j + 1 + m[0].length) });
          i = j + 1 + m[0].length;
          continue;
        }
      }
      const m = BODY.exec(formula.slice(i));
      if (m && validBody(m[0])) {
        const end = i + m[0].length;
        const next = formula[end] ?? '';
        if (!WORD.test(next) && next !== '(' && next !== '!') {
          out += map({ body: m[0], raw: m[0] });
          i = end;
          continue;
        }
      }
      out += token;
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Sheet name as Excel writes it in a reference: bare when it is a plain word, quoted otherwise (XlsxWriter#1078). */
export function sheetPrefix(name: string): string {
  const ref = /^([A-Za-z]{1,3})(\d+)$/.exec(name);
  const looksLikeRef = (ref && columnIndex(ref[1]) < MAX_COLS && Number(ref[2]) >= 1 && Number(ref[2]) <= MAX_ROWS) || /^[Rr]\d*([Cc]\d*)?$/.test(name) || /^[Cc]\d*$/.test(name);
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !looksLikeRef ? name : `'${name.replace(/'/g, "''")}'`;
}

function shiftPart(part: string, dr: number, dc: number): string {
  const m = /^(\$?)([A-Za-z]{0,3})(\$?)(\d*)$/.exec(part)!;
  let col = m[2];
  let row = m[4];
  if (col && !m[1]) col = columnLetter(columnIndex(col) + dc);
  if (row && !m[3]) row = String(Number(row) + dr);
  if ((col && columnIndex(col) < 0) || (row && Number(row) < 1)) return '#REF!';
  return `${m[1]}${col.toUpperCase()}${m[3]}${row}`;
}

/** The formula as it reads dr rows and dc columns further on (relative parts move, $-absolute parts stay). */
export function shiftFormula(formula: string, dr: number, dc: number): string {
  if (dr === 0 && dc === 0) return formula;
  return mapRefs(formula, (ref) => {
    const parts = ref.body.split(':').map((p) => shiftPart(p, dr, dc));
    if (parts.includes('#REF!')) return '#REF!';
    return ref.raw.slice(0, ref.raw.length - ref.body.length) + parts.join(':');
  });
}

/** References to sheet `from` renamed to `to` (Excel updates them on rename), or to #REF! when `to` is null (deleted). */
export function renameSheetRefs(formula: string, from: string, to: string | null): string {
  return mapRefs(formula, (ref) => {
    if (ref.sheet === undefined || ref.sheet.toUpperCase() !== from.toUpperCase()) return ref.raw;
    return to === null ? `#REF!${ref.body}` : `${sheetPrefix(to)}!${ref.body}`;
  });
}

/** A1 formula in the cell (row, col) (0-based) → R1C1 text, as Range.formulasR1C1 reads it. */
export function a1ToR1C1(formula: string, row: number, col: number): string {
  return mapRefs(formula, (ref) => {
    const parts = ref.body.split(':').map((p) => {
      const m = /^(\$?)([A-Za-z]{0,3})(\$?)(\d*)$/.exec(p)!;
      const r = m[4] ? (m[3] ? `R${m[4]}` : Number(m[4]) - 1 === row ? 'R' : `R[${Number(m[4]) - 1 - row}]`) : '';
      const c = m[2] ? (m[1] ? `C${columnIndex(m[2]) + 1}` : columnIndex(m[2]) === col ? 'C' : `C[${columnIndex(m[2]) - col}]`) : '';
      return `${r}${c}`;
    });
    return ref.raw.slice(0, ref.raw.length - ref.body.length) + parts.join(':');
  });
}

/**
 * The formula as Excel gives it back: it stores formulas parsed, so a sheet name reads quoted only where it must be
 * ('=\'Sheet1\'!a1' reads '=Sheet1!A1') and references in upper case (ASSUMED from the Excel UI, which shows them so).
 */
export function canonicalFormula(formula: string): string {
  if (/[a-z]\$?\d/.test(formula.replace(/"(?:[^"]|"")*"/g, ''))) {
    return mapRefs(formula, (ref) => (ref.sheet === undefined ? ref.body.toUpperCase() : `${sheetPrefix(ref.sheet)}!${ref.body.toUpperCase()}`));
  }
  if (!formula.includes("'")) return formula;
  // Fast path: only quotes to drop (string literals kept whole).
  return formula.replace(/"(?:[^"]|"")*"|'((?:[^']|'')+)'!/g, (all: string, quoted: string | undefined) => (quoted === undefined ? all : `${sheetPrefix(quoted.replace(/''/g, "'"))}!`));
}
