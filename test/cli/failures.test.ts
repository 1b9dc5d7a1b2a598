// The CLI when something breaks under it (SPEC §7): an internal failure exits 1 with a Chinese line on stderr, and
// a write cut off part-way leaves no OUT (and an OUT from an earlier run as it was) — never a half-written workbook.
import { existsSync, promises as fsp, readFileSync, readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { run } from '../../src/cli/main';
import * as enrich from '../../src/core/plan/enrich';
import { SAMPLE } from '../helpers/sample';
import { tempDir } from '../helpers/temp';
import { openList } from '../helpers/unit-lists';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

/** The sample copied into a fresh folder, and where OUT goes. */
function workspace() {
  const dir = tempDir('cli-fail');
  const input = path.join(dir, 'in.xlsx');
  writeFileSync(input, readFileSync(SAMPLE));
  return { dir, input, out: path.join(dir, 'out.xlsx') };
}

afterEach(() => jest.restoreAllMocks());

test('an internal failure (a bug in the engine) exits 1, says so in Chinese, writes nothing, leaves the input alone', async () => {
  const { dir, input, out } = workspace();
  jest.spyOn(enrich, 'planEnrich').mockImplementation(() => {
    throw new TypeError("Cannot read properties of undefined (reading 'row')");
  });
  const r = await cli('enrich', input, '-o', out);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe("内部错误，文件未被修改：Cannot read properties of undefined (reading 'row')\n");
  expect(readdirSync(dir)).toEqual(['in.xlsx']);
  expect(readFileSync(input).equals(readFileSync(SAMPLE))).toBe(true);
});

/** fs.promises.writeFile that writes the first half of the bytes, then fails as a full disk does. */
function diskFullHalfway() {
  const real = fsp.writeFile.bind(fsp);
  return jest.spyOn(fsp, 'writeFile').mockImplementation(async (file, data) => {
    const bytes = data as Uint8Array;
    await real(file as string, bytes.subarray(0, Math.floor(bytes.length / 2)));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  });
}

/** A reply from 法规科 (its list with one task filled in), written outside the workspace; its path. */
async function replyFromFagui(input: string): Promise<string> {
  const lists = tempDir('cli-fail-lists');
  expect((await cli('split', input, '-o', lists)).code).toBe(0);
  const list = await openList(path.join(lists, '法规科-任务清单.xlsx'));
  list.fill('3', '已完成', '2023-06-28', '已完成评查');
  const back = path.join(lists, '法规科-回报.xlsx');
  await list.wb.xlsx.writeFile(back);
  return back;
}

test.each(['enrich', 'merge'])('%s: a write cut off part-way leaves no OUT and no temporary file; the reason is Chinese (exit 2)', async (command) => {
  const { dir, input, out } = workspace();
  const args = command === 'merge' ? ['merge', input, await replyFromFagui(input), '-o', out] : ['enrich', input, '-o', out];
  const writes = diskFullHalfway();
  const r = await cli(...args);
  expect(writes).toHaveBeenCalled();
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(`无法写入输出文件“${out}”：磁盘已满。\n`);
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(dir)).toEqual(['in.xlsx']);
});

test('an OUT from an earlier run is kept whole when the new write is cut off', async () => {
  const { dir, input, out } = workspace();
  expect((await cli('enrich', input, '-o', out, '--as-of', '2023-06-30')).code).toBe(0);
  const earlier = readFileSync(out);
  diskFullHalfway();
  expect((await cli('enrich', input, '-o', out, '--as-of', '2023-07-31')).code).toBe(2);
  jest.restoreAllMocks();
  expect(readFileSync(out).equals(earlier)).toBe(true);
  expect(readdirSync(dir).sort()).toEqual(['in.xlsx', 'out.xlsx']);
  // and it is still a workbook the CLI reads, with the earlier 基准日期
  expect(JSON.parse((await cli('summary', out, '--json')).stdout).asOf).toBe('2023-06-30');
});
