// How a plan is staged for a host whose writes can fail part-way (core/stage.ts), and how an interrupted write is
// recovered; the refusal for a protected workbook structure; recognising the engine's rules as Excel reads them back.
import { readFileSync } from 'fs';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import { planSummarize } from '../../src/core/commands';
import { WorkbookInput } from '../../src/core/read/grid';
import { Plan, PlanOp } from '../../src/core/plan/plan';
import { isOwnRule, ruleKey } from '../../src/core/plan/rules';
import { isTempSheet, leftovers, recoveryPlan, renameRefs, stagePlan } from '../../src/core/plan/stage';
import { InputError, assertWritable, locateTable } from '../../src/core/workbook';
import { SAMPLE } from '../helpers/sample';

async function sampleInput(): Promise<WorkbookInput> {
  return (await loadWorkbook(readFileSync(SAMPLE))).input;
}

/** The input with the sheets a previous 汇总 left (names only) and their markers. */
function withOldSummary(wb: WorkbookInput): WorkbookInput {
  return {
    ...wb,
    sheets: [...wb.sheets, { name: '汇总', values: [] }, { name: '任务明细', values: [] }, { name: '旧单位', values: [] }],
    names: [
      ...wb.names,
      { name: '_fengong_summary', formula: "'汇总'!$A$1" },
      { name: '_fengong_detail', formula: "'任务明细'!$A$1" },
      { name: '_fengong_unit_9', formula: "'旧单位'!$A$1" },
    ],
  };
}

const sheetOf = (op: PlanOp) => ('sheet' in op ? op.sheet : undefined);

