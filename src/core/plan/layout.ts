// How what we write looks on screen and on paper (SPEC §5 "Fit to read and to print"): column widths from content,
// wrapped row heights, and the print setup every generated sheet gets. Decided here once for both adapters.
import { chineseDate } from '../dates';
import { CellStyle, PageSetup } from './plan';
import { IsoDate } from '../types';

/**
 * Width of a character in Excel's column-width unit (the width of "0" in the default 11 pt font). A CJK or
 * full-width character takes 2.1 units in Excel (a default 8.43 column holds four) and 1.6 in LibreOffice (31 in
 * a 50 column, measured on its PDF). 1.9 with LINE_HEIGHT's 16 pt lines leaves room in both: Excel's lines are
 * 14.25 pt (等线 11 pt), so fewer, taller lines than it needs still hold its text; LibreOffice gets some spare.
 */
function charWidth(cp: number): number {
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    cp >= 0x20000
  )
    return 1.9;
  if (cp < 0x20) return 0;
  return cp === 0x20 ? 0.55 : 1.05;
}

/** Display width of one line of text, in column-width units. */
export function lineWidth(line: string): number {
  let w = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00) {
      w += charWidth(line.codePointAt(i)!);
      i++;
    } else w += charWidth(c);
  }
  return w;
}

/** Width of the widest line of a text. */
export function textWidth(text: string): number {
  return Math.max(0, ...paragraphWidths(text));
}

// The same title or content shows on every unit sheet of its units: measure each text once.
const widths = new Map<string, number[]>();
function paragraphWidths(text: string): number[] {
  let w = widths.get(text);
  if (!w) {
    if (widths.size > 100000) widths.clear();
    widths.set(text, (w = text.split(/\r?\n/).map(lineWidth)));
  }
  return w;
}

/** Lines a text takes when wrapped in a column of the given width (each paragraph starts a new line). */
export function wrappedLines(text: string, width: number): number {
  const usable = Math.max(1, width - 1.2); // cell padding
  return paragraphWidths(text).reduce((n, w) => n + Math.max(1, Math.ceil(w / usable)), 0);
}

/** Points per line of 11 pt text in the CJK fonts Excel, WPS and LibreOffice use (Noto Sans CJK runs tall). */
export const LINE_HEIGHT = 16;
/** Excel's highest row. */
const MAX_ROW_HEIGHT = 409;
export const DEFAULT_ROW_HEIGHT = 16;

/** Height (points) of a row whose tallest wrapped cell takes `lines` lines. */
export function rowHeight(lines: number): number {
  // One line needs no padding beyond the default height; wrapped lines get a little, so the last is never cut.
  return lines <= 1 ? DEFAULT_ROW_HEIGHT : Math.min(MAX_ROW_HEIGHT, Math.ceil(lines * LINE_HEIGHT + 4));
}

/** A column wide enough for its widest text (and its header), within bounds; longer texts wrap. */
export function columnWidth(texts: Iterable<string>, min: number, max: number): number {
  let w = 0;
  for (const t of texts) w = Math.max(w, textWidth(t));
  return Math.round(Math.min(max, Math.max(min, w + 2)) * 10) / 10;
}

/**
 * Heights for rows of wrapped texts: for each row, the texts of its wrapped cells with their column widths.
 * A row whose texts fit on one line keeps the default height.
 */
export function rowHeights(rows: { text: string; width: number }[][]): number[] {
  return rows.map((cells) => rowHeight(Math.max(1, ...cells.map((c) => wrappedLines(c.text, c.width)))));
}

/** Excel's default column width, in its units (a column the user never sized). */
export const DEFAULT_COLUMN_WIDTH = 8.43;

/**
 * Widths (column-width units) of what never wraps: a date yyyy-mm-dd, a small count, a percentage, 剩余天数 as
 * "逾期 1345 天", a 完成状态 (三个字), a link "第 123 行". Narrow: every unit a status column takes shrinks the print.
 */
export const WIDTH = { date: 11, count: 9, percent: 10, seq: 7, role: 7, status: 8, days: 12, link: 9 } as const;

