// Ribbon function commands: outcome reported, event.completed() always called — also when the command fails.
import { readFileSync } from 'fs';
import { Host, Outcome } from '../../src/adapters/office/actions';
import { DialogApi, RESULT_SHEET, messageUrl, runCommand, showOutcome } from '../../src/commands/ribbon';
import { FakeWorkbook } from '../fake-excel';
import { SAMPLE } from '../helpers/sample';
import { fakeHost } from '../helpers/office';

const hostFor = (wb: FakeWorkbook, apiVersion?: string): Host => fakeHost(wb, apiVersion ? { apiVersion } : {}).host;

function event() {
  const e = { calls: 0, completed: () => void e.calls++ };
  return e;
}

test.each([
  ['validateTable', '校验结果'],
  ['enrichTable', '单位名录'],
  ['summarizeTable', '汇总'],
] as const)('%s on the sample: succeeds, reports, completes once', async (name, sheet) => {
  const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  const e = event();
  const shown: Outcome[] = [];
  const out = await runCommand(name, e, hostFor(wb), (o) => void shown.push(o));
  expect(out.ok).toBe(true);
  expect(e.calls).toBe(1);
  expect(shown).toEqual([out]);
  expect(wb.sheetNames()).toContain(sheet);
});

test('a failing command still completes the event and reports a Chinese reason', async () => {
  const wb = FakeWorkbook.fromGrids([{ name: '空白', values: [] }]);
  const e = event();
  const shown: Outcome[] = [];
  const out = await runCommand('summarizeTable', e, hostFor(wb), (o) => void shown.push(o));
  expect(out.ok).toBe(false);
  expect(out.message).toMatch(/没有找到责任分工表/);
  expect(e.calls).toBe(1);
  expect(wb.sheetNames()).toEqual(['空白']);
});

test('a notification that throws does not keep the command from completing', async () => {
  const wb = await FakeWorkbook.fromXlsx(readFileSync(SAMPLE));
  const e = event();
  await runCommand('validateTable', e, hostFor(wb, '1.4'), () => {
    throw new Error('dialog blocked');
  });
  expect(e.calls).toBe(1);
});

test('the outcome dialog URL carries the message as an encoded query value', () => {
  const url = messageUrl('https://localhost:3000/message.html', { ok: false, message: '<b>单元格</b>&x=1' });
  expect(url).toBe('https://localhost:3000/message.html?ok=0&m=%3Cb%3E%E5%8D%95%E5%85%83%E6%A0%BC%3C%2Fb%3E%26x%3D1');
  expect(new URL(url).searchParams.get('m')).toBe('<b>单元格</b>&x=1');
});

describe('the outcome dialog: shown until closed, with a fallback when Office refuses it', () => {
  const api = (codes: (number | null)[], log: string[]): DialogApi => ({
    open: async () => {
      const code = codes.shift();
      if (code) throw { code };
      return { close: () => void log.push('close'), onClosed: (done) => void setTimeout(() => (log.push('closed by user'), done()), 5) };
    },
    waitMs: 1000,
    sleep: async () => void log.push('wait'),
  });
  test('shown, and resolved only after the user closed it', async () => {
    const log: string[] = [];
    expect(await showOutcome(api([null], log), 'u', async () => void log.push('fallback'))).toBe('dialog');
    expect(log).toEqual(['closed by user', 'close']);
  });
  test('12007 (a dialog still open): tried again after a moment', async () => {
    const log: string[] = [];
    expect(await showOutcome(api([12007, null], log), 'u', async () => void log.push('fallback'))).toBe('dialog');
    expect(log[0]).toBe('wait');
  });
  test.each([12009, 12011])('%s: the fallback shows the outcome', async (code) => {
    const log: string[] = [];
    expect(await showOutcome(api([code], log), 'u', async () => void log.push('fallback'))).toBe('fallback');
    expect(log).toEqual(['fallback']);
  });
  test('the fallback of 汇总 and 校验 is their result sheet', () => {
    expect(RESULT_SHEET).toEqual({ validateTable: '校验结果', enrichTable: null, summarizeTable: '汇总' });
  });
});
