/// <reference types="office-js" />
/**
 * A STRICT fake of the Excel JavaScript API (Office.js) for testing the Office adapter. Test infrastructure only.
 *
 * Every behaviour it encodes is listed in FIDELITY.md beside this file, with its source (Microsoft reference page or
 * article, the office.js runtime in node_modules/@microsoft/office-js/dist/excel-web-16.00.debug.js, an office-js issue,
 * or this project's run against Excel) and whether it is confirmed or assumed; the comment at each rule below names its
 * source too. Where nothing confirms a behaviour the fake takes the stricter reading, and:
 * - any API member not implemented here throws "fake-excel: X.y is not implemented" instead of silently doing nothing;
 * - reading a property you only SET (never loaded+synced) throws PropertyNotLoaded (office.js would echo your value);
 * - proxies used after their Excel.run finished throw InvalidObjectPath.
 * Test tooling beyond Excel: fault injection (ExcelHost.inject / online), nullObjectChains: 'error', user actions on
 * FakeWorkbook (protect, protectStructure, setPage, splitConditionalFormat).
 * No calc engine: a formula written through the API reads back as value '' (formula cells loaded from a grid keep their value).
 * State in and out: fromGrids / fromXlsx / toXlsx, and toJSON / fromJSON (the whole document as plain JSON, e.g. to move it
 * between Node and a browser page as test/e2e does).
 */
import ExcelJS from 'exceljs';
import { loadWorkbook, writeDefinedNames } from '../../src/adapters/exceljs/workbook';
import JSZip from 'jszip';
import { unzipSync } from 'fflate';
import { SheetGrid, columnIndex, columnLetter, isCellError } from '../../src/core/read/grid';
import { r1c1ToA1 } from '../../src/core/plan/r1c1';
import { a1ToR1C1, canonicalFormula, renameSheetRefs, sheetPrefix, shiftFormula } from './formula';
import { isoToExcelSerial } from '../../src/core/read/deadline';

export type Scalar = string | number | boolean | null;
export interface Area { top: number; left: number; bottom: number; right: number }

const MAX_ROWS = 1048576;
const MAX_COLS = 16384;
const DEFAULT_WIDTH = 48; // points: Excel's default column of 8.43 characters = 64 px
/** Range.getMergedAreasOrNullObject fails on a range holding more merged areas than this (reference page). */
export const MERGED_AREAS_LIMIT = 512;
const DEFAULT_HEIGHT = 15; // points: Excel's default row height for the default 11-point font

// ------------------------------------------------------------------------------------------------------------------ errors

const MESSAGES: Record<string, string> = {
  InvalidArgument: 'The argument is invalid or missing or has an incorrect format.',
  ItemNotFound: "The requested resource doesn't exist.",
  AccessDenied: 'You cannot perform the requested operation.',
  GeneralException: 'There was an internal error while processing the request.',
  RequestPayloadSizeLimitExceeded: 'The request payload size has exceeded the limit.',
  ResponsePayloadSizeLimitExceeded: 'The response payload size has exceeded the limit.',
  InvalidObjectPath: "The object path isn't working for what you're trying to do.",
  InvalidOperation: 'The requested operation is invalid.',
  ItemAlreadyExists: 'A resource with the same name or identifier already exists.',
  ConnectionFailure: 'Connection error.',
  RunMustReturnPromise:
    'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so that any automatically-tracked objects can be released at the completion of the batch operation.',
};

/** What Office.js rejects with (OfficeExtension.Error): a `code`, a message and `debugInfo`. */
export class FakeOfficeError extends Error {
  override name = 'RichApi.Error';
  debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(public code: string, message: string, location?: string) {
    super(message);
    this.debugInfo = { code, message, ...(location ? { errorLocation: location } : {}) };
  }
}

/** Thrown when a command goes through a null object; an *OrNullObject child of a null object is itself null. */
class NullObjectError extends FakeOfficeError {}
function failNull(path: string): never {
  throw new NullObjectError('ItemNotFound', `${MESSAGES.ItemNotFound} (${path} is a null object)`);
}
/**
 * Whether an *OrNullObject child of a null object is itself null (mode 'null') or fails the sync (mode 'error').
 * No Microsoft page or office-js issue says which: ASSUMED 'null' by default, and the adapter must work with both.
 */
function nullSafe(ctx: Ctx, f: () => boolean): boolean {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof NullObjectError)) throw e;
    if (ctx._host.nullChains === 'error') throw new FakeOfficeError('ItemNotFound', `${MESSAGES.ItemNotFound} (${e.message}: a method called on a null object)`);
    return true;
  }
}

function fail(code: string, detail?: string, location?: string): never {
  const base = MESSAGES[code] ?? code;
  throw new FakeOfficeError(code, detail ? `${base} (${detail})` : base, location);
}

