/*
 * Every Office.js member the add-in's code uses (found by the type checker, ./office-api.ts) is in a requirement
 * set that manifest.xml declares: ExcelApi up to the declared MinVersion, DialogApi when a dialog is opened, and
 * so on. The member → set table (./office-api-sets.json) comes from Microsoft's API reference through
 * scripts/office-api-sets.js; this test needs neither the network nor the reference.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REQUIRED_API } from '../../src/adapters/office/excel';
import { officeApiUsage, type OfficeApiUsage } from './office-api';
import { all, attr, child, readXml } from './xml';
import { verbose } from '../helpers/verbose';

const ROOT = path.resolve(__dirname, '..', '..');
const TABLE_PATH = path.join(__dirname, 'office-api-sets.json');
const REGENERATE = 'node scripts/office-api-sets.js <clone of OfficeDev/office-js-docs-reference>';

interface SetEntry {
  /** "ExcelApi 1.9", "DialogApi 1.1", …; null: no requirement set (Common API every host has). */
  set: string | null;
  from: string;
  note?: string;
}
interface Table {
  source: { repository: string; commit: string };
  members: Record<string, SetEntry>;
}

const table = JSON.parse(fs.readFileSync(TABLE_PATH, 'utf8')) as Table;

/** "ExcelApi 1.13" → { name: "ExcelApi", version: [1, 13] }; undefined for sets no manifest can declare (BETA, …). */
function parseSet(set: string): { name: string; version: [number, number] } | undefined {
  const m = /^(\w+) (\d+)\.(\d+)$/.exec(set);
  return m ? { name: m[1], version: [Number(m[2]), Number(m[3])] } : undefined;
}
const compareVersions = (a: [number, number], b: [number, number]): number => a[0] - b[0] || a[1] - b[1];

/** <Requirements><Sets> of manifest.xml: set name → MinVersion (DefaultMinVersion when a Set has none). */
function declaredSets(): Map<string, string> {
  const sets = child(child(readXml(fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8')), 'Requirements'), 'Sets');
  return new Map(all(sets, (e) => e.local === 'Set').map((s) => [attr(s, 'Name') ?? '', attr(s, 'MinVersion') ?? attr(sets, 'DefaultMinVersion') ?? '1.1']));
}

let usage: OfficeApiUsage;
let declared: Map<string, string>;

beforeAll(() => {
  usage = officeApiUsage(ROOT);
  declared = declaredSets();
});

describe('Office.js members used by the add-in, against the manifest’s requirement sets', () => {
  test('the code type-checks and every load() path names a member (otherwise the list below is incomplete)', () => {
    expect(usage.problems).toEqual([]);
    // A sanity floor: the adapter reads ranges and the task pane runs batches.
    expect([...usage.members.keys()]).toEqual(expect.arrayContaining(['Excel.run', 'Excel.Range.values', 'Office.onReady']));
  });

  test('every member used is in the table of requirement sets', () => {
    const missing = [...usage.members].filter(([m]) => !(m in table.members)).map(([m, at]) => `${m} (${at[0]})`);
    const hint = `not in test/manifest/office-api-sets.json; regenerate the table: ${REGENERATE}`;
    expect(missing.map((m) => `${m} ${hint}`)).toEqual([]);
    expect(table.source.repository).toBe('OfficeDev/office-js-docs-reference');
    expect(table.source.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  test('every member used is in a requirement set the manifest declares (ExcelApi ≤ MinVersion, DialogApi, …)', () => {
    const rows = [...usage.members]
      .filter(([m]) => m in table.members)
      .map(([member, at]) => ({ member, at: at[0], set: table.members[member].set, parsed: parseSet(table.members[member].set ?? '') }));
    // One line each, highest set first: ExcelApi by version, then the other sets, then members without a set.
    const rank = (r: (typeof rows)[number]) => (r.set === null ? 2 : r.parsed?.name === 'ExcelApi' ? 0 : 1);
    rows.sort((a, b) => rank(a) - rank(b) || (a.parsed && b.parsed ? compareVersions(b.parsed.version, a.parsed.version) : 0) || (a.set ?? '').localeCompare(b.set ?? '') || a.member.localeCompare(b.member));
    const width = Math.max(...rows.map((r) => (r.set ?? '—').length));
    verbose(
      `Office.js members used (${rows.length}), with their requirement sets; the manifest declares ${[...declared].map(([n, v]) => `${n} ${v}`).join(', ')}:\n` +
        rows.map((r) => `${(r.set ?? '—').padEnd(width)}  ${r.member}  (${r.at})`).join('\n'),
    );

    const problems: string[] = [];
    for (const r of rows) {
      if (r.set === null) continue;
      const have = declared.get(r.parsed?.name ?? '');
      if (!r.parsed) problems.push(`${r.member} (${r.at}) needs ${r.set}, which no manifest can declare`);
      else if (have === undefined) problems.push(`${r.member} (${r.at}) needs ${r.set}; manifest.xml declares no ${r.parsed.name} set`);
      else if (compareVersions(r.parsed.version, parseSet(`${r.parsed.name} ${have}`)?.version ?? [0, 0]) > 0)
        problems.push(`${r.member} (${r.at}) needs ${r.set}; manifest.xml declares ${r.parsed.name} ${have}`);
    }
    expect(problems).toEqual([]);
  });

  test('DialogApi is declared exactly when the code opens a dialog (Office.context.ui.displayDialogAsync)', () => {
    const opensDialog = usage.members.has('Office.UI.displayDialogAsync');
    expect({ opensDialog, dialogApiDeclared: declared.has('DialogApi') }).toEqual({ opensDialog, dialogApiDeclared: opensDialog });
  });

  test('the adapter’s runtime check (isSetSupported) asks for the ExcelApi version the manifest declares', () => {
    expect(declared.get('ExcelApi')).toBe(REQUIRED_API);
  });
});
