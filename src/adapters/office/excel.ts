// Office.js adapter: reads the workbook in one round trip and applies an engine plan in a few batched ones.
// I/O only: every decision is in the plan (and in core/plan/stage.ts for how it is staged and recovered).
// Uses only the Excel JavaScript API up to ExcelApi 1.13.
import { CellValue, MergedArea, NamedFormula, SheetGrid, WorkbookInput, a1, columnLetter, parseRange, rangeA1 } from '../../core/read/grid';
import { Plan, PlanOp, PlanValue, isFormula } from '../../core/plan/plan';
import { BORDER_COLOR, isOwnHeaderFooter } from '../../core/plan/layout';
import { isOwnRule } from '../../core/plan/rules';
import { RecoveryKind, StagedPlan, WritePhase, phases, recoveryPlan } from '../../core/plan/stage';
import { SHEET_DIRECTORY, SHEET_FEEDBACK } from '../../core/workbook';

/**
 * The API version the adapter needs: merged areas (1.13); page layout 1.9, data validation 1.8, workbook protection
 * 1.7, conditional formats 1.6, formulasR1C1 / rowHeight / autofitRows / columnHidden 1.2.
 */
export const REQUIRED_API = '1.13';

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

/**
 * One area's address ("'分工表,2023'!B4:B6") → coordinates. The range part never holds '!', so the last '!' ends the
 * sheet name whatever it contains (commas, apostrophes, '!').
 */
export function parseArea(address: string): MergedArea {
  return parseRange(address.slice(address.lastIndexOf('!') + 1));
}

// ------------------------------------------------------------------------------------------------------------ reading

/**
 * getMergedAreasOrNullObject fails on a range holding more than 512 merged areas and reports only the areas whose
 * top-left cell lies in the range (reference page; office-js#3611). So merged areas are read in bands that cannot hold
 * more than 512: each area owns its top-left cell, and all but those on a band's last row or column own a second cell
 * in the band, so a band of R rows × C columns holds at most (R·C + R + C) / 2 of them.
 */
export const MERGED_AREAS_LIMIT = 512;
/**
 * Rows per band when the width is not known yet (the first read): never over the limit up to FAST_BAND_SAFE_COLUMNS
 * columns; a wider sheet fails only with very dense merges, and then the careful read, which knows the width, runs.
 */
const FAST_BAND_ROWS = 64;
export const FAST_BAND_SAFE_COLUMNS = Math.floor((2 * MERGED_AREAS_LIMIT - FAST_BAND_ROWS) / (FAST_BAND_ROWS + 1));
/** Rows the first read covers with bands (a table of 10,000 tasks and more); longer sheets get more bands after it. */
export const FIRST_READ_ROWS = 12288;

/** Bands of at most 512 merged areas over a known block of the sheet: 0-based rows/cols, inclusive. */
export function mergeBands(top: number, left: number, rows: number, cols: number): { top: number; left: number; rows: number; cols: number }[] {
  const width = Math.max(1, Math.min(cols, 16));
  const height = Math.max(1, Math.floor((2 * MERGED_AREAS_LIMIT - width) / (width + 1)));
  const out: { top: number; left: number; rows: number; cols: number }[] = [];
  for (let r = 0; r < rows; r += height)
    for (let c = 0; c < cols; c += width) out.push({ top: top + r, left: left + c, rows: Math.min(height, rows - r), cols: Math.min(width, cols - c) });
  return out;
}

function areasOf(list: Excel.RangeAreas[]): MergedArea[] {
  return list.filter((m) => !m.isNullObject).flatMap((m) => m.areas.items.map((r) => parseArea(r.address)));
}

function grid(name: string, range: Excel.Range | null, merges: MergedArea[]): SheetGrid {
  if (!range || range.isNullObject) return { name, values: [] };
  return {
    name,
    values: range.values.map((row) => row.map(toCell)),
    formats: range.numberFormat as string[][],
    merges,
    top: range.rowIndex,
    left: range.columnIndex,
  };
}

/** Rows per read chunk are sized from the first chunk so that each response stays under this budget. */
export const READ_BUDGET = 3 * 1024 * 1024;
const FIRST_CHUNK_ROWS = 500;

