/// <reference types="office-js" />
// Issue 8: what real Excel does that the fake used to let pass, each shown on the (now stricter) fake and met by the
// adapter — merged-area limits, sheet names Excel quotes, rules read back shifted, workbook-structure protection,
// null-object chains, compact payloads, print settings and the new plan ops.
import ExcelJS from 'exceljs';
import { readFileSync } from 'fs';
import {
  addStatusColumns,
  applySuggestion,
  editDirectory,
  inspect,
  selectCell,
  setAsOf,
  setMapping,
  summarize,
  validateToSheet,
} from '../../src/adapters/office/actions';
import { FIRST_READ_ROWS, Snapshot, applyPlan, readWorkbook } from '../../src/adapters/office/excel';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import { SheetGrid } from '../../src/core/read/grid';
import { Plan } from '../../src/core/plan/plan';
import { locateTable } from '../../src/core/workbook';
import { generateTable } from '../../bench/generate';
import { FakeWorkbook } from '../fake-excel';
import { comparable, fakeHost } from '../helpers/office';
import { SAMPLE } from '../helpers/sample';

async function sample(): Promise<FakeWorkbook> {
  return FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
}

function snapshot(wb: FakeWorkbook, opts: Parameters<typeof fakeHost>[1] = {}): Promise<Snapshot> {
  const { excel } = fakeHost(wb, opts);
  return excel.run((ctx) => readWorkbook(ctx));
}

const sortAreas = (g: SheetGrid | undefined) => [...(g?.merges ?? [])].sort((a, b) => a.top - b.top || a.left - b.left);

describe('1. merged areas: at most 512 per call, each found through its top-left cell', () => {
  test('the 10,000-task table (2,092 merges) reads as the CLI reads it', async () => {
    const xlsx = await generateTable(10000);
    const wb = await FakeWorkbook.fromXlsx(xlsx);
    expect(wb.merges('分工表').length).toBeGreaterThan(2000);
    const { host, excel } = fakeHost(wb);
    const out = await inspect(host);
    expect(out.ok).toBe(true);
    expect(excel.stats.syncs).toBe(1);
    const cli = locateTable((await loadWorkbook(xlsx)).input).analysis;
    expect(out.analysis!.tasks.map((t) => [t.row, t.task, t.taskMerge])).toEqual(cli.tasks.map((t) => [t.row, t.task, t.taskMerge]));
    const snap = await snapshot(wb);
    expect(sortAreas(snap.input.sheets[0])).toEqual(sortAreas((await loadWorkbook(xlsx)).input.sheets[0]));
  }, 60000);

  test('areas that cross a band edge are found once, whole', async () => {
    const values = Array.from({ length: 200 }, (_, r) => [r === 0 ? '序号' : r, r === 0 ? '目标任务' : `任务${r}`]);
    const merges = [
      { top: 60, left: 1, bottom: 70, right: 1 },
      { top: 127, left: 0, bottom: 130, right: 1 },
      { top: 199, left: 0, bottom: 199, right: 1 },
    ];
    const snap = await snapshot(FakeWorkbook.fromGrids([{ name: 'S', values, merges }]));
    expect(sortAreas(snap.input.sheets[0])).toEqual(merges);
  });

  test(`a sheet longer than ${FIRST_READ_ROWS} rows gets the rest of its merged areas in one more round trip`, async () => {
    const rows = FIRST_READ_ROWS + 700;
    const values = Array.from({ length: rows }, (_, r) => [r % 2 ? null : `第${r}行`]);
    const merges = Array.from({ length: 900 }, (_, i) => ({ top: i * 14, left: 0, bottom: i * 14 + 1, right: 0 })).filter((m) => m.bottom < rows);
    const wb = FakeWorkbook.fromGrids([{ name: 'S', values, merges }]);
    const { excel } = fakeHost(wb);
    const snap = await excel.run((ctx) => readWorkbook(ctx));
    expect(excel.stats.syncs).toBe(2);
    expect(sortAreas(snap.input.sheets[0])).toEqual(merges);
  });

  test('a wide sheet dense with merges (a band over 512) falls back to the careful read, which sizes bands to the width', async () => {
    const values = Array.from({ length: 80 }, (_, r) => Array.from({ length: 40 }, (_, c) => (c % 2 ? null : `${r}-${c}`)));
    const merges = values.flatMap((_, r) => Array.from({ length: 20 }, (_, i) => ({ top: r, left: 2 * i, bottom: r, right: 2 * i + 1 })));
    const wb = FakeWorkbook.fromGrids([{ name: 'S', values, merges }]);
    const { excel } = fakeHost(wb);
    const snap = await excel.run((ctx) => readWorkbook(ctx));
    expect(excel.stats.syncs).toBeGreaterThan(1);
    expect(sortAreas(snap.input.sheets[0])).toEqual(merges);
  });
});

