// split: one small workbook per unit (SPEC §9 "Send each unit its list").
import { Analysis, AnalyzedTask } from '../check/analyze';
import { addDays, todayIso } from '../dates';
import { isoToExcelSerial } from '../read/deadline';
import { DATE_FORMAT, DATE_FORMAT_CN, dueCell, legalSheetName, statusRules, taskListLayout } from '../plan/enrich';
import { GridReader, WorkbookInput, a1, columnLetter, rangeA1 } from '../read/grid';
import { peopleOf, taskWords } from '../plan/words';
import { STYLE, WIDTH, printSetup, rowHeights } from '../plan/layout';
import { Plan, PlanOp, PlanValue } from '../plan/plan';
import { RoleName, memberships } from '../plan/summary';
import { IsoDate } from '../types';
import { AS_OF_NAME, Located, STATUSES, asOfFormula } from '../workbook';
import { KEY_HEADER, NO_VALUES, SPLIT_NAME, UNIT_MARK, cnDate, readUserValues, taskKey } from './common';


export interface SplitOptions {
  /** 基准日期 written into each unit's workbook; default TODAY() there, so its highlighting stays live. */
  asOf?: IsoDate;
  /** The date to send the list back by; default 7 days after 基准日期 (or today). */
  replyBy?: IsoDate;
  /** Whom to send it back to; default "原发送人". */
  returnTo?: string;
}

export interface UnitList {
  unit: string;
  /** A file name legal on every file system (Windows included), unique among the lists. */
  fileName: string;
  /** A plan for a new, empty workbook. */
  plan: Plan;
  tasks: number;
}

const LIST_HEADERS = ['序号', '目标任务', '主要内容', '角色', '完成时限', '截止日期', '完成状态', '实际完成日期', '进展情况', KEY_HEADER, '原完成状态', '原实际完成日期', '原进展情况'];
const L = { seq: 0, task: 1, content: 2, role: 3, deadline: 4, due: 5, status: 6, doneDate: 7, progress: 8, key: 9, sent: 10 } as const;
const LIST_HEADER_ROW = 4; // 0-based: title, instruction, 基准日期, blank, header
const LIST_FIRST_ROW = 5;

