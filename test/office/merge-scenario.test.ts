// Issue 14's scenario, merged through the task pane's code path on the fake and through the CLI: units that
// disagree, a half-written reply, one unit sending two files, a return of another table, a file that is no
// workbook. Then 催报: remind --since names exactly the units with open tasks that have not replied.
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { Host, addStatusColumns, mergeReturns, openUnitLists, remind as paneRemind } from '../../src/adapters/office/actions';
import { MergeReport } from '../../src/core/cycle/cycle';
import { isoToExcelSerial } from '../../src/core/read/deadline';
import { notAWorkbook } from '../../src/core/workbook';
import { readReturnedFiles, unitWorkbooks } from '../../src/taskpane/xlsx';
import { run } from '../../src/cli/main';
import { FakeWorkbook } from '../fake-excel';
import { fakeHost } from '../helpers/office';
import { SAMPLE } from '../helpers/sample';
import { ZHIDUI, openList, writeFiles } from '../helpers/unit-lists';
import { tempDir } from '../helpers/temp';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const AS_OF = '2023-07-01';
const COUNTY = '各县（市、区）应急管理局';
const record = (完成状态: string, 实际完成日期 = '', 进展情况 = '') => ({ 完成状态, 实际完成日期, 进展情况 });

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

/**
 * The returns, as units fill them: on 序号1 the lead 法规科 says 进行中 (no date) and the counties 已完成 2023-06-20;
 * on 序号3 (no lead reply) the counties say 已完成 and the 执法支队 进行中; 办公室 (lead of 序号6) first sends 进行中,
 * then a second file with 完成 and 6月15日 as typed text; a return of another table; a file that is no workbook.
 */
async function scenario(listOf: (unit: string) => Uint8Array) {
  const fagui = await openList(listOf('法规科'));
  fagui.fill('1', '进行中', undefined, '正在修订');
  const county = await openList(listOf(COUNTY));
  county.fill('1', '已完成', '2023-06-20');
  county.fill('3', '已完成', '2023-06-25', '已全部完成');
  const corps = await openList(listOf(ZHIDUI));
  corps.fill('3', '进行中', undefined, '推进中');
  const office1 = await openList(listOf('办公室'));
  office1.fill('6', '进行中');
  const office2 = await openList(listOf('办公室'));
  const r6 = office2.rowOfSeq('6');
  office2.ws.getCell(r6, office2.col('完成状态')).value = '完成';
  office2.ws.getCell(r6, office2.col('实际完成日期')).value = '6月15日';
  office2.ws.getCell(r6, office2.col('进展情况')).value = '已印发';
  const other = new ExcelJS.Workbook();
  const ws = other.addWorksheet('Sheet1');
  ws.addRow(['序号', '目标任务', '牵头单位', '完成时限', '完成状态']);
  ws.addRow([1, '别的表的任务', '法规科', '2023年12月底前', '已完成']);
  ws.addRow([2, '又一项别的任务', '法规科', '2023年12月底前', '进行中']);
  return [
    { name: '法规科-回报.xlsx', data: await fagui.bytes() },
    { name: `${COUNTY}-回报.xlsx`, data: await county.bytes() },
    { name: `${ZHIDUI}-回报.xlsx`, data: await corps.bytes() },
    { name: '办公室-回报.xlsx', data: await office1.bytes() },
    { name: '办公室-回报（更正）.xlsx', data: await office2.bytes() },
    { name: '法规科-另一张表.xlsx', data: Buffer.from(await other.xlsx.writeBuffer()) },
    { name: '坏文件.xlsx', data: Buffer.from('不是工作簿') },
  ];
}

