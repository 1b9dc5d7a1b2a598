// What each user action plans (ribbon buttons, task pane, CLI). Every plan is complete before anything is written.
import { Analysis } from './check/analyze';
import { planDirectorySeed, planEnrich, planStatusColumns, EnrichOptions, legalSheetName } from './plan/enrich';
import { GridReader, WorkbookInput, cellText, parseRange, quoteSheet } from './read/grid';
import { Plan, PlanOp, PlanValue } from './plan/plan';
import { ColumnMapping } from './read/recognize';
import { Directory, Finding, IsoDate, SEVERITY_LABEL } from './types';
import { normalizeUnitName } from './read/units';
import { AS_OF_NAME, InputError, Located, MAPPING_NAME, locateTable, SHEET_DIRECTORY, mappingFormula, asOfFormula, directorySheetRows, markerName, ownSheets } from './workbook';

export const SHEET_FINDINGS = '校验结果';

/** "33 项任务，0 个错误，1 个警告，2 个提示" — the same count sentence on every surface. */
export function countsText(analysis: Analysis): string {
  const n = (s: Finding['severity']) => analysis.findings.filter((f) => f.severity === s).length;
  return `${analysis.tasks.length} 项任务，${n('error')} 个${SEVERITY_LABEL.error}，${n('warning')} 个${SEVERITY_LABEL.warning}，${n('info')} 个${SEVERITY_LABEL.info}`;
}

/** 添加状态列: the status columns, rules and 基准日期, and 单位名录 on first use. */
export function planAddStatus(located: Located, wb: WorkbookInput, options: EnrichOptions = {}): Plan {
  const status = planStatusColumns(located, wb, options);
  return { ops: [...status.ops, ...planDirectorySeed(wb, located.analysis.directory, options)] };
}

/** 汇总: status columns (kept or added, since 汇总 refers to them) plus every summary sheet. */
export function planSummarize(located: Located, wb: WorkbookInput, options: EnrichOptions = {}): Plan {
  return planEnrich(located, wb, options).plan;
}

/** 校验: a 校验结果 sheet listing each finding with a link to its cell; replaces the previous one. */
export function planFindingsSheet(analysis: Analysis, wb: WorkbookInput): Plan {
  const own = ownSheets(wb);
  const ops: PlanOp[] = [];
  for (const [sheet, info] of own) {
    if (info.role !== 'findings') continue;
    ops.push({ kind: 'deleteSheet', sheet }, { kind: 'deleteName', name: info.marker });
  }
  const taken = new Set(wb.sheets.filter((s) => own.get(s.name)?.role !== 'findings').map((s) => s.name.toLowerCase()));
  const name = legalSheetName(SHEET_FINDINGS, taken);
  const table = quoteSheet(analysis.recognition.sheet);
  const rows: PlanValue[][] = [
    [`工作表“${analysis.recognition.sheet}”：${countsText(analysis)}。`],
    ['单元格', '级别', '类别', '说明', '建议'],
    ...analysis.findings.map((f) => [
      // A finding about 单位名录 names its own sheet ("单位名录!A5"); the others are on the table's sheet.
      { formula: `=HYPERLINK("#${(f.cell.includes('!') ? f.cell : `${table}!${f.cell}`).replace(/"/g, '""')}","${f.cell.replace(/"/g, '""')}")` },
      SEVERITY_LABEL[f.severity],
      f.code,
      f.message,
      f.suggestions.join('、'),
    ]),
  ];
  ops.push({ kind: 'addSheet', sheet: name }, { kind: 'write', sheet: name, top: 0, left: 0, cells: rows });
  ops.push({ kind: 'bold', sheet: name, range: 'A2:E2' }, { kind: 'columnWidth', sheet: name, col: 3, width: 70 }, { kind: 'columnWidth', sheet: name, col: 4, width: 30 });
  ops.push({ kind: 'freeze', sheet: name, rows: 2, cols: 0 });
  ops.push({ kind: 'defineName', name: markerName('findings'), formula: `${quoteSheet(name)}!$A$1` });
  return { ops };
}

/**
 * The cell text after applying a suggestion: the fragment replaced once — also where the cell writes it with stray
 * spaces or half-width brackets — or the whole cell when the finding is about the whole cell. Null when the cell no
 * longer holds the fragment (edited since), so nothing else in it is lost.
 */