const RESERVED_FILE = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** A file name legal on Windows, macOS and Linux: no \ / : * ? " < > | or control characters, no trailing dot or space. */
export function legalFileName(raw: string, taken: Set<string>, ext = '.xlsx'): string {
  // eslint-disable-next-line no-control-regex
  let base = raw.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^[\s.]+|[\s.]+$/g, '');
  if (!base || RESERVED_FILE.test(base)) base = `${base || '单位'}_`;
  base = [...base].slice(0, 80).join('');
  let name = `${base}${ext}`;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}(${i})${ext}`;
  taken.add(name.toLowerCase());
  return name;
}

/** What a unit list says when the user gives no reply-by date or recipient: 7 days after 基准日期 (or today). */
export function splitDefaults(asOf?: IsoDate): { replyBy: IsoDate; returnTo: string } {
  return { replyBy: addDays(asOf ?? todayIso(), 7), returnTo: '原发送人' };
}

/** Each unit with tasks and its tasks with its role, in the order split writes them (first seen in the table). */
function tasksByUnit(analysis: Analysis): Map<string, { task: AnalyzedTask; role: RoleName }[]> {
  const byUnit = new Map<string, { task: AnalyzedTask; role: RoleName }[]>();
  for (const m of memberships(analysis)) {
    const list = byUnit.get(m.unit) ?? byUnit.set(m.unit, []).get(m.unit)!;
    list.push({ task: m.task, role: m.role });
  }
  return byUnit;
}

/** The units split makes a list for, with how many tasks each list holds (the task pane shows them before splitting). */
export function unitListCounts(analysis: Analysis): { unit: string; tasks: number }[] {
  return [...tasksByUnit(analysis)].map(([unit, rows]) => ({ unit, tasks: rows.length }));
}

/** One workbook per unit with tasks: its tasks as values, the three columns to fill, a hidden key per row. */
export function planUnitLists(located: Located, wb: WorkbookInput, options: SplitOptions = {}): UnitList[] {
  const { analysis } = located;
  const values = readUserValues(located, wb);
  const title = analysis.recognition.title || located.grid.name;
  const defaults = splitDefaults(options.asOf);
  const replyBy = options.replyBy ?? defaults.replyBy;
  const returnTo = options.returnTo?.trim() || defaults.returnTo;
  const files = new Set<string>();
  const words = taskWords(analysis.recognition);
  const g = new GridReader(located.grid);
  return [...tasksByUnit(analysis)].map(([unit, rows]) => {
    const sheet = legalSheetName(unit, new Set());
    const ops: PlanOp[] = [{ kind: 'addSheet', sheet }];
    const first = LIST_FIRST_ROW;
    const last = first + rows.length - 1;
    const instruction = `请在“完成状态”（下拉选择）、“实际完成日期”和“进展情况”三列填写本单位各项任务的进展，于 ${cnDate(replyBy)} 前发回${returnTo}。请勿改动其他列，也不要删除隐藏列。`;
    // The table's own words head the columns (存在问题, 整改措施); its people column (责任人) follows the hidden ones.
    const headers: string[] = [...LIST_HEADERS, ...(words.people ? [words.people.label] : [])];
    [headers[L.task], headers[L.content]] = [words.task, words.content];
    const head: PlanValue[][] = [[`${unit}　任务清单（${title}）`], [instruction], [AS_OF_NAME, { formula: `=${AS_OF_NAME}` }], [], headers];
    head[LIST_HEADER_ROW - 1] = [...Array(L.key).fill(null), `${UNIT_MARK}${unit}`];
    ops.push({ kind: 'write', sheet, top: 0, left: 0, cells: head });
    const sent = (t: AnalyzedTask) => values.get(t.row) ?? NO_VALUES;
    const date = (iso: string): PlanValue => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? isoToExcelSerial(iso) : iso);
    ops.push({
      kind: 'write',
      sheet,
      top: first,
      left: 0,
      cells: rows.map(({ task: t, role }) => {
        const v = sent(t);
        const row: PlanValue[] = [t.seq, t.task, t.content, role, t.deadline.text, dueCell(t), v['完成状态'], date(v['实际完成日期']), v['进展情况'], taskKey(t), v['完成状态'], v['实际完成日期'], v['进展情况']];
        return words.people ? [...row, peopleOf(g, t, words)] : row;
      }),
    });
    const col = (c: number) => rangeA1(first, c, last, c);
    ops.push({ kind: 'numberFormat', sheet, range: col(L.due), format: DATE_FORMAT }, { kind: 'numberFormat', sheet, range: col(L.doneDate), format: DATE_FORMAT });
    ops.push({ kind: 'numberFormat', sheet, range: 'B3', format: DATE_FORMAT_CN });
    ops.push({ kind: 'listValidation', sheet, range: col(L.status), items: [...STATUSES] }, { kind: 'dateValidation', sheet, range: col(L.doneDate) });
    ops.push({ kind: 'style', sheet, range: 'A1', style: STYLE.title }, { kind: 'style', sheet, range: 'A3', style: { bold: true } }, { kind: 'style', sheet, range: 'B3', style: { horizontal: 'left' } });
    ops.push({ kind: 'style', sheet, range: rangeA1(LIST_HEADER_ROW, 0, LIST_HEADER_ROW, L.progress), style: STYLE.header });
    ops.push({ kind: 'style', sheet, range: rangeA1(first, 0, last, L.progress), style: STYLE.plain });
    for (const c of [L.task, L.content, L.deadline, L.progress]) ops.push({ kind: 'style', sheet, range: col(c), style: STYLE.text });
    for (const c of [L.seq, L.role, L.status]) ops.push({ kind: 'style', sheet, range: col(c), style: STYLE.centered });
    // What is to be filled stands out from what is given.
    ops.push({ kind: 'style', sheet, range: rangeA1(first, L.status, last, L.progress), style: { fill: '#FFFDE7' } });
    const layout = taskListLayout(rows.map((r) => r.task), 82);
    [...layout.widths, WIDTH.date, WIDTH.status, 14, 30].forEach((width, c) => ops.push({ kind: 'columnWidth', sheet, col: c, width }));
    ops.push({ kind: 'fitRows', sheet, top: first, heights: layout.heights });
    // The instruction wraps across the visible columns' width.
    ops.push({ kind: 'fitRows', sheet, top: 1, heights: rowHeights([[{ text: instruction, width: 120 }]]) });
    ops.push({ kind: 'hideColumns', sheet, col: L.key, count: LIST_HEADERS.length - L.key });
    if (words.people) ops.push(...peopleListColumn(sheet, rows.map((r) => peopleOf(g, r.task, words))));
    ops.push(...statusRules(sheet, rangeA1(first, 0, last, L.progress), `$${columnLetter(L.status)}${first + 1}`, `$${columnLetter(L.due)}${first + 1}`));
    ops.push({ kind: 'freeze', sheet, rows: LIST_FIRST_ROW, cols: 0 });
    ops.push({ kind: 'pageSetup', sheet, setup: printSetup(`${unit}　任务清单`, options.asOf ?? null, { top: 0, bottom: LIST_HEADER_ROW }) });
    ops.push({ kind: 'defineName', name: AS_OF_NAME, formula: asOfFormula(options.asOf ?? null) });
    ops.push({ kind: 'defineName', name: SPLIT_NAME, formula: `"${unit.replace(/"/g, '""')}"` });
    return { unit, fileName: legalFileName(`${unit}-任务清单`, files), plan: { ops }, tasks: rows.length };
  });
}


/** A unit list's people column (责任人), right of the hidden columns: header, text style, a width for the names. */
function peopleListColumn(sheet: string, texts: string[]): PlanOp[] {
  const c = LIST_HEADERS.length;
  const rows = rangeA1(LIST_FIRST_ROW, c, LIST_FIRST_ROW + texts.length - 1, c);
  return [
    { kind: 'style', sheet, range: a1(LIST_HEADER_ROW, c), style: STYLE.header },
    { kind: 'style', sheet, range: rows, style: STYLE.text },
    { kind: 'columnWidth', sheet, col: c, width: Math.min(16, Math.max(8, ...texts.map((t) => [...t].length * 2 + 2))) },
  ];
}
