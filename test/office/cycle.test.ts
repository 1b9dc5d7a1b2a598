// The task pane's 督办 actions (SPEC §9) on the strict fake Excel: 导出各单位清单 opens one workbook per unit with
// Excel.createWorkbook and writes nothing; 催办 reads only; 合并回报 writes exactly what its report lists, or nothing.
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { Host, addStatusColumns, inspect, mergeReturns, openUnitLists, remind } from '../../src/adapters/office/actions';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import { Analysis } from '../../src/core/check/analyze';
import { MergeReport, reminders, unitListCounts } from '../../src/core/cycle/cycle';
import { isoToExcelSerial } from '../../src/core/read/deadline';
import { locateTable, notAWorkbook } from '../../src/core/workbook';
import { chineseDate } from '../../src/core/dates';
import { readReturnedFiles, unitWorkbooks } from '../../src/taskpane/xlsx';
import { run } from '../../src/cli/main';
import { FakeWorkbook } from '../fake-excel';
import { comparable, fakeHost } from '../helpers/office';
import { SAMPLE } from '../helpers/sample';
import { expectUnitList, playReturns, writeFiles } from '../helpers/unit-lists';
import { tempDir } from '../helpers/temp';

const AS_OF = '2023-06-30';

/** The sample with status columns and 基准日期 2023-06-30, on the fake. */
async function enriched() {
  const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  const { host, excel } = fakeHost(wb);
  expect((await addStatusColumns(host, undefined, AS_OF)).ok).toBe(true);
  const analysis = (await inspect(host)).analysis!;
  excel.reset();
  return { wb, host, excel, analysis };
}

const bytesOf = (base64: string) => Buffer.from(base64, 'base64');