describe('2. a sheet name Excel quotes (, \' ! ( ) # and spaces) works for every command', () => {
  const NAME = "分工 表,2023'(一)!#";

  async function named(): Promise<FakeWorkbook> {
    const wb = await sample();
    await fakeHost(wb).excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').name = NAME;
      await ctx.sync();
    });
    return wb;
  }

  test('validate, add status columns (twice), summarize (twice), 基准日期, directory, mapping, suggestion, select', async () => {
    const wb = await named();
    const { host } = fakeHost(wb);
    const checked = await inspect(host);
    expect(checked.message).toBe('校验完成：33 项任务，0 个错误，1 个警告，2 个提示。');
    expect((await validateToSheet(host)).ok).toBe(true);
    expect(wb.cell('校验结果', 'A4').formula).toBe(`=HYPERLINK("#'分工 表,2023''(一)!#'!B25","B25")`);
    expect((await addStatusColumns(host, undefined, '2023-06-30')).ok).toBe(true);
    expect((await addStatusColumns(host)).ok).toBe(true);
    expect(wb.values(NAME, 'G3:L3')).toEqual([['完成状态', '实际完成日期', '进展情况', '截止日期', '剩余天数', null]]);
    expect((await summarize(host)).ok).toBe(true);
    const sheets = wb.sheetNames();
    expect((await summarize(host)).ok).toBe(true);
    expect(wb.sheetNames()).toEqual(sheets);
    expect(sheets.filter((s) => /\(\d+\)$/.test(s))).toEqual([]);
    expect(wb.cell('任务明细', 'G2').formula).toBe(`=T(INDEX('分工 表,2023''(一)!#'!$G:$G,$D2))`);
    expect((await setAsOf(host, '2023-07-01')).ok).toBe(true);
    expect((await editDirectory(host, { kind: 'addUnit', name: '新设科' })).ok).toBe(true);
    const mapped = await setMapping(host, { headerRow: 2, columns: { seq: 0, task: 1, content: 2, lead: 3, support: 4, deadline: 5 } });
    expect(mapped).toMatchObject({ ok: true });
    const finding = (await inspect(host)).analysis!.findings.find((f) => f.severity === 'warning')!;
    await selectCell(host, NAME, finding.cell);
    expect(wb.selection).toBe(`'分工 表,2023''(一)!#'!${finding.cell}`);
    expect((await summarize(host)).ok).toBe(true);
    expect(wb.sheetNames()).toEqual(sheets);
  });

  test('a suggestion on such a sheet', async () => {
    const wb = FakeWorkbook.fromGrids([
      {
        name: NAME,
        values: [
          ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'],
          [1, '任务', '内容', '法规科', '办公室、规才科', '2023年6月底前'],
        ],
      },
    ]);
    const { host } = fakeHost(wb);
    const f = (await inspect(host)).analysis!.findings.find((x) => x.code === 'unit.unknown')!;
    expect((await applySuggestion(host, f, '规财科')).ok).toBe(true);
    expect(wb.cell(NAME, 'E2').value).toBe('办公室、规财科');
  });
});

describe('4. the engine\'s rules are found as Excel reads them back', () => {
  test('a rule split in two by a copy/paste (each part read relative to its own first row) is replaced, not added again', async () => {
    const wb = await sample();
    const { host, excel } = fakeHost(wb);
    await addStatusColumns(host, undefined, '2023-06-30');
    await excel.run(async (ctx) => {
      const cf = ctx.workbook.worksheets.getItem('Sheet1').getRange('A4:A36').conditionalFormats.add('Custom' as Excel.ConditionalFormatType);
      cf.custom.rule.formula = '=$A4>100';
      cf.custom.format.fill.color = '#00FF00';
    });
    wb.splitConditionalFormat('Sheet1', 1, 20).splitConditionalFormat('Sheet1', 3, 11);
    const split = wb.conditionalFormats('Sheet1');
    expect(split.map((c) => c.range)).toEqual(['A4:A36', 'A4:K19', 'A20:K36', 'A4:K10', 'A11:K36', 'A4:K36']);
    expect(split[2].formula).toBe('=$G20="已完成"'); // read relative to its own first row (office-js#5194)
    expect((await addStatusColumns(host)).ok).toBe(true);
    const after = wb.conditionalFormats('Sheet1');
    expect(after.map((c) => [c.range, c.formula])).toEqual([
      ['A4:K36', '=$G4="已完成"'],
      ['A4:K36', expect.stringContaining('<=7')],
      ['A4:K36', expect.stringContaining('<基准日期')],
      ['A4:A36', '=$A4>100'], // the user's own rule stays
    ]);
  });
});

