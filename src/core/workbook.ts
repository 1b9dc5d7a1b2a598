// Workbook-level facts: which sheet holds the table, which sheets are ours, the directory sheet, 基准日期.
import { Analysis, analyzeRecognized } from './check/analyze';
import { excelSerialToIso } from './read/deadline';
import { DirectoryIssue, directoryIssues } from './check/directory';
import { Plan, sheetsTouched } from './plan/plan';
import { GridReader, SheetGrid, WorkbookInput, a1, cellText, columnIndex, columnLetter, quoteSheet } from './read/grid';
import { ColumnMap, ColumnMapping, ROLES, Role, explainNoTable, recognize } from './read/recognize';
import { Directory, DirectoryGroup, DirectoryUnit, Finding, IsoDate } from './types';
import { normalizeUnitName, splitUnits } from './read/units';

export const AS_OF_NAME = '基准日期';
export const MARKER_PREFIX = '_fengong_';
export const SHEET_SUMMARY = '汇总';
export const SHEET_DETAIL = '任务明细';
export const SHEET_DIRECTORY = '单位名录';
/** Every reply merged into the master is kept here (cycle/records). */
export const SHEET_FEEDBACK = '反馈记录';
export const STATUS_HEADERS = ['完成状态', '实际完成日期', '进展情况', '截止日期', '剩余天数'] as const;
export const STATUSES = ['未开始', '进行中', '已完成', '暂缓'] as const;
export const DIRECTORY_HEADERS = ['单位', '类型', '别名', '所属分组'] as const;

export type SheetRole = 'summary' | 'detail' | 'directory' | 'unit' | 'findings';

/** The marker name for a generated sheet; a defined name pointing at its A1 survives save, e-mail and rename. */
export function markerName(role: SheetRole, index = 0): string {
  return role === 'unit' ? `${MARKER_PREFIX}unit_${index}` : `${MARKER_PREFIX}${role}`;
}

/** Sheets this product generated, by marker name: sheet name → { role, marker }. */
export function ownSheets(wb: WorkbookInput): Map<string, { role: SheetRole; marker: string }> {
  const out = new Map<string, { role: SheetRole; marker: string }>();
  const sheetNames = new Set(wb.sheets.map((s) => s.name));
  for (const n of wb.names) {
    if (!n.name.startsWith(MARKER_PREFIX)) continue;
    const role = /^_fengong_(summary|detail|directory|unit|findings)/.exec(n.name)?.[1] as SheetRole | undefined;
    const sheet = sheetOfReference(n.formula);
    if (role && sheet !== null && sheetNames.has(sheet)) out.set(sheet, { role, marker: n.name });
  }
  return out;
}

