// The corpus of real published tables (test/fixtures/real/*.json): loading, turning a table into the engine's
// SheetGrid or into an .xlsx, and measuring the engine against the expected facts a careful clerk reads off it.
// Shared by test/core/corpus.test.ts and scripts/corpus.ts (npm run corpus). No jest globals here.
import ExcelJS from 'exceljs';
import { existsSync, readFileSync, readdirSync } from 'fs';
import * as path from 'path';
import type { AnalyzedTask, UnitRef } from '../../src/core/check/analyze';
import { isoToExcelSerial } from '../../src/core/read/deadline';
import { CellValue, SheetGrid, WorkbookInput, a1, columnIndex, parseRange } from '../../src/core/read/grid';
import type { Deadline, DeadlineKind, Finding, Period } from '../../src/core/types';
import type { ColumnMap } from '../../src/core/read/recognize';
import { MAPPING_NAME, locateTable, mappingFormula } from '../../src/core/workbook';

export type CorpusCell = string | number | null;
export type CorpusRole = 'seq' | 'task' | 'content' | 'lead' | 'support' | 'deadline';

export interface ExpectedDeadline {
  kind: DeadlineKind;
  /** kind 'date': the last day that satisfies the deadline; kind 'immediate': the 交办 date. */
  due?: string;
  /** kind 'recurring'. */
  every?: Period;
  start?: string;
}

export interface ExpectedTask {
  /** 1-based sheet row of the task (its first row when it spans several). */
  row: number;
  seq: string;
  deadline: ExpectedDeadline;
  lead: string[];
  support: string[];
}

export interface ExpectedFinding {
  cell: string;
  why: string;
  /** Other cells where the same finding is just as right (one name written two ways: either spelling may carry it). */
  orCells?: string[];
}

export interface CorpusTable {
  id: string;
  source: { title: string; url: string; publisher: string; published?: string };
  note: string;
  /** A realistic file name (the engine may take a year from it). */
  file: string;
  sheet: string;
  /** Sheet rows from row 1; each inner array is a row from column A. */
  rows: CorpusCell[][];
  /** Merged areas, A1 style ("B5:B7"). Only the top-left cell holds a value. */
  merges?: string[];
  /** Cells that are real Excel date cells: A1 address → ISO date. */
  dates?: Record<string, string>;
  expected: {
    headerRow: number;
    columns: Record<CorpusRole, string | null>;
    asOf: string;
    tasks: ExpectedTask[];
    errors: ExpectedFinding[];
    warnings: ExpectedFinding[];
  };
}

/** test/fixtures/real, found from wherever this file runs (ts-jest from test/helpers, compiled from dist/test/helpers). */
export function corpusDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'real');
    if (existsSync(candidate) && existsSync(path.join(dir, 'package.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`test/fixtures/real not found above ${__dirname}`);
}

/** Every table of the corpus, sorted by file name. */
export function loadCorpus(dir = corpusDir()): CorpusTable[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as CorpusTable);
}

const DATE_FORMAT = 'yyyy-mm-dd';

/** Problems with the fixture itself (not with the engine): a merged follower holding a value, a task row out of range… */
export function fixtureProblems(table: CorpusTable): string[] {
  const out: string[] = [];
  const width = Math.max(0, ...table.rows.map((r) => r.length));
  for (const ref of table.merges ?? []) {
    let m;
    try {
      m = parseRange(ref);
    } catch {
      out.push(`bad merge ${ref}`);
      continue;
    }
    for (let r = m.top; r <= m.bottom; r++)
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        const v = table.rows[r]?.[c];
        if (v !== null && v !== undefined && v !== '') out.push(`merge ${ref}: ${a1(r, c)} holds "${v}" (only the top-left cell of a merged area has a value)`);
      }
  }
  for (const cell of Object.keys(table.dates ?? {})) {
    const m = parseRange(cell);
    if (table.rows[m.top]?.[m.left] === undefined) out.push(`date cell ${cell} is outside the rows`);
  }
  const rows = new Set<number>();
  for (const t of table.expected.tasks) {
    if (t.row < 1 || t.row > table.rows.length) out.push(`task row ${t.row} is outside the sheet`);
    if (rows.has(t.row)) out.push(`task row ${t.row} listed twice`);
    rows.add(t.row);
    if (t.deadline.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(t.deadline.due ?? '')) out.push(`row ${t.row}: a date deadline needs due`);
    if ((t.deadline.kind as string) === 'immediate' && !/^\d{4}-\d{2}-\d{2}$/.test(t.deadline.due ?? '')) out.push(`row ${t.row}: an immediate deadline needs the 交办 date as due`);
  }
  const { headerRow, columns } = table.expected;
  if (headerRow < 1 || headerRow > table.rows.length) out.push(`headerRow ${headerRow} is outside the sheet`);
  for (const [role, col] of Object.entries(columns)) if (col !== null && columnIndex(col) >= width) out.push(`column ${role}=${col} is outside the rows`);
  return out;
}

