// 编辑单位名录 (SPEC: the pane's 单位名录 page): an edit is written to the 单位名录 sheet and the next 校验 reads the table
// with it — on the Office adapter (the fake) and through planDirectoryEdit on an .xlsx (the ExcelJS adapter).
import { readFileSync } from 'fs';
import { editDirectory, inspect } from '../../src/adapters/office/actions';
import { applyPlan, loadWorkbook, saveWorkbook } from '../../src/adapters/exceljs/workbook';
import { planDirectoryEdit } from '../../src/core/commands';
import { DIRECTORY_HEADERS, SHEET_DIRECTORY, locateTable } from '../../src/core/workbook';
import { FakeWorkbook } from '../fake-excel';
import { comparable, fakeHost } from '../helpers/office';
import { SAMPLE } from '../helpers/sample';

/** The sample with D5's 牵头单位 written as `lead` (法规科 there originally). */
async function sampleWith(lead: string): Promise<FakeWorkbook> {
  const json = (await FakeWorkbook.fromXlsx(readFileSync(SAMPLE))).toJSON();
  json.sheets.find((s) => s.name === 'Sheet1')!.cells.D5.value = lead;
  return FakeWorkbook.fromJSON(json);
}

/** 单位名录 as the user sees it: the header, then name → [类型, 别名, 所属分组]. */
function directorySheet(wb: FakeWorkbook) {
  const rows = wb.values(SHEET_DIRECTORY, 'A1:D200').filter((r) => r[0] !== null && r[0] !== '');
  return { header: rows[0], byName: new Map(rows.slice(1).map((r) => [String(r[0]), r.slice(1).map((v) => String(v ?? ''))])) };
}

const findingsAt = (codes: { cell: string; code: string }[], cell: string) => codes.filter((f) => f.cell === cell).map((f) => f.code);

describe('Office adapter (fake Excel)', () => {
  test('an alias added to 法规科: 单位名录 lists it, and the next 校验 reads D5 法规课 as 法规科', async () => {
    const wb = await sampleWith('法规课');
    const { host } = fakeHost(wb);
    expect(findingsAt((await inspect(host)).analysis!.findings, 'D5')).toEqual(['unit.unknown']);

    const out = await editDirectory(host, { kind: 'addAlias', unit: '法规科', alias: '法规课' });
    expect(out).toMatchObject({ ok: true, message: '已为“法规科”添加别名“法规课”。' });
    const sheet = directorySheet(wb);
    expect(sheet.header).toEqual([...DIRECTORY_HEADERS]);
    expect(sheet.byName.get('法规科')![0]).toBe('单位');
    expect(sheet.byName.get('法规科')![1].split('、')).toContain('法规课');

    const again = (await inspect(host)).analysis!;
    expect(findingsAt(again.findings, 'D5')).toEqual(['unit.alias']);
    expect(again.tasks.find((t) => t.row === 4)!.lead.map((u) => u.unit)).toEqual(['法规科']);
  });

  test('a unit added with an alias and a group: both in 单位名录, and the table’s new name is no longer unknown', async () => {
    const wb = await sampleWith('信息化科');
    const { host } = fakeHost(wb);
    expect(findingsAt((await inspect(host)).analysis!.findings, 'D5')).toEqual(['unit.unknown']);
    const groups = (await inspect(host)).analysis!.directory.groups.map((g) => g.name);
    expect(groups.length).toBeGreaterThan(0);

    expect((await editDirectory(host, { kind: 'addUnit', name: '信息化科', aliases: ['信息科'], group: groups[0] })).ok).toBe(true);
    expect(directorySheet(wb).byName.get('信息化科')).toEqual(['单位', '信息科', groups[0]]);
    expect(findingsAt((await inspect(host)).analysis!.findings, 'D5')).toEqual([]);
  });

  test('a name already in the directory is refused in Chinese and nothing is written', async () => {
    const wb = await sampleWith('法规科');
    const { host } = fakeHost(wb);
    const before = comparable(wb);
    expect(await editDirectory(host, { kind: 'addUnit', name: '法规科' })).toMatchObject({ ok: false, message: expect.stringContaining('“法规科”已在单位名录中') });
    expect(comparable(wb)).toEqual(before);
  });
});

describe('planDirectoryEdit on an .xlsx (ExcelJS adapter)', () => {
  test('the plan writes 单位名录 and the saved file, read again, knows the alias', async () => {
    const original = await loadWorkbook(readFileSync(SAMPLE));
    original.workbook.getWorksheet('Sheet1')!.getCell('D5').value = '法规课';
    const loaded = await loadWorkbook(await saveWorkbook(original));
    const before = locateTable(loaded.input).analysis;
    expect(findingsAt(before.findings, 'D5')).toEqual(['unit.unknown']);

    const { plan, directory } = planDirectoryEdit(loaded.input, before.directory, { kind: 'addAlias', unit: '法规科', alias: '法规课' });
    expect(directory.units.find((u) => u.name === '法规科')!.aliases).toContain('法规课');
    expect(before.directory.units.find((u) => u.name === '法规科')!.aliases).not.toContain('法规课'); // the input is not changed
    applyPlan(loaded, plan);
    const saved = await loadWorkbook(await saveWorkbook(loaded));
    const rows = saved.input.sheets.find((s) => s.name === SHEET_DIRECTORY)!.values;
    expect(rows.find((r) => r[0] === '法规科')![2]).toEqual(expect.stringContaining('法规课'));
    expect(findingsAt(locateTable(saved.input).analysis.findings, 'D5')).toEqual(['unit.alias']);
  });
});
