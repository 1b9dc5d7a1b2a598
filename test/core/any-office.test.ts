// Any office's table (SPEC §2, §3, §6): new header words, columns told by their content, Word-paste rows, the
// table's year, units with persons attached, and the directory taken from the table itself.
import { Analysis, analyze } from '../../src/core/check/analyze';
import { CellValue, SheetGrid, parseRange } from '../../src/core/read/grid';
import { ColumnMap, explainNoTable, recognize } from '../../src/core/read/recognize';
import { computeSummary } from '../../src/core/plan/summary';
import { planApplySuggestion } from '../../src/core/commands';
import { InputError, locateTable } from '../../src/core/workbook';

function sheet(rows: CellValue[][], merges: string[] = [], name = 'Sheet1'): SheetGrid {
  return { name, values: rows, merges: merges.map(parseRange) };
}

function run(grid: SheetGrid, options: Parameters<typeof analyze>[1] = {}): Analysis {
  const a = analyze(grid, options);
  if (!a) throw new Error('no table recognized');
  return a;
}

function letters(columns: ColumnMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [role, col] of Object.entries(columns)) if (col !== undefined) out[role] = String.fromCharCode(65 + col);
  return out;
}

const brief = (a: Analysis) => a.findings.map((f) => `${f.cell} ${f.severity} ${f.code}`);
const units = (a: Analysis) => a.tasks.map((t) => [t.lead.map((u) => u.unit ?? `?${u.text}`).join('、'), t.support.map((u) => u.unit ?? `?${u.text}`).join('、')]);

describe('header words a new office uses', () => {
  test.each<[string[], Record<string, string>]>([
    [['序号', '民生实事', '责任单位', '完成时限'], { seq: 'A', task: 'B', lead: 'C', deadline: 'D' }],
    [['序号', '项目名称', '建设内容', '责任单位', '时间安排'], { seq: 'A', task: 'B', content: 'C', lead: 'D', deadline: 'E' }],
    [['工作指标', '任务清单', '责任清单', '时限清单'], { task: 'A', content: 'B', lead: 'C', deadline: 'D' }],
    [['编号', '工作事项', '具体措施', '责任单位及责任人', '时间要求'], { seq: 'A', task: 'B', content: 'C', lead: 'D', deadline: 'E' }],
    [['序号', '整治内容', '牵头部门', '协同责任单位', '完成期限'], { seq: 'A', task: 'B', lead: 'C', support: 'D', deadline: 'E' }],
    [['序号', '具体任务', '承办单位', '参与单位', '时间节点'], { seq: 'A', task: 'B', lead: 'C', support: 'D', deadline: 'E' }],
    [['序 号', '重点工作任务', '完 成 时 限（年月）', '牵头单位（部门）'], { seq: 'A', task: 'B', deadline: 'C', lead: 'D' }],
  ])('%j', (header, expected) => {
    const row = header.map((h) => (/序|编号/.test(h) ? 1 : /单位|部门|清单$/.test(h) && !/任务清单/.test(h) ? '县发改局' : /时|期限|要求|安排|节点/.test(h) ? '2023年6月底前' : '推进某项重点工作任务并取得实效'));
    const rec = recognize(sheet([['2023年重点工作责任分工表'], header, row, row]));
    expect(rec && letters(rec.columns)).toEqual(expected);
  });

  test('labels never seen are read from what their columns hold', () => {
    const rec = recognize(
      sheet([
        ['序号', '事', '甲', '乙'],
        [1, '建成县残疾人综合服务中心并投入使用', '县残联、县民政局', '2023年6月底前'],
        [2, '新建两座人行天桥方便群众出行', '县住建局', '2023年9月底前'],
        [3, '完成棚户区改造2836户的年度任务', '县住建局', '2023年12月底前'],
      ]),
    );
    expect(rec && letters(rec.columns)).toEqual({ seq: 'A', task: 'B', lead: 'C', deadline: 'D' });
  });

  test('a keyword label that its column contradicts is not used: 当前进度 holding percentages is no deadline', () => {
    const rec = recognize(
      sheet([
        ['序号', '项目内容', '当前进度', '牵头单位'],
        [1, '建设四好农村路55公里', '95%', '县交通局'],
        [2, '完成农村公路大中修70公里', '90%', '县交通局'],
      ]),
    );
    expect(rec && letters(rec.columns)).toEqual({ seq: 'A', task: 'B', lead: 'D' });
  });

  test('of several task-like columns, broad to specific: the task stands just left of the content', () => {
    const rec = recognize(
      sheet([
        ['建设任务', '工作事项', '工作指标', '任务清单', '责任清单', '时限清单'],
        ['（一）组织指挥', '1.组织机构', '（1）明确防汛第一责任人', '1.落实行政首长负责制', '党政办 应消站', '4月'],
        [null, null, '（2）应急消防管理站统筹协调', '1.明确防汛联络员', '应消站', '4月'],
      ]),
    );
    expect(rec && letters(rec.columns)).toEqual({ task: 'C', content: 'D', lead: 'E', deadline: 'F' });
  });
});

