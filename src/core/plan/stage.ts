// How a plan is written by a host whose writes can fail part-way (Office.js: each round trip keeps what ran before a
// failure). The CLI needs none of this: it writes its output file whole or not at all.
//
// The decision: every sheet a plan adds is first built under a temporary name ("~分工表助手~1"), and only when all of
// them are complete are the sheets they replace deleted and the new ones renamed to their real names. The other way
// round (rename the old sheets away first, build the new ones under their real names) was rejected: a failure then
// leaves the user's old 汇总 under a strange name and a half-made sheet under the real one, and undoing it needs a rename
// that can fail too. Building aside means a failure while building is undone by deleting the temporary sheets, and the
// old ones are never touched. Formulas that refer to a new sheet are written against its temporary name; Excel updates
// them, and the defined names that point at the sheet, when the sheet is renamed (performance.md: "renaming a worksheet
// still updates any references in formulas to that worksheet").
//
// A run that was cut off and could not clean up after itself leaves temporary sheets behind: the next run recognises
// them by their name and deletes them (unless a marker name has already made one of them ours — then it is replaced
// like any generated sheet).
import { WorkbookInput, quoteSheet } from '../read/grid';
import { Plan, PlanOp, PlanValue, isFormula } from './plan';
import { SHEET_FINDINGS } from '../commands';
import { MARKER_PREFIX, SHEET_DETAIL, SHEET_DIRECTORY, SHEET_SUMMARY, SheetRole, ownSheets, sheetOfReference } from '../workbook';

/** The name a generated sheet of each role is given (unit sheets are named after their unit). */
const ROLE_NAMES: Partial<Record<SheetRole, string>> = { summary: SHEET_SUMMARY, detail: SHEET_DETAIL, directory: SHEET_DIRECTORY, findings: SHEET_FINDINGS };

/** Temporary sheets: "~分工表助手~" and a number. Nobody names a sheet like that by hand. */
export const TEMP_PREFIX = '~分工表助手~';
const TEMP_NAME = /^~分工表助手~\d+$/;

export function isTempSheet(name: string): boolean {
  return TEMP_NAME.test(name);
}

export interface StagedPlan {
  /** Builds the new sheets under temporary names; touches nothing the user already has. */
  build: PlanOp[];
  /**
   * Changes what the user has (cells, rules, names of the table sheet), then swaps the new sheets in: from index
   * `swapAt` on, deletes the sheets they replace, points the marker names at them, renames them.
   */
  commit: PlanOp[];
  swapAt: number;
  /** Each new sheet: its temporary and its real name. */
  temps: { temp: string; final: string }[];
  /** Sheets the swap deletes: replaced generated sheets and leftovers of an interrupted run. */
  deletes: string[];
  /** Marker names the swap defines (real formula, pointing at the real sheet names). */
  markers: { name: string; formula: string }[];
  /** Names the swap deletes (markers of replaced sheets). */
  deletedNames: string[];
}

/**
 * What an interrupted run (or a user deleting a generated sheet) left behind: temporary sheets no marker has made ours,
 * and marker names whose sheet is gone (#REF!).
 */
export function leftovers(wb: WorkbookInput): { sheets: string[]; names: string[] } {
  const own = ownSheets(wb);
  const exists = new Set(wb.sheets.map((s) => s.name.toLowerCase()));
  const sheets = wb.sheets.map((s) => s.name).filter((n) => isTempSheet(n) && !own.has(n));
  const names = wb.names
    .filter((n) => n.name.startsWith(MARKER_PREFIX) && /!/.test(n.formula))
    .filter((n) => {
      const target = sheetOfReference(n.formula);
      return target === null || !exists.has(target.toLowerCase());
    })
    .map((n) => n.name);
  return { sheets, names };
}

/**
 * Rewrites references to the sheets in `rename` (real name → temporary name) outside string literals: a HYPERLINK's
 * "#'汇总'!A1" is text and keeps the real name, which is right once the sheet has it.
 */
export function renameRefs(formula: string, rename: Map<string, string>): string {
  if (!rename.size || !formula.includes('!')) return formula;
  const lower = lowerKeys(rename);
  // One pass: a string literal is kept whole; a quoted or bare sheet name before '!' is swapped when it is renamed.
  return formula.replace(REFS, (all: string, quoted: string | undefined, bare: string | undefined) => {
    const name = quoted !== undefined ? quoted.replace(/''/g, "'") : bare;
    if (name === undefined) return all;
    const to = lower.get(name.toLowerCase());
    return to === undefined ? all : `${quoteSheet(to)}!`;
  });
}

const REFS = /"(?:[^"]|"")*"|'((?:[^']|'')+)'!|(?<![\p{L}\p{N}_.])([\p{L}_][\p{L}\p{N}_.]*)!/gu;
const lowered = new WeakMap<Map<string, string>, Map<string, string>>();
function lowerKeys(rename: Map<string, string>): Map<string, string> {
  let m = lowered.get(rename);
  if (!m) lowered.set(rename, (m = new Map([...rename].map(([k, v]) => [k.toLowerCase(), v]))));
  return m;
}

