// Finds the responsibility-division table on a sheet (SPEC §2) without being told where it is.
import { CellValue, GridReader, MergedArea, SheetGrid, isCellError } from './grid';

export type Role = 'seq' | 'task' | 'content' | 'lead' | 'support' | 'deadline';
export type OtherKind = 'note' | 'person' | 'contact' | 'own' | 'other';

export const ROLES: Role[] = ['seq', 'task', 'content', 'lead', 'support', 'deadline'];

/** Header labels by role, compared after removing whitespace. 责任单位 is resolved by context. */
const LABELS: Record<Role, string[]> = {
  seq: ['序号', '编号', '序'],
  task: ['目标任务', '重点任务', '重点工作', '工作任务', '重点工作任务', '任务', '任务名称', '工作目标', '目标'],
  content: ['主要内容', '工作内容', '工作措施', '具体措施', '主要措施', '具体内容', '任务内容', '内容', '工作要求', '具体工作'],
  lead: ['牵头单位', '牵头部门', '牵头责任单位', '主要责任单位', '牵头科室', '牵头处室', '牵头'],
  support: ['配合单位', '配合部门', '协办单位', '协同配合单位', '协同责任单位', '配合科室', '配合处室', '协同单位', '配合'],
  deadline: ['完成时限', '完成时间', '时间节点', '时限要求', '时限', '完成期限', '进度安排', '完成时间节点'],
};
const SHARED_UNIT_LABEL = '责任单位';
const OTHER_LABELS: Record<Exclude<OtherKind, 'other'>, string[]> = {
  note: ['备注', '说明'],
  person: ['责任领导', '分管领导', '责任人', '牵头领导', '分管局领导', '负责人'],
  contact: ['联系人及电话', '联系人', '联系电话', '联系方式'],
  own: ['完成状态', '实际完成日期', '进展情况', '截止日期', '剩余天数'],
};

export function normalizeLabel(v: CellValue): string {
  return typeof v === 'string' ? v.replace(/[\s\u3000:：]/g, '') : '';
}

function roleOfLabel(label: string): Role | 'shared' | OtherKind | null {
  if (!label) return null;
  if (label === SHARED_UNIT_LABEL) return 'shared';
  for (const r of ROLES) if (LABELS[r].includes(label)) return r;
  for (const k of Object.keys(OTHER_LABELS) as (keyof typeof OTHER_LABELS)[])
    if (OTHER_LABELS[k].includes(label)) return k;
  return null;
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
  /** 0-based sheet row. */
  row: number;
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
  title: string;
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
}

/** Reads one or two header rows into a column map, or null when they do not look like a header. */
function readHeader(g: GridReader, top: number, row: number): HeaderCandidate | null {
  const columns: ColumnMap = {};
  const others: OtherColumn[] = [];
  const shared: number[] = [];
  let upperUsed = 0;
  for (let c = g.left; c <= g.right; c++) {
    const lower = normalizeLabel(g.value(row, c));
    const upper = top < row ? normalizeLabel(g.value(top, c)) : '';
    // In a two-row header the lower label is specific (牵头单位 under 责任单位); otherwise the upper spans both.
    const label = lower || upper;
    const role = roleOfLabel(label);
    if (!label) continue;
    // An upper label counts when it stands over an empty lower cell or groups specific ones (责任单位 over
    // 牵头单位): a task row above a repeated header ("内容" over 主要内容) is not a header row.
    if (upper && upper !== lower && roleOfLabel(upper) !== null && (!lower || roleOfLabel(upper) === 'shared')) upperUsed++;
    if (role === null) {
      if (label.length <= 12) others.push({ col: c, label, kind: 'other' });
      else continue;
    } else if (role === 'shared') shared.push(c);
    else if ((ROLES as string[]).includes(role)) {
      const r = role as Role;
      if (columns[r] !== undefined) return null; // two columns of the same role: not a header
      columns[r] = c;
    } else others.push({ col: c, label, kind: role as OtherKind });
  }
  // A second header row counts only when the upper row adds labels (not a title above a one-row header).
  if (top < row && upperUsed === 0) return null;
  // 责任单位 is the lead column, or the supporting one when a separate lead column exists.
  for (const c of shared) {
    if (columns.lead === undefined) columns.lead = c;
    else if (columns.support === undefined) columns.support = c;
  }
  const found = ROLES.filter((r) => columns[r] !== undefined);
  const hasCore = columns.lead !== undefined || columns.deadline !== undefined;
  const hasWhat = columns.task !== undefined || columns.content !== undefined;
  if (found.length < 3 || !hasCore || !hasWhat) return null;
  // Own status columns sit right of the table; they are not part of it.
  const own = others.filter((o) => o.kind === 'own').map((o) => o.col);
  const tableCols = [...found.map((r) => columns[r]!), ...others.filter((o) => o.kind !== 'own').map((o) => o.col)];
  const firstOwn = own.length ? Math.min(...own) : Infinity;
  const inTable = tableCols.filter((c) => c < firstOwn);
  return {
    top,
    row,
    columns,
    others: others.filter((o) => o.kind === 'own' || o.col < firstOwn),
    left: Math.min(...inTable),
    right: Math.max(...inTable),
    score: found.length * 10 + (top < row ? 1 : 0) - others.filter((o) => o.kind === 'other').length,
  };
}