/** "'My ''x'' sheet'!$A$1" → "My 'x' sheet"; null for anything that is not a sheet reference. */
export function sheetOfReference(formula: string): string | null {
  const f = formula.replace(/^=/, '').trim();
  const quoted = /^'((?:[^']|'')+)'!/.exec(f);
  if (quoted) return quoted[1].replace(/''/g, "'");
  const bare = /^([^'!:\\/?*[\]]+)!/.exec(f);
  return bare ? bare[1] : null;
}

/** Why a file could not be read as a workbook, for the CLI's refusal and the task pane's merge report. */
export function notAWorkbook(fileName: string): string {
  return `“${fileName}”不是可读取的 Excel 工作簿（.xlsx）：文件可能已损坏，或是其他格式（如 .xls、.csv）。请在 Excel 中另存为 .xlsx 后再试。`;
}

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export interface Located {
  grid: SheetGrid;
  analysis: Analysis;
}

/** The user's column mapping is kept in the workbook as a defined name holding a text constant. */
export const MAPPING_NAME = `${MARKER_PREFIX}mapping`;

/** Mapping text: "Sheet name|headerRow|seq=A;task=B;…" (headerRow 1-based). */
export function mappingFormula(sheet: string, mapping: ColumnMapping): string {
  const cols = ROLES.filter((r) => mapping.columns[r] !== undefined).map((r) => `${r}=${columnLetter(mapping.columns[r]!)}`);
  const row = mapping.headerRow === undefined ? '' : String(mapping.headerRow + 1);
  return `"${`${sheet}|${row}|${cols.join(';')}`.replace(/"/g, '""')}"`;
}

/** "seq=A,task=B,lead=D" (the CLI's --map) → columns; a Chinese InputError naming what is wrong. */
export function parseColumnMap(text: string): ColumnMap {
  const columns: ColumnMap = {};
  for (const part of text.split(/[,，;；]/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z]+)\s*=\s*([A-Za-z]{1,3})$/.exec(part);
    if (!m || !(ROLES as string[]).includes(m[1])) throw new InputError(`--map 中的“${part}”看不懂：应写成 角色=列号，角色为 ${ROLES.join('、')} 之一，如 --map task=B,lead=D,deadline=F。`);
    if (columns[m[1] as Role] !== undefined) throw new InputError(`--map 中“${m[1]}”出现了两次：每项只能对应一列。`);
    columns[m[1] as Role] = columnIndex(m[2]);
  }
  if (Object.keys(columns).length === 0) throw new InputError('--map 至少要指定一列，如 --map task=B,lead=D,deadline=F。');
  const cols = Object.values(columns);
  if (new Set(cols).size !== cols.length) throw new InputError('--map 中同一列不能同时对应两项（如“牵头单位”和“配合单位”）。');
  return columns;
}

export function readMapping(wb: WorkbookInput, sheet: string): ColumnMapping | undefined {
  const n = wb.names.find((x) => x.name === MAPPING_NAME);
  const m = n && /^"(.*)"$/.exec(n.formula.replace(/^=/, '').trim());
  if (!m) return undefined;
  const [name, row, cols] = m[1].replace(/""/g, '"').split('|');
  if (name !== sheet || !/^\d*$/.test(row ?? '')) return undefined;
  const columns: ColumnMap = {};
  for (const part of (cols ?? '').split(';')) {
    const [role, letter] = part.split('=');
    if ((ROLES as string[]).includes(role) && /^[A-Z]{1,3}$/.test(letter ?? '')) columns[role as Role] = columnIndex(letter);
  }
  return { ...(row ? { headerRow: Number(row) - 1 } : {}), columns };
}

/** What a sheet needs for the table to be found, said the same way by every surface. */
export const TABLE_REQUIREMENT = '需要一行表头，表头下有任务行；表格要有任务列（如“目标任务”“重点工作”），以及单位列（如“牵头单位”“责任单位”）或完成时限列之一。';

/** How to point at the table when recognition cannot, said the same way by every surface. */
export const HOW_TO_MAP = '请在任务窗格“表格”页的“更正列对应”中指定表头所在的行和各列，或在命令行用 --map task=B,lead=D,deadline=F --header-row 3 指出表格位置。';

/** The add-in's refusal when the active sheet holds no table: what was missing, and where to point at the table. */
export function noTableOnSheet(grid: SheetGrid): string {
  return `当前工作表“${grid.name}”中没有找到责任分工表：该工作表${explainNoTable(grid)}。${TABLE_REQUIREMENT}请切换到分工表所在的工作表，或在任务窗格“表格”页的“更正列对应”中指定表头所在的行和各列。工作簿未作任何改动。`;
}

export interface LocateOptions {
  /** 基准日期, for the table's year when the sheet gives none. */
  asOf?: IsoDate;
  /** Where the table is, as the user says (CLI --map/--header-row); wins over the workbook's saved mapping. */
  mapping?: ColumnMapping;
}