describe('refusal names what was missing', () => {
  test('a header row without unit and deadline columns', () => {
    const grid = sheet([['序号', '工作任务', '备注'], [1, '完成年度目标', '无']]);
    expect(recognize(grid)).toBeNull();
    expect(explainNoTable(grid)).toBe('的第 1 行像表头，认出了序号在 A 列、目标任务在 B 列，但没有找到单位列或完成时限列');
  });

  test('locateTable says it for every sheet, how to map the table, and that nothing changed', () => {
    const wb = { sheets: [sheet([['序号', '工作任务', '备注'], [1, '完成年度目标', '无']], [], '分工'), sheet([['通知'], ['各单位：']], [], '正文')], names: [] };
    expect(() => locateTable(wb)).toThrow(InputError);
    try {
      locateTable(wb);
    } catch (e) {
      const m = (e as Error).message;
      expect(m).toContain('工作表“分工”的第 1 行像表头，认出了序号在 A 列、目标任务在 B 列，但没有找到单位列或完成时限列');
      expect(m).toContain('工作表“正文”中没有一行像表头');
      expect(m).toContain('--map task=B,lead=D,deadline=F --header-row 3');
      expect(m).toContain('任务窗格“表格”页的“更正列对应”');
      expect(m).toContain('工作簿未作任何改动');
    }
  });

  test('with --map the table is read where detection found none', () => {
    const grid = sheet([['A', 'B', 'C'], [1, '完成年度目标', '县发改局'], [2, '完成季度目标', '县财政局']], [], '表');
    const located = locateTable({ sheets: [grid], names: [] }, undefined, { mapping: { headerRow: 0, columns: { seq: 0, task: 1, lead: 2 } } });
    expect(located.analysis.tasks.map((t) => t.lead[0].unit)).toEqual(['县发改局', '县财政局']);
    // Without --header-row the header is the first short label over data in the task column.
    const guessed = locateTable({ sheets: [grid], names: [] }, undefined, { mapping: { columns: { task: 1, lead: 2 } } });
    expect(guessed.analysis.recognition.headerRow).toBe(0);
  });
});

describe('a table without a unit or deadline column', () => {
  test('no 完成时限 column: one info on the header row, every task missing, no error per row', () => {
    const a = run(sheet([['2023年民生实事'], ['序号', '项目内容', '牵头单位'], [1, '建设四好农村路55公里', '县交通局'], [2, '完成农村公路大中修', '县交通局']]));
    expect(brief(a)).toEqual(['B2 info structure.no-deadline-column', 'C2 info unit.directory-from-table']);
    expect(a.tasks.map((t) => t.deadline.kind)).toEqual(['missing', 'missing']);
  });

  test('no unit column: an error on the header row, not a silent empty summary', () => {
    const a = run(sheet([['序号', '工作任务', '完成时限'], [1, '完成年度目标', '2023年6月底前'], [2, '完成季度目标', '2023年9月底前']]));
    expect(brief(a)).toEqual(['B1 error structure.no-unit-column']);
    expect(a.findings[0].message).toContain('--map lead=');
  });
});

