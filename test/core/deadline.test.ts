import {
  eventDeadline,
  excelSerialToIso,
  isoToExcelSerial,
  nextDue,
  parseDeadline,
  yearsOf,
} from '../../src/core/read/deadline';
import { Deadline } from '../../src/core/types';
import type { DeadlineContext } from '../../src/core/read/deadline';

const Y = { year: 2023 };
type Fields = Omit<Deadline, 'text'>;

/** Parse with and without the table year and compare the whole object. */
function expectParse(input: string, ctx: DeadlineContext, fields: Fields): void {
  expect(parseDeadline(input, ctx)).toStrictEqual({ text: input, ...fields });
}

describe('date', () => {
  const date = (due: string): Fields => ({ kind: 'date', due });
  test.each<[string, string]>([
    ['2023年3月底前', '2023-03-31'],
    ['2023年6月30日前', '2023-06-30'],
    ['于2023年3月15日前', '2023-03-15'],
    ['2023年底前', '2023-12-31'],
    ['2023年年底前', '2023-12-31'],
    ['2023年末', '2023-12-31'],
    ['2023年12月', '2023-12-31'],
    ['2023年第三季度', '2023-09-30'],
    ['2023年三季度', '2023-09-30'],
    ['2023年Q3', '2023-09-30'],
    ['2023年第一季度末', '2023-03-31'],
    ['2023年上半年', '2023-06-30'],
    ['2023年下半年', '2023-12-31'],
    ['2023.9.30', '2023-09-30'],
    ['2023-09-30', '2023-09-30'],
    ['2023/9/30', '2023-09-30'],
    ['2023年1月1日至12月31日', '2023-12-31'],
    ['2023年3月1日至15日', '2023-03-15'],
    ['2023年3月至2024年6月', '2024-06-30'],
    ['即日起至2023年10月底', '2023-10-31'],
    ['2023年3月上旬', '2023-03-10'],
    ['2023年3月中旬', '2023-03-20'],
    ['2023年3月下旬', '2023-03-31'],
    ['2023年9月前', '2023-09-30'],
    ['2023年9月份', '2023-09-30'],
    ['2023年9月之前', '2023-09-30'],
    ['2023年9月以前', '2023-09-30'],
    ['2023年9月内', '2023-09-30'],
    ['2023年9月止', '2023-09-30'],
    ['2023年9月底前完成', '2023-09-30'],
    ['二〇二三年十二月二十五日', '2023-12-25'],
    ['2023年十二月底', '2023-12-31'],
    ['2024年2月底', '2024-02-29'],
    ['2023年2月底', '2023-02-28'],
    ['2024年2月29日', '2024-02-29'],
    ['２０２３年３月底前。', '2023-03-31'],
    ['2023年 3月\n底前.', '2023-03-31'],
    ['2023年度', '2023-12-31'],
  ])('%s → %s', (input, due) => expectParse(input, {}, date(due)));

  test.each<[string, string]>([
    ['六月底前', '2023-06-30'],
    ['6月底完成', '2023-06-30'],
    ['十二月底', '2023-12-31'],
    ['3月1日至15日', '2023-03-15'],
    ['年底前', '2023-12-31'],
  ])('no year: %s → %s with the table year', (input, due) =>
    expectParse(input, Y, { kind: 'date', due, yearInferred: true }),
  );

  // SPEC §3: the date part decides due; an action after it does not make the phrase unreadable.
  test.each<[string, string]>([
    ['9月投入使用', '2023-09-30'],
    ['5月底前动工', '2023-05-31'],
    ['6月底前建成', '2023-06-30'],
    ['10月底前上报', '2023-10-31'],
    ['年底前完成验收', '2023-12-31'],
    ['3月份', '2023-03-31'],
    ['全年', '2023-12-31'],
    ['年内', '2023-12-31'],
    ['年中', '2023-06-30'],
    ['三季度末', '2023-09-30'],
    ['12月中旬', '2023-12-20'],
    ['汛期前（5月底前）', '2023-05-31'],
    ['3月、6月、9月、12月底前', '2023-12-31'],
  ])('no year, an action or a second clause: %s → %s', (input, due) => expectParse(input, Y, { kind: 'date', due, yearInferred: true }));

  test.each<[string, string]>([
    ['2023年6月底前完成初验，年底前全面完成', '2023-12-31'],
    ['2023年3月底前制定方案；6月底前完成整改', '2023-06-30'],
    ['2023年6月底前出台实施方案并持续推进', '2023-06-30'],
    ['2023年投入使用', '2023-12-31'],
    ['2023-2025年', '2025-12-31'],
    ['2022-2023', '2023-12-31'],
    ['2023年6月至年底', '2023-12-31'],
    ['第一阶段（2023年3月底前）', '2023-03-31'],
    // Numbered parts of one task: it is due when its latest part is.
    ['1.2023年8月 2.2023年12月', '2023-12-31'],
    ['1、物流中心7月1日投入试运营 2、南岩市场计划2023年12月底完成项目建设 3、钟楼市场10月1日前完成', '2023-12-31'],
    ['（1）2023年9月底前 （2）2023年6月底前', '2023-09-30'],
  ])('the last date of a longer text is the one to track: %s → %s', (input, due) => expectParse(input, Y, date(due)));

  test('a year before an event is not the end of the year', () => {
    expectParse('2023年汛期前', Y, { kind: 'unparsed', impossible: false });
    expectParse('2023年春节前', Y, { kind: 'unparsed', impossible: false });
  });

  test('a written year wins over the table year', () => {
    expectParse('2024年6月底', Y, date('2024-06-30'));
  });

  test('a real Excel date cell', () => {
    expect(parseDeadline(45016, Y, true)).toStrictEqual({ text: '2023-03-31', kind: 'date', due: '2023-03-31' });
  });

  test('a number that is not a date cell is read as text', () => {
    expect(parseDeadline(2023, Y)).toStrictEqual({ text: '2023', kind: 'date', due: '2023-12-31' });
  });
});

