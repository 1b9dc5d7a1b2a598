// Finds the responsibility-division table on a sheet (SPEC §2) without being told where it is: header rows are
// scored on their words and on what the columns below them hold.
import { parseDeadline } from './deadline';
import { CellValue, GridReader, MergedArea, SheetGrid, columnLetter, isCellError } from './grid';
import { looksLikePerson, looksLikeUnit, splitUnits } from './units';

export type Role = 'seq' | 'task' | 'content' | 'lead' | 'support' | 'deadline';
export type OtherKind = 'note' | 'person' | 'contact' | 'own' | 'other';

export const ROLES: Role[] = ['seq', 'task', 'content', 'lead', 'support', 'deadline'];

/** Role names as a user reads them. */
export const ROLE_LABEL: Record<Role, string> = { seq: '序号', task: '目标任务', content: '主要内容', lead: '牵头单位', support: '配合单位', deadline: '完成时限' };

/** True when a header label is one of the words a table uses for the role (存在问题 for the task, 整改措施 for the content). */
export function isRoleLabel(role: Role, label: string): boolean {
  return LABELS[role].includes(label);
}

/** Header labels by role, compared after removing whitespace. 责任单位 is resolved by context. */
const LABELS: Record<Role, string[]> = {
  seq: ['序号', '编号', '序', '项次', '排序', 'NO', 'No', 'No.'],
  task: [
    '目标任务', '重点任务', '重点工作', '工作任务', '重点工作任务', '工作事项', '具体任务', '民生实事', '整治内容', '任务', '任务名称',
    '工作目标', '目标', '项目名称', '项目', '事项', '工作项目', '任务清单', '主要任务', '重点项目', '实事项目', '改革任务', '工作重点',
    '重点事项', '任务事项', '工作名称', '目标任务名称', '考核指标', '指标', '问题清单', '存在问题', '整改任务',
    '问题', '问题描述', '存在的问题', '主要问题', '反馈问题', '问题表现', '发现问题', '具体问题',
  ],
  content: [
    '主要内容', '工作内容', '工作措施', '具体措施', '主要措施', '具体内容', '任务内容', '内容', '工作要求', '具体工作', '建设内容',
    '目标要求', '主要目标', '工作举措', '推进措施', '具体举措', '整改措施', '项目内容', '建设规模及内容', '任务要求', '措施', '整改要求', '整改目标',
  ],
  lead: [
    '牵头单位', '牵头部门', '牵头责任单位', '主要责任单位', '牵头科室', '牵头处室', '牵头', '责任科室', '责任部门', '承办单位',
    '责任主体', '责任单位及责任人', '主责单位', '主办单位', '责任处室', '实施单位', '负责单位', '责任清单', '牵头单位（部门）',
  ],
  support: ['配合单位', '配合部门', '协办单位', '协同配合单位', '协同责任单位', '配合科室', '配合处室', '协同单位', '配合', '参与单位', '协助单位', '协作单位'],
  deadline: [
    '完成时限', '完成时间', '时间节点', '时限要求', '时限', '完成期限', '进度安排', '完成时间节点', '时间安排', '时间要求', '时限清单',
    '推进时限', '办结时限', '截止时间', '计划完成时间', '时间进度', '完成时限要求', '时间', '整改时限', '整改期限', '整改时间', '办理时限',
    '公开时限',
  ],
};
const SHARED_UNIT_LABEL = '责任单位';
const OTHER_LABELS: Record<Exclude<OtherKind, 'other'>, string[]> = {
  note: ['备注', '说明'],
  person: ['责任领导', '分管领导', '责任人', '整改责任人', '具体责任人', '牵头领导', '分管局领导', '负责人', '分管县领导', '包抓领导', '联系领导', '分管市领导', '督办领导', '牵头县领导', '责任县领导', '领导'],
  contact: ['联系人及电话', '联系人', '联系电话', '联系方式'],
  own: ['完成状态', '实际完成日期', '进展情况', '截止日期', '剩余天数'],
};

// Words that give a new label away, tried in this order when the label is not in the lists above.
const KEYWORDS: [RegExp, Role | 'shared' | OtherKind][] = [
  [/领导|联系人|联系电话|电话/, 'person'],
  [/配合|协办|协同|参与|协助|协作/, 'support'],
  [/牵头|主责|主办/, 'lead'],
  [/责任单位|单位|部门|科室|处室|承办|责任主体|责任清单/, 'shared'],
  [/责任人|负责人/, 'person'],
  [/时限|时间|期限|节点|进度|日期|年限|起止/, 'deadline'],
  [/序号|编号/, 'seq'],
  [/内容|措施|举措|要求/, 'content'],
  [/任务|工作|事项|项目|实事|目标|指标|问题|名称|整治/, 'task'],
  [/备注|说明/, 'note'],
];

/** A header label is short; a longer text is data or a title. */
const MAX_LABEL = 16;

export function normalizeLabel(v: CellValue): string {
  return typeof v === 'string' ? v.replace(/[\s\u3000:：*＊]/g, '') : '';
}

function roleOfLabel(label: string): Role | 'shared' | OtherKind | null {
  return labelKind(label).kind;
}

