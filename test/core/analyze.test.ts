// SPEC §3: findings of analyze() on small tables built in code.
import { Analysis, analyze } from '../../src/core/check/analyze';
import { expandUnit } from '../../src/core/check/directory';
import { CellValue, SheetGrid, parseRange } from '../../src/core/read/grid';

const HEADER = ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'];
const TITLE = '2023年市应急管理“执法规范提升年”活动责任分工表';

/** A task row: 序号, 目标任务, 主要内容, 牵头单位, 配合单位, 完成时限. */
const task = (seq: CellValue, title: CellValue = `任务${seq}`, lead: CellValue = '法规科', support: CellValue = '办公室', deadline: CellValue = '2023年6月底前'): CellValue[] => [
  seq,
  title,
  `内容${seq}`,
  lead,
  support,
  deadline,
];

/**
 * A sheet: title on row 1, header on row 2, tasks from row 3 (sheet rows, as in the A1 addresses).
 * Merges are A1 ranges.
 */
function sheet(tasks: CellValue[][], merges: string[] = [], title: string | null = TITLE, after: CellValue[][] = []): SheetGrid {
  return { name: '分工表', values: [[title], HEADER, ...tasks, ...after], merges: merges.map(parseRange) };
}

function run(grid: SheetGrid): Analysis {
  const a = analyze(grid);
  if (!a) throw new Error('no table recognized');
  return a;
}

/** Findings as "cell severity code", in report order. */
const brief = (a: Analysis) => a.findings.map((f) => `${f.cell} ${f.severity} ${f.code}`);

describe('a clean table', () => {
  test('has no findings, resolved units and parsed deadlines', () => {
    const a = run(sheet([task(1), task(2, '任务2', '办公室', '法规科、规财科', '2023年3月底前')]));
    expect(a.findings).toEqual([]);
    expect(a.year).toBe(2023);
    expect(a.tasks.map((t) => [t.row, t.seq, t.deadline.kind, t.deadline.due])).toEqual([
      [2, '1', 'date', '2023-06-30'],
      [3, '2', 'date', '2023-03-31'],
    ]);
    expect(a.tasks[1].lead).toEqual([{ text: '办公室', unit: '办公室', isGroup: false }]);
    expect(a.tasks[1].support.map((r) => r.unit)).toEqual(['法规科', '规财科']);
  });

  test('a sheet without a table gives null', () => {
    expect(analyze({ name: 'x', values: [['通知'], ['请各单位按时报送。']] })).toBeNull();
    expect(analyze({ name: 'x', values: [] })).toBeNull();
  });
});