export function applySuggestionText(cell: string, finding: Finding, replacement: string): string | null {
  if (!finding.fragment) return replacement;
  if (cell.includes(finding.fragment)) return cell.replace(finding.fragment, replacement);
  const loose = new RegExp(
    [...finding.fragment].map((ch) => (ch === '（' ? '[（(]' : ch === '）' ? '[）)]' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('\\s*'),
  );
  return loose.test(cell) ? cell.replace(loose, replacement) : null;
}

/**
 * Applying a suggestion rewrites the cells the finding covers (the same misspelt name everywhere it is written),
 * only after the user's click. Applying it again (a retry after an interrupted write that did get through) changes
 * nothing; a cell that no longer holds the misspelling is left alone.
 */
export function planApplySuggestion(located: Located, finding: Finding, replacement: string): Plan {
  const g = new GridReader(located.grid);
  const ops: PlanOp[] = [];
  let applied = 0;
  for (const cell of finding.cells ?? [finding.cell]) {
    const at = parseRange(cell);
    const current = cellText(g.raw(at.top, at.left));
    // 执法支队 → 市应急管理综合行政执法支队: once applied, the cell still holds the fragment inside the replacement.
    if (finding.fragment && replacement.includes(finding.fragment) && current.includes(replacement)) {
      applied++;
      continue;
    }
    const text = applySuggestionText(current, finding, replacement);
    if (text !== null) ops.push({ kind: 'write', sheet: located.grid.name, top: at.top, left: at.left, cells: [[text]] });
    else if (current.includes(replacement)) applied++;
  }
  if (ops.length === 0 && applied === 0) throw new InputError(`单元格 ${finding.cell} 的内容已改变，不再包含“${finding.fragment}”，请重新校验后再应用建议。工作簿未作任何改动。`);
  return { ops };
}

/**
 * Keeps the user's corrected column mapping in the workbook (null returns to automatic detection), and the
 * table as it reads with that mapping — which must be found before anything is written.
 */
export function planSetMapping(wb: WorkbookInput, sheet: string, mapping: ColumnMapping | null): { plan: Plan; located: Located } {
  const cols = mapping ? Object.values(mapping.columns).filter((c) => c !== undefined) : [];
  if (mapping && cols.length === 0) throw new InputError('请至少为一项指定所在的列。');
  if (new Set(cols).size !== cols.length) throw new InputError('同一列不能同时对应两项（如“牵头单位”和“配合单位”），请改正列的对应关系。');
  const names = wb.names.filter((n) => n.name !== MAPPING_NAME);
  const op: PlanOp = mapping ? { kind: 'defineName', name: MAPPING_NAME, formula: mappingFormula(sheet, mapping) } : { kind: 'deleteName', name: MAPPING_NAME };
  if (op.kind === 'defineName') names.push({ name: op.name, formula: op.formula });
  return { plan: { ops: [op] }, located: locateTable({ ...wb, names }, sheet) };
}

/** 基准日期: a fixed date, or null for TODAY(). */
export function planSetAsOf(asOf: IsoDate | null): Plan {
  return { ops: [{ kind: 'defineName', name: AS_OF_NAME, formula: asOfFormula(asOf) }] };
}

export type DirectoryEdit = { kind: 'addUnit'; name: string; aliases?: string[]; group?: string } | { kind: 'addAlias'; unit: string; alias: string };

/** Adds a unit or an alias and rewrites 单位名录 (rows A:D) from the edited directory. */
export function planDirectoryEdit(wb: WorkbookInput, directory: Directory, edit: DirectoryEdit): { plan: Plan; directory: Directory } {
  const next: Directory = {
    units: directory.units.map((u) => ({ ...u, aliases: [...u.aliases] })),
    groups: directory.groups.map((g) => ({ ...g, aliases: [...g.aliases], members: g.members ? [...g.members] : null })),
  };
  if (edit.kind === 'addUnit') {
    const name = normalizeUnitName(edit.name);
    if (!name) throw new InputError('单位名称不能为空。');
    if (next.units.some((u) => u.name === name) || next.groups.some((g) => g.name === name)) throw new InputError(`“${name}”已在单位名录中。`);
    next.units.push({ name, aliases: (edit.aliases ?? []).map(normalizeUnitName).filter(Boolean) });
    if (edit.group) {
      const g = next.groups.find((x) => x.name === edit.group);
      if (!g) throw new InputError(`单位名录中没有分组“${edit.group}”。`);
      g.members = [...(g.members ?? []), name];
    }
  } else {
    const alias = normalizeUnitName(edit.alias);
    if (!alias) throw new InputError('别名不能为空。');
    const owner = [...next.units, ...next.groups].find((u) => u.name === alias || u.aliases.includes(alias));
    if (owner) throw new InputError(`“${alias}”已是“${owner.name}”的名称或别名。`);
    const target = next.units.find((u) => u.name === edit.unit) ?? next.groups.find((g) => g.name === edit.unit);
    if (!target) throw new InputError(`单位名录中没有“${edit.unit}”。`);
    target.aliases.push(alias);
  }
  const own = ownSheets(wb);
  const sheet = [...own].find(([, o]) => o.role === 'directory')?.[0] ?? SHEET_DIRECTORY;
  const exists = wb.sheets.some((s) => s.name === sheet);
  const rows = directorySheetRows(next);
  const old = wb.sheets.find((s) => s.name === sheet)?.values.length ?? 0;
  // Clear rows the old directory used below the new one, so a shorter list leaves nothing stale.
  const padded: PlanValue[][] = [...rows, ...Array.from({ length: Math.max(0, old - rows.length) }, () => ['', '', '', ''])];
  const ops: PlanOp[] = exists ? [] : planDirectorySeed(wb, next).filter((op) => op.kind !== 'write');
  ops.push({ kind: 'write', sheet, top: 0, left: 0, cells: padded });
  return { plan: { ops }, directory: next };
}
