// Unit names in a 分工表 cell: splitting, normalising, resolving against the directory, and
// suggesting canonical names for typos (SPEC §3 "Units", §6).
import { pinyin } from 'pinyin-pro';
import type { Directory } from '../types';

export interface UnitResolution {
  unit: string;
  via: 'exact' | 'alias' | 'bracket' | 'prefix' | 'short';
  isGroup: boolean;
}

const OPEN = '（(【[〔';
const CLOSE = '）)】]〕';
const SEPARATORS = '、，,；;/／';
const NONE = new Set(['无', '/', '-', '—', '——', '／', '－', '暂无']);
// Filler a writer appends after the last unit, and a person or post attached to it ("县委办主要领导");
// longest first so 按职责分工负责 beats 负责.
const TRAILERS = [
  '按职责分工负责', '按职责分工落实', '按职责负责', '分别负责', '主要负责同志', '分管负责同志', '主要负责人', '分管负责人', '主要领导',
  '分管领导', '负责同志', '负责人', '一把手', '等有关部门', '等有关单位', '等相关部门', '等相关单位', '等部门', '等单位', '参照落实',
  '参照执行', '落实', '配合', '负责', '牵头', '参与', '等',
];
// Marks a writer puts before or after a name (▲ or * often marks the lead, its legend rarely printed with the table;
// the role comes from the column).
const MARKS = /^[▲△★☆●○◆◇■□※*#＊]+/;
const MARKS_AFTER = /[▲△★☆●○◆◇■□※*#＊]+$/;
/** A mark after a name, when what it follows reads as a unit ("区财政局*"; not "科?*"). */
const withoutMarkAfter = (s: string) => {
  const bare = s.replace(MARKS_AFTER, '');
  return bare !== s && looksLikeUnit(bare) ? bare : s;
};
// A bracket holding a person, not an alias: "（责任人：张三）", "（李四）", "（副县长）".
const PERSON_BRACKET = /（(?:(?:责任人|负责人|联系人|牵头人|责任领导|分管领导)[：:]?[^（）]*|[^（）]*同志|[^（）]*(?:县长|市长|区长|镇长|乡长|书记|主任|局长|部长|组长|常委|委员|领导))）$/;

/** Canonical spelling of one unit name: brackets （）, no spaces, no trailing punctuation or filler. */
export function normalizeUnitName(s: string): string {
  let out = '';
  for (const ch of s) {
    if (/\s/.test(ch)) continue; // stray spaces, line breaks, U+3000
    if (OPEN.includes(ch)) out += '（';
    else if (CLOSE.includes(ch)) out += '）';
    // Inside a name a comma can only be an enumeration inside brackets: 各县（市,区） → 各县（市、区）.
    else if (SEPARATORS.includes(ch)) out += '、';
    // Full-width letters/digits → half-width, so ＡＢ１ and AB1 compare equal.
    else out += /[Ａ-Ｚａ-ｚ０-９]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) - 0xfee0) : ch;
  }
  out = out.replace(MARKS, '');
  for (let changed = true; changed; ) {
    changed = false;
    const trimmed = withoutMarkAfter(out.replace(/[。.，、．:：]+$/, ''));
    if (trimmed !== out) { out = trimmed; changed = true; }
    for (const t of TRAILERS) {
      if (out.length > t.length && out.endsWith(t)) { out = out.slice(0, -t.length); changed = true; break; }
    }
    // A remark on how the units share it (its 负责 may be gone already): 按照职责分工负责, 按业务分工负责, 按各自职能分工落实.
    const remark = out.replace(/按照?(?:各自)?(?:职责|业务|职能|工作)?分工(?:负责|落实)?$/, '');
    if (remark !== out && remark) { out = remark; changed = true; }
    const marker = out.replace(/（(?:牵头|配合|负责|主责|协办|参与)）$/, '');
    if (marker !== out && marker) { out = marker; changed = true; }
    const person = personBracket(out) ?? noteBracket(out) ?? postAfter(out);
    if (person !== null) { out = person; changed = true; }
  }
  return out;
}

