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

/** The one rule for every test that needs LibreOffice: without it the test fails, saying so (CI installs it). */
export const NO_LIBREOFFICE =
  'LibreOffice (soffice) is not installed, and this test needs it: apt-get install -y libreoffice-calc-nogui libreoffice-writer-nogui (CI installs it; see README)';

/** Runs soffice; a missing LibreOffice fails with NO_LIBREOFFICE, never a silent skip. */
function soffice(args: string[]): void {
  const res = spawnSync('soffice', args, { encoding: 'utf8', timeout: 120000 });
  if ((res.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error(NO_LIBREOFFICE);
  if (res.status !== 0) throw new Error(`LibreOffice failed: ${res.stderr || res.stdout || res.error?.message}`);
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
function convert(xlsx: Uint8Array | string, filter: string, read: (outdir: string) => void): void {
  const work = mkdtempSync(path.join(tmpdir(), 'fengong-lo-'));
  try {
    mkdirSync(path.join(work, 'profile', 'user'), { recursive: true });
    writeFileSync(path.join(work, 'profile', 'user', 'registrymodifications.xcu'), PROFILE);
    const input = path.join(work, 'book.xlsx');
    if (typeof xlsx === 'string') copyFileSync(xlsx, input);
    else writeFileSync(input, xlsx);
    const outdir = path.join(work, 'out');
    soffice([`-env:UserInstallation=file://${path.join(work, 'profile')}`, '--headless', '--convert-to', filter, '--outdir', outdir, input]);
    read(outdir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The workbook opened and saved again as .xlsx by LibreOffice, as a colleague without the add-in might. */
export function resaveInLibreOffice(xlsx: Uint8Array | string): Buffer {
  let out: Buffer | undefined;
  convert(xlsx, 'xlsx:Calc MS Excel 2007 XML', (dir) => {
    out = readFileSync(path.join(dir, 'book.xlsx'));
  });
  return out!;
}

// A Basic macro in a throwaway profile: LibreOffice itself inserts rows, so that every reference into them moves the
// way a spreadsheet moves it (what a user's "insert row" does), then saves the workbook as .xlsx.
const INSERT_ROWS = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub InsertRows(sIn As String, sOut As String, sSheet As String, sRow As String, sCount As String)
  Dim a(0) As New com.sun.star.beans.PropertyValue
  a(0).Name = &quot;Hidden&quot; : a(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sIn), &quot;_blank&quot;, 0, a())
  oDoc.Sheets.getByName(sSheet).Rows.insertByIndex(CLng(sRow), CLng(sCount))
  Dim s(0) As New com.sun.star.beans.PropertyValue
  s(0).Name = &quot;FilterName&quot; : s(0).Value = &quot;Calc MS Excel 2007 XML&quot;
  oDoc.storeToURL(ConvertToURL(sOut), s())
  oDoc.close(True)
  StarDesktop.terminate()
End Sub
</script:module>
`;

/** The workbook with `count` empty rows inserted before 0-based `row` of `sheet`, by LibreOffice, saved as .xlsx. */
export function insertRowsInLibreOffice(xlsx: Uint8Array, sheet: string, row: number, count = 1): Buffer {
  const work = mkdtempSync(path.join(tmpdir(), 'fengong-lo-'));
  try {
    const profile = `-env:UserInstallation=file://${path.join(work, 'profile')}`;
    // The first start makes the profile with its Standard Basic library; the macro replaces Module1 in it.
    soffice([profile, '--headless', '--terminate_after_init']);
    writeFileSync(path.join(work, 'profile', 'user', 'basic', 'Standard', 'Module1.xba'), INSERT_ROWS);
    const input = path.join(work, 'in.xlsx');
    const output = path.join(work, 'out.xlsx');
    writeFileSync(input, xlsx);
    const arg = (v: string | number) => `"${String(v).replace(/"/g, '')}"`;
    const macro = `macro:///Standard.Module1.InsertRows(${[input, output, sheet, row, count].map(arg).join(',')})`;
    soffice([profile, '--headless', '--norestore', macro]);
    return readFileSync(output);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Every sheet of the recalculated workbook: sheet name → rows of displayed text. */
export function recalculate(xlsx: Uint8Array | string): Map<string, string[][]> {
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

/** The workbook printed to PDF by LibreOffice (every sheet, with its own page setup), as a colleague would print it. */
export function printToPdf(xlsx: Uint8Array | string): Buffer {
  let out: Buffer | undefined;
  convert(xlsx, 'pdf', (dir) => {
    out = readFileSync(path.join(dir, 'book.pdf'));
  });
  return out!;
}

export interface PdfWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PdfPage {
  width: number;
  height: number;
  words: PdfWord[];
  /** The page's words in reading order, joined with spaces. */
  text: string;
}

const XML_TEXT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Every page of a PDF with its words and their boxes (poppler's pdftotext -bbox). */
export function pdfPages(pdf: Buffer): PdfPage[] {
  const work = mkdtempSync(path.join(tmpdir(), 'fengong-pdf-'));
  try {
    const file = path.join(work, 'book.pdf');
    writeFileSync(file, pdf);
    const res = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (res.status !== 0) throw new Error(`pdftotext failed: ${res.stderr}`);
    const pages: PdfPage[] = [];
    for (const p of res.stdout.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
      const words = [...p[3].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({
        xMin: +w[1],
        yMin: +w[2],
        xMax: +w[3],
        yMax: +w[4],
        text: w[5].replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => XML_TEXT[e]),
      }));
      pages.push({ width: +p[1], height: +p[2], words, text: words.map((w) => w.text).join(' ') });
    }
    return pages;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One page of a PDF as a PNG file (poppler's pdftoppm). */
export function renderPage(pdf: Buffer, page: number, pngFile: string, dpi = 90): void {
  const work = mkdtempSync(path.join(tmpdir(), 'fengong-png-'));
  try {
    const file = path.join(work, 'book.pdf');
    writeFileSync(file, pdf);
    const res = spawnSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, pngFile.replace(/\.png$/, '')], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`pdftoppm failed: ${res.stderr}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
