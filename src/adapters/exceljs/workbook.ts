// ExcelJS adapter: reads an .xlsx into the engine's grids and applies a plan. I/O only; no decisions.
// Runs in Node (CLI) and in the browser (the task pane's lazy xlsx chunk): no Node-only API unless guarded.
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { isoToExcelSerial } from '../../core/read/deadline';
import { CellValue, MergedArea, NamedFormula, SheetGrid, WorkbookInput, columnIndex, columnLetter, parseRange } from '../../core/read/grid';
import { Plan, PlanOp, PlanValue, isFormula } from '../../core/plan/plan';
import { BORDER_COLOR } from '../../core/plan/layout';
import { r1c1ToA1 } from '../../core/plan/r1c1';
import { isOwnRule } from '../../core/plan/rules';
import { GeneratedSheet, StyleSpec, StyleTable } from './generated-sheet';
import { linearMergeLoading } from './merge-load';

/** A defined name as stored in workbook.xml, kept verbatim so that enrich loses none of the user's names. */
export interface RawName extends NamedFormula {
  /** Sheet the name is local to, when it has localSheetId. */
  localSheet?: string;
}

export interface LoadedWorkbook {
  workbook: ExcelJS.Workbook;
  input: WorkbookInput;
  names: RawName[];
  /** Cells of the sheets plans added, written into the file by saveWorkbook (see generated-sheet.ts). */
  generated?: { styles: StyleTable; sheets: Map<string, GeneratedSheet> };
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : XML_ENTITIES[e.toLowerCase()],
  );
}

/** ExcelJS drops defined names that are not plain ranges (基准日期 = TODAY()), so read them from the XML. */
function readDefinedNames(bytes: Uint8Array, sheetOrder: string[]): RawName[] {
  // fflate, not JSZip: ExcelJS bundles its own JSZip, and the browser chunk need not carry a second one.
  const part = unzipSync(bytes, { filter: (f) => f.name === 'xl/workbook.xml' })['xl/workbook.xml'];
  if (!part) return [];
  const xml = strFromU8(part);
  const out: RawName[] = [];
  const re = /<definedName\b([^>]*)>([\s\S]*?)<\/definedName>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const attrs = m[1];
    const name = decodeXml(/\bname="([^"]*)"/.exec(attrs)?.[1] ?? '');
    if (!name || name.startsWith('_xlnm.')) continue; // print areas and filters are ExcelJS's own business
    const local = /\blocalSheetId="(\d+)"/.exec(attrs)?.[1];
    out.push({ name, formula: decodeXml(m[2]), ...(local !== undefined ? { localSheet: sheetOrder[Number(local)] } : {}) });
  }
  return out;
}

function cellValue(cell: ExcelJS.Cell): { value: CellValue; formula?: string } {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return { value: null };
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { value: v };
  if (v instanceof Date) return { value: dateToSerial(v) };
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return { value: (o.richText as { text: string }[]).map((p) => p.text).join('') };
  if (typeof o.error === 'string') return { value: { error: o.error } };
  if ('formula' in o || 'sharedFormula' in o) {
    const formula = String(o.formula ?? o.sharedFormula ?? '');
    const r = o.result as unknown;
    let value: CellValue = null;
    if (r instanceof Date) value = dateToSerial(r);
    else if (r !== null && typeof r === 'object' && typeof (r as { error?: unknown }).error === 'string') value = { error: (r as { error: string }).error };
    else if (typeof r === 'string' || typeof r === 'number' || typeof r === 'boolean') value = r;
    return { value, formula };
  }
  if (typeof o.text === 'string') return { value: o.text }; // hyperlink
  return { value: String(v) };
}

/** A date cell's serial; null for a date ExcelJS could not make (LibreOffice caches "" for an empty formula result). */
function dateToSerial(d: Date): number | null {
  if (Number.isNaN(d.getTime())) return null;
  const iso = d.toISOString();
  const day = isoToExcelSerial(iso.slice(0, 10));
  const secs = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return secs ? day + secs / 86400 : day;
}

/** Excel's default page margins, inches: a sheet that never had margins gets these besides the ones we set. */
const MARGINS = { left: 0.7, right: 0.7, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 };