// A post, and maybe its holder's name, written after a unit: "县住建局局长王五", "办公室主任".
const POST_AFTER = /^(.+?)副?(?:局长|主任|科长|队长|站长|所长|书记|部长|县长|市长|区长|镇长|乡长|院长|处长|股长|主席|组长|总经理)(?:[\u4e00-\u9fff]{2,3})?$/;

/** The unit without a post (and its holder) after it, or null when what precedes the post is no unit. */
function postAfter(s: string): string | null {
  const m = POST_AFTER.exec(s);
  return m && looksLikeUnit(m[1]) ? m[1] : null;
}

/**
 * The name without a trailing bracket that holds a note, not an alias ("…有限公司（开发商配建学校项目）"): four or more
 * characters that read neither as a unit nor as a list of places. Short ones ("各镇（街）") and aliases stay.
 */
function noteBracket(s: string): string | null {
  const m = /^(.+)（([^（）]+)）$/.exec(s);
  if (!m || [...m[2]].length < 4 || looksLikeUnit(m[2]) || /、/.test(m[2])) return null;
  return m[1];
}

// "区教体局（区国资公司代建）": another unit in the bracket, with what it does for this one.
const UNIT_IN_BRACKET = /^(.+)[（(]([^（）()]+?)(?:代建|承办|负责|实施|代管|协助|配合|参与)[）)]$/;

/** The name without a trailing bracket that holds a person ("县住建局（李四）" → 县住建局), or null. */
function personBracket(s: string): string | null {
  const m = /^(.+)（([^（）]+)）$/.exec(s);
  if (!m) return null;
  if (PERSON_BRACKET.test(s) || m[2].split(/[、，,]/).every((p) => looksLikePerson(p))) return m[1];
  return null;
}

// ---------------------------------------------------------------------------------------------
// What a name looks like, for recognizing columns by their content (SPEC §2) and groups by their form (§6).

const UNIT_END =
  /(?:局|委|办|室|科|股|中心|站|所|队|政府|院|会|部|处|厅|署|馆|校|公司|集团|镇|乡|街道|办事处|社区|村|社|行|台|组|团|军|园|区|管委会|法院|检察院|单位|部门|机构|企业|学校|医院|银行|党委|党组|支部|工委|妇联|团委|工会|科协|侨联|残联|红十字会|海关|边检|供电|电力|移动|联通|电信|石油|石化|烟草|邮政|气象)$/;
// A group by its form: 各县（市、区）…, 县直各部门, 各有关单位, 相关部门, 市直有关单位.
const GROUP_FORM = /^各|(?:各|有关|相关)(?:部门|单位|科室|处室|乡镇|街道|镇|县|区)|(?:各|有关|相关)[^、]{0,8}(?:单位|部门)$/;

/** True when a name reads like a unit or a group of units (…局, …科, 各乡镇, 县直有关单位). */
export function looksLikeUnit(name: string): boolean {
  const n = name.replace(/（[^（）]*）$/, '');
  return n.length >= 2 && (UNIT_END.test(n) || GROUP_FORM.test(n));
}

/** True when a name reads like a group of units rather than one unit. */
export function looksLikeGroup(name: string): boolean {
  return GROUP_FORM.test(name);
}

