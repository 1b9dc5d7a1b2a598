import { readFileSync } from 'fs';
import { join } from 'path';
import type { Directory } from '../../src/core/types';
import {
  DEFAULT_DIRECTORY as D,
  directoryIssues,
  expandUnit,
  mergeFootnoteGroups,
  parseGroupFootnote,
} from '../../src/core/check/directory';
import { normalizeUnitName, resolveUnit, splitUnits, suggestUnits } from '../../src/core/read/units';

const COUNTIES = '各县（市、区）应急管理局';
const SECTIONS = '各安全生产监管业务科室';
const FOOTNOTE =
  '各安全生产监管业务科室范围：矿山安全监督管理科（煤矿安全监督管理科）、危险化学品安全监督管理科（烟花爆竹安全监督管理科）、工贸行业安全监督管理科、救援协调和预案管理科（科信科）、办公室（新闻宣传和教育培训科）。';

describe('DEFAULT_DIRECTORY (SPEC §6)', () => {
  test('units and aliases in spec order', () => {
    expect(D.units).toEqual([
      { name: '办公室', aliases: ['新闻宣传和教育培训科'] },
      { name: '法规科', aliases: [] },
      { name: '规财科', aliases: [] },
      { name: '调统科', aliases: [] },
      { name: '防汛减灾科', aliases: [] },
      { name: '火灾防治科', aliases: [] },
      { name: '综合减灾科', aliases: [] },
      { name: '地震地灾防治科', aliases: [] },
      { name: '矿山安全监督管理科', aliases: ['煤矿安全监督管理科'] },
      { name: '危险化学品安全监督管理科', aliases: ['烟花爆竹安全监督管理科'] },
      { name: '工贸行业安全监督管理科', aliases: [] },
      { name: '救援协调和预案管理科', aliases: ['科信科', '预案科'] },
      { name: '市应急管理综合行政执法支队', aliases: ['市应急管理综合执法支队'] },
      { name: '市防灾减灾中心地震地灾应急科', aliases: [] },
      { name: '市防灾减灾中心科普科', aliases: ['科普科'] },
    ]);
    expect(D.groups).toEqual([
      {
        name: SECTIONS,
        aliases: ['市局各安全生产监管业务科室'],
        members: ['矿山安全监督管理科', '危险化学品安全监督管理科', '工贸行业安全监督管理科', '救援协调和预案管理科', '办公室'],
      },
      { name: COUNTIES, aliases: [], members: null },
    ]);
  });

  test('is a clean directory', () => {
    expect(directoryIssues(D)).toEqual([]);
  });
});