/** What a label says, and whether a list gave it word for word (else a keyword did). */
function labelKind(label: string): { kind: Role | 'shared' | OtherKind | null; exact: boolean } {
  if (!label || label.length > MAX_LABEL) return { kind: null, exact: false };
  if (label === SHARED_UNIT_LABEL) return { kind: 'shared', exact: true };
  for (const r of ROLES) if (LABELS[r].includes(label)) return { kind: r, exact: true };
  for (const k of Object.keys(OTHER_LABELS) as (keyof typeof OTHER_LABELS)[]) if (OTHER_LABELS[k].includes(label)) return { kind: k, exact: true };
  // "完成时限（年月）", "牵头单位(部门)": the words before a bracket decide.
  const bare = label.replace(/[（(【[].*$/, '');
  if (bare && bare !== label) return labelKind(bare);
  if (label.length > 10) return { kind: null, exact: false };
  for (const [re, kind] of KEYWORDS) if (re.test(label)) return { kind, exact: false };
  return { kind: null, exact: false };
}

export interface OtherColumn {
  col: number;
  label: string;
  kind: OtherKind;
}

export interface ColumnMap {
  seq?: number;
  task?: number;
  content?: number;
  lead?: number;
  support?: number;
  deadline?: number;
}

export interface TaskRow {
  /** 0-based sheet row (the first row of a task whose paragraphs Excel split over several rows). */
  row: number;
  /** 0-based last sheet row of the task; equal to row unless its 主要内容 spans paragraph rows. */
  lastRow: number;
  seq: string;
  task: string;
  content: string;
  leadText: string;
  supportText: string;
  /** Cell value of 完成时限 (number when the cell is a real date). */
  deadlineValue: CellValue;
  deadlineIsDate: boolean;
  /** The merged area the task title comes from, when it spans rows. */
  taskMerge?: MergedArea;
  /** The merged 序号 shared with other sub-items, when it spans rows. */
  seqMerge?: MergedArea;
}

export type SkipReason = 'blank' | 'section' | 'repeated-header' | 'footnote';

export interface Recognition {
  sheet: string;
  /** 0-based rows of the header (one or two). */
  headerTop: number;
  headerRow: number;
  columns: ColumnMap;
  others: OtherColumn[];
  /** 0-based first and last column of the table's own columns. */
  left: number;
  right: number;
  /** The table's title: the text above the header that names it (not 附件, not a section line). */
  title: string;
  /** Every text above the header, top to bottom (titles, 附件, document numbers, section lines). */
  above: string[];
  /** The header's own label of each role's column, whitespace removed ("存在问题" for task). */
  labels: Partial<Record<Role, string>>;
  tasks: TaskRow[];
  skipped: { row: number; reason: SkipReason; text: string }[];
  footnotes: { row: number; text: string }[];
  /** 0-based last row belonging to the table (last task, section or footnote). */
  bottom: number;
}

interface HeaderCandidate {
  top: number;
  row: number;
  columns: ColumnMap;
  others: OtherColumn[];
  left: number;
  right: number;
  score: number;
  /** Normalized label per column, for telling a repeated header. */
  labels: Map<number, string>;
}

// ---------------------------------------------------------------------------------------------
// What a column holds, from the rows below a candidate header.

interface Evidence {
  /** Non-empty cells looked at. */
  n: number;
  unit: number;
  person: number;
  deadline: number;
  long: number;
  numbering: number;
}

const SAMPLE_ROWS = 40;
const NUMBERING = /^[（(]?([一二三四五六七八九十百]+|\d{1,4})[)）.．、]?$/;

function columnEvidence(g: GridReader, col: number, from: number): Evidence {
  const e: Evidence = { n: 0, unit: 0, person: 0, deadline: 0, long: 0, numbering: 0 };
  for (let r = from; r <= g.bottom && e.n < SAMPLE_ROWS; r++) {
    const m = g.merge(r, col);
    if (m && m.top !== r) continue;
    const v = g.raw(r, col);
    if (v === null || isCellError(v)) continue;
    const text = String(v).trim();
    if (!text) continue;
    e.n++;
    if (typeof v === 'number') {
      // A date cell, or a year on its own (建设起止年限: 2022).
      if (g.isDate(r, col) || (Number.isInteger(v) && v >= 1990 && v <= 2100)) e.deadline++;
      else if (Number.isInteger(v) && v < 10000) e.numbering++;
      continue;
    }
    if (NUMBERING.test(text.replace(/\s/g, ''))) e.numbering++;
    const names = splitUnits(text);
    if (names.length && names.every(looksLikeUnit)) e.unit++;
    else if (names.length && names.every(looksLikePerson)) e.person++;
    const d = parseDeadline(text, { year: 2000 });
    if (d.kind === 'date' || d.kind === 'recurring' || d.kind === 'ongoing' || d.kind === 'immediate' || d.periodDays) e.deadline++;
    if (text.length >= 12 && !names.every(looksLikeUnit)) e.long++;
  }
  return e;
}

const share = (e: Evidence, k: keyof Omit<Evidence, 'n'>) => (e.n === 0 ? 0 : e[k] / e.n);

// ---------------------------------------------------------------------------------------------
// Header candidates.

interface HeaderRead {
  cand: HeaderCandidate | null;
  /** Roles found, for the refusal when the row looks like a header but lacks something. */
  found: Role[];
  columns: ColumnMap;
  labelled: number;
}

/** A header cell: its label, what the label says, and whether it said so word for word or by a keyword. */
interface LabelCell {
  col: number;
  label: string;
  kind: Role | 'shared' | OtherKind | null;
  exact: boolean;
}

/** What readHeader's steps share: the grid, the header rows, and the evidence of each column below them (cached). */
interface HeaderScan {
  g: GridReader;
  top: number;
  row: number;
  ev: (c: number) => Evidence;
}

/** Reads one or two header rows into a column map; cand null when they do not make a table's header. */
function readHeader(g: GridReader, top: number, row: number): HeaderRead {
  const { cells, labels, dataCells, upperUsed } = headerCells(g, top, row);
  // A second header row counts only when the upper row adds labels (not a title above a one-row header).
  if (top < row && upperUsed === 0) return { cand: null, found: [], columns: {}, labelled: 0 };
  if (top < row) markLevels(g, top, row, cells);
  const evidence = new Map<number, Evidence>();
  const scan: HeaderScan = { g, top, row, ev: (c) => evidence.get(c) ?? evidence.set(c, columnEvidence(g, c, row + 1)).get(c)! };
  checkKinds(scan, cells);
  const { taskCell, contentCell } = textColumns(scan, cells);
  const { columns, others, labelled, unknown } = labelledColumns(cells, taskCell, contentCell);
  const inferred = inferColumns(scan, unknown, columns, others);
  const found = ROLES.filter((r) => columns[r] !== undefined);
  const read: HeaderRead = { cand: null, found, columns, labelled };
  const hasCore = columns.lead !== undefined || columns.deadline !== undefined;
  if (labelled === 0 || found.length < 2 || columns.task === undefined || !hasCore || dataCells > 1) return read;
  const score = labelled * 10 + inferred * 6 + (top < row ? 1 : 0) - others.filter((o) => o.kind === 'other').length - dataCells * 5;
  read.cand = candidate(top, row, columns, others, labels, score);
  return read;
}

/** The label cells of the header rows, and how many cells hold data (a number or a long text) where a label would be. */
function headerCells(g: GridReader, top: number, row: number): { cells: LabelCell[]; labels: Map<number, string>; dataCells: number; upperUsed: number } {
  const labels = new Map<number, string>();
  const cells: LabelCell[] = [];
  let upperUsed = 0;
  let dataCells = 0;
  // A group label merged across some of the columns, not a title merged across all of them.
  let lowerLabels = 0;
  if (top < row) for (let c = g.left; c <= g.right; c++) if (normalizeLabel(g.raw(row, c))) lowerLabels++;
  for (let c = g.left; c <= g.right; c++) {
    const lowerMerge = g.merge(row, c);
    // A cell merged down from above the header rows is a title, not a label.
    if (lowerMerge && lowerMerge.top < top) continue;
    const lower = normalizeLabel(g.value(row, c));
    const upper = top < row ? normalizeLabel(g.value(top, c)) : '';
    // In a two-row header the lower label is specific (牵头单位 under 责任单位); otherwise the upper spans both.
    const label = lower || upper;
    if (!label) {
      if (g.text(row, c).trim()) dataCells++; // a number or a date where a label would be
      continue;
    }
    if (label.length > MAX_LABEL) {
      dataCells++;
      continue;
    }
    labels.set(c, label);
    if (top < row && upperIsLabel(g, top, row, c, upper, lower, lowerLabels)) upperUsed++;
    cells.push({ col: c, label, ...labelKind(label) });
  }
  return { cells, labels, dataCells, upperUsed };
}

/**
 * The upper row is part of the header when it groups labels below it (责任单位 over 牵头单位 | 配合单位, merged or
 * not) or when its cells are merged down over both rows (序号 spanning the two rows).
 */
function upperIsLabel(g: GridReader, top: number, row: number, c: number, upper: string, lower: string, lowerLabels: number): boolean {
  const short = upper !== '' && upper.length <= MAX_LABEL; // a title merged across the table is not a group label
  if (!short) return false;
  const um = g.merge(top, c);
  if (um && um.top === top && um.bottom >= row) return true;
  if (um && um.top === top && um.right > um.left && um.right - um.left + 1 < lowerLabels && lower && lower !== upper) return true;
  const upperRole = roleOfLabel(upper);
  return upper !== lower && upperRole !== null && (!lower || upperRole === 'shared');
}

/** Corrects what labels say by what their columns hold. */
function checkKinds({ g, top, row, ev }: HeaderScan, cells: LabelCell[]): void {
  // A text label merged across a column of numbers and a column of text ("具体要求" over 1 | 对…): the numbers
  // are the 序号.
  for (const cell of cells) {
    const m = g.merge(row, cell.col) ?? (top < row ? g.merge(top, cell.col) : undefined);
    if (m && m.right > m.left && (cell.kind === 'task' || cell.kind === 'content') && share(ev(cell.col), 'numbering') >= 0.8) {
      cell.kind = 'seq';
      cell.exact = false;
    }
  }
  // A label found by a keyword only ("当前进度", "政策处理单位") must agree with what its column holds.
  for (const cell of cells) {
    if (cell.exact || cell.kind === null) continue;
    const e = ev(cell.col);
    if (cell.kind === 'deadline' && (e.n === 0 || share(e, 'deadline') < 0.3)) cell.kind = null;
    else if ((cell.kind === 'lead' || cell.kind === 'support' || cell.kind === 'shared') && (e.n === 0 || share(e, 'unit') < 0.5)) cell.kind = null;
  }
}

/**
 * Task and content: among the text columns, content is the one labelled so, else the rightmost of several task-like
 * ones (建设任务 | 工作事项 | 工作指标 | 任务清单: broad to specific); the task stands just left of it.
 */
function textColumns({ ev }: HeaderScan, cells: LabelCell[]): { taskCell?: LabelCell; contentCell?: LabelCell } {
  const texts = cells.filter((x) => x.kind === 'task' || x.kind === 'content');
  const contentCell = texts.find((x) => x.kind === 'content' && x.exact) ?? texts.find((x) => x.kind === 'content') ?? (texts.length >= 2 ? texts[texts.length - 1] : undefined);
  const before = texts.filter((x) => x !== contentCell && (!contentCell || x.col < contentCell.col));
  let taskCell = before[before.length - 1] ?? texts.find((x) => x !== contentCell && x.kind === 'task');
  // A column of short texts under a label we do not know, between the task-like column and a labelled content, is the
  // more specific task (业务事项 | 信息类别 | 内容标准: broad to specific, as when several task labels stand in a row).
  // Likewise with no task label at all (信息类别 | 内容描述): the short texts just left of the content are the task.
  const between = contentCell?.kind === 'content' && (!taskCell || taskCell.col < contentCell.col - 1) ? cells.find((x) => x.col === contentCell.col - 1 && x.kind === null) : undefined;
  const e = between && ev(between.col);
  if (between && e && e.n >= 2 && share(e, 'unit') < 0.5 && share(e, 'person') < 0.5 && share(e, 'numbering') < 0.5 && share(e, 'deadline') < 0.3 && (taskCell || share(e, 'long') < 0.5)) taskCell = between;
  // One text column only: it is the task (工作内容 | 责任单位 | 完成时限).
  if (!taskCell && contentCell) return { taskCell: contentCell };
  return { taskCell, contentCell };
}

/** The columns the labels give; unknown labels are left for their content to decide. */
function labelledColumns(cells: LabelCell[], taskCell?: LabelCell, contentCell?: LabelCell): { columns: ColumnMap; others: OtherColumn[]; labelled: number; unknown: LabelCell[] } {
  const columns: ColumnMap = {};
  const others: OtherColumn[] = [];
  const other = (cell: LabelCell, kind: OtherKind = 'other') => others.push({ col: cell.col, label: cell.label, kind });
  if (taskCell) columns.task = taskCell.col;
  if (contentCell) columns.content = contentCell.col;
  const shared: LabelCell[] = [];
  const unknown: LabelCell[] = [];
  let labelled = cells.some((x) => x.kind === 'task' || x.kind === 'content') ? 1 : 0;
  for (const cell of cells) {
    if (cell === taskCell || cell === contentCell) {
      if (cell === contentCell) labelled++;
      continue;
    }
    if (cell.kind === null) unknown.push(cell);
    else if (cell.kind === 'task' || cell.kind === 'content') other(cell);
    else if (cell.kind === 'shared') shared.push(cell);
    else if ((ROLES as string[]).includes(cell.kind)) {
      const r = cell.kind as Role;
      if (columns[r] === undefined) {
        columns[r] = cell.col;
        labelled++;
      } else other(cell); // a second column of one role is kept, not used
    } else other(cell, cell.kind as OtherKind);
  }
  // 责任单位 is the lead column, or the supporting one when a separate lead column exists.
  for (const cell of shared) {
    if (columns.lead === undefined) columns.lead = cell.col;
    else if (columns.support === undefined) columns.support = cell.col;
    else {
      other(cell);
      continue;
    }
    labelled++;
  }
  return { columns, others, labelled, unknown };
}

/** Labels never seen before: the column's content says what it is. Returns how many roles were inferred. */
function inferColumns({ ev }: HeaderScan, unknown: LabelCell[], columns: ColumnMap, others: OtherColumn[]): number {
  let inferred = 0;
  const firstOwn = Math.min(Infinity, ...others.filter((o) => o.kind === 'own').map((o) => o.col));
  for (const u of unknown) {
    const role = inferredRole(ev(u.col), u.col, columns, firstOwn);
    if ((ROLES as string[]).includes(role)) {
      columns[role as Role] = u.col;
      inferred++;
    } else others.push({ col: u.col, label: u.label, kind: role as OtherKind });
  }
  // A row with units or deadlines and text beside them: its leftmost plain text column is the task
  // (专项整治行业名称 | 时间安排 | 责任单位).
  if (columns.task === undefined && (columns.lead !== undefined || columns.deadline !== undefined)) {
    const text = others.find((o) => o.kind === 'other' && o.col < firstOwn && ev(o.col).n >= 2 && share(ev(o.col), 'numbering') < 0.5 && share(ev(o.col), 'unit') < 0.5);
    if (text) {
      columns.task = text.col;
      others.splice(others.indexOf(text), 1);
      inferred++;
    }
  }
  return inferred;
}

function inferredRole(e: Evidence, col: number, columns: ColumnMap, firstOwn: number): Role | OtherKind {
  if (col >= firstOwn || e.n < 2) return 'other';
  if (share(e, 'deadline') >= 0.6 && columns.deadline === undefined) return 'deadline';
  if (share(e, 'person') >= 0.6) return 'person';
  // Units stand right of the task they are given; names left of it are what the task is about (点位 | 具体问题).
  if (share(e, 'unit') >= 0.6 && columns.lead === undefined && col > (columns.task ?? -1)) return 'lead';
  if (share(e, 'unit') >= 0.6 && columns.support === undefined && col > (columns.task ?? -1)) return 'support';
  if (share(e, 'long') >= 0.5 && columns.task === undefined) return 'task';
  if (share(e, 'long') >= 0.5 && columns.content === undefined && (columns.task ?? Infinity) < col) return 'content';
  if (share(e, 'numbering') >= 0.8 && columns.seq === undefined && col < (columns.task ?? Infinity)) return 'seq';
  return 'other';
}

/** The header candidate: own status columns sit right of the table and are not part of it. */
function candidate(top: number, row: number, columns: ColumnMap, others: OtherColumn[], labels: Map<number, string>, score: number): HeaderCandidate {
  const found = ROLES.filter((r) => columns[r] !== undefined);
  const own = others.filter((o) => o.kind === 'own').map((o) => o.col);
  const tableCols = [...found.map((r) => columns[r]!), ...others.filter((o) => o.kind !== 'own').map((o) => o.col)];
  const ownStart = own.length ? Math.min(...own) : Infinity;
  const inTable = tableCols.filter((c) => c < ownStart);
  return {
    top,
    row,
    columns,
    others: others.filter((o) => o.kind === 'own' || o.col < ownStart).sort((a, b) => a.col - b.col),
    left: Math.min(...inTable),
    right: Math.max(...inTable),
    score,
    labels,
  };
}

/**
 * Levels of one name (栏目名称 over 一级 | 二级 | 三级): the task is the most specific level whose every entry has text of its
 * own beside it; a deeper level that only lists names under the task's merged cells (通知, 通告 … under 部门文件) is
 * part of that task, and the broader levels are kept as other columns.
 */
function markLevels(g: GridReader, top: number, row: number, cells: LabelCell[]): void {
  for (const cell of cells) {
    const um = g.merge(top, cell.col);
    if (!um || um.left !== cell.col || um.right === um.left || um.top !== top || um.bottom >= row) continue;
    if (roleOfLabel(normalizeLabel(g.value(top, um.left))) !== 'task') continue;
    const levels = cells.filter((x) => x.col >= um.left && x.col <= um.right);
    if (levels.length !== um.right - um.left + 1 || levels.some((x) => x.kind !== null)) continue;
    const ownBeside = (r: number) => {
      for (let c = g.left; c <= g.right; c++) if ((c < um.left || c > um.right) && ownText(g, r, c)) return true;
      return false;
    };
    const last = Math.min(g.bottom, row + SAMPLE_ROWS);
    const specific = [...levels].reverse().find((x) => {
      let entries = 0;
      for (let r = row + 1; r <= last; r++) {
        if (!ownText(g, r, x.col)) continue;
        if (!ownBeside(r)) return false;
        entries++;
      }
      return entries >= 2;
    });
    if (!specific) continue;
    for (const x of levels) x.kind = x === specific ? 'task' : 'other';
  }
}

/** Cheap pre-check before readHeader: at least two short texts, one of them a label we know. */
function mayBeHeader(g: GridReader, r: number): boolean {
  let short = 0;
  let known = 0;
  for (let c = g.left; c <= g.right; c++) {
    const v = g.raw(r, c);
    if (typeof v !== 'string') continue;
    const l = normalizeLabel(v);
    if (!l || l.length > MAX_LABEL) continue;
    short++;
    if (known === 0 && roleOfLabel(l) !== null) known++;
    if (short >= 2 && known > 0) return true;
  }
  return false;
}

const MAX_HEADER_SCAN = 200;

export interface NearMiss {
  row: number;
  found: Role[];
  columns: ColumnMap;
}

interface HeaderSearch {
  best: HeaderCandidate | null;
  /** The row that looked most like a header without making a table. */
  nearMiss: NearMiss | null;
}

function searchHeader(g: GridReader): HeaderSearch {
  let best: HeaderCandidate | null = null;
  let near: (NearMiss & { labelled: number }) | null = null;
  const last = Math.min(g.bottom, g.top + MAX_HEADER_SCAN);
  for (let r = g.top; r <= last; r++) {
    const reads: HeaderRead[] = [];
    if (mayBeHeader(g, r)) reads.push(readHeader(g, r, r));
    if (r + 1 <= g.bottom && (mayBeHeader(g, r) || mayBeHeader(g, r + 1))) reads.push(readHeader(g, r, r + 1));
    for (const read of reads) {
      if (read.cand && (!best || read.cand.score > best.score)) best = read.cand;
      if (!read.cand && read.labelled >= 2 && (!near || read.labelled > near.labelled)) near = { row: r, found: read.found, columns: read.columns, labelled: read.labelled };
    }
    // The first header found wins over later repeated headers of the same strength.
    if (best && r > best.row + 1) break;
  }
  return { best, nearMiss: best ? null : near && { row: near.row, found: near.found, columns: near.columns } };
}

export function findHeader(g: GridReader): HeaderCandidate | null {
  return searchHeader(g).best;
}

/**
 * Why no table was found on a sheet, as the rest of a sentence after the sheet's name ("工作表“X”的第 3 行像表头，
 * 但没有找到单位列或完成时限列"): the row that looked like a header and what it lacked, or that no row did.
 */
export function explainNoTable(grid: SheetGrid): string {
  const g = new GridReader(grid);
  if (g.rowCount === 0 || g.colCount === 0) return '是空的';
  const near = searchHeader(g).nearMiss;
  if (!near) return '中没有一行像表头';
  const missing: string[] = [];
  if (!near.found.includes('task')) missing.push('任务列（如“目标任务”）');
  if (!near.found.includes('lead') && !near.found.includes('deadline')) missing.push('单位列或完成时限列');
  const found = near.found.map((r) => `${ROLE_LABEL[r]}在 ${columnLetter(near.columns[r]!)} 列`).join('、');
  return `的第 ${near.row + 1} 行像表头${found ? `，认出了${found}` : ''}，但没有找到${missing.join('和') || '任务行'}`;
}

/** The header as the user mapped it: mapped roles win over detected ones; the rest is detected as usual. */
function mappedHeader(g: GridReader, mapping: ColumnMapping): HeaderCandidate | null {
  const mapped = ROLES.filter((r) => mapping.columns[r] !== undefined);
  const cols = mapped.map((r) => mapping.columns[r]!);
  if (cols.length === 0 || new Set(cols).size !== cols.length) return null;
  const headerRow = mapping.headerRow ?? guessHeaderRow(g, mapping.columns);
  if (headerRow === undefined) return null;
  const detected = readHeader(g, headerRow, headerRow).cand ?? (headerRow > g.top ? readHeader(g, headerRow - 1, headerRow).cand : null);
  const columns: ColumnMap = {};
  for (const r of ROLES) {
    const d = detected?.columns[r];
    if (mapping.columns[r] !== undefined) columns[r] = mapping.columns[r];
    else if (d !== undefined && !cols.includes(d)) columns[r] = d;
  }
  const used = new Set(Object.values(columns));
  const labels = new Map<number, string>();
  const others: OtherColumn[] = [];
  for (let c = g.left; c <= g.right; c++) {
    const label = normalizeLabel(g.value(headerRow, c));
    if (!label || label.length > MAX_LABEL) continue;
    labels.set(c, label);
    if (used.has(c)) continue;
    const kind = roleOfLabel(label);
    others.push({ col: c, label, kind: kind === 'note' || kind === 'person' || kind === 'contact' || kind === 'own' ? kind : 'other' });
  }
  const inTable = [...used, ...others.filter((o) => o.kind !== 'own').map((o) => o.col)];
  return {
    top: detected?.top ?? headerRow,
    row: headerRow,
    columns,
    others,
    left: Math.min(...inTable),
    right: Math.max(...inTable),
    score: 0,
    labels,
  };
}

/** Without a header row from the user: the first row whose mapped task (or first mapped) cell is a short label over data. */
function guessHeaderRow(g: GridReader, columns: ColumnMap): number | undefined {
  const col = columns.task ?? columns.content ?? (Object.values(columns).find((c) => c !== undefined) as number);
  for (let r = g.top; r < g.bottom; r++) {
    const t = normalizeLabel(g.value(r, col));
    if (t && t.length <= MAX_LABEL && g.text(r + 1, col).trim()) return r;
  }
  return undefined;
}

const SECTION_RE = /^(第?[一二三四五六七八九十百]+[、.．是部]|[（(][一二三四五六七八九十]+[）)][^\d]{0,40}$)|[（(]共\d+项[）)]|^[一二三四五六七八九十]+[、，]/;
const SECTION_NUMBER_RE = /^第?[一二三四五六七八九十百]+(部分)?$/;
const FOOTNOTE_RE = /^(注|备注|说明|附注)\d*[:：]|范围[为是]?[:：]|包括[:：]/;
// The closing lines of the notice pasted under its table (版记): who else gets it, who printed it.
const CLOSING_RE = /^(?:抄送|主送|抄报|分送|发送)[:：]|\d{1,2}日印发$/;

/** Whitespace-free 序号 text, without a trailing '.' or '、'. */
export function normalizeSeq(v: CellValue): string {
  if (v === null || isCellError(v)) return '';
  return String(v).replace(/[\s\u3000]/g, '').replace(/[.．、]+$/, '');
}

/** A user's correction of the detected table: the header row (0-based; guessed when absent) and columns. */
export interface ColumnMapping {
  headerRow?: number;
  columns: ColumnMap;
}

export function recognize(grid: SheetGrid, mapping?: ColumnMapping): Recognition | null {
  const g = new GridReader(grid);
  if (g.rowCount === 0) return null;
  const header = mapping ? mappedHeader(g, mapping) : findHeader(g);
  if (!header) return null;
  const { columns, left, right } = header;
  const tasks: TaskRow[] = [];
  const skipped: Recognition['skipped'] = [];
  const footnotes: Recognition['footnotes'] = [];
  let bottom = header.row;

  const above = textsAbove(g, header.top, right);
  const numbered = columns.content !== undefined && numbersItems(g, header.row + 1, columns.content);
  const unitCols = [columns.lead, columns.support, columns.deadline, columns.content].filter((c) => c !== undefined) as number[];

  for (let r = header.row + 1; r <= g.bottom; r++) {
    // Own text of the row: merged followers (a task title spanning rows) count as empty here.
    let firstText = '';
    let textCells = 0;
    for (let c = left; c <= right; c++) {
      const t = ownText(g, r, c);
      if (t) {
        textCells++;
        if (!firstText) firstText = t;
      }
    }
    if (textCells === 0) {
      // A footnote may sit left of a table that starts further right (notes typed in column A).
      const note = leftText(g, r, left);
      if (note && FOOTNOTE_RE.test(note)) {
        footnotes.push({ row: r, text: note });
        skipped.push({ row: r, reason: 'footnote', text: note });
        bottom = r;
      } else skipped.push({ row: r, reason: 'blank', text: '' });
      continue;
    }
    if (isRepeatedHeader(g, r, header)) {
      skipped.push({ row: r, reason: 'repeated-header', text: firstText });
      continue;
    }
    const wide = g.merge(r, left);
    const spansTable = wide !== undefined && wide.top === r && wide.right - wide.left + 1 >= Math.max(2, Math.ceil((right - left + 1) / 2));
    const unitsEmpty = unitCols.every((c) => !g.text(r, c, false).trim() && !(g.merge(r, c) && g.merge(r, c)!.top < r));
    // A section numbered in the 序号 column ("一" | 抓好年度计划) has no content, units or deadline.
    const seqText = columns.seq !== undefined ? normalizeSeq(g.value(r, columns.seq)) : '';
    if (unitsEmpty && SECTION_NUMBER_RE.test(seqText)) {
      skipped.push({ row: r, reason: 'section', text: rowTexts(g, r, left, right).join('、') });
      bottom = r;
      continue;
    }
    if (textCells === 1 && CLOSING_RE.test(firstText)) {
      skipped.push({ row: r, reason: 'footnote', text: firstText });
      continue;
    }
    if (textCells === 1 || spansTable) {
      if (FOOTNOTE_RE.test(firstText) || (spansTable && !SECTION_RE.test(firstText) && firstText.length > 30)) {
        footnotes.push({ row: r, text: firstText });
        skipped.push({ row: r, reason: 'footnote', text: firstText });
        bottom = r;
        continue;
      }
      if (SECTION_RE.test(firstText) || (spansTable && unitsEmpty)) {
        skipped.push({ row: r, reason: 'section', text: firstText });
        bottom = r;
        continue;
      }
    }
    const t = readTask(g, r, columns);
    const prev = tasks[tasks.length - 1];
    if (prev && namesOnlyUnder(g, r, columns, prev)) {
      prev.lastRow = r;
      bottom = r;
      continue;
    }
    if (prev && isParagraphRow(g, r, columns, prev) && !(numbered && ITEM_NUMBER.test(ownText(g, r, columns.content!)))) {
      // Excel split one Word cell of several paragraphs into rows: they belong to the task above.
      if (t.content) prev.content = prev.content ? `${prev.content}\n${ownText(g, r, columns.content!)}` : t.content;
      prev.lastRow = r;
    } else tasks.push(t);
    bottom = r;
  }
  return {
    sheet: grid.name,
    headerTop: header.top,
    headerRow: header.row,
    columns,
    others: header.others,
    left,
    right,
    title: findTitle(above),
    above,
    labels: roleLabels(columns, header.labels),
    tasks,
    skipped,
    footnotes,
    bottom,
  };
}

function roleLabels(columns: ColumnMap, labels: Map<number, string>): Partial<Record<Role, string>> {
  const out: Partial<Record<Role, string>> = {};
  for (const r of ROLES) {
    const label = columns[r] === undefined ? undefined : labels.get(columns[r]!);
    if (label) out[r] = label;
  }
  return out;
}

/** The cell's own text: '' for a merged follower. */
function ownText(g: GridReader, r: number, c: number): string {
  const m = g.merge(r, c);
  if (m && (m.top !== r || m.left !== c)) return '';
  return g.text(r, c, false).trim();
}

/**
 * A row that only continues the task above (a Word cell of several paragraphs that Excel split into rows): it has
 * another paragraph of 主要内容 and nothing of its own — its 序号 (or, without 序号, its task cell), units and
 * deadline are merged down from the task's first row, or empty. A row under a 序号 merged from further up is a
 * sub-item of that number, not a paragraph (SPEC §2).
 */
function isParagraphRow(g: GridReader, r: number, columns: ColumnMap, prev: TaskRow): boolean {
  if (columns.content === undefined || !ownText(g, r, columns.content) || prev.lastRow !== r - 1) return false;
  for (const c of [columns.seq, columns.task, columns.lead, columns.support, columns.deadline]) if (c !== undefined && ownText(g, r, c)) return false;
  const key = columns.seq ?? columns.task;
  if (key === undefined) return false;
  const fromTask = (c: number | undefined) => {
    const m = c === undefined ? undefined : g.merge(r, c);
    return !m || m.top === prev.row;
  };
  const km = g.merge(r, key);
  if (km) return km.top === prev.row && [columns.lead, columns.support, columns.deadline].every(fromTask);
  // Unmerged: only where 序号 numbers the tasks and this row has none (a paragraph pasted without merges).
  const owned = [columns.lead, columns.support, columns.deadline].filter((c) => c !== undefined) as number[];
  return columns.seq !== undefined && owned.every((c) => !g.merge(r, c));
}

/**
 * A row that only adds a name in a column of no role (通知, 通告 … under 部门文件) while the task, its units and its
 * deadline are merged down from the task above: part of that task (SPEC §2: no deadline or unit of its own).
 */
function namesOnlyUnder(g: GridReader, r: number, columns: ColumnMap, prev: TaskRow): boolean {
  const roles = [columns.seq, columns.task, columns.content, columns.lead, columns.support, columns.deadline].filter((c) => c !== undefined) as number[];
  if (prev.lastRow !== r - 1 || roles.some((c) => ownText(g, r, c))) return false;
  const key = g.merge(r, columns.task ?? columns.seq ?? -1);
  return key !== undefined && key.top === prev.row;
}

const ITEM_NUMBER = /^[（(]?(\d{1,3})[)）.．、，]/;

/**
 * True when the 主要内容 cells number their items through the whole table (1. … 2. … 3. across task blocks, never
 * starting again at 1): each numbered paragraph is then an item of its own, not a paragraph of the task above.
 */
function numbersItems(g: GridReader, from: number, col: number): boolean {
  const numbers: number[] = [];
  for (let r = from; r <= g.bottom; r++) {
    const m = ITEM_NUMBER.exec(ownText(g, r, col));
    if (m) numbers.push(Number(m[1]));
  }
  if (numbers.length < 4) return false;
  let next = 0;
  for (let i = 1; i < numbers.length; i++) if (numbers[i] === numbers[i - 1] + 1) next++;
  return next >= (numbers.length - 1) * 0.8 && numbers.reduce((m, n) => Math.max(m, n), 0) >= numbers.length * 0.8;
}

/** A row repeating the header's labels (after a page break), or the lower row of a repeated two-row header. */
function isRepeatedHeader(g: GridReader, r: number, header: HeaderCandidate): boolean {
  const texts: [number, string][] = [];
  for (let c = header.left; c <= header.right; c++) {
    const t = normalizeLabel(ownText(g, r, c));
    if (t) texts.push([c, t]);
  }
  // A table without a header row (--header-row 0) has nothing to repeat.
  if (texts.length < 2 || header.labels.size === 0) return false;
  const upper = new Map<number, string>();
  if (header.top < header.row) for (let c = header.left; c <= header.right; c++) upper.set(c, normalizeLabel(g.value(header.top, c)));
  const same = texts.filter(([c, t]) => header.labels.get(c) === t || upper.get(c) === t).length;
  return same === texts.length || same >= Math.min(3, header.labels.size);
}

/** Own (non-follower) texts of a row within the table's columns. */
function rowTexts(g: GridReader, r: number, left: number, right: number): string[] {
  const out: string[] = [];
  for (let c = left; c <= right; c++) {
    const t = ownText(g, r, c);
    if (t) out.push(t);
  }
  return out;
}

/** The first text left of the table's columns on a row, or ''. */
function leftText(g: GridReader, r: number, left: number): string {
  for (let c = g.left; c < left; c++) {
    const t = g.text(r, c).trim();
    if (t) return t;
  }
  return '';
}

function readTask(g: GridReader, r: number, columns: ColumnMap): TaskRow {
  const t = (c: number | undefined) => (c === undefined ? '' : g.text(r, c).trim());
  const dl = columns.deadline;
  const spanning = (c: number | undefined) => {
    const m = c === undefined ? undefined : g.merge(r, c);
    return m && m.bottom > m.top ? m : undefined;
  };
  return {
    row: r,
    lastRow: r,
    seq: columns.seq !== undefined ? normalizeSeq(g.value(r, columns.seq)) : '',
    task: t(columns.task),
    content: t(columns.content),
    leadText: t(columns.lead),
    supportText: t(columns.support),
    deadlineValue: dl === undefined ? null : g.value(r, dl),
    deadlineIsDate: dl !== undefined && typeof g.value(r, dl) === 'number' && g.isDate(r, dl),
    taskMerge: spanning(columns.task),
    seqMerge: spanning(columns.seq),
  };
}

/** Every text above the header, top to bottom, one entry per row (cells of a row joined). */
function textsAbove(g: GridReader, headerTop: number, right: number): string[] {
  const out: string[] = [];
  for (let r = g.top; r < headerTop; r++) {
    const parts: string[] = [];
    for (let c = g.left; c <= right; c++) {
      const m = g.merge(r, c);
      if (m && (m.top !== r || m.left !== c)) continue;
      const t = g.text(r, c).replace(/\s+/g, '');
      if (t) parts.push(t);
    }
    if (parts.length) out.push(parts.join(' '));
  }
  return out;
}

/** The title: the text above the header that is neither 附件 nor a section line, preferring one naming the table. */
function findTitle(above: string[]): string {
  const candidates = above.filter((t) => !/^附件\d*[:：]?$/.test(t) && !SECTION_RE.test(t));
  return candidates.find((t) => /表|清单|方案|计划|要点|台账|分工|分解/.test(t)) ?? candidates[candidates.length - 1] ?? '';
}

/**
 * How much a grid looks like a 责任分工表, for choosing among several candidates (the tables of a Word document):
 * -1 without a table; else the header's score plus its task rows, so a real 分工表 beats a small contact table.
 */
export function tableScore(grid: SheetGrid): number {
  const g = new GridReader(grid);
  if (g.rowCount === 0) return -1;
  const header = findHeader(g);
  const rec = header && recognize(grid);
  if (!header || !rec || rec.tasks.length === 0) return -1;
  return header.score + rec.tasks.length;
}