describe('Word paste: paragraphs Excel split over rows (SPEC §2)', () => {
  const HEADER = ['序号', '项目名称', '主要内容', '牵头单位', '配合单位'];
  test('rows under one merged 序号 without units of their own are one task, its paragraphs joined', () => {
    const a = run(
      sheet(
        [['2021年民生实事分解表'], HEADER, [1, '优化养老服务', '为老年人提供居家上门服务。', '民政局', '各街道'], [null, null, '提升改造8家居家养老服务中心。', null, null], [null, null, '对300户困难老人家庭进行适老化改造。', null, null], [2, '促进就业', '新增就业15000人。', '人社局', '各街道']],
        ['A3:A5', 'B3:B5', 'D3:D5', 'E3:E5'],
      ),
    );
    expect(a.tasks.map((t) => [t.row, t.lastRow, t.seq])).toEqual([
      [2, 4, '1'],
      [5, 5, '2'],
    ]);
    expect(a.tasks[0].content).toBe('为老年人提供居家上门服务。\n提升改造8家居家养老服务中心。\n对300户困难老人家庭进行适老化改造。');
    expect(brief(a).filter((f) => f.includes('seq'))).toEqual([]);
    expect(computeSummary(a, new Map(), '2023-01-01').units.find((u) => u.unit === '民政局')?.lead).toBe(1);
  });

  test('rows under one merged 序号 with units of their own are sub-items sharing the number, not duplicates', () => {
    const a = run(
      sheet([HEADER, [3, '老城厢复兴', '完成纪念馆提升工程。', '文体旅局', '晋陵公司'], [null, null, '推进大庙弄核心区改造。', '住建局', '五星街道']], ['A2:A3', 'B2:B3']),
    );
    expect(a.tasks.map((t) => [t.seq, t.task, t.lead[0].unit])).toEqual([
      ['3', '老城厢复兴', '文体旅局'],
      ['3', '老城厢复兴', '住建局'],
    ]);
    expect(brief(a).filter((f) => f.includes('seq'))).toEqual([]);
  });

  test('a row under a 序号 merged from further up shares the units above but is its own numbered target', () => {
    const a = run(
      sheet(
        [HEADER, [1, '主要预期目标', '（1）地区生产总值增长5%。', '区发改局', '各街道'], [null, null, '（2）制造业投资增长8%。', '区商务局', '金控集团'], [null, null, '（3）进出口总额稳中提质。', null, null]],
        ['A2:A4', 'B2:B4', 'D3:D4', 'E3:E4'],
      ),
    );
    expect(a.tasks.map((t) => [t.row, t.lead[0].unit])).toEqual([
      [1, '区发改局'],
      [2, '区商务局'],
      [3, '区商务局'],
    ]);
  });
});

describe("the table's year (SPEC §3)", () => {
  const HEADER = ['序号', '重点任务', '牵头单位', '完成时限'];
  const rows = (...above: CellValue[][]) => [...above, HEADER, [1, '任务一', '县发改局', '6月底前'], [2, '任务二', '县财政局', '9月投入使用']];

  test('from the title, not from a section line between it and the header; one info listing every cell', () => {
    const a = run(sheet(rows(['附件2'], ['徐庄镇2017年度安全生产专项整治工作计划'], ['一、专项整治安排表'])));
    expect(a.year).toBe(2017);
    expect(a.yearSource).toBe('title');
    expect(a.tasks.map((t) => t.deadline.due)).toEqual(['2017-06-30', '2017-09-30']);
    const info = a.findings.filter((f) => f.code === 'deadline.year-inferred');
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ cell: 'D5', cells: ['D5', 'D6'], severity: 'info' });
    expect(info[0].message).toContain('按本表年份 2017 年理解（取自表格标题）');
  });

  test('from the sheet name, then the file name', () => {
    expect(run(sheet(rows(['重点工作分工表']), [], '2019年')).yearSource).toBe('sheet');
    const a = run(sheet(rows(['重点工作分工表'])), { fileName: '防汛任务清单2025.xlsx' });
    expect([a.year, a.yearSource]).toEqual([2025, 'file']);
  });

  test('nothing gives a year: the year of 基准日期, said so with how to fix it — never "unreadable"', () => {
    const a = run(sheet(rows()), { asOf: '2026-11-29' });
    expect([a.year, a.yearSource]).toEqual([2026, 'asOf']);
    expect(a.tasks.map((t) => [t.deadline.kind, t.deadline.due])).toEqual([
      ['date', '2026-06-30'],
      ['date', '2026-09-30'],
    ]);
    expect(brief(a).filter((f) => f.includes('deadline'))).toEqual(['D2 info deadline.year-inferred']);
    expect(a.findings.find((f) => f.code === 'deadline.year-inferred')!.message).toMatch(/按基准日期所在的 2026 年理解.*请在表格标题中写明年份/);
  });
});

