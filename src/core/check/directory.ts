// The unit directory (单位名录, SPEC §6): the built-in default, footnote-defined groups, checks,
// and group expansion.
import type { Directory, DirectoryGroup, DirectoryUnit } from '../types';
import { looksLikeGroup, normalizeUnitName, pinyinKey, resolveUnit, splitUnits } from '../read/units';

export interface FootnoteGroup {
  group: string;
  members: { name: string; aliases: string[] }[];
}

export interface DirectoryIssue {
  kind: 'duplicate-name' | 'duplicate-alias' | 'group-loop' | 'unknown-member';
  name: string;
  message: string;
}

const unit = (name: string, ...aliases: string[]): DirectoryUnit => ({ name, aliases });

/** The bureau of the reference table. Frozen: resolver caches assume a directory never changes. */
export const DEFAULT_DIRECTORY: Directory = deepFreeze({
  units: [
    unit('办公室', '新闻宣传和教育培训科'),
    unit('法规科'),
    unit('规财科'),
    unit('调统科'),
    unit('防汛减灾科'),
    unit('火灾防治科'),
    unit('综合减灾科'),
    unit('地震地灾防治科'),
    unit('矿山安全监督管理科', '煤矿安全监督管理科'),
    unit('危险化学品安全监督管理科', '烟花爆竹安全监督管理科'),
    unit('工贸行业安全监督管理科'),
    unit('救援协调和预案管理科', '科信科', '预案科'),
    unit('市应急管理综合行政执法支队', '市应急管理综合执法支队'),
    unit('市防灾减灾中心地震地灾应急科'),
    unit('市防灾减灾中心科普科', '科普科'),
  ],
  groups: [
    {
      name: '各安全生产监管业务科室',
      aliases: ['市局各安全生产监管业务科室'],
      members: ['矿山安全监督管理科', '危险化学品安全监督管理科', '工贸行业安全监督管理科', '救援协调和预案管理科', '办公室'],
    },
    { name: '各县（市、区）应急管理局', aliases: [], members: null },
  ],
});

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}

// "各XX范围：A、B（B的别名）、C。" — optionally after 注：, with 范围为/范围包括/包括/包含.
const FOOTNOTE =
  /^(?:(?:注|备注|说明)\d*[：:])?((?:市局)?各[^：:，,。；;]{1,40}?)的?(范围(?:为|是|包括|包含)?|包括|包含)([：:]?)(.*)$/;

/** Parse a group-defining footnote; null for any other text. */
export function parseGroupFootnote(text: string): FootnoteGroup | null {
  // Line breaks may split a long footnote cell; they never separate group name from keyword.
  const m = FOOTNOTE.exec((text ?? '').trim().replace(/[ \t\u3000]*[\r\n]+[ \t\u3000]*/g, ''));
  // Without 范围 a colon is required, so prose like "各县…包括三类企业" is not a definition.
  if (!m || (!m[2].startsWith('范围') && !m[3])) return null;
  const group = normalizeUnitName(m[1]);
  const members = splitUnits(m[4]).map((piece) => {
    // A trailing bracket holds aliases; an inner one (各县（市、区）应急管理局) is part of the name.
    const b = /^(.+?)（([^（）]+)）$/.exec(piece);
    if (!b) return { name: piece, aliases: [] };
    return { name: b[1], aliases: b[2].split(/[、／/]/).map(normalizeUnitName).filter(Boolean) };
  });
  // Every member must look like a unit name, not a sentence.
  if (!group || !members.length || members.some((x) => x.name.length > 30)) return null;
  return { group, members };
}