function readSheet(ws: ExcelJS.Worksheet): SheetGrid {
  const values: CellValue[][] = [];
  const formats: (string | null)[][] = [];
  const formulas: (string | null)[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    const vr: CellValue[] = [];
    const fr: (string | null)[] = [];
    const xr: (string | null)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      // Merged followers hold nothing in Excel; ExcelJS echoes the master's value there.
      if (cell.isMerged && cell.master !== cell) return;
      const { value, formula } = cellValue(cell);
      vr[c - 1] = value;
      fr[c - 1] = cell.numFmt || null;
      if (formula) xr[c - 1] = formula;
    });
    values[r - 1] = vr;
    formats[r - 1] = fr;
    formulas[r - 1] = xr;
  });
  for (let i = 0; i < values.length; i++) {
    values[i] ??= [];
    formats[i] ??= [];
    formulas[i] ??= [];
  }
  const merges: MergedArea[] = ((ws.model as unknown as { merges?: string[] }).merges ?? []).map((m) => parseRange(m));
  const protectedSheet = Boolean((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet);
  const width = values.reduce((w, r) => Math.max(w, r.length), 0); // not Math.max(...): 100,000 rows overflow the stack
  const layout = {
    rowHeights: values.map((_, r) => ws.getRow(r + 1).height ?? null),
    colWidths: Array.from({ length: width }, (_, c) => ws.getColumn(c + 1).width ?? null),
    wraps: values.map((row, r) => Array.from({ length: row.length }, (_, c) => Boolean(row[c] !== undefined && ws.findCell(r + 1, c + 1)?.alignment?.wrapText))),
    centred: values.map((row, r) => Array.from({ length: row.length }, (_, c) => row[c] !== undefined && ws.findCell(r + 1, c + 1)?.alignment?.vertical === 'middle')),
  };
  const print = { titleRows: Boolean(ws.pageSetup?.printTitlesRow), headerFooter: Boolean(ws.headerFooter?.oddHeader || ws.headerFooter?.oddFooter) };
  return { name: ws.name, values, formats, formulas, merges, protected: protectedSheet, layout, print };
}

/** A Node Buffer or, in the browser, the bytes of a picked file. */
export async function loadWorkbook(buffer: Uint8Array | ArrayBuffer): Promise<LoadedWorkbook> {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  linearMergeLoading();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  // ExcelJS "loads" a zip without xl/workbook.xml as a workbook of no sheets; a real workbook has at least one.
  if (workbook.worksheets.length === 0) throw new Error('not a workbook: no worksheets');
  const order = workbook.worksheets.map((w) => w.name);
  const names = readDefinedNames(bytes, order);
  const sheets = workbook.worksheets.map(readSheet);
  return { workbook, names, input: { sheets, names: names.filter((n) => !n.localSheet) } };
}

/** An empty workbook to apply a plan to (a unit's list from split). */
export function newWorkbook(): LoadedWorkbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '分工表助手';
  return { workbook, input: { sheets: [], names: [] }, names: [] };
}

function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

function toExcelJs(v: PlanValue): ExcelJS.CellValue {
  if (isFormula(v)) return { formula: v.formula.replace(/^=/, '') } as ExcelJS.CellFormulaValue;
  if (v === '') return null;
  return v; // strings stay strings: ExcelJS never turns text into a formula
}

function forEachCell(range: string, fn: (row: number, col: number) => void): void {
  const a = parseRange(range);
  for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) fn(r + 1, c + 1);
}

/** Applies a plan to the loaded workbook; names are kept and written back verbatim. */
export function applyPlan(loaded: LoadedWorkbook, plan: Plan): void {
  const wb = loaded.workbook;
  const sheet = (name: string) => {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`plan refers to a missing sheet ${name}`);
    return ws;
  };
  const names = new Map(loaded.names.map((n) => [n.localSheet ? `${n.localSheet}!${n.name}` : n.name, n]));
  const gen = (loaded.generated ??= { styles: new StyleTable(), sheets: new Map() });
  for (const op of plan.ops) {
    // Cells of a sheet the plan added go to its GeneratedSheet; the sheet's shell and rules stay with ExcelJS.
    const g = 'sheet' in op ? gen.sheets.get(op.sheet) : undefined;
    if (op.kind === 'addSheet') gen.sheets.set(op.sheet, new GeneratedSheet(op.sheet, gen.styles));
    else if (op.kind === 'deleteSheet') gen.sheets.delete(op.sheet);
    else if (op.kind === 'renameSheet' && g) {
      gen.sheets.delete(op.sheet);
      gen.sheets.set(op.to, g);
      g.name = op.to;
    }
    if (g && applyGenerated(g, op)) continue;
    applyOp(wb, sheet, names, op);
  }
  writeDefinedNames(wb, [...names.values()]);
}