describe('units of another office', () => {
  const HEADER = ['序号', '重点任务', '责任单位', '完成时限'];
  const table = (...cells: string[]) => sheet([['2023年重点工作任务分解表'], HEADER, ...cells.map((c, i) => [i + 1, `任务${i + 1}`, c, '2023年12月底前'])]);

  test('the directory is the table’s own names: one info, no unknown-unit warnings, 汇总 lists its own units', () => {
    const a = run(table('县发改局、县财政局', '县住建局', '县发改局', '各乡镇（街道）'));
    expect(a.directorySource).toBe('table');
    expect(brief(a)).toEqual(['C2 info unit.directory-from-table']);
    expect(a.directory.units.map((u) => u.name)).toEqual(['县发改局', '县财政局', '县住建局']);
    expect(a.directory.groups.map((g) => g.name)).toEqual(['各乡镇（街道）']);
    const listed = computeSummary(a, new Map(), '2023-07-01').units.map((u) => u.unit);
    expect(listed).toEqual(['县发改局', '县财政局', '县住建局', '各乡镇（街道）']);
    expect(listed).not.toContain('法规科');
  });

  test('a variant spelling is a warning, resolves to the canonical spelling and keeps its tasks counted', () => {
    const a = run(table('县卫健局', '县卫建局', '县卫健局', '住建局', '县住建局', '县住建局'));
    expect(a.findings.filter((f) => f.code === 'unit.variant').map((f) => [f.cell, f.suggestions])).toEqual([
      ['C4', ['县卫健局']],
      ['C6', ['县住建局']],
    ]);
    // A company with and without its legal form is one company, the fuller spelling canonical however rarely it is
    // written; an office of a bureau is not the bureau.
    const company = run(table('区城投', '区住建局', '区城投公司', '区财政局', '区城投'));
    expect(company.findings.filter((f) => f.code === 'unit.variant').map((f) => [f.cell, f.suggestions])).toEqual([['C3', ['区城投公司']]]);
    // The variant keeps its tasks: it counts as the canonical unit, and 汇总 lists that unit once.
    expect(units(company)).toEqual([['区城投公司', ''], ['区住建局', ''], ['区城投公司', ''], ['区财政局', ''], ['区城投公司', '']]);
    expect(computeSummary(company, new Map(), '2023-07-01').units.map((u) => [u.unit, u.lead])).toEqual([['区城投公司', 3], ['区住建局', 1], ['区财政局', 1]]);
    expect(run(table('区城投', '区住建局', '区城投公司', '区住建局办公室')).findings.filter((f) => f.code === 'unit.variant').map((f) => f.cell)).toEqual(['C3']);
    // The two that only sound alike are different units: 财政 and 民政 are not variants.
    expect(run(table('县财政局', '县民政局', '县财政局')).findings.filter((f) => f.code === 'unit.variant')).toEqual([]);
  });

  test('a person or post attached to a unit is not part of its name', () => {
    const a = run(table('县委办主要领导、县住建局（李四）', '县发改局（责任人：张三）', '县财政局主要负责同志', '县住建局'));
    expect(units(a).map((u) => u[0])).toEqual(['县委办、县住建局', '县发改局', '县财政局', '县住建局']);
    expect(a.tasks[0].lead.map((u) => u.text)).toEqual(['县委办', '县住建局']);
  });

  test('spaces, line breaks and "," mixed with "、" separate names; brackets never do', () => {
    const a = run(table('安监站 安监所', '县水务局\n县住建局', '县发改局,县财政局、各县（市、区）', '县 住建局', '县发改局 （牵头）'));
    expect(units(a).map((u) => u[0])).toEqual(['安监站、安监所', '县水务局、县住建局', '县发改局、县财政局、各县（市、区）', '县住建局', '县发改局']);
  });

  test('names written together: a split suggestion, and counted as the names they are', () => {
    const a = run(table('文化站、派出所工商质监所', '工商质监所、安监站', '派出所'));
    const f = a.findings.find((x) => x.code === 'unit.run-together')!;
    expect([f.cell, f.suggestions, f.fragment]).toEqual(['C3', ['派出所、工商质监所'], '派出所工商质监所']);
    expect(units(a)[0][0]).toBe('文化站、派出所、工商质监所');
    // Known names of the built-in directory, too.
    const b = run(sheet([['序号', '重点任务', '牵头单位', '完成时限'], [1, '任务', '法规科办公室', '2023年6月底前'], [2, '任务', '法规科', '2023年6月底前']]));
    expect(b.findings.find((x) => x.code === 'unit.run-together')?.suggestions).toEqual(['法规科、办公室']);
  });

  test('a bracket holding a note is not part of the name; one naming another unit and its part adds that unit', () => {
    const a = run(table('大道房地产有限公司（开发商配建学校项目）', '区教体局（区国资公司代建）', '各镇（街）', '应急管理局（安委办）'));
    expect(units(a).map((u) => u[0])).toEqual(['大道房地产有限公司', '区教体局、区国资公司', '各镇（街）', '应急管理局（安委办）']);
  });

  test('"A牵头，B配合" in one 责任单位 cell gives both roles', () => {
    const a = run(table('县发改局牵头，县财政局、县住建局配合', '县住建局（牵头）、县发改局', '县财政局'));
    expect(units(a).slice(0, 2)).toEqual([
      ['县发改局', '县财政局、县住建局'],
      ['县住建局', '县发改局'],
    ]);
  });

  test('the reference bureau’s table keeps the built-in directory: its typos are warnings with suggestions', () => {
    const a = run(sheet([['2023年责任分工表'], ['序号', '目标任务', '牵头单位', '配合单位', '完成时限'], [1, '任务', '法规课', '办公室、规财科', '2023年6月底前'], [2, '任务', '法规科', '法规课', '2023年6月底前']]));
    expect(a.directorySource).toBe('default');
    const f = a.findings.find((x) => x.code === 'unit.unknown')!;
    expect([f.cell, f.cells, f.suggestions[0]]).toEqual(['C3', ['C3', 'D4'], '法规科']);
  });
});

