// Cells of the sheets a plan adds (汇总, 任务明细, the unit sheets), kept here and written straight into the
// sheet's XML instead of through ExcelJS cell objects. ExcelJS needs about 1 KB and 10 µs per cell to write; at
// 10,000 tasks these sheets hold ~900,000 cells, which took ExcelJS 13 s and 1.2 GB. ExcelJS still writes each
// sheet's shell (columns, views, rules, validations, print setup) and registers every cell style (one template
// cell per style, read back for its style index), so styles.xml stays ExcelJS's own.
import { columnLetter, parseRange } from '../../core/read/grid';
import { CellStyle, PlanValue, isFormula } from '../../core/plan/plan';
import { r1c1ToA1 } from '../../core/plan/r1c1';

/** What a cell's style is made of: the plan's style plus its number format. */
export interface StyleSpec extends CellStyle {
  numFmt?: string;
}

/** Interned styles: cells carry a small id; the same spec always gets the same id. */
export class StyleTable {
  readonly specs: StyleSpec[] = [{}];
  private readonly ids = new Map<string, number>([['{}', 0]]);
  private readonly patches = new Map<string, number>();
  private readonly merged = new Map<number, number>();

  intern(spec: StyleSpec): number {
    const clean = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));
    const key = JSON.stringify(clean);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.specs.length;
      this.specs.push(clean);
      this.ids.set(key, id);
    }
    return id;
  }

  /** A number for a patch, so that laying it over a style is a lookup. */
  patchId(patch: StyleSpec): number {
    const key = JSON.stringify(patch);
    let id = this.patches.get(key);
    if (id === undefined) this.patches.set(key, (id = this.patches.size));
    return id;
  }

  /** The id of style `id` with patch `pid` laid over it (memoized: the same patch meets the same style many times). */
  patch(id: number, patch: StyleSpec, pid: number): number {
    const key = id * 65536 + pid;
    let out = this.merged.get(key);
    if (out === undefined) this.merged.set(key, (out = this.intern({ ...this.specs[id], ...patch })));
    return out;
  }
}

interface Cell {
  v?: number | string | boolean;
  /** A formula of its own (A1, without '='). */
  f?: string;
  /** A shared formula group (fillFormula). */
  g?: number;
  s: number;
}

interface Group {
  formulaR1C1: string;
  bottom: number;
  right: number;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// Characters XML 1.0 cannot hold at all (control characters other than tab, line feed, carriage return).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xml = (s: string) => s.replace(NOT_XML, '').replace(/[&<>"]/g, (c) => XML_ESCAPES[c]);

export class GeneratedSheet {
  // Row → its cells by column (a generated row has a dozen columns at most).
  private readonly rows = new Map<number, (Cell | undefined)[]>();
  private readonly heights = new Map<number, number>();
  private readonly groups: Group[] = [];

  constructor(public name: string, private readonly styles: StyleTable) {}

  private cell(r: number, c: number): Cell {
    let row = this.rows.get(r);
    if (!row) this.rows.set(r, (row = []));
    return (row[c] ??= { s: 0 });
  }

  write(top: number, left: number, cells: PlanValue[][]): void {
    cells.forEach((row, i) =>
      row.forEach((v, j) => {
        const cell = this.cell(top + i, left + j);
        delete cell.v;
        delete cell.f;
        delete cell.g;
        if (isFormula(v)) cell.f = v.formula.replace(/^=/, '');
        else if (v !== null && v !== '') cell.v = v;
      }),
    );
  }

  fill(range: string, formulaR1C1: string): void {
    const a = parseRange(range);
    const g = this.groups.push({ formulaR1C1, bottom: a.bottom, right: a.right }) - 1;
    for (let r = a.top; r <= a.bottom; r++)
      for (let c = a.left; c <= a.right; c++) {
        const cell = this.cell(r, c);
        delete cell.v;
        delete cell.f;
        cell.g = g;
      }
  }

  style(range: string, patch: StyleSpec): void {
    const a = parseRange(range);
    const pid = this.styles.patchId(patch);
    for (let r = a.top; r <= a.bottom; r++)
      for (let c = a.left; c <= a.right; c++) {
        const cell = this.cell(r, c);
        cell.s = this.styles.patch(cell.s, patch, pid);
      }
  }