/** Cell ops on a generated sheet; false for the sheet-level ones ExcelJS applies. */
function applyGenerated(g: GeneratedSheet, op: PlanOp): boolean {
  switch (op.kind) {
    case 'write':
      g.write(op.top, op.left, op.cells);
      return true;
    case 'fillFormula':
      g.fill(op.range, op.formulaR1C1);
      return true;
    case 'numberFormat':
      g.style(op.range, { numFmt: op.format });
      return true;
    case 'bold':
      g.style(op.range, { bold: true });
      return true;
    case 'style':
      g.style(op.range, op.style);
      return true;
    case 'fitRows':
      g.fitRows(op.top, op.heights);
      return true;
    default:
      return false;
  }
}

const THIN = { style: 'thin' as const, color: { argb: argb(BORDER_COLOR) } };

/** Lays a style over an ExcelJS cell (only the properties given). */
function styleCell(cell: ExcelJS.Cell, st: StyleSpec): void {
  if (st.numFmt) cell.numFmt = st.numFmt;
  if (st.wrap !== undefined || st.vertical || st.horizontal)
    cell.alignment = { ...(cell.alignment ?? {}), ...(st.wrap !== undefined ? { wrapText: st.wrap } : {}), ...(st.vertical ? { vertical: st.vertical === 'center' ? 'middle' : 'top' } : {}), ...(st.horizontal ? { horizontal: st.horizontal } : {}) };
  // A font without a name is the default font to Excel but a serif one to LibreOffice: name the workbook's.
  if (st.bold !== undefined || st.fontSize)
    cell.font = { name: 'Calibri', family: 2, size: 11, ...(cell.font ?? {}), ...(st.bold !== undefined ? { bold: st.bold } : {}), ...(st.fontSize ? { size: st.fontSize } : {}) };
  if (st.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(st.fill) } };
  if (st.border) cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
}

/**
 * Makes ExcelJS write exactly these defined names, verbatim (it would drop names that are not plain ranges,
 * such as 基准日期 = TODAY()); local names follow their sheet's position. Also asks Excel to calculate on open,
 * since formulas are written without cached results.
 */
export function writeDefinedNames(wb: ExcelJS.Workbook, names: RawName[]): void {
  const order = wb.worksheets.map((w) => w.name);
  const model = names
    .filter((n) => !n.localSheet || order.includes(n.localSheet))
    .map((n) => ({ name: n.name, ranges: [n.formula], ...(n.localSheet ? { localSheetId: order.indexOf(n.localSheet) } : {}) }));
  Object.defineProperty(wb.definedNames, 'model', { get: () => model, set: () => undefined, configurable: true });
  wb.calcProperties = { ...(wb.calcProperties ?? {}), fullCalcOnLoad: true };
}