function renameValue(v: PlanValue, rename: Map<string, string>): PlanValue {
  return isFormula(v) ? { formula: renameRefs(v.formula, rename) } : v;
}

/** The op with its sheet and every formula it carries pointing at the temporary sheets. */
function retarget(op: PlanOp, rename: Map<string, string>): PlanOp {
  const sheet = 'sheet' in op ? rename.get(op.sheet) ?? op.sheet : undefined;
  switch (op.kind) {
    case 'write':
      return { ...op, sheet: sheet!, cells: op.cells.map((row) => row.map((v) => renameValue(v, rename))) };
    case 'defineName':
      return { ...op, formula: renameRefs(op.formula, rename) };
    case 'conditionalFormat':
      return { ...op, sheet: sheet!, formula: renameRefs(op.formula, rename) };
    case 'fillFormula':
      return { ...op, sheet: sheet!, formulaR1C1: renameRefs(op.formulaR1C1, rename) };
    default:
      return sheet === undefined ? op : ({ ...op, sheet } as PlanOp);
  }
}

/**
 * Orders a plan for a host that may fail between (or inside) round trips: build aside, then change, then swap. See the
 * file comment for why. The plan's own order is kept within each part.
 */
export function stagePlan(plan: Plan, wb: WorkbookInput): StagedPlan {
  const existing = new Set(wb.sheets.map((s) => s.name.toLowerCase()));
  // Leftovers are cleaned with the next write; not in a workbook whose structure is protected (no sheet may go).
  const stale = wb.structureProtected ? { sheets: [], names: [] } : leftovers(wb);
  const added = plan.ops.filter((op): op is Extract<PlanOp, { kind: 'addSheet' }> => op.kind === 'addSheet').map((op) => op.sheet);
  const taken = new Set([...existing, ...added.map((n) => n.toLowerCase())]);
  const rename = new Map<string, string>();
  let n = 0;
  for (const final of added) {
    let temp: string;
    do temp = `${TEMP_PREFIX}${++n}`;
    while (taken.has(temp.toLowerCase()));
    taken.add(temp.toLowerCase());
    rename.set(final, temp);
  }
  const isNew = (sheet: string) => rename.has(sheet);
  const adds: PlanOp[] = [];
  const build: PlanOp[] = [];
  const names: PlanOp[] = [];
  const inPlace: PlanOp[] = [];
  const deleteSheets: PlanOp[] = stale.sheets.map((sheet): PlanOp => ({ kind: 'deleteSheet', sheet }));
  const defined = new Set(plan.ops.flatMap((op) => (op.kind === 'defineName' || op.kind === 'deleteName' ? [op.name] : [])));
  const deleteNames: PlanOp[] = stale.names.filter((name) => !defined.has(name)).map((name): PlanOp => ({ kind: 'deleteName', name }));
  const markers: PlanOp[] = [];
  const markerNames: { name: string; formula: string }[] = [];
  for (const op of plan.ops) {
    const staged = retarget(op, rename);
    if (op.kind === 'addSheet') adds.push(staged);
    else if (op.kind === 'deleteSheet') deleteSheets.push(op);
    else if (op.kind === 'deleteName') deleteNames.push(op);
    else if (op.kind === 'defineName') {
      // A name that points at a new sheet is its marker: set with the swap, so that a sheet is never ours before it is whole.
      const target = sheetOfReference(op.formula);
      if (target !== null && isNew(target)) {
        markers.push(staged);
        markerNames.push({ name: op.name, formula: op.formula });
      } else names.push(staged);
    } else if ('sheet' in op && isNew(op.sheet)) build.push(staged);
    else inPlace.push(staged);
  }
  // A run cut off between a sheet's marker and its rename left one of ours under a temporary name: give it its name
  // back when the plan keeps it (单位名录 is kept, not regenerated) and the name is free.
  const deleted = new Set(deleteSheets.map((op) => (op as { sheet: string }).sheet.toLowerCase()));
  const fixNames: PlanOp[] = [];
  if (!wb.structureProtected)
    for (const [sheet, { role }] of ownSheets(wb)) {
      const to = ROLE_NAMES[role];
      if (!isTempSheet(sheet) || !to || deleted.has(sheet.toLowerCase()) || taken.has(to.toLowerCase())) continue;
      taken.add(to.toLowerCase());
      fixNames.push({ kind: 'renameSheet', sheet, to });
    }
  // Names first: a status column's marker must exist before its header does, so a run cut off between the two is
  // never mistaken for a user's own column (the header alone does not make a computed column ours).
  const swap = [...deleteSheets, ...deleteNames, ...fixNames, ...markers, ...added.map((final): PlanOp => ({ kind: 'renameSheet', sheet: rename.get(final)!, to: final }))];
  const commit = [...names, ...inPlace, ...swap];
  return {
    // Every new sheet exists before any formula refers to it (Excel would store #REF! otherwise).
    build: [...adds, ...build],
    commit,
    swapAt: names.length + inPlace.length,
    temps: added.map((final) => ({ temp: rename.get(final)!, final })),
    deletes: deleteSheets.map((op) => (op as { sheet: string }).sheet),
    markers: markerNames,
    deletedNames: deleteNames.map((op) => (op as { name: string }).name),
  };
}