/** A new directory where each footnote group has the footnote's members; unknown members become units. */
export function mergeFootnoteGroups(dir: Directory, groups: FootnoteGroup[]): Directory {
  const out: Directory = {
    units: dir.units.map((u) => ({ name: u.name, aliases: [...u.aliases] })),
    groups: dir.groups.map((g) => ({ ...g, aliases: [...g.aliases], members: g.members && [...g.members] })),
  };
  // A fresh wrapper per lookup: `out` changes as we go and resolveUnit caches per object.
  // Exact names only: a footnote member is a unit of its own, not a short name of another.
  const resolve = (name: string) => resolveUnit({ units: out.units, groups: out.groups }, name, false);
  const entry = (name: string, isGroup: boolean) =>
    isGroup ? out.groups.find((g) => g.name === name) : out.units.find((u) => u.name === name);

  for (const fg of groups) {
    const members: string[] = [];
    for (const m of fg.members) {
      // Known by its name, or else by one of its aliases (then the name becomes an alias too).
      const byName = resolve(m.name);
      const hit = byName ?? m.aliases.map(resolve).find((r) => r !== null) ?? null;
      let target: DirectoryUnit | DirectoryGroup | undefined = hit ? entry(hit.unit, hit.isGroup) : undefined;
      if (!target) {
        target = { name: normalizeUnitName(m.name), aliases: [] };
        out.units.push(target);
      }
      addAliases(target, byName ? m.aliases : [m.name, ...m.aliases]);
      if (!members.includes(target.name)) members.push(target.name);
    }
    const hit = resolve(fg.group);
    const group = hit?.isGroup ? out.groups.find((g) => g.name === hit.unit) : undefined;
    if (group) group.members = members;
    else out.groups.push({ name: normalizeUnitName(fg.group), aliases: [], members });
  }
  return out;
}

function addAliases(target: { name: string; aliases: string[] }, names: string[]): void {
  const known = new Set([target.name, ...target.aliases].map(normalizeUnitName));
  for (const a of names.map(normalizeUnitName)) {
    if (a && !known.has(a)) { known.add(a); target.aliases.push(a); }
  }
}

/** Problems that make the directory ambiguous or incomplete, with Chinese messages. */
export function directoryIssues(dir: Directory): DirectoryIssue[] {
  const issues: DirectoryIssue[] = [];
  const all: { name: string; aliases: string[]; members?: string[] | null }[] = [...dir.units, ...dir.groups];

  // Who claims each normalised text, as a name or as an alias.
  const claims = new Map<string, { owner: number; asName: boolean }[]>();
  all.forEach((e, owner) => {
    const texts = [e.name, ...e.aliases].map(normalizeUnitName);
    texts.forEach((t, i) => {
      const list = claims.get(t) ?? [];
      if (!list.some((c) => c.owner === owner)) list.push({ owner, asName: i === 0 });
      claims.set(t, list);
    });
  });
  for (const [text, list] of claims) {
    if (list.length < 2) continue;
    const names = list.filter((c) => c.asName).length;
    if (names >= 2) {
      issues.push({ kind: 'duplicate-name', name: text, message: `名录中有${names}个单位或分组都叫“${text}”。` });
    } else {
      const owners = list.map((c) => `“${all[c.owner].name}”`).join('和');
      issues.push({ kind: 'duplicate-alias', name: text, message: `“${text}”同时是${owners}的名称或别名，无法确定指哪个单位。` });
    }
  }

  // Groups reachable from a group through its members; a path back to the start is a loop.
  const groupOf = (member: string) => {
    const r = resolveUnit(dir, member);
    return r?.isGroup ? dir.groups.find((g) => g.name === r.unit) : undefined;
  };
  for (const g of dir.groups) {
    const path = findPath(g, g, groupOf, new Set());
    if (path) {
      issues.push({
        kind: 'group-loop',
        name: g.name,
        message: `分组“${g.name}”的成员直接或间接包含了它自己（${[g.name, ...path].join(' → ')}）。`,
      });
    }
    for (const m of g.members ?? []) {
      if (!resolveUnit(dir, m)) {
        issues.push({ kind: 'unknown-member', name: m, message: `分组“${g.name}”的成员“${m}”既不是名录中的单位，也不是分组。` });
      }
    }
  }
  return issues;
}

/** Names of the groups leading from `from` back to `target`, or null. */
function findPath(
  from: DirectoryGroup,
  target: DirectoryGroup,
  groupOf: (m: string) => DirectoryGroup | undefined,
  seen: Set<DirectoryGroup>,
): string[] | null {
  for (const m of from.members ?? []) {
    const g = groupOf(m);
    if (!g) continue;
    if (g === target) return [g.name];
    if (seen.has(g)) continue;
    seen.add(g);
    const rest = findPath(g, target, groupOf, seen);
    if (rest) return [g.name, ...rest];
  }
  return null;
}