/** Finds the sheet holding the table (never a generated one) and analyzes it with the workbook's directory. */
export function locateTable(wb: WorkbookInput, sheetName?: string, options: LocateOptions = {}): Located {
  const own = ownSheets(wb);
  if (sheetName && own.has(sheetName)) throw new InputError(`工作表“${sheetName}”是分工表助手生成的，请先切换到责任分工表所在的工作表。`);
  const directory = readDirectory(wb);
  const candidates = sheetName ? wb.sheets.filter((s) => s.name === sheetName) : wb.sheets.filter((s) => !own.has(s.name) && s.name !== SHEET_DIRECTORY && s.name !== SHEET_FEEDBACK);
  if (sheetName && candidates.length === 0) throw new InputError(`工作簿中没有名为“${sheetName}”的工作表。`);
  const reasons: string[] = [];
  for (const grid of candidates) {
    const mapping = options.mapping ?? readMapping(wb, grid.name);
    const outside = options.mapping && mappedOutside(grid, options.mapping);
    if (outside) {
      reasons.push(`工作表“${grid.name}”${outside}`);
      continue;
    }
    const recognition = recognize(grid, mapping);
    if (recognition && recognition.tasks.length > 0) {
      const firstAdded = storedFirstAdded(wb) ?? undefined;
      const analysis = analyzeRecognized(grid, recognition, { directory: directory ?? undefined, fileName: wb.fileName, asOf: options.asOf, firstAdded });
      // A loop or a name claimed twice in 单位名录 silently changes the counts: say so, on the 单位名录 sheet.
      analysis.findings.push(...directoryFindings(wb));
      return { grid, analysis };
    }
    const why = recognition ? '的表头下没有任务行' : mapping ? '中按指定的列没有读到表头和任务行' : explainNoTable(grid);
    reasons.push(`工作表“${grid.name}”${why}`);
  }
  const detail = reasons.slice(0, 3).join('；') + (reasons.length > 3 ? `；另有 ${reasons.length - 3} 个工作表也没有` : '');
  const where = sheetName ? `工作表“${sheetName}”中` : '任何工作表中';
  throw new InputError(`没有在${where}找到责任分工表：${detail}。${TABLE_REQUIREMENT}${HOW_TO_MAP}工作簿未作任何改动。`);
}

/** Why a mapping cannot fit the sheet (a column right of its used range), or null. */
function mappedOutside(grid: SheetGrid, mapping: ColumnMapping): string | null {
  const g = new GridReader(grid);
  const out = ROLES.filter((r) => mapping.columns[r] !== undefined && (mapping.columns[r]! > g.right || mapping.columns[r]! < g.left));
  if (out.length === 0) return null;
  const named = out.map((r) => `${r}=${columnLetter(mapping.columns[r]!)}`).join('、');
  return `的已用区域为 ${columnLetter(g.left)}–${columnLetter(g.right)} 列，--map 中的 ${named} 在它之外`;
}

/** Refuses a plan that would write to a protected sheet, or add, delete or rename sheets in a workbook whose structure is protected — before anything is written. */
export function assertWritable(plan: Plan, wb: WorkbookInput): void {
  if (wb.structureProtected && plan.ops.some((op) => op.kind === 'addSheet' || op.kind === 'deleteSheet' || op.kind === 'renameSheet'))
    throw new InputError('工作簿的结构受保护，无法添加或删除工作表。请先在“审阅 > 保护工作簿”中取消保护，再重试。工作簿未作任何改动。');
  const locked = new Set(wb.sheets.filter((s) => s.protected).map((s) => s.name));
  const blocked = sheetsTouched(plan).filter((s) => locked.has(s));
  if (blocked.length) throw new InputError(`工作表“${blocked.join('”“')}”受保护，无法写入。请先在“审阅 > 撤消工作表保护”中取消保护，再重试。工作簿未作任何改动。`);
}

/** The workbook's own directory sheet, or null when it has none. */
export function readDirectory(wb: WorkbookInput): Directory | null {
  const grid = directoryGrid(wb);
  return grid ? parseDirectorySheet(grid) : null;
}

function directoryGrid(wb: WorkbookInput): SheetGrid | undefined {
  const own = ownSheets(wb);
  return wb.sheets.find((s) => own.get(s.name)?.role === 'directory') ?? wb.sheets.find((s) => s.name === SHEET_DIRECTORY);
}