/** What both ways of reading load first: sheet list, protection, names, rules and print settings of the active sheet. */
function loadFrame(context: Excel.RequestContext) {
  const wb = context.workbook;
  const sheets = wb.worksheets;
  sheets.load('items/name,items/protection/protected');
  const active = sheets.getActiveWorksheet();
  active.load('name');
  const names = wb.names;
  names.load('items/name,items/formula');
  const cfs = active.getRange().conditionalFormats;
  cfs.load('items/type,items/customOrNullObject/rule/formula');
  const protection = wb.protection.load('protected');
  const titles = active.pageLayout.getPrintTitleRowsOrNullObject();
  const headerFooter = active.pageLayout.headersFooters.defaultForAllPages.load('leftHeader,centerHeader,rightHeader,leftFooter,centerFooter,rightFooter');
  return { sheets, active, names, cfs, protection, titles, headerFooter };
}

type Frame = ReturnType<typeof loadFrame>;

function snapshotOf(frame: Frame, activeGrid: SheetGrid, dirGrid: SheetGrid, feedbackGrid: SheetGrid): Snapshot {
  const { sheets, active, names, cfs, protection, titles, headerFooter: hf } = frame;
  const activeSheet = active.name;
  const print = { titleRows: !titles.isNullObject, headerFooter: [hf.leftHeader, hf.centerHeader, hf.rightHeader, hf.leftFooter, hf.centerFooter, hf.rightFooter].some((t) => Boolean(t) && !isOwnHeaderFooter(t)) };
  const sheetGrids: SheetGrid[] = sheets.items.map((s) => {
    // Others: name only. 反馈记录 is read for 催报 and so a merge appends under its last row.
    const base = s.name === activeSheet ? { ...activeGrid, print } : s.name === SHEET_DIRECTORY ? dirGrid : s.name === SHEET_FEEDBACK ? feedbackGrid : { name: s.name, values: [] };
    return { ...base, protected: s.protection.protected };
  });
  const named: NamedFormula[] = names.items.map((n) => ({ name: n.name, formula: String(n.formula ?? '').replace(/^=/, '') }));
  return {
    input: { sheets: sheetGrids, names: named, structureProtected: protection.protected },
    activeSheet,
    names: new Map(names.items.map((n) => [n.name, n])),
    conditionalFormats: cfs.items
      .filter((f) => !f.customOrNullObject.isNullObject)
      .map((f) => ({ format: f, formula: String(f.customOrNullObject.rule.formula ?? '').replace(/^=/, '') })),
  };
}

/**
 * One round trip: sheet names and protection, workbook protection, the active sheet's used range (values, number
 * formats, merged areas in bands), its print settings and conditional formats, 单位名录, defined names. A sheet longer
 * than FIRST_READ_ROWS gets the rest of its merged areas in a second round trip. A sheet whose data would pass Excel's
 * 5 MB response limit, or any other failure of that read, leads to the careful read: the frame first, then the data in
 * chunks that each stay under the limit (a few more round trips).
 */
export async function readWorkbook(context: Excel.RequestContext): Promise<Snapshot> {
  try {
    return await readFast(context);
  } catch {
    // Too large a response, more merged areas in a band than Excel allows (a very wide sheet), or a chained
    // *OrNullObject call that this Excel refuses: read step by step, which needs none of that.
    return readCareful(context);
  }
}