/** The table as the engine's SheetGrid: values from A1, merged followers empty, date cells as serials with a date format. */
export function toSheetGrid(table: CorpusTable): SheetGrid {
  const width = Math.max(0, ...table.rows.map((r) => r.length));
  const values: CellValue[][] = table.rows.map((r) => Array.from({ length: width }, (_, c) => toValue(r[c])));
  const merges = (table.merges ?? []).map(parseRange);
  for (const m of merges)
    for (let r = m.top; r <= m.bottom; r++)
      for (let c = m.left; c <= m.right; c++) if ((r !== m.top || c !== m.left) && values[r]) values[r][c] = null;
  let formats: (string | null)[][] | undefined;
  for (const [cell, iso] of Object.entries(table.dates ?? {})) {
    const { top, left } = parseRange(cell);
    formats ??= values.map((r) => r.map(() => null));
    values[top][left] = isoToExcelSerial(iso);
    formats[top][left] = DATE_FORMAT;
  }
  return { name: table.sheet, values, ...(formats ? { formats } : {}), merges };
}

function toValue(v: CorpusCell | undefined): CellValue {
  return v === undefined || v === null || v === '' ? null : v;
}

/** The same sheet as an .xlsx (ExcelJS): values, merges, real date cells — so the CLI can be run on it. */
export async function toXlsx(table: CorpusTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(table.sheet);
  table.rows.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null || v === '') return;
      const cell = ws.getCell(r + 1, c + 1);
      cell.value = v;
      if (typeof v === 'string' && v.includes('\n')) cell.alignment = { wrapText: true, vertical: 'top' };
    }),
  );
  for (const [ref, iso] of Object.entries(table.dates ?? {})) {
    const [y, m, d] = iso.split('-').map(Number);
    const cell = ws.getCell(ref);
    cell.value = new Date(Date.UTC(y, m - 1, d));
    cell.numFmt = DATE_FORMAT;
  }
  for (const ref of table.merges ?? []) ws.mergeCells(ref);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** What the runner hands the engine: one sheet, 基准日期 as a workbook name, and the file name (a source of the year). */
export function toWorkbookInput(table: CorpusTable, options: MeasureOptions = {}): WorkbookInput {
  const [y, m, d] = table.expected.asOf.split('-').map(Number);
  const names = [{ name: '基准日期', formula: `DATE(${y},${m},${d})` }];
  if (options.mapped) names.push({ name: MAPPING_NAME, formula: mappingFormula(table.sheet, expectedMapping(table)) });
  return { sheets: [toSheetGrid(table)], names, fileName: table.file };
}

/** The expected header row and columns as the engine's column mapping (what the task pane or `--map` would store). */
export function expectedMapping(table: CorpusTable): { headerRow: number; columns: ColumnMap } {
  const columns: ColumnMap = {};
  for (const [role, col] of Object.entries(table.expected.columns)) if (col) columns[role as keyof ColumnMap] = columnIndex(col);
  return { headerRow: table.expected.headerRow - 1, columns };
}

