// The fengong CLI as a user runs it: inspect, enrich, summary on real .xlsx files.
import ExcelJS from 'exceljs';
import { spawnSync } from 'child_process';
import { existsSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'fs';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { applyPlan, loadWorkbook, saveWorkbook } from '../../src/adapters/exceljs/workbook';
import { SAMPLE } from '../helpers/sample';
import { messyWorkbook, workbookWithoutTable } from '../helpers/workbooks';
import { tempDir } from '../helpers/temp';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

const tmp = () => tempDir('cli');

describe('inspect on a messy table a user built', () => {
  let json: any;
  beforeAll(async () => {
    const dir = tmp();
    const file = path.join(dir, 'messy.xlsx');
    writeFileSync(file, await messyWorkbook());
    const r = await cli('inspect', file, '--json');
    expect(r.code).toBe(0);
    json = JSON.parse(r.stdout);
  });

  test('finds the two-row header on rows 5–6 starting in column B and maps the columns', () => {
    expect(json.sheet).toBe('重点工作');
    expect(json.headerRow).toBe(6);
    expect(json.columns).toEqual({ seq: 'B', task: 'C', content: 'D', lead: 'E', support: 'F', deadline: 'G' });
  });

  test('reads the 21 tasks, skipping the section rows; 序号 normalized', () => {
    expect(json.tasks).toHaveLength(21);
    expect(json.tasks.slice(0, 4).map((t: any) => t.seq)).toEqual(['1', '2', '3', '（四）']);
    expect(json.tasks[1].task).toBe('隐患排查'); // merged title filled down
    expect(json.tasks.map((t: any) => t.row)).not.toContain(12);
  });

  test('责任领导 and 备注 are not unit columns: no finding mentions 张三 or 备注文字', () => {
    expect(JSON.stringify(json.issues)).not.toMatch(/张三|李四|王五|备注文字/);
    expect(json.issues.some((i: any) => /^[HI]\d+$/.test(i.cell))).toBe(false);
  });

  test('each misspelt unit is flagged at its cell with the right unit suggested first', () => {
    const unknown = json.issues.filter((i: any) => i.code === 'unit.unknown');
    const first = Object.fromEntries(unknown.map((i: any) => [i.cell + ':' + i.message.match(/“(.+?)”/)[1], i.suggestions[0]]));
    expect(first).toEqual({
      'E8:法规课': '法规科',
      'F8:规才科': '规财科',
      'F9:危险化学品安全监督管里科': '危险化学品安全监督管理科',
    });
    // A short name of one section is that section (SPEC §3), said as an info offering the full name.
    const short = json.issues.find((i: any) => i.code === 'unit.short-name');
    expect([short.cell, short.severity, short.suggestions]).toEqual(['E10', 'info', ['市应急管理综合行政执法支队']]);
    expect(unknown.every((i: any) => i.severity === 'warning')).toBe(true);
    // Half-width brackets are the same unit.
    expect(json.tasks[2].support).toEqual([{ text: '各县（市、区）应急管理局', unit: '各县（市、区）应急管理局' }]);
  });

  test('every good deadline is parsed; each bad one is flagged', () => {
    const dl = (seq: string) => json.tasks.find((t: any) => t.seq === seq).deadline;
    expect(dl('1')).toEqual({ text: '2024年3月底前', kind: 'date', due: '2024-03-31' });
    expect(dl('2')).toMatchObject({ kind: 'date', due: '2024-09-30' });
    expect(dl('3')).toMatchObject({ kind: 'date', due: '2024-09-30' });
    expect(dl('（四）')).toMatchObject({ kind: 'recurring', every: 'quarter' });
    expect(dl('5')).toMatchObject({ kind: 'ongoing' });
    expect(dl('7')).toMatchObject({ kind: 'date', due: '2024-06-30' });
    expect(dl('10')).toMatchObject({ kind: 'date', due: '2024-06-30' });
    expect(dl('11')).toMatchObject({ kind: 'date', due: '2024-10-15' });
    expect(dl('12')).toMatchObject({ kind: 'recurring', every: 'month' });
    expect(dl('13')).toMatchObject({ kind: 'date', due: '2024-12-31' });
    expect(dl('14')).toMatchObject({ kind: 'date', due: '2024-10-31' });
    expect(dl('15')).toMatchObject({ kind: 'date', due: '2024-12-31' });
    expect(dl('16')).toMatchObject({ kind: 'date', due: '2024-09-30' });
    expect(dl('18')).toMatchObject({ kind: 'recurring', every: 'year' });
    expect(dl('19')).toMatchObject({ kind: 'recurring', every: 'quarter', start: '2024-04-01' });
    expect(dl('21')).toMatchObject({ kind: 'ongoing' });
    const codes = Object.fromEntries(json.issues.filter((i: any) => i.code.startsWith('deadline.')).map((i: any) => [i.cell, `${i.severity} ${i.code}`]));
    expect(codes).toEqual({
      G14: 'warning deadline.unparsed',
      G15: 'info deadline.year-inferred',
      G16: 'error deadline.impossible',
      G17: 'error deadline.missing',
      G25: 'warning deadline.year-outlier',
      G28: 'error deadline.impossible',
    });
  });

  test('text output is readable Chinese', async () => {
    const dir = tmp();
    const file = path.join(dir, 'messy.xlsx');
    writeFileSync(file, await messyWorkbook());
    const r = await cli('inspect', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/识别出 21 项任务/);
    expect(r.stdout).toMatch(/\[警告\] E8 牵头单位“法规课”不在单位名录中。是否为“法规科”？/);
  });
});

describe('bad input: clear Chinese reason, exit 2, nothing written', () => {
  test('a workbook without a table', async () => {
    const dir = tmp();
    const file = path.join(dir, 'contacts.xlsx');
    writeFileSync(file, await workbookWithoutTable());
    const before = readFileSync(file);
    const r = await cli('enrich', file, '-o', path.join(dir, 'out.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/没有在任何工作表中找到责任分工表：工作表“通讯录”中没有一行像表头。.*--map/);
    expect(readdirSync(dir)).toEqual(['contacts.xlsx']);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test('a file that is not a workbook', async () => {
    const dir = tmp();
    const file = path.join(dir, 'broken.xlsx');
    writeFileSync(file, 'this is not a zip');
    const r = await cli('inspect', file, '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/不是可读取的 Excel 工作簿/);
    expect(r.stdout).toBe('');
  });

  test('enrich refuses to overwrite its input', async () => {
    const dir = tmp();
    const file = path.join(dir, 'in.xlsx');
    writeFileSync(file, readFileSync(SAMPLE));
    const r = await cli('enrich', file, '-o', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/输出文件不能与输入文件相同/);
    expect(readFileSync(file).equals(readFileSync(SAMPLE))).toBe(true);
  });

  test('--sheet naming a sheet the tool generated is refused: it is not the table', async () => {
    const dir = tmp();
    const out = path.join(dir, 'out.xlsx');
    expect((await cli('enrich', SAMPLE, '-o', out, '--as-of', '2023-06-30')).code).toBe(0);
    const r = await cli('inspect', out, '--sheet', '汇总', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/工作表“汇总”是分工表助手生成的/);
  });

  test('a bad --as-of date', async () => {
    const r = await cli('summary', SAMPLE, '--as-of', '2023-02-30', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--as-of 需要 YYYY-MM-DD 格式的有效日期/);
  });

  test('through npm as the README runs it: exit code 2 and the reason on stderr', async () => {
    const dir = tmp();
    const file = path.join(dir, 'contacts.xlsx');
    writeFileSync(file, await workbookWithoutTable());
    const p = spawnSync('npm', ['run', '--silent', 'fengong', '--', 'enrich', file, '-o', path.join(dir, 'out.xlsx')], {
      cwd: path.join(__dirname, '..', '..'),
      encoding: 'utf8',
    });
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/没有在任何工作表中找到责任分工表：工作表“通讯录”中没有一行像表头。.*--map/);
    expect(existsSync(path.join(dir, 'out.xlsx'))).toBe(false);
  });
});

describe('enrich, then enrich its own output again', () => {
  const dir = tmp();
  const first = path.join(dir, 'first.xlsx');
  const edited = path.join(dir, 'edited.xlsx');
  const second = path.join(dir, 'second.xlsx');

  const sampleBefore = readFileSync(SAMPLE);

  beforeAll(async () => {
    const r = await cli('enrich', SAMPLE, '-o', first, '--as-of', '2023-06-30');
    expect(r.code).toBe(0);
    // A user types a status, a date and a note, and adds a task below the footnote. (Edited through the adapter's
    // loader so that, as in Excel, the workbook's defined names survive the edit.)
    const loaded = await loadWorkbook(readFileSync(first));
    const ws = loaded.workbook.getWorksheet('Sheet1')!;
    ws.getCell('G4').value = '已完成';
    ws.getCell('H4').value = new Date(Date.UTC(2023, 2, 20));
    ws.getCell('I4').value = '已按期完成';
    ws.getCell('G5').value = '进行中';
    ['34', '新增任务', '新增内容', '法规科', '办公室', '2023年11月底前'].forEach((v, i) => (ws.getRow(39).getCell(i + 1).value = v));
    applyPlan(loaded, { ops: [] });
    writeFileSync(edited, await saveWorkbook(loaded));
    const r2 = await cli('enrich', edited, '-o', second);
    expect(r2.code).toBe(0);
  });

  test('the input files are never modified', () => {
    expect(readFileSync(SAMPLE).equals(sampleBefore)).toBe(true);
    expect(existsSync(second)).toBe(true);
  });

  test('keeps what the user typed and duplicates nothing', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(second);
    const ws = wb.getWorksheet('Sheet1')!;
    const header = (ws.getRow(3).values as unknown[]).filter(Boolean);
    expect(header).toEqual(['序号', '目标任务', '主要内容', '牵头单位', '配合单位', '完成时限', '完成状态', '实际完成日期', '进展情况', '截止日期', '剩余天数']);
    expect(ws.getCell('G4').value).toBe('已完成');
    expect((ws.getCell('H4').value as Date).toISOString().slice(0, 10)).toBe('2023-03-20');
    expect(ws.getCell('I4').value).toBe('已按期完成');
    expect(wb.worksheets.map((w) => w.name).filter((n) => /汇总|任务明细|单位名录/.test(n))).toEqual(['单位名录', '汇总', '任务明细']);
    expect(wb.worksheets.filter((w) => w.name === '法规科')).toHaveLength(1);
    const rules = (ws as any).conditionalFormattings.flatMap((c: any) => c.rules);
    expect(rules).toHaveLength(3);
  });

  test('extends the formulas to the row added since, and keeps the fixed 基准日期', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(second);
    const ws = wb.getWorksheet('Sheet1')!;
    expect((ws.getCell('J39').value as Date).toISOString().slice(0, 10)).toBe('2023-11-30');
    expect(ws.getCell('K39').formula).toContain('基准日期'); // a shared formula: ExcelJS translates it for this row
    const r = await cli('summary', second, '--json');
    const s = JSON.parse(r.stdout);
    expect(s.asOf).toBe('2023-06-30');
    const fagui = s.units.find((u: any) => u.unit === '法规科');
    expect(fagui).toMatchObject({ lead: 14, done: 1, inProgress: 1 });
  });
});

describe('--map and --header-row: saying where the table is when recognition cannot (SPEC §7)', () => {
  async function unknownHeaders(): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['2023年重点事项台账']);
    ws.addRow(['栏1', '栏2', '栏3', '栏4']);
    ws.addRow([1, '完善应急预案体系', '县应急局', '2023年6月底前']);
    ws.addRow([2, '开展防汛演练', '县水利局、县应急局', '2023年5月底前']);
    const file = path.join(tmp(), 'ledger.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    return file;
  }

  test('without it: exit 2, the reason names the sheet and says how to map the table', async () => {
    const r = await cli('inspect', await unknownHeaders(), '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/工作表“台账”中没有一行像表头.*--map task=B,lead=D,deadline=F --header-row 3/);
  });

  test('with it: the tasks, units and deadlines as mapped', async () => {
    const r = await cli('inspect', await unknownHeaders(), '--map', 'seq=A,task=B,lead=C,deadline=D', '--header-row', '2', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect([json.headerRow, json.columns]).toEqual([2, { seq: 'A', task: 'B', content: null, lead: 'C', support: null, deadline: 'D' }]);
    expect(json.tasks.map((t: any) => [t.row, t.task, t.lead.map((u: any) => u.unit), t.deadline.due])).toEqual([
      [3, '完善应急预案体系', ['县应急局'], '2023-06-30'],
      [4, '开展防汛演练', ['县水利局', '县应急局'], '2023-05-31'],
    ]);
  });

  test('a mapping that cannot be read is refused in Chinese', async () => {
    const file = await unknownHeaders();
    for (const [args, reason] of [
      [['--map', 'task=B,boss=C'], /“boss=C”看不懂/],
      [['--map', 'task=B,lead=B'], /同一列不能同时对应两项/],
      [['--header-row', '2'], /--header-row 要和 --map 一起使用/],
      [['--map', 'task=B', '--header-row', 'x'], /--header-row 需要表头所在的行号/],
    ] as [string[], RegExp][]) {
      const r = await cli('inspect', file, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(reason);
    }
  });
});

describe('npm run fengong rebuilds the CLI only when a source changed (SPEC §7: about a second on the sample)', () => {
  test('nothing changed: the compiler does not run; a source newer than the build: it does', () => {
    const root = path.join(__dirname, '..', '..');
    const build = () => spawnSync(process.execPath, [path.join(root, 'scripts', 'build-cli.js')], { encoding: 'utf8' });
    const main = path.join(root, 'dist', 'src', 'cli', 'main.js');
    expect(build().status).toBe(0);
    const built = statSync(main).mtimeMs;
    expect(build().status).toBe(0);
    expect(statSync(main).mtimeMs).toBe(built); // untouched: no compile
    const source = path.join(root, 'src', 'cli', 'main.ts');
    const { atime, mtime, mtimeMs } = statSync(source);
    const later = new Date(built + 5000);
    utimesSync(source, later, later);
    try {
      expect(build().status).toBe(0);
      expect(statSync(main).mtimeMs).toBeGreaterThan(built);
    } finally {
      // The source as it was: a later run (or make-like tool) must not see it as edited.
      utimesSync(source, atime, mtime);
    }
    expect(Math.abs(statSync(source).mtimeMs - mtimeMs)).toBeLessThan(1);
  });
});

describe('the CLI explains itself', () => {
  const commands = ['inspect', 'enrich', 'summary', 'split', 'remind', 'merge'];

  test('--help, -h and help list every command, one line each, on stdout with exit 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await cli(flag);
      expect(r.code).toBe(0);
      for (const c of commands) expect(r.stdout.split('\n').filter((l) => l.trim().startsWith(`${c} `))).toHaveLength(1);
    }
  });

  test('every <command> --help shows its usage, its arguments and an example, exit 0', async () => {
    for (const c of commands) {
      const r = await cli(c, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`用法：fengong ${c} FILE`);
      expect(r.stdout).toMatch(/参数：\n {2}FILE/);
      expect(r.stdout).toMatch(new RegExp(`示例：fengong ${c} `));
    }
    expect((await cli('--version')).stdout).toMatch(/^fengong \d+\.\d+\.\d+\n$/);
  });

  test('an unknown command names the word and the nearest command', async () => {
    const r = await cli('inspct', SAMPLE);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('“inspct”');
    expect(r.stderr).toContain('最接近的命令是 inspect');
  });

  test('a password-protected workbook, a folder as FILE, an unwritable folder, an OUT not .xlsx: each said precisely', async () => {
    const dir = tmp();
    // What Office writes for a password-protected .xlsx: a compound file (D0 CF 11 E0) holding EncryptionInfo and
    // EncryptedPackage streams (MS-OFFCRYPTO 2.3.4); only the container matters for the message.
    const enc = Buffer.alloc(2048);
    enc.writeUInt32BE(0xd0cf11e0, 0);
    Buffer.from('EncryptionInfo', 'utf16le').copy(enc, 1024);
    Buffer.from('EncryptedPackage', 'utf16le').copy(enc, 1152);
    writeFileSync(path.join(dir, '加密.xlsx'), enc);
    const encrypted = await cli('inspect', path.join(dir, '加密.xlsx'));
    expect([encrypted.code, encrypted.stderr]).toEqual([2, expect.stringContaining('设置了打开密码')]);
    const folder = await cli('inspect', dir);
    expect([folder.code, folder.stderr]).toEqual([2, expect.stringContaining('是一个文件夹，不是文件')]);
    const json = await cli('enrich', SAMPLE, '-o', path.join(dir, '结果.json'));
    expect([json.code, json.stderr]).toEqual([2, expect.stringContaining('扩展名不是 .xlsx')]);
    expect(existsSync(path.join(dir, '结果.json'))).toBe(false);
    // A file where the output folder should be: nothing can be written under it.
    writeFileSync(path.join(dir, 'afile'), 'x');
    const blocked = await cli('enrich', SAMPLE, '-o', path.join(dir, 'afile', 'out.xlsx'));
    expect([blocked.code, blocked.stderr]).toEqual([2, expect.stringContaining('是一个文件，不是文件夹')]);
  });
});