/** The header as the user mapped it; labels of unmapped columns in that row are kept as other columns. */
function mappedHeader(g: GridReader, mapping: ColumnMapping): HeaderCandidate | null {
  const cols = ROLES.map((r) => mapping.columns[r]).filter((c) => c !== undefined) as number[];
  if (cols.length === 0 || new Set(cols).size !== cols.length) return null;
  const detected = readHeader(g, mapping.headerRow, mapping.headerRow);
  const others = (detected?.others ?? []).filter((o) => !cols.includes(o.col));
  const inTable = [...cols, ...others.filter((o) => o.kind !== 'own').map((o) => o.col)];
  return {
    top: mapping.headerRow,
    row: mapping.headerRow,
    columns: { ...mapping.columns },
    others,
    left: Math.min(...inTable),
    right: Math.max(...inTable),
    score: 0,
  };
}

const ALL_LABELS = new Set<string>([...Object.values(LABELS).flat(), SHARED_UNIT_LABEL]);

/** Cheap pre-check before readHeader on every row: at least three cells that are known role labels. */
function looksLikeHeader(g: GridReader, r: number): boolean {
  let n = 0;
  for (let c = g.left; c <= g.right && n < 3; c++) {
    const v = g.value(r, c);
    if (typeof v === 'string' && v.length <= 16 && ALL_LABELS.has(normalizeLabel(v))) n++;
  }
  return n >= 3;
}

const MAX_HEADER_SCAN = 200;

export function findHeader(g: GridReader): HeaderCandidate | null {
  let best: HeaderCandidate | null = null;
  const last = Math.min(g.bottom, g.top + MAX_HEADER_SCAN);
  for (let r = g.top; r <= last; r++) {
    const single = readHeader(g, r, r);
    const double = r + 1 <= g.bottom ? readHeader(g, r, r + 1) : null;
    for (const cand of [single, double]) {
      if (cand && (!best || cand.score > best.score)) best = cand;
    }
    // The first header found wins over later repeated headers of the same strength.
    if (best && r > best.row + 1) break;
  }
  return best;
}

const SECTION_RE = /^(第?[一二三四五六七八九十百]+[、.．是部]|[（(][一二三四五六七八九十]+[）)][^\d]{0,40}$)|[（(]共\d+项[）)]|^[一二三四五六七八九十]+[、，]/;
const SECTION_NUMBER_RE = /^第?[一二三四五六七八九十百]+(部分)?$/;
const FOOTNOTE_RE = /^(注|备注|说明|附注)[:：]|范围[为是]?[:：]|包括[:：]/;

/** Whitespace-free 序号 text, without a trailing '.' or '、'. */
export function normalizeSeq(v: CellValue): string {
  if (v === null || isCellError(v)) return '';
  return String(v).replace(/[\s\u3000]/g, '').replace(/[.．、]+$/, '');
}

/** A user's correction of the detected table: the header row and the column of each role (0-based). */
export interface ColumnMapping {
  headerRow: number;
  columns: ColumnMap;
}

