// A unit list from split / 导出各单位清单 as the unit handles it before sending it back: fill rows by 序号, sort,
// add a row of its own. Shared by the CLI round trip, the Office actions' tests and the end-to-end test.
import ExcelJS from 'exceljs';
import { writeFileSync } from 'fs';
import * as path from 'path';
import { Analysis } from '../../src/core/check/analyze';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import { KEY_HEADER, taskKey } from '../../src/core/cycle/cycle';
import { memberships } from '../../src/core/plan/summary';
import { FakeWorkbook } from '../fake-excel';

/** A unit list (a file path, or the bytes of one) opened with ExcelJS, with a way to fill it. */
export async function openList(source: string | Uint8Array) {
  const wb = new ExcelJS.Workbook();
  if (typeof source === 'string') await wb.xlsx.readFile(source);
  else await wb.xlsx.load(source as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0];
  let header = 0;
  ws.eachRow((row, r) => {
    if (!header && (row.values as unknown[]).includes(KEY_HEADER)) header = r;
  });
  const labels = (ws.getRow(header).values as unknown[]).map(String);
  const col = (label: string) => labels.indexOf(label);
  return {
    wb,
    ws,
    header,
    col,
    rowOfSeq(seq: string) {
      for (let r = header + 1; r <= ws.rowCount; r++) if (String(ws.getCell(r, col('序号')).value) === seq) return r;
      throw new Error(`no row for 序号 ${seq}`);
    },
    fill(seq: string, status: string, date?: string, progress?: string) {
      const r = this.rowOfSeq(seq);
      ws.getCell(r, col('完成状态')).value = status;
      if (date) ws.getCell(r, col('实际完成日期')).value = new Date(`${date}T00:00:00Z`);
      if (progress) ws.getCell(r, col('进展情况')).value = progress;
    },
    /** Sorts the task rows by 截止日期, latest first, as a unit might before printing. */
    sortByDueLatestFirst() {
      const body: unknown[][] = [];
      for (let r = header + 1; r <= ws.rowCount; r++) body.push((ws.getRow(r).values as unknown[]).slice(1));
      const time = (v: unknown) => (v instanceof Date ? v.getTime() : 0);
      body.sort((a, b) => time(b[5]) - time(a[5]));
      body.forEach((vals, i) => (ws.getRow(header + 1 + i).values = vals as ExcelJS.CellValue[]));
    },
    /** A row the unit adds under its list (序号, 目标任务, 主要内容, 角色, 完成时限, 截止日期, 完成状态). */
    addRow(values: ExcelJS.CellValue[]) {
      ws.getRow(ws.rowCount + 1).values = values;
    },
    async bytes(): Promise<Buffer> {
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
}

export const ZHIDUI = '市应急管理综合行政执法支队';

/**
 * Who does what in a table, and the tasks the cycle tests play with: `conflict`, a task that 办公室 and the
 * 执法支队 only support and whose lead is not among `answering` (their answers then conflict); `stranger`, a task
 * the 执法支队 has no part in and that is not in `answered`.
 */
export function cycleRoles(analysis: Analysis, answering: string[]) {
  const roles = memberships(analysis);
  const leads = (unit: string) => roles.filter((m) => m.unit === unit && m.role === '牵头').map((m) => m.task.seq);
  const supports = (unit: string) => roles.filter((m) => m.unit === unit && m.role === '配合').map((m) => m.task.seq);
  const conflict = analysis.tasks.find(
    (t) => supports('办公室').includes(t.seq) && supports(ZHIDUI).includes(t.seq) && !roles.some((m) => m.task === t && m.role === '牵头' && answering.includes(m.unit)),
  )!.seq;
  const stranger = (answered: Set<string>) => analysis.tasks.find((t) => !answered.has(t.seq) && !roles.some((m) => m.task === t && m.unit === ZHIDUI))!.seq;
  return { roles, leads, supports, conflict, stranger };
}

/**
 * The returns the task pane's tests play, from the unit lists it opened (`listOf` gives a unit's .xlsx): 法规科 fills
 * three tasks it leads (已完成, 2023-06-20, 已印发), sorts its list and adds a row of its own; 办公室 fills one task it
 * leads and the conflicting one (进行中); the 执法支队 answers the conflicting one 暂缓.
 */
export async function playReturns(listOf: (unit: string) => Uint8Array, analysis: Analysis): Promise<{ conflict: string; files: { name: string; data: Buffer }[] }> {
  const { leads, conflict } = cycleRoles(analysis, ['法规科', '办公室', ZHIDUI]);
  const fagui = await openList(listOf('法规科'));
  for (const seq of leads('法规科').slice(0, 3)) fagui.fill(seq, '已完成', '2023-06-20', '已印发');
  fagui.sortByDueLatestFirst();
  fagui.addRow(['99', '自行加的一行', '不在原表中', '牵头', '年底前', null, '进行中']);
  const office = await openList(listOf('办公室'));
  office.fill(leads('办公室')[0], '进行中', undefined, '正在推进');
  office.fill(conflict, '进行中');
  const zhidui = await openList(listOf(ZHIDUI));
  zhidui.fill(conflict, '暂缓');
  return {
    conflict,
    files: [
      { name: '法规科-回报.xlsx', data: await fagui.bytes() },
      { name: '办公室-回报.xlsx', data: await office.bytes() },
      { name: `${ZHIDUI}-回报.xlsx`, data: await zhidui.bytes() },
    ],
  };
}

/** Writes the files into `dir`; their paths, for the CLI. */
export function writeFiles(dir: string, files: { name: string; data: Uint8Array }[]): string[] {
  return files.map((f) => {
    const p = path.join(dir, f.name);
    writeFileSync(p, f.data);
    return p;
  });
}

/**
 * Checks a unit list as the task pane opened it (its .xlsx bytes): one sheet named for the unit, the unit's tasks in
 * the table's order with their hidden keys, the 完成状态 dropdown, the master's fixed 基准日期. Returns the sheet, as
 * FakeWorkbook reads it, for more checks.
 */
export async function expectUnitList(bytes: Uint8Array, analysis: Analysis, unit: string, asOfFormula: string): Promise<FakeWorkbook> {
  const list = await FakeWorkbook.fromXlsx(Buffer.from(bytes));
  expect(list.sheetNames()).toEqual([unit]);
  expect(list.names()).toEqual(expect.arrayContaining([{ name: '基准日期', formula: asOfFormula }]));
  expect(list.values(unit, 'A5:J5')[0]).toEqual(['序号', '目标任务', '主要内容', '角色', '完成时限', '截止日期', '完成状态', '实际完成日期', '进展情况', KEY_HEADER]);
  const mine = memberships(analysis).filter((m) => m.unit === unit);
  expect(list.values(unit, `A6:A${5 + mine.length}`).map((r) => String(r[0]))).toEqual(mine.map((m) => m.task.seq));
  expect(list.values(unit, `J6:J${5 + mine.length}`).map((r) => r[0])).toEqual(mine.map((m) => taskKey(m.task)));
  const ws = (await loadWorkbook(bytes)).workbook.getWorksheet(unit)!;
  expect(['I', 'J', 'K', 'L', 'M'].map((c) => Boolean(ws.getColumn(c).hidden))).toEqual([false, true, true, true, true]);
  expect(ws.getCell('G6').dataValidation).toEqual(expect.objectContaining({ type: 'list', formulae: ['"未开始,进行中,已完成,暂缓"'] }));
  return list;
}
