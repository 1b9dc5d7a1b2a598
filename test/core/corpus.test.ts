// The engine measured against real published 责任分工表 (test/fixtures/real, see its README.md).
// Expected facts were read off each table as a careful clerk would, never produced by the engine.
// Each failure lists, per table, the rows and what differed. `npm run corpus` prints the same as one line per table.
import { readdirSync } from 'fs';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import { CorpusTable, compareDeadline, corpusDir, fixtureProblems, loadCorpus, measure, toSheetGrid, toXlsx } from '../helpers/corpus';

const corpus = loadCorpus();

describe('corpus fixtures are well-formed', () => {
  test('at least 8 tables, each in <id>.json', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(8);
    const files = readdirSync(corpusDir()).filter((f) => f.endsWith('.json')).sort();
    expect(corpus.map((t) => `${t.id}.json`)).toEqual(files);
  });

  test.each(corpus.map((t) => [t.id, t] as [string, CorpusTable]))('%s: merges, rows and expected facts are consistent', (_id, table) => {
    expect(fixtureProblems(table)).toEqual([]);
  });

  test.each(corpus.map((t) => [t.id, t] as [string, CorpusTable]))('%s: the .xlsx reads back as the same grid', async (_id, table) => {
    const loaded = await loadWorkbook(await toXlsx(table));
    const sheet = loaded.input.sheets.find((s) => s.name === table.sheet)!;
    const grid = toSheetGrid(table);
    const text = (v: unknown) => (v === null || v === undefined || v === '' ? null : v);
    const at = (g: typeof grid, r: number, c: number) => text(g.values[r - (g.top ?? 0)]?.[c - (g.left ?? 0)]);
    for (let r = 0; r < grid.values.length; r++)
      for (let c = 0; c < grid.values[r].length; c++) expect([`${r + 1}:${c + 1}`, at(sheet, r, c)]).toEqual([`${r + 1}:${c + 1}`, at(grid, r, c)]);
    const key = (m: { top: number; left: number; bottom: number; right: number }) => `${m.top},${m.left},${m.bottom},${m.right}`;
    expect((sheet.merges ?? []).map(key).sort()).toEqual((grid.merges ?? []).map(key).sort());
  });
});

test('立行立改 counts as read right only with the 交办 date as its due, as a date does', () => {
  const want = { kind: 'immediate', due: '2023-12-11' } as never;
  expect(compareDeadline(want, { text: '立行立改', kind: 'immediate', due: '2023-12-11' } as never)).toBeNull();
  expect(compareDeadline(want, { text: '立行立改', kind: 'immediate', due: '2023-12-18' } as never)).toMatch(/expected due 2023-12-11, got 2023-12-18/);
});

describe.each(corpus.map((t) => [t.id, t] as [string, CorpusTable]))('%s', (_id, table) => {
  const result = measure(table);

  test('finds every task (same rows, same 序号) and nothing else', () => {
    expect(result.problems.tasks).toEqual([]);
  });

  test('reads every deadline right', () => {
    expect(result.problems.deadlines).toEqual([]);
  });

  test('reads every lead and support unit right', () => {
    expect(result.problems.units).toEqual([]);
  });

  test('reports no error finding a careful reader would not agree with', () => {
    expect(result.problems.errors).toEqual([]);
  });

  test('reports every warning a careful reader expects (a name written two ways, run-together names)', () => {
    expect(result.problems.missedWarnings).toEqual([]);
  });

  test('reports at most 2 warnings beyond the expected ones', () => {
    if (result.notFound || result.unexpectedWarnings > 2) expect(result.problems.warnings).toEqual([]);
  });
});
