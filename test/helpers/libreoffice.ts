// Recalculates a workbook in LibreOffice (a real spreadsheet engine) and returns every sheet as CSV rows.
import { spawnSync } from 'child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

// LibreOffice keeps cached results of .xlsx formulas unless told to recalculate on load.
const PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

export function libreOfficeAvailable(): boolean {
  return spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Parses RFC 4180 CSV. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Runs LibreOffice headless on a copy of the workbook with a throwaway profile; returns the output folder's files. */
function convert(xlsx: Buffer | string, filter: string, read: (outdir: string) => void): void {
  const work = mkdtempSync(path.join(tmpdir(), 'fengong-lo-'));
  try {
    mkdirSync(path.join(work, 'profile', 'user'), { recursive: true });
    writeFileSync(path.join(work, 'profile', 'user', 'registrymodifications.xcu'), PROFILE);
    const input = path.join(work, 'book.xlsx');
    if (typeof xlsx === 'string') copyFileSync(xlsx, input);
    else writeFileSync(input, xlsx);
    const outdir = path.join(work, 'out');
    const res = spawnSync('soffice', [`-env:UserInstallation=file://${path.join(work, 'profile')}`, '--headless', '--convert-to', filter, '--outdir', outdir, input], {
      encoding: 'utf8',
      timeout: 120000,
    });
    if (res.status !== 0) throw new Error(`LibreOffice failed: ${res.stderr || res.stdout}`);
    read(outdir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The workbook opened and saved again as .xlsx by LibreOffice, as a colleague without the add-in might. */
export function resaveInLibreOffice(xlsx: Buffer | string): Buffer {
  let out: Buffer | undefined;
  convert(xlsx, 'xlsx:Calc MS Excel 2007 XML', (dir) => {
    out = readFileSync(path.join(dir, 'book.xlsx'));
  });
  return out!;
}

/** Every sheet of the recalculated workbook: sheet name → rows of displayed text. */
export function recalculate(xlsx: Buffer | string): Map<string, string[][]> {
  const sheets = new Map<string, string[][]>();
  // 44,34,76: comma, double quote, UTF-8; the trailing -1 exports every sheet to its own file.
  convert(xlsx, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', (outdir) => {
    for (const f of readdirSync(outdir)) {
      const m = /^book-(.*)\.csv$/.exec(f);
      if (m) sheets.set(m[1], parseCsv(readFileSync(path.join(outdir, f), 'utf8')));
    }
  });
  if (sheets.size === 0) throw new Error('LibreOffice wrote no CSV');
  return sheets;
}