describe('5. workbook-structure protection', () => {
  test('read with the workbook; 汇总 is refused with a clear message before anything is written', async () => {
    const wb = (await sample()).protectStructure();
    expect((await snapshot(wb)).input.structureProtected).toBe(true);
    const before = comparable(wb);
    const { host, excel } = fakeHost(wb);
    const out = await summarize(host, undefined, '2023-06-30');
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(/工作簿的结构受保护.*审阅 > 保护工作簿.*工作簿未作任何改动/);
    expect(comparable(wb)).toEqual(before);
    expect(excel.stats.syncs).toBe(3); // lock, the read, unlock: no write
  });

  test('status columns need no new sheet once 单位名录 exists: allowed', async () => {
    const wb = await sample();
    await addStatusColumns(fakeHost(wb).host, undefined, '2023-06-30');
    wb.protectStructure();
    expect((await addStatusColumns(fakeHost(wb).host, undefined, '2023-07-31')).ok).toBe(true);
  });

  test('protected while the command runs: what can be is cleaned, the message says what is left, a re-run completes', async () => {
    const wb = await sample();
    await addStatusColumns(fakeHost(wb).host, undefined, '2023-06-30');
    const start = wb.toJSON();
    const clean = FakeWorkbook.fromJSON(start);
    expect((await summarize(fakeHost(clean).host)).ok).toBe(true);
    const { host, excel } = fakeHost(wb, { payloadBudget: 20000 });
    excel.inject({ at: 4, meanwhile: (w) => void w.protectStructure() }); // the lock, the read, then the second write
    const out = await summarize(host);
    expect(out.ok).toBe(false);
    // The new sheets cannot be removed either: the user is told so, and what to do.
    expect(out.message).toMatch(/工作表或工作簿受保护，Excel 拒绝写入。未能自动清理：工作簿中可能留有名称以“~分工表助手~”开头的未完成工作表.*再次运行“汇总”会自动清理并补全/);
    wb.protectStructure(false);
    expect((await summarize(fakeHost(wb).host)).ok).toBe(true);
    expect(comparable(wb)).toEqual(comparable(clean));
  });
});

describe('6. null-object chains', () => {
  for (const mode of ['null', 'error'] as const) {
    test(`chained *OrNullObject calls that Excel gives as ${mode === 'null' ? 'null objects' : 'errors'}: every command still works`, async () => {
      const wb = await sample();
      const { host, excel } = fakeHost(wb, { nullObjectChains: mode });
      expect((await inspect(host)).ok).toBe(true);
      const fresh = excel.stats.syncs;
      expect((await summarize(host, undefined, '2023-06-30')).ok).toBe(true);
      excel.reset();
      expect((await inspect(host)).ok).toBe(true); // now with 单位名录
      // Refused chains cost the first read a failed round trip and a careful read (frame, then data).
      expect([fresh, excel.stats.syncs]).toEqual(mode === 'null' ? [1, 1] : [3, 1]);
      expect((await summarize(host)).ok).toBe(true);
      expect(wb.sheetNames().filter((s) => /\(\d+\)$|^~/.test(s))).toEqual([]);
    });
  }
});

describe('7. payload: one value for a whole range', () => {
  test('a number format and an R1C1 formula over 10,000 rows each travel once', async () => {
    const wb = FakeWorkbook.fromGrids([{ name: 'S', values: [['x']] }]);
    const { excel } = fakeHost(wb);
    const plan: Plan = {
      ops: [
        { kind: 'numberFormat', sheet: 'S', range: 'B2:B10001', format: 'yyyy-mm-dd' },
        { kind: 'fillFormula', sheet: 'S', range: 'C2:C10001', formulaR1C1: '=IF(RC[-1]="","",RC[-1]-基准日期)' },
      ],
    };
    await excel.run(async (ctx) => {
      const snap = await readWorkbook(ctx);
      excel.reset();
      await applyPlan(ctx, snap, plan);
    });
    expect(excel.stats.syncs).toBe(1);
    expect(excel.stats.payloadBytes[0]).toBeLessThan(1024);
    expect(wb.cell('S', 'B10001').numberFormat).toBe('yyyy-mm-dd');
    expect(wb.cell('S', 'C2').formula).toBe('=IF(B2="","",B2-基准日期)');
    expect(wb.cell('S', 'C10001').formula).toBe('=IF(B10001="","",B10001-基准日期)');
  });
});

