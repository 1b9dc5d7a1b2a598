// SPEC §2: finding the 责任分工表 on a sheet. Grids are built in code; merges are written A1-style.
import { CellValue, SheetGrid, parseRange } from '../../src/core/read/grid';
import { ColumnMap, Recognition, normalizeSeq, recognize } from '../../src/core/read/recognize';

/** A sheet from rows of values (values[r][c], 0-based) and merged areas like "B5:B7". */
function sheet(rows: CellValue[][], merges: string[] = [], name = 'Sheet1'): SheetGrid {
  return { name, values: rows, merges: merges.map(parseRange) };
}

const HEADER = ['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限'];

/** A task row: 序号, 目标任务, 主要内容, 牵头单位, 配合单位, 完成时限. */
const task = (
  seq: CellValue,
  title: CellValue,
  content: CellValue = '内容',
  lead: CellValue = '法规科',
  support: CellValue = '办公室',
  deadline: CellValue = '2023年6月底前',
): CellValue[] => [
  seq,
  title,
  content,
  lead,
  support,
  deadline,
];

/** Column letters of a column map, for readable assertions. */
function letters(columns: ColumnMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [role, col] of Object.entries(columns)) if (col !== undefined) out[role] = String.fromCharCode(65 + col);
  return out;
}

function mustRecognize(grid: SheetGrid): Recognition {
  const rec = recognize(grid);
  if (!rec) throw new Error('no table recognized');
  return rec;
}

const STANDARD = { seq: 'A', task: 'B', content: 'C', lead: 'D', support: 'E', deadline: 'F' };

describe('header position', () => {
  test('header after 附件 and title rows, starting in column B', () => {
    const shift = (row: CellValue[]) => [null, ...row];
    const rec = mustRecognize(
      sheet(
        [
          ['附件2'],
          [null, '2023年市应急管理“执法规范提升年”活动责任分工表'],
          [],
          shift(HEADER),
          shift(task(1, '抓好年度计划')),
          shift(task(2, '落实两员规定')),
        ],
        ['B2:G2'],
      ),
    );
    expect(rec.headerRow).toBe(3);
    expect(rec.headerTop).toBe(3);
    expect(letters(rec.columns)).toEqual({ seq: 'B', task: 'C', content: 'D', lead: 'E', support: 'F', deadline: 'G' });
    expect(rec.left).toBe(1);
    expect(rec.right).toBe(6);
    expect(rec.title).toBe('2023年市应急管理“执法规范提升年”活动责任分工表');
    expect(rec.tasks.map((t) => [t.row, t.seq, t.task])).toEqual([
      [4, '1', '抓好年度计划'],
      [5, '2', '落实两员规定'],
    ]);
    expect(rec.sheet).toBe('Sheet1');
  });

  test('title above the header is found, skipping 附件 and blank rows; a repeated title does not confuse it', () => {
    const rec = mustRecognize(
      sheet([['附件'], ['2023年安全生产重点工作分工表'], ['2023年安全生产重点工作分工表'], [], HEADER, task(1, '任务一')]),
    );
    expect(rec.headerRow).toBe(4);
    expect(rec.title).toBe('2023年安全生产重点工作分工表');
    expect(rec.tasks).toHaveLength(1);
  });

  test('header on the first row: no title', () => {
    const rec = mustRecognize(sheet([HEADER, task(1, '任务一')]));
    expect(rec.headerRow).toBe(0);
    expect(rec.title).toBe('');
    expect(letters(rec.columns)).toEqual(STANDARD);
  });

  test('title written with spaces is read without them', () => {
    const rec = mustRecognize(sheet([['附件1：'], ['2023 年 工 作 分 工 表'], HEADER, task(1, '任务一')]));
    expect(rec.title).toBe('2023年工作分工表');
  });
});

