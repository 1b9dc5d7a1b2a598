// The engine's view of a worksheet: values, number formats, formulas and merged areas, as read by an adapter.

export interface CellError {
  error: string; // '#REF!', '#N/A', …
}

export type CellValue = string | number | boolean | null | CellError;

/** A merged area, 0-based sheet coordinates, inclusive. */
export interface MergedArea {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetGrid {
  name: string;
  /** values[r][c] for sheet row top + r, column left + c (0-based). Rows may be ragged. */
  values: CellValue[][];
  /** Number formats, same shape as values where known (used to tell date cells from numbers). */
  formats?: (string | null | undefined)[][];
  /** Formula text of formula cells, same shape as values where known. */
  formulas?: (string | null | undefined)[][];
  merges?: MergedArea[];
  /** True when the sheet is protected: a plan that writes to it is refused before anything is written. */
  protected?: boolean;
  /** What the user already set for printing, so the engine keeps it (absent: nothing known, nothing set). */
  print?: { titleRows: boolean; headerFooter: boolean };
  /**
   * How the sheet is laid out, when the adapter can tell (a file; Excel lays out its own rows): the height each
   * row was given (null = automatic), each column's width (null = default), and which cells wrap their text.
   * Same rows/columns as values.
   */
  layout?: { rowHeights: (number | null)[]; colWidths: (number | null)[]; wraps: boolean[][]; centred?: boolean[][] };
  /** Sheet row / column of values[0][0]; default 0 (A1). */
  top?: number;
  left?: number;
}

export interface NamedFormula {
  name: string;
  /** Formula as stored in the workbook, without a leading '=' (e.g. "TODAY()", "'汇总'!$A$1"). */
  formula: string;
}

export interface WorkbookInput {
  sheets: SheetGrid[];
  names: NamedFormula[];
  /** True when the workbook's structure is protected: no sheet can be added, deleted or renamed. */
  structureProtected?: boolean;
  /** The workbook's file name, when known: a source of the table's year. */
  fileName?: string;
}

export function isCellError(v: unknown): v is CellError {
  return typeof v === 'object' && v !== null && typeof (v as CellError).error === 'string';
}

/** Column index (0-based) → letters. */
export function columnLetter(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** (row, col) 0-based → "B5". */
export function a1(row: number, col: number): string {
  return `${columnLetter(col)}${row + 1}`;
}

export function rangeA1(top: number, left: number, bottom: number, right: number): string {
  return top === bottom && left === right ? a1(top, left) : `${a1(top, left)}:${a1(bottom, right)}`;
}

/** Parses "B5" or "B5:D9" (with optional $) into 0-based inclusive coordinates. */
export function parseRange(ref: string): MergedArea {
  const m = /^\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?$/.exec(ref.trim());
  if (!m) throw new Error(`bad range ${ref}`);
  const top = Number(m[2]) - 1;
  const left = columnIndex(m[1]);
  return m[3] ? { top, left, bottom: Number(m[4]) - 1, right: columnIndex(m[3]) } : { top, left, bottom: top, right: left };
}

/** Quotes a sheet name for use in a formula: 'It''s'. */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Random access to a grid with merged areas resolved to their top-left cell. */
export class GridReader {
  readonly top: number;
  readonly left: number;
  readonly rowCount: number; // sheet rows covered: top .. top + rowCount - 1
  readonly colCount: number;
  private readonly mergeOf = new Map<number, MergedArea>();

  constructor(readonly grid: SheetGrid) {
    this.top = grid.top ?? 0;
    this.left = grid.left ?? 0;
    this.rowCount = grid.values.length;
    let cols = 0;
    for (const row of grid.values) if (row && row.length > cols) cols = row.length;
    this.colCount = cols;
    for (const m of grid.merges ?? []) {
      for (let r = m.top; r <= m.bottom; r++)
        for (let c = m.left; c <= m.right; c++) this.mergeOf.set(this.key(r, c), m);
    }
  }

  get bottom(): number {
    return this.top + this.rowCount - 1;
  }
  get right(): number {
    return this.left + this.colCount - 1;
  }

  private key(r: number, c: number): number {
    return r * 16384 + c;
  }

  /** The raw value at a sheet cell (merged followers are null, as in Excel). */
  raw(r: number, c: number): CellValue {
    const row = this.grid.values[r - this.top];
    if (!row) return null;
    const v = row[c - this.left];
    return v === undefined ? null : v;
  }

  format(r: number, c: number): string | null {
    return this.grid.formats?.[r - this.top]?.[c - this.left] ?? null;
  }

  formula(r: number, c: number): string | null {
    return this.grid.formulas?.[r - this.top]?.[c - this.left] ?? null;
  }

  merge(r: number, c: number): MergedArea | undefined {
    return this.mergeOf.get(this.key(r, c));
  }

  /** Value with a merged area's value copied into every cell of it. */
  value(r: number, c: number): CellValue {
    const m = this.mergeOf.get(this.key(r, c));
    return m ? this.raw(m.top, m.left) : this.raw(r, c);
  }

  /** Text of a cell as a user reads it ('' for empty). */
  text(r: number, c: number, merged = true): string {
    return cellText(merged ? this.value(r, c) : this.raw(r, c));
  }

  /** True when the number format of the cell is a date format. */
  isDate(r: number, c: number): boolean {
    const cell = this.merge(r, c);
    const f = cell ? this.format(cell.top, cell.left) : this.format(r, c);
    return isDateFormat(f);
  }
}

export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return v.error;
}

/** A number format that shows a date (y/m/d tokens outside quotes and brackets, not just elapsed time). */
export function isDateFormat(f: string | null | undefined): boolean {
  if (!f || f === 'General' || f === '@') return false;
  const stripped = f.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  return /[yd]/i.test(stripped) || /年|月|日/.test(f) || /^m+$/i.test(stripped.trim());
}