/** The units a name stands for: a group's members (recursively) when known, else the name itself. */
export function expandUnit(dir: Directory, canonicalName: string): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const r = resolveUnit(dir, name);
    const g = r?.isGroup ? dir.groups.find((x) => x.name === r.unit) : undefined;
    if (!g?.members?.length) { out.add(r ? r.unit : name); return; }
    if (seen.has(g.name)) return; // loop-safe; directoryIssues reports the loop
    seen.add(g.name);
    g.members.forEach(visit);
  };
  visit(canonicalName);
  // A pure loop has no leaf units; count the name itself rather than losing its tasks.
  return out.size ? [...out] : [canonicalName];
}

// ---------------------------------------------------------------------------------------------
// The table's own names as its directory (SPEC §6, source 3).

/**
 * Spellings that look like a variant of another in the same table: variant → canonical. Conservative, so that a
 * careful reader agrees: the same pinyin with other characters (县卫建局 / 县卫健局) or with 和/与/及 dropped — the
 * commoner is canonical, on a tie the earlier; the same name with or without its place (住建局 / 县住建局) or legal
 * form (区城投 / 区城投公司) — the fuller is canonical.
 */
export function findVariants(counts: Map<string, number>): Map<string, string> {
  const order = [...counts.keys()];
  const rank = new Map(order.map((n, i) => [n, i]));
  const commoner = (a: string, b: string) => counts.get(b)! > counts.get(a)! || (counts.get(b) === counts.get(a) && rank.get(b)! < rank.get(a)!);
  const out = new Map<string, string>();
  const consider = (name: string, other: string | undefined) => {
    if (!other || other === name || !commoner(name, other)) return;
    const prev = out.get(name);
    if (!prev || commoner(prev, other)) out.set(name, other);
  };
  const byKey = (key: (n: string) => string | null) => {
    const groups = new Map<string, string[]>();
    for (const n of order) {
      const k = key(n);
      if (k === null) continue;
      const list = groups.get(k) ?? [];
      list.push(n);
      groups.set(k, list);
    }
    for (const list of groups.values()) for (const a of list) for (const b of list) consider(a, b);
  };
  byKey((n) => (n.length >= 3 ? `${n.length}|${pinyinKey(n)}` : null));
  byKey((n) => (n.length >= 3 ? n.replace(/[和与及]/g, '') : null));
  // 住建局 / 县住建局, 区城投 / 区城投公司: the same name with and without its place or legal form. The fuller
  // spelling is the canonical one, however often the shorter is written.
  for (const n of order) {
    const place = /^[县市区]/.test(n) ? n.slice(1) : '';
    const company = n.replace(/(?:(?:集团)?(?:股份)?有限(?:责任)?)?公司$/, '');
    if (place.length >= 3 && counts.has(place)) out.set(place, n);
    if (company !== n && company.length >= 2 && counts.has(company)) out.set(company, n);
  }
  return out;
}

/** The spelling a variant stands for, following variant → variant chains (loop-safe). */
export function canonicalSpelling(variants: Map<string, string>, name: string): string {
  const seen = new Set<string>();
  let n = name;
  while (variants.has(n) && !seen.has(n)) {
    seen.add(n);
    n = variants.get(n)!;
  }
  return n;
}

/**
 * A directory made of the table's own names: each distinct name is a unit, or a group without known members when
 * it reads like one (各…, 县直各部门, 各有关单位). Variant spellings are left out: they are findings, not units.
 */
export function tableDirectory(counts: Map<string, number>, variants = findVariants(counts)): Directory {
  const units: DirectoryUnit[] = [];
  const groups: DirectoryGroup[] = [];
  for (const name of counts.keys()) {
    if (variants.has(name)) continue;
    if (looksLikeGroup(name)) groups.push({ name, aliases: [], members: null });
    else units.push({ name, aliases: [] });
  }
  // A variant resolves to its canonical spelling (its tasks stay counted); its warning comes from the analysis.
  for (const variant of variants.keys()) {
    const root = canonicalSpelling(variants, variant);
    const entry = units.find((u) => u.name === root) ?? groups.find((g) => g.name === root);
    if (entry && root !== variant) entry.aliases.push(variant);
  }
  return { units, groups };
}