describe('header label synonyms', () => {
  /** The standard header with one label replaced. */
  const withLabel = (index: number, label: string) => HEADER.map((h, i) => (i === index ? label : h));
  const roleAt: [string, number, string][] = [
    ['seq', 0, 'A'],
    ['task', 1, 'B'],
    ['content', 2, 'C'],
    ['lead', 3, 'D'],
    ['support', 4, 'E'],
    ['deadline', 5, 'F'],
  ];
  const families: Record<string, string[]> = {
    seq: ['序号', '编号'],
    task: ['目标任务', '重点任务', '重点工作', '工作任务', '重点工作任务'],
    content: ['主要内容', '工作内容', '工作措施', '具体措施', '主要措施'],
    lead: ['牵头单位', '牵头部门', '牵头责任单位', '主要责任单位', '责任单位'],
    support: ['配合单位', '配合部门', '协办单位', '协同配合单位', '协同责任单位', '责任单位'],
    deadline: ['完成时限', '完成时间', '时间节点', '时限要求'],
  };
  const cases: [string, string, number][] = [];
  for (const [role, index] of roleAt) for (const label of families[role]) cases.push([role, label, index]);

  test.each(cases)('%s column labelled %s', (role, label, index) => {
    const rec = mustRecognize(sheet([HEADER.map(() => null), withLabel(index, label), task(1, '任务一')]));
    expect(letters(rec.columns)).toEqual(STANDARD);
    expect(rec.headerRow).toBe(1);
    expect(rec.tasks).toHaveLength(1);
    expect(rec.tasks[0].leadText).toBe('法规科');
    expect(rec.tasks[0].supportText).toBe('办公室');
  });

  test('责任单位 alone is the lead column', () => {
    const rec = mustRecognize(sheet([['序号', '重点工作', '工作措施', '责任单位', '完成时间'], [1, '任务', '措施', '法规科', '2023年底前']]));
    expect(letters(rec.columns)).toEqual({ seq: 'A', task: 'B', content: 'C', lead: 'D', deadline: 'E' });
    expect(rec.tasks[0].leadText).toBe('法规科');
    expect(rec.tasks[0].supportText).toBe('');
  });

  test('责任单位 is the support column when a separate lead column exists, on either side of it', () => {
    const after = mustRecognize(sheet([['序号', '重点任务', '牵头单位', '责任单位', '完成时限'], [1, '任务', '法规科', '办公室', '2023年底前']]));
    expect(letters(after.columns)).toEqual({ seq: 'A', task: 'B', lead: 'C', support: 'D', deadline: 'E' });
    const before = mustRecognize(sheet([['序号', '重点任务', '责任单位', '牵头单位', '完成时限'], [1, '任务', '办公室', '法规科', '2023年底前']]));
    expect(letters(before.columns)).toEqual({ seq: 'A', task: 'B', lead: 'D', support: 'C', deadline: 'E' });
    expect(before.tasks[0].leadText).toBe('法规科');
    expect(before.tasks[0].supportText).toBe('办公室');
  });

  test('主要责任单位 leads and 责任单位 supports', () => {
    const rec = mustRecognize(sheet([['序号', '工作任务', '主要责任单位', '责任单位', '时限要求'], [1, '任务', '法规科', '办公室', '2023年底前']]));
    expect(letters(rec.columns)).toEqual({ seq: 'A', task: 'B', lead: 'C', support: 'D', deadline: 'E' });
  });

  test('labels with spaces, full-width spaces and line breaks', () => {
    const rec = mustRecognize(
      sheet([['序  号', '目标\n任务', '主要\r\n内容', '牵头\n单位', '配合\u3000单位', '完 成 时 限'], task(1, '任务一')]),
    );
    expect(letters(rec.columns)).toEqual(STANDARD);
    expect(rec.tasks).toHaveLength(1);
  });

  test('a header with only 序号 and one other label is not a table', () => {
    expect(recognize(sheet([['序号', '完成时限'], [1, '2023年底前']]))).toBeNull();
  });
});

