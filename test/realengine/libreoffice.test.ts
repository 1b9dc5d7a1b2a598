// A real spreadsheet engine recalculates what enrich wrote: 汇总's live formulas must equal `summary --json`.
import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { applyPlan, loadWorkbook, saveWorkbook } from '../../src/adapters/exceljs/workbook';
import { run } from '../../src/cli/main';
import { recalculate } from '../helpers/libreoffice';
import { type SummaryRow as Row, summarySheet } from '../helpers/summary-sheet';
import { SAMPLE } from '../helpers/sample';
import { tempDir } from '../helpers/temp';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

const gitBlob = (file: string) => execFileSync('git', ['hash-object', file], { encoding: 'utf8' }).trim();

describe('LibreOffice recalculates the enriched sample to the engine’s counts', () => {
  const dir = tempDir('lo');
  const enriched = path.join(dir, 'enriched.xlsx');
  const edited = path.join(dir, 'edited.xlsx');
  const sampleHash = gitBlob(SAMPLE);

  test('as of a fixed 基准日期, every count on 汇总 equals summary --json', async () => {
    expect((await cli('enrich', SAMPLE, '-o', enriched, '--as-of', '2023-06-30')).code).toBe(0);
    const engine = JSON.parse((await cli('summary', enriched, '--json')).stdout);
    const calc = summarySheet(recalculate(enriched));
    expect(engine.asOf).toBe('2023-06-30');
    expect(calc.asOf).toBe('2023-06-30');
    expect(calc.units).toEqual(engine.units);
    // Not a vacuous match: the sample has overdue and due-soon tasks on that date.
    expect(engine.units.reduce((n: number, u: Row) => n + u.overdue, 0)).toBeGreaterThan(0);
    expect(engine.units.reduce((n: number, u: Row) => n + u.dueSoon, 0)).toBeGreaterThan(0);
    // Units behind first (SPEC §5), and a 合计 row counting each of the 33 tasks once.
    const overdue = calc.units.map((u) => u.overdue);
    expect(overdue).toEqual([...overdue].sort((a, b) => b - a));
    const inspect = JSON.parse((await cli('inspect', enriched, '--json')).stdout);
    const late = inspect.tasks.filter((t: { deadline: { due?: string } }) => t.deadline.due && t.deadline.due < '2023-06-30').length;
    expect(calc.total.slice(3, 9)).toEqual(['33', '0', '0', String(late), expect.any(String), '0%']);
    expect(Number(calc.total[6])).toBeLessThan(engine.units.reduce((n: number, u: Row) => n + u.overdue, 0));
  });

  test('after statuses change in the file, and 基准日期 moves, the recalculated counts still match', async () => {
    const loaded = await loadWorkbook(readFileSync(enriched));
    const ws = loaded.workbook.getWorksheet('Sheet1')!;
    ws.getCell('G4').value = '已完成'; // task 1, overdue before
    ws.getCell('G5').value = '进行中';
    ws.getCell('G10').value = '已完成'; // task 7, due 06-30
    ws.getCell('G36').value = '暂缓';
    applyPlan(loaded, { ops: [{ kind: 'defineName', name: '基准日期', formula: 'DATE(2023,11,25)' }] });
    writeFileSync(edited, await saveWorkbook(loaded));
    const engine = JSON.parse((await cli('summary', edited, '--json')).stdout);
    const calc = summarySheet(recalculate(edited));
    expect(engine.asOf).toBe('2023-11-25');
    expect(calc.asOf).toBe('2023-11-25');
    // 汇总 was sorted when it was generated; the counts follow the edits live.
    const byUnit = (rows: Row[]) => [...rows].sort((a, b) => (a.unit < b.unit ? -1 : 1));
    expect(byUnit(calc.units)).toEqual(byUnit(engine.units));
    const fagui = engine.units.find((u: Row) => u.unit === '法规科');
    expect(fagui).toMatchObject({ done: 2, inProgress: 1 });
  });

  test('the status columns compute 截止日期 and 剩余天数 on the table sheet, recurring deadlines included', () => {
    const main = recalculate(enriched).get('Sheet1')!;
    expect(main[2].slice(6, 11)).toEqual(['完成状态', '实际完成日期', '进展情况', '截止日期', '剩余天数']);
    expect(main[3].slice(9, 11)).toEqual(['2023-03-31', '-91']); // task 1
    expect(main[7].slice(9, 11)).toEqual(['2023-06-30', '0']); // task 5: 每月 from March → end of June
    expect(main[35].slice(9, 11)).toEqual(['2023-12-31', '184']);
  });

  test('the input file is byte-identical afterwards', () => {
    expect(gitBlob(SAMPLE)).toBe(sampleHash);
    expect(execFileSync('git', ['status', '--porcelain', '--', SAMPLE], { encoding: 'utf8' })).toBe('');
  });
});

