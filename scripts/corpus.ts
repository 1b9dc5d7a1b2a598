// npm run corpus: the engine measured against the real tables of test/fixtures/real, one line per table and a total.
//   npm run corpus -- --verbose   also lists, per table, the rows and what differed;
//   npm run corpus -- --mapped    hands the engine the expected column mapping (as the task pane / --map would),
//                                 to measure deadlines, units and findings apart from recognizing the table.
import { formatLine, formatTotals, loadCorpus, measure } from '../test/helpers/corpus';

const verbose = process.argv.includes('--verbose') || process.argv.includes('-v');
const mapped = process.argv.includes('--mapped');
const results = loadCorpus().map((t) => measure(t, { mapped }));
const width = Math.max(24, ...results.map((r) => r.id.length)) + 1;

if (mapped) console.log('(with the expected column mapping given to the engine)');
for (const r of results) {
  console.log(formatLine(r, width));
  if (!verbose) continue;
  for (const [kind, lines] of Object.entries(r.problems)) for (const line of lines) console.log(`    ${kind.padEnd(9)} ${line}`);
}
console.log(formatTotals(results, width));
