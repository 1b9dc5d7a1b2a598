// Office.js adapter: reads the workbook in one round trip and applies an engine plan in a few batched ones.
// I/O only: every decision is in the plan. Uses only the Excel JavaScript API (ExcelApi ≤ 1.13).
import { CellValue, MergedArea, NamedFormula, SheetGrid, WorkbookInput, a1, parseRange, rangeA1 } from '../../core/grid';
import { Plan, PlanOp, PlanValue, isFormula } from '../../core/plan';
import { SHEET_DIRECTORY } from '../../core/workbook';

/** The API version the adapter needs: merged areas (1.13); conditional formats 1.6, data validation 1.8. */
export const REQUIRED_API = '1.13';

/** Excel on the web rejects a request over 5 MB; stay well under it, leaving room for the request envelope. */
export const DEFAULT_PAYLOAD_BUDGET = 3.5 * 1024 * 1024;

export class HostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostError';
  }
}

export interface Snapshot {
  input: WorkbookInput;
  activeSheet: string;
  /** Loaded named items, to delete before re-adding (names.add fails on an existing name). */
  names: Map<string, Excel.NamedItem>;
  /** Loaded conditional formats of the active sheet, with their formulas (custom rules only). */
  conditionalFormats: { format: Excel.ConditionalFormat; formula: string }[];
}

const ERROR_TEXT = /^#(REF!|N\/A|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/;

function toCell(v: unknown): CellValue {
  if (v === '' || v === null || v === undefined) return null;
  if (typeof v === 'string') return ERROR_TEXT.test(v) ? { error: v } : v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

/** "Sheet1!A2:F2, 'My sheet'!B4:B8" → areas. */
export function parseAreas(address: string): MergedArea[] {
  return address
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a) => parseRange(a.slice(a.lastIndexOf('!') + 1)));
}

function grid(name: string, range: Excel.Range | null, merged: Excel.RangeAreas | null): SheetGrid {
  if (!range || range.isNullObject) return { name, values: [] };
  return {
    name,
    values: range.values.map((row) => row.map(toCell)),
    formats: range.numberFormat as string[][],
    merges: merged && !merged.isNullObject ? parseAreas(merged.address) : [],
    top: range.rowIndex,
    left: range.columnIndex,
  };
}

/** Rows per read chunk are sized from the first chunk so that each response stays under this budget. */
export const READ_BUDGET = 3 * 1024 * 1024;
const FIRST_CHUNK_ROWS = 500;

/**
 * One round trip: sheet names and protection, the active sheet's used range (values, number formats,
 * merged areas), 单位名录, defined names and the active sheet's conditional formats. A sheet whose data
 * would pass Excel's 5 MB response limit is read again in row chunks (a few more round trips).
 */
export async function readWorkbook(context: Excel.RequestContext): Promise<Snapshot> {
  try {
    return await readOnce(context, false);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ResponsePayloadSizeLimitExceeded') throw e;
    return readOnce(context, true);
  }
}

async function readOnce(context: Excel.RequestContext, chunked: boolean): Promise<Snapshot> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/protection/protected');
  const active = sheets.getActiveWorksheet();
  active.load('name');
  const used = active.getUsedRangeOrNullObject(true);
  used.load(chunked ? 'rowIndex,columnIndex,rowCount,columnCount' : 'values,numberFormat,rowIndex,columnIndex');
  const merged = used.getMergedAreasOrNullObject();
  merged.load('address');
  const dirSheet = sheets.getItemOrNullObject(SHEET_DIRECTORY);
  const dirUsed = dirSheet.getUsedRangeOrNullObject(true);
  dirUsed.load('values,numberFormat,rowIndex,columnIndex');
  const names = context.workbook.names;
  names.load('items/name,items/formula');
  const cfs = active.getRange().conditionalFormats;
  cfs.load('items/type,items/customOrNullObject/rule/formula');
  await context.sync();

  const activeSheet = active.name;
  let activeGrid: SheetGrid;
  if (!chunked || used.isNullObject) activeGrid = grid(activeSheet, used, merged);
  else {
    const { values, formats } = await readInChunks(context, active, used.rowIndex, used.columnIndex, used.rowCount, used.columnCount);
    activeGrid = {
      name: activeSheet,
      values,
      formats,
      merges: merged.isNullObject ? [] : parseAreas(merged.address),
      top: used.rowIndex,
      left: used.columnIndex,
    };
  }
  const dirGrid = grid(SHEET_DIRECTORY, dirUsed.isNullObject ? null : dirUsed, null);
  const sheetGrids: SheetGrid[] = sheets.items.map((s) => {
    const base = s.name === activeSheet ? activeGrid : s.name === SHEET_DIRECTORY ? dirGrid : { name: s.name, values: [] }; // others: name only
    return { ...base, protected: s.protection.protected };
  });
  const named: NamedFormula[] = names.items.map((n) => ({ name: n.name, formula: String(n.formula ?? '').replace(/^=/, '') }));
  return {
    input: { sheets: sheetGrids, names: named },
    activeSheet,
    names: new Map(names.items.map((n) => [n.name, n])),
    conditionalFormats: cfs.items
      .filter((f) => !f.customOrNullObject.isNullObject)
      .map((f) => ({ format: f, formula: String(f.customOrNullObject.rule.formula ?? '').replace(/^=/, '') })),
  };
}