async function readFast(context: Excel.RequestContext): Promise<Snapshot> {
  const frame = loadFrame(context);
  const used = frame.active.getUsedRangeOrNullObject(true);
  used.load('values,numberFormat,rowIndex,columnIndex,rowCount,columnCount');
  const first = used.getRow(0);
  const bands: Excel.RangeAreas[] = [];
  for (let r = 0; r < FIRST_READ_ROWS; r += FAST_BAND_ROWS) {
    const m = first.getOffsetRange(r, 0).getResizedRange(FAST_BAND_ROWS - 1, 0).getMergedAreasOrNullObject();
    m.load('areas/items/address');
    bands.push(m);
  }
  // Assumes a *OrNullObject call on a null object gives a null object (no Microsoft page says so): if this Excel
  // refuses it, the sync fails and the careful read, which needs no such chain, takes over.
  const dirUsed = context.workbook.worksheets.getItemOrNullObject(SHEET_DIRECTORY).getUsedRangeOrNullObject(true);
  dirUsed.load('values,numberFormat,rowIndex,columnIndex');
  await context.sync();
  // 反馈记录 only when it exists (one more round trip then): no null-object chain that some Excel refuses.
  const hasFeedback = frame.sheets.items.some((s) => s.name === SHEET_FEEDBACK) && frame.active.name !== SHEET_FEEDBACK;
  const fbUsed = hasFeedback ? context.workbook.worksheets.getItem(SHEET_FEEDBACK).getUsedRangeOrNullObject(true).load('values,numberFormat,rowIndex,columnIndex') : null;
  if (fbUsed) await context.sync();

  // Bands that answered are complete whatever the width (each area is reported by the band holding its top-left cell);
  // the width bound only keeps a band from failing.
  let merges = areasOf(bands);
  if (!used.isNullObject) {
    if (used.rowCount > FIRST_READ_ROWS) {
      const rest = readMerges(context, frame.active, mergeBands(used.rowIndex + FIRST_READ_ROWS, used.columnIndex, used.rowCount - FIRST_READ_ROWS, used.columnCount));
      await context.sync();
      merges = [...merges, ...areasOf(rest)];
    }
  }
  const activeGrid = grid(frame.active.name, used, merges);
  return snapshotOf(frame, activeGrid, grid(SHEET_DIRECTORY, dirUsed.isNullObject ? null : dirUsed, []), grid(SHEET_FEEDBACK, fbUsed, []));
}

function readMerges(context: Excel.RequestContext, sheet: Excel.Worksheet, bands: ReturnType<typeof mergeBands>): Excel.RangeAreas[] {
  return bands.map((b) => {
    const m = sheet.getRangeByIndexes(b.top, b.left, b.rows, b.cols).getMergedAreasOrNullObject();
    m.load('areas/items/address');
    return m;
  });
}

async function readCareful(context: Excel.RequestContext): Promise<Snapshot> {
  const frame = loadFrame(context);
  const used = frame.active.getUsedRangeOrNullObject(true);
  used.load('rowIndex,columnIndex,rowCount,columnCount');
  await context.sync();
  const activeSheet = frame.active.name;
  // 单位名录 only when it exists: no call through a null object.
  const dirUsed =
    frame.sheets.items.some((s) => s.name === SHEET_DIRECTORY) && activeSheet !== SHEET_DIRECTORY
      ? context.workbook.worksheets.getItem(SHEET_DIRECTORY).getUsedRangeOrNullObject(true).load('values,numberFormat,rowIndex,columnIndex')
      : null;
  const fbUsed =
    frame.sheets.items.some((s) => s.name === SHEET_FEEDBACK) && activeSheet !== SHEET_FEEDBACK
      ? context.workbook.worksheets.getItem(SHEET_FEEDBACK).getUsedRangeOrNullObject(true).load('values,numberFormat,rowIndex,columnIndex')
      : null;
  if (used.isNullObject) {
    if (dirUsed || fbUsed) await context.sync();
    return snapshotOf(frame, { name: activeSheet, values: [] }, grid(SHEET_DIRECTORY, dirUsed, []), grid(SHEET_FEEDBACK, fbUsed, []));
  }
  const { rowIndex: top, columnIndex: left, rowCount: rows, columnCount: cols } = used;
  let bands: Excel.RangeAreas[] = [];
  // Merged areas and 单位名录 travel with the first chunk of values (queued again if that chunk is retried smaller).
  const withFirst = () => {
    bands = readMerges(context, frame.active, mergeBands(top, left, rows, cols));
    dirUsed?.load('values,numberFormat,rowIndex,columnIndex');
    fbUsed?.load('values,numberFormat,rowIndex,columnIndex');
  };
  const { values, formats } = await readInChunks(context, frame.active, top, left, rows, cols, withFirst);
  return snapshotOf(frame, { name: activeSheet, values, formats, merges: areasOf(bands), top, left }, grid(SHEET_DIRECTORY, dirUsed, []), grid(SHEET_FEEDBACK, fbUsed, []));
}

