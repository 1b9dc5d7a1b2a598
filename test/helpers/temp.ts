// Scratch folders for tests, removed when the test file ends (jest.setup.ts): a test run leaves nothing in /tmp.
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const made: string[] = [];

/** A new empty folder under the system's temp dir, named fengong-<what>-XXXXXX. */
export function tempDir(what: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `fengong-${what}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