// ---------- measuring ----------

export interface MeasureOptions {
  /**
   * Hand the engine the expected column mapping (as a user would in the task pane, or with `--map`), so that
   * deadlines, units and findings are measured even where recognition fails. The corpus test measures without it.
   */
  mapped?: boolean;
}

export interface TableResult {
  id: string;
  /** Set when the engine found no table on the sheet (the InputError message). */
  notFound?: string;
  expectedTasks: number;
  /** Expected task rows the engine also reports as tasks. */
  found: number;
  /** Of those, how many carry the expected 序号. */
  seqRight: number;
  /** Task rows the engine reports that are not expected tasks. */
  extra: number;
  deadlinesRight: number;
  unitsRight: number;
  errors: number;
  falseErrors: number;
  warnings: number;
  unexpectedWarnings: number;
  expectedWarningsReported: number;
  /** Expected warnings reported at none of their cells. */
  missedWarnings: number;
  infos: number;
  /** What the engine took as header row and columns (1-based row, letters), for the readable report. */
  engineHeaderRow?: number;
  engineColumns?: Record<string, string | null>;
  problems: { tasks: string[]; deadlines: string[]; units: string[]; errors: string[]; warnings: string[]; missedWarnings: string[] };
}

/** Locates and analyzes the table through the engine's public functions and compares with the expected facts. */
export function measure(table: CorpusTable, options: MeasureOptions = {}): TableResult {
  const exp = table.expected;
  const res: TableResult = {
    id: table.id,
    expectedTasks: exp.tasks.length,
    found: 0,
    seqRight: 0,
    extra: 0,
    deadlinesRight: 0,
    unitsRight: 0,
    errors: 0,
    falseErrors: 0,
    warnings: 0,
    unexpectedWarnings: 0,
    expectedWarningsReported: 0,
    missedWarnings: 0,
    infos: 0,
    problems: { tasks: [], deadlines: [], units: [], errors: [], warnings: [], missedWarnings: [] },
  };
  let tasks: AnalyzedTask[];
  let findings: Finding[];
  try {
    const { analysis } = locateTable(toWorkbookInput(table, options), undefined, { asOf: table.expected.asOf });
    tasks = analysis.tasks;
    findings = analysis.findings;
    const rec = analysis.recognition;
    res.engineHeaderRow = rec.headerRow + 1;
    res.engineColumns = Object.fromEntries(
      (['seq', 'task', 'content', 'lead', 'support', 'deadline'] as const).map((r) => [r, rec.columns[r] === undefined ? null : letter(rec.columns[r]!)]),
    );
  } catch (e) {
    res.notFound = e instanceof Error ? e.message : String(e);
    res.problems.tasks.push(`no table found: ${res.notFound}`);
    for (const t of exp.tasks) {
      res.problems.tasks.push(`row ${t.row} (序号 "${t.seq}"): not found`);
      res.problems.deadlines.push(`row ${t.row}: expected ${fmtExpected(t.deadline)}, task not found`);
      res.problems.units.push(`row ${t.row}: expected lead [${t.lead.join('、')}] support [${t.support.join('、')}], task not found`);
    }
    for (const e of exp.errors) res.problems.errors.push(`${e.cell}: expected error not reported (${e.why})`);
    // Nothing was checked: findings are not measured, which is not a pass.
    res.problems.errors.push('no table found, so no finding could be checked');
    res.problems.warnings.push('no table found, so no finding could be checked');
    return res;
  }

  const byRow = new Map(tasks.map((t) => [t.row + 1, t]));
  const expectedRows = new Set(exp.tasks.map((t) => t.row));
  const headerNote = () => `engine header row ${res.engineHeaderRow}, columns ${fmtColumns(res.engineColumns!)}; expected header row ${exp.headerRow}, columns ${fmtColumns(exp.columns)}`;

  for (const t of exp.tasks) {
    const got = byRow.get(t.row);
    if (!got) {
      res.problems.tasks.push(`row ${t.row} (序号 "${t.seq}"): not reported as a task`);
      res.problems.deadlines.push(`row ${t.row}: expected ${fmtExpected(t.deadline)}, task not found`);
      res.problems.units.push(`row ${t.row}: expected lead [${t.lead.join('、')}] support [${t.support.join('、')}], task not found`);
      continue;
    }
    res.found++;
    if (got.seq === t.seq) res.seqRight++;
    else res.problems.tasks.push(`row ${t.row}: 序号 expected "${t.seq}", got "${got.seq}"`);

    const dl = compareDeadline(t.deadline, got.deadline);
    if (dl === null) res.deadlinesRight++;
    else res.problems.deadlines.push(`row ${t.row}: ${dl}`);

    const lead = unitNames(got.lead);
    const support = unitNames(got.support);
    const leadOk = sameSet(lead, t.lead);
    const supportOk = sameSet(support, t.support);
    if (leadOk && supportOk) res.unitsRight++;
    if (!leadOk) res.problems.units.push(`row ${t.row}: lead expected [${t.lead.join('、')}], got [${lead.join('、')}]`);
    if (!supportOk) res.problems.units.push(`row ${t.row}: support expected [${t.support.join('、')}], got [${support.join('、')}]`);
  }
  for (const t of tasks) {
    if (expectedRows.has(t.row + 1)) continue;
    res.extra++;
    res.problems.tasks.push(`row ${t.row + 1}: reported as a task (序号 "${t.seq}", 目标任务 "${clip(t.task)}") but is not one`);
  }
  if (res.problems.tasks.length && res.engineHeaderRow !== undefined) res.problems.tasks.push(headerNote());

  const expectedErrors = new Set(exp.errors.map((e) => e.cell));
  const cellsOf = (w: ExpectedFinding) => [w.cell, ...(w.orCells ?? [])];
  const expectedWarnings = new Set(exp.warnings.flatMap(cellsOf));
  const reportedWarningCells = new Set<string>();
  for (const f of findings) {
    const cells = findingCells(f);
    if (f.severity === 'error') {
      res.errors++;
      if (!cells.some((c) => expectedErrors.has(c))) {
        res.falseErrors++;
        res.problems.errors.push(`${f.cell} ${f.code}: ${f.message}`);
      }
    } else if (f.severity === 'warning') {
      res.warnings++;
      cells.forEach((c) => reportedWarningCells.add(c));
      if (!cells.some((c) => expectedWarnings.has(c))) {
        res.unexpectedWarnings++;
        res.problems.warnings.push(`${f.cell} ${f.code}: ${f.message}`);
      }
    } else res.infos++;
  }
  const reportedErrorCells = new Set(findings.filter((f) => f.severity === 'error').flatMap(findingCells));
  for (const e of exp.errors) if (!reportedErrorCells.has(e.cell)) res.problems.errors.push(`${e.cell}: expected error not reported (${e.why})`);
  for (const w of exp.warnings) {
    if (cellsOf(w).some((c) => reportedWarningCells.has(c))) res.expectedWarningsReported++;
    else res.problems.missedWarnings.push(`${cellsOf(w).join(' or ')}: expected warning not reported (${w.why})`);
  }
  res.missedWarnings = res.problems.missedWarnings.length;
  return res;
}