describe('recurring', () => {
  test.each<[string, Fields]>([
    ['2023年3月起每月', { kind: 'recurring', every: 'month', start: '2023-03-01' }],
    ['每月25日前', { kind: 'recurring', every: 'month', dayOfMonth: 25 }],
    ['每月', { kind: 'recurring', every: 'month' }],
    ['按月', { kind: 'recurring', every: 'month' }],
    ['每月底前', { kind: 'recurring', every: 'month' }],
    ['每季度', { kind: 'recurring', every: 'quarter' }],
    ['每季度末', { kind: 'recurring', every: 'quarter' }],
    ['按季度', { kind: 'recurring', every: 'quarter' }],
    ['每年1月底前', { kind: 'recurring', every: 'year', monthOfYear: 1 }],
    ['每年3月15日前', { kind: 'recurring', every: 'year', monthOfYear: 3, dayOfMonth: 15 }],
    ['每年', { kind: 'recurring', every: 'year' }],
    ['从2023年第二季度起', { kind: 'recurring', every: 'quarter', start: '2023-04-01' }],
    ['2023年第二季度起每季度', { kind: 'recurring', every: 'quarter', start: '2023-04-01' }],
    ['自2023年4月起每季度', { kind: 'recurring', every: 'quarter', start: '2023-04-01' }],
    ['每半年', { kind: 'recurring', every: 'halfyear' }],
    ['每月5日前报送上月进展', { kind: 'recurring', every: 'month', dayOfMonth: 5 }],
    ['按季度报送', { kind: 'recurring', every: 'quarter' }],
  ])('%s', (input, fields) => expectParse(input, {}, fields));

  test('start without a year takes the table year', () => {
    expectParse('3月起每月', Y, { kind: 'recurring', every: 'month', start: '2023-03-01', yearInferred: true });
  });
});

describe('ongoing', () => {
  test.each(['持续推进', '长期坚持', '长期', '常态化', '持续', '长期推进', '常态化推进'])('%s', (input) =>
    expectParse(input, Y, { kind: 'ongoing' }),
  );
});