/** The header row of a 单位名录 sheet and the column of each DIRECTORY_HEADERS label (-1 when absent). */
function directoryLayout(g: GridReader): { headerRow: number; cols: number[] } | null {
  for (let r = g.top; r <= Math.min(g.bottom, g.top + 10); r++) {
    const labels = Array.from({ length: g.colCount }, (_, i) => g.text(r, g.left + i).replace(/\s/g, ''));
    const idx = DIRECTORY_HEADERS.map((h) => labels.indexOf(h));
    if (idx[0] >= 0) return { headerRow: r, cols: idx.map((i) => (i < 0 ? -1 : g.left + i)) };
  }
  return null;
}

const DIRECTORY_CODES: Record<DirectoryIssue['kind'], string> = {
  'group-loop': 'unit.directory-loop',
  'duplicate-name': 'unit.directory-duplicate',
  'duplicate-alias': 'unit.directory-duplicate',
  'unknown-member': 'unit.directory-unknown-member',
};

/**
 * directoryIssues of the workbook's 单位名录 as warnings. The cell ("单位名录!A5") is the group's own row for a
 * loop, and the later of two claims for a duplicate; "单位名录!A1" when it cannot be placed.
 */
export function directoryFindings(wb: WorkbookInput): Finding[] {
  const grid = directoryGrid(wb);
  const dir = grid ? parseDirectorySheet(grid) : null;
  if (!grid || !dir) return [];
  const g = new GridReader(grid);
  const { headerRow, cols } = directoryLayout(g)!;
  const sheet = /^[\p{L}\p{N}_.]+$/u.test(grid.name) ? grid.name : quoteSheet(grid.name);
  const claims = (text: string, aliasesToo: boolean): string[] => {
    const hits: string[] = [];
    for (let r = headerRow + 1; r <= g.bottom; r++) {
      if (normalizeUnitName(g.text(r, cols[0])) === text) hits.push(a1(r, cols[0]));
      else if (aliasesToo && cols[2] >= 0 && splitUnits(g.text(r, cols[2])).includes(text)) hits.push(a1(r, cols[2]));
    }
    return hits;
  };
  return directoryIssues(dir).map((issue) => {
    const hits = claims(issue.name, issue.kind.startsWith('duplicate'));
    const cell = (issue.kind.startsWith('duplicate') ? hits[hits.length - 1] : hits[0]) ?? 'A1';
    return { cell: `${sheet}!${cell}`, severity: 'warning', code: DIRECTORY_CODES[issue.kind], message: issue.message, suggestions: [] };
  });
}

/** Reads 单位 | 类型 | 别名 | 所属分组 rows. Unknown layouts give null (the built-in directory is used). */
export function parseDirectorySheet(grid: SheetGrid): Directory | null {
  const g = new GridReader(grid);
  const layout = directoryLayout(g);
  if (!layout) return null;
  const { headerRow, cols } = layout;
  const units: DirectoryUnit[] = [];
  const groups: DirectoryGroup[] = [];
  const memberOf: [string, string][] = [];
  const list = (r: number, c: number) => (c < 0 ? [] : splitUnits(g.text(r, c)));
  for (let r = headerRow + 1; r <= g.bottom; r++) {
    const name = normalizeUnitName(g.text(r, cols[0]));
    if (!name) continue;
    const isGroup = cols[1] >= 0 && /分组|组/.test(g.text(r, cols[1]));
    const aliases = list(r, cols[2]);
    if (isGroup) groups.push({ name, aliases, members: null });
    else units.push({ name, aliases });
    for (const grp of list(r, cols[3])) memberOf.push([name, grp]);
  }
  for (const [member, grpName] of memberOf) {
    let grp = groups.find((x) => x.name === grpName);
    if (!grp) groups.push((grp = { name: grpName, aliases: [], members: null }));
    grp.members = [...(grp.members ?? []), member];
  }
  return { units, groups };
}

