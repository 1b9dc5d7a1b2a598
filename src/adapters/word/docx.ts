// word/document.xml → WordDocument: body paragraphs and tables in document order, each table on Word's own grid
// (w:tblGrid, w:gridBefore/After, w:gridSpan), with w:vMerge and legacy w:hMerge as merged areas.
import { unzipSync, strFromU8 } from 'fflate';
import { MergedArea } from '../../core/read/grid';
import { WordBlock, WordDocument, WordTable } from '../../core/read/document';
import { ParseXml, XmlNode, assertPlainXml, attr, child, children, nameOf, ownText } from './xml';

/** document.xml larger than this (uncompressed) is refused: a 分工表 is tens of KB, a zip bomb gigabytes. */
export const MAX_DOCUMENT_XML = 64 * 1024 * 1024;

/** The main part's text, unzipped alone and only when its declared size is sane. */
export function documentXml(bytes: Uint8Array): string {
  let tooBig = false;
  const files = unzipSync(bytes, {
    filter: (f) => {
      if (f.name !== 'word/document.xml') return false;
      if (f.originalSize > MAX_DOCUMENT_XML) tooBig = true;
      return !tooBig;
    },
  });
  const part = files['word/document.xml'];
  if (tooBig || !part || part.length > MAX_DOCUMENT_XML) throw new Error(tooBig ? 'document.xml too large' : 'no word/document.xml');
  return strFromU8(part);
}

export function readDocx(bytes: Uint8Array, parseXml: ParseXml): WordDocument {
  const text = documentXml(bytes);
  assertPlainXml(text);
  const root = parseXml(text).documentElement;
  const body = root && child(root, 'body');
  if (!body) throw new Error('no w:body');
  const blocks: WordBlock[] = [];
  for (const el of blockLevel(body)) {
    if (nameOf(el) === 'p') blocks.push({ kind: 'paragraph', text: paragraphText(el) });
    else if (nameOf(el) === 'tbl') blocks.push({ kind: 'table', table: readTable(el) });
  }
  return { blocks };
}

/** Wrappers Word puts around blocks, rows and cells (content controls, custom XML, smart tags): look through them. */
const WRAPPERS = new Set(['sdt', 'customXml', 'smartTag']);

/** Children of a container, with wrappers opened (w:sdt's content is in w:sdtContent). */
function blockLevel(node: XmlNode): XmlNode[] {
  const out: XmlNode[] = [];
  for (const c of children(node)) {
    if (WRAPPERS.has(nameOf(c))) out.push(...blockLevel(nameOf(c) === 'sdt' ? child(c, 'sdtContent') ?? c : c));
    else out.push(c);
  }
  return out;
}

/** Parts of a paragraph that hold no visible text: deleted runs, field codes, properties, the fallback copy of drawings. */
const SKIP = new Set(['del', 'moveFrom', 'delText', 'instrText', 'delInstrText', 'pPr', 'rPr', 'Fallback', 'sdtPr', 'sdtEndPr']);

function paragraphText(p: XmlNode): string {
  let s = '';
  const walk = (n: XmlNode) => {
    for (const c of children(n)) {
      const name = nameOf(c);
      if (SKIP.has(name)) continue;
      if (name === 't') s += ownText(c);
      else if (name === 'tab') s += ' ';
      else if (name === 'br' || name === 'cr') s += attr(c, 'type') === 'page' ? '' : '\n';
      else if (name === 'noBreakHyphen') s += '-';
      else walk(c);
    }
  };
  walk(p);
  return s;
}

/** A cell's text: its paragraphs joined by line breaks; a nested table flattened (cells by spaces, rows by lines). */
function cellText(tc: XmlNode): string {
  const lines: string[] = [];
  for (const el of blockLevel(tc)) {
    if (nameOf(el) === 'p') lines.push(paragraphText(el));
    else if (nameOf(el) === 'tbl') {
      for (const tr of blockLevel(el).filter((e) => nameOf(e) === 'tr'))
        lines.push(blockLevel(tr).filter((e) => nameOf(e) === 'tc').map(cellText).filter((t) => t.trim()).join(' '));
    }
  }
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  while (lines.length && !lines[0].trim()) lines.shift();
  return lines.join('\n');
}

const intAttr = (n: XmlNode | undefined, fallback: number) => {
  const v = Number(attr(n, 'val'));
  return Number.isInteger(v) && v >= 0 && v < 1000 ? v : fallback;
};

interface Region extends MergedArea {
  text: string;
}

/** A table on Word's grid. A row deleted with tracked changes is left out. */
export function readTable(tbl: XmlNode): WordTable {
  const gridCols = children(child(tbl, 'tblGrid') ?? tbl).filter((c) => nameOf(c) === 'gridCol').length;
  const rows = blockLevel(tbl).filter((e) => nameOf(e) === 'tr' && !child(child(e, 'trPr') ?? e, 'del'));
  const regions: Region[] = [];
  /** The region whose left edge is at a column in the row above, for w:vMerge continue. */
  let above = new Map<number, Region>();
  rows.forEach((tr, r) => {
    const trPr = child(tr, 'trPr');
    let col = intAttr(child(trPr ?? tr, 'gridBefore'), 0);
    const here = new Map<number, Region>();
    let last: Region | undefined;
    for (const tc of blockLevel(tr).filter((e) => nameOf(e) === 'tc')) {
      const tcPr = child(tc, 'tcPr');
      const span = Math.max(1, intAttr(child(tcPr ?? tc, 'gridSpan'), 1));
      const vMerge = tcPr && child(tcPr, 'vMerge');
      const hMerge = tcPr && child(tcPr, 'hMerge');
      const up = above.get(col);
      if (hMerge && attr(hMerge, 'val') !== 'restart' && last && last.bottom === r) {
        last.right = col + span - 1; // legacy horizontal merge: this cell continues the one on its left
      } else if (vMerge && attr(vMerge, 'val') !== 'restart' && up && up.right === col + span - 1) {
        up.bottom = r; // a continued cell is part of the merge above, never an empty cell
        here.set(col, up);
        last = up;
      } else {
        last = { top: r, bottom: r, left: col, right: col + span - 1, text: cellText(tc) };
        regions.push(last);
        here.set(col, last);
      }
      col += span;
    }
    above = here;
  });
  return toTable(regions, rows.length, gridCols);
}

function toTable(regions: Region[], rowCount: number, gridCols: number): WordTable {
  const width = regions.reduce((w, g) => Math.max(w, g.right + 1), gridCols);
  const values: (string | null)[][] = Array.from({ length: rowCount }, () => Array<string | null>(width).fill(null));
  const merges: MergedArea[] = [];
  for (const g of regions) {
    values[g.top][g.left] = g.text || null;
    if (g.bottom > g.top || g.right > g.left) merges.push({ top: g.top, left: g.left, bottom: g.bottom, right: g.right });
  }
  return { values, merges, mergesKnown: true };
}