function applyOp(wb: ExcelJS.Workbook, sheet: (n: string) => ExcelJS.Worksheet, names: Map<string, RawName>, op: PlanOp): void {
  switch (op.kind) {
    case 'addSheet':
      wb.addWorksheet(op.sheet);
      return;
    case 'deleteSheet':
      wb.removeWorksheet(sheet(op.sheet).id);
      return;
    case 'write': {
      const ws = sheet(op.sheet);
      op.cells.forEach((row, i) => {
        const xr = ws.getRow(op.top + i + 1);
        row.forEach((v, j) => {
          xr.getCell(op.left + j + 1).value = toExcelJs(v);
        });
      });
      return;
    }
    case 'numberFormat': {
      const ws = sheet(op.sheet);
      forEachCell(op.range, (r, c) => {
        ws.getCell(r, c).numFmt = op.format;
      });
      return;
    }
    case 'bold': {
      const ws = sheet(op.sheet);
      forEachCell(op.range, (r, c) => {
        ws.getCell(r, c).font = { ...(ws.getCell(r, c).font ?? {}), bold: true };
      });
      return;
    }
    case 'columnWidth':
      sheet(op.sheet).getColumn(op.col + 1).width = op.width;
      return;
    case 'freeze':
      sheet(op.sheet).views = [{ state: 'frozen', xSplit: op.cols, ySplit: op.rows }];
      return;
    case 'defineName':
      names.set(op.name, { name: op.name, formula: op.formula });
      return;
    case 'deleteName':
      names.delete(op.name);
      return;
    case 'listValidation':
    case 'dateValidation': {
      const ws = sheet(op.sheet);
      const dv = (ws as unknown as { dataValidations: { model: Record<string, unknown>; add: (a: string, v: unknown) => void } }).dataValidations;
      const area = parseRange(op.range);
      // A range gets one rule: drop earlier ones on its cells (ExcelJS expands ranges into cells on read).
      for (const key of Object.keys(dv.model)) {
        const k = parseRange(key.split(':').length > 1 ? key : key);
        if (k.top >= area.top && k.bottom <= area.bottom && k.left >= area.left && k.right <= area.right) delete dv.model[key];
      }
      dv.add(
        op.range,
        op.kind === 'listValidation'
          ? { type: 'list', allowBlank: true, formulae: [`"${op.items.join(',')}"`], showErrorMessage: true, errorTitle: '完成状态', error: `请从下拉列表选择：${op.items.join('、')}` }
          : { type: 'date', operator: 'greaterThan', allowBlank: true, formulae: [new Date(Date.UTC(1900, 0, 1))], showErrorMessage: true, errorTitle: '实际完成日期', error: '请输入日期，如 2023-06-30' },
      );
      return;
    }
    case 'clearConditionalFormats': {
      const ws = sheet(op.sheet) as unknown as { conditionalFormattings?: { ref: string; rules: { formulae?: unknown[] }[] }[] };
      ws.conditionalFormattings = (ws.conditionalFormattings ?? [])
        .map((cf) => ({ ...cf, rules: cf.rules.filter((r) => !(r.formulae ?? []).some((f) => isOwnRule(String(f), op))) }))
        .filter((cf) => cf.rules.length > 0);
      return;
    }
    case 'conditionalFormat':
      sheet(op.sheet).addConditionalFormatting({
        ref: op.range,
        rules: [
          {
            type: 'expression',
            priority: 1,
            formulae: [op.formula],
            style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(op.style.fill) } }, font: { color: { argb: argb(op.style.font) } } },
          } as ExcelJS.ConditionalFormattingRule,
        ],
      });
      return;
    case 'fillFormula': {
      const a = parseRange(op.range);
      // A shared formula: written once in the first cell, shared by the others (small file, one formula text).
      // ExcelJS reads a one-cell "A5" as an address, not a range: always give it "A5:A5".
      const range = `${columnLetter(a.left)}${a.top + 1}:${columnLetter(a.right)}${a.bottom + 1}`;
      sheet(op.sheet).fillFormula(range, r1c1ToA1(op.formulaR1C1, a.top, a.left).replace(/^=/, ''));
      return;
    }
    case 'style': {
      const ws = sheet(op.sheet);
      forEachCell(op.range, (r, c) => styleCell(ws.getCell(r, c), op.style));
      return;
    }
    case 'fitRows': {
      const ws = sheet(op.sheet);
      op.heights.forEach((h, i) => {
        ws.getRow(op.top + i + 1).height = h;
      });
      return;
    }
    case 'hideSheet':
      sheet(op.sheet).state = 'hidden';
      return;
    case 'merge': {
      const ws = sheet(op.sheet);
      if (op.from) ws.unMergeCells(op.from);
      ws.mergeCells(op.range);
      return;
    }
    case 'pageSetup': {
      const ws = sheet(op.sheet);
      const s = op.setup;
      ws.pageSetup = {
        ...ws.pageSetup,
        ...(s.landscape ? { orientation: 'landscape' as const } : {}),
        ...(s.a4 ? { paperSize: 9 } : {}), // 9 = A4 in SpreadsheetML
        ...(s.fitToWidth ? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 } : {}),
        ...(s.sideMargins !== undefined ? { margins: { ...MARGINS, ...ws.pageSetup?.margins, left: s.sideMargins / 72, right: s.sideMargins / 72 } } : {}),
        ...(s.titleRows ? { printTitlesRow: `${s.titleRows.top + 1}:${s.titleRows.bottom + 1}` } : {}),
      };
      if (s.header !== undefined || s.footer !== undefined) {
        ws.headerFooter = {
          ...ws.headerFooter,
          ...(s.header !== undefined ? { oddHeader: `&C${s.header}` } : {}),
          ...(s.footer !== undefined ? { oddFooter: `&C${s.footer}` } : {}),
        };
      }
      return;
    }
    case 'dataBar':
      sheet(op.sheet).addConditionalFormatting({
        ref: op.range,
        rules: [
          {
            type: 'dataBar',
            priority: 1,
            cfvo: [
              { type: 'num', value: op.min },
              { type: 'num', value: op.max },
            ],
            color: { argb: argb(op.color) },
            gradient: false,
          } as unknown as ExcelJS.ConditionalFormattingRule,
        ],
      });
      return;
    case 'hideColumns':
      for (let i = 0; i < op.count; i++) sheet(op.sheet).getColumn(op.col + i + 1).hidden = true;
      return;
    case 'renameSheet':
      sheet(op.sheet).name = op.to;
      return;
    default: {
      const never: never = op;
      throw new Error(`unknown plan op ${(never as PlanOp).kind}`);
    }
  }
}



