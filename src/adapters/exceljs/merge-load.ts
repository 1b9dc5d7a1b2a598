// ExcelJS 4.4 checks each merged area of a sheet it loads against every earlier one (exceljs#2689, fix in the
// unmerged PR #2691): a table pasted from Word with 14,000 merges took a minute to open. This replaces that
// quadratic check, for loading only, by one pass over the covered cells; the merges ExcelJS makes are its own.
import ExcelJS from 'exceljs';
import { parseRange } from '../../core/read/grid';

interface WorksheetInternals {
  _merges: Record<string, unknown>;
  _parseMergeCells(model: { mergeCells?: string[] }): void;
  mergeCellsWithoutStyle(range: string): void;
}

/** Throws ExcelJS's own error when two of the file's merged areas overlap, as the check it replaces does. */
function assertDisjoint(ranges: string[]): void {
  const covered = new Set<number>();
  for (const range of ranges) {
    const a = parseRange(range);
    // A reversed range (B3:A1) is the same area to ExcelJS.
    for (let r = Math.min(a.top, a.bottom); r <= Math.max(a.top, a.bottom); r++)
      for (let c = Math.min(a.left, a.right); c <= Math.max(a.left, a.right); c++) {
        const key = r * 16384 + c; // 16,384 columns at most
        if (covered.has(key)) throw new Error('Cannot merge already merged cells');
        covered.add(key);
      }
  }
}

let patched = false;

/** Installs the linear merge loading on ExcelJS's worksheet class (once). */
export function linearMergeLoading(): void {
  if (patched) return;
  patched = true;
  const proto = Object.getPrototypeOf(new ExcelJS.Workbook().addWorksheet('x')) as WorksheetInternals;
  proto._parseMergeCells = function (this: WorksheetInternals, model) {
    const ranges = model.mergeCells ?? [];
    assertDisjoint(ranges);
    const all = this._merges;
    for (const range of ranges) {
      // ExcelJS's merge, shown no earlier merges to check against: the areas are known to be disjoint.
      this._merges = {};
      this.mergeCellsWithoutStyle(range);
      Object.assign(all, this._merges);
    }
    this._merges = all;
  };
}
