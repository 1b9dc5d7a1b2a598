#!/usr/bin/env node
// Builds the CLI only when a source file is newer than the build: `npm run fengong` is called once per file by
// scripts, and running the TypeScript compiler each time cost ~2 s even with nothing to do.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const built = path.join(root, 'dist', 'src', 'cli', 'main.js');
const inputs = ['src/core', 'src/cli', 'src/adapters/exceljs', 'tsconfig.json', 'tsconfig.cli.json', 'package-lock.json'];

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

const stale = !fs.existsSync(built) || inputs.some((p) => newest(path.join(root, p)) > fs.statSync(built).mtimeMs);
if (stale) {
  const tsc = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.cli.json')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // tsc leaves an unchanged output file untouched: mark the build as made now.
  const now = new Date();
  fs.utimesSync(built, now, now);
}
