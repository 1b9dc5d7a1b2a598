// A Word attachment (.docx, .doc, .wps; a PDF is refused) as the engine's grid. The format is told by the bytes, not
// the name: a .doc renamed .docx still opens. The XML parser and the .doc reader are passed in (node.ts, browser.ts),
// so this file runs in both places.
import { InputError } from '../../core/workbook';
import { NO_TABLE, PDF_REFUSED, WORD_UNREADABLE, WordDocument, WordGrid, wordGrid } from '../../core/read/document';
import { ParseXml } from './xml';
import { readDocx } from './docx';

/** The pane has no reader for the binary format (word-extractor needs Node's Buffer and streams). */
export const DOC_NOT_HERE = '任务窗格暂不能读取旧版 Word 文件（.doc、.wps）。请在 WPS 或 Word 中把它另存为 .docx 后再导入，或用命令行 fengong import 读取。';

export type WordFormat = 'docx' | 'doc' | 'pdf' | 'other';

/** ZIP (docx), OLE compound file (doc/wps), PDF, or something else. */
export function sniffFormat(bytes: Uint8Array): WordFormat {
  const b = bytes;
  if (b[0] === 0x50 && b[1] === 0x4b) return 'docx';
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'doc';
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'pdf';
  return 'other';
}

/** True for a file name the Word reader takes (what the CLI and the pane offer it). */
export function isWordFileName(name: string): boolean {
  return /\.(docx|docm|doc|wps|pdf)$/i.test(name);
}

export interface WordReaders {
  parseXml: ParseXml;
  /** Reads a binary .doc/.wps; absent where it cannot run. */
  readDoc?: (bytes: Uint8Array) => Promise<WordDocument>;
}

/** The sheet name the table gets: the file's name without its extension (a source of the table's year). */
export function sheetNameOf(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || '分工表';
}

/** Reads the document and chooses its 分工表; every failure is an InputError with a Chinese sentence. */
export async function readWordFile(bytes: Uint8Array, fileName: string, readers: WordReaders): Promise<WordGrid> {
  const format = sniffFormat(bytes);
  if (format === 'pdf') throw new InputError(PDF_REFUSED);
  let doc: WordDocument;
  try {
    if (format === 'docx') doc = readDocx(bytes, readers.parseXml);
    else if (format === 'doc' && !readers.readDoc) throw new InputError(DOC_NOT_HERE);
    else if (format === 'doc' && readers.readDoc) doc = await readers.readDoc(bytes);
    else throw new Error('not a Word file');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(WORD_UNREADABLE(fileName.replace(/^.*[\\/]/, '')));
  }
  try {
    return wordGrid(doc, legalName(sheetNameOf(fileName)));
  } catch (e) {
    if ((e as Error).message === NO_TABLE) throw new InputError(`${NO_TABLE}：“${fileName.replace(/^.*[\\/]/, '')}”里没有 Word 表格。`);
    throw e;
  }
}

function legalName(raw: string): string {
  const s = [...raw.replace(/[:\\/?*[\]]/g, '_').replace(/^'+|'+$/g, '')].slice(0, 31).join('').trim();
  return s || '分工表';
}