describe('splitUnits', () => {
  test.each([
    ['法规科、办公室', ['法规科', '办公室']],
    ['法规科，办公室', ['法规科', '办公室']],
    ['法规科,办公室', ['法规科', '办公室']],
    ['法规科；办公室', ['法规科', '办公室']],
    ['法规科;办公室', ['法规科', '办公室']],
    ['法规科 办公室', ['法规科', '办公室']],
    ['法规科\u3000办公室', ['法规科', '办公室']],
    ['法规科\n办公室', ['法规科', '办公室']],
    ['法规科\r\n\r\n办公室', ['法规科', '办公室']],
    ['、法规科、、办公室、', ['法规科', '办公室']],
  ])('separator: %j', (cell, expected) => {
    expect(splitUnits(cell)).toEqual(expected);
  });

  test('never splits inside brackets', () => {
    expect(splitUnits(`市应急管理综合行政执法支队、${COUNTIES}`)).toEqual(['市应急管理综合行政执法支队', COUNTIES]);
    expect(splitUnits('各县（市，区）应急管理局、法规科')).toEqual([COUNTIES, '法规科']);
    expect(splitUnits('救援协调和预案管理科（科信科、预案科），法规科')).toEqual(['救援协调和预案管理科（科信科、预案科）', '法规科']);
    expect(splitUnits('甲科【乙、丙】、丁科[戊 己]')).toEqual(['甲科（乙、丙）', '丁科（戊己）']);
  });

  test('full/half-width brackets become （）', () => {
    expect(splitUnits('各县(市、区)应急管理局')).toEqual([COUNTIES]);
    expect(splitUnits('各县(市,区)应急管理局,法规科')).toEqual([COUNTIES, '法规科']);
    expect(splitUnits('救援协调和预案管理科(科信科)')).toEqual(['救援协调和预案管理科（科信科）']);
  });

  test('stray spaces removed', () => {
    expect(splitUnits(' 各县（ 市、区 ）应急管理局 ')).toEqual([COUNTIES]);
  });

  test.each([
    ['法规科。', ['法规科']],
    ['法规科.', ['法规科']],
    ['法规科，', ['法规科']],
    ['法规科、办公室等', ['法规科', '办公室']],
    ['法规科负责', ['法规科']],
    ['法规科牵头', ['法规科']],
    ['各县（市、区）应急管理局按职责分工负责', [COUNTIES]],
    ['法规科、办公室等。', ['法规科', '办公室']],
    ['法规科牵头负责', ['法规科']],
  ])('trailing filler: %j', (cell, expected) => {
    expect(splitUnits(cell)).toEqual(expected);
  });

  test.each(['无', ' 无 ', '/', '-', '—', '', '  \n'])('%j means no units', (cell) => {
    expect(splitUnits(cell)).toEqual([]);
  });

  test('normalizeUnitName', () => {
    expect(normalizeUnitName(' 各县( 市,区 )应急管理局。')).toBe(COUNTIES);
    expect(normalizeUnitName('法规科等')).toBe('法规科');
    expect(normalizeUnitName('等')).toBe('等');
    // Marks of the lead unit, before or after the name, with or without a legend: never part of the name.
    expect(['▲县发改局', '区财政局*', '区财政局＊', '★区科技局。'].map(normalizeUnitName)).toEqual(['县发改局', '区财政局', '区财政局', '区科技局']);
    expect(splitUnits('区财政局*、区科技局、区投促中心')).toEqual(['区财政局', '区科技局', '区投促中心']);
  });
});

