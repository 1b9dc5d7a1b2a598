// A unit list from split / 导出各单位清单 as the unit handles it before sending it back: fill rows by 序号, sort,
// add a row of its own. Shared by the CLI round trip, the Office actions' tests and the end-to-end test.
import ExcelJS from 'exceljs';
import { Analysis } from '../../src/core/analyze';
import { KEY_HEADER } from '../../src/core/cycle';
import { memberships } from '../../src/core/summary';

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