/** Reads values and number formats in row chunks, each response under READ_BUDGET. */
async function readInChunks(context: Excel.RequestContext, sheet: Excel.Worksheet, top: number, left: number, rows: number, cols: number) {
  const values: CellValue[][] = [];
  const formats: string[][] = [];
  const address = (r0: number, n: number) => rangeA1(top + r0, left, top + r0 + n - 1, left + cols - 1);
  let r = 0;
  let perChunk = Math.min(rows, FIRST_CHUNK_ROWS);
  while (r < rows) {
    const n = Math.min(perChunk, rows - r);
    const range = sheet.getRange(address(r, n));
    range.load('values,numberFormat');
    try {
      await context.sync();
    } catch (e) {
      // Rows larger than the estimate: halve the chunk and try again; a single row too large is final.
      if ((e as { code?: string }).code !== 'ResponsePayloadSizeLimitExceeded' || n === 1) throw e;
      perChunk = Math.ceil(n / 2);
      continue;
    }
    for (const row of range.values) values.push(row.map(toCell));
    for (const row of range.numberFormat as string[][]) formats.push(row);
    const bytes = utf8Bytes(JSON.stringify(range.values)) + utf8Bytes(JSON.stringify(range.numberFormat));
    perChunk = Math.max(1, Math.floor((READ_BUDGET / Math.max(1, bytes)) * n));
    r += n;
  }
  return { values, formats };
}

/** Text is written with a leading apostrophe so Excel never turns it into a formula, number or date. */
function encode(v: PlanValue): string | number | boolean {
  if (isFormula(v)) return v.formula;
  if (v === null || v === '') return '';
  if (typeof v === 'string') return `'${v}`;
  return v;
}

function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

const OP_OVERHEAD = 100; // bytes of a request's envelope per op, roughly

/**
 * Pieces of an op that each fit the budget, with the rough size each sends (JSON of its cells). Writes and
 * number formats are cut into row chunks; each row is measured once.
 */
function sizedPieces(op: PlanOp, budget: number): { op: PlanOp; bytes: number }[] {
  if (op.kind === 'numberFormat') {
    const a = parseRange(op.range);
    const perRow = (a.right - a.left + 1) * (op.format.length + 3);
    const rows = Math.max(1, Math.floor((budget - OP_OVERHEAD) / perRow));
    const out: { op: PlanOp; bytes: number }[] = [];
    for (let r = a.top; r <= a.bottom; r += rows) {
      const bottom = Math.min(a.bottom, r + rows - 1);
      out.push({ op: { ...op, range: rangeA1(r, a.left, bottom, a.right) }, bytes: (bottom - r + 1) * perRow + OP_OVERHEAD });
    }
    return out;
  }
  if (op.kind !== 'write') return [{ op, bytes: 2 * OP_OVERHEAD }];
  const out: { op: PlanOp; bytes: number }[] = [];
  let start = 0;
  let size = OP_OVERHEAD;
  for (let i = 0; i < op.cells.length; i++) {
    const b = utf8Bytes(JSON.stringify(op.cells[i].map(encode))) + 1;
    if (size + b > budget && i > start) {
      out.push({ op: { ...op, top: op.top + start, cells: op.cells.slice(start, i) }, bytes: size });
      start = i;
      size = OP_OVERHEAD;
    }
    size += b;
  }
  out.push({ op: start === 0 ? op : { ...op, top: op.top + start, cells: op.cells.slice(start) }, bytes: size });
  return out;
}

export interface ApplyStats {
  syncs: number;
  bytes: number[];
}

/**
 * Applies a plan (checked beforehand with assertWritable): queues ops and syncs only when the next op would pass
 * the payload budget, so the number of round trips grows with the amount of data, not with the rows.
 */
