// The user's actions on the active sheet, shared by the ribbon commands and the task pane.
import { Analysis } from '../../core/check/analyze';
import { MergeReport, Reminder, RemindOptions, ReturnedWorkbook, SplitOptions, UnitList, anyUsable, mergeCounts, planMerge, planUnitLists, remindSummary, reminders } from '../../core/cycle/cycle';
import { DirectoryEdit, countsText, planAddStatus, planApplySuggestion, planDirectoryEdit, planFindingsSheet, planSetAsOf, planSetMapping, planSummarize } from '../../core/commands';
import { Plan } from '../../core/plan/plan';
import { planImport } from '../../core/plan/import';
import { legalSheetName } from '../../core/plan/enrich';
import { SheetGrid } from '../../core/read/grid';
import { ColumnMapping } from '../../core/read/recognize';
import { Finding, IsoDate } from '../../core/types';
import { LOCK_NAME, RecoveryKind, TEMP_PREFIX, lockFormula, lockIsStale, stagePlan } from '../../core/plan/stage';
import { InputError, Located, assertWritable, locateTable, notAWorkbook, noTableOnSheet, ownSheets, sheetOfReference, storedAsOf } from '../../core/workbook';
import { todayIso } from '../../core/dates';
import { ApplyStats, HostError, REQUIRED_API, Snapshot, WriteInterrupted, applyStaged, readWorkbook, recover } from './excel';

export type RunBatch = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface Host {
  run: RunBatch;
  isSetSupported: (name: string, version: string) => boolean;
  /** Bytes per write round trip; default DEFAULT_PAYLOAD_BUDGET (under Excel on the web's 5 MB). */
  payloadBudget?: number;
  /** Excel.createWorkbook (ExcelApi 1.8): opens the .xlsx given as base64 as a new workbook in its own window. */
  createWorkbook: (base64: string) => Promise<void>;
}

export interface Outcome {
  ok: boolean;
  /** A plain Chinese sentence for the user. */
  message: string;
  analysis?: Analysis;
  stats?: ApplyStats;
  asOf?: IsoDate | null;
  /** 催办: the 基准日期 the notices were written for, and a notice per unit with something overdue or due soon. */
  reminders?: { asOf: IsoDate; list: Reminder[] };
  /** 合并回报: what was written, what conflicted, what was left out and why. */
  report?: MergeReport;
  /** 导出各单位清单: the units whose lists were opened. */
  opened?: string[];
}

export type Progress = (step: string) => void;

function checkHost(host: Host): void {
  if (!host.isSetSupported('ExcelApi', REQUIRED_API))
    throw new HostError(`此版本的 Excel 不支持分工表助手需要的功能（ExcelApi ${REQUIRED_API}）。请使用 Microsoft 365、Excel 2021 或更新版本，或 Excel 网页版。`);
}

/** The table on the active sheet, with the add-in's hint when it is not there. */
function locate(snapshot: Snapshot): Located {
  try {
    return locateTable(snapshot.input, snapshot.activeSheet, { asOf: storedAsOf(snapshot.input) ?? todayIso() });
  } catch (e) {
    const grid = snapshot.input.sheets.find((s) => s.name === snapshot.activeSheet);
    if (e instanceof InputError && grid && !ownSheets(snapshot.input).has(snapshot.activeSheet)) throw new InputError(noTableOnSheet(grid));
    throw e;
  }
}

/** What a command found and will write; `extra` goes into its Outcome once the write has succeeded. */
type Prepared = { located: Located; plan: Plan | null; extra?: Pick<Outcome, 'reminders' | 'report'> };

/** Refused because another command runs on this workbook (this runtime or the other one: task pane, ribbon). */
export const BUSY = '另一个分工表助手命令（来自任务窗格或功能区）正在处理此工作簿，请等它完成后再试。如果确实没有命令在运行（例如上次运行被中断），请在 6 分钟后重试。工作簿未作任何改动。';