describe('resolveUnit', () => {
  test.each([
    ['法规科', '法规科', 'exact', false],
    [' 法规科。', '法规科', 'exact', false],
    [SECTIONS, SECTIONS, 'exact', true],
    [COUNTIES, COUNTIES, 'exact', true],
    ['各县(市、区)应急管理局', COUNTIES, 'exact', true],
    ['科普科', '市防灾减灾中心科普科', 'alias', false],
    ['预案科', '救援协调和预案管理科', 'alias', false],
    ['科信科', '救援协调和预案管理科', 'alias', false],
    ['市应急管理综合执法支队', '市应急管理综合行政执法支队', 'alias', false],
    ['新闻宣传和教育培训科', '办公室', 'alias', false],
    ['市局各安全生产监管业务科室', SECTIONS, 'alias', true],
    ['救援协调和预案管理科（科信科）', '救援协调和预案管理科', 'bracket', false],
    ['办公室(新闻宣传和教育培训科)', '办公室', 'bracket', false],
    ['新名称（煤矿安全监督管理科）', '矿山安全监督管理科', 'bracket', false],
    ['市局防汛减灾科', '防汛减灾科', 'prefix', false],
    ['市局科普科', '市防灾减灾中心科普科', 'prefix', false],
  ])('%s → %s via %s', (name, unit, via, isGroup) => {
    expect(resolveUnit(D, name)).toEqual({ unit, via, isGroup });
  });

  test('市局 prefix reaches a group when no alias covers it', () => {
    const dir: Directory = { units: [], groups: [{ name: SECTIONS, aliases: [], members: null }] };
    expect(resolveUnit(dir, '市局各安全生产监管业务科室')).toEqual({ unit: SECTIONS, via: 'prefix', isGroup: true });
  });

  test.each(['财政局', '法规课', '', '市局'])('%j does not resolve', (name) => {
    expect(resolveUnit(D, name)).toBeNull();
  });

  // Every name in the sample's 牵头单位 and 配合单位 columns.
  const SAMPLE_NAMES: [string, string][] = [
    ['法规科', '法规科'],
    ['办公室', '办公室'],
    ['规财科', '规财科'],
    ['调统科', '调统科'],
    ['预案科', '救援协调和预案管理科'],
    ['科普科', '市防灾减灾中心科普科'],
    ['市防灾减灾中心科普科', '市防灾减灾中心科普科'],
    ['市应急管理综合行政执法支队', '市应急管理综合行政执法支队'],
    ['各安全生产监管业务科室', SECTIONS],
    ['市局各安全生产监管业务科室', SECTIONS],
    [COUNTIES, COUNTIES],
    ['市局防汛减灾科', '防汛减灾科'],
    ['火灾防治科', '火灾防治科'],
    ['综合减灾科', '综合减灾科'],
    ['地震地灾防治科', '地震地灾防治科'],
    ['市防灾减灾中心地震地灾应急科', '市防灾减灾中心地震地灾应急科'],
  ];
  test.each(SAMPLE_NAMES)('sample name %s resolves to %s', (name, unit) => {
    expect(resolveUnit(D, name)?.unit).toBe(unit);
  });

  test('the list above covers every name in the sample table', () => {
    const text = readFileSync(join(__dirname, '../../samples/执法规范提升年-责任分工表.txt'), 'utf8');
    const found = new Set<string>();
    for (const block of text.split(/\n\s*\n/)) {
      const lines = block.split('\n').map((l) => l.trim());
      const d = lines.findIndex((l) => /^\d{4}年/.test(l)); // 完成时限; 牵头/配合 are the two before it
      if (d >= 2) for (const cell of lines.slice(d - 2, d)) splitUnits(cell).forEach((n) => found.add(n));
    }
    expect(found.size).toBeGreaterThan(10);
    expect([...found].sort()).toEqual(SAMPLE_NAMES.map(([n]) => n).sort());
  });

  test('cells with mixed separators from the sample', () => {
    const cell = '市应急管理综合行政执法支队、各安全生产监管业务科室，各县（市、区）应急管理局';
    expect(splitUnits(cell).map((n) => resolveUnit(D, n)?.unit)).toEqual(['市应急管理综合行政执法支队', SECTIONS, COUNTIES]);
    expect(splitUnits('办公室、科普科，各县（市、区）应急管理局').map((n) => resolveUnit(D, n)?.unit)).toEqual([
      '办公室',
      '市防灾减灾中心科普科',
      COUNTIES,
    ]);
  });
});

describe('parseGroupFootnote', () => {
  test('the sample footnote', () => {
    expect(parseGroupFootnote(FOOTNOTE)).toEqual({
      group: SECTIONS,
      members: [
        { name: '矿山安全监督管理科', aliases: ['煤矿安全监督管理科'] },
        { name: '危险化学品安全监督管理科', aliases: ['烟花爆竹安全监督管理科'] },
        { name: '工贸行业安全监督管理科', aliases: [] },
        { name: '救援协调和预案管理科', aliases: ['科信科'] },
        { name: '办公室', aliases: ['新闻宣传和教育培训科'] },
      ],
    });
  });

  test.each([
    '各业务科室范围为：甲科、乙科（丙科）',
    '各业务科室范围包括甲科、乙科(丙科)。',
    '各业务科室包括:甲科,乙科（丙科）',
    '各业务科室包含：甲科；乙科（丙科）。',
    '注：各业务科室范围：甲科、乙科（丙科）。',
    '  各业务科室范围：\n甲科、乙科（丙科）。 ',
  ])('variant %j', (text) => {
    expect(parseGroupFootnote(text)).toEqual({
      group: '各业务科室',
      members: [
        { name: '甲科', aliases: [] },
        { name: '乙科', aliases: ['丙科'] },
      ],
    });
  });

  test('an inner bracket is part of the member name', () => {
    expect(parseGroupFootnote('各责任单位范围：法规科、各县(市、区)应急管理局')?.members).toEqual([
      { name: '法规科', aliases: [] },
      { name: COUNTIES, aliases: [] },
    ]);
  });

  test.each([
    '',
    '法规科',
    '2023年12月底前',
    '各县（市、区）应急管理部门要明确一个内设股室承担执法监督职责。',
    '各县（市、区）应急管理部门包括三类企业的监管。',
    '市局各监管科室，各县（市、区）应急管理部门每月将监督检查计划执行情况报市局法规科。',
    '各安全生产监管业务科室范围：',
  ])('not a definition: %j', (text) => {
    expect(parseGroupFootnote(text)).toBeNull();
  });
});