export async function applyPlan(context: Excel.RequestContext, snapshot: Snapshot, plan: Plan, budget = DEFAULT_PAYLOAD_BUDGET): Promise<ApplyStats> {
  const stats: ApplyStats = { syncs: 0, bytes: [] };
  const wb = context.workbook;
  const names = new Map(snapshot.names);
  let pending = 0;
  const flush = async () => {
    if (pending === 0) return;
    await context.sync();
    stats.syncs++;
    stats.bytes.push(pending);
    pending = 0;
  };
  for (const whole of plan.ops) {
    for (const { op, bytes } of sizedPieces(whole, budget)) {
      if (pending + bytes > budget) await flush();
      queue(wb, names, snapshot, op);
      pending += bytes;
    }
  }
  await flush();
  return stats;
}

function queue(wb: Excel.Workbook, names: Map<string, Excel.NamedItem>, snapshot: Snapshot, op: PlanOp): void {
  const sheet = (n: string) => wb.worksheets.getItem(n);
  switch (op.kind) {
    case 'addSheet':
      wb.worksheets.add(op.sheet);
      return;
    case 'deleteSheet':
      sheet(op.sheet).delete();
      return;
    case 'write': {
      const width = Math.max(1, ...op.cells.map((r) => r.length));
      const rows = op.cells.map((r) => Array.from({ length: width }, (_, i) => encode(r[i] ?? '')));
      sheet(op.sheet).getRange(rangeA1(op.top, op.left, op.top + rows.length - 1, op.left + width - 1)).formulas = rows;
      return;
    }
    case 'numberFormat': {
      const a = parseRange(op.range);
      const fmt = Array.from({ length: a.bottom - a.top + 1 }, () => Array<string>(a.right - a.left + 1).fill(op.format));
      sheet(op.sheet).getRange(op.range).numberFormat = fmt;
      return;
    }
    case 'bold':
      sheet(op.sheet).getRange(op.range).format.font.bold = true;
      return;
    case 'columnWidth':
      // The plan speaks in characters; Excel's API in points (≈ 6 pt per character of the default font).
      sheet(op.sheet).getRange(a1(0, op.col)).format.columnWidth = op.width * 6;
      return;
    case 'freeze':
      if (op.cols === 0) sheet(op.sheet).freezePanes.freezeRows(op.rows);
      else sheet(op.sheet).freezePanes.freezeAt(sheet(op.sheet).getRange(rangeA1(0, 0, Math.max(1, op.rows) - 1, op.cols - 1)));
      return;
    case 'defineName': {
      names.get(op.name)?.delete();
      names.delete(op.name);
      wb.names.add(op.name, `=${op.formula}`);
      return;
    }
    case 'deleteName':
      names.get(op.name)?.delete();
      names.delete(op.name);
      return;
    case 'listValidation': {
      const dv = sheet(op.sheet).getRange(op.range).dataValidation;
      dv.clear();
      dv.rule = { list: { inCellDropDown: true, source: op.items.join(',') } };
      dv.errorAlert = { showAlert: true, style: 'Stop' as Excel.DataValidationAlertStyle, title: '完成状态', message: `请从下拉列表选择：${op.items.join('、')}` };
      return;
    }
    case 'dateValidation': {
      const dv = sheet(op.sheet).getRange(op.range).dataValidation;
      dv.clear();
      dv.rule = { date: { formula1: '1900-01-01', operator: 'GreaterThan' as Excel.DataValidationOperator } };
      dv.errorAlert = { showAlert: true, style: 'Stop' as Excel.DataValidationAlertStyle, title: '实际完成日期', message: '请输入日期，如 2023-06-30' };
      return;
    }
    case 'clearConditionalFormats':
      if (op.sheet !== snapshot.activeSheet) return; // only the table sheet carries our rules among user sheets
      for (const cf of snapshot.conditionalFormats) {
        if (cf.formula.includes(op.mentions) || op.formulas.includes(cf.formula)) cf.format.delete();
      }
      return;
    case 'conditionalFormat': {
      const cf = sheet(op.sheet).getRange(op.range).conditionalFormats.add('Custom' as Excel.ConditionalFormatType);
      cf.custom.rule.formula = `=${op.formula}`;
      cf.custom.format.fill.color = op.style.fill;
      cf.custom.format.font.color = op.style.font;
      return;
    }
    case 'fillFormula':
    case 'style':
    case 'fitRows':
    case 'pageSetup':
    case 'dataBar':
    case 'hideColumns':
    case 'renameSheet':
      throw new Error(`plan op ${op.kind} is not implemented in the Office adapter yet`);
    default: {
      const never: never = op;
      throw new Error(`unknown plan op ${(never as PlanOp).kind}`);
    }
  }
}
