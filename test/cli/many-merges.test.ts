// A table pasted from Word merges every task's cells over its paragraph rows: tens of thousands of merged areas.
// ExcelJS alone checks each against all earlier ones (exceljs#2689) and took minutes; the adapter loads them in
// one pass, keeps each area, and still refuses a file whose merged areas overlap.
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { writeFileSync } from 'fs';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { loadWorkbook } from '../../src/adapters/exceljs/workbook';
import { tempDir } from '../helpers/temp';

const TASKS = 7500;

/** `tasks` tasks of two rows each, 序号/目标任务/牵头单位/完成时限 merged over both; merges written into the XML. */
async function wordPaste(tasks: number, extra: string[] = []): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('分工表');
  ws.getRow(1).values = ['序号', '目标任务', '主要内容', '牵头单位', '完成时限'];
  const merges: string[] = [...extra];
  for (let i = 0; i < tasks; i++) {
    const r = 2 + 2 * i;
    ws.getRow(r).values = [i + 1, `任务${i + 1}`, `第一段${i + 1}`, '法规科', '2023年6月30日前'];
    ws.getCell(r + 1, 3).value = `第二段${i + 1}`;
    for (const col of ['A', 'B', 'D', 'E']) merges.push(`${col}${r}:${col}${r + 1}`);
  }
  // ExcelJS's own mergeCells has the same quadratic check: put the areas into the sheet's XML directly.
  const parts = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
  const sheet = 'xl/worksheets/sheet1.xml';
  const list = `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
  parts[sheet] = strToU8(strFromU8(parts[sheet]).replace('</sheetData>', `</sheetData>${list}`));
  return zipSync(parts);
}

test(
  `${TASKS * 4} merged areas load in seconds, each kept, followers empty`,
  async () => {
    const t0 = Date.now();
    const loaded = await loadWorkbook(await wordPaste(TASKS));
    expect(Date.now() - t0).toBeLessThan(30000); // ExcelJS's own check: several minutes on this file
    const grid = loaded.input.sheets[0];
    expect(grid.merges).toHaveLength(TASKS * 4);
    expect(grid.merges![4]).toEqual({ top: 3, left: 0, bottom: 4, right: 0 }); // A4:A5, the second task's 序号
    expect(grid.values[4][0] ?? null).toBeNull(); // A5 follows A4
    expect(grid.values[4][2]).toBe('第二段2');
    expect(loaded.workbook.getWorksheet('分工表')!.getCell('B5').isMergedTo(loaded.workbook.getWorksheet('分工表')!.getCell('B4'))).toBe(true);
  },
  120000,
);

test('the CLI reads such a table as one task per merged block', async () => {
  const dir = tempDir('merges');
  const file = path.join(dir, 'word.xlsx');
  writeFileSync(file, await wordPaste(300));
  let out = '';
  expect(await run(['inspect', file, '--json'], { out: (s) => void (out += s), err: () => {} })).toBe(0);
  const tasks = JSON.parse(out).tasks;
  expect(tasks).toHaveLength(300);
  expect(tasks[1]).toMatchObject({ row: 4, seq: '2', task: '任务2', content: '第一段2\n第二段2' });
});

test('a file whose merged areas overlap is refused as before: a clear message, exit 2', async () => {
  await expect(loadWorkbook(await wordPaste(3, ['C2:D2']))).rejects.toThrow('Cannot merge already merged cells');
  const dir = tempDir('merges');
  const file = path.join(dir, 'overlap.xlsx');
  writeFileSync(file, await wordPaste(3, ['C2:D2']));
  let err = '';
  expect(await run(['inspect', file], { out: () => {}, err: (s) => void (err += s) })).toBe(2);
  expect(err).toContain('overlap.xlsx');
});
