// Reading the 责任分工表 straight from a Word attachment: each fixture under test/fixtures/docx/ holds one construct
// Word writes (made by scripts/make-docx-fixtures.js); the expected facts are what a user sees in Word.
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { strToU8, zipSync } from 'fflate';
import { run } from '../../src/cli/main';
import { readWordNode } from '../../src/adapters/word/node';
import { recognize } from '../../src/core/read/recognize';
import { rangeA1 } from '../../src/core/read/grid';
import { analyze } from '../../src/core/check/analyze';
import { InputError } from '../../src/core/workbook';
import { SAMPLE } from '../helpers/sample';
import { tempDir } from '../helpers/temp';

const FIX = path.join(__dirname, '..', 'fixtures', 'docx');
const read = (name: string) => readWordNode(readFileSync(path.join(FIX, name)), name);

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

const mergesOf = (areas: { top: number; left: number; bottom: number; right: number }[] = []) => areas.map((m) => rangeA1(m.top, m.left, m.bottom, m.right)).sort();

describe('Word constructs', () => {
  test('w:gridBefore keeps each cell in its own grid column (目标任务 stays in B)', async () => {
    const { grid } = await read('gridbefore.docx');
    const tasks = analyze(grid)!.tasks;
    expect(tasks.map((t) => [t.task, t.lead.map((u) => u.text).join(), t.deadline.due])).toEqual([
      ['执法计划', '法规科', '2023-03-31'],
      ['执法培训', '办公室', '2023-06-30'],
      ['案卷评查', '法规科', '2023-09-30'],
      ['执法检查', '执法支队', '2023-12-31'],
    ]);
  });

  test('two-row header with w:gridSpan: 责任单位 over 牵头单位 | 配合单位', async () => {
    const { grid } = await read('header2.docx');
    expect(mergesOf(grid.merges)).toEqual(['A3:A4', 'B3:B4', 'C3:C4', 'D3:E3', 'F3:F4']);
    const rec = recognize(grid)!;
    expect(rec.headerRow + 1).toBe(4);
    expect([rec.columns.lead, rec.columns.support]).toEqual([3, 4]);
    expect(rec.tasks).toHaveLength(2);
  });

  test('牵头单位 merged over three rows leads each of the three tasks; a two-paragraph cell is one cell', async () => {
    const { grid } = await read('lead3.docx');
    expect(mergesOf(grid.merges)).toEqual(['D4:D6']);
    const tasks = analyze(grid)!.tasks;
    expect(tasks.map((t) => t.lead.map((u) => u.text).join())).toEqual(['法规科', '法规科', '法规科', '执法支队']);
    expect(tasks[0].content).toBe('编制年度监督检查计划\n报市政府备案');
  });

  test('cells in w:sdt and rows in w:customXml are read; legacy w:hMerge merges; a nested table is text', async () => {
    const { grid } = await read('sdt.docx');
    expect(grid.values[3][3]).toBe('法规科');
    expect(grid.values[4]).toEqual(['2', '执法培训', '组织全员执法培训', '办公室', '法规科', '2023年6月底前']);
    expect(mergesOf(grid.merges)).toEqual(['B6:C6']);
    expect(grid.values[5][4]).toBe('执法支队 办公室');
  });

  test('tracked changes: deleted text and rows out, inserted text in', async () => {
    const { grid } = await read('tracked.docx');
    const tasks = analyze(grid)!.tasks;
    expect(tasks.map((t) => t.task)).toEqual(['执法计划', '执法培训']);
    expect(tasks[0].deadline.text).toBe('2023年4月底前');
    expect(tasks[0].support.map((u) => u.text)).toEqual(['执法支队']);
  });

  test('a contact table before the 分工表: the 分工表 is chosen, and the title above it is a row above', async () => {
    const w = await read('contact-first.docx');
    expect([w.tables, w.chosen]).toEqual([2, 1]);
    const rec = recognize(w.grid)!;
    expect(rec.title).toBe('2023年安全生产重点工作责任分工表');
    expect(rec.tasks).toHaveLength(2);
  });

  test('a document without a table, a PDF, a broken file and a DOCTYPE are refused with a Chinese message', async () => {
    await expect(read('no-table.docx')).rejects.toThrow('未在文档中找到表格');
    await expect(readWordNode(strToU8('%PDF-1.7\n'), '附件.pdf')).rejects.toThrow(/PDF.*另存为 \.docx/);
    await expect(readWordNode(strToU8('PK\u0003\u0004 broken'), '附件.docx')).rejects.toThrow(InputError);
    const entity = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>';
    await expect(readWordNode(zipSync({ 'word/document.xml': strToU8(entity) }), 'bomb.docx')).rejects.toThrow(/无法读取“bomb.docx”/);
  });
});