describe('two-row header', () => {
  const rows = (upper: CellValue[], lower: CellValue[]): CellValue[][] => [
    ['2023年工作责任分工表'],
    upper,
    lower,
    task(1, '任务一', '内容一', '法规科', '办公室'),
    task(2, '任务二', '内容二', '规财科', '调统科'),
  ];

  test('责任单位 merged over 牵头单位 | 配合单位, other labels merged over both rows', () => {
    const rec = mustRecognize(
      sheet(
        rows(['序号', '目标任务', '主要内容', '责任单位', null, '完成时限'], [null, null, null, '牵头单位', '配合单位', null]),
        ['A1:F1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:E2', 'F2:F3'],
      ),
    );
    expect(rec.headerTop).toBe(1);
    expect(rec.headerRow).toBe(2);
    expect(letters(rec.columns)).toEqual(STANDARD);
    expect(rec.title).toBe('2023年工作责任分工表');
    expect(rec.tasks.map((t) => [t.row, t.leadText, t.supportText])).toEqual([
      [3, '法规科', '办公室'],
      [4, '规财科', '调统科'],
    ]);
  });

  test('other labels only in the upper row, without merges', () => {
    const rec = mustRecognize(
      sheet(rows(['序号', '目标任务', '主要内容', '责任单位', null, '完成时限'], [null, null, null, '牵头单位', '配合单位', null])),
    );
    expect(rec.headerTop).toBe(1);
    expect(rec.headerRow).toBe(2);
    expect(letters(rec.columns)).toEqual(STANDARD);
    expect(rec.tasks).toHaveLength(2);
    expect(rec.tasks[0].leadText).toBe('法规科');
    expect(rec.tasks[0].supportText).toBe('办公室');
  });

  test('责任单位 merged over the two unit columns only, lower labels with line breaks', () => {
    const rec = mustRecognize(
      sheet(rows(['序号', '重点工作', '工作措施', '责任单位', null, '时间节点'], [null, null, null, '牵头\n单位', '配合\n单位', null]), ['D2:E2']),
    );
    expect(rec.headerRow).toBe(2);
    expect(letters(rec.columns)).toEqual(STANDARD);
  });
});

describe('other columns', () => {
  test('备注, 责任领导, 分管领导 and 联系人及电话 are kept as others, never as unit columns', () => {
    const header = ['序号', '目标任务', '主要内容', '责任领导', '牵头单位', '配合单位', '分管领导', '完成时限', '联系人及电话', '备注'];
    const rec = mustRecognize(
      sheet([
        header,
        [1, '任务一', '内容', '张三', '法规科', '办公室', '李四', '2023年底前', '王五 13800000000', '无'],
      ]),
    );
    expect(letters(rec.columns)).toEqual({ seq: 'A', task: 'B', content: 'C', lead: 'E', support: 'F', deadline: 'H' });
    expect(rec.others).toEqual([
      { col: 3, label: '责任领导', kind: 'person' },
      { col: 6, label: '分管领导', kind: 'person' },
      { col: 8, label: '联系人及电话', kind: 'contact' },
      { col: 9, label: '备注', kind: 'note' },
    ]);
    expect(rec.left).toBe(0);
    expect(rec.right).toBe(9);
    expect(rec.tasks[0].leadText).toBe('法规科');
    expect(rec.tasks[0].supportText).toBe('办公室');
  });

  test('with 责任单位 and 责任领导 only, 责任单位 leads and the person column is not support', () => {
    const rec = mustRecognize(
      sheet([
        ['序号', '重点任务', '责任领导', '责任单位', '完成时限'],
        [1, '任务一', '张三', '法规科', '2023年底前'],
      ]),
    );
    expect(rec.columns.lead).toBe(3);
    expect(rec.columns.support).toBeUndefined();
    expect(rec.others).toEqual([{ col: 2, label: '责任领导', kind: 'person' }]);
    expect(rec.tasks[0].leadText).toBe('法规科');
    expect(rec.tasks[0].supportText).toBe('');
  });
});

