// Binary Word 97 (.doc, and WPS's .wps, the same format) through word-extractor's OLE and piece-table reader. Its text
// loses where a table row ends and which paragraphs are in a cell; this subclass marks both from the paragraph
// properties (sprmPFInTable, sprmPFTtp) before the text is built. Vertical merges are not read: they are inferred in
// core (inferVerticalMerges) and reported.
import { WordBlock, WordDocument } from '../../core/read/document';

/* eslint-disable @typescript-eslint/no-var-requires */
const WordOleExtractor = require('word-extractor/lib/word-ole-extractor');
const BufferReader = require('word-extractor/lib/buffer-reader');
const { clean } = require('word-extractor/lib/filters');

/** Marks put in place of one character each (the piece table's lengths must not change). */
const ROW_END = '\uE001';
const CELL_PARA = '\uE002';

interface Piece {
  startFilePos: number;
  size: number;
  bpc: number;
  text: string;
  startCp: number;
  length: number;
}

/** Replaces the character at a file position (the paragraph mark) with a mark. */
function markAt(pieces: Piece[], fc: number, mark: string): void {
  const p = pieces.find((x) => fc >= x.startFilePos && fc < x.startFilePos + x.size);
  if (!p) return;
  const i = (fc - p.startFilePos) / p.bpc;
  // A cell's last paragraph ends with the cell mark (\x07), which stays: only inner paragraph marks change.
  if (mark === CELL_PARA && p.text[i] !== '\r') return;
  p.text = p.text.slice(0, i) + mark + p.text.slice(i + 1);
}

class TableAwareExtractor extends WordOleExtractor {
  _pieces!: Piece[];
  _boundaries!: { ccpText: number };
  raw = '';

  /** Every paragraph's properties: in a table → its mark becomes CELL_PARA; a row end (TTP) → ROW_END. */
  writeParagraphProperties(buffer: Buffer, table: Buffer): void {
    const fc = buffer.readUInt32LE(0x0102);
    const lcb = buffer.readUInt32LE(0x0106);
    const count = (lcb - 4) / 8;
    const plc = table.subarray(fc, fc + lcb);
    for (let i = 0; i < count; i++) {
      const page = plc.readUInt32LE((count + 1) * 4 + i * 4);
      const fkp = buffer.subarray(page * 512, (page + 1) * 512);
      if (fkp.length < 512) continue;
      const crun = fkp.readUInt8(511);
      for (let j = 0; j < crun; j++) {
        const end = fkp.readUInt32LE((j + 1) * 4);
        const at = fkp.readUInt8((crun + 1) * 4 + j * 13) * 2;
        if (at === 0) continue;
        const cb = fkp.readUInt8(at);
        const grpprl = cb !== 0 ? fkp.subarray(at + 1, at + 2 * cb) : fkp.subarray(at + 2, at + 2 + 2 * fkp.readUInt8(at + 1));
        const { inTable, ttp } = paragraphFlags(grpprl);
        const mark = ttp ? ROW_END : inTable ? CELL_PARA : null;
        if (mark) markAt(this._pieces, end - (this._pieces.find((p) => end - 1 >= p.startFilePos && end - 1 < p.startFilePos + p.size)?.bpc ?? 1), mark);
      }
    }
  }

  /** The body's text with the marks, before word-extractor's cleaning. */
  buildDocument(): unknown {
    const end = this._boundaries.ccpText;
    this.raw = this._pieces
      .filter((p) => p.startCp < end)
      .sort((a, b) => a.startCp - b.startCp)
      .map((p) => p.text.slice(0, Math.max(0, end - p.startCp)))
      .join('');
    return null;
  }
}

/** sprmPFInTable (0x2416) and sprmPFTtp (0x2417) in a PAPX's grpprl (after its 2-byte style index). */
function paragraphFlags(grpprl: Buffer): { inTable: boolean; ttp: boolean } {
  let inTable = false;
  let ttp = false;
  let o = 2;
  while (o + 2 <= grpprl.length) {
    const sprm = grpprl.readUInt16LE(o);
    o += 2;
    const spra = sprm >> 13;
    if (sprm === 0x2416) inTable = grpprl[o] === 1;
    if (sprm === 0x2417) ttp = grpprl[o] === 1;
    // Operand sizes by spra; sprmTDefTable (0xD608) and sprmPChgTabs carry a 2-byte length.
    if (sprm === 0xd608 || sprm === 0xd606) o += 2 + (o + 1 < grpprl.length ? grpprl.readUInt16LE(o) : 0) - 1;
    else o += [1, 1, 2, 4, 2, 2, 1 + (grpprl[o] ?? 0), 3][spra];
  }
  return { inTable, ttp };
}

/** Raw body text (with marks) → paragraphs and tables; cells' texts cleaned as word-extractor cleans text. */
export function blocksOf(raw: string): WordBlock[] {
  const blocks: WordBlock[] = [];
  const text = (s: string): string => String(clean(s)).replace(/\t/g, ' ').replace(/\u00a0/g, ' ');
  let rows: (string | null)[][] | null = null;
  let cells: (string | null)[] = [];
  let buf = '';
  const closeTable = () => {
    if (!rows) return;
    const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
    blocks.push({ kind: 'table', table: { values: rows.map((r) => [...r, ...Array(width - r.length).fill(null)]), merges: [], mergesKnown: false } });
    rows = null;
  };
  for (const ch of raw) {
    if (ch === '\r' || ch === '\x0c') {
      closeTable();
      blocks.push({ kind: 'paragraph', text: text(buf).trim() });
      buf = '';
    } else if (ch === CELL_PARA) buf += '\n';
    else if (ch === '\x07') {
      const t = text(buf).replace(/^\n+|\n+$/g, '').trim();
      cells.push(t || null);
      buf = '';
    } else if (ch === ROW_END) {
      (rows ??= []).push(cells);
      cells = [];
      buf = '';
    } else buf += ch;
  }
  closeTable();
  if (buf.trim()) blocks.push({ kind: 'paragraph', text: text(buf).trim() });
  return blocks;
}

export async function readDoc(bytes: Uint8Array): Promise<WordDocument> {
  const extractor = new TableAwareExtractor();
  const reader = new BufferReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  await reader.open();
  await extractor.extract(reader);
  return { blocks: blocksOf(extractor.raw) };
}
