// Bad inputs for the three surfaces: grids → .xlsx, hand-written and corrupt files, and the checks every
// surface shares (a Chinese sentence, no stack trace; the user's cells unchanged).
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { CellValue, SheetGrid, WorkbookInput, a1, isCellError } from '../../src/core/read/grid';
import { Plan } from '../../src/core/plan/plan';
import { FakeWorkbook } from '../fake-excel';

export const HEADER = ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'];

/** A sheet holding the usual six-column table: the header on row 1, then `rows`. */
export function table(name: string, rows: CellValue[][], extra: Partial<SheetGrid> = {}): SheetGrid {
  return { name, values: [HEADER, ...rows], ...extra };
}

/** The grids as a user's .xlsx: formula cells with their cached result, error cells, number formats, merges. */
export async function gridsToXlsx(grids: SheetGrid[], protectedSheets: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const g of grids) {
    const ws = wb.addWorksheet(g.name);
    const top = g.top ?? 0;
    const left = g.left ?? 0;
    g.values.forEach((row, r) =>
      (row ?? []).forEach((v, c) => {
        const formula = g.formulas?.[r]?.[c];
        const fmt = g.formats?.[r]?.[c];
        const result = isCellError(v) ? { error: v.error } : v;
        if (v === null && !formula && !fmt) return;
        const cell = ws.getCell(top + r + 1, left + c + 1);
        cell.value = (formula ? { formula: formula.replace(/^=/, ''), result } : result) as ExcelJS.CellValue;
        if (fmt) cell.numFmt = fmt;
      }),
    );
    for (const m of g.merges ?? []) ws.mergeCells(m.top + 1, m.left + 1, m.bottom + 1, m.right + 1);
    if (protectedSheets.includes(g.name)) await ws.protect('', {});
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An .xlsx as a minimal other program writes it: inline strings, no styles.xml, no sharedStrings.xml,
 * no docProps, no theme.
 */
export async function bareXlsx(sheetName: string, rows: (string | number | null)[][]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '</Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
  );
  zip.file(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<sheets><sheet name="${esc(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '</Relationships>',
  );
  const cells = rows
    .map((row, r) => {
      const cs = row
        .map((v, c) => {
          const ref = a1(r, c);
          if (v === null) return '';
          if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
          return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cs}</row>`;
    })
    .join('');
  zip.file(
    'xl/worksheets/sheet1.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${cells}</sheetData></worksheet>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** A real workbook cut off halfway, as by an interrupted download. */
export async function truncatedXlsx(grids: SheetGrid[]): Promise<Buffer> {
  const whole = await gridsToXlsx(grids);
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** A zip that has every part of a workbook except xl/workbook.xml. */
export async function xlsxWithoutWorkbookXml(grids: SheetGrid[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await gridsToXlsx(grids));
  zip.remove('xl/workbook.xml');
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** Deterministic noise. */
export function randomBytes(n: number, seed = 7): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------- messages

/** A message a user can act on: a Chinese sentence, no stack trace, no raw English error. */
export function expectChineseMessage(message: string | undefined, reason?: RegExp): void {
  expect(typeof message).toBe('string');
  const m = message as string;
  expect(m).toMatch(/[\u4e00-\u9fff][^\n]*[。？！]/); // at least one Chinese sentence
  expect(m).not.toMatch(/\n\s+at\s|\bat .+:\d+:\d+|\b(TypeError|RangeError|ReferenceError|Error:|Exception|undefined)\b/);
  expect(m).not.toMatch(/[A-Za-z]{3,}( [A-Za-z]{2,}){3,}/); // no English sentence (e.g. a raw Office.js message)
  if (reason) expect(m).toMatch(reason);
}

// ---------------------------------------------------------------------------------------------- user's cells

export interface CellSnapshot {
  value: unknown;
  formula: string | null;
  format: string | null;
}

/** Every non-empty cell of the given grids, by "Sheet!A1". */
export function gridCells(sheets: SheetGrid[]): Map<string, CellSnapshot> {
  const out = new Map<string, CellSnapshot>();
  for (const g of sheets) {
    const top = g.top ?? 0;
    const left = g.left ?? 0;
    g.values.forEach((row, r) =>
      (row ?? []).forEach((v, c) => {
        const formula = g.formulas?.[r]?.[c] ?? null;
        if (v === null || v === undefined) {
          if (!formula) return;
        }
        out.set(`${g.name}!${a1(top + r, left + c)}`, {
          value: v ?? null,
          formula: formula ? formula.replace(/^=/, '') : null,
          format: g.formats?.[r]?.[c] || null,
        });
      }),
    );
  }
  return out;
}

/** Every non-empty cell of the fake workbook (value, formula, number format), by "Sheet!A1". */
export function fakeCells(wb: FakeWorkbook): Map<string, CellSnapshot> {
  const out = new Map<string, CellSnapshot>();
  for (const s of wb._sheets) {
    for (const [k, cell] of s.cells) {
      if (cell.value === null && cell.formula === null) continue;
      const r = Math.floor(k / 16384);
      const c = k % 16384;
      out.set(`${s.name}!${a1(r, c)}`, { value: cell.value, formula: cell.formula, format: cell.numberFormat });
    }
  }
  return out;
}

/** Every cell that held something before holds exactly the same after (new cells elsewhere are fine). */
export function expectCellsKept(before: Map<string, CellSnapshot>, after: Map<string, CellSnapshot>): void {
  const changed: string[] = [];
  for (const [ref, cell] of before) {
    const now = after.get(ref);
    if (JSON.stringify(now) !== JSON.stringify(cell)) changed.push(`${ref}: ${JSON.stringify(cell)} → ${JSON.stringify(now)}`);
  }
  expect(changed).toEqual([]);
}

/** A plan never writes over a user's non-empty cell and never deletes a sheet it did not generate. */
export function expectPlanSparesUserCells(plan: Plan, wb: WorkbookInput, generated: Set<string>): void {
  const user = gridCells(wb.sheets.filter((s) => !generated.has(s.name)));
  const hits: string[] = [];
  for (const op of plan.ops) {
    if (op.kind === 'deleteSheet' && !generated.has(op.sheet)) hits.push(`deletes ${op.sheet}`);
    if (op.kind !== 'write') continue;
    op.cells.forEach((row, i) =>
      row.forEach((_, j) => {
        const ref = `${op.sheet}!${a1(op.top + i, op.left + j)}`;
        if (user.has(ref)) hits.push(`writes ${ref}`);
      }),
    );
  }
  expect(hits).toEqual([]);
}

/** Legal Excel sheet names: 1–31 characters, none of : \ / ? * [ ], no edge apostrophe, not History; unique. */
export function expectLegalUniqueSheetNames(names: string[]): void {
  for (const n of names) {
    expect(n.length).toBeGreaterThanOrEqual(1);
    expect([...n].length).toBeLessThanOrEqual(31);
    expect(n).not.toMatch(/[:\\/?*[\]]/);
    expect(n).not.toMatch(/^'|'$/);
    expect(n.toLowerCase()).not.toBe('history');
  }
  expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
}