describe('deadlines', () => {
  test('missing deadline: error at the deadline cell', () => {
    const a = run(sheet([task(1), task(2, '任务2', '法规科', '办公室', null), task(3, '任务3', '法规科', '办公室', '   ')]));
    expect(brief(a)).toEqual(['F4 error deadline.missing', 'F5 error deadline.missing']);
    expect(a.tasks[1].deadline.kind).toBe('missing');
    expect(a.findings[0].message).toMatch(/完成时限/);
    expect(a.findings[0].suggestions).toEqual([]);
  });

  test('尽快: warning, unparsed', () => {
    const a = run(sheet([task(1), task(2, '任务2', '法规科', '办公室', '尽快')]));
    expect(brief(a)).toEqual(['F4 warning deadline.unparsed']);
    expect(a.tasks[1].deadline).toMatchObject({ kind: 'unparsed', text: '尽快' });
    expect(a.findings[0].message).toContain('尽快');
  });

  test('2023年13月底前: error, impossible', () => {
    const a = run(sheet([task(1), task(2, '任务2', '法规科', '办公室', '2023年13月底前')]));
    expect(brief(a)).toEqual(['F4 error deadline.impossible']);
    expect(a.tasks[1].deadline).toMatchObject({ kind: 'unparsed', impossible: true });
  });

  test('六月底前 takes the year of the title, with an info finding', () => {
    const a = run(sheet([task(1), task(2, '任务2', '法规科', '办公室', '六月底前')], [], '2023年安全生产重点工作分工表'));
    expect(a.year).toBe(2023);
    expect(brief(a)).toEqual(['F4 info deadline.year-inferred']);
    expect(a.tasks[1].deadline).toMatchObject({ kind: 'date', due: '2023-06-30', yearInferred: true });
    expect(a.findings[0].message).toContain('2023');
  });

  test('the title year wins over the deadlines’ own years', () => {
    const a = run(sheet([task(1, '任务1', '法规科', '办公室', '2024年3月底前'), task(2, '任务2', '法规科', '办公室', '6月底前')], [], '2023年工作分工表'));
    expect(a.year).toBe(2023);
    expect(a.tasks[1].deadline.due).toBe('2023-06-30');
  });

  test('without a year in the title, the most common deadline year is the table’s year', () => {
    const a = run(
      sheet(
        [
          task(1, '任务1', '法规科', '办公室', '2023年3月底前'),
          task(2, '任务2', '法规科', '办公室', '2023年12月底前'),
          task(3, '任务3', '法规科', '办公室', '2024年1月底前'),
          task(4, '任务4', '法规科', '办公室', '6月底完成'),
        ],
        [],
        '执法规范提升年活动责任分工表',
      ),
    );
    expect(a.year).toBe(2023);
    expect(a.tasks[3].deadline).toMatchObject({ kind: 'date', due: '2023-06-30', yearInferred: true });
    expect(brief(a)).toEqual(['F6 info deadline.year-inferred']);
  });

  test('2032 among 2023s: warning, year outlier', () => {
    const a = run(
      sheet(
        [task(1), task(2, '任务2', '法规科', '办公室', '2032年6月底前'), task(3, '任务3', '法规科', '办公室', '2023年12月底前')],
        [],
        '执法规范提升年活动责任分工表',
      ),
    );
    expect(a.year).toBe(2023);
    expect(brief(a)).toEqual(['F4 warning deadline.year-outlier']);
    expect(a.findings[0].message).toContain('2032');
    expect(a.tasks[1].deadline.due).toBe('2032-06-30');
  });

  test('the next year is not an outlier', () => {
    const a = run(sheet([task(1), task(2, '任务2', '法规科', '办公室', '2024年1月底前')]));
    expect(a.findings).toEqual([]);
  });

  test('recurring and ongoing deadlines have no findings', () => {
    const a = run(sheet([task(1, '任务1', '法规科', '办公室', '2023年3月起每月'), task(2, '任务2', '法规科', '办公室', '长期坚持')]));
    expect(a.findings).toEqual([]);
    expect(a.tasks.map((t) => t.deadline.kind)).toEqual(['recurring', 'ongoing']);
  });

  test('a real Excel date cell is a date', () => {
    const grid = sheet([task(1, '任务1', '法规科', '办公室', 45107)]);
    grid.formats = [[], [], [null, null, null, null, null, 'yyyy/m/d']];
    const a = run(grid);
    expect(a.tasks[0].deadline).toEqual({ text: '2023-06-30', kind: 'date', due: '2023-06-30' });
    expect(a.findings).toEqual([]);
  });
});

describe('units', () => {
  test('a typo: warning with the canonical name first and the fragment it replaces', () => {
    const a = run(sheet([task(1, '任务1', '法规课'), task(2, '任务2', '办公室', '规财科、法规课')]));
    // One finding per distinct name, at its first cell, listing every cell where it occurs (SPEC §3).
    expect(brief(a)).toEqual(['D3 warning unit.unknown']);
    expect(a.findings[0].cells).toEqual(['D3', 'E4']);
    for (const f of a.findings) {
      expect(f.suggestions[0]).toBe('法规科');
      expect(f.suggestions.length).toBeLessThanOrEqual(3);
      expect(f.fragment).toBe('法规课');
      expect(f.message).toContain('法规课');
    }
    expect(a.tasks[0].lead).toEqual([{ text: '法规课', unit: null, isGroup: false }]);
  });

  test('an alias: info, resolved to the canonical unit', () => {
    const a = run(sheet([task(1, '任务1', '预案科')]));
    expect(brief(a)).toEqual(['D3 info unit.alias']);
    expect(a.tasks[0].lead).toEqual([{ text: '预案科', unit: '救援协调和预案管理科', isGroup: false }]);
    expect(a.findings[0].message).toContain('救援协调和预案管理科');
  });

  test('a canonical name with the 市局 prefix or the bracketed alias form is not an alias finding', () => {
    const a = run(sheet([task(1, '任务1', '市局法规科', '救援协调和预案管理科（科信科）')]));
    expect(a.findings).toEqual([]);
    expect(a.tasks[0].lead[0].unit).toBe('法规科');
    expect(a.tasks[0].support[0].unit).toBe('救援协调和预案管理科');
  });

  test('各县（市、区）应急管理局 is one group, never split at the 、 inside the brackets', () => {
    const a = run(sheet([task(1, '任务1', '法规科', '办公室、各县（市、区）应急管理局'), task(2, '任务2', '法规科', '各县(市、区)应急管理局')]));
    expect(a.findings).toEqual([]);
    expect(a.tasks[0].support).toEqual([
      { text: '办公室', unit: '办公室', isGroup: false },
      { text: '各县（市、区）应急管理局', unit: '各县（市、区）应急管理局', isGroup: true },
    ]);
    expect(a.tasks[1].support).toEqual([{ text: '各县（市、区）应急管理局', unit: '各县（市、区）应急管理局', isGroup: true }]);
  });

  test('split on 、，,；; spaces and line breaks, normalizing filler', () => {
    const a = run(sheet([task(1, '任务1', '法规科牵头', '办公室，规财科;调统科\n防汛减灾科 火灾防治科等。')]));
    expect(a.findings).toEqual([]);
    expect(a.tasks[0].lead.map((r) => r.unit)).toEqual(['法规科']);
    expect(a.tasks[0].support.map((r) => r.unit)).toEqual(['办公室', '规财科', '调统科', '防汛减灾科', '火灾防治科']);
  });

  test('a unit both leading and supporting: info at the support cell', () => {
    const a = run(sheet([task(1, '任务1', '法规科', '办公室、法规科'), task(2, '任务2', '预案科', '救援协调和预案管理科')]));
    expect(brief(a)).toEqual(['E3 info unit.lead-and-support', 'D4 info unit.alias', 'E4 info unit.lead-and-support']);
    expect(a.findings[0].message).toContain('法规科');
  });

  test('无 in the support column means none', () => {
    const a = run(sheet([task(1, '任务1', '法规科', '无')]));
    expect(a.findings).toEqual([]);
    expect(a.tasks[0].support).toEqual([]);
  });
});