/** A unit as the comparison sees it: the canonical unit when the engine resolved it, else the name as written. */
function unitNames(refs: UnitRef[]): string[] {
  return refs.map((r) => r.unit ?? r.text);
}

function sameSet(got: string[], want: string[]): boolean {
  const a = [...got].sort();
  const b = [...want].sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** null when the engine's deadline matches the expected one, else what differs. */
export function compareDeadline(want: ExpectedDeadline, got: Deadline): string | null {
  const text = JSON.stringify(got.text);
  if (got.kind !== want.kind) return `${text}: expected ${fmtExpected(want)}, got ${fmtDeadline(got)}`;
  // 'immediate' (立行立改) is due on the 交办 date: the date is part of the fact, as for 'date'.
  if ((want.kind === 'date' || (want.kind as string) === 'immediate') && got.due !== want.due) return `${text}: expected due ${want.due}, got ${got.due}`;
  if (want.kind === 'recurring') {
    if (got.every !== want.every) return `${text}: expected every ${want.every}, got ${got.every}`;
    if (want.start !== undefined && got.start !== want.start) return `${text}: expected start ${want.start}, got ${got.start}`;
  }
  return null;
}

function fmtExpected(d: ExpectedDeadline): string {
  if (d.kind === 'date' || (d.due && (d.kind as string) === 'immediate')) return `${d.kind} ${d.due}`;
  return d.kind === 'recurring' ? `recurring every ${d.every}${d.start ? ` from ${d.start}` : ''}` : d.kind;
}

function fmtDeadline(d: Deadline): string {
  if (d.kind === 'date' || (d.due && (d.kind as string) === 'immediate')) return `${d.kind} ${d.due}`;
  if (d.kind === 'recurring') return `recurring every ${d.every}${d.start ? ` from ${d.start}` : ''}`;
  return d.kind;
}

function findingCells(f: Finding): string[] {
  const extra = (f as Finding & { cells?: string[] }).cells;
  return [f.cell, ...(Array.isArray(extra) ? extra : [])];
}

function fmtColumns(cols: Record<string, string | null>): string {
  return Object.entries(cols)
    .map(([r, c]) => `${r}=${c ?? '-'}`)
    .join(',');
}

function letter(col: number): string {
  return a1(0, col).replace(/\d+$/, '');
}

function clip(s: string, n = 24): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
}

