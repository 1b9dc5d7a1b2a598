// The Office.js adapter against the strict fake Excel API: same results as the CLI, bounded round trips,
// nothing lost on re-run, text never becomes a formula, and clear refusals that write nothing.
import { readFileSync } from 'fs';
import { addStatusColumns, applySuggestion, inspect, setAsOf, summarize, validateToSheet } from '../../src/adapters/office/actions';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import { locateTable } from '../../src/core/workbook';
import { generateTable } from '../../bench/generate';
import { FakeWorkbook } from '../fake-excel';
import { SAMPLE } from '../helpers/sample';
import { comparable, fakeHost, measureCommands } from '../helpers/office';
import { verbose } from '../helpers/verbose';

async function sampleHost(opts: { apiVersion?: string } = {}) {
  const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  return { wb, ...fakeHost(wb, opts) };
}

/** Everything a user could see changed: sheets, names, every cell of every sheet, rules and validations. */
function state(wb: FakeWorkbook) {
  return JSON.stringify({
    sheets: wb.sheetNames(),
    names: wb.names(),
    cells: wb.sheetNames().map((s) => wb.values(s, 'A1:Z60')),
    cf: wb.sheetNames().map((s) => wb.conditionalFormats(s)),
    dv: wb.sheetNames().map((s) => wb.dataValidations(s)),
  });
}

test('validate on the sample gives the same tasks and findings as the CLI engine', async () => {
  const { host } = await sampleHost();
  const outcome = await inspect(host);
  expect(outcome.ok).toBe(true);
  const cli = locateTable((await loadWorkbook(readFileSync(SAMPLE))).input).analysis;
  expect(outcome.analysis!.tasks.map((t) => [t.row, t.seq, t.deadline, t.lead, t.support])).toEqual(cli.tasks.map((t) => [t.row, t.seq, t.deadline, t.lead, t.support]));
  expect(outcome.analysis!.findings).toEqual(cli.findings);
  expect(outcome.message).toBe('校验完成：33 项任务，0 个错误，1 个警告，2 个提示。');
});

test('the ribbon 校验 writes a 校验结果 sheet with a link per finding', async () => {
  const { wb, host } = await sampleHost();
  const outcome = await validateToSheet(host);
  expect(outcome.ok).toBe(true);
  expect(wb.sheetNames()).toContain('校验结果');
  expect(wb.cell('校验结果', 'A4').formula).toBe('=HYPERLINK("#\'Sheet1\'!B25","B25")');
  expect(wb.cell('校验结果', 'B4').value).toBe('警告');
  await validateToSheet(host); // replaced, not duplicated
  expect(wb.sheetNames().filter((s) => s.startsWith('校验结果'))).toEqual(['校验结果']);
});

test('enrich and summarize on the fake write what the CLI writes: columns, rules, validation, sheets', async () => {
  const { wb, host } = await sampleHost();
  expect((await addStatusColumns(host, undefined, '2023-06-30')).ok).toBe(true);
  expect(wb.values('Sheet1', 'G3:K3')).toEqual([['完成状态', '实际完成日期', '进展情况', '截止日期', '剩余天数']]);
  expect(wb.cell('Sheet1', 'J4').value).toBe(45016);
  // One formula for the whole column (formulasR1C1), read back in A1 for each row.
  expect(wb.cell('Sheet1', 'K4').formula).toBe('=IF(OR(G4="已完成",J4=""),"",J4-基准日期)');
  expect(wb.cell('Sheet1', 'K36').formula).toBe('=IF(OR(G36="已完成",J36=""),"",J36-基准日期)');
  expect(wb.conditionalFormats('Sheet1').map((c) => c.range)).toEqual(['A4:K36', 'A4:K36', 'A4:K36']);
  expect(wb.dataValidations('Sheet1').map((d) => d.range)).toEqual(['G4:G36', 'H4:H36']);
  expect(wb.names().find((n) => n.name === '基准日期')!.formula).toBe('=DATE(2023,6,30)');
  const s = await summarize(host);
  expect(s.ok).toBe(true);
  expect(wb.sheetNames().slice(0, 4)).toEqual(['Sheet1', '单位名录', '汇总', '任务明细']);
  expect(wb.sheetNames()).toContain('各县（市、区）应急管理局');
});

test('a re-run after the user typed statuses loses nothing and duplicates nothing', async () => {
  const { wb, excel, host } = await sampleHost();
  await summarize(host, undefined, '2023-06-30');
  await excel.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem('Sheet1');
    ws.getRange('G4:I5').values = [
      ['已完成', 45005, '按期完成'],
      ['进行中', '', '推进中'],
    ];
    await ctx.sync();
  });
  const sheetsBefore = wb.sheetNames();
  await addStatusColumns(host);
  await summarize(host);
  expect(wb.values('Sheet1', 'G4:I5')).toEqual([
    ['已完成', 45005, '按期完成'],
    ['进行中', null, '推进中'],
  ]);
  expect(wb.values('Sheet1', 'L3:P3')).toEqual([[null, null, null, null, null]]);
  expect(wb.sheetNames()).toEqual(sheetsBefore);
  expect(wb.conditionalFormats('Sheet1')).toHaveLength(3);
  expect(wb.names().find((n) => n.name === '基准日期')!.formula).toBe('=DATE(2023,6,30)'); // kept, not reset to TODAY()
});