describe('applying a suggestion (an explicit user action)', () => {
  test('rewrites the misspelt name in every cell the finding lists, and nothing else in those cells', () => {
    const grid = sheet([['2023年责任分工表'], ['序号', '目标任务', '牵头单位', '配合单位', '完成时限'], [1, '任务', '法规课', '办公室、规财科', '2023年6月底前'], [2, '任务', '办公室', '规财科、法规 课', '2023年6月底前']], [], '分工');
    const located = locateTable({ sheets: [grid], names: [] });
    const finding = located.analysis.findings.find((f) => f.code === 'unit.unknown')!;
    expect(finding.cells).toEqual(['C3', 'D4']);
    const plan = planApplySuggestion(located, finding, finding.suggestions[0]);
    expect(plan.ops).toEqual([
      { kind: 'write', sheet: '分工', top: 2, left: 2, cells: [['法规科']] },
      { kind: 'write', sheet: '分工', top: 3, left: 3, cells: [['规财科、法规科']] },
    ]);
  });

  test('a cell edited since no longer holding the name is left alone; none left is a clear refusal', () => {
    const grid = sheet([['序号', '目标任务', '牵头单位', '配合单位', '完成时限'], [1, '任务', '法规课', '办公室、规财科', '2023年6月底前']], [], '分工');
    const located = locateTable({ sheets: [grid], names: [] });
    const finding = { ...located.analysis.findings.find((f) => f.code === 'unit.unknown')!, fragment: '别的名字' };
    expect(() => planApplySuggestion(located, finding, '法规科')).toThrow(/的内容已改变，不再包含“别的名字”/);
  });
});

describe('a 交办 list of problems (整改清单): periods in days, inspected sites beside the units', () => {
  const HEADER = ['序号', '点位', '具体问题', '问题整改责任单位', '整改时限'];
  const problems = (intro: string[]) =>
    sheet(
      [
        ['创文督查问题清单'],
        intro,
        HEADER,
        [1, '市科技馆', '（1）院内电动车未按指定区域停放；', '市科技馆', '3天'],
        [null, null, '（2）灭火器过期未更换；', null, null],
        [2, '市第二人民医院', '（1）院内禁烟标识数量不达标；', '市卫生健康委员会', '5天'],
        [null, null, '（2）宣传牌内容不规范；', null, null],
      ],
      ['A4:A5', 'B4:B5', 'D4:D5', 'E4:E5', 'A6:A7', 'B6:B7', 'D6:D7', 'E6:E7'],
    );

  test('each problem is a task of its 责任单位, due so many days after the 交办 date written above the table', () => {
    const a = run(problems(['2022年8月30日，市创文办通报督查发现的问题，请相关责任单位限期整改。']));
    expect(letters(a.recognition.columns)).toEqual({ seq: 'A', task: 'C', lead: 'D', deadline: 'E' });
    expect(a.tasks.map((t) => [t.row + 1, t.deadline.due])).toEqual([[4, '2022-09-02'], [5, '2022-09-02'], [6, '2022-09-04'], [7, '2022-09-04']]);
    // The sites (点位) stand left of the problems: what a task is about, not who does it.
    expect(units(a)).toEqual([['市科技馆', ''], ['市科技馆', ''], ['市卫生健康委员会', ''], ['市卫生健康委员会', '']]);
    const info = a.findings.find((f) => f.code === 'deadline.counted-from')!;
    expect([info.severity, info.cells]).toEqual(['info', ['E4', 'E6']]);
    expect(info.message).toMatch(/按表格上方写明的 2022-08-30 起算（当日不计入）/);
  });

  test('without a 交办 date, a period is one warning per cell saying what is missing — never a guessed date', () => {
    const a = run(problems(['市创文办通报督查发现的问题。']), { asOf: '2022-09-01' });
    expect(a.tasks.every((t) => t.deadline.kind === 'unparsed')).toBe(true);
    const w = a.findings.filter((f) => f.code === 'deadline.no-start');
    expect(w.map((f) => f.cell)).toEqual(['E4', 'E6']);
    expect(w[0].message).toMatch(/只写了天数.*没有写明从哪天起算/);
  });
});