describe('rows', () => {
  test('a task title merged over rows applies to each of them', () => {
    const rec = mustRecognize(
      sheet(
        [
          ['附件'],
          HEADER,
          task(1, '抓好年度计划，强化跟踪调度'),
          task(2, null),
          task(3, null),
          task(4, '落实两员规定'),
          task(5, '规范自由裁量'),
          task(6, null),
        ],
        ['B3:B5', 'B7:B8'],
      ),
    );
    expect(rec.tasks.map((t) => [t.seq, t.task])).toEqual([
      ['1', '抓好年度计划，强化跟踪调度'],
      ['2', '抓好年度计划，强化跟踪调度'],
      ['3', '抓好年度计划，强化跟踪调度'],
      ['4', '落实两员规定'],
      ['5', '规范自由裁量'],
      ['6', '规范自由裁量'],
    ]);
    const area = { top: 2, left: 1, bottom: 4, right: 1 };
    expect(rec.tasks.slice(0, 3).map((t) => t.taskMerge)).toEqual([area, area, area]);
    expect(rec.tasks[3].taskMerge).toBeUndefined();
    expect(rec.tasks[4].taskMerge).toEqual({ top: 6, left: 1, bottom: 7, right: 1 });
    expect(rec.skipped).toEqual([]);
  });

  test('merged cells in other columns (lead, deadline) apply to each row too', () => {
    const rec = mustRecognize(
      sheet([HEADER, task(1, '任务', '内容一', '法规科', '办公室', '2023年3月底前'), task(2, null, '内容二', null, null, null)], [
        'B2:B3',
        'D2:D3',
        'E2:E3',
        'F2:F3',
      ]),
    );
    expect(rec.tasks[1]).toMatchObject({ seq: '2', task: '任务', content: '内容二', leadText: '法规科', supportText: '办公室', deadlineValue: '2023年3月底前' });
  });

  test('section rows are skipped as sections', () => {
    const rec = mustRecognize(
      sheet(
        [
          HEADER,
          ['一、抓好年度计划'],
          task(1, '任务一'),
          ['二、执法监督方面（共5项）', null, null, null, null, null],
          task(2, '任务二'),
          ['三、队伍建设', null, null, null, null, null],
          task(3, '任务三'),
          [null, '（四）执法能力提升'],
          task(4, '任务四'),
          ['执法文书规范', null, null, null, null, null],
          task(5, '任务五'),
        ],
        ['A4:F4', 'A6:F6', 'B8:F8', 'A10:F10'],
      ),
    );
    expect(rec.tasks.map((t) => t.seq)).toEqual(['1', '2', '3', '4', '5']);
    expect(rec.skipped).toEqual([
      { row: 1, reason: 'section', text: '一、抓好年度计划' },
      { row: 3, reason: 'section', text: '二、执法监督方面（共5项）' },
      { row: 5, reason: 'section', text: '三、队伍建设' },
      { row: 7, reason: 'section', text: '（四）执法能力提升' },
      { row: 9, reason: 'section', text: '执法文书规范' },
    ]);
    expect(rec.footnotes).toEqual([]);
  });

  test('a section with its number in the 序号 column and its title merged across the rest', () => {
    const rec = mustRecognize(
      sheet([HEADER, ['一', '抓好年度计划', null, null, null, null], task(1, '任务一'), ['二', '执法监督方面（共5项）'], task(2, '任务二')], ['B2:F2']),
    );
    expect(rec.tasks.map((t) => t.seq)).toEqual(['1', '2']);
    expect(rec.skipped.map((s) => [s.row, s.reason])).toEqual([
      [1, 'section'],
      [3, 'section'],
    ]);
  });

  test('a row numbered 一 or （一） that has content, units or a deadline is a task', () => {
    const rec = mustRecognize(sheet([HEADER, task('一', '任务一'), task('（二）', '任务二'), ['三', '任务三', null, null, null, '2023年底前']]));
    expect(rec.tasks.map((t) => t.seq)).toEqual(['一', '（二）', '三']);
    expect(rec.skipped).toEqual([]);
  });

  test('a header repeated after a page break is skipped', () => {
    const rec = mustRecognize(sheet([HEADER, task(1, '任务一'), task(2, '任务二'), HEADER, task(3, '任务三')]));
    expect(rec.tasks.map((t) => t.seq)).toEqual(['1', '2', '3']);
    expect(rec.skipped).toEqual([{ row: 3, reason: 'repeated-header', text: '序号' }]);
  });

  test('a repeated header right after the first task row is not read as a two-row header', () => {
    // Task cells that happen to equal a label (内容, 任务) must not pair with the repeated header below.
    const rec = mustRecognize(sheet([HEADER, task(1, '任务', '内容'), HEADER, task(2, '任务二')]));
    expect(rec.headerRow).toBe(0);
    expect(rec.tasks.map((t) => t.seq)).toEqual(['1', '2']);
    expect(rec.skipped).toEqual([{ row: 2, reason: 'repeated-header', text: '序号' }]);
  });

  test('a repeated two-row header without merges is skipped whole', () => {
    const upper = ['序号', '目标任务', '主要内容', '责任单位', null, '完成时限'];
    const lower = [null, null, null, '牵头单位', '配合单位', null];
    const rec = mustRecognize(sheet([upper, lower, task(1, '任务一'), upper, lower, task(2, '任务二')]));
    expect(rec.headerRow).toBe(1);
    expect(rec.tasks.map((t) => [t.row, t.seq])).toEqual([
      [2, '1'],
      [5, '2'],
    ]);
    expect(rec.skipped.map((s) => [s.row, s.reason])).toEqual([
      [3, 'repeated-header'],
      [4, 'repeated-header'],
    ]);
  });

  test('a repeated two-row header is skipped whole', () => {
    const upper = ['序号', '目标任务', '主要内容', '责任单位', null, '完成时限'];
    const lower = [null, null, null, '牵头单位', '配合单位', null];
    const rec = mustRecognize(
      sheet([upper, lower, task(1, '任务一'), upper, lower, task(2, '任务二')], ['A1:A2', 'B1:B2', 'C1:C2', 'D1:E1', 'F1:F2', 'A4:A5', 'B4:B5', 'C4:C5', 'D4:E4', 'F4:F5']),
    );
    expect(rec.tasks.map((t) => [t.row, t.seq])).toEqual([
      [2, '1'],
      [5, '2'],
    ]);
    expect(rec.skipped.map((s) => [s.row, s.reason])).toEqual([
      [3, 'repeated-header'],
      [4, 'repeated-header'],
    ]);
  });

  test('blank rows are skipped', () => {
    const rec = mustRecognize(sheet([HEADER, task(1, '任务一'), [], [null, '  ', null], task(2, '任务二')]));
    expect(rec.tasks.map((t) => t.row)).toEqual([1, 4]);
    expect(rec.skipped).toEqual([
      { row: 2, reason: 'blank', text: '' },
      { row: 3, reason: 'blank', text: '' },
    ]);
  });

  const FOOTNOTE = '各安全生产监管业务科室范围：矿山安全监督管理科（煤矿安全监督管理科）、危险化学品安全监督管理科、办公室（新闻宣传和教育培训科）。';

  test('the closing footnote is a footnote, not a task', () => {
    const rec = mustRecognize(sheet([HEADER, task(1, '任务一'), task(2, '任务二'), [FOOTNOTE]]));
    expect(rec.tasks.map((t) => t.seq)).toEqual(['1', '2']);
    expect(rec.footnotes).toEqual([{ row: 3, text: FOOTNOTE }]);
    expect(rec.skipped).toEqual([{ row: 3, reason: 'footnote', text: FOOTNOTE }]);
    expect(rec.bottom).toBe(3);
  });

  test('the footnote merged across the table, after a blank row', () => {
    const rec = mustRecognize(sheet([HEADER, task(1, '任务一'), [], [FOOTNOTE, null, null, null, null, null]], ['A4:F4']));
    expect(rec.tasks).toHaveLength(1);
    expect(rec.footnotes).toEqual([{ row: 3, text: FOOTNOTE }]);
  });

  test('a short footnote naming a group is a footnote too', () => {
    const text = '各安全生产监管业务科室范围：法规科、办公室。';
    const rec = mustRecognize(sheet([HEADER, task(1, '任务一'), [text]]));
    expect(rec.tasks).toHaveLength(1);
    expect(rec.footnotes).toEqual([{ row: 2, text }]);
  });

  test('a footnote left of a table that starts in column B', () => {
    const shift = (row: CellValue[]) => [null, ...row];
    const rec = mustRecognize(sheet([shift(HEADER), shift(task(1, '任务一')), [FOOTNOTE]]));
    expect(rec.tasks).toHaveLength(1);
    expect(rec.footnotes).toEqual([{ row: 2, text: FOOTNOTE }]);
  });
});

