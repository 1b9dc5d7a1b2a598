// Builds what the end-to-end test loads: the PRODUCTION task pane (the repository's webpack.config.js, as
// `npm run build` does, but into a temporary directory) and the browser harness (./webpack.harness.js).
// Both run as separate webpack processes, in parallel.
import { execFile } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const WEBPACK_CLI = require.resolve('webpack-cli/bin/cli.js', { paths: [ROOT] });

function webpack(args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [WEBPACK_CLI, ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 900_000 }, // minutes on a busy shared machine
      (err, stdout, stderr) => {
        if (err) reject(new Error(`webpack ${args.join(' ')} failed (${err.message.split('\n')[0]}):\n${stdout}\n${stderr}`));
        else resolve();
      },
    );
  });
}

/** The production origin the build writes into manifest.xml (FENGONG_PROD_URL); the page itself does not use it. */
export const BUILD_PROD_URL = 'https://fengong.example.org/';

/**
 * The production task pane into `taskpaneDir`: `webpack --mode production` with the repository's config. Office.js
 * comes from the CDN (the production default, pinned here against a stray FENGONG_OFFICE_JS); manifest.xml is
 * rewritten to BUILD_PROD_URL, as a deployment build does. Source maps are skipped (--no-devtool): they change
 * nothing the browser runs and halve the build time.
 */
export function buildTaskpane(taskpaneDir: string): Promise<void> {
  const env: NodeJS.ProcessEnv = { FENGONG_OFFICE_JS: 'cdn', FENGONG_PROD_URL: BUILD_PROD_URL };
  return webpack(['--config', 'webpack.config.js', '--mode', 'production', '--no-devtool', '--output-path', taskpaneDir], env);
}

/** The fake Excel for the browser (harness.js) into `harnessDir`. */
export function buildHarness(harnessDir: string): Promise<void> {
  return webpack(['--config', path.join('test', 'e2e', 'webpack.harness.js'), '--output-path', harnessDir]);
}