test('cells that begin with = + - @ stay text in generated sheets', async () => {
  const wb = FakeWorkbook.fromGrids([
    {
      name: '分工',
      values: [
        ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'],
        // Stored text (as a user gets it by typing with a leading apostrophe): not formulas.
        [1, '=HYPERLINK("http://evil","点我")', '+1+1', '法规科', '@办公室', '2023年6月底前'],
        [2, "-cmd|' /C calc'!A0", '内容', '办公室', '法规科', '2023年6月底前'],
      ],
    },
  ]);
  const { host } = fakeHost(wb);
  expect(wb.cell('分工', 'B2')).toMatchObject({ value: '=HYPERLINK("http://evil","点我")', formula: null });
  const out = await summarize(host, undefined, '2023-06-30');
  expect(out.ok).toBe(true);
  // Long texts are shown by reference: the formula holds only the address, never the user's text. (Excel reads the
  // reference back without the quotes the engine wrote: '分工'! → 分工!.)
  // 任务明细 holds the 序号 as text and reads titles from the table by row; unit sheets read 任务明细 by row.
  const detailRow = wb.values('任务明细', 'C1:C10').findIndex((r) => r[0] === '2') + 1;
  expect(wb.cell('任务明细', `C${detailRow}`)).toMatchObject({ value: '2', formula: null });
  expect(wb.cell('任务明细', `H${detailRow}`).formula).toBe(`=""&INDEX(分工!$B:$B,$D${detailRow}-$K${detailRow})`);
  expect(wb.cell('法规科', 'B6').formula).toMatch(/^=INDEX\(任务明细!\$H:\$H,ROW\(\)[-+]\d+\)$/);
  expect(wb.cell('法规科', 'C6').formula).toMatch(/^=""&INDEX\(分工!\$C:\$C,INDEX\(任务明细!\$D:\$D,ROW\(\)[-+]\d+\)\)$/);
  for (const sheet of ['任务明细', '法规科', '办公室'])
    for (let r = 1; r <= 12; r++)
      for (const c of 'ABCDEFGHIJKL') expect(String(wb.cell(sheet, `${c}${r}`).formula ?? '')).not.toMatch(/evil|\+1\+1|calc/);
  // The unknown unit "@办公室" is flagged and written as text in 汇总.
  const units = wb.values('汇总', 'A4:A30').map((r) => r[0]).filter(Boolean);
  expect(units).toContain('@办公室');
  const row = units.indexOf('@办公室') + 4;
  expect(wb.cell('汇总', `A${row}`).formula).toBeNull();
});

test('a protected table sheet: a clear Chinese message and not one cell written', async () => {
  const { wb, excel, host } = await sampleHost();
  wb.protect('Sheet1');
  const before = state(wb);
  const out = await summarize(host, undefined, '2023-06-30');
  expect(out.ok).toBe(false);
  expect(out.message).toMatch(/工作表“Sheet1”受保护，无法写入/);
  expect(state(wb)).toBe(before);
  expect(out.stats).toBeUndefined();
  expect(excel.stats.syncs).toBe(3); // take the lock, the read, give the lock back: no write was attempted
});

test('a host too old for the required API: a clear Chinese message, nothing read or written', async () => {
  const { wb, excel, host } = await sampleHost({ apiVersion: '1.5' });
  const before = state(wb);
  const out = await addStatusColumns(host);
  expect(out.ok).toBe(false);
  expect(out.message).toMatch(/此版本的 Excel 不支持分工表助手需要的功能（ExcelApi 1.13）/);
  expect(state(wb)).toBe(before);
  expect(excel.stats.syncs).toBe(0);
});

test('no table on the active sheet: the reason, and the workbook unchanged', async () => {
  const wb = FakeWorkbook.fromGrids([{ name: '通讯录', values: [['姓名', '电话'], ['张三', '123']] }]);
  const { host } = fakeHost(wb);
  const before = state(wb);
  const out = await summarize(host);
  expect(out).toMatchObject({ ok: false });
  expect(out.message).toMatch(/当前工作表“通讯录”中没有找到责任分工表/);
  expect(state(wb)).toBe(before);
});