/** The directory as rows of the 单位名录 sheet (header first). */
export function directorySheetRows(dir: Directory): string[][] {
  const groupsOf = (name: string) => dir.groups.filter((g) => g.members?.includes(name)).map((g) => g.name);
  return [
    [...DIRECTORY_HEADERS],
    ...dir.units.map((u) => [u.name, '单位', u.aliases.join('、'), groupsOf(u.name).join('、')]),
    ...dir.groups.map((g) => [g.name, '分组', g.aliases.join('、'), groupsOf(g.name).join('、')]),
  ];
}

/** The day the status columns were first added (立即整改 is due then when no 交办 date is written above the table). */
export const FIRST_ADDED_NAME = `${MARKER_PREFIX}firstAdded`;

export function storedFirstAdded(wb: WorkbookInput): IsoDate | null {
  return storedDate(wb, FIRST_ADDED_NAME);
}

/** 基准日期 as stored: a fixed date (DATE(y,m,d) or a serial), or null when it follows TODAY() or is absent. */
export function storedAsOf(wb: WorkbookInput): IsoDate | null {
  return storedDate(wb, AS_OF_NAME);
}

function storedDate(wb: WorkbookInput, name: string): IsoDate | null {
  const n = wb.names.find((x) => x.name === name);
  if (!n) return null;
  const f = n.formula.replace(/^=/, '').replace(/\s/g, '');
  const m = /^DATE\((\d{4}),(\d{1,2}),(\d{1,2})\)$/i.exec(f);
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  if (/^\d+(\.\d+)?$/.test(f)) return excelSerialToIso(Math.floor(Number(f)));
  return null;
}

export function asOfFormula(asOf: IsoDate | null): string {
  if (!asOf) return 'TODAY()';
  const [y, m, d] = asOf.split('-').map(Number);
  return `DATE(${y},${m},${d})`;
}

/** The three columns a user types in; the other two (截止日期, 剩余天数) are computed by us. */
export const USER_COLUMNS: readonly string[] = ['完成状态', '实际完成日期', '进展情况'];

/** Marker of our status column i: a defined name on its header cell, which follows inserted rows and columns. */
export function statusMarkerName(i: number): string {
  return `${MARKER_PREFIX}status_${i + 1}`;
}

/**
 * Status columns already on the sheet: those our markers point to (header still in place), and, for the three
 * user-entered columns, a header of that name the user made. A computed column is ours only by marker, so a
 * user's own 截止日期 column is never overwritten.
 */
export function existingStatusColumns(wb: WorkbookInput, grid: SheetGrid, headerRow: number): Map<string, number> {
  const g = new GridReader(grid);
  const out = new Map<string, number>();
  const label = (c: number) => g.text(headerRow, c, false).replace(/\s/g, '');
  STATUS_HEADERS.forEach((h, i) => {
    const n = wb.names.find((x) => x.name === statusMarkerName(i));
    if (!n || sheetOfReference(n.formula) !== grid.name) return;
    const at = /!\$?([A-Z]{1,3})\$?(\d+)$/.exec(n.formula);
    // Without a header row the marker sits on the first task row and there is no label to check.
    if (!at || Number(at[2]) - 1 !== Math.max(headerRow, 0)) return;
    const c = columnIndex(at[1]);
    if (headerRow < 0 || label(c) === h) out.set(h, c);
  });
  for (let c = g.left; c <= (headerRow < 0 ? -1 : g.right); c++) {
    const t = label(c);
    if (USER_COLUMNS.includes(t) && !out.has(t) && ![...out.values()].includes(c)) out.set(t, c);
  }
  return out;
}

/** Status per task row, read from an existing 完成状态 column. */
export function readStatuses(located: Located, wb: WorkbookInput): Map<number, string> {
  const cols = existingStatusColumns(wb, located.grid, located.analysis.recognition.headerRow);
  const c = cols.get('完成状态');
  const out = new Map<number, string>();
  if (c === undefined) return out;
  const g = new GridReader(located.grid);
  for (const t of located.analysis.tasks) {
    const s = cellText(g.raw(t.row, c)).trim();
    if (s) out.set(t.row, s);
  }
  return out;
}