  fitRows(top: number, heights: number[]): void {
    heights.forEach((h, i) => this.heights.set(top + i, h));
  }

  /** Style ids the cells use, each needing a template cell in ExcelJS. */
  usedStyles(): number[] {
    const used = new Set<number>();
    for (const row of this.rows.values()) for (const cell of row) if (cell) used.add(cell.s);
    return [...used];
  }

  /** The last row (0-based) holding a cell or a height; -1 when none. */
  lastRow(): number {
    let last = -1;
    for (const r of this.rows.keys()) if (r > last) last = r;
    for (const r of this.heights.keys()) if (r > last) last = r;
    return last;
  }

  /** The used range, A1 ("A1" when empty). */
  dimension(): string {
    let bottom = 0;
    let right = 0;
    for (const [r, row] of this.rows) {
      bottom = Math.max(bottom, r);
      right = Math.max(right, row.length - 1);
    }
    return bottom === 0 && right === 0 ? 'A1' : `A1:${columnLetter(right)}${bottom + 1}`;
  }

  /**
   * The <sheetData> element as UTF-8, in pieces of about `chunk` characters: a 10,000-task 任务明细 is 18 MB of
   * XML, and one string of it (then a copy with the sheet around it) cost more memory than the bytes themselves.
   */
  sheetData(xfOf: (styleId: number) => number, chunk = 1 << 20): Uint8Array[] {
    const encoder = new TextEncoder();
    const out: Uint8Array[] = [encoder.encode('<sheetData>')];
    const mastered = new Set<number>();
    const rowNumbers = [...new Set([...this.rows.keys(), ...this.heights.keys()])].sort((a, b) => a - b);
    let pending: string[] = [];
    let size = 0;
    for (const r of rowNumbers) {
      const row = this.rowXml(r, xfOf, mastered);
      pending.push(row);
      size += row.length;
      if (size >= chunk) {
        out.push(encoder.encode(pending.join('')));
        pending = [];
        size = 0;
      }
    }
    out.push(encoder.encode(`${pending.join('')}</sheetData>`));
    return out;
  }

  /** One <row>, each cell with its style index in styles.xml; `mastered`: shared formulas already written. */
  private rowXml(r: number, xfOf: (styleId: number) => number, mastered: Set<number>): string {
    const h = this.heights.get(r);
    const parts: string[] = [`<row r="${r + 1}"${h !== undefined ? ` ht="${h}" customHeight="1"` : ''}>`];
    const row = this.rows.get(r) ?? [];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (cell) parts.push(this.cellXml(cell, r, c, xfOf, mastered));
    }
    parts.push('</row>');
    return parts.join('');
  }

  private cellXml(cell: Cell, r: number, c: number, xfOf: (styleId: number) => number, mastered: Set<number>): string {
    const ref = `${columnLetter(c)}${r + 1}`;
    const s = cell.s ? ` s="${xfOf(cell.s)}"` : '';
    if (cell.g !== undefined) {
      if (mastered.has(cell.g)) return `<c r="${ref}"${s}><f t="shared" si="${cell.g}"/></c>`;
      // The first cell still in the group holds the formula; the others share it.
      mastered.add(cell.g);
      const g = this.groups[cell.g];
      const formula = xml(r1c1ToA1(g.formulaR1C1, r, c).replace(/^=/, ''));
      return `<c r="${ref}"${s}><f t="shared" ref="${ref}:${columnLetter(g.right)}${g.bottom + 1}" si="${cell.g}">${formula}</f></c>`;
    }
    if (cell.f !== undefined) return `<c r="${ref}"${s}><f>${xml(cell.f)}</f></c>`;
    if (typeof cell.v === 'number') return `<c r="${ref}"${s}><v>${cell.v}</v></c>`;
    if (typeof cell.v === 'boolean') return `<c r="${ref}"${s} t="b"><v>${cell.v ? 1 : 0}</v></c>`;
    if (typeof cell.v === 'string') return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xml(cell.v)}</t></is></c>`;
    return `<c r="${ref}"${s}/>`;
  }
}
