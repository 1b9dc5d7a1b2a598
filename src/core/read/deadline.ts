// Deadline grammar for 完成时限 cells (SPEC §3). Pure TypeScript, no dependencies.
import { addDays } from '../dates';
import { Deadline, IsoDate, Period } from '../types';

export interface DeadlineContext {
  /** The table's year, used when the text has no year. */
  year?: number;
  /** The day a bare period ("3天") counts from: the 交办 date written above the table, when there is one. */
  from?: IsoDate;
  /** The day the status columns were first added (kept in the workbook): 立即整改 is due then without a 交办 date. */
  firstAdded?: IsoDate;
}

// ---------- calendar ----------

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const iso = (y: number, m: number, d: number): IsoDate => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const dim = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** ISO date of month `m` (may overflow past 12) of year `y`; day omitted = month end, else clamped. */
function at(y: number, m: number, d?: number): IsoDate {
  y += Math.floor((m - 1) / 12);
  m = ((m - 1) % 12) + 1;
  const last = dim(y, m);
  return iso(y, m, d === undefined ? last : Math.min(d, last));
}

function splitIso(date: IsoDate): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  return [+m[1], +m[2], +m[3]];
}

// ---------- Excel serials (1900 date system) ----------

const DAY_MS = 86400000;
const EPOCH = Date.UTC(1899, 11, 30);

