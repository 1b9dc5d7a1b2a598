// The findings list in the task pane groups by code and shows each group's Chinese name: a code without one would
// show the user "deadline.no-start".
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { CODE_LABEL } from '../../src/taskpane/types';

test('every finding code the engine can report has a Chinese name in the task pane', () => {
  const dir = path.join(__dirname, '..', '..', 'src', 'core');
  const codes = new Set<string>();
  // The engine sits in folders by stage (read/, check/, plan/, cycle/): every file under src/core.
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((n) => n.endsWith('.ts'));
  for (const f of files) {
    for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/'((?:deadline|unit|structure)\.[a-z-]+)'/g)) codes.add(m[1]);
  }
  expect(codes.size).toBeGreaterThan(20);
  expect([...codes].filter((c) => !(c in CODE_LABEL))).toEqual([]);
  for (const label of Object.values(CODE_LABEL)) expect(label).toMatch(/^[\u4e00-\u9fff（）]+$/);
});