describe('recurring deadlines: the 截止日期 formula in a real engine equals the engine’s next due date', () => {
  test('monthly, day 25, day 31, quarterly, yearly and with a start, across a year of 基准日期 values', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { parseDeadline, nextDue, isoToExcelSerial, excelSerialToIso } = await import('../../src/core/read/deadline');
    const { dueFormula } = await import('../../src/core/plan/enrich');
    const texts = ['每月', '每月25日前', '每月31日前', '每季度', '每季度末', '每半年', '每年1月底前', '每年', '2023年3月起每月', '从2023年第二季度起', '每年3月15日前'];
    const deadlines = texts.map((t) => parseDeadline(t, { year: 2023 }));
    expect(deadlines.every((d) => d.kind === 'recurring')).toBe(true);
    const dates: string[] = [];
    for (let s = isoToExcelSerial('2023-01-01'); s <= isoToExcelSerial('2024-03-31'); s += 4) dates.push(excelSerialToIso(s));
    dates.push('2023-02-28', '2024-02-29', '2023-03-25', '2023-03-26', '2023-12-31', '2023-01-31', '2023-03-15', '2023-03-16');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('t');
    dates.forEach((d, i) => {
      const row = ws.getRow(i + 1);
      row.getCell(1).value = isoToExcelSerial(d);
      deadlines.forEach((dl, j) => {
        row.getCell(j + 2).value = { formula: dueFormula(dl, `$A${i + 1}`)! } as any;
        row.getCell(j + 2).numFmt = 'yyyy-mm-dd';
      });
      row.getCell(1).numFmt = 'yyyy-mm-dd';
    });
    const calc = recalculate(Buffer.from(await wb.xlsx.writeBuffer())).get('t')!;
    const expected = dates.map((d) => [d, ...deadlines.map((dl) => nextDue(dl, d))]);
    expect(calc.map((r) => r.slice(0, texts.length + 1))).toEqual(expected);
  });
});

describe('what the add-in writes (the Office adapter on the strict fake), recalculated by LibreOffice', () => {
  test('汇总 on the exported workbook equals the engine’s counts, statuses typed in the add-in included', async () => {
    const { FakeWorkbook } = await import('../fake-excel');
    const { fakeHost } = await import('../helpers/office');
    const { summarize } = await import('../../src/adapters/office/actions');
    const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
    const { host, excel } = fakeHost(wb);
    expect((await summarize(host, undefined, '2023-06-30')).ok).toBe(true);
    await excel.run(async (ctx: Excel.RequestContext) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('G4:G7').values = [['已完成'], ['进行中'], ['暂缓'], ['已完成']];
      await ctx.sync();
    });
    const dir = tempDir('addin');
    const exported = path.join(dir, 'addin.xlsx');
    writeFileSync(exported, await wb.toXlsx());
    const engine = JSON.parse((await cli('summary', exported, '--json')).stdout);
    expect(engine.asOf).toBe('2023-06-30');
    expect(engine.units.find((u: Row) => u.unit === '法规科')).toMatchObject({ done: 2, inProgress: 1 });
    const calc = summarySheet(recalculate(exported));
    expect(calc.units).toEqual(engine.units);
  });
});