/** 剩余天数 shown as words, the value staying a number (formulas and sorting use it): 剩 5 天 / 逾期 92 天 / 今天到期. */
export const DAYS_LEFT_FORMAT = '"剩 "0" 天";"逾期 "0" 天";"今天到期"';

/** Left and right page margins (points) of every sheet we print: Excel's "narrow" 0.25 in, room for wider type. */
export const SIDE_MARGIN = 18;

/**
 * The widest table (column-width units) that prints one page wide on A4 landscape at 75 % or more: LibreOffice
 * takes about 7.1 pt per unit (measured on its PDF; Excel 5.7), and the page holds 806 pt between SIDE_MARGINs.
 */
export const PAGE_WIDTH = 150;

/**
 * Column widths that fit `budget`: the columns that may wrap give up width in proportion to what they have above
 * `floor` (so the widest, usually 主要内容, stays widest and its text takes more lines); the others keep theirs.
 */
export function fitWidths(widths: number[], canWrap: boolean[], budget: number, floor = 10): number[] {
  const total = widths.reduce((a, b) => a + b, 0);
  const spare = widths.map((w, i) => (canWrap[i] ? Math.max(0, w - floor) : 0));
  const room = spare.reduce((a, b) => a + b, 0);
  if (total <= budget || room === 0) return widths;
  const cut = Math.min(1, (total - budget) / room);
  return widths.map((w, i) => Math.floor((w - spare[i] * cut) * 10) / 10);
}

/** The colour of a style's thin borders (light grey: a grid that prints without shouting). */
export const BORDER_COLOR = '#BFBFBF';

/** Cell styles of generated sheets. */
export const STYLE = {
  title: { bold: true, fontSize: 14 } as CellStyle,
  header: { bold: true, wrap: true, vertical: 'center', horizontal: 'center', fill: '#DDEBF7', border: true } as CellStyle,
  text: { wrap: true, vertical: 'top', border: true } as CellStyle,
  plain: { vertical: 'top', border: true } as CellStyle,
  /** The status columns beside a table whose cells are centred vertically: one alignment per row. */
  middle: { vertical: 'center', border: true } as CellStyle,
  centered: { vertical: 'top', horizontal: 'center', border: true } as CellStyle,
  total: { bold: true, vertical: 'top', border: true, fill: '#F2F2F2' } as CellStyle,
};

/** Header/footer text: a literal '&' is written '&&' (Excel's header codes start with '&'). */
function headerText(s: string): string {
  return s.replace(/&/g, '&&');
}

/** Excel refuses a header or footer section over 255 characters (a long title): cut it, never inside an '&&'. */
export const HEADER_FOOTER_LIMIT = 255;
function capped(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let cut = text.slice(0, limit - 1);
  if (/(^|[^&])(&&)*&$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const FOOTER = '第 &P 页，共 &N 页';
const HEADER_DATE = '　基准日期：';
/** A header/footer text this tool writes (so a run cut off between header and footer is not taken for the user's own). */
export function isOwnHeaderFooter(text: string): boolean {
  return text === FOOTER || text.includes(HEADER_DATE);
}

/** The page header: the sheet's title, and 基准日期 when it is a fixed date (2023年7月1日); the title is cut, never the date. */
export function pageHeader(title: string, asOf: IsoDate | null): string {
  const date = asOf ? `${HEADER_DATE}${chineseDate(asOf)}` : '';
  return capped(headerText(title), HEADER_FOOTER_LIMIT - date.length) + date;
}

/**
 * Print setup of a sheet we write (SPEC §5): A4 landscape, narrow side margins, all columns on one page wide, the
 * header rows on every page, "第 N 页，共 M 页" in the footer, the sheet's title and a fixed 基准日期 in the header.
 * When 基准日期 follows TODAY() the header names no date: Excel's printing-day code (&D) writes it in the printer's
 * locale (12/05/2026), and the sheet itself shows 基准日期 in its own cell.
 */
export function printSetup(title: string, asOf: IsoDate | null, titleRows: { top: number; bottom: number }): PageSetup {
  return {
    landscape: true,
    a4: true,
    fitToWidth: true,
    sideMargins: SIDE_MARGIN,
    titleRows,
    header: pageHeader(title, asOf),
    footer: FOOTER,
  };
}