function notLoaded(type: string, prop: string): FakeOfficeError {
  return new FakeOfficeError(
    'PropertyNotLoaded',
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${type}.${prop}`,
  );
}

// ------------------------------------------------------------------------------------------------------------ addresses

const key = (r: number, c: number): number => r * MAX_COLS + c;
const nRows = (a: Area): number => a.bottom - a.top + 1;
const nCols = (a: Area): number => a.right - a.left + 1;
const intersects = (a: Area, b: Area): boolean => a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
const within = (inner: Area, outer: Area): boolean =>
  inner.top >= outer.top && inner.bottom <= outer.bottom && inner.left >= outer.left && inner.right <= outer.right;
const byteLen = (s: string): number => Buffer.byteLength(s, 'utf8');

function checkBounds(a: Area, where: string): Area {
  if (!(a.top >= 0 && a.left >= 0 && a.bottom < MAX_ROWS && a.right < MAX_COLS && a.top <= a.bottom && a.left <= a.right))
    fail('InvalidArgument', `range outside the sheet`, where);
  return a;
}

/** A1, A1:B2 or R1C1-like text: not allowed as a defined name. */
function looksLikeRef(s: string): boolean {
  const m = /^([A-Za-z]{1,3})(\d+)$/.exec(s);
  if (m) return columnIndex(m[1]) < MAX_COLS && Number(m[2]) >= 1 && Number(m[2]) <= MAX_ROWS;
  return /^[Rr]\d*([Cc]\d*)?$/.test(s) || /^[Cc]\d*$/.test(s);
}

/**
 * Sheet name as Excel writes it in an address: bare when it is a word (letters, digits, _ .) that does not start with a
 * digit or look like a reference, else quoted with ' doubled ('分工表,2023', 'It''s'). Rules as observed in Excel and
 * written down in XlsxWriter#1078 (confirmed there by observation; Microsoft publishes no rule).
 */
export const quoteSheetName = sheetPrefix;

export function areaA1(a: Area, abs = false): string {
  const d = abs ? '$' : '';
  if (a.top === 0 && a.bottom === MAX_ROWS - 1) return `${d}${columnLetter(a.left)}:${d}${columnLetter(a.right)}`;
  if (a.left === 0 && a.right === MAX_COLS - 1) return `${d}${a.top + 1}:${d}${a.bottom + 1}`;
  const one = (r: number, c: number): string => `${d}${columnLetter(c)}${d}${r + 1}`;
  return a.top === a.bottom && a.left === a.right ? one(a.top, a.left) : `${one(a.top, a.left)}:${one(a.bottom, a.right)}`;
}

const qualified = (sheet: string, a: Area, abs = false): string => `${quoteSheetName(sheet)}!${areaA1(a, abs)}`;

/** "B5", "A1:C3", "A:C", "2:4", "$A$1", "'My Sheet'!A1" → sheet + 0-based area; InvalidArgument otherwise. */
export function parseAddress(address: unknown, where = 'address'): { sheet?: string; area: Area } {
  if (typeof address !== 'string') fail('InvalidArgument', `address ${String(address)}`, where);
  let s = address.trim();
  let sheet: string | undefined;
  const bang = s.lastIndexOf('!');
  if (bang >= 0) {
    const raw = s.slice(0, bang);
    sheet = /^'.*'$/.test(raw) ? raw.slice(1, -1).replace(/''/g, "'") : raw;
    s = s.slice(bang + 1);
  }
  const parts = s.split(':');
  const bad = (): never => fail('InvalidArgument', `bad address '${address}'`, where);
  if (parts.length > 2) bad();
  const end = (p: string): { kind: string; r: number; c: number } => {
    let m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(p);
    if (m) return { kind: 'cell', r: Number(m[2]) - 1, c: columnIndex(m[1]) };
    m = /^\$?([A-Za-z]{1,3})$/.exec(p);
    if (m) return { kind: 'col', r: 0, c: columnIndex(m[1]) };
    m = /^\$?(\d+)$/.exec(p);
    if (m) return { kind: 'row', r: Number(m[1]) - 1, c: 0 };
    return bad();
  };
  const a = end(parts[0]);
  const b = parts.length === 2 ? end(parts[1]) : a;
  if (a.kind !== b.kind || (parts.length === 1 && a.kind !== 'cell')) bad();
  const area: Area = {
    top: a.kind === 'col' ? 0 : Math.min(a.r, b.r),
    bottom: a.kind === 'col' ? MAX_ROWS - 1 : Math.max(a.r, b.r),
    left: a.kind === 'row' ? 0 : Math.min(a.c, b.c),
    right: a.kind === 'row' ? MAX_COLS - 1 : Math.max(a.c, b.c),
  };
  if (area.top < 0 || area.bottom >= MAX_ROWS || area.left < 0 || area.right >= MAX_COLS) bad();
  return { sheet, area };
}

function subtract(a: Area, b: Area): Area[] {
  if (!intersects(a, b)) return [a];
  const out: Area[] = [];
  if (a.top < b.top) out.push({ ...a, bottom: b.top - 1 });
  if (a.bottom > b.bottom) out.push({ ...a, top: b.bottom + 1 });
  const top = Math.max(a.top, b.top);
  const bottom = Math.min(a.bottom, b.bottom);
  if (a.left < b.left) out.push({ top, bottom, left: a.left, right: b.left - 1 });
  if (a.right > b.right) out.push({ top, bottom, left: b.right + 1, right: a.right });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------- state

/** Cell formatting beyond bold and the number format; only what the adapter sets. Borders per cell edge. */
export interface CellStyle {
  wrap?: boolean;
  vertical?: string; // 'Top' | 'Center' | …
  horizontal?: string; // 'Left' | 'Center' | 'Right' | …
  fontSize?: number;
  fill?: string; // '#RRGGBB'
  borders?: Partial<Record<'top' | 'bottom' | 'left' | 'right', { style: string; color: string; weight: string }>>;
}
export interface CellState { value: Scalar; formula: string | null; numberFormat: string; bold: boolean; style?: CellStyle }
/**
 * A conditional format. `formula` is stored as it was written relative to `anchor` (the top-left cell of the range the
 * format was fetched from when the rule was set); it reads back relative to the top-left cell of `area` (office-js#5194).
 */
interface CfState {
  id: string;
  type: 'Custom' | 'DataBar';
  area: Area;
  anchor?: { row: number; col: number };
  formula: string | null;
  fill: string | null;
  font: string | null;
  dataBar?: { lower?: Json; upper?: Json; color?: string; gradient?: boolean; direction?: string; showBarOnly?: boolean };
}
type Json = Record<string, unknown>;
interface DvState { area: Area; rule: Json; errorAlert?: Json; prompt?: Json }
/** Worksheet.pageLayout (ExcelApi 1.9): only what the adapter sets or reads. */
export interface PageState {
  orientation: string;
  paperSize: string;
  zoom: Json;
  printTitleRows: { top: number; bottom: number } | null;
  headerFooter: Record<string, string>; // defaultForAllPages: leftHeader … rightFooter
  leftMargin: number; // points
  rightMargin: number;
}
export interface SheetState {
  id: string;
  name: string;
  cells: Map<number, CellState>;
  merges: Area[];
  protected: boolean;
  /** Absent: Visible. */
  visibility?: 'Hidden' | 'VeryHidden';
  frozenRows: number;
  frozenColumns: number;
  columnWidths: Map<number, number>; // points
  rowHeights: Map<number, number>; // points
  hiddenColumns: Set<number>;
  page: PageState;
  cfs: CfState[]; // priority order (0 first)
  dvs: DvState[];
  pendingMeta: Map<string, { errorAlert?: Json; prompt?: Json }>; // errorAlert/prompt set before the rule, by area
}
interface NameState { name: string; formula: string; comment: string }

const HEADER_FOOTER_KEYS = ['leftHeader', 'centerHeader', 'rightHeader', 'leftFooter', 'centerFooter', 'rightFooter'];
const defaultPage = (): PageState => ({ orientation: 'Portrait', paperSize: 'Letter', zoom: { scale: 100 }, printTitleRows: null, headerFooter: Object.fromEntries(HEADER_FOOTER_KEYS.map((k) => [k, ''])), leftMargin: 50.4, rightMargin: 50.4 });

const EMPTY: CellState = Object.freeze({ value: null, formula: null, numberFormat: 'General', bold: false }) as CellState;

/** Support "Rename a worksheet": 1–31 characters, none of : \\ / ? * [ ], no edge apostrophe, not History, unique. */
function checkSheetName(wb: FakeWorkbook, name: unknown, self?: SheetState): string {
  const bad = (why: string): never => fail('InvalidArgument', `sheet name ${JSON.stringify(name)}: ${why}`, 'Worksheet.name');
  if (typeof name !== 'string' || name.length < 1 || name.length > 31) bad('must be 1-31 characters');
  const n = name as string;
  if (/[:\\/?*[\]]/.test(n)) bad('must not contain : \\ / ? * [ ]');
  if (n.startsWith("'") || n.endsWith("'")) bad('must not begin or end with an apostrophe');
  if (n.toLowerCase() === 'history') bad("'History' is reserved");
  if (wb._sheets.some((s) => s !== self && s.name.toUpperCase() === n.toUpperCase())) bad('already exists');
  return n;
}

function checkDefinedName(wb: FakeWorkbook, name: unknown): string {
  const bad = (why: string): never => fail('InvalidArgument', `name ${JSON.stringify(name)}: ${why}`, 'NamedItemCollection.add');
  if (typeof name !== 'string' || name.length < 1 || name.length > 255) bad('must be 1-255 characters');
  const n = name as string;
  if (!/^[\p{L}_\\][\p{L}\p{N}_.\\?]*$/u.test(n)) bad('must start with a letter, _ or \\ and contain no spaces or symbols');
  if (looksLikeRef(n)) bad('looks like a cell reference');
  // office-js #2875: names.add of a taken name fails with "A resource with the same name or identifier already exists"
  // (ItemAlreadyExists's message in office.js's error list).
  if (wb._names.some((x) => x.name.toUpperCase() === n.toUpperCase())) fail('ItemAlreadyExists', `name ${JSON.stringify(name)} already exists`, 'NamedItemCollection.add');
  return n;
}

const COLORS: Record<string, string> = {
  black: '#000000', white: '#FFFFFF', red: '#FF0000', green: '#008000', blue: '#0000FF', yellow: '#FFFF00', orange: '#FFA500', gray: '#808080',
};
function checkColor(v: unknown, where: string): string {
  if (typeof v === 'string' && /^#[0-9A-Fa-f]{6}$/.test(v)) return v.toUpperCase();
  if (typeof v === 'string' && COLORS[v.toLowerCase()]) return COLORS[v.toLowerCase()];
  return fail('InvalidArgument', `color ${JSON.stringify(v)}`, where);
}

/** What Excel does with a typed string: numbers, percentages, TRUE/FALSE and ISO dates are converted. */
function coerceText(v: string): { value: Scalar; format?: string } {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v)) return { value: Number(v) };
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)%$/.test(v)) return { value: Number(v.slice(0, -1)) / 100, format: '0%' };
  if (/^(true|false)$/i.test(v)) return { value: v.toLowerCase() === 'true' };
  const d = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    const dt = new Date(Date.UTC(y, m - 1, day));
    if (dt.getUTCMonth() === m - 1 && dt.getUTCDate() === day && y >= 1900)
      return { value: isoToExcelSerial(`${d[1]}-${d[2].padStart(2, '0')}-${d[3].padStart(2, '0')}`), format: 'yyyy/m/d' };
  }
  return { value: v };
}

/** A protected sheet refuses changes (support "Protect a worksheet"); the code AccessDenied is assumed. */
function guard(s: SheetState, what: string): void {
  if (s.protected) fail('AccessDenied', `worksheet '${s.name}' is protected (${what})`, what);
}

// ------------------------------------------------------------------------------------------------------------ workbook

const FAKE_JSON_FORMAT = 'fake-excel-state/2';
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** FakeWorkbook.toJSON(): plain data only. Cells, column widths and row heights are keyed by A1 address / letter / row number. */
export interface FakeWorkbookJSON {
  format: typeof FAKE_JSON_FORMAT;
  seq: number;
  activeSheet: string | null;
  selection: { sheet: string; area: Area } | null;
  structureProtected: boolean;
  names: { name: string; formula: string; comment: string }[];
  sheets: {
    id: string;
    name: string;
    cells: Record<string, CellState>;
    merges: Area[];
    protected: boolean;
    visibility?: 'Hidden' | 'VeryHidden';
    frozenRows: number;
    frozenColumns: number;
    columnWidths: Record<string, number>;
    rowHeights: Record<string, number>;
    hiddenColumns: string[];
    page: PageState;
    conditionalFormats: CfState[];
    dataValidations: { area: Area; rule: Record<string, unknown>; errorAlert?: Record<string, unknown>; prompt?: Record<string, unknown> }[];
    pendingMeta: Record<string, { errorAlert?: Record<string, unknown>; prompt?: Record<string, unknown> }>;
  }[];
}

export interface FakeName { name: string; formula: string }

/** The formula of a custom rule as Excel reads it back: relative to the top-left cell of its range (office-js#5194). */
function cfFormula(cf: CfState): string | null {
  if (cf.formula === null || !cf.anchor) return cf.formula;
  return shiftFormula(cf.formula, cf.area.top - cf.anchor.row, cf.area.left - cf.anchor.col);
}

const ARGB = (hex: string): string => `FF${hex.replace('#', '').toUpperCase()}`;
const EXCELJS_VALIGN: Record<string, string> = { Top: 'top', Center: 'middle', Bottom: 'bottom', Justify: 'justify', Distributed: 'distributed' };
const EXCELJS_HALIGN: Record<string, string> = { Left: 'left', Center: 'center', Right: 'right', General: 'general', Justify: 'justify', Distributed: 'distributed', Fill: 'fill', CenterAcrossSelection: 'centerContinuous' };
const EXCELJS_PAPER: Record<string, number> = { Letter: 1, Legal: 5, A3: 8, A4: 9, A5: 11, B4: 12, B5: 13 };

/** "&Ltext&Ctext&Rtext" → the three sections ('&&' is a literal '&', kept as Excel stores it). */
function headerSections(code: string | undefined): [string, string, string] {
  const out: [string, string, string] = ['', '', ''];
  if (!code) return out;
  let at = 1;
  const parts = code.split(/(&[LCR])/);
  for (const p of parts) {
    if (p === '&L') at = 0;
    else if (p === '&C') at = 1;
    else if (p === '&R') at = 2;
    else out[at] += p;
  }
  return out;
}

/** The host state: what the Excel document contains. */
export class FakeWorkbook {
  _sheets: SheetState[] = [];
  _names: NameState[] = [];
  _active: SheetState | undefined;
  _selection: { sheet: SheetState; area: Area } | undefined;
  _seq = 0;
  _structureProtected = false;

  /** Grids as the ExcelJS adapter reads them (formulas with or without '='); names as {name, formula} ('=' optional). */
  static fromGrids(sheets: SheetGrid[], names: FakeName[] = []): FakeWorkbook {
    const wb = new FakeWorkbook();
    for (const g of sheets) {
      const s = wb._addSheet(g.name);
      const top = g.top ?? 0;
      const left = g.left ?? 0;
      const rowsCount = Math.max(g.values.length, g.formulas?.length ?? 0, g.formats?.length ?? 0);
      for (let r = 0; r < rowsCount; r++) {
        const width = Math.max(g.values[r]?.length ?? 0, g.formulas?.[r]?.length ?? 0, g.formats?.[r]?.length ?? 0);
        for (let c = 0; c < width; c++) {
          const raw = g.values[r]?.[c];
          const value: Scalar = raw === undefined || raw === '' ? null : isCellError(raw) ? raw.error : raw;
          const f = g.formulas?.[r]?.[c];
          const fmt = g.formats?.[r]?.[c];
          if (value === null && !f && !fmt) continue;
          s.cells.set(key(top + r, left + c), {
            value,
            formula: f ? (f.startsWith('=') ? f : `=${f}`) : null,
            numberFormat: fmt || 'General',
            bold: false,
          });
        }
      }
      s.merges = (g.merges ?? []).map((m) => ({ ...m }));
      s.protected = Boolean(g.protected);
    }
    for (const n of names) wb._names.push({ name: n.name, formula: n.formula.startsWith('=') ? n.formula : `=${n.formula}`, comment: '' });
    return wb;
  }

  static async fromXlsx(buffer: Buffer): Promise<FakeWorkbook> {
    const loaded = await loadWorkbook(buffer);
    const wb = FakeWorkbook.fromGrids(loaded.input.sheets, loaded.input.names);
    for (const ws of loaded.workbook.worksheets) {
      const s = wb._findSheet(ws.name);
      if (!s) continue;
      const view = (ws.views ?? [])[0] as { state?: string; ySplit?: number; xSplit?: number } | undefined;
      if (view?.state === 'frozen') {
        s.frozenRows = view.ySplit ?? 0;
        s.frozenColumns = view.xSplit ?? 0;
      }
      const titles = /^\$?(\d+):\$?(\d+)$/.exec(String(ws.pageSetup?.printTitlesRow ?? ''));
      if (titles) s.page.printTitleRows = { top: Number(titles[1]) - 1, bottom: Number(titles[2]) - 1 };
      const [lh, ch, rh] = headerSections(ws.headerFooter?.oddHeader);
      const [lf, cf, rf] = headerSections(ws.headerFooter?.oddFooter);
      s.page.headerFooter = { leftHeader: lh, centerHeader: ch, rightHeader: rh, leftFooter: lf, centerFooter: cf, rightFooter: rf };
      if (ws.pageSetup?.orientation === 'landscape') s.page.orientation = 'Landscape';
    }
    const xml = await (await JSZip.loadAsync(buffer)).file('xl/workbook.xml')?.async('string');
    wb._structureProtected = /<workbookProtection\b[^>]*\blockStructure="(1|true)"/.test(xml ?? '');
    return wb;
  }

  /** Exports the state with ExcelJS (formula cells get no cached value; names are written verbatim). */
  async toXlsx(): Promise<Buffer> {
    const out = new ExcelJS.Workbook();
    for (const s of this._sheets) {
      const ws = out.addWorksheet(s.name);
      for (const [k, cell] of s.cells) {
        const xc = ws.getCell(Math.floor(k / MAX_COLS) + 1, (k % MAX_COLS) + 1);
        if (cell.formula) xc.value = { formula: cell.formula.slice(1) } as ExcelJS.CellFormulaValue;
        else if (cell.value !== null) xc.value = cell.value;
        if (cell.numberFormat !== 'General') xc.numFmt = cell.numberFormat;
        const st = cell.style;
        if (cell.bold || st?.fontSize) xc.font = { ...(cell.bold ? { bold: true } : {}), ...(st?.fontSize ? { size: st.fontSize } : {}) };
        if (st?.wrap || st?.vertical || st?.horizontal)
          xc.alignment = {
            ...(st.wrap ? { wrapText: true } : {}),
            ...(st.vertical ? { vertical: EXCELJS_VALIGN[st.vertical] } : {}),
            ...(st.horizontal ? { horizontal: EXCELJS_HALIGN[st.horizontal] } : {}),
          } as ExcelJS.Alignment;
        if (st?.fill) xc.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: ARGB(st.fill) } };
        if (st?.borders)
          xc.border = Object.fromEntries(
            Object.entries(st.borders).map(([edge, b]) => [edge, { style: b!.weight === 'Medium' ? 'medium' : b!.weight === 'Thick' ? 'thick' : 'thin', color: { argb: ARGB(b!.color) } }]),
          ) as unknown as ExcelJS.Borders;
      }
      for (const m of s.merges) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
      for (const [c, pt] of s.columnWidths) ws.getColumn(c + 1).width = Math.max(0, Math.round(((pt * 4) / 3 - 5) / 7 * 100) / 100);
      for (const c of s.hiddenColumns) ws.getColumn(c + 1).hidden = true;
      for (const [r, pt] of s.rowHeights) ws.getRow(r + 1).height = pt;
      if (s.visibility) ws.state = s.visibility === 'Hidden' ? 'hidden' : 'veryHidden';
      if (s.frozenRows || s.frozenColumns) ws.views = [{ state: 'frozen', xSplit: s.frozenColumns, ySplit: s.frozenRows }];
      const p = s.page;
      const fit = typeof p.zoom.horizontalFitToPages === 'number' || typeof p.zoom.verticalFitToPages === 'number';
      ws.pageSetup = {
        ...ws.pageSetup,
        orientation: p.orientation === 'Landscape' ? 'landscape' : 'portrait',
        ...(EXCELJS_PAPER[p.paperSize] && p.paperSize !== 'Letter' ? { paperSize: EXCELJS_PAPER[p.paperSize] } : {}),
        ...(fit ? { fitToPage: true, fitToWidth: Number(p.zoom.horizontalFitToPages ?? 0), fitToHeight: Number(p.zoom.verticalFitToPages ?? 0) } : {}),
        margins: { left: p.leftMargin / 72, right: p.rightMargin / 72, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
        ...(p.printTitleRows ? { printTitlesRow: `${p.printTitleRows.top + 1}:${p.printTitleRows.bottom + 1}` } : {}),
      } as ExcelJS.PageSetup;
      const section = (l: string, c: string, r: string) => `${l ? `&L${l}` : ''}${c ? `&C${c}` : ''}${r ? `&R${r}` : ''}`;
      const hf = p.headerFooter;
      const header = section(hf.leftHeader, hf.centerHeader, hf.rightHeader);
      const footer = section(hf.leftFooter, hf.centerFooter, hf.rightFooter);
      if (header || footer) ws.headerFooter = { ...ws.headerFooter, ...(header ? { oddHeader: header } : {}), ...(footer ? { oddFooter: footer } : {}) };
      [...s.cfs].reverse().forEach((cf, i) => {
        const priority = s.cfs.length - i;
        const rule =
          cf.type === 'DataBar'
            ? {
                type: 'dataBar',
                priority,
                cfvo: [cf.dataBar?.lower, cf.dataBar?.upper].map((b) => (b?.type === 'Number' ? { type: 'num', value: Number(b.formula) } : { type: b?.type === 'HighestValue' ? 'max' : 'min' })),
                color: { argb: ARGB(cf.dataBar?.color ?? '#638EC6') },
                gradient: cf.dataBar?.gradient ?? true,
              }
            : {
                type: 'expression',
                priority,
                formulae: [(cfFormula(cf) ?? '=FALSE').slice(1)],
                style: {
                  ...(cf.fill ? { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: ARGB(cf.fill) } } } : {}),
                  ...(cf.font ? { font: { color: { argb: ARGB(cf.font) } } } : {}),
                },
              };
        ws.addConditionalFormatting({ ref: areaA1(cf.area), rules: [rule as unknown as ExcelJS.ConditionalFormattingRule] });
      });
      const dvs = (ws as unknown as { dataValidations: { add: (a: string, v: unknown) => void } }).dataValidations;
      for (const dv of s.dvs) {
        const alert = dv.errorAlert as { message?: string; title?: string; showAlert?: boolean; style?: string } | undefined;
        const common = {
          allowBlank: true,
          showErrorMessage: alert?.showAlert ?? true,
          ...(alert?.title ? { errorTitle: alert.title } : {}),
          ...(alert?.message ? { error: alert.message } : {}),
          ...(alert?.style ? { errorStyle: alert.style.toLowerCase() } : {}),
        };
        const list = dv.rule.list as { source: string } | undefined;
        const date = dv.rule.date as { operator: string; formula1: string; formula2?: string } | undefined;
        if (list) {
          const f = list.source.startsWith('=') ? list.source.slice(1) : `"${list.source}"`;
          dvs.add(areaA1(dv.area), { type: 'list', formulae: [f], ...common });
        } else if (date) {
          const val = (x: string): unknown => (x.startsWith('=') ? x.slice(1) : new Date(`${x.slice(0, 10)}T00:00:00Z`));
          const formulae = [val(date.formula1), ...(date.formula2 !== undefined ? [val(date.formula2)] : [])];
          dvs.add(areaA1(dv.area), { type: 'date', operator: EXCELJS_OPERATORS[date.operator], formulae, ...common });
        }
      }
      if (s.protected) await ws.protect('', {});
    }
    writeDefinedNames(out, this._names.map((n) => ({ name: n.name, formula: n.formula.slice(1) })));
    const active = this._active ? this._sheets.indexOf(this._active) : 0;
    out.views = [{ activeTab: Math.max(0, active) } as ExcelJS.WorkbookView];
    const buffer = Buffer.from(await out.xlsx.writeBuffer());
    if (!this._structureProtected) return buffer;
    // ExcelJS cannot write workbook protection (exceljs#1264): add <workbookProtection> to workbook.xml.
    const zip = await JSZip.loadAsync(buffer);
    const xml = await zip.file('xl/workbook.xml')!.async('string');
    zip.file('xl/workbook.xml', xml.replace(/(<bookViews\b)/, '<workbookProtection lockStructure="1"/>$1'));
    return Buffer.from(await zip.generateAsync({ type: 'nodebuffer' }));
  }

  /**
   * The whole document state as plain JSON (cells with values, formulas, formats and styles; merges; frozen panes;
   * protection; column widths, row heights, hidden columns; page layout; conditional formats; data validations; names;
   * active sheet; selection), e.g. to move a workbook between Node and a browser. `FakeWorkbook.fromJSON(wb.toJSON())`
   * is an identical copy.
   */
  toJSON(): FakeWorkbookJSON {
    return {
      format: FAKE_JSON_FORMAT,
      seq: this._seq,
      activeSheet: this._active?.name ?? null,
      selection: this._selection ? { sheet: this._selection.sheet.name, area: { ...this._selection.area } } : null,
      structureProtected: this._structureProtected,
      names: this._names.map((n) => ({ ...n })),
      sheets: this._sheets.map((s) => ({
        id: s.id,
        name: s.name,
        cells: Object.fromEntries([...s.cells].map(([k, c]) => [`${columnLetter(k % MAX_COLS)}${Math.floor(k / MAX_COLS) + 1}`, clone(c)])),
        merges: s.merges.map((m) => ({ ...m })),
        protected: s.protected,
        ...(s.visibility ? { visibility: s.visibility } : {}),
        frozenRows: s.frozenRows,
        frozenColumns: s.frozenColumns,
        columnWidths: Object.fromEntries([...s.columnWidths].map(([c, pt]) => [columnLetter(c), pt])),
        rowHeights: Object.fromEntries([...s.rowHeights].map(([r, pt]) => [String(r + 1), pt])),
        hiddenColumns: [...s.hiddenColumns].sort((a, b) => a - b).map(columnLetter),
        page: clone(s.page),
        conditionalFormats: s.cfs.map((cf) => clone(cf)),
        dataValidations: s.dvs.map((dv) => clone(dv)),
        pendingMeta: Object.fromEntries([...s.pendingMeta].map(([a, m]) => [a, clone(m)])),
      })),
    };
  }

  /** The inverse of toJSON (accepts the object or its JSON text). */
  static fromJSON(data: FakeWorkbookJSON | string): FakeWorkbook {
    const d = (typeof data === 'string' ? JSON.parse(data) : data) as FakeWorkbookJSON;
    if (!d || d.format !== FAKE_JSON_FORMAT) throw new Error(`fake-excel: not a ${FAKE_JSON_FORMAT} state`);
    const wb = new FakeWorkbook();
    for (const j of d.sheets) {
      const cells = new Map<number, CellState>();
      for (const [a1, c] of Object.entries(j.cells)) {
        const m = /^([A-Z]+)(\d+)$/.exec(a1);
        if (!m) throw new Error(`fake-excel: bad cell address ${a1}`);
        cells.set(key(Number(m[2]) - 1, columnIndex(m[1])), clone(c));
      }
      wb._sheets.push({
        id: j.id,
        name: j.name,
        cells,
        merges: j.merges.map((m) => ({ ...m })),
        protected: j.protected,
        ...(j.visibility ? { visibility: j.visibility } : {}),
        frozenRows: j.frozenRows,
        frozenColumns: j.frozenColumns,
        columnWidths: new Map(Object.entries(j.columnWidths).map(([c, pt]) => [columnIndex(c), pt])),
        rowHeights: new Map(Object.entries(j.rowHeights).map(([r, pt]) => [Number(r) - 1, pt])),
        hiddenColumns: new Set(j.hiddenColumns.map(columnIndex)),
        page: clone(j.page),
        cfs: j.conditionalFormats.map((cf) => clone(cf)),
        dvs: j.dataValidations.map((dv) => clone(dv)),
        pendingMeta: new Map(Object.entries(j.pendingMeta).map(([a, m]) => [a, clone(m)])),
      });
    }
    for (const n of d.names) wb._names.push({ ...n });
    wb._seq = d.seq;
    wb._structureProtected = d.structureProtected;
    wb._active = d.activeSheet === null ? undefined : wb._findSheet(d.activeSheet);
    const sel = d.selection && wb._findSheet(d.selection.sheet);
    wb._selection = sel && d.selection ? { sheet: sel, area: { ...d.selection.area } } : undefined;
    return wb;
  }

  // ---- read API for tests
  sheetNames(): string[] { return this._sheets.map((s) => s.name); }
  names(): FakeName[] { return this._names.map((n) => ({ name: n.name, formula: n.formula })); }
  cell(sheet: string, address: string): { value: Scalar; formula: string | null; numberFormat: string } {
    const { area } = parseAddress(address);
    const c = this._sheet(sheet).cells.get(key(area.top, area.left)) ?? EMPTY;
    return { value: c.value, formula: c.formula, numberFormat: c.numberFormat };
  }
  /** Cell values of an area (empty cells are null). */
  values(sheet: string, address: string): Scalar[][] {
    const s = this._sheet(sheet);
    const { area } = parseAddress(address);
    return Array.from({ length: nRows(area) }, (_, i) =>
      Array.from({ length: nCols(area) }, (_, j) => (s.cells.get(key(area.top + i, area.left + j)) ?? EMPTY).value),
    );
  }
  bold(sheet: string, address: string): boolean {
    const { area } = parseAddress(address);
    return (this._sheet(sheet).cells.get(key(area.top, area.left)) ?? EMPTY).bold;
  }
  /** Formatting of one cell beyond bold and the number format ({} when none). */
  style(sheet: string, address: string): CellStyle {
    const { area } = parseAddress(address);
    return clone(this._sheet(sheet).cells.get(key(area.top, area.left))?.style ?? {});
  }
  merges(sheet: string): string[] { return this._sheet(sheet).merges.map((m) => areaA1(m)); }
  /** Conditional formats in priority order, formulas as Excel reads them back (relative to each range's top-left). */
  conditionalFormats(sheet: string): { range: string; type?: string; formula: string | null; fillColor: string | null; fontColor: string | null; dataBar?: Json }[] {
    return this._sheet(sheet).cfs.map((cf) => ({
      range: areaA1(cf.area),
      ...(cf.type === 'DataBar' ? { type: 'DataBar', dataBar: clone(cf.dataBar ?? {}) } : {}),
      formula: cfFormula(cf),
      fillColor: cf.fill,
      fontColor: cf.font,
    }));
  }
  dataValidations(sheet: string): { range: string; rule: Json; errorAlert?: Json }[] {
    return this._sheet(sheet).dvs.map((d) => ({ range: areaA1(d.area), rule: d.rule, ...(d.errorAlert ? { errorAlert: d.errorAlert } : {}) }));
  }
  frozenRows(sheet: string): number { return this._sheet(sheet).frozenRows; }
  frozenColumns(sheet: string): number { return this._sheet(sheet).frozenColumns; }
  /** Column width in points (col: 'B' or 0-based index). */
  columnWidth(sheet: string, col: string | number): number {
    return this._sheet(sheet).columnWidths.get(typeof col === 'number' ? col : columnIndex(col)) ?? DEFAULT_WIDTH;
  }
  /** Row height in points (1-based row), the default when never set or measured. */
  rowHeight(sheet: string, row: number): number { return this._sheet(sheet).rowHeights.get(row - 1) ?? DEFAULT_HEIGHT; }
  hiddenColumns(sheet: string): string[] { return [...this._sheet(sheet).hiddenColumns].sort((a, b) => a - b).map(columnLetter); }
  pageLayout(sheet: string): PageState { return clone(this._sheet(sheet).page); }
  isProtected(sheet: string): boolean { return this._sheet(sheet).protected; }
  protect(sheet: string, on = true): this {
    this._sheet(sheet).protected = on;
    return this;
  }
  /** A user (or a macro) hides a sheet; 'VeryHidden' is settable only by code (VBA, the API). */
  hide(sheet: string, how: 'Hidden' | 'VeryHidden' | 'Visible'): this {
    const s = this._sheet(sheet);
    if (how === 'Visible') delete s.visibility;
    else s.visibility = how;
    return this;
  }
  /** Review > Protect Workbook (structure): no sheet can be added, deleted, renamed or moved. */
  protectStructure(on = true): this {
    this._structureProtected = on;
    return this;
  }
  get structureProtected(): boolean { return this._structureProtected; }
  /** What the user sets through Page Layout, for tests of "the user's own print settings are kept". */
  setPage(sheet: string, page: Partial<PageState>): this {
    Object.assign(this._sheet(sheet).page, clone(page));
    return this;
  }
  /**
   * What Excel does to a formula rule when a user copies and pastes rows inside its range, or sorts it: the rule is
   * split into two rules over the rows above and from `atRow` (1-based) on, each reading its formula relative to its
   * own top-left cell (office-js#5194). Index: the rule's position in conditionalFormats().
   */
  splitConditionalFormat(sheet: string, index: number, atRow: number): this {
    const s = this._sheet(sheet);
    const cf = s.cfs[index];
    const r = atRow - 1;
    if (!cf || r <= cf.area.top || r > cf.area.bottom) throw new Error(`fake-excel: cannot split rule ${index} at row ${atRow}`);
    const lower: CfState = { ...clone(cf), id: String(++this._seq), area: { ...cf.area, top: r } };
    cf.area = { ...cf.area, bottom: r - 1 };
    s.cfs.splice(index + 1, 0, lower);
    return this;
  }
  get activeSheet(): string | null { return this._active?.name ?? null; }
  /** Sheet-qualified address of the last Range.select(), or null. */
  get selection(): string | null { return this._selection ? qualified(this._selection.sheet.name, this._selection.area) : null; }

  // ---- internals shared with the host
  _findSheet(name: string): SheetState | undefined { return this._sheets.find((s) => s.name.toUpperCase() === String(name).toUpperCase()); }
  _sheet(name: string): SheetState {
    const s = this._findSheet(name);
    if (!s) throw new Error(`fake workbook has no sheet ${name}`);
    return s;
  }
  _addSheet(name?: string): SheetState {
    let n = name;
    if (n === undefined || n === null || n === '') {
      let i = this._sheets.length + 1;
      while (this._findSheet(`Sheet${i}`)) i++;
      n = `Sheet${i}`;
    }
    const s: SheetState = {
      id: `{${String(++this._seq).padStart(8, '0')}-FAKE}`,
      name: checkSheetName(this, n),
      cells: new Map(),
      merges: [],
      protected: false,
      frozenRows: 0,
      frozenColumns: 0,
      columnWidths: new Map(),
      rowHeights: new Map(),
      hiddenColumns: new Set(),
      page: defaultPage(),
      cfs: [],
      dvs: [],
      pendingMeta: new Map(),
    };
    this._sheets.push(s);
    this._active ??= s;
    return s;
  }
  /**
   * Every formula in the document (cells, rules, validations, names) after a sheet is renamed (references follow the
   * new name) or deleted (they become #REF!), as Excel rewrites them.
   */
  _retarget(from: string, to: string | null): void {
    const mentions = new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'iu');
    // Only formulas that mention the name can refer to the sheet; the rest are left as they are (and fast).
    const re = (f: string): string => (mentions.test(f) ? renameSheetRefs(f, from, to) : f);
    for (const s of this._sheets) {
      for (const cell of s.cells.values()) if (cell.formula) cell.formula = re(cell.formula);
      for (const cf of s.cfs) if (cf.formula) cf.formula = re(cf.formula);
      for (const dv of s.dvs) {
        const list = dv.rule.list as { source?: unknown } | undefined;
        if (list && typeof list.source === 'string' && list.source.startsWith('=')) list.source = re(list.source);
      }
    }
    for (const n of this._names) n.formula = re(n.formula);
  }
}

const EXCELJS_OPERATORS: Record<string, string> = {
  Between: 'between', NotBetween: 'notBetween', EqualTo: 'equal', NotEqualTo: 'notEqual', GreaterThan: 'greaterThan',
  LessThan: 'lessThan', GreaterThanOrEqualTo: 'greaterThanOrEqual', LessThanOrEqualTo: 'lessThanOrEqual',
};

// ------------------------------------------------------------------------------------------------------- cell helpers

function cellW(s: SheetState, r: number, c: number): CellState {
  let cell = s.cells.get(key(r, c));
  if (!cell) s.cells.set(key(r, c), (cell = { ...EMPTY }));
  return cell;
}
const cellR = (s: SheetState, r: number, c: number): CellState => s.cells.get(key(r, c)) ?? EMPTY;

function grid<T>(a: Area, f: (r: number, c: number) => T): T[][] {
  return Array.from({ length: nRows(a) }, (_, i) => Array.from({ length: nCols(a) }, (_, j) => f(a.top + i, a.left + j)));
}
function forEachCell(a: Area, f: (r: number, c: number) => void): void {
  for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) f(r, c);
}

function shape(v: unknown): string {
  if (!Array.isArray(v)) return typeof v;
  return `${v.length}×[${[...new Set(v.map((r) => (Array.isArray(r) ? r.length : typeof r)))].join(',')}]`;
}

const okValue = (v: unknown): boolean =>
  v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const okFormat = (v: unknown): boolean => v === null || v === undefined || typeof v === 'string';

type WriteKind = 'values' | 'formulas' | 'formulasR1C1' | 'numberFormat';

/**
 * Range.values / formulas / formulasR1C1 / numberFormat set: a 2-D array of exactly the range's shape, or ONE value for
 * every cell. The single value: office.js passes a non-array straight through (setRangePropertiesInBulk in
 * excel-web-16.00.debug.js); Excel applies it to every cell ("Update all cells in a range", excel-add-ins-core-concepts
 * until 2020; reported working in 2024: techcommunity "Allow passing a single value to the Range object Values and
 * Formulas" — A1:A10 given "=B1" holds =B1 … =B10, i.e. an A1 formula is filled like Ctrl+Enter).
 */
function writeMatrix(s: SheetState, a: Area, kind: WriteKind, data: unknown): void {
  const where = `Range.${kind}`;
  const ok = kind === 'numberFormat' ? okFormat : okValue;
  if (!Array.isArray(data)) {
    if (data === null || data === undefined || !ok(data)) fail('InvalidArgument', `${kind} ${String(data)}`, where);
    guard(s, where);
    forEachCell(a, (r, c) => {
      if (kind === 'numberFormat') writeFormat(s, r, c, data);
      else if (kind === 'formulasR1C1') writeInput(s, r, c, typeof data === 'string' ? r1c1ToA1(data, r, c) : data);
      else if (kind === 'formulas' && typeof data === 'string' && data.startsWith('=')) writeInput(s, r, c, shiftFormula(data, r - a.top, c - a.left));
      else writeInput(s, r, c, data);
    });
    return;
  }
  if (data.length !== nRows(a) || !data.every((row) => Array.isArray(row) && row.length === nCols(a)))
    fail('InvalidArgument', `${kind} must be a ${nRows(a)}×${nCols(a)} array (or one value) for ${areaA1(a)}, got ${shape(data)}`, where);
  for (const row of data as unknown[][]) for (const v of row) if (!ok(v)) fail('InvalidArgument', `${kind} contains ${String(v)}`, where);
  guard(s, where);
  (data as unknown[][]).forEach((row, i) =>
    row.forEach((v, j) => {
      const r = a.top + i;
      const c = a.left + j;
      if (kind === 'numberFormat') writeFormat(s, r, c, v);
      else writeInput(s, r, c, kind === 'formulasR1C1' && typeof v === 'string' ? r1c1ToA1(v, r, c) : v);
    }),
  );
}

/** null leaves the format alone, '' resets it to General (article excel-add-ins-blank-null-values). */
function writeFormat(s: SheetState, r: number, c: number, v: unknown): void {
  if (v === null || v === undefined) return;
  cellW(s, r, c).numberFormat = v === '' ? 'General' : String(v);
}

/**
 * A value or formula typed into a cell, with Excel's rules: '=…', and '+…' / '-…' that are not numbers, are formulas
 * (Range.values reference: "If the returned value starts with a plus ("+"), minus ("-"), or equal sign ("="), Excel
 * interprets this value as a formula"; a lone '+' or '-' stays text); a leading apostrophe keeps text; numbers,
 * TRUE/FALSE, percentages and ISO dates are converted unless the cell's format is '@'.
 */
function writeInput(s: SheetState, r: number, c: number, v: unknown): void {
  if (v === null || v === undefined) return; // null in a 2-D array: leave the cell unchanged (excel-add-ins-blank-null-values)
  const cell = cellW(s, r, c);
  cell.formula = null;
  if (typeof v !== 'string') {
    cell.value = v as number | boolean;
    return;
  }
  if (v === '') cell.value = null;
  else if (v.startsWith("'")) cell.value = v.slice(1) || null;
  else if (v.startsWith('=') && v.length > 1) {
    cell.formula = canonicalFormula(v);
    cell.value = null; // no calc engine
  } else if (cell.numberFormat === '@') cell.value = v;
  else {
    const k = coerceText(v);
    if (typeof k.value === 'string' && /^[+-]./s.test(v)) {
      cell.formula = `=${v}`; // "+1+1" → =+1+1, "-cmd|…" → =-cmd|… (as typing it does)
      cell.value = null;
      return;
    }
    cell.value = k.value;
    if (k.format && cell.numberFormat === 'General') cell.numberFormat = k.format;
  }
}

function usedArea(s: SheetState, valuesOnly: boolean): Area | null {
  let a: Area | null = null;
  for (const [k, cell] of s.cells) {
    if (cell.value === null && cell.formula === null && (valuesOnly || (cell.numberFormat === 'General' && !cell.bold && !cell.style))) continue;
    const r = Math.floor(k / MAX_COLS);
    const c = k % MAX_COLS;
    a = a
      ? { top: Math.min(a.top, r), left: Math.min(a.left, c), bottom: Math.max(a.bottom, r), right: Math.max(a.right, c) }
      : { top: r, left: c, bottom: r, right: c };
  }
  return a;
}

// ----------------------------------------------------------------------------------------------- proxy infrastructure

type Props = Record<string, () => unknown>;
interface Op { wire: unknown; apply: (st: Staging) => void; where: string }

class ClientResult<T> {
  _value: T | undefined;
  _ready = false;
  get value(): T {
    if (!this._ready) throw notLoaded('ClientResult', 'value');
    return this._value as T;
  }
}

/** Results of one sync, delivered to the proxies only if the whole sync succeeds. */
class Staging {
  vals = new Map<Obj, Map<string, unknown>>();
  items = new Map<Coll<Obj>, Obj[]>();
  nulls = new Map<Obj, boolean>();
  results = new Map<ClientResult<unknown>, unknown>();
  set(o: Obj, k: string, v: unknown): void {
    let m = this.vals.get(o);
    if (!m) this.vals.set(o, (m = new Map()));
    m.set(k, v !== null && typeof v === 'object' ? structuredClone(v) : v); // a snapshot, not a view of the host state
  }
  bytes(): number {
    const out: unknown[] = [...this.results.values(), ...this.nulls.values()];
    for (const m of this.vals.values()) out.push(Object.fromEntries(m));
    return byteLen(JSON.stringify(out));
  }
  commit(): void {
    for (const [o, n] of this.nulls) o._isNull = n;
    for (const [o, m] of this.vals) for (const [k, v] of m) o._loaded.set(k, v);
    for (const [c, items] of this.items) c._itemsLoaded = items;
    for (const [r, v] of this.results) {
      r._value = v;
      r._ready = true;
    }
  }
}

// Members that test tooling (await, jest's equality and printing) probes on any object.
const PASS_THROUGH = new Set(['then', 'asymmetricMatch', 'nodeType', 'nodeName', 'tagName', 'length', 'size', 'inspect']);

/** The wire form of a command argument: proxies travel as their object path. */
function wireOf(x: unknown): unknown {
  if (x instanceof Obj) return { object: x._path };
  if (Array.isArray(x)) return x.map(wireOf);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, wireOf(v)]));
  return x;
}

/** Wraps an API object so that reading or setting a member the fake does not implement throws a clear error. */
function strict<T extends object>(target: T, type: string): T {
  return new Proxy(target, {
    get: (t, p, r) => {
      if (typeof p === 'string' && !(p in t) && !/^[_$@]/.test(p) && !PASS_THROUGH.has(p))
        throw new Error(`fake-excel: ${type}.${p} is not implemented by the fake (add it to test/fake-excel if the adapter needs it)`);
      return Reflect.get(t, p, r);
    },
    set: (t, p, v, r) => {
      if (typeof p === 'string' && !(p in t) && !p.startsWith('_')) throw new Error(`fake-excel: cannot set ${type}.${p}: not implemented by the fake`);
      return Reflect.set(t, p, v, r);
    },
  });
}

/** A proxy object: queues commands, holds values loaded by the last sync, and refuses unknown members. */
abstract class Obj {
  _loaded = new Map<string, unknown>();
  _isNull: boolean | undefined;
  _nullable = false;
  _kids = new Map<string, Obj>();

  constructor(public _ctx: Ctx, public _path: string, public _type: string) {
    return strict(this, _type);
  }

  abstract _props(): Props;
  _child(_name: string): Obj | undefined { return undefined; }
  /** For *OrNullObject proxies: does the entity exist right now (evaluated inside a sync)? */
  _checkNull(): boolean { return false; }
  _kid<T extends Obj>(name: string, make: () => T): T {
    let k = this._kids.get(name);
    if (!k) this._kids.set(name, (k = make()));
    return k as T;
  }
  _get<T>(name: string): T {
    if (this._isNull === true) return null as T; // properties of a null object read as null (runtime _throwIfNotLoaded)
    if (!this._loaded.has(name)) throw notLoaded(this._type, name);
    return this._loaded.get(name) as T;
  }
  _do(where: string, wire: Json, apply: () => void): void { this._ctx._enqueue({ o: this._path, ...wire }, () => apply(), where); }

  /** Loaded by every sync without load() (article develop/application-specific-api-model). */
  get isNullObject(): boolean {
    if (this._isNull === undefined) throw notLoaded(this._type, 'isNullObject');
    return this._isNull;
  }
  load(spec?: unknown): this {
    const paths = loadPaths(spec);
    for (const p of paths) walk(this, p); // API-version gates of navigation properties fire now, as in office.js
    this._ctx._enqueue({ o: this._path, load: paths }, (st) => collect(this, paths, st), `${this._type}.load`);
    return this;
  }
  toJSON(): Json { return Object.fromEntries(this._loaded); }
  track(): this { return this; }
  untrack(): this { return this; }
}

abstract class Coll<T extends Obj> extends Obj {
  _itemsLoaded: T[] | undefined;
  abstract _enumerate(): T[];
  _props(): Props { return {}; }
  get items(): T[] {
    if (!this._itemsLoaded) throw notLoaded(this._type, 'items');
    return this._itemsLoaded;
  }
  getCount(): ClientResult<number> {
    this._ctx._need('1.4', `${this._type}.getCount`);
    const res = new ClientResult<number>();
    this._ctx._enqueue({ o: this._path, m: 'getCount' }, (st) => st.results.set(res as ClientResult<unknown>, this._enumerate().length), `${this._type}.getCount`);
    return res;
  }
}

function loadPaths(spec: unknown): string[] {
  if (spec === undefined || spec === null) return [];
  if (typeof spec === 'string') return spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(spec)) return spec.flatMap(loadPaths);
  if (typeof spec === 'object') {
    const o = spec as Json;
    if ('select' in o || 'expand' in o) return [...loadPaths(o.select), ...loadPaths(o.expand)];
    return Object.entries(o).flatMap(([k, v]) =>
      k.startsWith('$') ? [] : v === true ? [k] : v && typeof v === 'object' ? loadPaths(v).map((p) => `${k}/${p}`) : [],
    );
  }
  return fail('InvalidArgument', `load(${String(spec)})`, 'load');
}

function walk(o: Obj, path: string): void {
  if (o instanceof Coll) return;
  const [head, ...rest] = path.split('/');
  if (head in o._props()) return;
  const child = o._child(head);
  if (child && rest.length) walk(child, rest.join('/'));
}

function collect(o: Obj, paths: string[], st: Staging): void {
  if (o instanceof Coll) {
    const items = o._enumerate();
    st.items.set(o, items);
    const sub = paths.map((p) => (p === 'items' ? '' : p.replace(/^items\//, ''))).filter(Boolean);
    for (const it of items) collect(it, sub, st);
    return;
  }
  if (o._nullable) {
    const isNull = o._checkNull();
    st.nulls.set(o, isNull);
    if (isNull) return;
  } else st.nulls.set(o, false);
  const props = o._props();
  for (const p of paths.length ? paths : Object.keys(props)) {
    const [head, ...rest] = p.split('/');
    if (!rest.length && head in props) {
      st.set(o, head, props[head]());
      continue;
    }
    const child = o._child(head);
    if (!child) fail('InvalidArgument', `${o._type} has no loadable property '${p}'`, `${o._type}.load`);
    collect(child, rest.length ? [rest.join('/')] : [], st);
  }
}

function cmpVersion(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export interface HostStats { syncs: number; payloadBytes: number[]; responseBytes: number[]; maxPayloadBytes: number; /** Commands in each round trip. */ commands: number[] }

class HostState {
  stats: HostStats = { syncs: 0, payloadBytes: [], responseBytes: [], maxPayloadBytes: 0, commands: [] };
  /** Syncs that reached the host since it was created (not reset by reset()). */
  executed = 0;
  fault: Fault | undefined;
  offline = false;
  constructor(readonly wb: FakeWorkbook, readonly apiVersion: string, readonly limit: number, readonly nullChains: 'null' | 'error') {}

  /**
   * One round trip: the payload is checked, then commands run in order; a failure stops the batch and nothing is rolled
   * back — the commands before it stay applied (confirmed: issue 8 of this project, run against Excel, "each sync keeps
   * the operations that ran before a failure"; no Microsoft page says it).
   */
  execute(ops: Op[]): void {
    const payload = byteLen(JSON.stringify(ops.map((o) => o.wire)));
    this.executed++;
    this.stats.syncs++;
    this.stats.commands.push(ops.length);
    if (this.offline) {
      this.stats.payloadBytes.push(payload);
      this.stats.responseBytes.push(0);
      fail('ConnectionFailure', 'the connection to Excel was lost (injected)');
    }
    let fault = this.fault && this.fault.at === this.executed ? this.fault : undefined;
    if (fault) {
      this.fault = undefined;
      fault.meanwhile?.(this.wb);
      if (fault.meanwhile && fault.keep === undefined && !fault.offline) fault = undefined;
    }
    if (fault) {
      const keep = fault.keep === 'all' ? ops.length : fault.keep === undefined || fault.keep === 'half' ? Math.floor(ops.length / 2) : fault.keep;
      ops = ops.slice(0, keep);
    }
    this.stats.payloadBytes.push(payload);
    this.stats.maxPayloadBytes = Math.max(this.stats.maxPayloadBytes, payload);
    if (payload > this.limit) {
      this.stats.responseBytes.push(0);
      fail('RequestPayloadSizeLimitExceeded', `${payload} bytes > ${this.limit}`);
    }
    const st = new Staging();
    for (const op of ops) {
      try {
        op.apply(st);
      } catch (e) {
        this.stats.responseBytes.push(0);
        if (e instanceof FakeOfficeError) e.debugInfo.errorLocation ??= op.where;
        throw e;
      }
    }
    if (fault) {
      this.stats.responseBytes.push(0);
      this.offline = Boolean(fault.offline);
      fail(fault.offline ? 'ConnectionFailure' : 'GeneralException', `injected failure after ${ops.length} command(s) of this batch`);
    }
    const response = st.bytes();
    this.stats.responseBytes.push(response);
    if (response > this.limit) fail('ResponsePayloadSizeLimitExceeded', `${response} bytes > ${this.limit}`);
    st.commit();
  }
}

/** Excel.RequestContext. */
class Ctx {
  _queue: Op[] = [];
  _closed = false;
  _chain: Promise<unknown> = Promise.resolve();
  readonly workbook: WorkbookProxy;
  readonly trackedObjects = { add: (): void => undefined, remove: (): void => undefined };
  constructor(readonly _host: HostState) {
    const self = strict(this, 'RequestContext');
    this.workbook = new WorkbookProxy(self);
    return self;
  }
  get _wb(): FakeWorkbook { return this._host.wb; }
  _enqueue(wire: unknown, apply: (st: Staging) => void, where: string): void {
    if (this._closed) fail('InvalidObjectPath', `${where} used after its Excel.run finished`, where);
    this._queue.push({ wire, apply, where });
  }
  _need(version: string, api: string): void {
    if (cmpVersion(version, this._host.apiVersion) > 0)
      throw new FakeOfficeError(
        'ApiNotFound',
        `The method or property ${api} is part of the ExcelApi ${version} requirement set, which is not available in your version of Excel.`,
        api,
      );
  }
  _nullCheck(o: Obj): void { this._enqueue({ o: o._path, m: 'instantiate' }, (st) => st.nulls.set(o, o._checkNull()), `${o._type}.isNullObject`); }
  sync<T>(passThrough?: T): Promise<T> {
    if (this._closed) return Promise.reject(new FakeOfficeError('InvalidObjectPath', `${MESSAGES.InvalidObjectPath} (sync after Excel.run finished)`));
    const ops = this._queue;
    this._queue = [];
    // Asynchronous like the real thing: nothing is applied or delivered before the returned promise is awaited.
    const done = this._chain.then(() => this._host.execute(ops));
    this._chain = done.catch(() => undefined);
    return done.then(() => passThrough as T);
  }
}

const q = (s: unknown): string => JSON.stringify(s);

// ------------------------------------------------------------------------------------------------- workbook & sheets

class WorkbookProxy extends Obj {
  constructor(ctx: Ctx) { super(ctx, 'workbook', 'Workbook'); }
  _props(): Props { return {}; }
  override _child(n: string): Obj | undefined {
    return n === 'worksheets' ? this.worksheets : n === 'names' ? this.names : n === 'protection' ? this.protection : undefined;
  }
  get worksheets(): WorksheetCollectionProxy { return this._kid('worksheets', () => new WorksheetCollectionProxy(this._ctx)); }
  get names(): NamedItemCollectionProxy { return this._kid('names', () => new NamedItemCollectionProxy(this._ctx)); }
  /** Workbook.protection (ExcelApi 1.7, excel.workbookprotection reference page). */
  get protection(): WorkbookProtectionProxy {
    this._ctx._need('1.7', 'Workbook.protection');
    return this._kid('protection', () => new WorkbookProtectionProxy(this._ctx));
  }
  getSelectedRange(): RangeProxy {
    const wb = this._ctx._wb;
    const ws = new WorksheetProxy(this._ctx, 'workbook.getSelectedRange().worksheet', () => wb._selection?.sheet ?? wb._active);
    return new RangeProxy(this._ctx, 'workbook.getSelectedRange()', ws, () => wb._selection?.area ?? { top: 0, left: 0, bottom: 0, right: 0 });
  }
}

/** Review > Protect Workbook: the structure (which sheets exist, their names and order) is locked. */
class WorkbookProtectionProxy extends Obj {
  constructor(ctx: Ctx) { super(ctx, 'workbook.protection', 'WorkbookProtection'); }
  _props(): Props { return { protected: () => this._ctx._wb._structureProtected }; }
  get protected(): boolean { return this._get('protected'); }
  protect(password?: string): void {
    this._do('WorkbookProtection.protect', { m: 'protect', a: [password ?? null] }, () => {
      // Reference: "Protects the workbook. Fails if the workbook has been protected." (error code assumed).
      if (this._ctx._wb._structureProtected) fail('InvalidOperation', 'the workbook is already protected', 'WorkbookProtection.protect');
      this._ctx._wb._structureProtected = true;
    });
  }
  unprotect(password?: string): void {
    this._do('WorkbookProtection.unprotect', { m: 'unprotect', a: [password ?? null] }, () => {
      this._ctx._wb._structureProtected = false;
    });
  }
}

/**
 * A protected workbook structure refuses adding, deleting, renaming and moving sheets (support.microsoft.com "Protect a
 * workbook": "prevent other users from adding, moving, deleting, hiding, and renaming worksheets"); the error code
 * through the API is ASSUMED to be AccessDenied, as for a protected sheet.
 */
function guardStructure(wb: FakeWorkbook, what: string): void {
  if (wb._structureProtected) fail('AccessDenied', `the workbook structure is protected (${what})`, what);
}

class WorksheetCollectionProxy extends Coll<WorksheetProxy> {
  constructor(ctx: Ctx) { super(ctx, 'workbook.worksheets', 'WorksheetCollection'); }
  _enumerate(): WorksheetProxy[] { return this._ctx._wb._sheets.map((s) => WorksheetProxy.bound(this._ctx, s)); }
  getItem(name: string): WorksheetProxy {
    return new WorksheetProxy(this._ctx, `${this._path}.getItem(${q(name)})`, () => this._ctx._wb._findSheet(name));
  }
  getItemOrNullObject(name: string): WorksheetProxy {
    this._ctx._need('1.4', 'WorksheetCollection.getItemOrNullObject');
    const p = new WorksheetProxy(this._ctx, `${this._path}.getItemOrNullObject(${q(name)})`, () => this._ctx._wb._findSheet(name), true);
    this._ctx._nullCheck(p);
    return p;
  }
  getActiveWorksheet(): WorksheetProxy { return new WorksheetProxy(this._ctx, `${this._path}.getActiveWorksheet()`, () => this._ctx._wb._active); }
  add(name?: string): WorksheetProxy {
    const p = new WorksheetProxy(this._ctx, `${this._path}.add(${q(name ?? null)})`, () => undefined);
    this._do('WorksheetCollection.add', { m: 'add', a: [name ?? null] }, () => {
      guardStructure(this._ctx._wb, 'WorksheetCollection.add');
      p._sheet = this._ctx._wb._addSheet(name);
    });
    return p;
  }
}

class WorksheetProxy extends Obj {
  _sheet: SheetState | undefined;
  constructor(ctx: Ctx, path: string, public _find: () => SheetState | undefined, nullable = false) {
    super(ctx, path, 'Worksheet');
    this._nullable = nullable;
  }
  static bound(ctx: Ctx, s: SheetState): WorksheetProxy {
    const p = new WorksheetProxy(ctx, `workbook.worksheets.getItem(${q(s.name)})`, () => s);
    p._sheet = s;
    return p;
  }
  /** The sheet this proxy is bound to (bound at first use, like an instantiated object path); ItemNotFound if gone. */
  _s(): SheetState {
    const wb = this._ctx._wb;
    if (this._sheet) {
      if (!wb._sheets.includes(this._sheet)) fail('ItemNotFound', `worksheet '${this._sheet.name}' was deleted`);
      return this._sheet;
    }
    const s = this._find();
    if (!s) return this._nullable ? failNull(this._path) : fail('ItemNotFound', `no worksheet for ${this._path}`);
    return (this._sheet = s);
  }
  override _checkNull(): boolean {
    const wb = this._ctx._wb;
    if (this._sheet) return !wb._sheets.includes(this._sheet);
    const s = this._find();
    if (s) this._sheet = s;
    return !s;
  }
  _props(): Props {
    return {
      name: () => this._s().name,
      position: () => this._ctx._wb._sheets.indexOf(this._s()),
      id: () => this._s().id,
      visibility: () => this._s().visibility ?? 'Visible',
    };
  }
  override _child(n: string): Obj | undefined {
    return n === 'protection' ? this.protection : n === 'freezePanes' ? this.freezePanes : n === 'pageLayout' ? this.pageLayout : undefined;
  }
  get name(): string { return this._get('name'); }
  set name(v: string) {
    this._do('Worksheet.name', { set: 'name', v }, () => {
      const s = this._s();
      const wb = this._ctx._wb;
      const name = checkSheetName(wb, v, s);
      if (name === s.name) return;
      guardStructure(wb, 'Worksheet.name');
      // References to the sheet follow its new name (performance.md: "renaming a worksheet still updates any
      // references in formulas to that worksheet"); defined names follow too (assumed, as in the Excel UI).
      wb._retarget(s.name, name);
      s.name = name;
    });
  }
  get position(): number { return this._get('position'); }
  set position(v: number) {
    this._do('Worksheet.position', { set: 'position', v }, () => {
      const list = this._ctx._wb._sheets;
      const s = this._s();
      if (!Number.isInteger(v) || v < 0 || v >= list.length) fail('InvalidArgument', `position ${v}`);
      guardStructure(this._ctx._wb, 'Worksheet.position');
      list.splice(list.indexOf(s), 1);
      list.splice(v, 0, s);
    });
  }
  get id(): string { return this._get('id'); }
  get visibility(): string { return this._get('visibility'); }
  /**
   * Worksheet.visibility (ExcelApi 1.1): Visible, Hidden or VeryHidden. ASSUMED as in the Excel UI: the structure of a
   * protected workbook refuses it, and the last visible sheet cannot be hidden.
   */
  set visibility(v: string) {
    this._do('Worksheet.visibility', { set: 'visibility', v }, () => {
      const s = this._s();
      const wb = this._ctx._wb;
      if (!['Visible', 'Hidden', 'VeryHidden'].includes(v)) fail('InvalidArgument', `visibility ${String(v)}`, 'Worksheet.visibility');
      if ((v === 'Visible') === !s.visibility) return;
      guardStructure(wb, 'Worksheet.visibility'); // hiding and unhiding are structure changes
      if (v !== 'Visible' && !wb._sheets.some((x) => x !== s && !x.visibility)) fail('InvalidOperation', 'the last visible sheet cannot be hidden', 'Worksheet.visibility');
      if (v === 'Visible') delete s.visibility;
      else s.visibility = v as 'Hidden' | 'VeryHidden';
    });
  }
  get protection(): WorksheetProtectionProxy {
    this._ctx._need('1.2', 'Worksheet.protection');
    return this._kid('protection', () => new WorksheetProtectionProxy(this));
  }
  get freezePanes(): FreezePanesProxy {
    this._ctx._need('1.7', 'Worksheet.freezePanes');
    return this._kid('freezePanes', () => new FreezePanesProxy(this));
  }
  get pageLayout(): PageLayoutProxy {
    this._ctx._need('1.9', 'Worksheet.pageLayout');
    return this._kid('pageLayout', () => new PageLayoutProxy(this));
  }
  getRange(address?: string): RangeProxy {
    return new RangeProxy(this._ctx, `${this._path}.getRange(${q(address ?? null)})`, this, (s) => {
      if (address === undefined) return { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLS - 1 };
      const p = parseAddress(address, 'Worksheet.getRange');
      if (p.sheet !== undefined && p.sheet.toUpperCase() !== s.name.toUpperCase())
        fail('InvalidArgument', `address ${address} is not on worksheet ${s.name}`, 'Worksheet.getRange');
      return p.area;
    });
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): RangeProxy {
    this._ctx._need('1.7', 'Worksheet.getRangeByIndexes');
    const a = { top: startRow, left: startColumn, bottom: startRow + rowCount - 1, right: startColumn + columnCount - 1 };
    return new RangeProxy(this._ctx, `${this._path}.getRangeByIndexes(${startRow},${startColumn},${rowCount},${columnCount})`, this, () =>
      checkBounds(a, 'Worksheet.getRangeByIndexes'),
    );
  }
  getCell(row: number, column: number): RangeProxy {
    return new RangeProxy(this._ctx, `${this._path}.getCell(${row},${column})`, this, () =>
      checkBounds({ top: row, left: column, bottom: row, right: column }, 'Worksheet.getCell'),
    );
  }
  getUsedRange(valuesOnly?: boolean): RangeProxy {
    if (valuesOnly !== undefined) this._ctx._need('1.2', 'Worksheet.getUsedRange(valuesOnly)');
    return new RangeProxy(this._ctx, `${this._path}.getUsedRange(${Boolean(valuesOnly)})`, this, (s) => usedArea(s, Boolean(valuesOnly)) ?? { top: 0, left: 0, bottom: 0, right: 0 });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    this._ctx._need('1.4', 'Worksheet.getUsedRangeOrNullObject');
    const p = new RangeProxy(this._ctx, `${this._path}.getUsedRangeOrNullObject(${Boolean(valuesOnly)})`, this, (s) => usedArea(s, Boolean(valuesOnly)), true);
    this._ctx._nullCheck(p);
    return p;
  }
  delete(): void {
    this._do('Worksheet.delete', { m: 'delete' }, () => {
      const wb = this._ctx._wb;
      const s = this._s();
      guard(s, 'Worksheet.delete');
      guardStructure(wb, 'Worksheet.delete');
      // Reference Worksheet.delete: a very hidden sheet fails with InvalidOperation until made visible or hidden.
      if (s.visibility === 'VeryHidden') fail('InvalidOperation', 'the worksheet is very hidden', 'Worksheet.delete');
      if (wb._sheets.length <= 1) fail('GeneralException', 'a workbook must contain at least one visible worksheet', 'Worksheet.delete');
      const i = wb._sheets.indexOf(s);
      wb._sheets.splice(i, 1);
      wb._retarget(s.name, null); // references to a deleted sheet become #REF! (Excel UI behaviour, assumed for the API)
      if (wb._active === s) wb._active = wb._sheets[Math.max(0, i - 1)];
      if (wb._selection?.sheet === s) wb._selection = undefined;
    });
  }
  activate(): void {
    this._do('Worksheet.activate', { m: 'activate' }, () => {
      this._ctx._wb._active = this._s();
    });
  }
}

class WorksheetProtectionProxy extends Obj {
  constructor(public _ws: WorksheetProxy) { super(_ws._ctx, `${_ws._path}.protection`, 'WorksheetProtection'); }
  _props(): Props { return { protected: () => this._ws._s().protected }; }
  get protected(): boolean { return this._get('protected'); }
  protect(options?: unknown, password?: string): void {
    this._do('WorksheetProtection.protect', { m: 'protect', a: [options ?? null, password ?? null] }, () => {
      const s = this._ws._s();
      if (s.protected) fail('InvalidOperation', 'worksheet is already protected', 'WorksheetProtection.protect');
      s.protected = true;
    });
  }
  unprotect(password?: string): void {
    this._do('WorksheetProtection.unprotect', { m: 'unprotect', a: [password ?? null] }, () => {
      this._ws._s().protected = false;
    });
  }
}

// ------------------------------------------------------------------------------------------------------- page layout

const ORIENTATIONS = ['Portrait', 'Landscape'];
const PAPER_SIZES = ['Letter', 'LetterSmall', 'Tabloid', 'Ledger', 'Legal', 'Statement', 'Executive', 'A3', 'A4', 'A4Small', 'A5', 'B4', 'B5'];

/** Worksheet.pageLayout (ExcelApi 1.9, excel.pagelayout reference page). */
class PageLayoutProxy extends Obj {
  constructor(public _ws: WorksheetProxy) { super(_ws._ctx, `${_ws._path}.pageLayout`, 'PageLayout'); }
  _page(): PageState { return this._ws._s().page; }
  _props(): Props {
    return {
      orientation: () => this._page().orientation,
      paperSize: () => this._page().paperSize,
      zoom: () => clone(this._page().zoom),
      leftMargin: () => this._page().leftMargin,
      rightMargin: () => this._page().rightMargin,
    };
  }
  override _child(n: string): Obj | undefined { return n === 'headersFooters' ? this.headersFooters : undefined; }
  get headersFooters(): HeaderFooterGroupProxy { return this._kid('hf', () => new HeaderFooterGroupProxy(this)); }
  _set(name: string, v: unknown, check: () => void, apply: (p: PageState) => void): void {
    this._do(`PageLayout.${name}`, { set: name, v: wireOf(v) }, () => {
      check();
      guard(this._ws._s(), `PageLayout.${name}`);
      apply(this._page());
    });
  }
  get orientation(): string { return this._get('orientation'); }
  set orientation(v: string) {
    this._set('orientation', v, () => void (ORIENTATIONS.includes(v) || fail('InvalidArgument', `orientation ${String(v)}`)), (p) => void (p.orientation = v));
  }
  /** Margins in points (reference: PageLayout.leftMargin / rightMargin, ExcelApi 1.9); ASSUMED: not negative. */
  get leftMargin(): number { return this._get('leftMargin'); }
  set leftMargin(v: number) {
    this._set('leftMargin', v, () => void ((typeof v === 'number' && v >= 0) || fail('InvalidArgument', `leftMargin ${String(v)}`)), (p) => void (p.leftMargin = v));
  }
  get rightMargin(): number { return this._get('rightMargin'); }
  set rightMargin(v: number) {
    this._set('rightMargin', v, () => void ((typeof v === 'number' && v >= 0) || fail('InvalidArgument', `rightMargin ${String(v)}`)), (p) => void (p.rightMargin = v));
  }
  get paperSize(): string { return this._get('paperSize'); }
  set paperSize(v: string) {
    this._set('paperSize', v, () => void (PAPER_SIZES.includes(v) || fail('InvalidArgument', `paperSize ${String(v)}`)), (p) => void (p.paperSize = v));
  }
  /**
   * Reference: "The PageLayoutZoomOptions object must be set as a JSON object". scale is 10–400; fit-to-pages counts
   * are whole numbers; 0 pages tall (with 1 wide) is ASSUMED to mean "automatic", as fitToHeight="0" does in SpreadsheetML
   * (exceljs#388) and as community add-ins write it for "fit all columns on one page".
   */
  get zoom(): Json { return this._get('zoom'); }
  set zoom(v: Json) {
    this._set(
      'zoom',
      v,
      () => {
        if (!v || typeof v !== 'object' || Array.isArray(v)) fail('InvalidArgument', 'zoom must be a PageLayoutZoomOptions object', 'PageLayout.zoom');
        for (const [k, x] of Object.entries(v)) {
          if (!['scale', 'horizontalFitToPages', 'verticalFitToPages'].includes(k)) fail('InvalidArgument', `zoom.${k}`, 'PageLayout.zoom');
          if (x === null || x === undefined) continue;
          if (k === 'scale' ? !(typeof x === 'number' && x >= 10 && x <= 400) : !(Number.isInteger(x) && (x as number) >= 0))
            fail('InvalidArgument', `zoom.${k} ${String(x)}`, 'PageLayout.zoom');
        }
      },
      (p) => {
        const fit = ['horizontalFitToPages', 'verticalFitToPages'].some((k) => typeof v[k] === 'number');
        p.zoom = fit ? { horizontalFitToPages: v.horizontalFitToPages ?? 0, verticalFitToPages: v.verticalFitToPages ?? 0 } : { scale: v.scale ?? 100 };
      },
    );
  }
  /** setPrintTitleRows(string | Range): whole rows, e.g. "$1:$3" (office-js-snippets worksheet-page-layout sample). */
  setPrintTitleRows(rows: unknown): void {
    const where = 'PageLayout.setPrintTitleRows';
    this._do(where, { m: 'setPrintTitleRows', a: [wireOf(rows)] }, () => {
      const s = this._ws._s();
      const a = rows instanceof RangeProxy ? rows._r().a : parseAddress(rows, where).area;
      guard(s, where);
      s.page.printTitleRows = { top: a.top, bottom: a.bottom };
    });
  }
  /** The title rows as a Range, or a null object when none are set (reference: getPrintTitleRowsOrNullObject). */
  getPrintTitleRowsOrNullObject(): RangeProxy {
    const p = new RangeProxy(this._ctx, `${this._path}.getPrintTitleRowsOrNullObject()`, this._ws, (s) => {
      const t = s.page.printTitleRows;
      return t ? { top: t.top, bottom: t.bottom, left: 0, right: MAX_COLS - 1 } : null;
    }, true);
    this._ctx._nullCheck(p);
    return p;
  }
}

class HeaderFooterGroupProxy extends Obj {
  constructor(public _pl: PageLayoutProxy) { super(_pl._ctx, `${_pl._path}.headersFooters`, 'HeaderFooterGroup'); }
  _props(): Props { return { state: () => 'Default' }; }
  override _child(n: string): Obj | undefined { return n === 'defaultForAllPages' ? this.defaultForAllPages : undefined; }
  get state(): string { return this._get('state'); }
  /** Only the header/footer for all pages is modelled (firstPage, oddPages, evenPages are not). */
  get defaultForAllPages(): HeaderFooterProxy { return this._kid('default', () => new HeaderFooterProxy(this._pl)); }
}

/** One header/footer: left/center/right sections as text with format codes (&P, &N, && …; VBA reference bb225426). */
class HeaderFooterProxy extends Obj {
  constructor(public _pl: PageLayoutProxy) {
    super(_pl._ctx, `${_pl._path}.headersFooters.defaultForAllPages`, 'HeaderFooter');
    for (const k of HEADER_FOOTER_KEYS)
      Object.defineProperty(this, k, {
        get: () => this._get(k),
        set: (v: string) =>
          this._do(`HeaderFooter.${k}`, { set: k, v }, () => {
            if (typeof v !== 'string') fail('InvalidArgument', `${k} ${String(v)}`, `HeaderFooter.${k}`);
            guard(this._pl._ws._s(), `HeaderFooter.${k}`);
            this._pl._page().headerFooter[k] = v;
          }),
      });
  }
  _props(): Props { return Object.fromEntries(HEADER_FOOTER_KEYS.map((k) => [k, () => this._pl._page().headerFooter[k]])); }
}

class FreezePanesProxy extends Obj {
  constructor(public _ws: WorksheetProxy) { super(_ws._ctx, `${_ws._path}.freezePanes`, 'WorksheetFreezePanes'); }
  _props(): Props { return {}; }
  _freeze(where: string, rows: number | undefined, cols: number | undefined): void {
    this._do(where, { m: where, a: [rows ?? null, cols ?? null] }, () => {
      const s = this._ws._s();
      for (const n of [rows, cols]) if (n !== undefined && (!Number.isInteger(n) || n < 0 || n >= MAX_ROWS)) fail('InvalidArgument', `count ${n}`, where);
      if (rows !== undefined) s.frozenRows = rows;
      if (cols !== undefined) s.frozenColumns = cols;
    });
  }
  freezeRows(count = 1): void { this._freeze('WorksheetFreezePanes.freezeRows', count, 0); }
  freezeColumns(count = 1): void { this._freeze('WorksheetFreezePanes.freezeColumns', 0, count); }
  unfreeze(): void { this._freeze('WorksheetFreezePanes.unfreeze', 0, 0); }
  /** The given range becomes the frozen top-left pane. */
  freezeAt(frozenRange: unknown): void {
    const where = 'WorksheetFreezePanes.freezeAt';
    this._do(where, { m: 'freezeAt', a: [wireOf(frozenRange)] }, () => {
      const s = this._ws._s();
      const a = frozenRange instanceof RangeProxy ? frozenRange._r().a : parseAddress(frozenRange, where).area;
      s.frozenRows = a.bottom + 1;
      s.frozenColumns = a.right + 1;
    });
  }
}

// --------------------------------------------------------------------------------------------------------------- ranges

class RangeProxy extends Obj {
  _area: Area | undefined;
  constructor(ctx: Ctx, path: string, public _ws: WorksheetProxy, public _locate: (s: SheetState) => Area | null, nullable = false) {
    super(ctx, path, 'Range');
    this._nullable = nullable;
  }
  _r(): { s: SheetState; a: Area } {
    const s = this._ws._s();
    if (!this._area) {
      const a = this._locate(s);
      if (!a) failNull(this._path);
      this._area = a;
    }
    return { s, a: this._area };
  }
  override _checkNull(): boolean {
    return nullSafe(this._ctx, () => {
      const s = this._ws._s();
      if (this._area) return false;
      const a = this._locate(s);
      if (a) this._area = a;
      return !a;
    });
  }
  _props(): Props {
    const v = (f: (c: CellState) => unknown) => () => {
      const { s, a } = this._r();
      return grid(a, (r, c) => f(cellR(s, r, c)));
    };
    return {
      address: () => qualified(this._r().s.name, this._r().a),
      addressLocal: () => qualified(this._r().s.name, this._r().a),
      values: v((c) => c.value ?? ''),
      formulas: v((c) => c.formula ?? c.value ?? ''),
      formulasR1C1: () => {
        const { s, a } = this._r();
        return grid(a, (r, c) => {
          const cell = cellR(s, r, c);
          return cell.formula ? a1ToR1C1(cell.formula, r, c) : cell.value ?? '';
        });
      },
      columnHidden: () => {
        const { s, a } = this._r();
        const seen = new Set(Array.from({ length: nCols(a) }, (_, i) => s.hiddenColumns.has(a.left + i)));
        return seen.size === 1 ? [...seen][0] : null;
      },
      numberFormat: v((c) => c.numberFormat),
      text: v((c) => (c.value === null ? '' : typeof c.value === 'boolean' ? String(c.value).toUpperCase() : String(c.value))),
      rowCount: () => nRows(this._r().a),
      columnCount: () => nCols(this._r().a),
      rowIndex: () => this._r().a.top,
      columnIndex: () => this._r().a.left,
      cellCount: () => nRows(this._r().a) * nCols(this._r().a),
    };
  }
  override _child(n: string): Obj | undefined {
    if (n === 'format') return this.format;
    if (n === 'worksheet') return this.worksheet;
    if (n === 'conditionalFormats') return this.conditionalFormats;
    if (n === 'dataValidation') return this.dataValidation;
    return undefined;
  }
  _write(kind: WriteKind, data: unknown): void {
    if (kind === 'formulasR1C1') this._ctx._need('1.2', 'Range.formulasR1C1');
    const copy = Array.isArray(data) ? data.map((r: unknown) => (Array.isArray(r) ? r.slice() : r)) : data;
    this._do(`Range.${kind}`, { set: kind, v: copy }, () => {
      const { s, a } = this._r();
      writeMatrix(s, a, kind, copy);
    });
  }
  get address(): string { return this._get('address'); }
  get addressLocal(): string { return this._get('addressLocal'); }
  get values(): Scalar[][] { return this._get('values'); }
  set values(v: unknown) { this._write('values', v); }
  get formulas(): Scalar[][] { return this._get('formulas'); }
  set formulas(v: unknown) { this._write('formulas', v); }
  get numberFormat(): string[][] { return this._get('numberFormat'); }
  set numberFormat(v: unknown) { this._write('numberFormat', v); }
  get formulasR1C1(): Scalar[][] { return this._get('formulasR1C1'); }
  set formulasR1C1(v: unknown) { this._write('formulasR1C1', v); }
  /** Range.columnHidden (ExcelApi 1.2): hides or shows the whole columns of the range. */
  get columnHidden(): boolean { return this._get('columnHidden'); }
  set columnHidden(v: boolean) {
    this._ctx._need('1.2', 'Range.columnHidden');
    this._do('Range.columnHidden', { set: 'columnHidden', v }, () => {
      const { s, a } = this._r();
      if (typeof v !== 'boolean') fail('InvalidArgument', `columnHidden ${String(v)}`, 'Range.columnHidden');
      guard(s, 'Range.columnHidden');
      for (let c = a.left; c <= a.right; c++) (v ? s.hiddenColumns.add(c) : s.hiddenColumns.delete(c));
    });
  }
  get text(): string[][] { return this._get('text'); }
  get rowCount(): number { return this._get('rowCount'); }
  get columnCount(): number { return this._get('columnCount'); }
  get rowIndex(): number { return this._get('rowIndex'); }
  get columnIndex(): number { return this._get('columnIndex'); }
  get cellCount(): number { return this._get('cellCount'); }
  get worksheet(): WorksheetProxy { return this._ws; }
  get format(): RangeFormatProxy { return this._kid('format', () => new RangeFormatProxy(this)); }
  get conditionalFormats(): ConditionalFormatCollectionProxy {
    this._ctx._need('1.6', 'Range.conditionalFormats');
    return this._kid('cfs', () => new ConditionalFormatCollectionProxy(this));
  }
  get dataValidation(): DataValidationProxy {
    this._ctx._need('1.8', 'Range.dataValidation');
    return this._kid('dv', () => new DataValidationProxy(this));
  }
  _derived(name: string, f: (a: Area) => Area): RangeProxy {
    return new RangeProxy(this._ctx, `${this._path}.${name}`, this._ws, () => checkBounds(f(this._r().a), `Range.${name.replace(/\(.*/, '')}`));
  }
  getCell(row: number, column: number): RangeProxy {
    return this._derived(`getCell(${row},${column})`, (a) => ({ top: a.top + row, left: a.left + column, bottom: a.top + row, right: a.left + column }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): RangeProxy {
    this._ctx._need('1.7', 'Range.getResizedRange');
    return this._derived(`getResizedRange(${deltaRows},${deltaColumns})`, (a) => ({ ...a, bottom: a.bottom + deltaRows, right: a.right + deltaColumns }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): RangeProxy {
    return this._derived(`getOffsetRange(${rowOffset},${columnOffset})`, (a) => ({
      top: a.top + rowOffset, bottom: a.bottom + rowOffset, left: a.left + columnOffset, right: a.right + columnOffset,
    }));
  }
  getRow(row: number): RangeProxy { return this._derived(`getRow(${row})`, (a) => ({ ...a, top: a.top + row, bottom: a.top + row })); }
  getColumn(column: number): RangeProxy {
    return this._derived(`getColumn(${column})`, (a) => ({ ...a, left: a.left + column, right: a.left + column }));
  }
  getEntireColumn(): RangeProxy { return this._derived('getEntireColumn()', (a) => ({ ...a, top: 0, bottom: MAX_ROWS - 1 })); }
  getEntireRow(): RangeProxy { return this._derived('getEntireRow()', (a) => ({ ...a, left: 0, right: MAX_COLS - 1 })); }
  select(): void {
    this._do('Range.select', { m: 'select' }, () => {
      const { s, a } = this._r();
      this._ctx._wb._selection = { sheet: s, area: a };
      this._ctx._wb._active = s;
    });
  }
  merge(across = false): void {
    this._ctx._need('1.2', 'Range.merge');
    this._do('Range.merge', { m: 'merge', a: [across] }, () => {
      const { s, a } = this._r();
      guard(s, 'Range.merge');
      const areas = across ? Array.from({ length: nRows(a) }, (_, i) => ({ ...a, top: a.top + i, bottom: a.top + i })) : [a];
      for (const m of areas) {
        if (nRows(m) * nCols(m) === 1) continue;
        s.merges = s.merges.filter((x) => !intersects(x, m));
        s.merges.push({ ...m });
        forEachCell(m, (r, c) => {
          if ((r !== m.top || c !== m.left) && s.cells.has(key(r, c))) Object.assign(cellW(s, r, c), { value: null, formula: null });
        });
      }
    });
  }
  unmerge(): void {
    this._ctx._need('1.2', 'Range.unmerge');
    this._do('Range.unmerge', { m: 'unmerge' }, () => {
      const { s, a } = this._r();
      guard(s, 'Range.unmerge');
      s.merges = s.merges.filter((x) => !intersects(x, a));
    });
  }
  /**
   * Merged areas whose TOP-LEFT cell lies in the range, each whole (office-js#3611, confirmed there against Excel
   * desktop and web; #1590). More than 512 of them: the reference page says the method "will fail to return the
   * result" — modelled as the sync failing (error code ASSUMED GeneralException).
   */
  getMergedAreasOrNullObject(): RangeAreasProxy {
    this._ctx._need('1.13', 'Range.getMergedAreasOrNullObject');
    const p = new RangeAreasProxy(this._ctx, `${this._path}.getMergedAreasOrNullObject()`, this._ws, () => {
      const { s, a } = this._r();
      const found = s.merges.filter((m) => m.top >= a.top && m.top <= a.bottom && m.left >= a.left && m.left <= a.right);
      if (found.length > MERGED_AREAS_LIMIT)
        fail('GeneralException', `${found.length} merged areas in ${areaA1(a)}: more than ${MERGED_AREAS_LIMIT}`, 'Range.getMergedAreasOrNullObject');
      return found.length ? found : null;
    });
    this._ctx._nullCheck(p);
    return p;
  }
  clear(applyTo: 'All' | 'Contents' | 'Formats' = 'All'): void {
    this._do('Range.clear', { m: 'clear', a: [applyTo] }, () => {
      const { s, a } = this._r();
      guard(s, 'Range.clear');
      forEachCell(a, (r, c) => {
        const cell = s.cells.get(key(r, c));
        if (!cell) return;
        if (applyTo !== 'Formats') Object.assign(cell, { value: null, formula: null });
        if (applyTo !== 'Contents') {
          Object.assign(cell, { numberFormat: 'General', bold: false });
          delete cell.style;
        }
      });
    });
  }
}

const V_ALIGN = ['Top', 'Center', 'Bottom', 'Justify', 'Distributed'];
const H_ALIGN = ['General', 'Left', 'Center', 'Right', 'Fill', 'Justify', 'CenterAcrossSelection', 'Distributed'];

/** One style property over every cell of the range; reads back the common value or null when cells differ. */
function styleProp<K extends keyof CellStyle>(range: RangeProxy, k: K, fallback: CellStyle[K]): () => unknown {
  return () => {
    const { s, a } = range._r();
    const seen = new Set<unknown>();
    forEachCell(a, (r, c) => void seen.add(cellR(s, r, c).style?.[k] ?? fallback));
    return seen.size === 1 ? [...seen][0] : null;
  };
}
function setStyle(range: RangeProxy, where: string, v: unknown, ok: boolean, apply: (st: CellStyle) => void): void {
  range._do(where, { set: where.split('.')[1], v: wireOf(v) }, () => {
    const { s, a } = range._r();
    if (!ok) fail('InvalidArgument', `${where} ${String(v)}`, where);
    guard(s, where);
    forEachCell(a, (r, c) => {
      const cell = cellW(s, r, c);
      apply((cell.style ??= {}));
    });
  });
}

/** Display width of a text in points at a font size: CJK and full-width characters are square, others about half. */
function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\uFFFF]/.test(ch) ? size : size * 0.55;
  return w;
}

class RangeFormatProxy extends Obj {
  constructor(public _range: RangeProxy) { super(_range._ctx, `${_range._path}.format`, 'RangeFormat'); }
  _props(): Props {
    return {
      columnWidth: () => {
        const { s, a } = this._range._r();
        const widths = new Set(Array.from({ length: nCols(a) }, (_, i) => s.columnWidths.get(a.left + i) ?? DEFAULT_WIDTH));
        return widths.size === 1 ? [...widths][0] : null;
      },
      rowHeight: () => {
        const { s, a } = this._range._r();
        const heights = new Set(Array.from({ length: nRows(a) }, (_, i) => s.rowHeights.get(a.top + i) ?? DEFAULT_HEIGHT));
        return heights.size === 1 ? [...heights][0] : null;
      },
      wrapText: styleProp(this._range, 'wrap', false),
      verticalAlignment: styleProp(this._range, 'vertical', 'Bottom'),
      horizontalAlignment: styleProp(this._range, 'horizontal', 'General'),
    };
  }
  override _child(n: string): Obj | undefined {
    return n === 'font' ? this.font : n === 'fill' ? this.fill : n === 'borders' ? this.borders : undefined;
  }
  get font(): RangeFontProxy { return this._kid('font', () => new RangeFontProxy(this._range)); }
  get fill(): RangeFillProxy { return this._kid('fill', () => new RangeFillProxy(this._range)); }
  get borders(): RangeBorderCollectionProxy { return this._kid('borders', () => new RangeBorderCollectionProxy(this._range)); }
  /** A size in points for every column or row of the range: columnWidth up to 1800, rowHeight (1.2) up to 409. */
  _size(prop: 'columnWidth' | 'rowHeight', v: number): void {
    const where = `RangeFormat.${prop}`;
    this._do(where, { set: prop, v }, () => {
      const { s, a } = this._range._r();
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > (prop === 'columnWidth' ? 1800 : 409)) fail('InvalidArgument', `${prop} ${String(v)}`);
      guard(s, where);
      if (prop === 'columnWidth') for (let c = a.left; c <= a.right; c++) s.columnWidths.set(c, v);
      else for (let r = a.top; r <= a.bottom; r++) s.rowHeights.set(r, v);
    });
  }
  get columnWidth(): number { return this._get('columnWidth'); }
  set columnWidth(v: number) { this._size('columnWidth', v); }
  /** RangeFormat.rowHeight (ExcelApi 1.2); Excel's limit is 409 points (support "Excel specifications and limits"). */
  get rowHeight(): number { return this._get('rowHeight'); }
  set rowHeight(v: number) {
    this._ctx._need('1.2', 'RangeFormat.rowHeight');
    this._size('rowHeight', v);
  }
  get wrapText(): boolean { return this._get('wrapText'); }
  set wrapText(v: boolean) { setStyle(this._range, 'RangeFormat.wrapText', v, typeof v === 'boolean', (st) => void (st.wrap = v)); }
  get verticalAlignment(): string { return this._get('verticalAlignment'); }
  set verticalAlignment(v: string) { setStyle(this._range, 'RangeFormat.verticalAlignment', v, V_ALIGN.includes(v), (st) => void (st.vertical = v)); }
  get horizontalAlignment(): string { return this._get('horizontalAlignment'); }
  set horizontalAlignment(v: string) { setStyle(this._range, 'RangeFormat.horizontalAlignment', v, H_ALIGN.includes(v), (st) => void (st.horizontal = v)); }
  autofitColumns(): void {
    this._ctx._need('1.2', 'RangeFormat.autofitColumns');
    this._do('RangeFormat.autofitColumns', { m: 'autofitColumns' }, () => void this._range._r());
  }
  /**
   * RangeFormat.autofitRows (ExcelApi 1.2): Excel measures each row's text with the real font. The fake ESTIMATES it
   * (wrapped text split to the column width, CJK characters square, 1.36 line spacing) so that exported files carry
   * plausible heights; formula cells count as one line (no calc engine).
   */
  autofitRows(): void {
    this._ctx._need('1.2', 'RangeFormat.autofitRows');
    this._do('RangeFormat.autofitRows', { m: 'autofitRows' }, () => {
      const { s, a } = this._range._r();
      guard(s, 'RangeFormat.autofitRows');
      // One pass over the sheet's cells (a pass per row was quadratic on generated sheets of thousands of rows).
      const heights = new Map<number, number>();
      for (let r = a.top; r <= a.bottom; r++) heights.set(r, DEFAULT_HEIGHT);
      for (const [k, cell] of s.cells) {
        const r = Math.floor(k / MAX_COLS);
        if (!heights.has(r) || cell.value === null) continue;
        const c = k % MAX_COLS;
        const size = cell.style?.fontSize ?? 11;
        const width = Math.max(1, (s.columnWidths.get(c) ?? DEFAULT_WIDTH) - 4);
        const text = String(cell.value);
        const lines = cell.style?.wrap ? text.split('\n').reduce((n, p) => n + Math.max(1, Math.ceil(textWidth(p, size) / width)), 0) : 1;
        heights.set(r, Math.max(heights.get(r)!, Math.min(409, Math.round(lines * size * 1.36 * 4) / 4)));
      }
      for (const [r, h] of heights) s.rowHeights.set(r, h);
    });
  }
}

class RangeFontProxy extends Obj {
  constructor(public _range: RangeProxy) { super(_range._ctx, `${_range._path}.format.font`, 'RangeFont'); }
  _props(): Props {
    return {
      bold: () => {
        const { s, a } = this._range._r();
        const seen = new Set<boolean>();
        forEachCell(a, (r, c) => void seen.add(cellR(s, r, c).bold));
        return seen.size === 1 ? [...seen][0] : null;
      },
      size: styleProp(this._range, 'fontSize', 11),
    };
  }
  get bold(): boolean { return this._get('bold'); }
  set bold(v: boolean) {
    this._do('RangeFont.bold', { set: 'bold', v }, () => {
      const { s, a } = this._range._r();
      if (typeof v !== 'boolean') fail('InvalidArgument', `bold ${String(v)}`);
      guard(s, 'RangeFont.bold');
      forEachCell(a, (r, c) => void (cellW(s, r, c).bold = v));
    });
  }
  get size(): number { return this._get('size'); }
  set size(v: number) { setStyle(this._range, 'RangeFont.size', v, typeof v === 'number' && v >= 1 && v <= 409, (st) => void (st.fontSize = v)); }
}

class RangeFillProxy extends Obj {
  constructor(public _range: RangeProxy) { super(_range._ctx, `${_range._path}.format.fill`, 'RangeFill'); }
  _props(): Props { return { color: styleProp(this._range, 'fill', '#FFFFFF') }; }
  get color(): string { return this._get('color'); }
  set color(v: string) {
    this._do('RangeFill.color', { set: 'color', v }, () => {
      const { s, a } = this._range._r();
      const color = checkColor(v, 'RangeFill.color');
      guard(s, 'RangeFill.color');
      forEachCell(a, (r, c) => void ((cellW(s, r, c).style ??= {}).fill = color));
    });
  }
  clear(): void {
    this._do('RangeFill.clear', { m: 'clear' }, () => {
      const { s, a } = this._range._r();
      guard(s, 'RangeFill.clear');
      forEachCell(a, (r, c) => void delete s.cells.get(key(r, c))?.style?.fill);
    });
  }
}

const BORDER_INDEXES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal', 'DiagonalDown', 'DiagonalUp'];
const BORDER_STYLES = ['None', 'Continuous', 'Dash', 'DashDot', 'DashDotDot', 'Dot', 'Double', 'SlantDashDot'];
const BORDER_WEIGHTS = ['Hairline', 'Thin', 'Medium', 'Thick'];

class RangeBorderCollectionProxy extends Obj {
  constructor(public _range: RangeProxy) { super(_range._ctx, `${_range._path}.format.borders`, 'RangeBorderCollection'); }
  _props(): Props { return {}; }
  getItem(index: string): RangeBorderProxy {
    if (!BORDER_INDEXES.includes(index)) throw new FakeOfficeError('InvalidArgument', `${MESSAGES.InvalidArgument} (border index ${String(index)})`, 'RangeBorderCollection.getItem');
    return new RangeBorderProxy(this._range, index);
  }
}

/** One edge of a range (EdgeTop … InsideHorizontal), stored on the cell edges it covers. Diagonals are not modelled. */
class RangeBorderProxy extends Obj {
  constructor(public _range: RangeProxy, public _index: string) { super(_range._ctx, `${_range._path}.format.borders.getItem(${q(_index)})`, 'RangeBorder'); }
  _props(): Props { return {}; }
  _set(prop: 'style' | 'color' | 'weight', v: string): void {
    const where = `RangeBorder.${prop}`;
    this._do(where, { set: prop, v }, () => {
      const { s, a } = this._range._r();
      const value = prop === 'color' ? checkColor(v, where) : v;
      if ((prop === 'style' && !BORDER_STYLES.includes(v)) || (prop === 'weight' && !BORDER_WEIGHTS.includes(v))) fail('InvalidArgument', `${where} ${String(v)}`, where);
      guard(s, where);
      const edges: [number, number, 'top' | 'bottom' | 'left' | 'right'][] = [];
      forEachCell(a, (r, c) => {
        const i = this._index;
        if ((i === 'EdgeTop' && r === a.top) || (i === 'InsideHorizontal' && r > a.top)) edges.push([r, c, 'top']);
        if ((i === 'EdgeBottom' && r === a.bottom) || (i === 'InsideHorizontal' && r < a.bottom)) edges.push([r, c, 'bottom']);
        if ((i === 'EdgeLeft' && c === a.left) || (i === 'InsideVertical' && c > a.left)) edges.push([r, c, 'left']);
        if ((i === 'EdgeRight' && c === a.right) || (i === 'InsideVertical' && c < a.right)) edges.push([r, c, 'right']);
      });
      for (const [r, c, edge] of edges) {
        const borders = ((cellW(s, r, c).style ??= {}).borders ??= {});
        const b = (borders[edge] ??= { style: 'Continuous', color: '#000000', weight: 'Thin' });
        b[prop] = value;
        if (prop === 'style' && v === 'None') delete borders[edge];
      }
    });
  }
  set style(v: string) { this._set('style', v); }
  set color(v: string) { this._set('color', v); }
  set weight(v: string) { this._set('weight', v); }
}

class RangeAreasProxy extends Obj {
  _areas: Area[] | undefined;
  constructor(ctx: Ctx, path: string, public _ws: WorksheetProxy, public _locate: () => Area[] | null) {
    super(ctx, path, 'RangeAreas');
    this._nullable = true;
  }
  _list(): { s: SheetState; areas: Area[] } {
    const s = this._ws._s();
    if (!this._areas) {
      const found = this._locate();
      if (!found) failNull(this._path);
      this._areas = found;
    }
    return { s, areas: this._areas };
  }
  override _checkNull(): boolean {
    return nullSafe(this._ctx, () => {
      if (this._areas) return false;
      const found = this._locate();
      if (found) this._areas = found;
      return !found;
    });
  }
  _props(): Props {
    return {
      address: () => {
        const { s, areas } = this._list();
        return areas.map((a) => qualified(s.name, a)).join(',');
      },
      areaCount: () => this._list().areas.length,
      cellCount: () => this._list().areas.reduce((n, a) => n + nRows(a) * nCols(a), 0),
    };
  }
  override _child(n: string): Obj | undefined { return n === 'areas' ? this.areas : undefined; }
  get address(): string { return this._get('address'); }
  get areaCount(): number { return this._get('areaCount'); }
  get cellCount(): number { return this._get('cellCount'); }
  get areas(): RangeCollectionProxy { return this._kid('areas', () => new RangeCollectionProxy(this)); }
}

class RangeCollectionProxy extends Coll<RangeProxy> {
  constructor(public _owner: RangeAreasProxy) { super(_owner._ctx, `${_owner._path}.areas`, 'RangeCollection'); }
  _enumerate(): RangeProxy[] {
    return this._owner._list().areas.map((a, i) => new RangeProxy(this._ctx, `${this._path}.getItemAt(${i})`, this._owner._ws, () => a));
  }
}

// ------------------------------------------------------------------------------------------------- conditional formats

class ConditionalFormatCollectionProxy extends Coll<ConditionalFormatProxy> {
  constructor(public _range: RangeProxy) { super(_range._ctx, `${_range._path}.conditionalFormats`, 'ConditionalFormatCollection'); }
  _enumerate(): ConditionalFormatProxy[] {
    const { s, a } = this._range._r();
    return s.cfs.filter((cf) => intersects(cf.area, a)).map((cf) => new ConditionalFormatProxy(this, cf.id));
  }
  add(type: string): ConditionalFormatProxy {
    if (type !== 'Custom' && type !== 'DataBar')
      throw new Error(`fake-excel: conditionalFormats.add('${type}') is not implemented by the fake (only 'Custom' and 'DataBar')`);
    const p = new ConditionalFormatProxy(this, undefined);
    this._do('ConditionalFormatCollection.add', { m: 'add', a: [type] }, () => {
      const { s, a } = this._range._r();
      guard(s, 'ConditionalFormatCollection.add');
      const cf: CfState = { id: String(++this._ctx._wb._seq), type, area: { ...a }, formula: null, fill: null, font: null, ...(type === 'DataBar' ? { dataBar: {} } : {}) };
      s.cfs.unshift(cf); // a new format gets the top priority
      p._id = cf.id;
    });
    return p;
  }
  getItem(id: string): ConditionalFormatProxy { return new ConditionalFormatProxy(this, id); }
  clearAll(): void {
    this._do('ConditionalFormatCollection.clearAll', { m: 'clearAll' }, () => {
      const { s, a } = this._range._r();
      guard(s, 'ConditionalFormatCollection.clearAll');
      s.cfs = s.cfs.filter((cf) => !intersects(cf.area, a)); // simplification: a format touching the range goes entirely
    });
  }
}

class ConditionalFormatProxy extends Obj {
  constructor(public _coll: ConditionalFormatCollectionProxy, public _id: string | undefined) { super(_coll._ctx, `${_coll._path}.getItem(${q(_id ?? 'new')})`, 'ConditionalFormat'); }
  _cf(): { s: SheetState; cf: CfState } {
    const s = this._coll._range._ws._s();
    const cf = s.cfs.find((x) => x.id === this._id);
    if (!cf) fail('ItemNotFound', `conditional format ${this._id ?? '(not added)'}`);
    return { s, cf };
  }
  _edit(where: string, wire: Json, f: (cf: CfState) => void): void {
    this._do(where, wire, () => {
      const { s, cf } = this._cf();
      guard(s, where);
      f(cf);
    });
  }
  _props(): Props {
    return {
      id: () => this._cf().cf.id,
      type: () => this._cf().cf.type,
      priority: () => this._cf().s.cfs.indexOf(this._cf().cf),
      stopIfTrue: () => false,
    };
  }
  override _child(n: string): Obj | undefined {
    if (n === 'dataBar') return this.dataBar;
    return n === 'custom' ? this.custom : n === 'customOrNullObject' ? this.customOrNullObject : undefined;
  }
  get id(): string { return this._get('id'); }
  get type(): string { return this._get('type'); }
  get priority(): number { return this._get('priority'); }
  get stopIfTrue(): boolean { return this._get('stopIfTrue'); }
  get custom(): CfCustomProxy { return this._kid('custom', () => new CfCustomProxy(this, false)); }
  /** A null object for a format of another type (reference: ConditionalFormat.customOrNullObject). */
  get customOrNullObject(): CfCustomProxy { return this._kid('customOrNullObject', () => new CfCustomProxy(this, true)); }
  get dataBar(): DataBarProxy { return this._kid('dataBar', () => new DataBarProxy(this)); }
  /** The format's own kind of properties; `custom` of a data bar (or the reverse) is ItemNotFound, as *OrNullObject implies. */
  _editAs(type: CfState['type'], where: string, wire: Json, f: (cf: CfState) => void): void {
    this._edit(where, wire, (cf) => {
      if (cf.type !== type) fail('ItemNotFound', `a ${cf.type} conditional format has no ${type} properties`, where);
      f(cf);
    });
  }
  getRange(): RangeProxy { return new RangeProxy(this._ctx, `${this._path}.getRange()`, this._coll._range._ws, () => ({ ...this._cf().cf.area })); }
  delete(): void {
    this._edit('ConditionalFormat.delete', { m: 'delete' }, (cf) => {
      const s = this._cf().s;
      s.cfs = s.cfs.filter((x) => x !== cf);
    });
  }
}

class CfCustomProxy extends Obj {
  constructor(public _cfp: ConditionalFormatProxy, nullable: boolean) {
    super(_cfp._ctx, `${_cfp._path}.${nullable ? 'customOrNullObject' : 'custom'}`, 'CustomConditionalFormat');
    this._nullable = nullable;
  }
  override _checkNull(): boolean { return nullSafe(this._ctx, () => this._cfp._cf().cf.type !== 'Custom'); }
  _props(): Props { return {}; }
  override _child(n: string): Obj | undefined { return n === 'rule' ? this.rule : n === 'format' ? this.format : undefined; }
  get rule(): CfRuleProxy { return this._kid('rule', () => new CfRuleProxy(this._cfp)); }
  get format(): CfFormatProxy { return this._kid('format', () => new CfFormatProxy(this._cfp)); }
}

/**
 * The rule's formula (office-js#5194, "by design"): it is SET relative to the top-left cell of the range the format was
 * fetched from, and READ relative to the top-left cell of the format's own range.
 */
class CfRuleProxy extends Obj {
  constructor(public _cfp: ConditionalFormatProxy) { super(_cfp._ctx, `${_cfp._path}.custom.rule`, 'ConditionalFormatRule'); }
  _props(): Props { return { formula: () => cfFormula(this._cfp._cf().cf) ?? '' }; }
  get formula(): string { return this._get('formula'); }
  set formula(v: string) {
    this._cfp._editAs('Custom', 'ConditionalFormatRule.formula', { set: 'formula', v }, (cf) => {
      if (typeof v !== 'string' || !v.startsWith('=') || v.length < 2) fail('InvalidArgument', `formula ${JSON.stringify(v)} must start with '='`);
      const fetched = this._cfp._coll._range._r().a;
      cf.formula = canonicalFormula(v);
      cf.anchor = { row: fetched.top, col: fetched.left };
    });
  }
}

class CfFormatProxy extends Obj {
  constructor(public _cfp: ConditionalFormatProxy) { super(_cfp._ctx, `${_cfp._path}.custom.format`, 'ConditionalRangeFormat'); }
  _props(): Props { return {}; }
  override _child(n: string): Obj | undefined { return n === 'fill' ? this.fill : n === 'font' ? this.font : undefined; }
  get fill(): CfColorProxy { return this._kid('fill', () => new CfColorProxy(this._cfp, 'fill')); }
  get font(): CfColorProxy { return this._kid('font', () => new CfColorProxy(this._cfp, 'font')); }
}

class CfColorProxy extends Obj {
  constructor(public _cfp: ConditionalFormatProxy, public _which: 'fill' | 'font') { super(_cfp._ctx, `${_cfp._path}.custom.format.${_which}`, _which === 'fill' ? 'ConditionalRangeFill' : 'ConditionalRangeFont'); }
  _props(): Props { return { color: () => this._cfp._cf().cf[this._which] }; }
  get color(): string { return this._get('color'); }
  set color(v: string) {
    this._cfp._editAs('Custom', `${this._type}.color`, { set: 'color', v }, (cf) => {
      cf[this._which] = checkColor(v, `${this._type}.color`);
    });
  }
  clear(): void {
    this._cfp._editAs('Custom', `${this._type}.clear`, { m: 'clear' }, (cf) => {
      cf[this._which] = null;
    });
  }
}

const BAR_RULE_TYPES = ['Automatic', 'LowestValue', 'HighestValue', 'Number', 'Percent', 'Formula', 'Percentile'];

/** ConditionalFormat.dataBar (ExcelApi 1.6, excel.databarconditionalformat reference page). */
class DataBarProxy extends Obj {
  constructor(public _cfp: ConditionalFormatProxy) { super(_cfp._ctx, `${_cfp._path}.dataBar`, 'DataBarConditionalFormat'); }
  _bar(): NonNullable<CfState['dataBar']> { return this._cfp._cf().cf.dataBar ?? {}; }
  _props(): Props {
    return {
      lowerBoundRule: () => this._bar().lower ?? null,
      upperBoundRule: () => this._bar().upper ?? null,
      barDirection: () => this._bar().direction ?? 'Context',
      showDataBarOnly: () => this._bar().showBarOnly ?? false,
    };
  }
  override _child(n: string): Obj | undefined { return n === 'positiveFormat' ? this.positiveFormat : undefined; }
  get positiveFormat(): DataBarPositiveProxy { return this._kid('positive', () => new DataBarPositiveProxy(this._cfp)); }
  /** Reference: the rule "must be set as a JSON object"; type from ConditionalFormatRuleType, formula a string. */
  _rule(which: 'lower' | 'upper', v: unknown): void {
    const where = `DataBarConditionalFormat.${which}BoundRule`;
    this._cfp._editAs('DataBar', where, { set: `${which}BoundRule`, v: wireOf(v) }, (cf) => {
      const r = v as Json;
      if (!r || typeof r !== 'object' || !BAR_RULE_TYPES.includes(r.type as string)) fail('InvalidArgument', `rule ${JSON.stringify(v)}`, where);
      if (['Number', 'Percent', 'Formula', 'Percentile'].includes(r.type as string) && typeof r.formula !== 'string') fail('InvalidArgument', `rule ${JSON.stringify(v)}: formula must be a string`, where);
      (cf.dataBar ??= {})[which] = { type: r.type, ...(r.formula !== undefined ? { formula: r.formula } : {}) };
    });
  }
  get lowerBoundRule(): Json { return this._get('lowerBoundRule'); }
  set lowerBoundRule(v: Json) { this._rule('lower', v); }
  get upperBoundRule(): Json { return this._get('upperBoundRule'); }
  set upperBoundRule(v: Json) { this._rule('upper', v); }
  get barDirection(): string { return this._get('barDirection'); }
  set barDirection(v: string) {
    this._cfp._editAs('DataBar', 'DataBarConditionalFormat.barDirection', { set: 'barDirection', v }, (cf) => {
      if (!['Context', 'LeftToRight', 'RightToLeft'].includes(v)) fail('InvalidArgument', `barDirection ${String(v)}`);
      (cf.dataBar ??= {}).direction = v;
    });
  }
  get showDataBarOnly(): boolean { return this._get('showDataBarOnly'); }
  set showDataBarOnly(v: boolean) {
    this._cfp._editAs('DataBar', 'DataBarConditionalFormat.showDataBarOnly', { set: 'showDataBarOnly', v }, (cf) => {
      (cf.dataBar ??= {}).showBarOnly = Boolean(v);
    });
  }
}

class DataBarPositiveProxy extends Obj {
  constructor(public _cfp: ConditionalFormatProxy) { super(_cfp._ctx, `${_cfp._path}.dataBar.positiveFormat`, 'ConditionalDataBarPositiveFormat'); }
  _props(): Props { return { fillColor: () => this._cfp._cf().cf.dataBar?.color ?? '#638EC6', gradientFill: () => this._cfp._cf().cf.dataBar?.gradient ?? true }; }
  get fillColor(): string { return this._get('fillColor'); }
  set fillColor(v: string) {
    this._cfp._editAs('DataBar', 'ConditionalDataBarPositiveFormat.fillColor', { set: 'fillColor', v }, (cf) => {
      (cf.dataBar ??= {}).color = checkColor(v, 'ConditionalDataBarPositiveFormat.fillColor');
    });
  }
  get gradientFill(): boolean { return this._get('gradientFill'); }
  set gradientFill(v: boolean) {
    this._cfp._editAs('DataBar', 'ConditionalDataBarPositiveFormat.gradientFill', { set: 'gradientFill', v }, (cf) => {
      (cf.dataBar ??= {}).gradient = Boolean(v);
    });
  }
}

// ----------------------------------------------------------------------------------------------------- data validation

const DV_TYPES: Record<string, string> = {
  wholeNumber: 'WholeNumber', decimal: 'Decimal', textLength: 'TextLength', date: 'Date', time: 'Time', list: 'List', custom: 'Custom',
};
const DV_OPERATORS = ['Between', 'NotBetween', 'EqualTo', 'NotEqualTo', 'GreaterThan', 'LessThan', 'GreaterThanOrEqualTo', 'LessThanOrEqualTo'];

/**
 * Validates a DataValidationRule (article excel-add-ins-data-validation: one rule type per rule; a date formula1 is an
 * ISO date string or a formula) and returns a JSON copy with Range sources turned into '=Sheet!$A$1:$A$3'.
 */
function normalizeRule(rule: unknown): Json {
  const where = 'DataValidation.rule';
  const bad = (why: string): never => fail('InvalidArgument', `rule: ${why}`, where);
  if (!rule || typeof rule !== 'object') bad('must be an object');
  const r = rule as Json;
  const keys = Object.keys(r).filter((k) => r[k] !== undefined && r[k] !== null);
  if (keys.length !== 1) bad(`exactly one rule type is allowed, got [${keys.join(', ')}]`);
  const type = keys[0];
  if (!DV_TYPES[type]) bad(`unknown rule type ${type}`);
  const body = r[type] as Json;
  if (!body || typeof body !== 'object') bad(`${type} must be an object`);
  if (type === 'list') {
    let source = body.source;
    if (source instanceof RangeProxy) {
      const { s, a } = source._r();
      source = `=${qualified(s.name, a, true)}`;
    }
    if (typeof source !== 'string' || source.trim() === '') bad('list.source must be a non-empty string or a Range');
    if (!(source as string).startsWith('=') && (source as string).length > 255) bad('list.source is longer than 255 characters');
    return { list: { inCellDropDown: body.inCellDropDown ?? true, source } };
  }
  if (type === 'custom') {
    if (typeof body.formula !== 'string' || !body.formula.startsWith('=')) bad("custom.formula must start with '='");
    return { custom: { formula: body.formula } };
  }
  if (!DV_OPERATORS.includes(body.operator as string)) bad(`${type}.operator ${String(body.operator)}`);
  const needs2 = body.operator === 'Between' || body.operator === 'NotBetween';
  if (body.formula1 === undefined || (needs2 && body.formula2 === undefined)) bad(`${type}.formula1/formula2 missing`);
  for (const f of [body.formula1, ...(needs2 ? [body.formula2] : [])]) {
    if (type === 'date' || type === 'time') {
      const okDate = typeof f === 'string' && (f.startsWith('=') || (type === 'date' ? /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/ : /^(\d{4}-\d{2}-\d{2}T)?\d{2}:\d{2}(:\d{2})?$/).test(f));
      if (!okDate) bad(`${type}.formula must be an ISO ${type} string or a formula, got ${JSON.stringify(f)}`);
    } else if (typeof f !== 'number' && typeof f !== 'string') bad(`${type}.formula ${String(f)}`);
  }
  return { [type]: { operator: body.operator, formula1: body.formula1, ...(needs2 ? { formula2: body.formula2 } : {}) } };
}

function checkMeta(v: unknown, allowed: string[], where: string): Json {
  if (!v || typeof v !== 'object') fail('InvalidArgument', 'must be an object', where);
  for (const k of Object.keys(v as Json)) if (!allowed.includes(k)) fail('InvalidArgument', `unknown field ${k}`, where);
  return { ...(v as Json) };
}

class DataValidationProxy extends Obj {
  constructor(public _range: RangeProxy) { super(_range._ctx, `${_range._path}.dataValidation`, 'DataValidation'); }
  _hits(): { s: SheetState; a: Area; hits: DvState[] } {
    const { s, a } = this._range._r();
    return { s, a, hits: s.dvs.filter((d) => intersects(d.area, a)) };
  }
  _single(): DvState | null {
    const { a, hits } = this._hits();
    return hits.length === 1 && within(a, hits[0].area) ? hits[0] : null;
  }
  _props(): Props {
    return {
      type: () => {
        const { hits } = this._hits();
        const one = this._single();
        return hits.length === 0 ? 'None' : one ? DV_TYPES[Object.keys(one.rule)[0]] : 'Inconsistent';
      },
      rule: () => this._single()?.rule ?? null,
      errorAlert: () => this._single()?.errorAlert ?? null,
      prompt: () => this._single()?.prompt ?? null,
    };
  }
  get type(): string { return this._get('type'); }
  get rule(): Excel.DataValidationRule { return this._get('rule'); }
  set rule(v: Excel.DataValidationRule) {
    this._do('DataValidation.rule', { set: 'rule', v: wireOf(v) }, () => {
      const { s, a } = this._range._r();
      const rule = normalizeRule(v);
      guard(s, 'DataValidation.rule');
      s.dvs = s.dvs.flatMap((d) => subtract(d.area, a).map((area) => ({ ...d, area })));
      s.dvs.push({ area: { ...a }, rule, ...(s.pendingMeta.get(areaA1(a)) ?? {}) });
      s.pendingMeta.delete(areaA1(a));
    });
  }
  _setMeta(kind: 'errorAlert' | 'prompt', v: unknown, allowed: string[]): void {
    this._do(`DataValidation.${kind}`, { set: kind, v: v as Json }, () => {
      const { s, a, hits } = this._hits();
      const meta = checkMeta(v, allowed, `DataValidation.${kind}`);
      guard(s, `DataValidation.${kind}`);
      const inside = hits.filter((d) => within(d.area, a));
      for (const d of inside) d[kind] = meta;
      if (!inside.length) s.pendingMeta.set(areaA1(a), { ...s.pendingMeta.get(areaA1(a)), [kind]: meta });
    });
  }
  get errorAlert(): Excel.DataValidationErrorAlert { return this._get('errorAlert'); }
  set errorAlert(v: Excel.DataValidationErrorAlert) { this._setMeta('errorAlert', v, ['message', 'showAlert', 'style', 'title']); }
  get prompt(): Excel.DataValidationPrompt { return this._get('prompt'); }
  set prompt(v: Excel.DataValidationPrompt) { this._setMeta('prompt', v, ['message', 'showPrompt', 'title']); }
  clear(): void {
    this._do('DataValidation.clear', { m: 'clear' }, () => {
      const { s, a } = this._range._r();
      guard(s, 'DataValidation.clear');
      s.dvs = s.dvs.flatMap((d) => subtract(d.area, a).map((area) => ({ ...d, area })));
      s.pendingMeta.delete(areaA1(a));
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------- names

function referenceFormula(reference: unknown, where: string): string {
  if (reference instanceof RangeProxy) {
    const { s, a } = reference._r();
    return `=${qualified(s.name, a, true)}`;
  }
  if (typeof reference !== 'string' || !reference.startsWith('=') || reference.length < 2)
    fail('InvalidArgument', `reference ${JSON.stringify(reference)} must be a Range or a '=…' formula`, where);
  return canonicalFormula(reference);
}

class NamedItemCollectionProxy extends Coll<NamedItemProxy> {
  constructor(ctx: Ctx) { super(ctx, 'workbook.names', 'NamedItemCollection'); }
  _enumerate(): NamedItemProxy[] { return this._ctx._wb._names.map((n) => NamedItemProxy.bound(this._ctx, n)); }
  add(name: string, reference: unknown, comment?: string): NamedItemProxy {
    this._ctx._need('1.4', 'NamedItemCollection.add');
    const p = new NamedItemProxy(this._ctx, `${this._path}.add(${q(name)})`, () => undefined);
    this._do('NamedItemCollection.add', { m: 'add', a: [name, wireOf(reference), comment ?? null] }, () => {
      const wb = this._ctx._wb;
      const n: NameState = { name: checkDefinedName(wb, name), formula: referenceFormula(reference, 'NamedItemCollection.add'), comment: comment ?? '' };
      wb._names.push(n);
      p._name = n;
    });
    return p;
  }
  getItem(name: string): NamedItemProxy { return new NamedItemProxy(this._ctx, `${this._path}.getItem(${q(name)})`, () => this._find(name)); }
  getItemOrNullObject(name: string): NamedItemProxy {
    this._ctx._need('1.4', 'NamedItemCollection.getItemOrNullObject');
    const p = new NamedItemProxy(this._ctx, `${this._path}.getItemOrNullObject(${q(name)})`, () => this._find(name), true);
    this._ctx._nullCheck(p);
    return p;
  }
  _find(name: string): NameState | undefined { return this._ctx._wb._names.find((n) => n.name.toUpperCase() === String(name).toUpperCase()); }
}

class NamedItemProxy extends Obj {
  _name: NameState | undefined;
  constructor(ctx: Ctx, path: string, public _find: () => NameState | undefined, nullable = false) {
    super(ctx, path, 'NamedItem');
    this._nullable = nullable;
  }
  static bound(ctx: Ctx, n: NameState): NamedItemProxy {
    const p = new NamedItemProxy(ctx, `workbook.names.getItem(${q(n.name)})`, () => n);
    p._name = n;
    return p;
  }
  _n(): NameState {
    const list = this._ctx._wb._names;
    if (this._name && list.includes(this._name)) return this._name;
    if (this._name) fail('ItemNotFound', `name ${this._name.name} was deleted`);
    const n = this._find();
    if (!n) return this._nullable ? failNull(this._path) : fail('ItemNotFound', `no name for ${this._path}`);
    return (this._name = n);
  }
  override _checkNull(): boolean {
    if (this._name) return !this._ctx._wb._names.includes(this._name);
    const n = this._find();
    if (n) this._name = n;
    return !n;
  }
  _props(): Props { return { name: () => this._n().name, formula: () => this._n().formula, comment: () => this._n().comment, visible: () => true }; }
  get name(): string { return this._get('name'); }
  get formula(): string { return this._get('formula'); }
  set formula(v: string) {
    this._ctx._need('1.7', 'NamedItem.formula');
    this._do('NamedItem.formula', { set: 'formula', v }, () => {
      this._n().formula = referenceFormula(v, 'NamedItem.formula');
    });
  }
  get comment(): string { return this._get('comment'); }
  get visible(): boolean { return this._get('visible'); }
  delete(): void {
    this._ctx._need('1.4', 'NamedItem.delete');
    this._do('NamedItem.delete', { m: 'delete' }, () => {
      const n = this._n();
      const wb = this._ctx._wb;
      wb._names = wb._names.filter((x) => x !== n);
    });
  }
}

// ----------------------------------------------------------------------------------------------------------------- host

export interface ExcelHostOptions {
  /** Highest ExcelApi requirement set supported; default '1.13'. */
  apiVersion?: string;
  /** Request/response payload limit; default 5 MB as in Excel on the web. */
  payloadLimitBytes?: number;
  /** An *OrNullObject call on a null object: a null object too ('null', default, assumed) or a failed sync ('error'). */
  nullObjectChains?: 'null' | 'error';
}

/** A failure injected into a coming round trip (a write batch rejected part-way, or the connection lost). */
export interface Fault {
  /** Which coming sync fails: 1 = the next one. */
  at: number;
  /** How many of that sync's commands run before it fails: a number, 'half' (default) or 'all' (applied, answer lost). */
  keep?: number | 'half' | 'all';
  /** After the failure every later sync fails too, applying nothing (the connection is gone). */
  offline?: boolean;
  /**
   * Something the user does in Excel just before that sync runs (protects a sheet, renames one…). With `meanwhile`
   * alone the sync is not made to fail: it runs on the changed document and fails only if Excel would.
   */
  meanwhile?: (wb: FakeWorkbook) => void;
}

export interface ExcelHost {
  /**
   * Excel.createWorkbook (ExcelApi 1.8): "Creates and opens a new workbook", optionally from a base64 .xlsx
   * (reference: the Excel namespace page). Its own round trip (office.js: _runOnRegularOrWacContext). The fake opens
   * no window: it records the base64 in `created`, for tests to load back (FakeWorkbook.fromXlsx, ExcelJS).
   */
  createWorkbook(base64?: string): Promise<void>;
  /** The workbooks createWorkbook opened, in order, as the base64 it was given ('' for a blank one). */
  readonly created: string[];
  /** Excel.run: runs the batch with a fresh RequestContext; flushes what is still pending when the batch resolves. */
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  run<T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  stats: HostStats;
  /** Office.context.requirements.isSetSupported */
  isSetSupported(name: string, version?: string): boolean;
  /** Resets the stats. */
  reset(): void;
  /** Makes a coming sync fail (see Fault); `online()` ends an offline spell. */
  inject(fault: Fault): void;
  online(): void;
}

/** The argument of createWorkbook: base64 of an .xlsx package (a zip holding xl/workbook.xml), else InvalidArgument (assumed). */
function checkedXlsx(base64: string | undefined): string {
  if (base64 === undefined || base64 === '') return '';
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    return fail('InvalidArgument', 'createWorkbook: the argument is not base64', 'Excel.createWorkbook');
  }
  let parts: Record<string, Uint8Array> = {};
  try {
    parts = unzipSync(bytes, { filter: (f) => f.name === 'xl/workbook.xml' });
  } catch {
    // not a zip: refused below
  }
  if (!parts['xl/workbook.xml']) fail('InvalidArgument', 'createWorkbook: the argument is not an .xlsx file', 'Excel.createWorkbook');
  return base64;
}

export function createExcelHost(wb: FakeWorkbook, opts: ExcelHostOptions = {}): ExcelHost {
  const state = new HostState(wb, opts.apiVersion ?? '1.13', opts.payloadLimitBytes ?? 5 * 1024 * 1024, opts.nullObjectChains ?? 'null');
  const created: string[] = [];
  const host: ExcelHost = {
    stats: state.stats,
    created,
    createWorkbook(base64?: string): Promise<void> {
      // office.js checks the requirement set before any request: a synchronous throw, not a rejection.
      if (cmpVersion('1.8', state.apiVersion) > 0)
        throw new FakeOfficeError('ApiNotFound', `The method or property Excel.createWorkbook is part of the ExcelApi 1.8 requirement set, which is not available in your version of Excel.`, 'Excel.createWorkbook');
      const op: Op = { wire: { m: 'createWorkbook', base64: base64 ?? null }, where: 'Excel.createWorkbook', apply: () => void created.push(checkedXlsx(base64)) };
      // A round trip like a sync: payload limit, offline spells and injected faults apply (FIDELITY.md 64–66).
      return Promise.resolve().then(() => state.execute([op]));
    },
    async run<T>(a: unknown, b?: unknown): Promise<T> {
      const batch = (typeof a === 'function' ? a : b) as (context: Excel.RequestContext) => Promise<T>;
      const ctx = new Ctx(state);
      try {
        const p = batch(ctx as unknown as Excel.RequestContext) as unknown;
        if (!p || typeof (p as Promise<T>).then !== 'function') fail('RunMustReturnPromise');
        const result = await (p as Promise<T>);
        if (ctx._queue.length) await ctx.sync(); // office.js: `.then(runBodyResult => ctx.sync(runBodyResult))`
        return result;
      } finally {
        ctx._closed = true;
      }
    },
    isSetSupported(name: string, version = '1.1'): boolean {
      return name.toLowerCase() === 'excelapi' && cmpVersion(version, state.apiVersion) <= 0;
    },
    reset(): void {
      Object.assign(state.stats, { syncs: 0, payloadBytes: [], responseBytes: [], maxPayloadBytes: 0, commands: [] });
    },
    inject(fault: Fault): void {
      state.fault = { ...fault, at: state.executed + fault.at };
    },
    online(): void {
      state.offline = false;
    },
  };
  return host;
}