describe('issue 14 scenario: disagreeing units merged through the pane and the CLI', () => {
  const dir = tempDir('scenario');
  let wb: FakeWorkbook;
  let report: MergeReport;
  let before: unknown[][];
  const master = path.join(dir, 'master.xlsx');
  const merged = path.join(dir, 'merged.xlsx');
  let paths: string[];
  let host: Host;

  beforeAll(async () => {
    wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
    const fake = fakeHost(wb);
    host = fake.host;
    const excel = fake.excel;
    expect((await addStatusColumns(host, undefined, AS_OF)).ok).toBe(true);
    writeFileSync(master, await wb.toXlsx());
    before = wb.values('Sheet1', 'G4:I36');
    const units = (await openUnitLists(host, unitWorkbooks)).opened!;
    const files = await scenario((unit) => Buffer.from(excel.created[units.indexOf(unit)], 'base64'));
    paths = writeFiles(dir, files);
    const read = await readReturnedFiles(files);
    const outcome = await mergeReturns(host, read.returns);
    expect(outcome.ok).toBe(true);
    report = outcome.report!;
  });

  test('each task holds exactly one unit’s whole record or its old values; no date without 已完成', () => {
    const after = wb.values('Sheet1', 'G4:I36');
    const rowOf = (seq: number) => seq - 1; // 序号 n is sheet row n + 3
    expect(after[rowOf(1)]).toEqual(['进行中', null, '正在修订']); // the lead's record, whole: no county date
    expect(after[rowOf(3)]).toEqual(before[rowOf(3)]); // a conflict: the master unchanged
    expect(after[rowOf(6)]).toEqual(['已完成', isoToExcelSerial('2023-06-15'), '已印发']); // 完成 / 6月15日 read
    after.forEach((r, i) => {
      if (i !== rowOf(1) && i !== rowOf(6)) expect([i, r]).toEqual([i, before[i]]);
      if (r[1] !== null && r[1] !== '') expect(r[0]).toBe('已完成');
    });
  });

  test('the report lists the dissent, the conflict, the replaced file, the other table and the bad file', () => {
    expect(report.dissent).toEqual([{ seq: '1', row: 4, unit: COUNTY, role: '配合', file: `${COUNTY}-回报.xlsx`, values: record('已完成', '2023-06-20'), against: '法规科' }]);
    expect(report.conflicts).toEqual([
      {
        seq: '3',
        row: 6,
        kept: record(''),
        records: [
          { unit: COUNTY, role: '配合', file: `${COUNTY}-回报.xlsx`, values: record('已完成', '2023-06-25', '已全部完成') },
          { unit: ZHIDUI, role: '配合', file: `${ZHIDUI}-回报.xlsx`, values: record('进行中', '', '推进中') },
        ],
      },
    ]);
    expect(report.ignored).toEqual([
      { file: '法规科-另一张表.xlsx', unit: '法规科', reason: expect.stringMatching(/^不属于本表/) },
      { file: '坏文件.xlsx', reason: notAWorkbook('坏文件.xlsx') },
      { file: '办公室-回报.xlsx', seq: '6', unit: '办公室', reason: '办公室对序号“6”的回报以较后的文件“办公室-回报（更正）.xlsx”为准，替换了“办公室-回报.xlsx”中的回报' },
    ]);
    expect(report.applied.map((a) => [a.seq, a.unit, a.field, a.to])).toEqual([
      ['1', '法规科', '完成状态', '进行中'],
      ['1', '法规科', '进展情况', '正在修订'],
      ['6', '办公室', '完成状态', '已完成'],
      ['6', '办公室', '实际完成日期', '2023-06-15'],
      ['6', '办公室', '进展情况', '已印发'],
    ]);
  });

  test('every reply is in 反馈记录, with its outcome', () => {
    const rows = wb.values('反馈记录', 'A1:J7');
    expect(rows[0]).toEqual(['收到日期', '单位', '序号', '目标任务', '完成状态', '实际完成日期', '进展情况', '来源文件', '处理结果', '说明']);
    const got = rows.slice(1).map((r) => [r[1], r[2], r[4], r[7], r[8]]);
    expect(got.sort()).toEqual(
      [
        ['法规科', '1', '进行中', '法规科-回报.xlsx', '采用'],
        [COUNTY, '1', '已完成', `${COUNTY}-回报.xlsx`, '未采用'],
        [COUNTY, '3', '已完成', `${COUNTY}-回报.xlsx`, '冲突'],
        [ZHIDUI, '3', '进行中', `${ZHIDUI}-回报.xlsx`, '冲突'],
        ['办公室', '6', '进行中', '办公室-回报.xlsx', '未采用'],
        ['办公室', '6', '已完成', '办公室-回报（更正）.xlsx', '采用'],
      ].sort(),
    );
    expect(wb.values('反馈记录', 'A8:B8')).toEqual([[null, null]]);
  });

  test('the CLI on the same master and files: the same report, the same cells', async () => {
    const r = await cli('merge', master, ...paths, '-o', merged, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(report);
    const cliWb = await FakeWorkbook.fromXlsx(readFileSync(merged));
    expect(cliWb.values('Sheet1', 'G4:I36')).toEqual(wb.values('Sheet1', 'G4:I36'));
    // Text output names the dissenting unit and its file.
    const text = await cli('merge', master, ...paths, '-o', path.join(dir, 'merged-text.xlsx'));
    expect(text.stdout).toContain(`[不一致] 第 4 行（序号 1）${COUNTY}（配合，${COUNTY}-回报.xlsx）报 已完成 2023-06-20，未采用；现为法规科的记录`);
    expect(text.stdout).toContain('[冲突] 第 6 行（序号 3）：');
  });

  test('no usable return at all: exit 2, nothing written', async () => {
    const out = path.join(dir, 'none.xlsx');
    const r = await cli('merge', master, paths[5], paths[6], '-o', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^没有一份回报文件可以合并/);
    expect(() => readFileSync(out)).toThrow();
  });

  test('remind --since after the merge names exactly the units with open tasks and no reply since the date', async () => {
    const summary = JSON.parse((await cli('summary', merged, '--json', '--as-of', AS_OF)).stdout);
    const replied = ['法规科', COUNTY, ZHIDUI, '办公室'];
    // Every unit with a task still has one not 已完成 (only 序号6 is done, and 办公室 has others).
    const expected = summary.units.filter((u: Json) => u.total > u.done && !replied.includes(u.unit)).map((u: Json) => u.unit);
    expect(expected).toHaveLength(12);
    const remind = JSON.parse((await cli('remind', merged, '--json', '--as-of', AS_OF, '--since', '2023-06-01')).stdout);
    expect(remind.units.filter((u: Json) => u.notReported).map((u: Json) => u.unit).sort()).toEqual(expected.sort());
    for (const u of replied) expect(remind.units.find((x: Json) => x.unit === u)?.notReported).toBe(false);
    const silent = remind.units.find((u: Json) => u.unit === '调统科');
    expect(silent.text).toMatch(/^关于请调统科报送任务进展情况的提醒/);
    expect(silent.text).toContain('自 2023年6月1日 以来，尚未收到贵单位对所承担任务进展情况的反馈');
    // The pane's 催办 with a 起始日期 gives the same units.
    const pane = await paneRemind(host, { since: '2023-06-01' });
    expect(pane.reminders!.list.filter((r: Json) => r.notReported).map((r: Json) => r.unit).sort()).toEqual(expected.sort());
    expect(pane.message).toMatch(/。12 个单位自起始日期以来未反馈进展。$/);
    // A date after every reply: all units with open tasks are asked again.
    const later = JSON.parse((await cli('remind', merged, '--json', '--as-of', AS_OF, '--since', '2999-01-01')).stdout);
    expect(later.units.filter((u: Json) => u.notReported).length).toBe(16);
  });

  test('a second merge in the pane appends to 反馈记录 under the rows already there', async () => {
    const again = await readReturnedFiles([{ name: '法规科-回报.xlsx', data: readFileSync(paths[0]) }]);
    const outcome = await mergeReturns(host, again.returns);
    expect(outcome.ok).toBe(true);
    expect(wb.sheetNames().filter((n) => n.startsWith('反馈记录'))).toEqual(['反馈记录']);
    // The first six rows as they were; 法规科's reply once more (the same record: nothing new to write).
    expect(wb.values('反馈记录', 'B2:C8').map((r) => r.join('#'))).toHaveLength(7);
    expect(wb.values('反馈记录', 'B8:I8')[0]).toEqual(['法规科', '1', expect.any(String), '进行中', null, '正在修订', '法规科-回报.xlsx', '采用']);
    expect(wb.values('反馈记录', 'J8')[0][0]).toBe('与原表一致');
  });
});