const SURNAMES = new Set(
  [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝'],
);
const POST = /(?:县长|市长|区长|镇长|乡长|书记|主任|局长|部长|组长|常委|委员|同志|领导|干部|科长|队长|站长|所长|院长|总经理)$/;

/** True when a name reads like a person or a post (张三, 李四同志, 副县长), not a unit. */
export function looksLikePerson(name: string): boolean {
  const n = name.replace(/（[^（）]*）$/, '');
  // 军 ends a unit (驻军) and, far more often, a given name (赵军, 王建军).
  if (/^[\u4e00-\u9fff]{1,2}军$/.test(n) && n.length <= 3 && SURNAMES.has(n[0])) return true;
  if (!n || looksLikeUnit(n)) return false;
  if (POST.test(n)) return true;
  return /^[\u4e00-\u9fff]{2,3}$/.test(n) && SURNAMES.has(n[0]);
}

/** Split a 牵头单位/配合单位 cell into normalised unit names; "无" and friends mean none. */
export function splitUnits(cellText: string): string[] {
  // Pieces, each with whether a space (not a written separator) came before it.
  const pieces: { text: string; afterSpace: boolean }[] = [];
  let depth = 0;
  let cur = '';
  let afterSpace = false;
  const push = (space: boolean) => {
    if (cur.trim()) pieces.push({ text: cur.trim(), afterSpace });
    cur = '';
    afterSpace = space;
  };
  for (const ch of cellText ?? '') {
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    // Separators inside brackets belong to the name: 各县（市、区）应急管理局 stays whole.
    if (depth === 0 && SEPARATORS.includes(ch)) push(false);
    else if (depth === 0 && /\s/.test(ch)) {
      if (cur.trim()) push(true);
    } else cur += ch;
  }
  push(false);
  const joined: string[] = [];
  for (const p of listPart(pieces)) {
    const prev = joined[joined.length - 1];
    // "县住建局 局长 王五": a post or a person after a unit names who answers for it, not another unit.
    if (prev !== undefined && p.afterSpace && looksLikeUnit(normalizeUnitName(prev)) && looksLikePerson(normalizeUnitName(p.text))) continue;
    // A bracket on its own line is the alias of the name before it: "高新园\n（邹区镇）" is one name.
    if (prev !== undefined && /^[（(【[〔][^（()）]*[）)】\]〕]$/.test(p.text)) joined[joined.length - 1] += p.text;
    // A stray space inside a name ("法规 课", "县 住建局", "市应急 管理局"): the piece before it is no name alone.
    else if (prev !== undefined && p.afterSpace && ([...prev].length === 1 || [...p.text].length === 1 || (!looksLikeUnit(prev) && !looksLikeGroup(p.text) && looksLikeUnit(prev + p.text))))
      joined[joined.length - 1] += p.text;
    // A wrap after the bracket of a group ("各县区(开发区) 安委会"): the group of places is whose 安委会 it is.
    else if (prev !== undefined && p.afterSpace && /^各.*[）)]$/.test(prev) && looksLikeUnit(p.text) && !/^[各省市州县区镇乡]/.test(p.text))
      joined[joined.length - 1] += p.text;
    else joined.push(p.text);
  }
  return joined
    .flatMap(splitConjoined)
    .flatMap((p) => {
      const m = UNIT_IN_BRACKET.exec(p);
      return m && looksLikeUnit(normalizeUnitName(m[2])) ? [m[1], m[2]] : (subUnits(p) ?? [p]);
    })
    .map(normalizeUnitName)
    .filter((p) => p !== '' && !NONE.has(p));
}

// A remark after the names: "…，各地参照执行", "…，具体由各镇落实，此后各项不再重复", "按职责分工负责".
const REMARK = /参照|不再|逐一|列出|重复|具体由|以下均|此后|下同|按职责|各负其责|分工负责|分别负责/;
// "…、市农业农村局等相关职能部门": 等 and a noun for the rest close the list.
const ETC_TAIL = /^(.+?)等(?:[^、，,；;（）()]{0,8}?)(?:部门|单位|机构|科室|处室|股室|企业|组织)$/;

/** A remark: its words say what to do, and what is left after the filler ("各地") names no unit. */
function isRemark(text: string): boolean {
  if (!REMARK.test(text)) return false;
  const n = normalizeUnitName(text);
  return REMARK.test(n) || !UNIT_END.test(n.replace(/（[^（）]*）$/, ''));
}

/** The pieces that name units: up to a remark (which ends the list) and through a 等 tail (which closes it). */
function listPart<T extends { text: string }>(pieces: T[]): T[] {
  const out: T[] = [];
  for (const p of pieces) {
    if (isRemark(p.text)) break;
    const etc = ETC_TAIL.exec(p.text);
    if (etc) {
      out.push({ ...p, text: etc[1] });
      break;
    }
    out.push(p);
  }
  return out;
}