describe('stagePlan: build aside, change, then swap', () => {
  test('new sheets are built under temporary names and touch nothing the user has', async () => {
    const wb = withOldSummary(await sampleInput());
    const plan = planSummarize(locateTable(wb), wb, { asOf: '2023-06-30' });
    const staged = stagePlan(plan, wb);
    const temps = new Set(staged.temps.map((t) => t.temp));
    expect(staged.temps.map((t) => t.final).slice(0, 3)).toEqual(['单位名录', '汇总', '任务明细']);
    expect([...temps].every(isTempSheet)).toBe(true);
    // Every build op works on a temporary sheet; the adds come first.
    expect(staged.build.every((op) => temps.has(sheetOf(op) ?? ''))).toBe(true);
    expect(staged.build.slice(0, staged.temps.length).map((op) => op.kind)).toEqual(staged.temps.map(() => 'addSheet'));
    // 汇总 counts over 任务明细 under its temporary name; a HYPERLINK's text keeps the real sheet names.
    const detailTemp = staged.temps.find((t) => t.final === '任务明细')!.temp;
    const summaryTemp = staged.temps.find((t) => t.final === '汇总')!.temp;
    const counts = staged.build.filter((op) => op.kind === 'fillFormula' && op.sheet === summaryTemp);
    expect(counts.length).toBeGreaterThan(0);
    expect(JSON.stringify(counts)).toContain(`'${detailTemp}'!C1:C1`);
    expect(JSON.stringify(counts)).not.toContain(`'任务明细'!`);
    const link = staged.build.flatMap((op) => (op.kind === 'fillFormula' ? [op.formulaR1C1] : [])).find((f) => f.startsWith('=HYPERLINK'));
    expect(link).toMatch(/^=HYPERLINK\("#'Sheet1'!A"&INDEX\('~分工表助手~\d+'!C4:C4,/);
  });

  test('the commit: names first, the user\'s sheet, then delete the old sheets, their markers, set the new markers, rename', async () => {
    const wb = withOldSummary(await sampleInput());
    const staged = stagePlan(planSummarize(locateTable(wb), wb, { asOf: '2023-06-30' }), wb);
    const kinds = staged.commit.map((op) => op.kind);
    const firstNonName = kinds.findIndex((k) => k !== 'defineName');
    expect(staged.commit.slice(0, firstNonName).map((op) => (op as { name: string }).name)).toEqual(expect.arrayContaining(['_fengong_status_1', '_fengong_status_5', '基准日期']));
    expect(staged.commit.slice(firstNonName, staged.swapAt).every((op) => sheetOf(op) === 'Sheet1')).toBe(true);
    const swap = staged.commit.slice(staged.swapAt);
    expect(swap.slice(0, 3)).toEqual([
      { kind: 'deleteSheet', sheet: '汇总' },
      { kind: 'deleteSheet', sheet: '任务明细' },
      { kind: 'deleteSheet', sheet: '旧单位' },
    ]);
    expect(swap.filter((op) => op.kind === 'deleteName').map((op) => (op as { name: string }).name)).toEqual(['_fengong_summary', '_fengong_detail', '_fengong_unit_9']);
    const marker = swap.find((op) => op.kind === 'defineName' && op.name === '_fengong_summary');
    expect(marker).toEqual({ kind: 'defineName', name: '_fengong_summary', formula: `'${staged.temps[1].temp}'!$A$1` });
    expect(swap.slice(-staged.temps.length)).toEqual(staged.temps.map((t) => ({ kind: 'renameSheet', sheet: t.temp, to: t.final })));
    // Each new sheet's marker comes before its rename (a sheet is ours before it has its real name).
    expect(swap.findIndex((op) => op.kind === 'defineName')).toBeLessThan(swap.findIndex((op) => op.kind === 'renameSheet'));
  });

  test('a plan with no new sheet is all commit, in its own order apart from names first', () => {
    const plan: Plan = {
      ops: [
        { kind: 'write', sheet: 'T', top: 0, left: 6, cells: [['完成状态']] },
        { kind: 'defineName', name: '_fengong_status_1', formula: "'T'!$G$1" },
      ],
    };
    const staged = stagePlan(plan, { sheets: [{ name: 'T', values: [] }], names: [] });
    expect(staged.build).toEqual([]);
    expect(staged.commit.map((op) => op.kind)).toEqual(['defineName', 'write']);
    expect(staged.swapAt).toBe(2);
  });

  test('temporary names avoid every sheet there is; leftovers of an interrupted run are deleted with the swap', () => {
    const wb: WorkbookInput = {
      sheets: [{ name: 'T', values: [] }, { name: '~分工表助手~1', values: [] }, { name: '~分工表助手~2', values: [] }],
      names: [
        { name: '_fengong_unit_3', formula: '#REF!$A$1' },
        { name: '_fengong_mapping', formula: '"T|3|task=B"' },
        { name: '_fengong_detail', formula: "'~分工表助手~2'!$A$1" },
      ],
    };
    expect(leftovers(wb)).toEqual({ sheets: ['~分工表助手~1'], names: ['_fengong_unit_3'] });
    const staged = stagePlan({ ops: [{ kind: 'addSheet', sheet: '校验结果' }] }, wb);
    expect(staged.temps).toEqual([{ temp: '~分工表助手~3', final: '校验结果' }]);
    const swap = staged.commit.slice(staged.swapAt);
    expect(swap).toContainEqual({ kind: 'deleteSheet', sheet: '~分工表助手~1' });
    expect(swap).toContainEqual({ kind: 'deleteName', name: '_fengong_unit_3' });
    // The marked one is ours (任务明细 cut off before its rename): it gets its name back.
    expect(swap).toContainEqual({ kind: 'renameSheet', sheet: '~分工表助手~2', to: '任务明细' });
  });

  test('references are renamed outside string literals only, quoted or bare', () => {
    const rename = new Map([['任务明细', '~分工表助手~2'], ["It's", '~分工表助手~3']]);
    expect(renameRefs(`=COUNTIFS('任务明细'!$A:$A,$A4)+任务明细!B1+'It''s'!A1&"'任务明细'!A1"`, rename)).toBe(
      `=COUNTIFS('~分工表助手~2'!$A:$A,$A4)+'~分工表助手~2'!B1+'~分工表助手~3'!A1&"'任务明细'!A1"`,
    );
    expect(renameRefs('=Sheet1!A1+x任务明细!A1', rename)).toBe('=Sheet1!A1+x任务明细!A1');
  });
});

describe('recoveryPlan: decided from what exists after the failure', () => {
  const wb: WorkbookInput = withOldSummary({ sheets: [{ name: 'T', values: [] }], names: [] });
  const plan: Plan = {
    ops: [
      { kind: 'deleteSheet', sheet: '汇总' },
      { kind: 'deleteName', name: '_fengong_summary' },
      { kind: 'addSheet', sheet: '汇总' },
      { kind: 'write', sheet: '汇总', top: 0, left: 0, cells: [['x']] },
      { kind: 'defineName', name: '_fengong_summary', formula: "'汇总'!$A$1" },
      { kind: 'write', sheet: 'T', top: 0, left: 0, cells: [['y']] },
    ],
  };
  const staged = stagePlan(plan, wb);
  const temp = staged.temps[0].temp;
  const all = ['T', '汇总', '任务明细', '旧单位'];

  test('cut off while building: delete the temporary sheets, the workbook is as it was', () => {
    expect(recoveryPlan(staged, 'build', { sheets: [...all, temp], names: [] })).toEqual({ plan: { ops: [{ kind: 'deleteSheet', sheet: temp }] }, kind: 'undone' });
    expect(recoveryPlan(staged, 'build', { sheets: all, names: [] })).toEqual({ plan: { ops: [] }, kind: 'undone' });
  });

  test("cut off while changing the user's sheet: delete the temporary sheets; those changes may be partial", () => {
    expect(recoveryPlan(staged, 'change', { sheets: [...all, temp], names: [] })).toEqual({ plan: { ops: [{ kind: 'deleteSheet', sheet: temp }] }, kind: 'partial' });
  });

  test('cut off in the swap: finish it from wherever it stopped', () => {
    const names = ['_fengong_summary', '_fengong_detail'];
    // Nothing of the swap ran yet.
    expect(recoveryPlan(staged, 'swap', { sheets: [...all, temp], names })).toEqual({
      plan: {
        ops: [
          { kind: 'deleteSheet', sheet: '汇总' },
          { kind: 'defineName', name: '_fengong_summary', formula: `'${temp}'!$A$1` },
          { kind: 'renameSheet', sheet: temp, to: '汇总' },
        ],
      },
      kind: 'completed',
    });
    // Everything ran but the answer was lost: 汇总 is the new one; only the marker is set again.
    expect(recoveryPlan(staged, 'swap', { sheets: all, names }).plan.ops).toEqual([{ kind: 'defineName', name: '_fengong_summary', formula: "'汇总'!$A$1" }]);
  });

  test('a marker is never set for a sheet that is not there (the swap cannot conjure a sheet the build did not make)', () => {
    const ops = recoveryPlan(staged, 'swap', { sheets: ['T', '任务明细'], names: [] }).plan.ops;
    expect(ops.filter((op) => op.kind === 'defineName')).toEqual([]);
  });
});

describe('assertWritable: a protected workbook structure', () => {
  const wb: WorkbookInput = { sheets: [{ name: 'T', values: [] }], names: [], structureProtected: true };
  test('refuses a plan that adds, deletes or renames sheets, in Chinese, before anything is written', () => {
    for (const op of [{ kind: 'addSheet', sheet: 'X' }, { kind: 'deleteSheet', sheet: 'T' }, { kind: 'renameSheet', sheet: 'T', to: 'U' }] as PlanOp[]) {
      expect(() => assertWritable({ ops: [op] }, wb)).toThrow(InputError);
      expect(() => assertWritable({ ops: [op] }, wb)).toThrow('工作簿的结构受保护，无法添加或删除工作表。请先在“审阅 > 保护工作簿”中取消保护，再重试。工作簿未作任何改动。');
    }
  });
  test('lets cells, names and rules through', () => {
    expect(() => assertWritable({ ops: [{ kind: 'write', sheet: 'T', top: 0, left: 0, cells: [['x']] }, { kind: 'defineName', name: 'n', formula: '1' }] }, wb)).not.toThrow();
  });
});

describe('ruleKey: the engine\'s rules as Excel reads them back', () => {
  test('relative row numbers, spaces and case do not matter; absolute rows and string literals do', () => {
    expect(ruleKey('=AND($J4<>"",$G4<>"已完成",N($J4)<基准日期)')).toBe(ruleKey('and($J20 <> "", $G20<>"已完成", n($J20)<基准日期)'));
    expect(ruleKey('$G4="已完成"')).not.toBe(ruleKey('$G4="已 完成"'));
    expect(ruleKey('$G$4="x"')).not.toBe(ruleKey('$G$5="x"'));
    expect(ruleKey('LOG10(A1)')).toBe('LOG10(A#)');
  });
  test('isOwnRule: mentions 基准日期, or reads as one of the engine\'s formulas', () => {
    const own = { mentions: '基准日期', formulas: ['$G4="已完成"'] };
    expect(isOwnRule('$G11="已完成"', own)).toBe(true);
    expect(isOwnRule('N($J4)<基准日期', own)).toBe(true);
    expect(isOwnRule('$A4>100', own)).toBe(false);
  });
});