describe('mergeFootnoteGroups', () => {
  test('the sample footnote leaves the default directory unchanged and does not mutate it', () => {
    const merged = mergeFootnoteGroups(D, [parseGroupFootnote(FOOTNOTE)!]);
    expect(merged).toEqual(D);
    expect(merged).not.toBe(D);
    expect(merged.units[0]).not.toBe(D.units[0]);
  });

  test('sets members, adds unknown units and new aliases, creates new groups', () => {
    const merged = mergeFootnoteGroups(D, [
      {
        group: SECTIONS,
        members: [
          { name: '矿山安全监督管理科', aliases: ['煤矿安全监督管理科', '非煤矿山科'] },
          { name: '应急指挥中心', aliases: ['指挥中心'] },
        ],
      },
      { group: '各防灾减灾科室', members: [{ name: '防汛减灾科', aliases: [] }, { name: '综合减灾科', aliases: [] }] },
    ]);
    expect(merged.groups[0]).toEqual({
      name: SECTIONS,
      aliases: ['市局各安全生产监管业务科室'],
      members: ['矿山安全监督管理科', '应急指挥中心'],
    });
    expect(merged.groups[2]).toEqual({ name: '各防灾减灾科室', aliases: [], members: ['防汛减灾科', '综合减灾科'] });
    expect(merged.units.find((u) => u.name === '矿山安全监督管理科')?.aliases).toEqual(['煤矿安全监督管理科', '非煤矿山科']);
    expect(merged.units[merged.units.length - 1]).toEqual({ name: '应急指挥中心', aliases: ['指挥中心'] });
    expect(resolveUnit(merged, '指挥中心')).toEqual({ unit: '应急指挥中心', via: 'alias', isGroup: false });
    expect(directoryIssues(merged)).toEqual([]);
    expect(D.groups[0].members).toHaveLength(5); // default untouched
  });

  test('a member known only by its alias keeps the existing unit', () => {
    const merged = mergeFootnoteGroups(D, [{ group: '各甲组', members: [{ name: '科技信息科', aliases: ['科信科'] }] }]);
    expect(merged.groups[2].members).toEqual(['救援协调和预案管理科']);
    expect(merged.units.find((u) => u.name === '救援协调和预案管理科')?.aliases).toEqual(['科信科', '预案科', '科技信息科']);
    expect(merged.units).toHaveLength(D.units.length);
  });
});