describe('text that looks like a formula stays text after a real engine recalculates', () => {
  test('= + - @ texts in the table show literally on the generated sheets; no formula runs', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('分工');
    ws.addRow(['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限']);
    ws.addRow([1, '=1+1', '+SUM(1,2)', '法规科', '@办公室', '2023年6月底前']);
    ws.addRow([2, '-2', '=HYPERLINK("http://example.invalid","点我")', '=法规科', '办公室', '2023年6月底前']);
    const dir = tempDir('text');
    const input = path.join(dir, 'in.xlsx');
    const out = path.join(dir, 'out.xlsx');
    writeFileSync(input, Buffer.from(await wb.xlsx.writeBuffer()));
    expect((await cli('enrich', input, '-o', out, '--as-of', '2023-06-30')).code).toBe(0);
    const sheets = recalculate(out);
    const fagui = sheets.get('法规科')!;
    expect(fagui[5].slice(0, 3)).toEqual(['1', '=1+1', '+SUM(1,2)']);
    const office = sheets.get('办公室')!;
    expect(office.find((r) => r[0] === '2')!.slice(0, 3)).toEqual(['2', '-2', '=HYPERLINK("http://example.invalid","点我")']);
    const summary = sheets.get('汇总')!;
    const units = summary.slice(4).map((r) => r[0]);
    expect(units).toContain('@办公室');
    expect(units).toContain('=法规科');
    // The COUNTIFS for a name starting with = or @ still counts exactly that name.
    expect(summary.find((r) => r[0] === '=法规科')!.slice(1, 4)).toEqual(['1', '0', '1']);
    expect(summary.find((r) => r[0] === '@办公室')!.slice(1, 4)).toEqual(['0', '1', '1']);
  });
});

describe('a workbook e-mailed to a colleague who opens and saves it in LibreOffice, then enriched again', () => {
  test('generated sheets are still recognized as ours: replaced, not duplicated; typed statuses and 基准日期 kept', async () => {
    const { resaveInLibreOffice } = await import('../helpers/libreoffice');
    const dir = tempDir('resave');
    const first = path.join(dir, 'first.xlsx');
    const resaved = path.join(dir, 'resaved.xlsx');
    const second = path.join(dir, 'second.xlsx');
    expect((await cli('enrich', SAMPLE, '-o', first, '--as-of', '2023-06-30')).code).toBe(0);
    const loaded = await loadWorkbook(readFileSync(first));
    loaded.workbook.getWorksheet('Sheet1')!.getCell('G4').value = '已完成';
    applyPlan(loaded, { ops: [] });
    writeFileSync(resaved, resaveInLibreOffice(await saveWorkbook(loaded)));
    expect((await cli('enrich', resaved, '-o', second)).code).toBe(0);
    const again = await loadWorkbook(readFileSync(second));
    const names = again.workbook.worksheets.map((w) => w.name);
    expect(names.filter((n) => /^(汇总|任务明细|单位名录|法规科)/.test(n)).sort()).toEqual(['任务明细', '单位名录', '汇总', '法规科']);
    expect(names).toHaveLength(new Set(names).size);
    const header = (again.workbook.getWorksheet('Sheet1')!.getRow(3).values as unknown[]).filter(Boolean);
    expect(header.filter((h) => h === '完成状态')).toHaveLength(1);
    const engine = JSON.parse((await cli('summary', second, '--json')).stdout);
    expect(engine.asOf).toBe('2023-06-30');
    expect(engine.units.find((u: { unit: string }) => u.unit === '法规科')).toMatchObject({ done: 1 });
    expect(summarySheet(recalculate(second)).units).toEqual(engine.units);
  });
});