/** One line per table, as printed by npm run corpus. */
export function formatLine(r: TableResult, idWidth = 36): string {
  const parts = [
    r.id.padEnd(idWidth),
    `tasks ${r.found}/${r.expectedTasks}${r.extra ? ` +${r.extra} extra` : ''}${r.found && r.seqRight < r.found ? ` (序号 ${r.seqRight}/${r.found})` : ''}`.padEnd(22),
    `deadlines ${r.deadlinesRight}/${r.expectedTasks}`.padEnd(16),
    `lead/support ${r.unitsRight}/${r.expectedTasks}`.padEnd(19),
    `errors ${r.errors} (${r.falseErrors} false)`.padEnd(20),
    `warnings ${r.warnings} (${r.unexpectedWarnings} not expected${r.missedWarnings ? `, ${r.missedWarnings} missed` : ''})`.padEnd(30),
    `infos ${r.infos}`,
  ];
  if (r.notFound) parts.push(`  NO TABLE: ${r.notFound}`);
  return parts.join(' ');
}

export function formatTotals(results: TableResult[], idWidth = 36): string {
  const sum = (f: (r: TableResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const total: TableResult = {
    id: `TOTAL (${results.length} tables)`,
    expectedTasks: sum((r) => r.expectedTasks),
    found: sum((r) => r.found),
    seqRight: sum((r) => r.seqRight),
    extra: sum((r) => r.extra),
    deadlinesRight: sum((r) => r.deadlinesRight),
    unitsRight: sum((r) => r.unitsRight),
    errors: sum((r) => r.errors),
    falseErrors: sum((r) => r.falseErrors),
    warnings: sum((r) => r.warnings),
    unexpectedWarnings: sum((r) => r.unexpectedWarnings),
    expectedWarningsReported: sum((r) => r.expectedWarningsReported),
    missedWarnings: sum((r) => r.missedWarnings),
    infos: sum((r) => r.infos),
    problems: { tasks: [], deadlines: [], units: [], errors: [], warnings: [], missedWarnings: [] },
  };
  return formatLine(total, idWidth);
}