describe('序号', () => {
  test.each<[CellValue, string]>([
    [1, '1'],
    ['1.', '1'],
    ['1、', '1'],
    ['（一）', '（一）'],
    [' 3 ', '3'],
    ['\n31', '31'],
    ['1 2', '12'],
    [null, ''],
  ])('normalizeSeq(%j) = %j', (v, seq) => {
    expect(normalizeSeq(v)).toBe(seq);
  });

  test('as read from the table', () => {
    const rec = mustRecognize(
      sheet([HEADER, task(1, '任务一'), task('1.', '任务二'), task('（一）', '任务三'), task(' 3 ', '任务四'), task('\n31', '任务五')]),
    );
    expect(rec.tasks.map((t) => t.seq)).toEqual(['1', '1', '（一）', '3', '31']);
    expect(rec.skipped).toEqual([]);
  });
});

describe('no table', () => {
  test('an empty grid', () => {
    expect(recognize(sheet([]))).toBeNull();
    expect(recognize(sheet([[]]))).toBeNull();
    expect(recognize(sheet([[null, null], [null, '']]))).toBeNull();
  });

  test('random text', () => {
    expect(
      recognize(
        sheet([
          ['关于开展执法规范提升年活动的通知'],
          ['各县（市、区）应急管理局，市局各科室：'],
          ['为进一步规范执法行为，现将有关事项通知如下。', '2023年3月1日'],
          [1, 2, 3],
        ]),
      ),
    ).toBeNull();
  });

  test('a list with 序号 and names but no task/unit/deadline columns', () => {
    expect(
      recognize(
        sheet([
          ['序号', '姓名', '职务', '联系电话'],
          [1, '张三', '科长', '13800000000'],
        ]),
      ),
    ).toBeNull();
  });
});

