// SPEC §9, the 督办 cycle through files as the units would handle them: enrich the sample, split it, fill three
// returns (one sorted by 截止日期 with a row of its own added, one re-saved by LibreOffice, one a full copy of the
// master), merge them back, and check what changed — and what did not.
import ExcelJS from 'exceljs';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import { run } from '../../src/cli/main';
import { excelSerialToIso } from '../../src/core/read/deadline';
import { locateTable } from '../../src/core/workbook';
import { memberships } from '../../src/core/plan/summary';
import { resaveInLibreOffice } from '../helpers/libreoffice';
import { SAMPLE } from '../helpers/sample';
import { ZHIDUI as ZD, cycleRoles, openList } from '../helpers/unit-lists';

const COUNTY = '各县（市、区）应急管理局';
import { tempDir } from '../helpers/temp';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every cell of every sheet as text, for comparing a workbook before and after. */
async function cells(file: string): Promise<Map<string, string>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out = new Map<string, string>();
  wb.eachSheet((ws) =>
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (c) => {
        const v = c.value as Json;
        out.set(`${ws.name}!${c.address}`, JSON.stringify(v?.formula ?? v?.sharedFormula ? { f: c.formula } : v));
      }),
    ),
  );
  return out;
}

describe('the 督办 cycle: enrich → split → three returns → merge', () => {
  const dir = tempDir('cycle');
  const master = path.join(dir, 'master.xlsx');
  const lists = path.join(dir, 'lists');
  const merged = path.join(dir, 'merged.xlsx');
  let report: Json;
  let masterBytes: Buffer;
  /** The statuses the returns fill, by 序号, that must reach the master. */
  const expected = new Map<string, string>();
  let conflictSeq = '';
  let strangerSeq = '';

  beforeAll(async () => {
    expect((await cli('enrich', SAMPLE, '-o', master, '--as-of', '2023-07-01')).code).toBe(0);
    masterBytes = readFileSync(master);
    expect((await cli('split', master, '-o', lists, '--as-of', '2023-07-01', '--reply-by', '2023-07-08', '--return-to', '法规科')).code).toBe(0);

    // Who does what in the sample, from the engine.
    const loaded = await loadWorkbook(masterBytes);
    const analysis = locateTable(loaded.input).analysis;
    // A task both 办公室 and the 执法支队 only support, and whose lead does not answer here: their answers conflict.
    const { leads, conflict, stranger } = cycleRoles(analysis, ['法规科', '办公室', ZD]);
    conflictSeq = conflict;
    // A task the 执法支队 has no part in, and nobody else answers for.
    strangerSeq = stranger(new Set([...leads('法规科').slice(0, 4), ...leads('办公室').slice(0, 2), conflictSeq]));

    // 1. 法规科: fills the tasks it leads, sorts its list by 截止日期 (latest first), adds a row of its own.
    const fagui = await openList(path.join(lists, '法规科-任务清单.xlsx'));
    for (const seq of leads('法规科').slice(0, 4)) {
      fagui.fill(seq, '已完成', '2023-06-20', '已印发');
      expected.set(seq, '已完成');
    }
    fagui.sortByDueLatestFirst();
    fagui.addRow(['99', '自行加的一行', '不在原表中', '牵头', '年底前', null, '进行中']);
    await fagui.wb.xlsx.writeFile(path.join(dir, '法规科-回报.xlsx'));

    // 2. 办公室: fills two tasks it leads and the conflicting one, then re-saves the file in LibreOffice.
    const office = await openList(path.join(lists, '办公室-任务清单.xlsx'));
    for (const seq of leads('办公室').slice(0, 2)) {
      office.fill(seq, '进行中', undefined, '正在推进');
      expected.set(seq, '进行中');
    }
    office.fill(conflictSeq, '进行中');
    writeFileSync(path.join(dir, '办公室-回报.xlsx'), resaveInLibreOffice(Buffer.from(await office.wb.xlsx.writeBuffer())));

    // 3. 执法支队: a full copy of the master, its own rows filled, plus the conflicting task and one it has no part in.
    const copy = path.join(dir, `${ZD}-回报.xlsx`);
    copyFileSync(master, copy);
    const full = new ExcelJS.Workbook();
    await full.xlsx.readFile(copy);
    const sheet = full.getWorksheet('Sheet1')!;
    const rowOf = (seq: string) => analysis.tasks.find((t) => t.seq === seq)!.row + 1;
    const mine = leads(ZD).filter((s) => !expected.has(s)).slice(0, 3);
    for (const seq of mine) {
      sheet.getCell(`G${rowOf(seq)}`).value = '已完成';
      expected.set(seq, '已完成');
    }
    sheet.getCell(`G${rowOf(conflictSeq)}`).value = '暂缓';
    sheet.getCell(`G${rowOf(strangerSeq)}`).value = '已完成';
    await full.xlsx.writeFile(copy);

    const r = await cli('merge', master, path.join(dir, '法规科-回报.xlsx'), path.join(dir, '办公室-回报.xlsx'), copy, '-o', merged, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    report = JSON.parse(r.stdout);
  });

  test('split wrote one workbook per unit, with file names legal everywhere', () => {
    const files = readdirSync(lists);
    expect(files).toHaveLength(16);
    for (const f of files) expect(f).toMatch(/^[^\\/:*?"<>|]+-任务清单\.xlsx$/);
  });

  test('every filled status reaches the master, from the unit that leads or answers alone; each change is listed', () => {
    const statuses = report.applied.filter((a: Json) => a.field === '完成状态');
    expect(new Map(statuses.map((a: Json) => [a.seq, a.to]))).toEqual(expected);
    for (const a of statuses) expect(a.from).toBe('');
    // 法规科's four 已完成 carry their date; 办公室's 进行中 and the 执法支队's 已完成 without a date carry none.
    expect(report.applied.filter((a: Json) => a.field === '实际完成日期').map((a: Json) => a.to)).toEqual(['2023-06-20', '2023-06-20', '2023-06-20', '2023-06-20']);
  });

  test('two returns that disagree are a conflict, listed; the master keeps its value', () => {
    const record = (完成状态: string) => ({ 完成状态, 实际完成日期: '', 进展情况: '' });
    expect(report.conflicts).toEqual([
      {
        seq: conflictSeq,
        row: expect.any(Number),
        kept: record(''),
        records: [
          { unit: '办公室', role: '配合', file: '办公室-回报.xlsx', values: record('进行中') },
          { unit: ZD, role: '配合', file: `${ZD}-回报.xlsx`, values: record('暂缓') },
        ],
      },
    ]);
    expect(report.applied.some((a: Json) => a.seq === conflictSeq)).toBe(false);
  });

  test('a row that matches no task, and a unit answering for a task it has no part in, are listed and ignored', () => {
    const reasons = report.ignored.map((i: Json) => i.reason).join('\n');
    expect(reasons).toMatch(/序号“99”“自行加的一行”）在原表中找不到对应的任务/);
    expect(reasons).toMatch(new RegExp(`“市应急管理综合行政执法支队”不是序号“${strangerSeq}”任务的牵头或配合单位`));
    expect(report.applied.some((a: Json) => a.seq === strangerSeq)).toBe(false);
  });

  test('summary of the merged file shows exactly the filled statuses', async () => {
    const summary = JSON.parse((await cli('summary', merged, '--json', '--as-of', '2023-07-01')).stdout);
    const loaded = await loadWorkbook(readFileSync(merged));
    const located = locateTable(loaded.input);
    const ws = loaded.workbook.getWorksheet('Sheet1')!;
    const got = new Map<string, string>();
    for (const t of located.analysis.tasks) {
      const v = ws.getCell(t.row + 1, 7).value;
      if (v) got.set(t.seq, String(v));
    }
    expect(got).toEqual(expected);
    const done = [...expected.values()].filter((s) => s === '已完成').length;
    // Each 已完成 task counts once for every unit it has (groups expanded).
    const doneMembers = memberships(located.analysis).filter((m) => expected.get(m.task.seq) === '已完成').length;
    expect(done).toBe(7);
    expect(summary.units.reduce((n: number, u: Json) => n + u.done, 0)).toBe(doneMembers);
    // 法规科 leads the four tasks it reported done; it has no part in those the 执法支队 finished.
    expect(summary.units.find((u: Json) => u.unit === '法规科').done).toBe(4);
    // The 实际完成日期 came through as a real date.
    const seq = [...expected].find(([, s]) => s === '已完成')![0];
    const row = located.analysis.tasks.find((t) => t.seq === seq)!.row + 1;
    const date = ws.getCell(row, 8).value;
    expect(date instanceof Date ? date.toISOString().slice(0, 10) : excelSerialToIso(Number(date))).toBe('2023-06-20');
  });

  test('the master file is untouched, and the merged file differs from it only in the cells the report lists', async () => {
    expect(readFileSync(master).equals(masterBytes)).toBe(true);
    const before = await cells(master);
    const after = await cells(merged);
    const column: Record<string, string> = { 完成状态: 'G', 实际完成日期: 'H', 进展情况: 'I' };
    const listed = new Set(report.applied.map((a: Json) => `Sheet1!${column[a.field]}${a.row}`));
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
    expect(changed.filter((k) => !k.startsWith('反馈记录!')).sort()).toEqual([...listed].sort());
    // The one new sheet is 反馈记录: its header and one row per reply received (every reply, applied or not).
    expect([...new Set(changed.map((k) => k.split('!')[0]))].sort()).toEqual(['Sheet1', '反馈记录']);
    const loaded = await loadWorkbook(readFileSync(merged));
    const rows = loaded.workbook.getWorksheet('反馈记录')!.getSheetValues().filter(Boolean) as Json[][];
    expect(rows[0].slice(1)).toEqual(['收到日期', '单位', '序号', '目标任务', '完成状态', '实际完成日期', '进展情况', '来源文件', '处理结果', '说明']);
    const replies = rows.slice(1).map((r) => `${r[2]}#${r[3]}:${r[9]}`);
    // 法规科 4 采用 + its own row 99 未采用; 办公室 2 采用 + the conflict; 执法支队 3 采用 + the conflict + the stranger.
    expect(replies.filter((x) => x.startsWith('法规科#')).length).toBe(5);
    expect(replies.filter((x) => x.startsWith('办公室#')).length).toBe(3);
    expect(replies.filter((x) => x.startsWith(`${ZD}#`)).length).toBe(5);
    expect(replies.filter((x) => x.endsWith(':冲突')).sort()).toEqual([`${ZD}#${conflictSeq}:冲突`, `办公室#${conflictSeq}:冲突`].sort());
  });
});

describe('remind', () => {
  // Facts of the sample, read off the table by hand: due before 2023-07-01 are 序号1–4 (2023年3月底前), 7, 9 and 14
  // (2023年6月底前), and 序号5 (每月, last due 2023-06-30) with no reply. 各安全生产监管业务科室 is 矿山、危化、工贸、
  // 救援协调和预案管理科 and 办公室 in the built-in directory.
  const OVERDUE: Record<string, string[]> = {
    法规科: ['1', '2', '3', '4', '5', '7', '9', '14'],
    [COUNTY]: ['1', '2', '3', '4', '5', '7', '9', '14'],
    [ZD]: ['1', '2', '3', '5', '7', '9'],
    办公室: ['1', '3', '5', '7'],
    矿山安全监督管理科: ['1', '3', '5'],
    危险化学品安全监督管理科: ['1', '3', '5'],
    工贸行业安全监督管理科: ['1', '3', '5'],
    救援协调和预案管理科: ['1', '3', '5'],
    规财科: ['9'],
    防汛减灾科: ['2'],
    火灾防治科: ['2'],
    综合减灾科: ['2'],
    地震地灾防治科: ['2'],
    市防灾减灾中心地震地灾应急科: ['2'],
  };

  test('as of 2023-07-01, each unit with overdue tasks is named with exactly those tasks, and 汇总 counts them so', async () => {
    const dir = tempDir('remind');
    const master = path.join(dir, 'master.xlsx');
    expect((await cli('enrich', SAMPLE, '-o', master, '--as-of', '2023-07-01')).code).toBe(0);
    const remind = JSON.parse((await cli('remind', master, '--json', '--as-of', '2023-07-01')).stdout);
    const summary = JSON.parse((await cli('summary', master, '--json', '--as-of', '2023-07-01')).stdout);
    expect(remind.asOf).toBe('2023-07-01');
    const late = Object.fromEntries(remind.units.filter((u: Json) => u.overdue.length).map((u: Json) => [u.unit, u.overdue.map((t: Json) => t.seq).sort((a: string, b: string) => +a - +b)]));
    expect(late).toEqual(OVERDUE);
    expect(Object.fromEntries(summary.units.filter((u: Json) => u.overdue).map((u: Json) => [u.unit, u.overdue]))).toEqual(Object.fromEntries(Object.entries(OVERDUE).map(([u, s]) => [u, s.length])));
    for (const r of remind.units) {
      for (const t of r.overdue) expect(t.due < '2023-07-01' && t.daysLate > 0).toBe(true);
      // The notice names each overdue task by its 序号 and says how late it is.
      for (const t of r.overdue) expect(r.text).toContain(`序号 ${t.seq}，`);
    }
    expect(remind.units.find((u: Json) => u.unit === '法规科').text).toMatch(/^关于督促法规科推进逾期及临期任务的提醒/);
    const one = JSON.parse((await cli('remind', master, '--json', '--as-of', '2023-07-01', '--unit', '预案科')).stdout);
    expect(one.units.map((u: Json) => u.unit)).toEqual(['救援协调和预案管理科']);
  });

  test('--unit with a name not in the table: exit 2 and the nearest names, not "nothing overdue"', async () => {
    const r = await cli('remind', SAMPLE, '--as-of', '2023-07-01', '--unit', '法规处');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^表中没有单位“法规处”，您要找的是不是：法规科/);
  });
});
