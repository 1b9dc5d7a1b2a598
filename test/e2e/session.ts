// What every end-to-end file sets up: the PRODUCTION task pane and the harness (built once per source state and
// shared by the e2e files, see builtOnce), a local server holding the fake's state, Chromium with the harness
// answering for the Office CDN's office.js, and the list of problems (console errors, page errors, requests that
// leave the machine) that must stay empty.
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { E2EWindow } from './api';
import { buildHarness, buildTaskpane } from './build';
import { serveStatic, type StaticServer } from './server';

const ROOT = path.resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.FENGONG_CHROMIUM || '/usr/bin/chromium';
export const OFFICE_CDN = 'https://appsforoffice.microsoft.com/';
export const OFFICE_JS = `${OFFICE_CDN}lib/1/hosted/office.js`;
/** Longest wait for anything the pane should show; failures then report quickly instead of at jest's timeout. */
export const UI_TIMEOUT = 20_000;

/** What the builds read: a change to any of it makes a new build. */
const BUILD_INPUTS = ['src', 'assets', 'test/e2e/harness', 'test/e2e/api.ts', 'test/fake-excel', 'webpack.config.js', 'test/e2e/webpack.harness.js', 'manifest.xml', 'package-lock.json', 'tsconfig.json'];

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (p: string): void => {
    const full = path.join(ROOT, p);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) for (const f of readdirSync(full).sort()) walk(path.join(p, f));
    else hash.update(p).update('\0').update(readFileSync(full));
  };
  BUILD_INPUTS.forEach(walk);
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The two builds for the current sources, made once: jest runs the e2e files in parallel workers, and each would
 * otherwise spend a minute on the same two webpack runs. The first worker builds into a temporary folder and renames
 * it into place; the others wait for the folder. Returns { taskpaneDir, harnessDir }.
 */
export async function builtOnce(): Promise<{ taskpaneDir: string; harnessDir: string }> {
  const dir = path.join(tmpdir(), `fengong-e2e-build-${sourceHash()}`);
  const result = { taskpaneDir: path.join(dir, 'dist-web'), harnessDir: path.join(dir, 'harness') };
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(dir)) return result;
    try {
      mkdirSync(lock);
    } catch {
      // Another worker is building; a lock older than 15 minutes is from a run that died.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
      await sleep(1000);
      continue;
    }
    try {
      const work = `${dir}.${process.pid}`;
      rmSync(work, { recursive: true, force: true });
      await Promise.all([buildTaskpane(path.join(work, 'dist-web')), buildHarness(path.join(work, 'harness'))]);
      renameSync(work, dir);
      return result;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export interface PaneSession {
  page: Page;
  context: BrowserContext;
  server: StaticServer;
  taskpaneDir: string;
  harnessDir: string;
  /** Console errors, page errors and blocked requests; tests expect it empty. */
  problems: string[];
  /** The add-in's scripts the page requested, in order (file names under dist-web/). */
  scripts: string[];
  /** Requests to the Office.js CDN, answered with the harness. */
  stubbed: string[];
  close(): Promise<void>;
}

/**
 * The production task pane in Chromium (360 px wide, zh-CN), mounted on the fake holding `state` (FakeWorkbook.toJSON).
 * `permissions`: e.g. the clipboard, for 催办's 复制.
 */
export async function openPane(state: string, permissions: string[] = []): Promise<PaneSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set FENGONG_CHROMIUM)`);
  const { taskpaneDir, harnessDir } = await builtOnce();
  const server = await serveStatic({ '/': taskpaneDir }, { '/e2e/state.json': state });
  const problems: string[] = [];
  const scripts: string[] = [];
  const stubbed: string[] = [];
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 360, height: 900 }, locale: 'zh-CN', serviceWorkers: 'block', permissions });
    context.setDefaultTimeout(UI_TIMEOUT);
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${server.origin}/`)) {
        const file = new URL(url).pathname.slice(1);
        if (file.endsWith('.js')) scripts.push(file);
        return route.continue();
      }
      if (url.startsWith(OFFICE_CDN)) {
        stubbed.push(url);
        return route.fulfill({ status: 200, contentType: 'text/javascript', path: path.join(harnessDir, 'harness.js') });
      }
      problems.push(`blocked request: ${url}`);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console error: ${m.text()}`)));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.origin}/taskpane.html`, { waitUntil: 'load' });
    await page.evaluate((url) => (globalThis as E2EWindow).__e2e.mount(url), '/e2e/state.json');
    const opened = browser;
    return {
      page,
      context,
      server,
      taskpaneDir,
      harnessDir,
      problems,
      scripts,
      stubbed,
      close: async () => {
        await opened.close();
        await server.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await server.close();
    throw e;
  }
}