describe('structure', () => {
  test('empty lead: error at the lead cell; 无 counts as empty', () => {
    const a = run(sheet([task(1), task(2, '任务2', null), task(3, '任务3', '无')]));
    expect(brief(a)).toEqual(['D4 error structure.lead-missing', 'D5 error structure.lead-missing']);
  });

  test('empty task title: warning at the task cell', () => {
    const a = run(sheet([task(1), task(2, null)]));
    expect(brief(a)).toEqual(['B4 warning structure.task-missing']);
  });

  test('duplicate 序号: warning at the later row', () => {
    const a = run(sheet([task(1), task(2), task('2.'), task(3)]));
    expect(brief(a)).toEqual(['A5 warning structure.seq-duplicate']);
    expect(a.findings[0].message).toContain('4'); // points to sheet row 4
  });

  test('a gap 1, 2, 4: warning at the row after the gap', () => {
    const a = run(sheet([task(1), task(2), task(4), task(5)]));
    expect(brief(a)).toEqual(['A5 warning structure.seq-gap']);
    expect(a.findings[0].message).toContain('3');
  });

  test('empty 序号: warning', () => {
    const a = run(sheet([task(1), task(null, '任务X'), task(2)]));
    expect(brief(a)).toEqual(['A4 warning structure.seq-missing']);
  });

  test('序号 "\\n31" and "1." are numbers in sequence', () => {
    const a = run(sheet([task('1.'), task(' 2 '), task('\n3')]));
    expect(a.findings).toEqual([]);
    expect(a.tasks.map((t) => t.seq)).toEqual(['1', '2', '3']);
  });

  test('the same title in two separate merged blocks: warning at the second block only', () => {
    const a = run(
      sheet(
        [task(1, '抓好年度计划'), task(2, null), task(3, '落实两员规定'), task(4, '抓好年度计划'), task(5, null), task(6, '强化监督')],
        ['B3:B4', 'B6:B7'],
      ),
    );
    expect(brief(a)).toEqual(['B6 warning structure.task-title-repeated']);
    expect(a.findings[0].message).toContain('抓好年度计划');
  });

  test('one merged block is not a repeated title', () => {
    const a = run(sheet([task(1, '抓好年度计划'), task(2, null), task(3, null)], ['B3:B5']));
    expect(a.findings).toEqual([]);
    expect(a.tasks.map((t) => t.task)).toEqual(['抓好年度计划', '抓好年度计划', '抓好年度计划']);
  });

  test('a title filled down by hand on consecutive unmerged rows is one block, not a repeat', () => {
    const a = run(sheet([task(1, '抓好年度计划'), task(2, '抓好年度计划'), task(3, '抓好年度计划'), task(4, '落实两员规定')]));
    expect(a.findings).toEqual([]);
  });

  test('a merged block followed directly by an unmerged cell with the same title is a repeat (as in the sample)', () => {
    const a = run(sheet([task(1, '突出执法信息化'), task(2, null), task(3, '突出执法信息化'), task(4, '强化监督')], ['B3:B4']));
    expect(brief(a)).toEqual(['B5 warning structure.task-title-repeated']);
  });

  test('a #REF! cell: error at that cell, and nothing else about it', () => {
    const ref = { error: '#REF!' };
    const a = run(
      sheet([task(1), task(2, '任务2', ref), task(3, '任务3', '法规科', ref), task(4, '任务4', '法规科', '办公室', ref), task(ref, '任务5'), task(6)]),
    );
    expect(brief(a)).toEqual([
      'D4 error structure.cell-error',
      'E5 error structure.cell-error',
      'F6 error structure.cell-error',
      'A7 error structure.cell-error',
    ]);
    expect(a.findings[0].message).toContain('#REF!');
  });

  test('section rows, a repeated header and the footnote produce no findings', () => {
    const a = run(
      sheet(
        [['一、抓好年度计划'], task(1), HEADER, ['二、执法监督方面（共2项）', null, null, null, null, null], task(2)],
        ['A6:F6'],
        TITLE,
        [[], ['各安全生产监管业务科室范围：矿山安全监督管理科、办公室。']],
      ),
    );
    expect(a.tasks.map((t) => t.seq)).toEqual(['1', '2']);
    expect(a.findings).toEqual([]);
  });

  test('every finding has an A1 cell, a severity, a stable code and a Chinese message', () => {
    const a = run(sheet([task(1, null, null, '法规课', '尽快'), task(1, '任务', '预案科', '预案科', '2023年13月底前')]));
    expect(a.findings.length).toBeGreaterThan(4);
    for (const f of a.findings) {
      expect(f.cell).toMatch(/^[A-Z]+\d+$/);
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(f.code).toMatch(/^(deadline|unit|structure)\.[a-z-]+$/);
      expect(f.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(Array.isArray(f.suggestions)).toBe(true);
    }
  });
});

describe('footnote groups', () => {
  test('a footnote group makes its members and their aliases resolvable, and the group expands', () => {
    const footnote = '各业务科室范围：法规科、宣传科（新闻科）、调统科。';
    const a = run(
      sheet(
        [task(1, '任务1', '法规科', '各业务科室'), task(2, '任务2', '新闻科', '调统科、各县（市、区）应急管理局'), task(3, '任务3', '宣传科', '无')],
        [],
        TITLE,
        [[footnote]],
      ),
    );
    expect(a.recognition.footnotes.map((f) => f.text)).toEqual([footnote]);
    expect(a.tasks).toHaveLength(3);
    expect(brief(a)).toEqual(['D4 info unit.alias']);
    expect(a.tasks[0].support).toEqual([{ text: '各业务科室', unit: '各业务科室', isGroup: true }]);
    expect(a.tasks[1].lead).toEqual([{ text: '新闻科', unit: '宣传科', isGroup: false }]);
    expect(a.tasks[1].support.map((r) => [r.unit, r.isGroup])).toEqual([
      ['调统科', false],
      ['各县（市、区）应急管理局', true],
    ]);
    expect(a.tasks[2].lead).toEqual([{ text: '宣传科', unit: '宣传科', isGroup: false }]);
    const group = a.directory.groups.find((g) => g.name === '各业务科室');
    expect(group?.members).toEqual(['法规科', '宣传科', '调统科']);
    expect(a.directory.units.find((u) => u.name === '宣传科')?.aliases).toEqual(['新闻科']);
    expect(expandUnit(a.directory, '各业务科室')).toEqual(['法规科', '宣传科', '调统科']);
  });

  test('the sample footnote redefines 各安全生产监管业务科室 and its 市局 alias still resolves', () => {
    const footnote =
      '各安全生产监管业务科室范围：矿山安全监督管理科（煤矿安全监督管理科）、危险化学品安全监督管理科（烟花爆竹安全监督管理科）、工贸行业安全监督管理科、救援协调和预案管理科（科信科）、办公室（新闻宣传和教育培训科）。';
    const a = run(sheet([task(1, '任务1', '法规科', '市局各安全生产监管业务科室、科信科')], [], TITLE, [[footnote]]));
    expect(a.tasks[0].support.map((r) => [r.unit, r.isGroup])).toEqual([
      ['各安全生产监管业务科室', true],
      ['救援协调和预案管理科', false],
    ]);
    expect(expandUnit(a.directory, '各安全生产监管业务科室')).toEqual([
      '矿山安全监督管理科',
      '危险化学品安全监督管理科',
      '工贸行业安全监督管理科',
      '救援协调和预案管理科',
      '办公室',
    ]);
    // 科信科 is an alias; the 市局 prefix form of the group's name is not worth a finding.
    expect(brief(a)).toEqual(['E3 info unit.alias']);
    expect(a.findings[0].message).toContain('科信科');
  });

  test('without a footnote, a group-like name that is not in the directory is unknown', () => {
    const a = run(sheet([task(1, '任务1', '法规科', '各业务科室')]));
    expect(brief(a)).toEqual(['E3 warning unit.unknown']);
    expect(a.tasks[0].support[0].unit).toBeNull();
  });
});