/**
 * A unit and, in its bracket, several of its own units that take part: "县公安局（县公安消防大队、县公安交警大队）" is the
 * 公安局 and its two 大队. Places (各县（市、区）), second names (…股（行政审批服务股）, …科（科信科、预案科）) and 村（社区）
 * stay whole.
 */
function subUnits(name: string): string[] | null {
  const m = /^(.+)[（(]([^（）()]+)[）)]$/.exec(name);
  if (!m || !looksLikeUnit(normalizeUnitName(m[1]))) return null;
  const parts = m[2].split(/[、，,]/).map((x) => x.trim());
  // Its own units carry its name (县公安局 → 县公安消防大队); other names in a bracket are aliases (…科（科信科、预案科）).
  const own = (x: string) => [...x].length >= 3 && x.slice(0, 2) === m[1].trim().slice(0, 2) && looksLikeUnit(normalizeUnitName(x));
  return parts.length >= 2 && parts.every(own) ? [m[1], ...parts] : null;
}

/** "其他股室及属下单位", "县发改局和县财政局": two names joined by 及/和/与, when both read as units. */
function splitConjoined(name: string): string[] {
  if (/[（(]/.test(name)) return [name];
  for (const m of name.matchAll(/[及和与]/g)) {
    const [a, b] = [name.slice(0, m.index), name.slice(m.index! + 1)];
    if (looksLikeUnit(normalizeUnitName(a)) && looksLikeUnit(normalizeUnitName(b)) && [...a].length >= 2) return [a, ...splitConjoined(b)];
  }
  return [name];
}

// ---------------------------------------------------------------------------------------------
// Per-directory index, built once and cached. Directories are treated as immutable values:
// editing one means building a new object (as mergeFootnoteGroups does).

interface Entry {
  canonical: string;
  text: string; // normalised name or alias
  chars: number[];
  counts: Map<number, number>;
  py: number[]; // interned syllables
}

interface DirIndex {
  names: Map<string, { unit: string; isGroup: boolean }>;
  aliases: Map<string, { unit: string; isGroup: boolean }>;
  entries: Entry[] | null; // built on first suggestUnits call: pinyin is the costly part
  suggestions: Map<string, string[]>;
  /** Each unit's normalised name and aliases, for short names. */
  spellings: { unit: string; text: string }[];
}

const indexes = new WeakMap<Directory, DirIndex>();

function indexOf(dir: Directory): DirIndex {
  let idx = indexes.get(dir);
  if (idx) return idx;
  idx = { names: new Map(), aliases: new Map(), entries: null, suggestions: new Map(), spellings: [] };
  for (const u of dir.units) for (const t of [u.name, ...u.aliases]) idx.spellings.push({ unit: u.name, text: normalizeUnitName(t) });
  for (const e of allEntries(dir)) {
    const hit = { unit: e.name, isGroup: e.isGroup };
    // First entry wins on a clash; directoryIssues reports the clash.
    const name = normalizeUnitName(e.name);
    if (!idx.names.has(name)) idx.names.set(name, hit);
    for (const a of e.aliases) {
      const alias = normalizeUnitName(a);
      if (!idx.aliases.has(alias)) idx.aliases.set(alias, hit);
    }
  }
  indexes.set(dir, idx);
  return idx;
}

function allEntries(dir: Directory) {
  return [
    ...dir.units.map((u) => ({ name: u.name, aliases: u.aliases, isGroup: false })),
    ...dir.groups.map((g) => ({ name: g.name, aliases: g.aliases, isGroup: true })),
  ];
}

function suggestionEntries(dir: Directory, idx: DirIndex): Entry[] {
  if (!idx.entries) {
    idx.entries = allEntries(dir).flatMap((e) =>
      [e.name, ...e.aliases].map((t) => makeEntry(e.name, normalizeUnitName(t))),
    );
  }
  return idx.entries;
}

function makeEntry(canonical: string, text: string): Entry {
  const chars = codes(text);
  return { canonical, text, chars, counts: countsOf(chars), py: syllables(text) };
}

const PREFIXES = ['市应急管理局', '市应急局', '市局'];

function stripPrefix(s: string): string | null {
  for (const p of PREFIXES) if (s.length > p.length && s.startsWith(p)) return s.slice(p.length);
  return null;
}

/** "正式名（别名）" → [正式名, 别名]; null when the name does not end in a bracket. */
function bracketParts(s: string): [string, string] | null {
  const m = /^(.+?)（([^（）]+)）$/.exec(s);
  return m ? [m[1], m[2]] : null;
}

/** Resolve one name (cell fragment) to its canonical unit or group, or null; `short` false: no short names. */
export function resolveUnit(dir: Directory, name: string, short = true): UnitResolution | null {
  const idx = indexOf(dir);
  const n = normalizeUnitName(name);
  const direct = (s: string): UnitResolution | null => {
    const e = idx.names.get(s);
    if (e) return { ...e, via: 'exact' };
    const a = idx.aliases.get(s);
    return a ? { ...a, via: 'alias' } : null;
  };
  const withPrefix = (s: string): UnitResolution | null => {
    const d = direct(s);
    if (d) return d;
    const stripped = stripPrefix(s);
    const p = stripped === null ? null : direct(stripped);
    return p ? { ...p, via: 'prefix' } : null;
  };
  const hit = withPrefix(n);
  if (hit) return hit;
  const parts = bracketParts(n);
  if (parts) {
    for (const part of parts) {
      const r = withPrefix(part);
      if (r) return { ...r, via: 'bracket' };
    }
  }
  if (!short) return null;
  const fits = shortNameFits(dir, n);
  return fits.length === 1 ? { unit: fits[0], isGroup: false, via: 'short' } : null;
}

// The kind of unit a name ends in: a short name keeps it (工贸科 … 科, 执法支队 … 支队).
const ENDING = /(?:支队|大队|中队|中心|办公室|委员会|[局委办室科股站所队处部院会组])$/;

/**
 * Directory units a short name may stand for: its characters appear in order in the unit's name or an alias, which
 * ends the same way (工贸科 → 工贸行业安全监督管理科; 煤矿科 via the alias 煤矿安全监督管理科). The closest fit
 * (the short name covering most of the full one) alone when it stands clear of the rest, else every close fit
 * (减灾科: 综合减灾科, 防汛减灾科); [] when none fits.
 */
export function shortNameFits(dir: Directory, name: string): string[] {
  const n = normalizeUnitName(name);
  const end = ENDING.exec(n)?.[0];
  const chars = [...n];
  if (!end || chars.length < 3 || chars.length - [...end].length < 2) return [];
  const best = new Map<string, number>();
  for (const { unit, text } of indexOf(dir).spellings) {
    const full = [...text];
    if (full.length <= chars.length || !text.endsWith(end) || !inOrder(chars, full)) continue;
    const cover = chars.length / full.length;
    if (cover > (best.get(unit) ?? 0)) best.set(unit, cover);
  }
  const ranked = [...best].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return [];
  const top = ranked[0][1];
  return ranked.filter(([, c]) => c >= top * 0.75).map(([u]) => u);
}

function inOrder(short: string[], full: string[]): boolean {
  let i = 0;
  for (const ch of full) if (ch === short[i]) i++;
  return i === short.length;
}

// ---------------------------------------------------------------------------------------------
// Suggestions.
//
// score = 0.45·pinyinSim + 0.25·charSim + 0.30·shared
//   pinyinSim = 1 − syllableEditDistance / longer length (homophones cost 0; 模糊音 pairs such as
//               zh/z, n/l, in/ing cost 0.25, because IME typos are overwhelmingly homophones)
//   charSim   = 1 − characterEditDistance / longer length
//   shared    = Dice coefficient of the two character multisets
// Containment (one text inside the other, shorter ≥ 2 chars) lifts the score to at least
// 0.6 + 0.4·shorter/longer, so 执法支队 finds 市应急管理综合行政执法支队.
// Threshold: a candidate needs score ≥ 0.5. For two 3-character 科 names that is "two of three
// characters/syllables agree"; one shared character (人事科 vs 法规科 ≈ 0.33) is not close.
const THRESHOLD = 0.5;

/** Up to `max` canonical unit/group names close to `name`, best first; [] when none is close. */
export function suggestUnits(dir: Directory, name: string, max = 3): string[] {
  const idx = indexOf(dir);
  const n = normalizeUnitName(name);
  let ranked = idx.suggestions.get(n);
  if (!ranked) {
    ranked = rank(suggestionEntries(dir, idx), n);
    if (idx.suggestions.size > 50000) idx.suggestions.clear(); // bound memory on huge inputs
    idx.suggestions.set(n, ranked);
  }
  return ranked.slice(0, Math.max(0, max));
}

function rank(entries: Entry[], n: string): string[] {
  if (!n) return [];
  // Also score the name without a 市局 prefix and each half of a "正式名（别名）" form.
  const variants = new Set([n]);
  const stripped = stripPrefix(n);
  if (stripped) variants.add(stripped);
  for (const v of [...variants]) bracketParts(v)?.forEach((p) => variants.add(p));
  const best = new Map<string, { score: number; order: number }>();
  for (const v of variants) {
    const q = makeEntry('', v);
    entries.forEach((e, order) => {
      const s = similarity(q, e);
      const prev = best.get(e.canonical);
      if (!prev || s > prev.score) best.set(e.canonical, { score: s, order: prev?.order ?? order });
    });
  }
  return [...best]
    .filter(([, b]) => b.score >= THRESHOLD)
    .sort((a, b) => b[1].score - a[1].score || a[1].order - b[1].order)
    .map(([canonical]) => canonical);
}

// Local min/max: globals such as Math are slow to reach inside jest's vm sandbox, and this is hot.
const minOf = (a: number, b: number) => (a < b ? a : b);
const maxOf = (a: number, b: number) => (a > b ? a : b);

function similarity(q: Entry, e: Entry): number {
  const charSim = 1 - editDistance(q.chars, e.chars, exactCost) / maxOf(q.chars.length, e.chars.length);
  const pySim = 1 - editDistance(q.py, e.py, syllableCost) / maxOf(q.py.length, e.py.length);
  let common = 0;
  for (const [c, k] of q.counts) common += minOf(k, e.counts.get(c) ?? 0);
  const shared = (2 * common) / (q.chars.length + e.chars.length);
  const score = 0.45 * pySim + 0.25 * charSim + 0.3 * shared;
  const [short, long] = q.chars.length <= e.chars.length ? [q, e] : [e, q];
  if (short.chars.length >= 2 && long.text.includes(short.text)) {
    return maxOf(score, 0.6 + (0.4 * short.chars.length) / long.chars.length);
  }
  return score;
}

// Syllables are interned as ids; the id's fuzzy class sits in `fuzzyOf` for the 模糊音 discount.
const syllableIds = new Map<string, number>();
const fuzzyOf: number[] = [];
const fuzzyIds = new Map<string, number>();

function syllableId(s: string): number {
  let id = syllableIds.get(s);
  if (id === undefined) {
    id = syllableIds.size;
    syllableIds.set(s, id);
    const f = s.replace(/^([zcs])h/, '$1').replace(/^n/, 'l').replace(/ng$/, 'n');
    if (!fuzzyIds.has(f)) fuzzyIds.set(f, fuzzyIds.size);
    fuzzyOf[id] = fuzzyIds.get(f)!;
  }
  return id;
}

/** The toneless pinyin of a name, syllables joined by spaces: names that sound the same share it. */
export function pinyinKey(text: string): string {
  return text ? pinyin(text, { toneType: 'none', type: 'array' }).join(' ') : '';
}

function syllables(text: string): number[] {
  return text ? pinyin(text, { toneType: 'none', type: 'array' }).map(syllableId) : [];
}

const exactCost = (a: number, b: number) => (a === b ? 0 : 1);
const syllableCost = (a: number, b: number) => (a === b ? 0 : fuzzyOf[a] === fuzzyOf[b] ? 0.25 : 1);

function codes(s: string): number[] {
  return Array.from(s, (c) => c.codePointAt(0)!);
}

function countsOf(chars: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const c of chars) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
}

