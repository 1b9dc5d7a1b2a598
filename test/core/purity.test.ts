// src/core is the engine: pure TypeScript that any adapter can run. No Office.js, ExcelJS, Node or DOM.
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

const CORE = path.join(__dirname, '..', '..', 'src', 'core');
// The engine is in folders by stage (read/, check/, plan/, cycle/); every file in them is held to the rule.
const files = (readdirSync(CORE, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));

test.each(files)('%s imports only the engine itself and pinyin-pro', (file) => {
  const src = readFileSync(path.join(CORE, file), 'utf8');
  const imports = [...src.matchAll(/^\s*import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  const outside = imports.filter((i) => {
    if (i === 'pinyin-pro') return false;
    if (!i.startsWith('.')) return true;
    return !path.resolve(path.dirname(path.join(CORE, file)), i).startsWith(CORE + path.sep);
  });
  expect(outside).toEqual([]);
  // No host globals either.
  expect(src).not.toMatch(/\b(Excel|Office)\.(run|context)|\bdocument\.|\bwindow\.|\bprocess\.|\brequire\(/);
});