export function excelSerialToIso(serial: number): IsoDate {
  if (!Number.isFinite(serial)) throw new RangeError(`not a date serial: ${serial}`);
  const n = Math.floor(serial);
  if (n === 60) return '1900-02-29'; // Excel's fake leap day
  const t = new Date(EPOCH + (n < 60 ? n + 1 : n) * DAY_MS);
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function isoToExcelSerial(date: IsoDate): number {
  const [y, m, d] = splitIso(date);
  if (y === 1900 && m === 2 && d === 29) return 60;
  const n = Math.round((Date.UTC(y, m - 1, d) - EPOCH) / DAY_MS);
  return n < 61 ? n - 1 : n;
}

// ---------- normalisation ----------

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const digitwise = (s: string) => Number([...s].map((c) => CN_DIGIT[c]).join(''));

/** 二〇二三 → 2023, 十二 → 12, 二十五 → 25, 三 → 3. */
function cnToInt(s: string): number {
  const t = s.indexOf('十');
  if (t < 0) return digitwise(s);
  return (t === 0 ? 1 : digitwise(s.slice(0, t))) * 10 + (t < s.length - 1 ? digitwise(s.slice(t + 1)) : 0);
}

function normalize(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    // Numbered parts ("1、… 2、…", "1.2021年8月 2.2021年12月", "（1）…") are clauses of their own.
    .replace(/(^|\s)(?:\d{1,2}[、.](?!\d)|\d{1,2}\.(?=[12]\d{3}[年./-])|[(]\d{1,2}[)])/g, '$1；')
    .replace(/\s+/g, '')
    .replace(/[。.,;、]+$/, '')
    .replace(/[〇零一二两三四五六七八九十]+(?=[年月日号季])/g, (s) => String(cnToInt(s)));
}

// ---------- grammar ----------

const R = {
  prefix: /(?:(?:自|从)?即日起?|于|在|截至|截止到?|自|从|至|到|力争|争取|计划|预计|确保|最迟)*/y,
  iso: /([12]\d{3})[./-](\d{1,2})(?!\d)(?:[./-](\d{1,2})(?!\d)[日号]?)?/y,
  year: /([12]\d{3})(?:年度?)?/y,
  yearEnd: /(?:年度?)?(?:底|末|终)/y, // after a written year
  yearEndBare: /年度?(?:底|末|终)|全年|年内|本年度?|当年/y,
  midYear: /年中/y,
  half: /([上下])半年(?:末|底)?/y,
  quarter: /(?:第?(\d{1,2})季度?|[Qq](\d))(?:末|底)?/y,
  month: /(\d{1,2})月份?/y,
  day: /(\d{1,2})[日号]?/y, // right after a month
  // "5.12期间", "6.30前": month.day without a year, only where a date word follows (not "2.5万亩").
  monthDotDay: /(\d{1,2})\.(\d{1,2})(?=前|期间|以前|之前|[日号止]|$|[,;、至到~〜\-—–])/y,
  bareDay: /(\d{1,2})[日号]/y, // range end that inherits the month
  monthPart: /(?:(\d{1,2})[日号]|月?(?:底|末)|([上中下])旬)/y,
  dekad: /([上中下])旬/y,
  monthEnd: /月?(?:底|末)/y,
  sep: /起?(?:至|到|[~〜\-—–]+)/y,
  since: /起|开始/y,
  comma: /[,、]/y,
  every: /(?:每|按)个?(半年|月|季|年)度?/y,
  quarterEnd: /(?:季度?)?(?:末|底)/y,
  trail: /(?:之前|以前|以内|之内|为止|截止|结束|办结|完成|全部|基本|一次|前|内|止|底)*/y,
};

const ONGOING = /^(?:持续|长期|常态化?|长效|坚持|推进|开展|落实|实施|执行|进行|抓好|做好|,)+$/;
const ONGOING_CORE = /持续|长期|常态|长效/;

class Cursor {
  i = 0;
  constructor(readonly s: string) {}
  eat(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    if (m) this.i = re.lastIndex;
    return m;
  }
  get done(): boolean {
    return this.i === this.s.length;
  }
}

type Unit = 'year' | 'half' | 'quarter' | 'month' | 'day';
/** A point in time as written; y only when written explicitly. n = half (1|2) or quarter number. */
interface Point {
  unit: Unit;
  y?: number;
  n?: number;
  m?: number;
  d?: number;
  /** A year written alone ("2023年"), not its end ("2023年底"). */
  bareYear?: boolean;
}

function point(c: Cursor, allowBareDay = false): Point | null {
  const from = c.i;
  let r = c.eat(R.iso);
  if (r) return r[3] ? { unit: 'day', y: +r[1], m: +r[2], d: +r[3] } : { unit: 'month', y: +r[1], m: +r[2] };
  const yr = c.eat(R.year);
  const y = yr ? +yr[1] : undefined;
  if (c.eat(yr ? R.yearEnd : R.yearEndBare)) return { unit: 'year', y };
  if (c.eat(R.midYear)) return { unit: 'half', y, n: 1 };
  if ((r = c.eat(R.half))) return { unit: 'half', y, n: r[1] === '上' ? 1 : 2 };
  if ((r = c.eat(R.quarter))) return { unit: 'quarter', y, n: +(r[1] ?? r[2]) };
  if (!yr && (r = c.eat(R.monthDotDay))) return { unit: 'day', m: +r[1], d: +r[2] };
  if ((r = c.eat(R.month))) {
    const m = +r[1];
    if ((r = c.eat(R.day))) return { unit: 'day', y, m, d: +r[1] };
    if ((r = c.eat(R.dekad)) && r[1] !== '下') return { unit: 'day', y, m, d: r[1] === '上' ? 10 : 20 };
    c.eat(R.monthEnd);
    return { unit: 'month', y, m };
  }
  if (!yr && allowBareDay && (r = c.eat(R.bareDay))) return { unit: 'day', d: +r[1] };
  if (yr) return { unit: 'year', y, bareYear: true };
  c.i = from;
  return null;
}

type Span = { first: IsoDate; last: IsoDate } | 'impossible' | 'noyear';

/** First and last day of a point in year y; impossible dates are reported whether or not y is known. */
function span(p: Point, y: number | undefined): Span {
  let m1: number, m2: number;
  if (p.unit === 'year') [m1, m2] = [1, 12];
  else if (p.unit === 'half') [m1, m2] = [p.n! * 6 - 5, p.n! * 6];
  else if (p.unit === 'quarter') [m1, m2] = [p.n! * 3 - 2, p.n! * 3];
  else m1 = m2 = p.m!;
  if (m1 < 1 || m2 > 12) return 'impossible';
  if (p.d !== undefined && (p.d < 1 || p.d > dim(y ?? 2000, m1))) return 'impossible';
  if (y === undefined) return 'noyear';
  return { first: iso(y, m1, p.d ?? 1), last: iso(y, m2, p.d ?? dim(y, m2)) };
}

const unparsed = (text: string, impossible: boolean): Deadline => ({ text, kind: 'unparsed', impossible });

/**
 * Strict: the whole text is a date or range. Loose (one clause of a longer text): words without digits may stand
 * before the date and an action after it ("9月投入使用", "年底前完成验收").
 */
function dated(text: string, s: string, ctx: DeadlineContext, loose = false): Deadline | null {
  const c = new Cursor(s);
  c.eat(R.prefix);
  let a = point(c);
  while (!a && loose && c.i < s.length && !/\d/.test(s[c.i])) {
    c.i++;
    a = point(c);
  }
  if (!a) return null;
  let b: Point | null = null;
  if (c.eat(R.sep) && !(b = point(c, true))) return null;
  c.eat(R.trail);
  const rest = s.slice(c.i);
  if (!c.done && !(loose && !/\d/.test(rest))) return null;
  // "2023年汛期前", "2023年春节前": a year before an event is not the year's end.
  if (rest && !b && a.bareYear && /前|后/.test(rest)) return null;
  if (b && b.m === undefined && b.unit === 'day') {
    if (a.m === undefined) return null;
    b.m = a.m; // 2023年3月1日至15日
  }
  const written = a.y ?? b?.y;
  const ya = written ?? ctx.year;
  const sa = span(a, ya);
  const sb = b ? span(b, b.y ?? ya) : sa;
  if (sa === 'impossible' || sb === 'impossible') return unparsed(text, true);
  if (sa === 'noyear' || sb === 'noyear') return unparsed(text, false);
  const out: Deadline = { text, kind: 'date', due: sb.last };
  if (written === undefined) out.yearInferred = true;
  return out;
}

function recurring(text: string, s: string, ctx: DeadlineContext, loose = false): Deadline | null {
  const c = new Cursor(s);
  c.eat(R.prefix);
  const save = c.i;
  let p = point(c);
  if (p && !c.eat(R.since)) {
    p = null;
    c.i = save;
  }
  c.eat(R.comma);
  const ev = c.eat(R.every);
  let every: Period;
  let dayOfMonth: number | undefined;
  let monthOfYear: number | undefined;
  let r: RegExpExecArray | null;
  const monthPart = () => {
    if ((r = c.eat(R.monthPart))) dayOfMonth = r[1] ? +r[1] : r[2] === '上' ? 10 : r[2] === '中' ? 20 : undefined;
  };
  if (ev) {
    every = ev[1] === '月' ? 'month' : ev[1] === '季' ? 'quarter' : ev[1] === '半年' ? 'halfyear' : 'year';
    if (every === 'month') monthPart();
    else if (every === 'quarter' || every === 'halfyear') c.eat(R.quarterEnd);
    else if ((r = c.eat(R.month))) {
      monthOfYear = +r[1];
      monthPart();
    } else c.eat(R.yearEnd);
  } else if (p && (p.unit === 'month' || p.unit === 'quarter')) every = p.unit;
  else return null;
  c.eat(R.trail);
  if (!c.done && !(loose && !/\d/.test(s.slice(c.i)))) return null;

  if (dayOfMonth !== undefined && (dayOfMonth < 1 || dayOfMonth > dim(2000, monthOfYear ?? 1))) return unparsed(text, true);
  if (monthOfYear !== undefined && (monthOfYear < 1 || monthOfYear > 12)) return unparsed(text, true);
  const out: Deadline = { text, kind: 'recurring', every };
  if (p) {
    const sp = span(p, p.y ?? ctx.year);
    if (sp === 'impossible') return unparsed(text, true);
    if (sp === 'noyear') return unparsed(text, false);
    out.start = sp.first;
    if (p.y === undefined) out.yearInferred = true;
  }
  if (dayOfMonth !== undefined) out.dayOfMonth = dayOfMonth;
  if (monthOfYear !== undefined) out.monthOfYear = monthOfYear;
  return out;
}

/**
 * Parse a 完成时限 cell. A number with isDateCell is an Excel date serial; any other number is read as text.
 */
export function parseDeadline(
  input: string | number | null | undefined,
  ctx: DeadlineContext = {},
  isDateCell = false,
): Deadline {
  if (typeof input === 'number' && isDateCell) {
    if (!Number.isFinite(input) || input < 1) return unparsed(String(input), false);
    const due = excelSerialToIso(input);
    return { text: due, kind: 'date', due };
  }
  const text = input == null ? '' : String(input);
  const s = normalize(text);
  if (!s) return { text, kind: 'missing' };
  if (ONGOING.test(s) && ONGOING_CORE.test(s)) return { text, kind: 'ongoing' };
  if (IMMEDIATE.test(s)) return immediate(text, ctx);
  return recurring(text, s, ctx) ?? dated(text, s, ctx) ?? bareDays(text, s, ctx) ?? updateInterval(text, s) ?? byClause(text, s, ctx);
}

// 立即整改, 立行立改, 即知即改, 马上就改, 立即: due the day the list was handed out.
const IMMEDIATE = /^(?:立即|立行立改|即知即改|即查即改|马上就改|马上办|立即整改|立即办理|立即执行|立即落实|立即开展|立即启动|即时整改|立查立改|边查边改|立改)+(?:整改|办理|执行|落实|完成|到位)*$/;

function immediate(text: string, ctx: DeadlineContext): Deadline {
  if (ctx.from) return { text, kind: 'immediate', due: ctx.from, dueFrom: 'notice' };
  if (ctx.firstAdded) return { text, kind: 'immediate', due: ctx.firstAdded, dueFrom: 'status-columns' };
  return { text, kind: 'immediate' };
}

// "3天", "5日内", "限期7天整改到位", "10个工作日内办结": a number of days, and nothing saying from when.
const PERIOD = /^(?:限期|须在|要在|在)?([〇零一二两三四五六七八九十\d]+)(个)?(工作)?(?:天|日)(?:内|之内)?(?:完成|整改到位|整改完毕|整改|办结|反馈|到位|上报)?$/;
// "信息形成或者变更之日起20个工作日内", "批复后20日内公开": a standing rule counted from each event, not one date.
const EVENT_PERIOD = /(?:之日起|起|后)[〇零一二两三四五六七八九十\d]+个?(?:工作)?[日天]内/;
// "与规范性文件同步发布": done together with each event, a standing rule like the one above.
const EVENT_SYNC = /同步(?:发布|公开|更新|上报|报送|实施|推进)/;
// "6个月内须有更新", "最迟1年内必须有更新", "每3个月更新一次": kept current at least once a period.
const UPDATE_INTERVAL = /([〇零一二两三四五六七八九十\d]+)个?(月|年)(?:内|之内)?(?:须|必须|应|要|至少)*(?:有|进行)?(?:一次)?更新/;
const INTERVAL_PERIOD: Record<string, Period> = { 'month:1': 'month', 'month:3': 'quarter', 'month:6': 'halfyear', 'month:12': 'year', 'year:1': 'year' };

/** An update rule ("6个月内须有更新"): recurring every that period, when it is one the product counts in. */
function updateInterval(text: string, s: string): Deadline | null {
  const m = UPDATE_INTERVAL.exec(s);
  if (!m) return null;
  const n = /\d/.test(m[1]) ? Number(m[1]) : cnToInt(m[1]);
  const every = INTERVAL_PERIOD[`${m[2] === '月' ? 'month' : 'year'}:${n}`];
  return every ? { text, kind: 'recurring', every } : null;
}

/**
 * A period counts from the day after its start (the start day itself is not counted, as periods in days are in
 * Chinese law, 民法典 第二百零一条). Working days need the year's holiday calendar, which no table carries.
 */
function bareDays(text: string, s: string, ctx: DeadlineContext): Deadline | null {
  const m = PERIOD.exec(s);
  if (!m) return null;
  const days = /\d/.test(m[1]) ? Number(m[1]) : cnToInt(m[1]);
  if (!(days > 0)) return null;
  const working = m[3] !== undefined;
  if (working || !ctx.from) return { text, kind: 'unparsed', impossible: false, periodDays: days, ...(working ? { workingDays: true } : {}) };
  return { text, kind: 'date', due: addDays(ctx.from, days), periodDays: days, countedFrom: ctx.from };
}

/**
 * A text of several clauses ("2023年6月底前完成初验，年底前全面完成"; "3月、6月、9月、12月底前"): the latest date is
 * the one to track; else the first period; else ongoing when a clause says so. A year written in one clause
 * carries to the clauses after it.
 */
function byClause(text: string, s: string, ctx: DeadlineContext): Deadline {
  let year = ctx.year;
  let written = false;
  let last = null as Deadline | null;
  let period: Deadline | null = null;
  let ongoing = false;
  let now = false;
  let impossible = false;
  for (const clause of s.split(/[，,；;。、]+/).filter(Boolean)) {
    const here = { year };
    if (IMMEDIATE.test(clause)) now = true;
    const d = recurring(text, clause, here, true) ?? dated(text, clause, here, true);
    const years = [...clause.matchAll(/(?<!\d)([12]\d{3})(?=年|[./-]\d)/g)].map((m) => Number(m[1]));
    if (years.length) {
      year = years[years.length - 1];
      written = true;
    }
    if (!d) ongoing ||= ONGOING_CORE.test(clause);
    // Parts of one task: it is done when its latest part is (not the one written last).
    else if (d.kind === 'date') {
      if (!last || (d.due ?? '') > (last.due ?? '')) last = d;
    }
    else if (d.kind === 'recurring') period ??= d;
    else if (d.kind === 'unparsed' && d.impossible) impossible = true;
  }
  if (last) {
    // The year came from an earlier clause of the same text, not from the table.
    if (written && last.yearInferred) delete last.yearInferred;
    return last;
  }
  if (period) return period;
  // "立行立改，长期坚持": fixed at once, kept fixed after — due at once.
  if (now) return immediate(text, ctx);
  if (ongoing || (!impossible && (EVENT_PERIOD.test(s) || EVENT_SYNC.test(s)))) return { text, kind: 'ongoing' };
  return unparsed(text, impossible);
}

// ---------- due dates ----------

/** The first due date on or after `date` for a recurring deadline, ignoring its start. */
function dueFrom(d: Deadline, date: IsoDate): IsoDate {
  const [y, m, day] = splitIso(date);
  if (d.every === 'month') {
    const dom = d.dayOfMonth;
    return at(y, dom === undefined || day <= dom ? m : m + 1, dom);
  }
  if (d.every === 'quarter') return at(y, Math.ceil(m / 3) * 3);
  if (d.every === 'halfyear') return at(y, Math.ceil(m / 6) * 6);
  if (d.monthOfYear === undefined) return at(y, 12);
  const t = at(y, d.monthOfYear, d.dayOfMonth);
  return date <= t ? t : at(y + 1, d.monthOfYear, d.dayOfMonth);
}

/** 'date', 'immediate': its due; 'recurring': the first due date >= asOf (and >= the first one on/after start); else null. */
export function nextDue(d: Deadline, asOf: IsoDate): IsoDate | null {
  if (d.kind === 'date' || d.kind === 'immediate') return d.due ?? null;
  if (d.kind !== 'recurring' || !d.every) return null;
  const r = dueFrom(d, asOf);
  if (!d.start) return r;
  const s = dueFrom(d, d.start);
  return s > r ? s : r;
}

/**
 * The latest due date before `asOf` of a recurring deadline, and the day after the due date before it (a record
 * received from then on answers this period, late or not); null when none has passed (or not recurring).
 */
export function lastPeriod(d: Deadline, asOf: IsoDate): { due: IsoDate; from: IsoDate } | null {
  if (d.kind !== 'recurring' || !d.every) return null;
  // Two years back covers the longest period (a year) twice over.
  let from = d.start ?? addDays(asOf, -800);
  let prev: IsoDate | null = null;
  let last: IsoDate | null = null;
  for (let due = nextDue(d, from); due && due < asOf; due = nextDue(d, from)) {
    prev = last;
    last = due;
    from = addDays(due, 1);
  }
  if (!last) return null;
  return { due: last, from: prev ? addDays(prev, 1) : (d.start ?? addDays(last, -366)) };
}

/** Distinct years written explicitly in the text, in order of appearance. */
export function yearsOf(d: Deadline): number[] {
  const s = normalize(d.text);
  const years: number[] = [];
  for (const m of s.matchAll(/(?<!\d)([12]\d{3})(?=年|[./-]\d|[至到~〜—–Qq]|$)/g)) {
    if (!years.includes(+m[1])) years.push(+m[1]);
  }
  return years;
}

// ---------- events instead of dates ----------

// 春节 (正月初一) by year: a lunar date no rule of thumb gives.
const SPRING_FESTIVAL: Record<number, string> = {
  2015: '2-19', 2016: '2-8', 2017: '1-28', 2018: '2-16', 2019: '2-5', 2020: '1-25', 2021: '2-12', 2022: '2-1', 2023: '1-22',
  2024: '2-10', 2025: '1-29', 2026: '2-17', 2027: '2-6', 2028: '1-26', 2029: '2-13', 2030: '2-3', 2031: '1-23', 2032: '2-11',
  2033: '1-31', 2034: '2-19', 2035: '2-8',
};

/** Events written instead of a date, with the day before which they usually fall and why. */
const EVENTS: { re: RegExp; phrase: string; at: (y: number) => [number, number] | null; why: string }[] = [
  { re: /(?:主汛期|入汛|汛期|汛)前/, phrase: '汛期前', at: () => [5, 31], why: '主汛期一般自6月1日起' },
  { re: /(?:汛期|汛)(?:后|结束)/, phrase: '汛期后', at: () => [9, 30], why: '主汛期一般至9月底' },
  { re: /春季开学前/, phrase: '春季开学前', at: () => [2, 28], why: '春季学期一般2月底开学' },
  { re: /开学前/, phrase: '开学前', at: () => [8, 31], why: '秋季学期一般9月1日开学' },
  { re: /春节前|过年前/, phrase: '春节前', at: (y) => (SPRING_FESTIVAL[y] ? (SPRING_FESTIVAL[y].split('-').map(Number) as [number, number]) : null), why: '春节为农历正月初一' },
  { re: /国庆(?:节)?前/, phrase: '国庆前', at: () => [9, 30], why: '国庆节为10月1日' },
  { re: /元旦前/, phrase: '元旦前', at: () => [12, 31], why: '元旦为次年1月1日' },
  { re: /(?:暑假|暑期)前/, phrase: '暑假前', at: () => [6, 30], why: '暑假一般7月初开始' },
  { re: /(?:入冬|冬季|供暖|采暖季)前/, phrase: '入冬前', at: () => [10, 31], why: '供暖季一般11月开始' },
];

/**
 * A deadline written as an event (汛期前, 开学前, 春节前): the phrase, a dated form in the text's year (else the
 * table's), and why that date; null when the text names no such event.
 */
export function eventDeadline(text: string, tableYear: number): { phrase: string; suggestion: string; why: string } | null {
  const s = normalize(text);
  const y = Number(/(?<!\d)([12]\d{3})年/.exec(s)?.[1] ?? tableYear);
  for (const e of EVENTS) {
    if (!e.re.test(s)) continue;
    const md = e.at(y);
    if (!md) return { phrase: e.phrase, suggestion: `${y}年1月底前`, why: `${e.why}，请按当年日历核对` };
    // "春节前" falls before the festival itself: the day before it.
    const [m, d] = e.phrase === '春节前' ? dayBefore(y, md[0], md[1]) : md;
    return { phrase: e.phrase, suggestion: `${y}年${m}月${d}日前`, why: e.why };
  }
  return null;
}

function dayBefore(y: number, m: number, d: number): [number, number] {
  const [, mm, dd] = splitIso(addDays(iso(y, m, d), -1));
  return [mm, dd];
}
