// A Word document's table written as a clean sheet (`fengong import`, the pane's 从 Word 文件导入): one Word cell = one
// cell, Word's merges as merged areas, the paragraphs above and below the table as rows, widths and wrapping as SPEC §5
// asks. The sheet is then an ordinary 分工表 for every other command.
import { SheetGrid, rangeA1 } from '../read/grid';
import { recognize } from '../read/recognize';
import { Plan, PlanOp, PlanValue } from './plan';
import { STYLE, columnWidth, printSetup, rowHeights, textWidth } from './layout';

/** A plain number up to six digits (序号 "12") is written as a number, so Excel flags no "number stored as text". */
function cellValue(v: unknown): PlanValue {
  if (typeof v !== 'string') return typeof v === 'number' ? v : null;
  return /^[1-9]\d{0,5}$/.test(v) ? Number(v) : v;
}

/** Width of a long-text column, in Excel units: texts wrap beyond it. */
const MAX_TEXT_WIDTH = 50;

export interface ImportPreview {
  rows: number;
  columns: number;
  merges: number;
  /** The table's rows (without the paragraphs around it). */
  tableRows: number;
}

export function importPreview(grid: SheetGrid, tableTop: number): ImportPreview {
  const columns = grid.values.reduce((w, r) => Math.max(w, r.length), 0);
  const tableRows = grid.values.slice(tableTop).filter((r) => r.length > 1).length;
  return { rows: grid.values.length, columns, merges: grid.merges?.length ?? 0, tableRows };
}

/**
 * The plan that writes `grid` (from a Word document, table starting at `tableTop`) to a new sheet `sheet`. Paragraph
 * rows (one text in column A) overflow to the right unwrapped, like a title; table cells wrap in bordered columns.
 */
export function planImport(grid: SheetGrid, tableTop: number, sheet: string): Plan {
  const values = grid.values;
  const width = values.reduce((w, r) => Math.max(w, r.length), 1);
  const isTableRow = (r: number) => r >= tableTop && (values[r]?.length ?? 0) > 1;
  const tableRows = values.map((_, r) => r).filter(isTableRow);
  const first = tableRows[0] ?? tableTop;
  const last = tableRows[tableRows.length - 1] ?? tableTop;
  const merges = grid.merges ?? [];
  const merged = (r: number, c: number) => merges.find((m) => m.top <= r && r <= m.bottom && m.left <= c && c <= m.right);
  // Widths from the table's own cells (a merged cell's text counts where it is not wider than its column).
  const widths = Array.from({ length: width }, (_, c) =>
    columnWidth(
      tableRows.flatMap((r) => {
        const v = values[r][c];
        const m = merged(r, c);
        return typeof v === 'string' && (!m || m.right === m.left) ? [v] : [];
      }),
      6,
      MAX_TEXT_WIDTH,
    ),
  );
  const ops: PlanOp[] = [{ kind: 'addSheet', sheet }];
  ops.push({ kind: 'write', sheet, top: 0, left: 0, cells: values.map((r) => Array.from({ length: width }, (_, c) => cellValue(r[c]))) });
  widths.forEach((w, col) => ops.push({ kind: 'columnWidth', sheet, col, width: w }));
  for (const m of merges) ops.push({ kind: 'merge', sheet, range: rangeA1(m.top, m.left, m.bottom, m.right) });
  if (tableRows.length) {
    ops.push({ kind: 'style', sheet, range: rangeA1(first, 0, last, width - 1), style: STYLE.text });
    const header = headerRows(grid, first);
    ops.push({ kind: 'style', sheet, range: rangeA1(first, 0, header.bottom, width - 1), style: STYLE.header });
    ops.push({ kind: 'freeze', sheet, rows: header.bottom + 1, cols: 0 });
    ops.push({ kind: 'pageSetup', sheet, setup: printSetup(header.title || sheet, null, { top: first, bottom: header.bottom }) });
  }
  ops.push({ kind: 'fitRows', sheet, top: 0, heights: heights(values, widths, isTableRow, merged) });
  return { ops };
}

/** The header rows as recognition finds them (the first table row when it finds none), and the table's title. */
function headerRows(grid: SheetGrid, first: number): { bottom: number; title: string } {
  const rec = recognize(grid);
  return rec ? { bottom: Math.max(first, rec.headerRow), title: rec.title } : { bottom: first, title: '' };
}

function heights(values: SheetGrid['values'], widths: number[], isTableRow: (r: number) => boolean, merged: (r: number, c: number) => unknown): number[] {
  return rowHeights(
    values.map((row, r) =>
      isTableRow(r)
        ? row.flatMap((v, c) => (typeof v === 'string' && !merged(r, c) ? [{ text: v, width: widths[c] }] : []))
        : // A paragraph row shows one line (it overflows, unwrapped): its line breaks still count.
          [{ text: String(row[0] ?? ''), width: Math.max(textWidth(String(row[0] ?? '')), 1) + 2 }],
    ),
  );
}