// Header words first met in one corpus table each (test/fixtures/real), each on a small table of its own kind.
describe('header words from the corpus, on tables of their own', () => {
  test('建设规模及内容: a 民生实事 project table with an investment column', () => {
    const rec = mustRecognize(
      sheet([
        ['2024年县政府民生实事项目计划表'],
        ['序号', '项目名称', '建设规模及内容', '总投资（万元）', '责任单位', '完成时限'],
        [1, '中小学护眼灯光改造工程', '对全县28所中小学612间教室照明进行护眼灯光改造', 680, '县教育局', '2024年8月底前'],
        [2, '城东农贸市场提升改造', '改造市场2800平方米，新增摊位60个', 320, '县市场监管局', '2024年12月底前'],
      ]),
    );
    expect(letters(rec.columns)).toEqual({ seq: 'A', task: 'B', content: 'C', lead: 'E', deadline: 'F' });
    expect(rec.tasks.map((t) => [t.task, t.content])).toEqual([
      ['中小学护眼灯光改造工程', '对全县28所中小学612间教室照明进行护眼灯光改造'],
      ['城东农贸市场提升改造', '改造市场2800平方米，新增摊位60个'],
    ]);
  });

  test('存在问题: a 督查 notice listing problems to fix, one unit each', () => {
    const rec = mustRecognize(
      sheet([
        ['附件：存在问题'],
        ['序号', '存在问题', '责任单位', '整改时限'],
        [1, '消防通道被杂物堵塞。', '办公室', '2023年5月底前'],
        [2, '危化品仓库警示标识缺失。', '危化科', '2023年6月底前'],
      ]),
    );
    expect(rec.headerRow).toBe(1);
    expect(letters(rec.columns)).toEqual({ seq: 'A', task: 'B', lead: 'C', deadline: 'D' });
    expect(rec.tasks.map((t) => [t.task, t.leadText])).toEqual([
      ['消防通道被杂物堵塞。', '办公室'],
      ['危化品仓库警示标识缺失。', '危化科'],
    ]);
  });

  test('计划完成时间: the deadline column even when most of it is no date yet (按省厅统一部署)', () => {
    const rec = mustRecognize(
      sheet([
        ['序号', '工作任务', '牵头单位', '计划完成时间'],
        [1, '修订行政执法事项清单', '法规科', '2024年6月底前'],
        [2, '开展执法案卷评查', '法规科', '按省厅统一部署'],
        [3, '落实执法全过程记录', '执法支队', '按省厅统一部署'],
        [4, '加强执法人员培训', '办公室', '视上级安排'],
      ]),
    );
    expect(letters(rec.columns)).toEqual({ seq: 'A', task: 'B', lead: 'C', deadline: 'D' });
    expect(rec.tasks.map((t) => t.deadlineValue)).toEqual(['2024年6月底前', '按省厅统一部署', '按省厅统一部署', '视上级安排']);
  });

  test('责任科室: the lead column of a bureau’s own table, also when most rows say 各科室', () => {
    const rec = mustRecognize(
      sheet([
        ['工作任务', '具体要求', '责任科室', '时限要求'],
        ['规范政务公开', '及时发布法定主动公开内容', '办公室', '年底前'],
        ['做好政策解读', '丰富解读形式', '各科室', '持续推进'],
        ['办理依申请公开', '依法依规答复申请', '各科室', '持续推进'],
        ['完善公开目录', '按标准目录梳理事项', '各科室', '6月底前'],
      ]),
    );
    expect(letters(rec.columns)).toEqual({ task: 'A', content: 'B', lead: 'C', deadline: 'D' });
    expect(rec.tasks.map((t) => t.leadText)).toEqual(['办公室', '各科室', '各科室', '各科室']);
  });

  test('主要目标: read as the content, beside the task and ahead of the measures column', () => {
    const rec = mustRecognize(
      sheet([
        ['序号', '工作任务', '主要目标', '工作措施', '牵头单位', '完成时限'],
        [1, '安全生产专项整治', '较大事故起数下降10%', '开展重点行业领域排查', '综合科', '2024年12月底前'],
        [2, '应急预案体系建设', '修订市级专项预案5项', '组织专家评审', '预案科', '2024年9月底前'],
      ]),
    );
    expect(letters(rec.columns)).toEqual({ seq: 'A', task: 'B', content: 'C', lead: 'E', deadline: 'F' });
    expect(rec.others).toEqual([{ col: 3, label: '工作措施', kind: 'other' }]);
    expect(rec.tasks.map((t) => [t.task, t.content])).toEqual([
      ['安全生产专项整治', '较大事故起数下降10%'],
      ['应急预案体系建设', '修订市级专项预案5项'],
    ]);
  });

  test('实事项目: the task column of a 民生实事 schedule', () => {
    const rec = mustRecognize(
      sheet([
        ['序号', '实事项目', '主要内容', '牵头单位', '配合单位', '完成时限'],
        [1, '老旧小区改造', '改造老旧小区12个', '住建局', '各街道', '2024年11月底前'],
        [2, '城区公厕提升', '新建改建公厕20座', '城管局', '', '2024年10月底前'],
      ]),
    );
    expect(letters(rec.columns)).toEqual(STANDARD);
    expect(rec.tasks.map((t) => [t.task, t.leadText, t.supportText])).toEqual([
      ['老旧小区改造', '住建局', '各街道'],
      ['城区公厕提升', '城管局', ''],
    ]);
  });
});
