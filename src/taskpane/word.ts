/*
 * 从 Word 文件导入, in its own chunk: App loads it with import() only when the user picks a Word file, so the reader
 * (and fflate's unzip) adds nothing to the initial bundle.
 */
import { readWordBrowser } from "../adapters/word/browser";
import { importPreview } from "../core/plan/import";
import { InputError } from "../core/workbook";
import type { WordImport } from "./types";

export async function readWord(name: string, data: ArrayBuffer): Promise<WordImport | { error: string }> {
  try {
    const word = await readWordBrowser(new Uint8Array(data), name);
    return { fileName: name, word, preview: importPreview(word.grid, word.tableTop) };
  } catch (e) {
    return { error: e instanceof InputError ? e.message : `无法读取“${name}”。请用 WPS 或 Word 打开后另存为 .docx 再试。` };
  }
}