test('a catalogue without a unit column: the specific item column is the task, one error on the header row', () => {
  const a = run(
    sheet([
      ['序号', '业务事项', '信息类别', '内容标准', '公开时限'],
      [1, '政务公开', '基本信息', '【机构名称】', '信息形成或者变更之日起20个工作日内'],
      [2, '政务公开', '法定职责', '本部门最新法定职责', '信息形成或者变更之日起20个工作日内'],
      [3, '政府信息公开', '信息公开年报', '【标题】【内容】', '按年公开'],
    ]),
  );
  expect(letters(a.recognition.columns)).toEqual({ seq: 'A', task: 'C', content: 'D', deadline: 'E' });
  expect(a.tasks.map((t) => t.deadline.kind)).toEqual(['ongoing', 'ongoing', 'recurring']);
  expect(brief(a)).toEqual(['C1 error structure.no-unit-column']);
});

test('a unit or 完成时限 cell merged over several tasks is one cell: its finding names that cell once', () => {
  const a = run(
    sheet(
      [['2023年分工表'], ['序号', '目标任务', '牵头单位', '完成时限'], [1, '任务一', '法规课', '尽快'], [2, '任务二', null, null], [3, '任务三', '法规科', '2023年6月底前'], [4, '任务四', '法规课', '6月底前']],
      ['C3:C4', 'D3:D4'],
    ),
  );
  expect(a.tasks.map((t) => [t.lead.map((u) => u.text).join('、'), t.deadline.kind])).toEqual([['法规课', 'unparsed'], ['法规课', 'unparsed'], ['法规科', 'date'], ['法规课', 'date']]);
  const at = (code: string) => a.findings.filter((f) => f.code === code).map((f) => [f.cell, f.cells]);
  expect(at('unit.unknown')).toEqual([['C3', ['C3', 'C6']]]);
  expect(at('deadline.unparsed')).toEqual([['D3', undefined]]);
  expect(at('deadline.year-inferred')).toEqual([['D6', undefined]]);
});