/** Reads values and number formats in row chunks, each response under READ_BUDGET; `withFirst` queues more reads into the first. */
async function readInChunks(context: Excel.RequestContext, sheet: Excel.Worksheet, top: number, left: number, rows: number, cols: number, withFirst?: () => void) {
  const values: CellValue[][] = [];
  const formats: string[][] = [];
  const address = (r0: number, n: number) => rangeA1(top + r0, left, top + r0 + n - 1, left + cols - 1);
  let r = 0;
  let perChunk = Math.min(rows, FIRST_CHUNK_ROWS);
  while (r < rows) {
    const n = Math.min(perChunk, rows - r);
    const range = sheet.getRange(address(r, n));
    range.load('values,numberFormat');
    if (r === 0) withFirst?.();
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

// ------------------------------------------------------------------------------------------------------------ writing

/** Text is written with a leading apostrophe so Excel never turns it into a formula ('=', '+', '-'), number or date. */
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

/**
 * Bytes office.js sends for each op, as its request builder serialises them (buildRequestMessageBodyAndRequestFlags):
 * every getItem / getRange / format / font in the chain is an object path of its own, with an Instantiate action, and
 * every property set is an action carrying its value. Measured with the real runtime (test/office/payload.test.ts keeps
 * each estimate at or above the measure), rounded up.
 */
export const OP_BYTES: Record<PlanOp['kind'], number> = {
  addSheet: 340,
  deleteSheet: 600,
  write: 720,
  numberFormat: 640,
  bold: 900,
  columnWidth: 770,
  freeze: 990,
  defineName: 330,
  deleteName: 400,
  listValidation: 1050,
  dateValidation: 1130,
  clearConditionalFormats: 1500, // a few rules deleted
  conditionalFormat: 1900,
  fillFormula: 620,
  style: 520, // the range and its format; each property and border edge adds (styleBytes)
  fitRows: 760,
  pageSetup: 1500,
  dataBar: 1660,
  hideColumns: 620,
  renameSheet: 480,
  // Not yet measured with the runtime: set at about twice an op of the same shape (renameSheet; a range call).
  hideSheet: 960,
  merge: 1300, // unmerge of `from` and merge, each on its own range
};
/** Per cell of a write: its JSON and a separator; per row the brackets. */
const CELL_BYTES = 1;

/** Excel on the web rejects a request over 5 MB; the adapter keeps each request at most this, as office.js serialises it. */
export const DEFAULT_PAYLOAD_BUDGET = 4.5 * 1024 * 1024;

const json = (v: unknown) => utf8Bytes(JSON.stringify(v));

/** A style op: each property set is an action; font and fill are object paths of their own; each border edge is a path and three actions. */
function styleBytes(op: Extract<PlanOp, { kind: 'style' }>): number {
  const st = op.style;
  const props = [st.wrap !== undefined, st.vertical, st.horizontal, st.bold !== undefined, st.fontSize, st.fill].filter(Boolean).length;
  const a = parseRange(op.range);
  const edges = st.border ? 4 + (a.right > a.left ? 1 : 0) + (a.bottom > a.top ? 1 : 0) : 0;
  return OP_BYTES.style + 180 * props + (st.bold !== undefined || st.fontSize ? 220 : 0) + (st.fill ? 220 : 0) + 560 * edges + json(op.range);
}

function opBytes(op: PlanOp): number {
  const base = OP_BYTES[op.kind];
  switch (op.kind) {
    case 'write':
      return base + json(op.sheet);
    case 'fillFormula':
      return base + json(op.formulaR1C1) + json(op.range);
    case 'conditionalFormat':
      return base + json(op.formula) + json(op.range);
    case 'numberFormat':
      return base + json(op.format) + json(op.range);
    case 'listValidation':
      return base + 2 * json(op.items.join(',')) + json(op.range);
    case 'style':
      return styleBytes(op);
    case 'pageSetup':
      return base + json([op.setup.header ?? '', op.setup.footer ?? '']);
    case 'defineName':
      return base + json(op.name) + json(op.formula);
    case 'renameSheet':
      return base + json(op.sheet) + json(op.to);
    default:
      return base + ('sheet' in op ? json(op.sheet) : 0);
  }
}

/** Pieces of an op that each fit the budget, with the bytes each sends. Writes are cut into row chunks. */
export function sizedPieces(op: PlanOp, budget: number): { op: PlanOp; bytes: number }[] {
  if (op.kind !== 'write') return [{ op, bytes: opBytes(op) }];
  const out: { op: PlanOp; bytes: number }[] = [];
  let start = 0;
  const head = opBytes(op);
  let size = head;
  for (let i = 0; i < op.cells.length; i++) {
    const b = utf8Bytes(JSON.stringify(op.cells[i].map(encode))) + CELL_BYTES;
    if (size + b > budget && i > start) {
      out.push({ op: { ...op, top: op.top + start, cells: op.cells.slice(start, i) }, bytes: size });
      start = i;
      size = head;
    }
    size += b;
  }
  out.push({ op: start === 0 ? op : { ...op, top: op.top + start, cells: op.cells.slice(start) }, bytes: size });
  return out;
}

export interface ApplyStats {
  syncs: number;
  /** The estimate of each write round trip's request, in bytes. */
  bytes: number[];
  /** The part of a staged write each round trip belonged to. */
  phases?: WritePhase[];
}

/** A part of a staged write failed: which part, and why. */
export class WriteInterrupted extends Error {
  constructor(readonly phase: WritePhase, readonly cause: unknown, readonly stats: ApplyStats) {
    super(`write interrupted in the ${phase}`);
    this.name = 'WriteInterrupted';
  }
}

/** Where the ops go: names and rules loaded by the read (deleted before re-adding), and the table sheet. */
export interface WriteTarget {
  names: Map<string, Excel.NamedItem>;
  conditionalFormats: Snapshot['conditionalFormats'];
  activeSheet: string;
  /** For the stats: which part of a staged write is being sent. */
  phase?: WritePhase;
}

type Piece = { op: PlanOp; bytes: number };

/**
 * Applies ops (checked beforehand with assertWritable), queueing them and syncing only when the next would pass the
 * payload budget: the number of round trips grows with the amount of data, not with the rows. Everything queued is
 * synced before it returns. A failed round trip throws (the caller knows which part it was).
 */
export async function applyOps(context: Excel.RequestContext, target: WriteTarget, ops: PlanOp[], budget = DEFAULT_PAYLOAD_BUDGET, stats: ApplyStats = { syncs: 0, bytes: [] }): Promise<ApplyStats> {
  let batch: Piece[] = [];
  let size = 0;
  for (const op of ops)
    for (const piece of sizedPieces(op, budget)) {
      if (size + piece.bytes > budget && batch.length) {
        await send(context, target, batch, stats);
        batch = [];
        size = 0;
      }
      batch.push(piece);
      size += piece.bytes;
    }
  if (batch.length) await send(context, target, batch, stats);
  return stats;
}

/**
 * One round trip. A request Excel rejects as too large applies nothing (FIDELITY.md 11), so it is sent again in two
 * halves — a single write in halves of its rows — until it passes or one op alone is too large.
 */
async function send(context: Excel.RequestContext, target: WriteTarget, batch: Piece[], stats: ApplyStats): Promise<void> {
  const names = new Map(target.names);
  for (const { op } of batch) queue(context.workbook, target, op);
  try {
    await context.sync();
  } catch (e) {
    if ((e as { code?: string }).code !== 'RequestPayloadSizeLimitExceeded') throw e;
    const halves = split(batch);
    if (!halves) throw e;
    target.names.clear();
    for (const [k, v] of names) target.names.set(k, v); // the rejected request deleted and added nothing
    for (const half of halves) await send(context, target, half, stats);
    return;
  }
  stats.syncs++;
  stats.bytes.push(batch.reduce((n, p) => n + p.bytes, 0));
  if (stats.phases && target.phase) stats.phases.push(target.phase);
}

function split(batch: Piece[]): [Piece[], Piece[]] | null {
  if (batch.length > 1) return [batch.slice(0, batch.length >> 1), batch.slice(batch.length >> 1)];
  const { op, bytes } = batch[0];
  if (op.kind !== 'write' || op.cells.length < 2) return null;
  const pieces = sizedPieces(op, Math.ceil(bytes / 2) + OP_BYTES.write);
  return pieces.length > 1 ? [pieces.slice(0, 1), pieces.slice(1)] : null;
}

/**
 * A staged plan in its three parts (core/plan/stage.ts), each sent only after the one before has returned: the swap
 * never travels with the build, so a failure can never swap half-built sheets into place.
 */
export async function applyStaged(context: Excel.RequestContext, snapshot: Snapshot, staged: StagedPlan, budget?: number): Promise<ApplyStats> {
  const stats: ApplyStats = { syncs: 0, bytes: [], phases: [] };
  const target: WriteTarget = { names: new Map(snapshot.names), conditionalFormats: snapshot.conditionalFormats, activeSheet: snapshot.activeSheet };
  for (const { phase, ops } of phases(staged)) {
    target.phase = phase;
    try {
      await applyOps(context, target, ops, budget, stats);
    } catch (e) {
      throw new WriteInterrupted(phase, e, stats);
    }
  }
  return stats;
}

/** A plain plan (tests and tools): no staging. */
export function applyPlan(context: Excel.RequestContext, snapshot: Snapshot, plan: Plan, budget?: number): Promise<ApplyStats> {
  return applyOps(context, { names: new Map(snapshot.names), conditionalFormats: snapshot.conditionalFormats, activeSheet: snapshot.activeSheet }, plan.ops, budget);
}

/**
 * After a part of a staged write failed: reads which sheets and names exist now and writes what core/plan/stage.ts
 * decides (undo the build, or finish the swap). Returns what was done, or 'stuck' when that failed too.
 */
export async function recover(context: Excel.RequestContext, staged: StagedPlan, phase: WritePhase): Promise<RecoveryKind | 'stuck'> {
  // No sheet added or deleted: nothing to undo or finish, only cells and names that a re-run writes again.
  if (!staged.temps.length && !staged.deletes.length) return 'partial';
  try {
    const sheets = context.workbook.worksheets.load('items/name');
    const names = context.workbook.names.load('items/name');
    await context.sync();
    const { plan, kind } = recoveryPlan(staged, phase, { sheets: sheets.items.map((s) => s.name), names: names.items.map((n) => n.name) });
    if (plan.ops.length) await applyOps(context, { names: new Map(names.items.map((n) => [n.name, n])), conditionalFormats: [], activeSheet: '' }, plan.ops);
    return kind;
  } catch {
    return 'stuck';
  }
}

export function queue(wb: Excel.Workbook, { names, conditionalFormats, activeSheet }: WriteTarget, op: PlanOp): void {
  const sheet = (n: string) => wb.worksheets.getItem(n);
  switch (op.kind) {
    case 'addSheet':
      wb.worksheets.add(op.sheet);
      return;
    case 'deleteSheet': {
      // Deleting a very hidden sheet fails (reference Worksheet.delete: "first change its visibility"): show it first.
      const ws = sheet(op.sheet);
      ws.visibility = 'Visible' as Excel.SheetVisibility;
      ws.delete();
      return;
    }
    case 'write': {
      // A loop, not Math.max(...): a write of 200,000 rows would overflow the call stack.
      const width = op.cells.reduce((w, r) => Math.max(w, r.length), 1);
      const rows = op.cells.map((r) => Array.from({ length: width }, (_, i) => encode(r[i] ?? '')));
      sheet(op.sheet).getRange(rangeA1(op.top, op.left, op.top + rows.length - 1, op.left + width - 1)).formulas = rows;
      return;
    }
    case 'numberFormat':
      // One value for the whole range: Excel applies it to every cell (see the fake's writeMatrix for the sources).
      (sheet(op.sheet).getRange(op.range) as unknown as { numberFormat: string }).numberFormat = op.format;
      return;
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
      names.set(op.name, wb.names.add(op.name, `=${op.formula}`));
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
      if (op.sheet !== activeSheet) return; // only the table sheet carries our rules among user sheets
      // Matched by a key that survives Excel rewriting the formula (core/plan/rules.ts), not by exact text.
      for (const cf of conditionalFormats) if (isOwnRule(cf.formula, op)) cf.format.delete();
      return;
    case 'conditionalFormat': {
      const cf = sheet(op.sheet).getRange(op.range).conditionalFormats.add('Custom' as Excel.ConditionalFormatType);
      cf.custom.rule.formula = `=${op.formula}`;
      cf.custom.format.fill.color = op.style.fill;
      cf.custom.format.font.color = op.style.font;
      return;
    }
    case 'fillFormula':
      // One R1C1 formula for every cell of the range, sent once.
      (sheet(op.sheet).getRange(op.range) as unknown as { formulasR1C1: string }).formulasR1C1 = op.formulaR1C1;
      return;
    case 'style': {
      const range = sheet(op.sheet).getRange(op.range);
      const st = op.style;
      if (st.wrap !== undefined) range.format.wrapText = st.wrap;
      if (st.vertical) range.format.verticalAlignment = (st.vertical === 'top' ? 'Top' : 'Center') as Excel.VerticalAlignment;
      if (st.horizontal) range.format.horizontalAlignment = ({ left: 'Left', center: 'Center', right: 'Right' } as const)[st.horizontal] as Excel.HorizontalAlignment;
      if (st.bold !== undefined) range.format.font.bold = st.bold;
      if (st.fontSize) range.format.font.size = st.fontSize;
      if (st.fill) range.format.fill.color = st.fill;
      if (st.border) {
        const a = parseRange(op.range);
        const edges = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', ...(a.right > a.left ? ['InsideVertical'] : []), ...(a.bottom > a.top ? ['InsideHorizontal'] : [])];
        for (const edge of edges) {
          const b = range.format.borders.getItem(edge as Excel.BorderIndex);
          b.style = 'Continuous' as Excel.BorderLineStyle;
          b.weight = 'Thin' as Excel.BorderWeight;
          b.color = BORDER_COLOR;
        }
      }
      return;
    }
    case 'fitRows':
      // Excel measures the text itself; the heights in the op are for writers that cannot.
      if (op.heights.length) sheet(op.sheet).getRange(`${op.top + 1}:${op.top + op.heights.length}`).format.autofitRows();
      return;
    case 'pageSetup': {
      const layout = sheet(op.sheet).pageLayout;
      const s = op.setup;
      if (s.landscape) layout.orientation = 'Landscape' as Excel.PageOrientation;
      if (s.a4) layout.paperSize = 'A4' as Excel.PaperType;
      // One page wide, any number tall: 0 pages tall means "automatic" (fitToHeight="0" in the file).
      if (s.fitToWidth) layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      if (s.sideMargins !== undefined) [layout.leftMargin, layout.rightMargin] = [s.sideMargins, s.sideMargins];
      if (s.titleRows) layout.setPrintTitleRows(`$${s.titleRows.top + 1}:$${s.titleRows.bottom + 1}`);
      // Footer first: a run cut off in between leaves only our footer, which a re-run knows as its own.
      if (s.footer !== undefined) layout.headersFooters.defaultForAllPages.centerFooter = s.footer;
      if (s.header !== undefined) layout.headersFooters.defaultForAllPages.centerHeader = s.header;
      return;
    }
    case 'dataBar': {
      const cf = sheet(op.sheet).getRange(op.range).conditionalFormats.add('DataBar' as Excel.ConditionalFormatType);
      cf.dataBar.lowerBoundRule = { type: 'Number' as Excel.ConditionalFormatRuleType, formula: String(op.min) };
      cf.dataBar.upperBoundRule = { type: 'Number' as Excel.ConditionalFormatRuleType, formula: String(op.max) };
      cf.dataBar.positiveFormat.fillColor = op.color;
      cf.dataBar.positiveFormat.gradientFill = false;
      return;
    }
    case 'hideSheet':
      sheet(op.sheet).visibility = 'Hidden' as Excel.SheetVisibility;
      return;
    case 'merge':
      if (op.from) sheet(op.sheet).getRange(op.from).unmerge();
      sheet(op.sheet).getRange(op.range).merge(false);
      return;
    case 'hideColumns':
      sheet(op.sheet).getRange(`${columnLetter(op.col)}:${columnLetter(op.col + op.count - 1)}`).columnHidden = true;
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