describe('unparsed', () => {
  test.each<[string, boolean]>([
    ['尽快', false],
    ['完成整改', false],
    ['汛前', false],
    ['3个月内', false],
    ['2023年13月底前', true],
    ['2月30日', true],
    ['2023年4月31日', true],
    ['2023年第五季度', true],
    ['2023年2月29日', true],
    ['每月32日', true],
  ])('%s (impossible %s)', (input, impossible) => {
    expectParse(input, Y, { kind: 'unparsed', impossible });
    expectParse(input, {}, { kind: 'unparsed', impossible });
  });

  test.each(['六月底前', '3月起每月'])('no year anywhere: %s', (input) =>
    expectParse(input, {}, { kind: 'unparsed', impossible: false }),
  );
});

describe('a period in days (整改时限 of a 交办 list)', () => {
  const from = { year: 2022, from: '2022-08-30' };
  test.each<[string, number, string]>([
    ['3天', 3, '2022-09-02'],
    ['5日内', 5, '2022-09-04'],
    ['限期七天整改到位', 7, '2022-09-06'],
    ['10天内完成', 10, '2022-09-09'],
  ])('%s counts from the day after the 交办 date', (input, days, due) =>
    expectParse(input, from, { kind: 'date', due, periodDays: days, countedFrom: '2022-08-30' }),
  );

  test('without a 交办 date it cannot be dated, and says why', () =>
    expectParse('3天', { year: 2022 }, { kind: 'unparsed', impossible: false, periodDays: 3 }));

  test('working days need the holiday calendar: never dated', () =>
    expectParse('10个工作日内', from, { kind: 'unparsed', impossible: false, periodDays: 10, workingDays: true }));

  test.each(['信息形成或者变更之日起20个工作日内', '部门预算经本级财政部门批复后20日内公开', '收到来文之日起15日内办结'])(
    'a period counted from each event is a standing rule: %s',
    (input) => expectParse(input, from, { kind: 'ongoing' }),
  );

  test('a date in the same text still decides: 2023年6月底前完成，验收后10日内上报', () =>
    expectParse('2023年6月底前完成，验收后10日内上报', from, { kind: 'date', due: '2023-06-30' }));
});

describe('immediate (立即整改 and its kin)', () => {
  const notice = { year: 2023, from: '2023-06-01' };
  test.each(['立即整改', '立行立改', '即知即改', '马上就改', '立即', '立即整改到位', '立行立改，长期坚持'])('%s: due on the 交办 date', (input) =>
    expectParse(input, notice, { kind: 'immediate', due: '2023-06-01', dueFrom: 'notice' }));

  test('without a 交办 date: the day the status columns were first added, else no due yet', () => {
    expectParse('立即整改', { year: 2023, firstAdded: '2023-07-01' }, { kind: 'immediate', due: '2023-07-01', dueFrom: 'status-columns' });
    expectParse('立即整改', Y, { kind: 'immediate' });
  });

  test('a date in the same text decides; nextDue is the due date, overdue after it like any date', () => {
    expectParse('立即整改，2023年6月底前完成', notice, { kind: 'date', due: '2023-06-30' });
    const d = parseDeadline('立行立改', notice);
    expect([nextDue(d, '2023-05-01'), nextDue(d, '2023-09-01')]).toEqual(['2023-06-01', '2023-06-01']);
  });
});

describe('an event instead of a date', () => {
  test.each<[string, number, string]>([
    ['汛期前', 2023, '2023年5月31日前'],
    ['2024年汛前', 2023, '2024年5月31日前'],
    ['开学前', 2023, '2023年8月31日前'],
    ['春季开学前', 2023, '2023年2月28日前'],
    ['春节前', 2023, '2023年1月21日前'],
    ['春节前完成', 2024, '2024年2月9日前'],
  ])('%s (table year %d) → %s', (input, year, suggestion) => {
    expect(parseDeadline(input, { year }).kind).toBe('unparsed');
    expect(eventDeadline(input, year)?.suggestion).toBe(suggestion);
  });

  test('no event named: null', () => expect(eventDeadline('尽快', 2023)).toBeNull());
});

describe('missing', () => {
  test.each<[string | null | undefined, string]>([
    ['', ''],
    ['  \n\t　', '  \n\t　'],
    [null, ''],
    [undefined, ''],
  ])('%p', (input, text) => expect(parseDeadline(input, Y)).toStrictEqual({ text, kind: 'missing' }));
});