describe('a county 应急演练 plan: lead, support and deadline columns, the notice’s closing lines under the table', () => {
  const drills = () =>
    sheet(
      [
        ['演练科目', '情景构建', '牵头责任 单 位', '责任单位', '时限要求'],
        ['危化品泄漏', '某化工厂危险化学品发生泄漏并燃烧，致6人受伤，400 余名群众受到威胁。专业抢修和灭火、紧急疏散、人员救治等。', '县安委办、县应急办', '县环保局、县经信局、县卫计局、县民政局等', '4月底前完成方案，5.12期间完成演练'],
        ['群体性事件', '自行构建演练情景', '县维稳办', '县信访局、县公安局等', '8月底前完成方案，9月中旬完成演练'],
        ['防汛', '自行构建演练情景', '县防汛办', '县水务局、县气象局', '5月底前完成方案，6月中旬完成演练'],
        ['各镇乡人民政府，各园区、社区管委会，县应急委其他成员单位自行选择演练科目并构建演练情景，于5.12防灾减灾活动周期间组织开展应急演练。', null, null, null, null],
        ['抄送：县委办公室，县人大常委会办公室，县政协办公室，县纪委，\n县法院，县检察院，县人武部。'],
      ],
      ['A5:E5'],
    );

  test('the 抄送 line is not a task and gets no finding; each drill is due when its last part is (5.12 = 5月12日, 中旬 = the 20th)', () => {
    const a = run(drills(), { asOf: '2017-04-15' });
    expect(a.tasks.map((t) => [t.row + 1, t.deadline.kind, t.deadline.due])).toEqual([
      [2, 'date', '2017-05-12'],
      [3, 'date', '2017-09-20'],
      [4, 'date', '2017-06-20'],
    ]);
    expect(units(a)[1]).toEqual(['县维稳办', '县信访局、县公安局']);
    expect(brief(a).filter((f) => /A6|B6|C6|D6|E6/.test(f))).toEqual([]);
    expect(a.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a task text that merely ends in 印发 is still a task; only a dated 印发 line closes the notice', () => {
    const grid = drills();
    grid.values.splice(4, 2, ['制定演练方案并印发', null, '县应急办', null, '3月底前'], ['县人民政府办公室 2017年3月1日印发']);
    const a = run(grid, { asOf: '2017-04-15' });
    expect(a.tasks.map((t) => t.row + 1)).toEqual([2, 3, 4, 5]);
  });
});

describe('a 政务公开 catalogue: update rules and rules tied to each document are not unreadable', () => {
  test('“6个月内须有更新” is every half-year, “最迟1年内必须有更新” every year, “与…同步发布” a standing rule (ongoing)', () => {
    const a = run(
      sheet([
        ['栏目名称', '具体内容', '更新标准', '保障部门'],
        ['政策文件', '与履职相关的法律、法规、规章、规范性文件等', '政策文件类一级栏目6个月内须有更新', '各部室'],
        ['政策解读', '制定的政策文件解读材料，与政策文件同步发布', '与政策文件同步发布', '标准与信息化部'],
        ['政府信息公开指南', '中心持有政府信息基本情况、申请渠道等', '及时更新，最迟1年内必须有更新', '标准与信息化部'],
        ['领导信息', '中心领导的相片、姓名、简历及工作分工', '每3个月更新一次', '人事部'],
      ]),
      { asOf: '2022-06-30' },
    );
    expect(letters(a.recognition.columns)).toMatchObject({ task: 'A', lead: 'D', deadline: 'C' });
    expect(a.tasks.map((t) => [t.deadline.kind, t.deadline.every])).toEqual([
      ['recurring', 'halfyear'],
      ['ongoing', undefined],
      ['recurring', 'year'],
      ['recurring', 'quarter'],
    ]);
    expect(a.findings.filter((f) => f.code.startsWith('deadline.') && f.severity !== 'info')).toEqual([]);
  });
});

test('a catalogue whose name has levels (栏目名称 over 一级 | 二级 | 三级): the most specific level with content of its own is the task, names listed under it are part of it', () => {
  const T = '信息形成或变更之日起20个工作日内公开';
  const a = run(
    sheet(
      [
        ['栏目名称', null, null, '具体内容', '提供内容时效标准', '更新标准', '保障部门'],
        ['一级', '二级', '三级', null, null, null, null],
        ['政策', '部门文件', '桂农机办', '主动公开的以桂农机办发、桂农机办函等形式制发的正式文件', T, '政策文件类一级栏目6个月内须有更新', '各部室'],
        [null, null, '通知', null, null, null, null],
        [null, null, '通告', null, null, null, null],
        [null, '政策文件', null, '与履职相关的法律、法规、规章、规范性文件等', T, '政策文件类一级栏目6个月内须有更新', null],
        ['政府信息公开指南', null, null, '包括中心持有政府信息基本情况、申请渠道等', T, '及时更新，最迟1年内必须有更新', '标准与信息化部'],
        ['法定主动公开内容', '机构职能', null, '中心工作职责及内设机构的名称、工作职能等', T, '及时更新，最迟1年内必须有更新', '人事部'],
        [null, '领导信息', null, '中心领导的相片、姓名、简历及工作分工', T, '及时更新，最迟1年内必须有更新', '人事部、办公室'],
      ],
      ['A1:C1', 'D1:D2', 'E1:E2', 'F1:F2', 'G1:G2', 'A3:A6', 'B3:B5', 'D3:D5', 'E3:E5', 'F3:F5', 'G3:G6', 'B6:C6', 'A7:C7', 'A8:A9', 'B8:C8', 'B9:C9'],
    ),
    { asOf: '2022-06-30' },
  );
  expect(a.recognition.headerRow + 1).toBe(2);
  expect(letters(a.recognition.columns)).toMatchObject({ task: 'B', content: 'D', lead: 'G', deadline: 'F' });
  expect(a.tasks.map((t) => [t.row + 1, t.lastRow + 1, t.deadline.every])).toEqual([
    [3, 5, 'halfyear'],
    [6, 6, 'halfyear'],
    [7, 7, 'year'],
    [8, 8, 'year'],
    [9, 9, 'year'],
  ]);
  expect(units(a).map(([lead]) => lead)).toEqual(['各部室', '各部室', '标准与信息化部', '人事部', '人事部、办公室']);
});

describe('a 安委办 task list: unit cells as a Word cell wraps them', () => {
  test('a wrap after a group’s bracket (各县区(开发区) 安委会) is one group; a bracket listing a unit’s own units adds them; a second name stays in the name', () => {
    const a = run(
      sheet(
        [
          ['2021年安康市安全生产专项整治三年行动工作任务清单'],
          ['主要任务', '重点工作和要求', '责任单位', '完成时限', '完成进展'],
          ['（一）制定工作任务清单。', '1.制定2021年全市安全生产专项整治三年行动工作任务清单，分解落实到县区、部门。', '市安委办 (工作专班办公室)', '1月20日前', null],
          [null, '2.制定行业领域工作任务清单，并报市安委办。', '市级各专委会办公室、市生态环境局', '2月10日前', null],
          [null, '3.制定县区工作任务清单，并报市安委办。', '各县区(开发区) 安委会', '2月5日前', null],
          [null, '4.组织开展危化品泄漏应急演练。', '县公安局(县公安消防大队、县公安交警大队)、县卫计局', '5月底前', null],
        ],
        ['A1:E1', 'A3:A6'],
      ),
    );
    expect(units(a).map(([lead]) => lead)).toEqual([
      '市安委办（工作专班办公室）',
      '市级各专委会办公室、市生态环境局',
      '各县区（开发区）安委会',
      '县公安局、县公安消防大队、县公安交警大队、县卫计局',
    ]);
    expect(a.tasks.map((t) => t.deadline.due)).toEqual(['2021-01-20', '2021-02-10', '2021-02-05', '2021-05-31']);
  });

  test('brackets that are places, one second name or one part stay whole', () => {
    const a = run(
      sheet([
        ['序号', '工作任务', '牵头单位', '完成时限'],
        [1, '完善应急预案体系', '各县（市、区）应急管理局', '2023年6月底前'],
        [2, '做好行政审批服务', '广电旅游和公共服务股（行政审批服务股）', '2023年6月底前'],
        [3, '落实村级防汛责任', '村（社区）', '2023年6月底前'],
        [4, '开展隐患排查', '各乡镇 县应急局', '2023年6月底前'],
      ]),
    );
    expect(units(a).map(([lead]) => lead)).toEqual(['各县（市、区）应急管理局', '广电旅游和公共服务股（行政审批服务股）', '村（社区）', '各乡镇、县应急局']);
  });
});

test('a 政务公开 目录 whose 责任主体 says how the sections share the work: 各股室按照职责分工负责 is the group 各股室, and the 公开方式 naming bodies is no unit column', () => {
  const W = '县人民政府网站的县教育局栏目';
  const D = '信息形成或变更之日起20个工作日内';
  const a = run(
    sheet([
      ['信息类别', '内容描述', '责任主体', '公开方式', '公开时限'],
      ['领导信息', '局领导班子成员相片、姓名、简历及工作分工', '办公室', W, D],
      ['机构概况', '机关工作职责、机关内设股室及直属事业单位名称、工作职能、办公地址、联系电话、电子邮箱等', '办公室', W, D],
      ['人事信息', '县教育局根据管理权限任免的机关内设股室、直属事业单位负责人员、考试招录情况等', '人事股', W, D],
      ['工作动态', '本局重大政务活动、发展规划、重点工作、工作计划、工作总结、工作会议等', '各股室按照职责分工负责', W, D],
      ['政策法规', '以县人民政府及其办公室名义印发的与县教育局履职相关的行政法规、规章、规范性文件以及县教育局制发规范性文件', '各股室按照职责分工负责', W, D],
      ['政策解读', '以县人民政府及其办公室名义印发的与县教育局履职相关的规范性文件的解读材料，与规范性文件同步发布', '各股室按业务分工负责', W, '与规范性文件同步发布'],
      ['通知公告', '县教育局制发的属性为主动公开的文件通知', '各股室按照职责分工负责', W, D],
    ]),
    { asOf: '2018-06-30' },
  );
  expect(letters(a.recognition.columns)).toEqual({ task: 'A', content: 'B', lead: 'C', deadline: 'E' });
  expect(units(a).map(([lead]) => lead)).toEqual(['办公室', '办公室', '人事股', '各股室', '各股室', '各股室', '各股室']);
  expect(a.tasks.every((t) => t.deadline.kind === 'ongoing')).toBe(true);
  expect(a.findings.filter((f) => f.severity !== 'info')).toEqual([]);
});