describe('导出各单位清单', () => {
  test('one workbook per unit, opened with Excel.createWorkbook; the open workbook is not written to', async () => {
    const { wb, host, excel, analysis } = await enriched();
    const before = comparable(wb);
    const outcome = await openUnitLists(host, unitWorkbooks);
    expect(outcome.ok).toBe(true);
    const units = unitListCounts(analysis);
    expect(units).toHaveLength(16);
    expect(outcome.opened).toEqual(units.map((u) => u.unit));
    expect(excel.created).toHaveLength(units.length);
    expect(outcome.message).toBe(`已为 16 个单位各打开一份任务清单（共 ${units.reduce((n, u) => n + u.tasks, 0)} 项次）。可在新窗口中用“文件 > 共享”发送给该单位。`);
    // One read, then one createWorkbook round trip per unit, and no write.
    expect(excel.stats.syncs).toBe(1 + units.length);
    expect(comparable(wb)).toEqual(before);
  });

  test('a unit’s workbook: its tasks, the 完成状态 dropdown, the hidden key, the master’s fixed 基准日期 and reply-by date', async () => {
    const { host, excel, analysis } = await enriched();
    expect((await openUnitLists(host, unitWorkbooks, { units: ['法规科'] })).message).toMatch(/^已在新窗口中打开“法规科”的任务清单（\d+ 项任务）。/);
    expect(excel.created).toHaveLength(1);
    const fake = await expectUnitList(bytesOf(excel.created[0]), analysis, '法规科', '=DATE(2023,6,30)');
    expect(String(fake.cell('法规科', 'A2').value)).toContain('于 2023年7月7日 前发回原发送人');
  });

  test('the reply-by date and recipient the user gives reach the instruction', async () => {
    const { host, excel } = await enriched();
    expect((await openUnitLists(host, unitWorkbooks, { units: ['办公室'], replyBy: '2023-07-10', returnTo: '督查室' })).ok).toBe(true);
    const fake = await FakeWorkbook.fromXlsx(bytesOf(excel.created[0]));
    expect(String(fake.cell('办公室', 'A2').value)).toContain('于 2023年7月10日 前发回督查室');
  });

  test('refusals open nothing: a unit without tasks, a build that fails', async () => {
    const { host, excel } = await enriched();
    const none = await openUnitLists(host, unitWorkbooks, { units: ['不存在的科'] });
    expect(none).toEqual(expect.objectContaining({ ok: false, message: '“不存在的科”在当前表格中没有任务，请重新校验后再试。工作簿未作任何改动。' }));
    const broken = await openUnitLists(host, async () => {
      throw new Error('out of memory');
    });
    expect(broken.ok).toBe(false);
    expect(broken.message).toBe('操作未完成：out of memory。请重试；如果问题持续，请保存工作簿后重新打开。工作簿未作任何改动。');
    expect(excel.created).toEqual([]);
  });

  test('Excel stops opening part-way: the message names what opened and what did not', async () => {
    const { wb, excel } = await enriched();
    const { host } = fakeHost(wb);
    const flaky: Host = {
      ...host,
      createWorkbook: async (base64) => {
        await excel.createWorkbook(base64);
        if (excel.created.length === 1) excel.inject({ at: 1, offline: true });
      },
    };
    const outcome = await openUnitLists(flaky, unitWorkbooks, { units: ['法规科', '办公室', '规财科'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toBe('已打开 1 个单位的清单（法规科），“办公室”等 2 个单位的清单未能打开：与 Excel 的连接中断。请重试；原工作簿未作任何改动。');
    expect(outcome.opened).toEqual(['法规科']);
  });
});

describe('催办', () => {
  test('the notices as of the workbook’s 基准日期, as the engine writes them for the file; nothing written', async () => {
    const { wb, host, excel } = await enriched();
    const before = comparable(wb);
    const outcome = await remind(host);
    expect(outcome.ok).toBe(true);
    expect(excel.stats.syncs).toBe(1);
    expect(comparable(wb)).toEqual(before);
    const loaded = await loadWorkbook(await wb.toXlsx());
    const expected = reminders(locateTable(loaded.input), loaded.input, AS_OF);
    expect(outcome.reminders).toEqual({ asOf: AS_OF, list: expected });
    // Facts of the sample, read off the table: before 2023-06-30 fall 序号1–4 (2023年3月底前) and 序号5 (每月, last due
    // 2023-05-31, no reply); 各安全生产监管业务科室 is 矿山、危化、工贸、救援协调和预案管理科 and 办公室.
    const county = '各县（市、区）应急管理局';
    const overdue = Object.fromEntries(outcome.reminders!.list.filter((r) => r.overdue.length).map((r) => [r.unit, r.overdue.map((t) => t.seq)]));
    expect(overdue).toEqual({
      法规科: ['1', '2', '3', '4', '5'],
      [county]: ['1', '2', '3', '4', '5'],
      市应急管理综合行政执法支队: ['1', '2', '3', '5'],
      办公室: ['1', '3', '5'],
      矿山安全监督管理科: ['1', '3', '5'],
      危险化学品安全监督管理科: ['1', '3', '5'],
      工贸行业安全监督管理科: ['1', '3', '5'],
      救援协调和预案管理科: ['1', '3', '5'],
      防汛减灾科: ['2'],
      火灾防治科: ['2'],
      综合减灾科: ['2'],
      地震地灾防治科: ['2'],
      市防灾减灾中心地震地灾应急科: ['2'],
    });
    expect(outcome.message).toBe(`截至 ${chineseDate(AS_OF)}，${expected.length} 个单位有逾期或 7 天内到期的任务。`);
  });
});

describe('合并回报', () => {
  const dir = tempDir('pane-merge');

  /** The lists the pane opened (in the order of `units`), filled and sent back as units would. */
  const returns = (excel: { created: string[] }, analysis: Analysis, units: string[]) => playReturns((unit) => bytesOf(excel.created[units.indexOf(unit)]), analysis);

  test('writes exactly the report’s changes into the status columns, and reports what the CLI reports', async () => {
    const { wb, host, excel, analysis } = await enriched();
    const units = (await openUnitLists(host, unitWorkbooks)).opened!;
    const { conflict, files } = await returns(excel, analysis, units);
    const master = path.join(dir, 'master.xlsx');
    writeFileSync(master, await wb.toXlsx());
    const before = wb.values('Sheet1', 'A1:K40');

    // As the pane does: the files' bytes as ArrayBuffers, read by the lazy chunk, then the action.
    const read = await readReturnedFiles([...files.map((f) => ({ name: f.name, data: new Uint8Array(f.data).buffer })), { name: '坏文件.xlsx', data: new TextEncoder().encode('不是工作簿').buffer }]);
    expect(read.unreadable).toEqual(['坏文件.xlsx']);
    const outcome = await mergeReturns(host, read.returns);
    expect(outcome.ok).toBe(true);
    const report = outcome.report!;
    expect(outcome.message).toBe(`合并完成：采用 ${report.applied.length} 处，冲突 1 处，未采用 ${report.ignored.length} 处。`);
    expect(report.ignored.filter((i) => i.file === '坏文件.xlsx')).toEqual([{ file: '坏文件.xlsx', reason: notAWorkbook('坏文件.xlsx') }]);
    expect(report.conflicts.map((c) => c.seq)).toEqual([conflict]);
    expect(report.ignored.some((i) => /序号“99”“自行加的一行”）在原表中找不到对应的任务/.test(i.reason))).toBe(true);

    // Every cell as before, except the ones the report lists, which hold the new value.
    const column: Record<string, number> = { 完成状态: 6, 实际完成日期: 7, 进展情况: 8 };
    const after = wb.values('Sheet1', 'A1:K40');
    const listed = new Map(report.applied.map((a) => [`${a.row - 1},${column[a.field]}`, a]));
    expect(listed.size).toBe(report.applied.length);
    for (let r = 0; r < 40; r++)
      for (let c = 0; c < 11; c++) {
        const a = listed.get(`${r},${c}`);
        const want = !a ? before[r][c] : a.field === '实际完成日期' ? isoToExcelSerial(a.to) : a.to;
        expect([r, c, after[r][c]]).toEqual([r, c, want]);
      }
    expect(report.applied.filter((a) => a.field === '完成状态')).toHaveLength(4);
    expect(report.applied.filter((a) => a.field === '实际完成日期').map((a) => a.to)).toEqual(['2023-06-20', '2023-06-20', '2023-06-20']);
    expect(wb.cell('Sheet1', `H${report.applied.find((a) => a.field === '实际完成日期')!.row}`).numberFormat).not.toBe('General');

    // The CLI on the same master and files reports the same, the bad file listed and the rest merged alike.
    const paths = writeFiles(dir, [...files, { name: '坏文件.xlsx', data: new TextEncoder().encode('不是工作簿') }]);
    let stdout = '';
    expect(await run(['merge', master, ...paths, '-o', path.join(dir, 'merged.xlsx'), '--json'], { out: (s) => void (stdout += s), err: () => undefined })).toBe(0);
    const cli = JSON.parse(stdout) as MergeReport;
    expect(cli).toEqual(report);
  });

  test('nothing to apply: no write round trip, the workbook as it was, the bad file explained', async () => {
    const { wb, host, excel } = await enriched();
    const units = (await openUnitLists(host, unitWorkbooks, { units: ['法规科'] })).opened!;
    expect(units).toEqual(['法规科']);
    const before = comparable(wb);
    const read = await readReturnedFiles([
      { name: '法规科-任务清单.xlsx', data: bytesOf(excel.created[0]) },
      { name: '通知.docx', data: Buffer.from('PK\u0003\u0004 not really a zip') },
    ]);
    excel.reset();
    const outcome = await mergeReturns(host, read.returns);
    expect(outcome.ok).toBe(true);
    expect(outcome.stats).toBeUndefined();
    expect(excel.stats.syncs).toBe(3); // lock, the read, unlock: nothing written
    expect(comparable(wb)).toEqual(before);
    expect(outcome.report).toEqual({
      applied: [],
      conflicts: [],
      dissent: [],
      ignored: [{ file: '通知.docx', reason: notAWorkbook('通知.docx') }],
      files: [
        { file: '法规科-任务清单.xlsx', unit: '法规科', used: true },
        { file: '通知.docx', used: false },
      ],
    });
    expect(outcome.message).toBe('合并完成：采用 0 处，冲突 0 处，未采用 1 处。没有可写入原表的内容，各条回报已记入“反馈记录”。');
  });

  test('a master without status columns gets them, staged, with the merged values', async () => {
    const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
    const { host, excel } = fakeHost(wb);
    const analysis = (await inspect(host)).analysis!;
    const units = (await openUnitLists(host, unitWorkbooks)).opened!;
    const { files } = await returns(excel, analysis, units);
    const read = await readReturnedFiles(files);
    const outcome = await mergeReturns(host, read.returns);
    expect(outcome.ok).toBe(true);
    expect(wb.values('Sheet1', 'G3:I3')).toEqual([['完成状态', '实际完成日期', '进展情况']]);
    const statuses = outcome.report!.applied.filter((x) => x.field === '完成状态');
    expect(statuses).toHaveLength(4); // 法规科's three and 办公室's one; the conflict applies nothing
    for (const a of statuses) expect(wb.cell('Sheet1', `G${a.row}`).value).toBe(a.to);
    expect(wb.sheetNames().some((s) => s.startsWith('~'))).toBe(false);
  });
});