describe('the sample as .docx, .doc and .wps', () => {
  const dir = tempDir('word');
  const inspect = async (file: string) => {
    const r = await cli('inspect', file, '--json', '--as-of', '2023-06-01');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };
  const facts = (json: any) => json.tasks.map((t: any) => ({ row: t.row, seq: t.seq, task: t.task, due: t.deadline.due, kind: t.deadline.kind, lead: t.lead, support: t.support }));
  let xlsx: any;
  beforeAll(async () => {
    xlsx = await inspect(SAMPLE);
  });

  test.each(['sample.docx', 'sample.doc', 'sample.wps'])('inspect %s gives the 33 tasks, dates and units of the .xlsx', async (name) => {
    const json = await inspect(path.join(FIX, name));
    expect(json.tasks).toHaveLength(33);
    expect(facts(json)).toEqual(facts(xlsx));
    expect(json.headerRow).toBe(xlsx.headerRow);
  });

  test('import then inspect gives the same; the sheet merges what Word merged, nothing else', async () => {
    const out = path.join(dir, '导入.xlsx');
    const r = await cli('import', path.join(FIX, 'sample.docx'), '-o', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('合并单元格 8 处');
    expect(facts(await inspect(out))).toEqual(facts(xlsx));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    const word = await read('sample.docx');
    expect([...((ws.model as any).merges as string[])].sort()).toEqual(mergesOf(word.grid.merges));
    // The Word merges are the original's 目标任务 merges (the xlsx sample also merges its title and footnote rows).
    const original = new ExcelJS.Workbook();
    await original.xlsx.readFile(SAMPLE);
    expect(mergesOf(word.grid.merges)).toEqual(((original.worksheets[0].model as any).merges as string[]).filter((m) => m.startsWith('B')).sort());
    // Long texts wrap in a readable column; 序号 is a number.
    expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(30);
    expect(ws.getCell('C4').alignment?.wrapText).toBe(true);
    expect(ws.getCell('A4').value).toBe(1);
  });

  test('the .doc: vertical merges it cannot record are inferred and said in an info finding', async () => {
    const json = await inspect(path.join(FIX, 'sample.doc'));
    const note = json.issues.find((i: any) => i.code === 'structure.inferredMerge');
    expect(note.severity).toBe('info');
    expect(note.message).toContain('B26:B31');
    const word = await read('sample.doc');
    expect(mergesOf(word.grid.merges)).toEqual(mergesOf((await read('sample.docx')).grid.merges));
  });

  test('enrich takes the .docx and writes an .xlsx; a document without a table is exit 2', async () => {
    const out = path.join(dir, '已处理.xlsx');
    expect((await cli('enrich', path.join(FIX, 'sample.docx'), '-o', out, '--as-of', '2023-06-01')).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('汇总')).toBeDefined();
    const none = await cli('import', path.join(FIX, 'no-table.docx'), '-o', path.join(dir, 'x.xlsx'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('未在文档中找到表格');
    writeFileSync(path.join(dir, 'x.pdf'), '%PDF-1.4\n');
    const pdf = await cli('summary', path.join(dir, 'x.pdf'));
    expect([pdf.code, pdf.stderr.includes('另存为 .docx')]).toEqual([2, true]);
  });
});