/** This runtime's commands: one at a time, and the token its workbook lock carries. */
const runtimes = new WeakMap<Host, { token: string; busy: boolean }>();
function runtimeOf(host: Host) {
  let r = runtimes.get(host);
  if (!r) runtimes.set(host, (r = { token: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`, busy: false }));
  return r;
}

const exists = (e: unknown) => ['ItemAlreadyExists', 'InvalidArgument'].includes((e as { code?: string }).code ?? '');

/** Takes the workbook lock (core/plan/stage.ts), or throws BUSY. Its own round trip, before the read. */
async function acquire(context: Excel.RequestContext, token: string): Promise<void> {
  const now = Date.now();
  context.workbook.names.add(LOCK_NAME, `=${lockFormula(token, now)}`);
  try {
    return await context.sync();
  } catch (e) {
    if (!exists(e)) throw e;
  }
  const held = context.workbook.names.getItem(LOCK_NAME).load('formula');
  await context.sync();
  if (!lockIsStale(String(held.formula), now, token)) throw new HostError(BUSY);
  held.delete();
  context.workbook.names.add(LOCK_NAME, `=${lockFormula(token, now)}`);
  try {
    await context.sync();
  } catch (e) {
    if (exists(e)) throw new HostError(BUSY); // another runtime took it over first
    throw e;
  }
}

/** Gives the lock back; a lost connection leaves it to expire (or to this runtime's next command). */
async function release(context: Excel.RequestContext): Promise<void> {
  try {
    context.workbook.names.getItem(LOCK_NAME).delete();
    await context.sync();
  } catch {
    // see above
  }
}

/**
 * Reads, plans (everything that can fail), then writes the plan staged (core/plan/stage.ts): new sheets are built aside and
 * swapped in at the end. A failure before writing leaves the workbook as it was; a failure while writing is recovered
 * as far as possible, and the message says what the workbook looks like now. `label` names the command for a re-run.
 * A command that may write holds the workbook lock from before its read to after its last write.
 */
async function act(host: Host, progress: Progress | undefined, label: string, prepare: (snapshot: Snapshot) => Prepared, done: (a: Analysis, extra: Prepared['extra']) => string, writes = true): Promise<Outcome> {
  const runtime = runtimeOf(host);
  if (writes && runtime.busy) return { ok: false, message: BUSY };
  try {
    checkHost(host);
    if (writes) runtime.busy = true;
    return await host.run(async (context) => {
      if (!writes) return readPlanWrite(context, host, progress, label, prepare, done);
      await acquire(context, runtime.token);
      try {
        return await readPlanWrite(context, host, progress, label, prepare, done);
      } finally {
        await release(context);
      }
    });
  } catch (e) {
    return { ok: false, message: userMessage(e) };
  } finally {
    if (writes) runtime.busy = false;
  }
}

async function readPlanWrite(context: Excel.RequestContext, host: Host, progress: Progress | undefined, label: string, prepare: (snapshot: Snapshot) => Prepared, done: (a: Analysis, extra: Prepared['extra']) => string): Promise<Outcome> {
  progress?.('正在读取工作表…');
  const snapshot = await readWorkbook(context);
  progress?.('正在分析…');
  const { located, plan, extra } = prepare(snapshot);
  let stats: ApplyStats | undefined;
  let note = '';
  if (plan && plan.ops.length) {
    assertWritable(plan, snapshot.input);
    const staged = stagePlan(plan, snapshot.input);
    progress?.('正在写入…');
    try {
      stats = await applyStaged(context, snapshot, staged, host.payloadBudget);
    } catch (e) {
      if (!(e instanceof WriteInterrupted)) throw e;
      progress?.('写入中断，正在恢复…');
      const kind = await recover(context, staged, e.phase);
      if (kind !== 'completed') return { ok: false, message: interruptedMessage(e.cause, kind, label, staged.temps.length > 0), stats: e.stats };
      stats = e.stats;
      note = '（写入时曾中断，已自动补全：新的工作表已全部就位。）';
    }
  }
  return { ok: true, message: done(located.analysis, extra) + note, analysis: located.analysis, stats, asOf: storedAsOf(snapshot.input), ...extra };
}

/** Why Excel stopped a write, in a few words. */
function reason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'AccessDenied') return '工作表或工作簿受保护，Excel 拒绝写入';
  if (code === 'RequestPayloadSizeLimitExceeded') return '一次写入的数据过多，Excel 拒绝了请求';
  if (code === 'ConnectionFailure') return '与 Excel 的连接中断';
  if (code === 'InvalidOperationInCellEditMode') return 'Excel 正在编辑单元格';
  return `Excel 报告错误：${(e as Error)?.message ?? String(e)}`;
}

/** After an interrupted write: what happened, what the workbook looks like now, what to do. */
export function interruptedMessage(cause: unknown, kind: Exclude<RecoveryKind, 'completed'> | 'stuck', label: string, newSheets: boolean): string {
  const head = `操作未完成：${reason(cause)}。`;
  if (kind === 'undone') return `${head}已撤销本次写入，工作簿与操作前相同。请稍后重试“${label}”。`;
  if (kind === 'stuck' && newSheets)
    return `${head}未能自动清理：工作簿中可能留有名称以“${TEMP_PREFIX}”开头的未完成工作表，表格中的更改也可能只写入了一部分。再次运行“${label}”会自动清理并补全。`;
  return `${head}${newSheets ? '新生成的工作表已删除，原有的生成工作表保持原样；' : ''}表格中的更改可能未写入或只写入了一部分。再次运行“${label}”即可补全，不会重复添加。`;
}

/** The usual preparation: find the table on the active sheet, then plan from it. */
const onTable =
  (make: (located: Located, snapshot: Snapshot) => Plan | null) =>
  (snapshot: Snapshot): Prepared => {
    const located = locate(snapshot);
    return { located, plan: make(located, snapshot) };
  };

const UNCHANGED = '工作簿未作任何改动。';

/** A sentence the user can act on, for a failure before anything was written; never a stack trace. */
export function userMessage(e: unknown): string {
  const said = (m: string) => (m.includes('未作任何改动') ? m : `${m}${UNCHANGED}`);
  if (e instanceof InputError || e instanceof HostError) return said(e.message);
  const code = (e as { code?: string }).code;
  if (code === 'AccessDenied') return said('工作表受保护或只读，无法写入。请取消保护后重试。');
  if (code === 'RequestPayloadSizeLimitExceeded') return said('一次写入的数据过多，Excel 拒绝了请求。请缩小表格后重试。');
  // Even a chunked read fails when a few hundred rows alone pass Excel's 5 MB response limit.
  if (code === 'ResponsePayloadSizeLimitExceeded') return said('工作表数据过多（超过 Excel 单次读取上限），请将表格复制到新工作表中只保留分工表后重试。');
  if (code === 'InvalidOperationInCellEditMode') return said('Excel 正在编辑单元格，无法运行。请按 Enter 或 Esc 结束编辑后重试。');
  if (code === 'ApiNotFound') return said(`此版本的 Excel 不支持所需功能（ExcelApi ${REQUIRED_API}）。请更新 Excel 后重试。`);
  return said(`操作未完成：${(e as Error)?.message ?? String(e)}。请重试；如果问题持续，请保存工作簿后重新打开。`);
}

/** 校验 without writing (task pane). */
export function inspect(host: Host, progress?: Progress): Promise<Outcome> {
  return act(host, progress, '校验', onTable(() => null), (a) => `校验完成：${countsText(a)}。`, false);
}

/** 校验 from the ribbon: the findings also go to a 校验结果 sheet. */
export function validateToSheet(host: Host, progress?: Progress): Promise<Outcome> {
  return act(host, progress, '校验', onTable((l, s) => planFindingsSheet(l.analysis, s.input)), (a) => `校验完成：${countsText(a)}。详见“校验结果”工作表。`);
}

export function addStatusColumns(host: Host, progress?: Progress, asOf?: IsoDate): Promise<Outcome> {
  return act(host, progress, '添加状态列', onTable((l, s) => planAddStatus(l, s.input, { asOf })), (a) => `已为 ${a.tasks.length} 项任务添加状态列（完成状态、实际完成日期、进展情况、截止日期、剩余天数）。`);
}

export function summarize(host: Host, progress?: Progress, asOf?: IsoDate): Promise<Outcome> {
  return act(host, progress, '汇总', onTable((l, s) => planSummarize(l, s.input, { asOf })), (a) => `已生成“汇总”“任务明细”和各单位工作表（${a.tasks.length} 项任务）。`);
}

export function applySuggestion(host: Host, finding: Finding, replacement: string): Promise<Outcome> {
  return act(host, undefined, '应用建议', onTable((l) => planApplySuggestion(l, finding, replacement)), () => `已将 ${finding.cell} 中的“${finding.fragment ?? ''}”改为“${replacement}”。`);
}

export async function setAsOf(host: Host, asOf: IsoDate | null): Promise<Outcome> {
  const out = await act(host, undefined, '设置基准日期', onTable(() => planSetAsOf(asOf)), () => (asOf ? `基准日期已设为 ${asOf}。` : '基准日期已设为“今天”（=TODAY()）。'));
  return out.ok ? { ...out, asOf } : out; // the value just written, not the one read before
}

export function editDirectory(host: Host, edit: DirectoryEdit): Promise<Outcome> {
  return act(host, undefined, '编辑单位名录', onTable((l, s) => planDirectoryEdit(s.input, l.analysis.directory, edit).plan), () => (edit.kind === 'addUnit' ? `已在单位名录中添加“${edit.name}”。` : `已为“${edit.unit}”添加别名“${edit.alias}”。`));
}

/**
 * Saves a corrected column mapping (or null for automatic detection) and validates with it. Works also
 * where detection found nothing; a mapping that gives no tasks is refused before anything is written.
 */
export function setMapping(host: Host, mapping: ColumnMapping | null): Promise<Outcome> {
  return act(
    host,
    undefined,
    '设置列对应',
    (s) => planSetMapping(s.input, s.activeSheet, mapping),
    (a) => (mapping ? `已按指定的列重新识别：${countsText(a)}。` : `已恢复自动识别：${countsText(a)}。`),
  );
}

/**
 * 从 Word 文件导入: the Word table (already read) written to a new sheet, staged like every write; then that sheet is
 * made active, so the 校验 that follows runs on it.
 */
export async function importWordTable(host: Host, word: { grid: SheetGrid; tableTop: number }, progress?: Progress): Promise<Outcome> {
  let sheet = '';
  const out = await act(
    host,
    progress,
    '从 Word 文件导入',
    (s) => {
      sheet = legalSheetName(word.grid.name, new Set(s.input.sheets.map((x) => x.name.toLowerCase())));
      const grid = { ...word.grid, name: sheet };
      return { located: locateTable({ sheets: [grid], names: [] }, sheet), plan: planImport(word.grid, word.tableTop, sheet) };
    },
    (a) => `已把 Word 表格写入新工作表“${sheet}”：${countsText(a)}。`,
  );
  if (out.ok) await selectCell(host, sheet, 'A1');
  return out;
}

/** Selects a finding's cell on the table sheet, or on the sheet the cell names ("单位名录!A5"). */
export async function selectCell(host: Host, sheet: string, cell: string): Promise<void> {
  // Directory findings carry their own sheet; Worksheet.getRange refuses another sheet's address.
  const bang = cell.lastIndexOf('!');
  const target = sheetOfReference(cell) ?? sheet;
  await host.run(async (context) => {
    const ws = context.workbook.worksheets.getItem(target);
    ws.activate();
    ws.getRange(cell.slice(bang + 1)).select();
    await context.sync();
  });
}

// ------------------------------------------------------------------------------------------------ the 督办 cycle (§9)

/** Makes each unit list's .xlsx, as base64 (the task pane's lazy ExcelJS chunk; tests pass their own). */
export type BuildWorkbooks = (lists: UnitList[]) => Promise<string[]>;

/** Why Excel did not open a new workbook, in a few words. */
function openFailure(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ApiNotFound') return '此版本的 Excel 不支持新建工作簿（需要 ExcelApi 1.8）';
  return reason(e);
}

/**
 * 导出各单位清单: each unit's list (all units, or those named) made into a workbook and opened in a new Excel window.
 * Every workbook is made before the first one opens; the open workbook is never written to.
 */
export async function openUnitLists(host: Host, build: BuildWorkbooks, options: SplitOptions & { units?: string[] } = {}, progress?: Progress): Promise<Outcome> {
  let lists: UnitList[];
  let located: Located;
  let asOf: IsoDate | null;
  let files: string[];
  try {
    checkHost(host);
    ({ located, lists, asOf } = await host.run(async (context) => {
      progress?.('正在读取工作表…');
      const snapshot = await readWorkbook(context);
      const located = locate(snapshot);
      const asOf = storedAsOf(snapshot.input);
      // A fixed 基准日期 travels with the lists; TODAY() stays TODAY() there.
      return { located, asOf, lists: planUnitLists(located, snapshot.input, { ...options, asOf: options.asOf ?? asOf ?? undefined }) };
    }));
    if (options.units) {
      const missing = options.units.filter((u) => !lists.some((l) => l.unit === u));
      if (missing.length) throw new InputError(`“${missing.join('、')}”在当前表格中没有任务，请重新校验后再试。`);
      lists = lists.filter((l) => options.units!.includes(l.unit));
    }
    if (!lists.length) throw new InputError('表格中没有任何单位承担任务，没有可导出的清单。');
    progress?.('正在生成工作簿…');
    files = await build(lists);
  } catch (e) {
    return { ok: false, message: userMessage(e) };
  }
  for (let i = 0; i < lists.length; i++) {
    progress?.(lists.length > 1 ? `正在打开（${i + 1}/${lists.length}）…` : '正在打开…');
    try {
      await host.createWorkbook(files[i]);
    } catch (e) {
      const opened = lists.slice(0, i).map((l) => l.unit);
      const head = opened.length ? `已打开 ${opened.length} 个单位的清单（${opened.join('、')}），` : '';
      return { ok: false, message: `${head}“${lists[i].unit}”${lists.length - i > 1 ? `等 ${lists.length - i} 个单位` : ''}的清单未能打开：${openFailure(e)}。请重试；原工作簿未作任何改动。`, analysis: located.analysis, asOf, opened };
    }
  }
  const tasks = lists.reduce((n, l) => n + l.tasks, 0);
  const message =
    lists.length === 1
      ? `已在新窗口中打开“${lists[0].unit}”的任务清单（${lists[0].tasks} 项任务）。`
      : `已为 ${lists.length} 个单位各打开一份任务清单（共 ${tasks} 项次）。`;
  return { ok: true, message: `${message}可在新窗口中用“文件 > 共享”发送给该单位。`, analysis: located.analysis, asOf, opened: lists.map((l) => l.unit) };
}

/** 催办: a notice per unit with tasks overdue or due within 7 days as of the workbook's 基准日期. Writes nothing. */
export function remind(host: Host, options: Omit<RemindOptions, 'unit'> = {}, progress?: Progress): Promise<Outcome> {
  return act(
    host,
    progress,
    '催办',
    (s) => {
      const located = locate(s);
      const asOf = storedAsOf(s.input) ?? todayIso();
      return { located, plan: null, extra: { reminders: { asOf, list: reminders(located, s.input, asOf, options) } } };
    },
    (_, extra) => {
      const { asOf, list } = extra!.reminders!;
      return remindSummary(asOf, list);
    },
    false,
  );
}

/**
 * 合并回报: the returned workbooks (already read; one without `input` could not be, and is listed) merged into the
 * status columns of the table on the active sheet, every reply appended to 反馈记录. The whole report is made
 * first, then its changes are written as one staged plan.
 */
export function mergeReturns(host: Host, returns: ReturnedWorkbook[], progress?: Progress): Promise<Outcome> {
  return act(
    host,
    progress,
    '合并回报',
    (s) => {
      const located = locate(s);
      const { plan, report } = planMerge(located, s.input, returns);
      return { located, plan: plan.ops.length ? plan : null, extra: { report } };
    },
    (_, extra) => {
      const r = extra!.report!;
      if (!anyUsable(r)) return `没有一份回报文件可以合并：${mergeCounts(r)}。${UNCHANGED}`;
      return r.applied.length ? `合并完成：${mergeCounts(r)}。` : `合并完成：${mergeCounts(r)}。没有可写入原表的内容，各条回报已记入“反馈记录”。`;
    },
  );
}
