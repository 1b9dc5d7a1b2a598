// A Word document (the 附件 of a notice) as the engine's grid: the paragraphs above the chosen table become rows
// above it, each Word cell one grid cell, Word's merged cells merged areas. The adapters (src/adapters/word) read the
// file into a WordDocument; every decision about it is made here.
import { Finding } from '../types';
import { CellValue, MergedArea, SheetGrid, a1 } from './grid';
import { recognize, tableScore } from './recognize';

export interface WordTable {
  /** values[r][c] on Word's table grid; null where a cell is empty or covered by a merge. */
  values: (string | null)[][];
  /** Merged areas in table coordinates (0-based, inclusive). */
  merges: MergedArea[];
  /** False for a binary .doc/.wps, whose reader sees no vertical merges: they are inferred (inferVerticalMerges). */
  mergesKnown: boolean;
}

export type WordBlock = { kind: 'paragraph'; text: string } | { kind: 'table'; table: WordTable };

export interface WordDocument {
  blocks: WordBlock[];
}

export const NO_TABLE = '未在文档中找到表格';
export const PDF_REFUSED = '这是 PDF 文件，表格的行列和合并单元格无法从 PDF 中可靠读出。请用 WPS 或 Word 打开原附件（或打开这个 PDF），另存为 .docx 后再导入。';
export const WORD_UNREADABLE = (name: string) => `无法读取“${name}”：文件已损坏、过大，或不是 Word 文档（.docx、.doc、.wps）。请用 WPS 或 Word 打开后另存为 .docx 再试。`;

/** At most this many paragraphs above and below the table become rows: the notice's text is not the table. */
const CONTEXT_PARAGRAPHS = 30;

export interface WordGrid {
  grid: SheetGrid;
  /** Row of the table's first row in the grid (0-based). */
  tableTop: number;
  /** Which table was chosen, and how many the document has. */
  chosen: number;
  tables: number;
  /** Findings about the reading itself (merges inferred in a .doc). */
  notes: Finding[];
}

/** One grid per table: the non-empty paragraphs above it (after any earlier table's), the table, those below. */
export function tableGrid(doc: WordDocument, index: number, name: string): { grid: SheetGrid; tableTop: number } {
  const tableAt = doc.blocks.map((b, i) => (b.kind === 'table' ? i : -1)).filter((i) => i >= 0);
  const at = tableAt[index];
  const table = (doc.blocks[at] as { table: WordTable }).table;
  const texts = (from: number, to: number) =>
    doc.blocks.slice(from, to).flatMap((b) => (b.kind === 'paragraph' && b.text.trim() ? [b.text.trim()] : []));
  const above = texts(0, at).slice(-CONTEXT_PARAGRAPHS);
  const next = tableAt[index + 1] ?? doc.blocks.length;
  const below = texts(at + 1, next).slice(0, CONTEXT_PARAGRAPHS);
  const values: CellValue[][] = [...above.map((t) => [t]), ...table.values.map((r) => [...r]), ...below.map((t) => [t])];
  const top = above.length;
  const merges = table.merges.map((m) => ({ top: m.top + top, bottom: m.bottom + top, left: m.left, right: m.right }));
  return { grid: { name, values, merges }, tableTop: top };
}

/**
 * The grid of the document's 分工表: the table recognition scores best (the first table when none is recognized, so
 * the user can still map its columns). Throws NO_TABLE (as a plain Error message) when the document has no table.
 */
export function wordGrid(doc: WordDocument, name: string): WordGrid {
  const count = doc.blocks.filter((b) => b.kind === 'table').length;
  if (count === 0) throw new Error(NO_TABLE);
  let chosen = 0;
  let best = -Infinity;
  for (let i = 0; i < count; i++) {
    const score = tableScore(tableGrid(doc, i, name).grid);
    if (score > best) [best, chosen] = [score, i];
  }
  const { grid, tableTop } = tableGrid(doc, chosen, name);
  const table = (doc.blocks.filter((b) => b.kind === 'table')[chosen] as { table: WordTable }).table;
  const notes = table.mergesKnown ? [] : inferVerticalMerges(grid);
  return { grid, tableTop, chosen, tables: count, notes };
}

/**
 * A binary .doc shows a vertically merged cell's continuations as empty cells. Where the task column is empty on a
 * row that has text of its own, the task above continues (as Excel shows a merged 目标任务): merge it down, and say
 * so in one info finding, since the file did not state it.
 */
export function inferVerticalMerges(grid: SheetGrid): Finding[] {
  const rec = recognize(grid);
  const col = rec?.columns.task;
  if (!rec || col === undefined) return [];
  const merges = (grid.merges ??= []);
  const inferred: MergedArea[] = [];
  let open: MergedArea | null = null;
  for (let r = rec.headerRow + 1; r <= rec.bottom; r++) {
    const row = grid.values[r] ?? [];
    const own = row[col];
    // Paragraph rows below the table (one cell) are not table rows.
    const hasText = row.length > 1 && row.some((v, c) => c !== col && typeof v === 'string' && v.trim() !== '');
    if (typeof own === 'string' && own.trim()) open = { top: r, bottom: r, left: col, right: col };
    else if (open && hasText && !merges.some((m) => m.left <= col && col <= m.right && m.top <= r && r <= m.bottom)) {
      if (open.bottom === open.top) inferred.push(open);
      open.bottom = r;
      continue;
    } else open = null;
  }
  merges.push(...inferred);
  if (inferred.length === 0) return [];
  const cells = inferred.map((m) => `${a1(m.top, m.left)}:${a1(m.bottom, m.left)}`);
  return [
    {
      cell: a1(inferred[0].top, col),
      severity: 'info',
      code: 'structure.inferredMerge',
      message: `旧版 Word 文件（.doc/.wps）不记录纵向合并单元格：目标任务列 ${cells.join('、')} 下方的空单元格按合并处理（同属上方的任务）。请核对；另存为 .docx 后导入可得到原样的合并。`,
      suggestions: [],
      cells: inferred.map((m) => a1(m.top, m.left)),
    },
  ];
}
