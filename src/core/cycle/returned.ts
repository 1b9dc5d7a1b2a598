// What a returned file holds: whose return it is (a unit list we made, or a full copy of the master) and its rows,
// each matched to the master's task by its hidden key, its fingerprint, or its 序号 and 目标任务.
import { AnalyzedTask } from '../check/analyze';
import { GridReader, SheetGrid, WorkbookInput } from '../read/grid';
import { ROLE_LABEL, isRoleLabel } from '../read/recognize';
import { Located, existingStatusColumns, locateTable } from '../workbook';
import { FIELDS, KEY_HEADER, SPLIT_NAME, UNIT_MARK, UserField, UserValues, fieldText, readUserValues, squash, taskFingerprint } from './common';

/** A row read from a returned copy: who it claims to be and what its user columns hold. */
export interface ReturnedRow {
  row: number;
  key?: string;
  seq: string;
  task: string;
  content: string;
  values: UserValues;
  /** What the unit list was sent with (unit lists only). */
  sent?: UserValues;
}

export interface TaskIndex {
  byFingerprint: Map<string, AnalyzedTask>;
  bySeqTitle: Map<string, AnalyzedTask[]>;
  atRow: Map<number, AnalyzedTask>;
}

export function taskIndex(tasks: AnalyzedTask[]): TaskIndex {
  const byFingerprint = new Map<string, AnalyzedTask>();
  const bySeqTitle = new Map<string, AnalyzedTask[]>();
  for (const t of tasks) {
    byFingerprint.set(taskFingerprint(t), t);
    const k = `${squash(t.seq)}|${squash(t.task)}`;
    bySeqTitle.set(k, [...(bySeqTitle.get(k) ?? []), t]);
  }
  return { byFingerprint, bySeqTitle, atRow: new Map(tasks.map((t) => [t.row + 1, t])) };
}

export function matchTask(r: ReturnedRow, index: TaskIndex): AnalyzedTask | undefined {
  const { byFingerprint, bySeqTitle, atRow: taskAtRow } = index;
  // The hidden key: the master row, checked against the task's fingerprint (rows may have moved in the master).
  const key = r.key && /^(\d+)#([0-9a-f]{8})$/.exec(r.key.trim());
  if (key) {
    const atRow = taskAtRow.get(Number(key[1]));
    if (atRow && taskFingerprint(atRow) === key[2]) return atRow;
    const moved = byFingerprint.get(key[2]);
    if (moved) return moved;
  }
  const same = byFingerprint.get(taskFingerprint(r));
  if (same) return same;
  // Then 序号 + 目标任务, when they name one task only.
  const candidates = bySeqTitle.get(`${squash(r.seq)}|${squash(r.task)}`) ?? [];
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Whose return a file is, and its rows: a unit list we made, or a full copy of the master. */
export function readReturned(ret: { fileName: string; input: WorkbookInput }, units: string[]): { unit: string; rows: ReturnedRow[] } | { reason: string } {
  const list = ret.input.sheets.map((s) => readUnitList(s)).find((x) => x !== null);
  const named = ret.input.names.find((n) => n.name === SPLIT_NAME);
  const fromName = named ? /^"(.*)"$/.exec(named.formula.replace(/^=/, '').trim())?.[1].replace(/""/g, '"') : undefined;
  if (list) {
    const unit = fromName ?? list.unit ?? unitInFileName(ret.fileName, units);
    if (!unit) return { reason: '无法判断这是哪个单位的回报（清单中的单位标记已丢失，文件名中也没有单位名称）' };
    return { unit, rows: list.rows };
  }
  // A full copy of the master: the same table, with its status columns.
  let copy: Located;
  try {
    copy = locateTable(ret.input);
  } catch {
    return { reason: '文件中既没有分工表助手导出的单位清单，也没有责任分工表' };
  }
  const cols = existingStatusColumns(ret.input, copy.grid, copy.analysis.recognition.headerRow);
  if (!FIELDS.some((f) => cols.has(f))) return { reason: '文件中的分工表没有“完成状态”等状态列，没有可合并的内容' };
  const unit = fromName ?? unitInFileName(ret.fileName, units);
  if (!unit) return { reason: `无法判断这是哪个单位的回报：请在文件名中写明单位名称（如“${units[0] ?? '某单位'}-回报.xlsx”）` };
  const values = readUserValues(copy, ret.input);
  return {
    unit,
    rows: copy.analysis.tasks.map((t) => ({ row: t.row + 1, seq: t.seq, task: t.task, content: t.content, values: values.get(t.row)! })),
  };
}

/** The longest unit name the file name contains. */
function unitInFileName(fileName: string, units: string[]): string | undefined {
  const base = squash(fileName.replace(/^.*[\\/]/, ''));
  return units.filter((u) => base.includes(squash(u))).sort((a, b) => b.length - a.length)[0];
}

/** A unit list we exported, as it came back (rows sorted, filtered or inserted; re-saved elsewhere), or null. */
function readUnitList(grid: SheetGrid): { unit?: string; rows: ReturnedRow[] } | null {
  const g = new GridReader(grid);
  let header = -1;
  const col = new Map<string, number>();
  for (let r = g.top; r <= Math.min(g.bottom, g.top + 20) && header < 0; r++) {
    const labels = new Map<string, number>();
    for (let c = g.left; c <= g.right; c++) labels.set(g.text(r, c).trim(), c);
    if (labels.has(KEY_HEADER) && labels.has('完成状态')) {
      header = r;
      for (const [k, c] of labels) col.set(k, c);
    }
  }
  if (header < 0) return null;
  const keyCol = col.get(KEY_HEADER)!;
  let unit: string | undefined;
  for (let r = g.top; r < header; r++) {
    const t = g.text(r, keyCol).trim();
    if (t.startsWith(UNIT_MARK)) unit = t.slice(UNIT_MARK.length);
  }
  const text = (r: number, label: string) => (col.has(label) ? g.text(r, col.get(label)!).trim() : '');
  // The list's task and content columns carry the table's own words (存在问题, 整改措施).
  const labelOf = (role: 'task' | 'content') => [...col.keys()].find((k) => k === ROLE_LABEL[role] || isRoleLabel(role, k.replace(/\s/g, ''))) ?? ROLE_LABEL[role];
  const [taskLabel, contentLabel] = [labelOf('task'), labelOf('content')];
  const field = (r: number, f: UserField, label = f as string) => (col.has(label) ? fieldText(f, g.raw(r, col.get(label)!), g.isDate(r, col.get(label)!)) : '');
  const rows: ReturnedRow[] = [];
  for (let r = header + 1; r <= g.bottom; r++) {
    const row: ReturnedRow = {
      row: r + 1,
      key: text(r, KEY_HEADER) || undefined,
      seq: text(r, '序号'),
      task: text(r, taskLabel),
      content: text(r, contentLabel),
      values: { 完成状态: field(r, '完成状态'), 实际完成日期: field(r, '实际完成日期'), 进展情况: field(r, '进展情况') },
      sent: { 完成状态: field(r, '完成状态', '原完成状态'), 实际完成日期: field(r, '实际完成日期', '原实际完成日期'), 进展情况: field(r, '进展情况', '原进展情况') },
    };
    if (!row.key && !row.seq && !row.task && FIELDS.every((f) => !row.values[f])) continue; // blank
    rows.push(row);
  }
  return { unit, rows };
}
