// Validates an add-in-only manifest against Microsoft's XSDs (./schemas, see its README) with xmllint, offline.
// xmllint is Debian's libxml2-utils; without it the calling test fails (it is never skipped).
import { spawnSync } from 'child_process';
import * as path from 'path';

export const MANIFEST_SCHEMA = path.join(__dirname, 'schemas', 'OfficeAppManifestV1_1.xsd');

export interface XsdResult {
  valid: boolean;
  /** What xmllint printed: "<file> validates", or its errors and "<file> fails to validate". */
  output: string;
}

export function validateManifest(file: string): XsdResult {
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', MANIFEST_SCHEMA, file], { encoding: 'utf8', timeout: 60_000 });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error('xmllint not found: manifest.xml is validated against Microsoft\'s XSDs with xmllint. Install it: apt-get install libxml2-utils');
  }
  if (r.error) throw r.error;
  const output = `${r.stdout}${r.stderr}`.trim();
  // Exit status 3/4: the document does not validate; 1: it is not well-formed. Anything else (5: the schemas
  // do not compile, …) is a broken setup, not a verdict on the manifest.
  if (r.status !== 0 && r.status !== 1 && r.status !== 3 && r.status !== 4) throw new Error(`xmllint failed (status ${r.status}):\n${output}`);
  return { valid: r.status === 0, output };
}