export interface SaveOptions {
  /** How the package's parts are zipped; default fflate (works everywhere). The CLI passes Node's zlib. */
  zip?: (parts: Record<string, Uint8Array>) => Uint8Array;
}

/**
 * The package's bytes: a Buffer in Node (as before), a plain Uint8Array in the browser, which has no Buffer — or a
 * partial stand-in (the e2e harness defines Buffer.byteLength only), hence the check for `from`. Looked up on
 * globalThis so that the web build, which has no Node types, type-checks.
 */
function packageBytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  const u8 = data instanceof Uint8Array ? data : new Uint8Array(data);
  const nodeBuffer = (globalThis as { Buffer?: { from?: (data: Uint8Array) => Uint8Array } }).Buffer;
  return typeof nodeBuffer?.from === 'function' ? nodeBuffer.from(u8) : u8.slice();
}

export async function saveWorkbook(loaded: LoadedWorkbook, options: SaveOptions = {}): Promise<Uint8Array> {
  const gen = loaded.generated;
  const sheets = gen ? [...gen.sheets.values()].filter((g) => loaded.workbook.getWorksheet(g.name)) : [];
  // One template cell per style a generated sheet uses, so that ExcelJS registers it in styles.xml.
  // They sit on the row after the sheet's last one (ExcelJS walks its row array, so not Excel's last row).
  const templates = new Map<GeneratedSheet, { row: number; used: number[] }>();
  for (const g of sheets) {
    const ws = loaded.workbook.getWorksheet(g.name)!;
    const used = g.usedStyles();
    const row = g.lastRow() + 3;
    used.forEach((id, i) => styleCell(ws.getCell(row, i + 1), gen!.styles.specs[id]));
    templates.set(g, { row, used });
  }
  if (sheets.length === 0) return packageBytes(await loaded.workbook.xlsx.writeBuffer());
  // ExcelJS stores the parts uncompressed; fflate compresses the finished package once (JSZip's deflate took
  // seconds on the generated sheets' tens of megabytes of XML).
  const parts = unzipSync(new Uint8Array(await loaded.workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as ExcelJS.XlsxWriteOptions)));
  const text = (name: string) => strFromU8(parts[name] ?? new Uint8Array());
  const paths = sheetPaths(text('xl/workbook.xml'), text('xl/_rels/workbook.xml.rels'));
  for (const g of sheets) {
    const file = paths.get(g.name);
    if (!file || !parts[file]) throw new Error(`no part for sheet ${g.name}`);
    const xml = text(file);
    const t = templates.get(g)!;
    const row = new RegExp(`<row r="${t.row}"[^>]*>(.*?)</row>`).exec(xml);
    const xf = new Map<number, number>();
    for (const m of (row?.[1] ?? '').matchAll(/<c r="([A-Z]+)\d+"(?: s="(\d+)")?/g)) xf.set(t.used[columnIndex(m[1])], Number(m[2] ?? 0));
    const shell = /<sheetData>[\s\S]*?<\/sheetData>|<sheetData\/>/.exec(xml);
    if (!shell) throw new Error(`no sheetData in ${file}`);
    const before = xml.slice(0, shell.index).replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="${g.dimension()}"/>`);
    parts[file] = concatBytes([strToU8(before), ...g.sheetData((id) => xf.get(id) ?? 0), strToU8(xml.slice(shell.index + shell[0].length))]);
  }
  return packageBytes(options.zip ? options.zip(parts) : zipSync(parts, { level: 6 }));
}

function concatBytes(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A new workbook made from a plan for an empty one (a unit's list from split), as the bytes of an .xlsx. */
export async function buildWorkbook(plan: Plan, options: SaveOptions = {}): Promise<Uint8Array> {
  const book = newWorkbook();
  applyPlan(book, plan);
  return saveWorkbook(book, options);
}

/** Sheet name → its part in the package (xl/worksheets/sheetN.xml), from workbook.xml and its relationships. */
function sheetPaths(book: string, rels: string): Map<string, string> {
  const target = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[1])?.[1];
    const t = /\bTarget="([^"]*)"/.exec(m[1])?.[1];
    if (id && t) target.set(id, t.startsWith('/') ? t.slice(1) : `xl/${t}`);
  }
  const out = new Map<string, string>();
  for (const m of book.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const name = decodeXml(/\bname="([^"]*)"/.exec(m[1])?.[1] ?? '');
    const id = /\br:id="([^"]*)"/.exec(m[1])?.[1];
    if (id && target.has(id)) out.set(name, target.get(id)!);
  }
  return out;
}