export function recognize(grid: SheetGrid, mapping?: ColumnMapping): Recognition | null {
  const g = new GridReader(grid);
  if (g.rowCount === 0) return null;
  const header = mapping ? mappedHeader(g, mapping) : findHeader(g);
  if (!header) return null;
  const { columns, left, right } = header;
  const cols = ROLES.filter((r) => columns[r] !== undefined);
  const tasks: TaskRow[] = [];
  const skipped: Recognition['skipped'] = [];
  const footnotes: Recognition['footnotes'] = [];
  let bottom = header.row;

  const title = findTitle(g, header.top, left, right);
  const unitCols = [columns.lead, columns.support, columns.deadline, columns.content].filter((c) => c !== undefined) as number[];

  for (let r = header.row + 1; r <= g.bottom; r++) {
    // Own text of the row: merged followers (a task title spanning rows) count as empty here.
    let firstText = '';
    let textCells = 0;
    for (let c = left; c <= right; c++) {
      const m = g.merge(r, c);
      if (m && (m.top !== r || m.left !== c)) continue;
      const t = g.text(r, c, false).trim();
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
    const again = looksLikeHeader(g, r) ? readHeader(g, r, r) : null;
    if (
      (again && ROLES.filter((x) => again.columns[x] !== undefined).length >= Math.min(3, cols.length)) ||
      // The lower row of a repeated two-row header holds only labels (牵头单位 | 配合单位).
      (header.top < header.row && onlyLabels(g, r, left, right))
    ) {
      skipped.push({ row: r, reason: 'repeated-header', text: firstText });
      continue;
    }
    const wide = g.merge(r, left);
    const spansTable = wide !== undefined && wide.right - wide.left + 1 >= Math.max(2, Math.ceil((right - left + 1) / 2));
    const unitsEmpty = unitCols.every((c) => !g.text(r, c, false).trim() && !(g.merge(r, c) && g.merge(r, c)!.top < r));
    // A section numbered in the 序号 column ("一" | 抓好年度计划) has no content, units or deadline.
    const seqText = columns.seq !== undefined ? normalizeSeq(g.value(r, columns.seq)) : '';
    if (unitsEmpty && SECTION_NUMBER_RE.test(seqText)) {
      skipped.push({ row: r, reason: 'section', text: rowTexts(g, r, left, right).join('、') });
      bottom = r;
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
    tasks.push(readTask(g, r, columns));
    bottom = r;
  }
  // Trailing footnotes may follow without being detected as such if they are long single cells after the last task.
  return {
    sheet: grid.name,
    headerTop: header.top,
    headerRow: header.row,
    columns,
    others: header.others,
    left,
    right,
    title,
    tasks,
    skipped,
    footnotes,
    bottom,
  };
}

/** Own (non-follower) texts of a row within the table's columns. */
function rowTexts(g: GridReader, r: number, left: number, right: number): string[] {
  const out: string[] = [];
  for (let c = left; c <= right; c++) {
    const m = g.merge(r, c);
    if (m && (m.top !== r || m.left !== c)) continue;
    const t = g.text(r, c, false).trim();
    if (t) out.push(t);
  }
  return out;
}

/** True when every text of the row is a header label (at least two of them). */
function onlyLabels(g: GridReader, r: number, left: number, right: number): boolean {
  const texts = rowTexts(g, r, left, right);
  return texts.length >= 2 && texts.every((t) => roleOfLabel(normalizeLabel(t)) !== null);
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
  const taskMerge = columns.task !== undefined ? g.merge(r, columns.task) : undefined;
  return {
    row: r,
    seq: columns.seq !== undefined ? normalizeSeq(g.value(r, columns.seq)) : '',
    task: t(columns.task),
    content: t(columns.content),
    leadText: t(columns.lead),
    supportText: t(columns.support),
    deadlineValue: dl === undefined ? null : g.value(r, dl),
    deadlineIsDate: dl !== undefined && typeof g.value(r, dl) === 'number' && g.isDate(r, dl),
    taskMerge: taskMerge && taskMerge.bottom > taskMerge.top ? taskMerge : undefined,
  };
}

/** The table's title: the nearest text above the header that is not 附件. */
function findTitle(g: GridReader, headerTop: number, left: number, right: number): string {
  for (let r = headerTop - 1; r >= Math.max(g.top, headerTop - 6); r--) {
    for (let c = Math.min(left, g.left); c <= right; c++) {
      const t = g.text(r, c).replace(/\s+/g, '');
      if (t && !/^附件\d*[:：]?$/.test(t)) return t;
    }
  }
  return '';
}