describe('Excel serials', () => {
  test.each<[number, string]>([
    [45016, '2023-03-31'],
    [61, '1900-03-01'],
    [60, '1900-02-29'],
    [59, '1900-02-28'],
    [1, '1900-01-01'],
  ])('%i ↔ %s', (serial, iso) => {
    expect(excelSerialToIso(serial)).toBe(iso);
    expect(isoToExcelSerial(iso)).toBe(serial);
  });

  test('round trip over a range of serials', () => {
    for (let n = 1; n < 80000; n += 97) expect(isoToExcelSerial(excelSerialToIso(n))).toBe(n);
  });

  test('the time part of a serial is ignored', () => expect(excelSerialToIso(45016.75)).toBe('2023-03-31'));
});

describe('nextDue', () => {
  const p = (text: string) => parseDeadline(text, Y);
  test.each<[string, string, string | null]>([
    ['2023年6月30日前', '2023-08-01', '2023-06-30'],
    ['每月', '2023-02-10', '2023-02-28'],
    ['每月25日前', '2023-03-25', '2023-03-25'],
    ['每月25日前', '2023-03-26', '2023-04-25'],
    ['每月25日前', '2023-12-26', '2024-01-25'],
    ['每月31日前', '2023-02-01', '2023-02-28'],
    ['每季度', '2023-05-15', '2023-06-30'],
    ['每季度', '2023-12-31', '2023-12-31'],
    ['每年1月底前', '2023-01-31', '2023-01-31'],
    ['每年1月底前', '2023-02-01', '2024-01-31'],
    ['每年', '2023-05-01', '2023-12-31'],
    ['2023年3月起每月', '2023-01-10', '2023-03-31'],
    ['2023年3月起每月', '2023-05-10', '2023-05-31'],
    ['自2024年4月起每季度', '2023-05-01', '2024-06-30'],
    ['每半年', '2023-02-10', '2023-06-30'],
    ['每半年', '2023-07-01', '2023-12-31'],
    ['持续推进', '2023-05-01', null],
    ['尽快', '2023-05-01', null],
  ])('%s as of %s → %s', (text, asOf, due) => expect(nextDue(p(text), asOf)).toBe(due));
});

describe('yearsOf', () => {
  test.each<[string, number[]]>([
    ['2023年3月底前', [2023]],
    ['2023年1月1日至2024年3月31日', [2023, 2024]],
    ['2023.9.30', [2023]],
    ['二〇三二年底', [2032]],
    ['六月底前', []],
    ['每月25日前', []],
  ])('%s → %p', (text, years) => expect(yearsOf(parseDeadline(text, Y))).toEqual(years));

  test('a date cell', () => expect(yearsOf(parseDeadline(45016, Y, true))).toEqual([2023]));
});

describe('forms met in 应急 and 政务公开 tables', () => {
  test.each<[string, Fields]>([
    ['5.12期间完成演练', { kind: 'date', due: '2023-05-12', yearInferred: true }],
    ['6.30前', { kind: 'date', due: '2023-06-30', yearInferred: true }],
    ['4月底前完成方案，5.12期间完成演练', { kind: 'date', due: '2023-05-12', yearInferred: true }],
    ['9月中旬完成演练', { kind: 'date', due: '2023-09-20', yearInferred: true }],
    ['每6个月更新一次', { kind: 'recurring', every: 'halfyear' }],
    ['与规范性文件同步发布', { kind: 'ongoing' }],
  ])('%s', (input, fields) => expectParse(input, Y, fields));

  test('a decimal amount is not a month.day', () => expect(parseDeadline('完成2.5万亩', Y).kind).toBe('unparsed'));
  test('an impossible month.day is impossible, not a date', () => expect(parseDeadline('2.30前', Y)).toMatchObject({ kind: 'unparsed', impossible: true }));
  test('an update period the product cannot count (every 5 months) stays unreadable', () => expect(parseDeadline('5个月内须有更新', Y).kind).toBe('unparsed'));
});