/**
 * The three parts of a staged write, each sent only after the one before has returned (the barrier): the build (new
 * sheets aside), the change (the user's sheet, names), the swap. A failure is therefore known to lie in one part, and
 * everything before it is what Excel confirmed.
 */
export type WritePhase = 'build' | 'change' | 'swap';

/** The ops of each part, in the order they are sent. */
export function phases(staged: StagedPlan): { phase: WritePhase; ops: PlanOp[] }[] {
  return [
    { phase: 'build', ops: staged.build },
    { phase: 'change', ops: staged.commit.slice(0, staged.swapAt) },
    { phase: 'swap', ops: staged.commit.slice(staged.swapAt) },
  ];
}

export type RecoveryKind =
  /** The failure was while building: the temporary sheets are deleted and the workbook is as it was. */
  | 'undone'
  /** The failure was while changing the user's sheets: the temporary sheets are deleted; those changes may be partial. */
  | 'partial'
  /** The failure was in the swap: it is completed, so the new sheets are in place and everything before was written. */
  | 'completed';

/**
 * What to write after a part of a staged plan failed, given the sheets and names that exist now (read after the
 * failure). Before the swap, the temporary sheets are deleted. In the swap, the build is known complete (it returned
 * before the swap was sent), so the swap is finished: every new sheet still under its temporary name replaces the old
 * one, and a marker is set only for a sheet that exists, so no marker points at a missing sheet.
 */
export function recoveryPlan(staged: StagedPlan, phase: WritePhase, now: { sheets: string[]; names: string[] }): { plan: Plan; kind: RecoveryKind } {
  const has = new Set(now.sheets.map((s) => s.toLowerCase()));
  const exists = (s: string) => has.has(s.toLowerCase());
  const ops: PlanOp[] = [];
  if (phase !== 'swap') {
    for (const { temp } of staged.temps) if (exists(temp)) ops.push({ kind: 'deleteSheet', sheet: temp });
    return { plan: { ops }, kind: phase === 'build' ? 'undone' : 'partial' };
  }
  const finals = new Map(staged.temps.map((t) => [t.final.toLowerCase(), t.temp]));
  for (const sheet of staged.deletes) {
    const temp = finals.get(sheet.toLowerCase());
    // A replaced sheet whose new one is already renamed into its place is the new one: keep it.
    if (exists(sheet) && (temp === undefined || exists(temp))) ops.push({ kind: 'deleteSheet', sheet });
  }
  const redefined = new Set(staged.markers.map((m) => m.name.toLowerCase()));
  const nameNow = new Set(now.names.map((n) => n.toLowerCase()));
  for (const name of staged.deletedNames) if (nameNow.has(name.toLowerCase()) && !redefined.has(name.toLowerCase())) ops.push({ kind: 'deleteName', name });
  const toTemp = new Map(staged.temps.filter((t) => exists(t.temp)).map((t) => [t.final, t.temp]));
  for (const m of staged.markers) {
    const target = sheetOfReference(m.formula);
    if (target === null || (!toTemp.has(target) && !exists(target))) continue;
    ops.push({ kind: 'defineName', name: m.name, formula: renameRefs(m.formula, toTemp) });
  }
  for (const [final, temp] of toTemp) ops.push({ kind: 'renameSheet', sheet: temp, to: final });
  return { plan: { ops }, kind: 'completed' };
}

// ------------------------------------------------------------------------------------------------------ one at a time

/**
 * One command at a time per workbook: a workbook-level name holding who runs and since when. The task pane and the
 * ribbon commands run in separate runtimes (no shared runtime), so only the workbook is seen by both. Adding a name
 * that exists fails, which makes taking the lock one atomic step in Excel.
 */
export const LOCK_NAME = '_fengong_busy';
/** A lock older than this is a run that died (a function command is stopped after 5 minutes; a lost connection). */
export const LOCK_STALE_MS = 6 * 60 * 1000;

export function lockFormula(token: string, now: number): string {
  return `"${token.replace(/["|]/g, '')}|${now}"`;
}

/** Whether a held lock may be taken over: too old, or left by this runtime, which is not running a command. */
export function lockIsStale(formula: string, now: number, ownToken: string): boolean {
  const m = /"([^"|]*)\|(\d+)"/.exec(formula);
  if (!m) return true; // not ours to read: a name damaged by hand
  return m[1] === ownToken || now - Number(m[2]) > LOCK_STALE_MS;
}