describe('directoryIssues', () => {
  const base = (): Directory => ({
    units: [
      { name: '甲科', aliases: ['甲'] },
      { name: '乙科', aliases: [] },
    ],
    groups: [],
  });

  test('duplicate alias', () => {
    const dir = base();
    dir.units[1].aliases.push('甲');
    const issues = directoryIssues(dir);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ kind: 'duplicate-alias', name: '甲' });
    expect(issues[0].message).toContain('“甲科”和“乙科”');
  });

  test('an alias equal to another unit name is a duplicate alias', () => {
    const dir = base();
    dir.units[1].aliases.push('甲科');
    expect(directoryIssues(dir).map((i) => [i.kind, i.name])).toEqual([['duplicate-alias', '甲科']]);
  });

  test('duplicate name', () => {
    const dir = base();
    dir.groups.push({ name: '乙科', aliases: [], members: null });
    expect(directoryIssues(dir).map((i) => [i.kind, i.name])).toEqual([['duplicate-name', '乙科']]);
  });

  test('group loops, direct and indirect', () => {
    const dir = base();
    dir.groups.push({ name: '各A', aliases: [], members: ['甲科', '各B'] });
    dir.groups.push({ name: '各B', aliases: [], members: ['各A'] });
    dir.groups.push({ name: '各C', aliases: [], members: ['各C'] });
    const issues = directoryIssues(dir);
    expect(issues.map((i) => [i.kind, i.name])).toEqual([
      ['group-loop', '各A'],
      ['group-loop', '各B'],
      ['group-loop', '各C'],
    ]);
    expect(issues[0].message).toContain('各A → 各B → 各A');
  });

  test('unknown member', () => {
    const dir = base();
    dir.groups.push({ name: '各A', aliases: [], members: ['甲科', '丙科'] });
    const issues = directoryIssues(dir);
    expect(issues).toEqual([{ kind: 'unknown-member', name: '丙科', message: expect.stringContaining('“丙科”') }]);
  });
});

describe('expandUnit', () => {
  test('group with known members → members', () => {
    expect(expandUnit(D, SECTIONS)).toEqual([
      '矿山安全监督管理科',
      '危险化学品安全监督管理科',
      '工贸行业安全监督管理科',
      '救援协调和预案管理科',
      '办公室',
    ]);
  });

  test('group without members and plain units stay themselves', () => {
    expect(expandUnit(D, COUNTIES)).toEqual([COUNTIES]);
    expect(expandUnit(D, '法规科')).toEqual(['法规科']);
    expect(expandUnit(D, '不在名录中')).toEqual(['不在名录中']);
  });

  test('nested, deduplicated, loop-safe', () => {
    const dir: Directory = {
      units: [{ name: '甲科', aliases: ['甲'] }, { name: '乙科', aliases: [] }, { name: '丙科', aliases: [] }],
      groups: [
        { name: '各A', aliases: [], members: ['甲科', '各B', '甲'] },
        { name: '各B', aliases: [], members: ['乙科', '各A', '各C', '甲科'] },
        { name: '各C', aliases: [], members: null },
        { name: '各D', aliases: [], members: ['各D'] },
      ],
    };
    expect(expandUnit(dir, '各A')).toEqual(['甲科', '乙科', '各C']);
    expect(expandUnit(dir, '各B')).toEqual(['乙科', '甲科', '各C']);
    expect(expandUnit(dir, '各D')).toEqual(['各D']);
  });
});

describe('suggestUnits', () => {
  test.each([
    ['法规课', '法规科'],
    ['防汛减災科', '防汛减灾科'],
    ['防汛简灾科', '防汛减灾科'],
    ['危险化学品安全监督管里科', '危险化学品安全监督管理科'],
    ['规才科', '规财科'],
    ['执法支队', '市应急管理综合行政执法支队'],
    ['应急管理局', COUNTIES],
    ['市局防汛简灾科', '防汛减灾科'],
    ['烟花爆竹安全监督管里科', '危险化学品安全监督管理科'], // via an alias, canonical returned
    ['科普课', '市防灾减灾中心科普科'],
  ])('%s → %s first', (typo, unit) => {
    const s = suggestUnits(D, typo);
    expect(s[0]).toBe(unit);
    expect(s.length).toBeLessThanOrEqual(3);
    expect(new Set(s).size).toBe(s.length);
  });

  test.each(['财政局', '公安局', '组织部', '人事科', '张三', 'ABC'])('%s is far from everything', (name) => {
    expect(suggestUnits(D, name)).toEqual([]);
  });

  test('max, and cached results are not shared arrays', () => {
    expect(suggestUnits(D, '防灾减灾中心', 2)).toHaveLength(2);
    expect(suggestUnits(D, '防灾减灾中心', 0)).toEqual([]);
    const a = suggestUnits(D, '法规课');
    a.push('x');
    expect(suggestUnits(D, '法规课')).toEqual(['法规科']);
  });
});
