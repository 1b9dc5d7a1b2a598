// A table typed without a header row, through the CLI: --map … --header-row 0 once, then every later command on the
// enriched file reads the mapping saved in it (SPEC §7, issue 14 "Mapping that sticks"); and --map refusals.
import ExcelJS from 'exceljs';
import { readFileSync } from 'fs';
import * as path from 'path';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import { storedAsOf } from '../../src/core/workbook';
import { run } from '../../src/cli/main';
import { openList } from '../helpers/unit-lists';
import { tempDir } from '../helpers/temp';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

/** Four tasks from row 1, no header: 序号, 目标任务, 牵头单位, 配合单位, 完成时限. */
const ROWS = [
  [1, '修订执法文书', '法规科', '办公室', '2023年3月底前'],
  [2, '开展执法培训', '办公室', '法规科', '2023年6月底前'],
  [3, '执法案卷评查', '法规科', '', '2023年12月底前'],
  [4, '信息公开', '办公室', '', '2023年9月底前'],
];
const MAP = 'seq=A,task=B,lead=C,support=D,deadline=E';

describe('a table without a header row', () => {
  const dir = tempDir('headerless');
  const input = path.join(dir, 'headerless.xlsx');
  const out = path.join(dir, 'out.xlsx');

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('任务');
    ROWS.forEach((r) => ws.addRow(r));
    await wb.xlsx.writeFile(input);
    const r = await cli('enrich', input, '-o', out, '--map', MAP, '--header-row', '0', '--as-of', '2023-07-01');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('--header-row 0 reads every row from the first as a task (none taken for a header)', async () => {
    const r = JSON.parse((await cli('inspect', input, '--map', MAP, '--header-row', '0', '--json')).stdout);
    expect(r.tasks.map((t: Json) => [t.row, t.seq])).toEqual([
      [1, '1'],
      [2, '2'],
      [3, '3'],
      [4, '4'],
    ]);
    // The first task row is left as it was: no status header written over it.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect((wb.getWorksheet('任务')!.getRow(1).values as unknown[]).slice(1, 6)).toEqual(ROWS[0]);
  });

  test('summary, remind and split on the output need no --map, and count every task', async () => {
    const summary = JSON.parse((await cli('summary', out, '--json')).stdout);
    expect(summary.asOf).toBe('2023-07-01');
    const row = (u: string) => summary.units.find((x: Json) => x.unit === u);
    // 法规科 leads 1 and 3 and supports 2; 办公室 leads 2 and 4 and supports 1. Overdue on 2023-07-01: 1 and 2.
    expect([row('法规科').lead, row('法规科').support, row('法规科').overdue]).toEqual([2, 1, 2]);
    expect([row('办公室').lead, row('办公室').support, row('办公室').overdue]).toEqual([2, 1, 2]);
    const remind = JSON.parse((await cli('remind', out, '--json')).stdout);
    expect(remind.units.map((u: Json) => [u.unit, u.overdue.map((t: Json) => t.seq)])).toEqual([
      ['法规科', ['1', '2']],
      ['办公室', ['1', '2']],
    ]);
    // split without --as-of: the lists carry the workbook's stored 基准日期, and its reply-by date follows it.
    const lists = path.join(dir, 'lists');
    expect((await cli('split', out, '-o', lists)).code).toBe(0);
    const list = await openList(path.join(lists, '法规科-任务清单.xlsx'));
    expect(storedAsOf((await loadWorkbook(readFileSync(path.join(lists, '法规科-任务清单.xlsx')))).input)).toBe('2023-07-01');
    expect(String(list.ws.getCell('A2').value)).toMatch(/于 2023(-07-08|年7月8日) 前发回/);
    expect(list.ws.getColumn(1).values.filter((v) => typeof v === 'number' || /^\d$/.test(String(v))).map(String)).toEqual(['1', '2', '3']);
  });

  test('merge on the output needs no --map: the reply lands in the status column beside the task', async () => {
    const lists = path.join(dir, 'lists2');
    expect((await cli('split', out, '-o', lists)).code).toBe(0);
    const list = await openList(path.join(lists, '法规科-任务清单.xlsx'));
    list.fill('3', '已完成', '2023-06-28', '已完成评查');
    const back = path.join(dir, '法规科-回报.xlsx');
    await list.wb.xlsx.writeFile(back);
    const merged = path.join(dir, 'merged.xlsx');
    const r = await cli('merge', out, back, '-o', merged, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).applied.map((a: Json) => [a.seq, a.field, a.to])).toEqual([
      ['3', '完成状态', '已完成'],
      ['3', '实际完成日期', '2023-06-28'],
      ['3', '进展情况', '已完成评查'],
    ]);
    const summary = JSON.parse((await cli('summary', merged, '--json')).stdout);
    expect(summary.units.find((u: Json) => u.unit === '法规科').done).toBe(1);
  });
});

describe('--map refusals: exit 2 with the reason, nothing written', () => {
  const dir = tempDir('map-refusals');

  test('a column outside the sheet’s used range, and a role given twice', async () => {
    const file = path.join(dir, 't.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('任务');
    ROWS.forEach((r) => ws.addRow(r));
    await wb.xlsx.writeFile(file);
    const outside = await cli('enrich', file, '-o', path.join(dir, 'o.xlsx'), '--map', 'task=B,lead=C,deadline=Z', '--header-row', '0');
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/已用区域为 A–E 列，--map 中的 deadline=Z 在它之外/);
    const twice = await cli('inspect', file, '--map', 'task=B,task=C,lead=D');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/--map 中“task”出现了两次/);
  });
});