test('applying a suggestion rewrites only that fragment of that cell', async () => {
  const wb = FakeWorkbook.fromGrids([
    {
      name: '分工',
      values: [
        ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'],
        [1, '任务', '内容', '法规科', '办公室、规才科、各县（市、区）应急管理局', '2023年6月底前'],
      ],
    },
  ]);
  const { host } = fakeHost(wb);
  const a = (await inspect(host)).analysis!;
  const finding = a.findings.find((f) => f.code === 'unit.unknown')!;
  expect(finding).toMatchObject({ cell: 'E2', fragment: '规才科', suggestions: ['规财科'] });
  const before = wb.values('分工', 'A1:F2');
  expect((await applySuggestion(host, finding, '规财科')).ok).toBe(true);
  const after = wb.values('分工', 'A1:F2');
  expect(after[1][4]).toBe('办公室、规财科、各县（市、区）应急管理局');
  after[1][4] = before[1][4];
  expect(after).toEqual(before);
  expect((await inspect(host)).analysis!.findings).toEqual([]);
});

test('setting 基准日期 back to today writes =TODAY()', async () => {
  const { wb, host } = await sampleHost();
  await setAsOf(host, '2023-06-30');
  await setAsOf(host, null);
  expect(wb.names().filter((n) => n.name === '基准日期')).toEqual([{ name: '基准日期', formula: '=TODAY()' }]);
});

describe('round trips do not grow with the table', () => {
  const sizes = [100, 1000, 10000];
  const results: Record<number, Record<string, { syncs: number; writeSyncs: number; maxBytes: number }>> = {};

  beforeAll(async () => {
    for (const n of sizes) {
      results[n] = {};
      for (const r of await measureCommands(await generateTable(n), '2023-06-30')) results[n][r.command] = { syncs: r.syncs, writeSyncs: r.writeSyncs, maxBytes: r.maxRequestBytes };
    }
    if (process.env.FENGONG_VERBOSE)
      console.log(
      ['tasks  | command   | syncs | largest request', ...sizes.flatMap((n) => Object.entries(results[n]).map(([c, r]) => `${String(n).padEnd(6)} | ${c.padEnd(9)} | ${String(r.syncs).padStart(5)} | ${(r.maxBytes / 1024).toFixed(0)} KiB`))].join('\n'),
    );
  }, 600000);

  test('validate: one read, at every size', () => {
    for (const n of sizes) expect(results[n].validate.syncs).toBe(1);
  });

  test('enrich: the same number of round trips at 100, 1,000 and 10,000 tasks', () => {
    expect(results[1000].enrich.syncs).toBe(results[100].enrich.syncs);
    expect(results[10000].enrich.syncs).toBe(results[100].enrich.syncs);
  });

  // At 10,000 tasks the build part (汇总, 任务明细 and the unit sheets) is more than 4.5 MiB as office.js serialises
  // it (payload.test: 4 requests, the largest 4.13 MiB), so it goes in two round trips; one more, not one per sheet.
  test('summarize: one write round trip per part (build, change, swap) at 100 and 1,000 tasks; at 10,000 the build part in two', () => {
    expect(sizes.map((n) => [n, results[n].summarize.writeSyncs])).toEqual([[100, 3], [1000, 3], [10000, 4]]);
    for (const n of sizes) expect(results[n].summarize.maxBytes).toBeLessThan(5 * 1024 * 1024);
  });
});

test('a round trip is added only when the budget is full: two neighbours of one part never fit together', async () => {
  const budget = 40000;
  const { host } = fakeHost(await FakeWorkbook.fromXlsx(readFileSync(SAMPLE)), { payloadBudget: budget });
  const out = await summarize(host, undefined, '2023-06-30');
  const { bytes, phases } = out.stats!;
  expect(bytes.length).toBeGreaterThan(6);
  for (let i = 1; i < bytes.length; i++) {
    expect(bytes[i]).toBeLessThanOrEqual(budget);
    if (phases![i] === phases![i - 1]) expect(bytes[i - 1] + bytes[i]).toBeGreaterThan(budget);
  }
});

test('two 汇总 at once on one workbook (task pane and ribbon: two runtimes): one clean run, the other refused with a message', async () => {
  const clean = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  expect((await summarize(fakeHost(clean).host, undefined, '2023-06-30')).ok).toBe(true);
  const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  const pane = fakeHost(wb).host;
  const ribbon = fakeHost(wb).host;
  const outs = await Promise.all([summarize(pane, undefined, '2023-06-30'), summarize(ribbon, undefined, '2023-06-30'), summarize(pane, undefined, '2023-06-30')]);
  expect(outs.map((o) => o.ok)).toEqual([true, false, false]);
  for (const o of outs.slice(1)) expect(o.message).toMatch(/另一个分工表助手命令.*正在处理此工作簿.*工作簿未作任何改动/);
  expect(comparable(wb)).toEqual(comparable(clean));
  expect(wb.names().some((n) => n.name === '_fengong_busy')).toBe(false); // given back
});
