// src/core is the engine: pure TypeScript that any adapter can run. No Office.js, ExcelJS, Node or DOM.
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

const CORE = path.join(__dirname, '..', '..', 'src', 'core');
const files = readdirSync(CORE).filter((f) => f.endsWith('.ts'));

test.each(files)('%s imports only the engine itself and pinyin-pro', (file) => {
  const src = readFileSync(path.join(CORE, file), 'utf8');
  const imports = [...src.matchAll(/^\s*import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  expect(imports.filter((i) => !i.startsWith('./') && i !== 'pinyin-pro')).toEqual([]);
  // No host globals either.
  expect(src).not.toMatch(/\b(Excel|Office)\.(run|context)|\bdocument\.|\bwindow\.|\bprocess\.|\brequire\(/);
});
