// Bad input (SPEC §8) on every surface: the engine, the CLI and the Office adapter each get the same bad
// workbook and must give either a clear Chinese message or a correct result, and never change a user's cell.
import { planSheet, summaryRows } from '../helpers/plan-sheet';
import { summarySheet } from '../helpers/summary-sheet';
import { readFileSync, readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import { Host, Outcome, addStatusColumns, inspect, selectCell, summarize } from '../../src/adapters/office/actions';
import { run } from '../../src/cli/main';
import { Analysis, analyze } from '../../src/core/check/analyze';
import { planFindingsSheet } from '../../src/core/commands';
import { planEnrich } from '../../src/core/plan/enrich';
import { CellValue, SheetGrid, WorkbookInput } from '../../src/core/read/grid';
import { Plan, PlanValue, isFormula } from '../../src/core/plan/plan';
import { computeSummary } from '../../src/core/plan/summary';
import { InputError, Located, locateTable, ownSheets } from '../../src/core/workbook';
import { FakeWorkbook } from '../fake-excel';
import { recalculate } from '../helpers/libreoffice';
import { fakeHost } from '../helpers/office';
import { tempDir } from '../helpers/temp';
import {
  bareXlsx,
  expectCellsKept,
  expectChineseMessage,
  expectLegalUniqueSheetNames,
  expectPlanSparesUserCells,
  fakeCells,
  gridCells,
  gridsToXlsx,
  randomBytes,
  table,
  truncatedXlsx,
  xlsxWithoutWorkbookXml,
} from './inputs';

const AS_OF = '2023-06-30';

// ------------------------------------------------------------------------------------------ the case table

/** What a case hands the surfaces: grids (the engine's view, the fake's content, an .xlsx for the CLI) or a file. */
type Input = { grids: SheetGrid[]; protected?: string[] } | { file: Buffer };

type Check<T> = (result: T) => void | Promise<void>;
/** Either a correct result (checked further by `check`) or a refusal whose Chinese reason matches. */
type Refusal = { ok: false; reason: RegExp };
type Expect<T> = { ok: true; check?: Check<T> } | Refusal;
const ok = <T>(check?: Check<T>): Expect<T> => ({ ok: true, check });
const refuses = (reason: RegExp): Refusal => ({ ok: false, reason });

interface EngineResult {
  wb: WorkbookInput;
  located: Located;
  plan: Plan;
}
interface EngineExpect {
  /** analyze() of the first sheet alone: null, or a check of the analysis. */
  analyze?: null | Check<Analysis>;
  /** locateTable() on the whole workbook, then planEnrich(). */
  locate: Expect<EngineResult>;
}

/** Parsed CLI JSON (SPEC §7 shapes). */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
interface EnrichResult {
  out: string;
  loaded: Awaited<ReturnType<typeof loadWorkbook>>;
  summary: Json;
  /** Every sheet as LibreOffice calculates it (cases with `recalc`). */
  calculated?: Map<string, string[][]>;
}
interface CliExpect {
  inspect: Expect<Json>;
  enrich: Expect<EnrichResult>;
  summary: Expect<Json>;
}

interface OfficeResult {
  outcome: Outcome;
  wb: FakeWorkbook;
  host: Host;
}
interface OfficeExpect {
  inspect: Expect<OfficeResult>;
  addStatusColumns: Expect<OfficeResult>;
  summarize: Expect<OfficeResult>;
}

interface Case {
  name: string;
  build: () => Promise<Input>;
  /** Absent: the surface never sees this input (Excel does not open a corrupt file; the engine gets no grid). */
  engine?: EngineExpect;
  cli?: CliExpect;
  office?: OfficeExpect;
  /** Recalculate the CLI's output in LibreOffice and compare 汇总 with `summary --json`. */
  recalc?: boolean;
}

const cliAll = (e: Refusal): CliExpect => ({ inspect: e, enrich: e, summary: e });
const officeAll = (e: Refusal): OfficeExpect => ({ inspect: e, addStatusColumns: e, summarize: e });
const grids = (...g: SheetGrid[]) => async (): Promise<Input> => ({ grids: g });

const NO_TABLE = /没有在任何工作表中找到责任分工表/;
const NO_TABLE_HERE = (sheet: string) => new RegExp(`当前工作表“${sheet}”中没有找到责任分工表`);
const NOT_A_WORKBOOK = /不是可读取的 Excel 工作簿（\.xlsx）/;
const PROTECTED = /工作表“分工”受保护，无法写入/;
const TOO_LARGE = /工作表数据过多（超过 Excel 单次读取上限）/;

const err = (e: string): CellValue => ({ error: e });
const codesAt = (a: Analysis, prefix = '') => a.findings.filter((f) => f.code.startsWith(prefix)).map((f) => `${f.cell} ${f.code}`);
const unitOf = (s: Json, unit: string) => s.units.find((u: Json) => u.unit === unit);
const counts = (s: Json, unit: string) => {
  const u = unitOf(s, unit);
  return u && { lead: u.lead, support: u.support, overdue: u.overdue };
};

/** 10,000 characters, without any separator a unit list could be split on. */
const LONG_UNIT = '甲乙丙丁戊己庚辛壬癸'.repeat(1000);
const LONG_CONTENT = '落实安全生产责任制，'.repeat(1000);
/** Long texts compared without printing them. */
const expectSameText = (actual: unknown, expected: string) =>
  expect({ length: typeof actual === 'string' ? actual.length : actual, same: actual === expected }).toEqual({ length: expected.length, same: true });
/** 4,000 characters (12 KB): 500 such rows pass 5 MB. */
const HUGE_CONTENT = '落实安全生产责任制，'.repeat(400);
const FORMULA_LIKE = ['=甲科', '+乙科', '-丙科', '@丁科', '-甲科?'];
/** The unit names of case 8 as the engine reads them ("[x]科" has its brackets normalized to （x）科). */
const ILLEGAL_NAMES = ['a\\b科', '（x）科', '科?*', '科*?', "'引号'科", `${'某'.repeat(31)}一科`, `${'某'.repeat(31)}二科`, '汇总', '分工', 'History'];

/** A normal two-task table. */
const plain = () => table('分工', [
  [1, '任务一', '内容一', '法规科', '办公室', '2023年6月底前'],
  [2, '任务二', '内容二', '办公室', '法规科', '2023年9月底前'],
]);

/** The generated unit sheets of a workbook, by marker name. */
const unitSheets = (wb: WorkbookInput) => [...ownSheets(wb)].filter(([, o]) => o.role === 'unit').map(([s]) => s);

/** The plan's 汇总 unit rows, as the sheet will show them. */
const summaryBlock = (plan: Plan): PlanValue[][] => summaryRows(plan);

const CASES: Case[] = [
  {
    name: '1. an empty sheet',
    build: grids({ name: '分工', values: [] }),
    engine: { analyze: null, locate: refuses(NO_TABLE) },
    cli: cliAll(refuses(NO_TABLE)),
    office: officeAll(refuses(NO_TABLE_HERE('分工'))),
  },
  {
    name: '2. a sheet with only a header row',
    build: grids(table('分工', [])),
    engine: {
      analyze: (a) => {
        expect(a.tasks).toEqual([]);
        expect(a.findings).toEqual([]);
      },
      locate: refuses(/表头下没有任务行/),
    },
    cli: cliAll(refuses(/表头下没有任务行/)),
    office: officeAll(refuses(NO_TABLE_HERE('分工'))),
  },
  {
    name: '3. #REF! / #N/A in unit, deadline and 序号 cells',
    build: grids(
      table('分工', [
        [1, '任务一', '内容一', err('#REF!'), '办公室', '2023年6月底前'],
        [err('#N/A'), '任务二', '内容二', '法规科', err('#N/A'), err('#REF!')],
        [3, '任务三', '内容三', '法规科', '办公室', '2023年9月底前'],
      ]),
    ),
    engine: {
      analyze: (a) => {
        // Reported once, as the error it is: not also as an empty lead, a missing deadline or 序号.
        expect(codesAt(a)).toEqual(['D2 structure.cell-error', 'A3 structure.cell-error', 'E3 structure.cell-error', 'F3 structure.cell-error']);
        expect(a.findings[0].message).toBe('单元格是错误值 #REF!，请先修正公式或引用。');
        expect(a.tasks.map((t) => t.lead.map((u) => u.unit))).toEqual([[], ['法规科'], ['法规科']]);
        expect(a.tasks[1].seq).toBe('');
      },
      locate: ok(({ located }) => {
        const s = computeSummary(located.analysis, new Map(), AS_OF);
        expect(counts(s, '法规科')).toEqual({ lead: 2, support: 0, overdue: 0 });
        expect(counts(s, '办公室')).toEqual({ lead: 0, support: 2, overdue: 0 });
      }),
    },
    cli: {
      inspect: ok((json) => {
        expect(json.tasks).toHaveLength(3);
        expect(json.issues.filter((i: Json) => i.code === 'structure.cell-error').map((i: Json) => i.cell)).toEqual(['D2', 'A3', 'E3', 'F3']);
        expect(json.tasks[1].deadline).toEqual({ text: '', kind: 'missing' });
      }),
      enrich: ok(({ loaded }) => {
        const ws = loaded.workbook.getWorksheet('分工')!;
        expect(ws.getCell('J3').value).toBeNull(); // no 截止日期 from an error value
        expect(ws.getCell('D2').value).toEqual({ error: '#REF!' });
      }),
      summary: ok((s) => expect(counts(s, '法规科')).toEqual({ lead: 2, support: 0, overdue: 0 })),
    },
    office: {
      inspect: ok(({ outcome }) => expect(codesAt(outcome.analysis!)).toEqual(['D2 structure.cell-error', 'A3 structure.cell-error', 'E3 structure.cell-error', 'F3 structure.cell-error'])),
      addStatusColumns: ok(({ wb }) => expect(wb.values('分工', 'J2:J4')).toEqual([[45107], [null], [45199]])),
      summarize: ok(({ wb }) => expect(wb.sheetNames()).toEqual(['分工', '单位名录', '汇总', '任务明细', '办公室', '法规科'])),
    },
  },
  {
    name: '4. formulas in unit and deadline cells',
    build: grids(
      table('分工', [
        [1, '任务一', '内容一', '法规科', '办公室', 45107],
        [2, '任务二', '内容二', '办公室', '法规科', '2023年9月底前'],
      ], {
        formulas: [[], [null, null, null, '"法规科"', null, 'DATE(2023,6,30)'], [null, null, null, null, 'D2']],
        formats: [[], [null, null, null, null, null, 'yyyy-mm-dd']],
      }),
    ),
    engine: {
      analyze: (a) => {
        // The cached result is validated; the formula itself is only mentioned.
        expect(codesAt(a)).toEqual(['D2 structure.formula', 'F2 structure.formula', 'E3 structure.formula']);
        expect(a.findings.every((f) => f.severity === 'info')).toBe(true);
        expect(a.findings[0].message).toBe('该单元格是公式，按其计算结果“法规科”校验。');
        expect(a.tasks[0].deadline).toMatchObject({ kind: 'date', due: '2023-06-30' });
        expect(a.tasks[0].lead).toEqual([{ text: '法规科', unit: '法规科', isGroup: false }]);
        expect(a.tasks[1].support).toEqual([{ text: '法规科', unit: '法规科', isGroup: false }]);
      },
      locate: ok(),
    },
    cli: {
      inspect: ok((json) => {
        expect(json.issues.map((i: Json) => `${i.cell} ${i.code}`)).toEqual(['D2 structure.formula', 'F2 structure.formula', 'E3 structure.formula']);
        expect(json.tasks[0].deadline).toEqual({ text: '2023-06-30', kind: 'date', due: '2023-06-30' });
      }),
      enrich: ok(({ loaded }) => {
        // The user's formulas are still formulas in the output (the cell check compares formula and result).
        expect(loaded.input.sheets[0].formulas![1][3]).toBe('"法规科"');
        expect(loaded.input.sheets[0].formulas![1][5]).toBe('DATE(2023,6,30)');
      }),
      summary: ok((s) => expect(counts(s, '法规科')).toEqual({ lead: 1, support: 1, overdue: 0 })),
    },
    office: {
      // The adapter reads values, not formulas: the same tasks, without the structure.formula notes.
      inspect: ok(({ outcome }) => {
        expect(outcome.analysis!.tasks[0].deadline).toMatchObject({ kind: 'date', due: '2023-06-30' });
        expect(outcome.analysis!.tasks[1].support.map((u) => u.unit)).toEqual(['法规科']);
        expect(outcome.analysis!.findings).toEqual([]);
      }),
      addStatusColumns: ok(({ wb }) => expect(wb.values('分工', 'J2:J3')).toEqual([[45107], [45199]])),
      summarize: ok(({ wb }) => expect(wb.cell('分工', 'D2').formula).toBe('="法规科"')),
    },
  },
  {
    name: '5. numbers where text belongs (牵头单位 123, 完成时限 2023, task title 2023)',
    build: grids(
      table('分工', [
        [1, 2023, '内容一', 123, '办公室', 2023],
        [2, '任务二', '内容二', '法规科', 456, '2023年6月底前'],
      ]),
    ),
    engine: {
      analyze: (a) => {
        expect(a.tasks[0].task).toBe('2023');
        expect(a.tasks[0].lead).toEqual([{ text: '123', unit: null, isGroup: false }]);
        expect(a.tasks[0].deadline).toMatchObject({ kind: 'date', due: '2023-12-31' }); // the year 2023: by its end
        // Mostly names the built-in list does not know: the table's own names are the directory, and a number is no name.
        expect(codesAt(a)).toEqual(['D1 unit.directory-from-table', 'D2 unit.unknown', 'E3 unit.unknown']);
      },
      locate: ok(({ plan }) => {
        // In 汇总 the unit 123 is the text "123", so it matches the text in 任务明细.
        expect(summaryBlock(plan).map((r) => r[0])).toEqual(expect.arrayContaining(['123', '456']));
      }),
    },
    cli: {
      inspect: ok((json) => expect(json.tasks[0].lead).toEqual([{ text: '123', unit: null }])),
      enrich: ok(({ summary }) => expect(counts(summary, '123')).toEqual({ lead: 1, support: 0, overdue: 0 })),
      summary: ok((s) => expect(counts(s, '456')).toEqual({ lead: 0, support: 1, overdue: 0 })),
    },
    recalc: true,
    office: {
      inspect: ok(({ outcome }) => expect(outcome.analysis!.tasks[0].deadline.due).toBe('2023-12-31')),
      addStatusColumns: ok(),
      summarize: ok(({ wb }) => {
        const row = wb.values('汇总', 'A4:A40').findIndex((r) => r[0] === '123') + 4;
        expect(row).toBeGreaterThan(3);
        expect(wb.cell('汇总', `A${row}`)).toMatchObject({ value: '123', formula: null }); // text, not the number 123
        expect(wb.sheetNames()).toContain('123');
      }),
    },
  },
  {
    name: '6. 10,000-character content and unit cells',
    build: grids(
      table('分工', [
        [1, '任务一', LONG_CONTENT, LONG_UNIT, '办公室', '2023年6月底前'],
        [2, '任务二', '内容二', '法规科', LONG_UNIT, '2023年9月底前'],
      ]),
    ),
    engine: {
      analyze: (a) => {
        expectSameText(a.tasks[0].content, LONG_CONTENT);
        const f = a.findings.find((x) => x.code === 'unit.unknown')!;
        expect(f).toMatchObject({ cell: 'D2', severity: 'warning' });
        expectSameText(f.fragment, LONG_UNIT); // applying a suggestion still replaces the whole name
        expect(f.message.length).toBeLessThan(200); // readable, the name is abbreviated
      },
      locate: ok(({ plan, located }) => {
        // Excel's COUNTIFS cannot match a criterion over 255 characters: the long unit is counted another way.
        const row = summaryBlock(plan).find((r) => r[0] === LONG_UNIT)!;
        const formulas = row.filter(isFormula).map((f) => f.formula);
        expect(formulas.filter((f) => f.includes('COUNTIFS'))).toEqual([]);
        expect(formulas.some((f) => f.includes('SUMPRODUCT'))).toBe(true);
        expect(plan.ops).toContainEqual({ kind: 'addSheet', sheet: [...LONG_UNIT].slice(0, 31).join('') });
        expect(counts(computeSummary(located.analysis, new Map(), AS_OF), LONG_UNIT)).toEqual({ lead: 1, support: 1, overdue: 0 });
      }),
    },
    cli: {
      inspect: ok((json) => expectSameText(json.tasks[0].lead[0].text, LONG_UNIT)),
      enrich: ok(({ calculated }) => {
        // The unit sheet shows the whole content (through a reference to the table's cell).
        if (calculated) expectSameText(calculated.get([...LONG_UNIT].slice(0, 31).join(''))![5][2], LONG_CONTENT);
      }),
      summary: ok((s) => expect(counts(s, LONG_UNIT)).toEqual({ lead: 1, support: 1, overdue: 0 })),
    },
    recalc: true,
    office: {
      inspect: ok(),
      addStatusColumns: ok(),
      // The unit sheet shows the content through the table's cell (row 6: title, 基准日期, counts, blank, header).
      summarize: ok(({ wb }) => expect(wb.cell([...LONG_UNIT].slice(0, 31).join(''), 'C6').formula).toMatch(/^=""&INDEX\(分工!\$C:\$C,INDEX\(任务明细!\$D:\$D,ROW\(\)[-+]\d+\)\)$/)),
    },
  },
  {
    name: '7. unit names starting with = + - @ (stored as text)',
    build: grids(
      table('分工', [
        [1, '任务一', '内容一', '=甲科', '+乙科', '2023年6月底前'],
        [2, '任务二', '内容二', '-丙科', '@丁科、=甲科', '2023年5月底前'],
        [3, '=SUM(1,2)', '@内容', '法规科', '-甲科?', '2023年12月底前'],
      ]),
    ),
    engine: {
      analyze: (a) => expect(a.tasks.flatMap((t) => [...t.lead, ...t.support].map((u) => u.text))).toEqual(['=甲科', '+乙科', '-丙科', '@丁科', '=甲科', '法规科', '-甲科?']),
      locate: ok(({ plan }) => {
        // Every count of these units uses an exact, escaped criterion ("="&…), never the bare cell.
        for (const name of FORMULA_LIKE) {
          const row = summaryBlock(plan).find((r) => r[0] === name)!;
          const countifs = row.filter(isFormula).map((f) => f.formula).filter((f) => f.includes('COUNTIFS'));
          expect(countifs).toHaveLength(6);
          for (const f of countifs) expect(f).toMatch(/COUNTIFS\('任务明细'!\$A:\$A,"="&SUBSTITUTE\(/);
        }
        // Unit names are copied as plain strings (adapters write them as text); titles and contents are shown
        // through a reference to the table's cell, so the user's text is never typed into a formula.
        const texts = plan.ops.flatMap((o) => (o.kind === 'write' ? o.cells.flat() : [])).filter((v) => typeof v === 'string');
        expect(texts).toEqual(expect.arrayContaining(FORMULA_LIKE));
        expect(texts).not.toContain('=SUM(1,2)');
        // Unit sheets: title, 基准日期, counts, a blank row, the header; tasks from row 6.
        expect(planSheet(plan, '法规科')[5].slice(1, 3)).toEqual([
          { formula: expect.stringMatching(/^=INDEX\('任务明细'!\$H:\$H,ROW\(\)[-+]\d+\)$/) },
          { formula: expect.stringMatching(/^=""&INDEX\('分工'!\$C:\$C,INDEX\('任务明细'!\$D:\$D,ROW\(\)[-+]\d+\)\)$/) },
        ]);
      }),
    },
    cli: {
      // Mostly names the built-in directory does not know: the table's own names are its directory (SPEC §6),
      // each resolves to itself, text as written.
      inspect: ok((json) => {
        expect(json.issues.filter((i: Json) => i.code === 'unit.unknown')).toHaveLength(0);
        expect(json.issues.map((i: Json) => i.code)).toContain('unit.directory-from-table');
        expect(json.tasks.flatMap((t: Json) => [...t.lead, ...t.support].map((u: Json) => u.unit))).toEqual(['=甲科', '+乙科', '-丙科', '@丁科', '=甲科', '法规科', '-甲科?']);
      }),
      enrich: ok(({ loaded, calculated }) => {
        // In the generated sheets unit names are text cells, never formulas.
        const generated = loaded.input.sheets.filter((s) => s.name !== '分工');
        const cells = generated.flatMap((g) => g.values.flatMap((row, r) => row.map((v, c) => ({ v, f: g.formulas?.[r]?.[c] }))));
        for (const text of FORMULA_LIKE) {
          const same = cells.filter((x) => x.v === text);
          expect(same.length).toBeGreaterThan(0);
          expect(same.every((x) => !x.f)).toBe(true);
        }
        expect(cells.filter((x) => x.f && /SUM\(1,2\)|^甲科$/.test(x.f))).toEqual([]);
        // Recalculated by a real engine, the title and content show literally: =SUM(1,2) did not run.
        if (calculated) expect(calculated.get('法规科')![5].slice(0, 3)).toEqual(['3', '=SUM(1,2)', '@内容']);
      }),
      summary: ok((s) => {
        expect(counts(s, '=甲科')).toEqual({ lead: 1, support: 1, overdue: 1 }); // supports task 2, due 05-31
        expect(counts(s, '+乙科')).toEqual({ lead: 0, support: 1, overdue: 0 });
        expect(counts(s, '-丙科')).toEqual({ lead: 1, support: 0, overdue: 1 });
        expect(counts(s, '@丁科')).toEqual({ lead: 0, support: 1, overdue: 1 });
        expect(counts(s, '-甲科?')).toEqual({ lead: 0, support: 1, overdue: 0 });
      }),
    },
    recalc: true,
    office: {
      inspect: ok(),
      addStatusColumns: ok(),
      summarize: ok(({ wb }) => {
        for (const sheet of ['汇总', '任务明细', '法规科', '=甲科']) {
          const values = wb.values(sheet, 'A1:K20');
          values.forEach((row, r) =>
            row.forEach((v, c) => {
              if (typeof v === 'string' && /^[=+\-@]/.test(v)) expect(wb.cell(sheet, `${String.fromCharCode(65 + c)}${r + 1}`).formula).toBeNull();
            }),
          );
        }
        expect([wb.cell('法规科', 'B6').formula, wb.cell('法规科', 'C6').formula]).toEqual([
          expect.stringMatching(/^=INDEX\(任务明细!\$H:\$H,ROW\(\)[-+]\d+\)$/),
          expect.stringMatching(/^=""&INDEX\(分工!\$C:\$C,INDEX\(任务明细!\$D:\$D,ROW\(\)[-+]\d+\)\)$/),
        ]);
      }),
    },
  },
  {
    name: '8. unit names that make illegal or colliding sheet names',
    build: grids(
      table('分工', [
        [1, '任务一', '内容', 'a\\b科', '[x]科', '2023年6月底前'],
        [2, '任务二', '内容', '科?*', '科*?', '2023年6月底前'],
        [3, '任务三', '内容', "'引号'科", '汇总', '2023年6月底前'],
        [4, '任务四', '内容', `${'某'.repeat(31)}一科`, `${'某'.repeat(31)}二科`, '2023年6月底前'],
        [5, '任务五', '内容', '分工', 'History', '2023年6月底前'],
      ]),
    ),
    engine: {
      locate: ok(({ plan }) => {
        const added = plan.ops.flatMap((o) => (o.kind === 'addSheet' ? [o.sheet] : []));
        expectLegalUniqueSheetNames(['分工', ...added]);
        // One sheet per unit: ten units, ten unit sheets.
        expect(plan.ops.filter((o) => o.kind === 'defineName' && o.name.startsWith('_fengong_unit_'))).toHaveLength(ILLEGAL_NAMES.length);
        expect(summaryBlock(plan).map((r) => r[0])).toEqual(expect.arrayContaining(ILLEGAL_NAMES));
      }),
    },
    cli: {
      inspect: ok(),
      enrich: ok(({ loaded }) => {
        expectLegalUniqueSheetNames(loaded.workbook.worksheets.map((w) => w.name));
        const sheets = unitSheets(loaded.input);
        expect(sheets).toHaveLength(ILLEGAL_NAMES.length);
        expect(sheets).toEqual(expect.arrayContaining(['a_b科', '科__', '科__(2)', "引号'科", '汇总(2)', '分工(2)', 'History_']));
        expect(sheets.filter((s) => s.startsWith('某'))).toHaveLength(2);
      }),
      summary: ok((s) => {
        for (const name of ILLEGAL_NAMES) expect(unitOf(s, name).total).toBe(1);
      }),
    },
    recalc: true,
    office: {
      inspect: ok(),
      addStatusColumns: ok(),
      // The fake refuses an illegal or duplicate sheet name, as Excel does.
      summarize: ok(({ wb }) => {
        expectLegalUniqueSheetNames(wb.sheetNames());
        expect(wb.sheetNames()).toHaveLength(1 + 3 + ILLEGAL_NAMES.length);
      }),
    },
  },
  {
    name: '9. 单位名录 with a group loop and an alias claimed twice',
    build: grids(
      table('分工', [
        [1, '任务一', '内容一', '甲组', '科信科', '2023年6月底前'],
        [2, '任务二', '内容二', '法规科', '乙组', '2023年9月底前'],
      ]),
      {
        name: '单位名录',
        values: [
          ['单位', '类型', '别名', '所属分组'],
          ['法规科', '单位', '', ''],
          ['办公室', '单位', '科信科', '甲组'],
          ['救援协调和预案管理科', '单位', '科信科、预案科', ''],
          ['甲组', '分组', '', '乙组'],
          ['乙组', '分组', '', '甲组'],
        ],
      },
    ),
    engine: {
      locate: ok(({ located, wb }) => {
        const dir = located.analysis.findings.filter((f) => f.code.startsWith('unit.directory-'));
        expect(dir.map((f) => `${f.cell} ${f.severity} ${f.code}`)).toEqual([
          '单位名录!C4 warning unit.directory-duplicate',
          '单位名录!A5 warning unit.directory-loop',
          '单位名录!A6 warning unit.directory-loop',
        ]);
        expect(dir[0].message).toBe('“科信科”同时是“办公室”和“救援协调和预案管理科”的名称或别名，无法确定指哪个单位。');
        expect(dir[1].message).toBe('分组“甲组”的成员直接或间接包含了它自己（甲组 → 乙组 → 甲组）。');
        // The loop is expanded once, to its one real member.
        const s = computeSummary(located.analysis, new Map(), AS_OF);
        expect(counts(s, '办公室')).toEqual({ lead: 1, support: 1, overdue: 0 });
        // On the ribbon's 校验结果 sheet the link goes to 单位名录, not to the table's sheet.
        const findingsSheet = planFindingsSheet(located.analysis, wb).ops.find((o) => o.kind === 'write');
        expect(findingsSheet?.kind === 'write' && findingsSheet.cells.flat()).toContainEqual({ formula: '=HYPERLINK("#单位名录!C4","单位名录!C4")' });
      }),
    },
    cli: {
      inspect: ok((json) => expect(json.issues.filter((i: Json) => i.code.startsWith('unit.directory-')).map((i: Json) => i.cell)).toEqual(['单位名录!C4', '单位名录!A5', '单位名录!A6'])),
      enrich: ok(),
      summary: ok((s) => expect(counts(s, '办公室')).toEqual({ lead: 1, support: 1, overdue: 0 })),
    },
    office: {
      inspect: ok(({ outcome }) => expect(codesAt(outcome.analysis!, 'unit.directory-')).toEqual(['单位名录!C4 unit.directory-duplicate', '单位名录!A5 unit.directory-loop', '单位名录!A6 unit.directory-loop'])),
      addStatusColumns: ok(),
      summarize: ok(async ({ wb, host }) => {
        // Clicking the finding in the task pane selects the cell on 单位名录.
        await selectCell(host, '分工', '单位名录!C4');
        expect(wb.selection).toBe('单位名录!C4');
      }),
    },
  },
  {
    name: '10. a workbook written by another program: no styles.xml, no sharedStrings.xml',
    build: async () => ({
      file: await bareXlsx('分工', [
        ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'],
        [1, '任务一', '内容一', '法规科', '办公室', '2023年6月底前'],
        [2, '任务二', '内容二', '办公室', null, '2023年9月底前'],
      ]),
    }),
    engine: { locate: ok(({ located }) => expect(located.analysis.tasks.map((t) => t.seq)).toEqual(['1', '2'])) },
    cli: {
      inspect: ok((json) => {
        expect(json).toMatchObject({ sheet: '分工', headerRow: 1, columns: { seq: 'A', task: 'B', content: 'C', lead: 'D', support: 'E', deadline: 'F' } });
        expect(json.tasks.map((t: Json) => t.deadline.due)).toEqual(['2023-06-30', '2023-09-30']);
        expect(json.issues).toEqual([]);
      }),
      enrich: ok(({ loaded }) => expect(loaded.workbook.getWorksheet('分工')!.getCell('G1').value).toBe('完成状态')),
      summary: ok((s) => expect(counts(s, '办公室')).toEqual({ lead: 1, support: 1, overdue: 0 })),
    },
    office: { inspect: ok(({ outcome }) => expect(outcome.analysis!.tasks).toHaveLength(2)), addStatusColumns: ok(), summarize: ok() },
  },
  {
    name: '11a. a truncated .xlsx',
    build: async () => ({ file: await truncatedXlsx([plain()]) }),
    cli: cliAll(refuses(NOT_A_WORKBOOK)),
  },
  {
    name: '11b. a zip without xl/workbook.xml',
    build: async () => ({ file: await xlsxWithoutWorkbookXml([plain()]) }),
    cli: cliAll(refuses(NOT_A_WORKBOOK)),
  },
  {
    name: '11c. random bytes',
    build: async () => ({ file: randomBytes(4096) }),
    cli: cliAll(refuses(NOT_A_WORKBOOK)),
  },
  {
    // The ribbon's 汇总 on the protected sample is in test/office; here every writing command on every surface.
    name: '12. a protected table sheet',
    build: async () => ({ grids: [plain()], protected: ['分工'] }),
    engine: { locate: ok() }, // the engine plans; the adapters refuse to write
    cli: { inspect: ok(), enrich: refuses(PROTECTED), summary: ok() },
    office: { inspect: ok(), addStatusColumns: refuses(PROTECTED), summarize: refuses(PROTECTED) },
  },
  {
    name: '13a. a used range too large for one Excel read (a stray value on row 120,000)',
    build: async () => {
      const g = plain();
      g.values[119999] = [null, null, null, null, null, null, null, '草稿'];
      return { grids: [g] };
    },
    engine: { analyze: (a) => expect(a.tasks).toHaveLength(2), locate: ok() },
    cli: { inspect: ok((json) => expect(json.tasks).toHaveLength(2)), enrich: ok(), summary: ok() },
    // The adapter reads such a sheet again in row chunks: a correct result.
    office: {
      inspect: ok(({ outcome }) => expect(outcome.analysis!.tasks).toHaveLength(2)),
      addStatusColumns: ok(({ wb }) => expect(wb.values('分工', 'G1:K1')).toEqual([['完成状态', '实际完成日期', '进展情况', '截止日期', '剩余天数']])),
      summarize: ok(({ wb }) => expect(wb.cell('分工', 'H120000').value).toBe('草稿')),
    },
  },
  {
    name: '13b. rows so large that even the first chunk of them passes the 5 MB response limit',
    build: async () => ({
      grids: [table('分工', Array.from({ length: 600 }, (_, i) => [i + 1, `任务${i + 1}`, HUGE_CONTENT, '法规科', '办公室', '2023年6月底前']))],
    }),
    engine: { locate: ok(({ located }) => expect(located.analysis.tasks).toHaveLength(600)) },
    cli: { inspect: ok((json) => expect(json.tasks).toHaveLength(600)), enrich: ok(), summary: ok() },
    // Chunks are halved until each response fits: a correct result, in more round trips.
    office: {
      inspect: ok(({ outcome }) => expect(outcome.analysis!.tasks).toHaveLength(600)),
      addStatusColumns: ok(({ wb }) => expect(wb.values('分工', 'G1:K1')).toEqual([['完成状态', '实际完成日期', '进展情况', '截止日期', '剩余天数']])),
      summarize: ok(({ wb }) => expect(wb.sheetNames()).toContain('汇总')),
    },
  },
];

// ---------------------------------------------------------------------------------------------- surfaces

async function engineInput(input: Input): Promise<WorkbookInput> {
  return 'grids' in input ? { sheets: input.grids, names: [] } : (await loadWorkbook(input.file)).input;
}

async function fileOf(input: Input): Promise<Buffer> {
  return 'grids' in input ? gridsToXlsx(input.grids, input.protected) : input.file;
}

async function fakeOf(input: Input): Promise<FakeWorkbook> {
  if (!('grids' in input)) return FakeWorkbook.fromXlsx(input.file);
  const wb = FakeWorkbook.fromGrids(input.grids);
  for (const s of input.protected ?? []) wb.protect(s);
  return wb;
}

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

/** Everything a user could see in the fake: sheets, names, cells, merges, rules and validations. */
function fakeState(wb: FakeWorkbook): string {
  return JSON.stringify({
    sheets: wb.sheetNames(),
    names: wb.names(),
    cells: [...fakeCells(wb)],
    merges: wb.sheetNames().map((s) => wb.merges(s)),
    cf: wb.sheetNames().map((s) => wb.conditionalFormats(s)),
    dv: wb.sheetNames().map((s) => wb.dataValidations(s)),
  });
}

/** 汇总 as LibreOffice calculates it, in the shape of `summary --json`. */
const recalculatedSummary = (sheets: Map<string, string[][]>) => summarySheet(sheets).units;

const withEngine = CASES.filter((c) => c.engine);
const withCli = CASES.filter((c) => c.cli);
const withOffice = CASES.filter((c) => c.office);

describe('engine: analyze, locateTable, planEnrich', () => {
  test.each(withEngine)('$name', async (c) => {
    const e = c.engine!;
    const wb = await engineInput(await c.build());
    const pristine = JSON.stringify(wb);

    if (e.analyze !== undefined) {
      const a = analyze(wb.sheets[0]);
      if (e.analyze === null) expect(a).toBeNull();
      else {
        expect(a).not.toBeNull();
        for (const f of a!.findings) expectChineseMessage(f.message);
        await e.analyze(a!);
      }
    }

    let located: Located | undefined;
    let error: unknown;
    try {
      located = locateTable(wb);
    } catch (x) {
      error = x;
    }
    if (!e.locate.ok) {
      expect(error).toBeInstanceOf(InputError);
      expectChineseMessage((error as Error).message, e.locate.reason);
    } else {
      if (error) throw error;
      for (const f of located!.analysis.findings) expectChineseMessage(f.message);
      const { plan } = planEnrich(located!, wb, { asOf: AS_OF });
      expectPlanSparesUserCells(plan, wb, new Set(ownSheets(wb).keys()));
      await e.locate.check?.({ wb, located: located!, plan });
    }
    expect(JSON.stringify(wb)).toBe(pristine); // the engine never changes its input (its time: npm run bench)
  });
});

describe('CLI: inspect, enrich, summary in-process on files', () => {
  test.each(withCli)('$name', async (c) => {
    const e = c.cli!;
    const dir = tempDir('bad');
    const file = path.join(dir, 'input.xlsx');
    const bytes = await fileOf(await c.build());
    writeFileSync(file, bytes);
    const out = path.join(dir, 'out.xlsx');
    const runs: [keyof CliExpect, string[]][] = [
      ['inspect', ['inspect', file, '--json']],
      ['summary', ['summary', file, '--as-of', AS_OF, '--json']],
      ['enrich', ['enrich', file, '-o', out, '--as-of', AS_OF]],
    ];
    let summaryJson: Json;
    for (const [command, argv] of runs) {
      const r = await cli(...argv);
      expect(readFileSync(file).equals(bytes)).toBe(true); // FILE is never modified
      const expected = e[command];
      if (!expected.ok) {
        expect({ command, code: r.code }).toEqual({ command, code: 2 });
        expectChineseMessage(r.stderr, expected.reason);
        expect(r.stdout).toBe('');
        expect(readdirSync(dir)).toEqual(['input.xlsx']); // nothing written, not even a temporary file
        continue;
      }
      expect({ command, code: r.code, stderr: r.stderr }).toEqual({ command, code: 0, stderr: '' });
      if (command === 'inspect') {
        const json = JSON.parse(r.stdout);
        for (const i of json.issues) expectChineseMessage(i.message);
        await expected.check?.(json);
      } else if (command === 'summary') {
        summaryJson = JSON.parse(r.stdout);
        await expected.check?.(summaryJson);
      } else {
        // A complete output beside the input, and nothing else.
        expect(readdirSync(dir).sort()).toEqual(['input.xlsx', 'out.xlsx']);
        const loaded = await loadWorkbook(readFileSync(out));
        expect(loaded.workbook.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['汇总', '任务明细', '单位名录']));
        const original = (await loadWorkbook(bytes)).input.sheets;
        expectCellsKept(gridCells(original), gridCells(loaded.input.sheets.filter((s) => original.some((o) => o.name === s.name))));
        const summary = JSON.parse((await cli('summary', out, '--json')).stdout);
        if (summaryJson) expect(summary).toEqual(summaryJson);
        const calculated = c.recalc ? recalculate(out) : undefined;
        if (calculated) expect(recalculatedSummary(calculated)).toEqual(summary.units);
        await expected.check?.({ out, loaded, summary, calculated });
      }
    }
  });
});

describe('Office adapter: inspect, addStatusColumns, summarize on the fake', () => {
  test.each(withOffice)('$name', async (c) => {
    const e = c.office!;
    const wb = await fakeOf(await c.build());
    const { host } = fakeHost(wb);
    const userCells = fakeCells(wb);
    const actions: [keyof OfficeExpect, () => Promise<Outcome>][] = [
      ['inspect', () => inspect(host)],
      ['addStatusColumns', () => addStatusColumns(host, undefined, AS_OF)],
      ['summarize', () => summarize(host, undefined, AS_OF)],
    ];
    for (const [action, act] of actions) {
      const before = fakeState(wb);
      const outcome = await act();
      expectCellsKept(userCells, fakeCells(wb)); // no user's cell changed, after any action
      const expected = e[action];
      expectChineseMessage(outcome.message, expected.ok ? undefined : expected.reason);
      if (!expected.ok) {
        expect({ action, ok: outcome.ok }).toEqual({ action, ok: false });
        expect(fakeState(wb)).toBe(before); // nothing written
        continue;
      }
      expect({ action, ok: outcome.ok, message: outcome.message }).toMatchObject({ action, ok: true });
      for (const f of outcome.analysis!.findings) expectChineseMessage(f.message);
      await expected.check?.({ outcome, wb, host });
    }
  });
});

test('an Excel response-size refusal becomes a sentence the user can act on', async () => {
  const { userMessage } = await import('../../src/adapters/office/actions');
  expect(userMessage(Object.assign(new Error('The response payload size has exceeded the limit.'), { code: 'ResponsePayloadSizeLimitExceeded' }))).toMatch(TOO_LARGE);
});