// Rows reused across calls: allocating them per comparison dominated the run time.
let rowA: number[] = [];
let rowB: number[] = [];

/** Levenshtein distance with a substitution cost function; two rolling rows. */
function editDistance(a: number[], b: number[], cost: (x: number, y: number) => number): number {
  if (!a.length || !b.length) return maxOf(a.length, b.length);
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      const sub = prev[j - 1] + cost(a[i - 1], b[j - 1]);
      cur[j] = minOf(minOf(del, ins), sub);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

// ---------------------------------------------------------------------------------------------
// Roles written inside one cell, and names written together without a separator.

const SUPPORT_WORDS = /^(?:配合|参与|协助|协办|协同|落实)/;

/**
 * "A牵头，B、C配合" or "A（牵头）、B" in one unit cell: the names before 牵头 lead, the rest support. Null when
 * the cell marks no such split (every name in it then has the column's role).
 */
export function splitRoles(cell: string): { lead: string[]; support: string[] } | null {
  const text = (cell ?? '').replace(/^由/, '');
  const labelled = /^牵头(?:单位)?[：:](.+?)[；;，,。\s]+(?:配合|参与|协助|协办)(?:单位)?[：:](.+)$/s.exec(text.trim());
  if (labelled) return { lead: splitUnits(labelled[1]), support: splitUnits(labelled[2]) };
  const together = withWord(text);
  if (together) return together;
  const m = /[（(]?牵头[）)]?/.exec(text);
  if (!m || m.index === 0) return null;
  const rest = text.slice(m.index + m[0].length);
  const support = splitUnits(rest.replace(SUPPORT_WORDS, ''));
  if (support.length === 0) return null;
  return { lead: splitUnits(text.slice(0, m.index)), support };
}

// 会 ending a name (县总工会, 县工商联合会, 市级各专委会, 安委会), not a role word between two names.
const HUI_IN_NAME = /(?:委|联合|商|协|学|工|管委|红十字|基金|总|分|理事|议|联|农)$/;

/** "X会同Y", "X会Y": X leads, Y supports; null when the cell says no such thing. */
function withWord(text: string): { lead: string[]; support: string[] } | null {
  for (const m of text.matchAll(/会同?/g)) {
    const left = text.slice(0, m.index);
    const right = text.slice(m.index! + m[0].length);
    if (m[0] === '会' && HUI_IN_NAME.test(left)) continue;
    const lead = splitUnits(left);
    const support = splitUnits(right);
    if (lead.length && support.length && [...lead, ...support].every(looksLikeUnit)) return { lead, support };
  }
  return null;
}

/**
 * Two or more names written together ("派出所工商质监所"): the shortest split into pieces that `known` accepts,
 * or null. Long texts are not names run together.
 */
export function splitRunTogether(name: string, known: (piece: string) => boolean): string[] | null {
  const n = normalizeUnitName(name);
  const chars = [...n];
  if (chars.length < 4 || chars.length > 60) return null;
  // best[i]: fewest pieces covering chars[0..i), with the split that reaches it.
  const best: (string[] | null)[] = [[]];
  for (let i = 1; i <= chars.length; i++) {
    best[i] = null;
    for (let j = Math.max(0, i - 30); j <= i - 2; j++) {
      const prev = best[j];
      if (!prev || (best[i] && best[i]!.length <= prev.length + 1)) continue;
      const piece = chars.slice(j, i).join('');
      if (known(piece)) best[i] = [...prev, piece];
    }
  }
  const out = best[chars.length];
  return out && out.length >= 2 ? out : null;
}