describe('print settings and the new plan ops', () => {
  test("the table sheet's own print titles and header/footer are read (so the engine keeps them)", async () => {
    const wb = await sample();
    expect((await snapshot(wb)).input.sheets[0].print).toEqual({ titleRows: false, headerFooter: false });
    wb.setPage('Sheet1', { printTitleRows: { top: 2, bottom: 2 }, headerFooter: { leftHeader: '', centerHeader: '', rightHeader: '', leftFooter: '', centerFooter: '第 &P 页', rightFooter: '' } });
    expect((await snapshot(wb)).input.sheets[0].print).toEqual({ titleRows: true, headerFooter: true });
  });

  test('style, fitRows, pageSetup, dataBar, hideColumns, renameSheet reach Excel and the exported file', async () => {
    const wb = FakeWorkbook.fromGrids([{ name: 'S', values: [['标题'], ['很长的文字'.repeat(20)], [0.5]] }]);
    const { excel } = fakeHost(wb);
    const plan: Plan = {
      ops: [
        { kind: 'columnWidth', sheet: 'S', col: 0, width: 20 },
        { kind: 'style', sheet: 'S', range: 'A1:B2', style: { bold: true, wrap: true, vertical: 'top', horizontal: 'center', fontSize: 12, fill: '#DDEBF7', border: true } },
        { kind: 'fitRows', sheet: 'S', top: 0, heights: [20, 120] },
        { kind: 'pageSetup', sheet: 'S', setup: { landscape: true, a4: true, fitToWidth: true, titleRows: { top: 0, bottom: 0 }, header: '&&分工 基准日期', footer: '第 &P 页，共 &N 页' } },
        { kind: 'dataBar', sheet: 'S', range: 'A3:A3', color: '#638EC6', min: 0, max: 1 },
        { kind: 'hideColumns', sheet: 'S', col: 3, count: 2 },
        { kind: 'renameSheet', sheet: 'S', to: '汇总,1' },
      ],
    };
    await excel.run(async (ctx) => {
      const snap = await readWorkbook(ctx);
      await applyPlan(ctx, snap, plan);
    });
    expect(wb.style('汇总,1', 'B2')).toMatchObject({ wrap: true, vertical: 'Top', horizontal: 'Center', fontSize: 12, fill: '#DDEBF7' });
    expect(wb.style('汇总,1', 'B2').borders).toMatchObject({ bottom: { style: 'Continuous', weight: 'Thin' }, right: { style: 'Continuous' } });
    expect(wb.rowHeight('汇总,1', 2)).toBeGreaterThan(60);
    expect(wb.pageLayout('汇总,1')).toMatchObject({ orientation: 'Landscape', paperSize: 'A4', zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 }, printTitleRows: { top: 0, bottom: 0 } });
    expect(wb.pageLayout('汇总,1').headerFooter).toMatchObject({ centerHeader: '&&分工 基准日期', centerFooter: '第 &P 页，共 &N 页' });
    expect(wb.hiddenColumns('汇总,1')).toEqual(['D', 'E']);
    expect(wb.conditionalFormats('汇总,1')).toEqual([
      expect.objectContaining({ range: 'A3', type: 'DataBar', dataBar: expect.objectContaining({ lower: { type: 'Number', formula: '0' }, upper: { type: 'Number', formula: '1' }, color: '#638EC6' }) }),
    ]);

    const x = new ExcelJS.Workbook();
    await x.xlsx.load((await wb.toXlsx()) as unknown as ExcelJS.Buffer);
    const ws = x.getWorksheet('汇总,1')!;
    expect(ws.getCell('B2').alignment).toMatchObject({ wrapText: true, vertical: 'top', horizontal: 'center' });
    expect(ws.getCell('B2').font).toMatchObject({ bold: true, size: 12 });
    expect(ws.getCell('B2').border?.bottom).toMatchObject({ style: 'thin' });
    expect(ws.getRow(2).height).toBeGreaterThan(60);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.headerFooter).toMatchObject({ oddHeader: '&C&&分工 基准日期', oddFooter: '&C第 &P 页，共 &N 页' });
    expect(ws.getColumn(4).hidden).toBe(true);
    const cfs = (ws as unknown as { conditionalFormattings: { ref: string; rules: { type: string }[] }[] }).conditionalFormattings;
    expect(cfs.map((c) => [c.ref, c.rules[0].type])).toEqual([['A3', 'dataBar']]);
  });
});
