/*
 * The task pane's .xlsx work (ExcelJS through src/adapters/exceljs), in its own chunk: App loads it with import()
 * only when 导出各单位清单 or 合并回报 needs it (SPEC §8), so ExcelJS is in neither the initial bundle nor the
 * engine chunk. No Office.js and no DOM here: the Node tests use it as the pane does.
 */
import { buildWorkbook, loadWorkbook } from "../adapters/exceljs/workbook";
import type { ReturnedWorkbook, UnitList } from "../core/cycle/cycle";

/** Base64 without Node's Buffer (btoa takes a binary string; built in slices to stay under argument limits). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Each unit list as an .xlsx, base64 for Excel.createWorkbook (BuildWorkbooks in actions.ts). */
export async function unitWorkbooks(lists: UnitList[]): Promise<string[]> {
  const out: string[] = [];
  for (const list of lists) out.push(toBase64(await buildWorkbook(list.plan)));
  return out;
}

export interface PickedFile {
  name: string;
  data: ArrayBuffer | Uint8Array;
}

/**
 * The returned files read into the engine's grids, in the order picked; a file that is no .xlsx workbook stays in
 * the list without `input` (the merge report lists it) and is named in `unreadable`.
 */
export async function readReturnedFiles(files: PickedFile[]): Promise<{ returns: ReturnedWorkbook[]; unreadable: string[] }> {
  const returns: ReturnedWorkbook[] = [];
  const unreadable: string[] = [];
  for (const f of files) {
    try {
      returns.push({ fileName: f.name, input: (await loadWorkbook(f.data)).input });
    } catch {
      returns.push({ fileName: f.name });
      unreadable.push(f.name);
    }
  }
  return { returns, unreadable };
}
