// Shared pieces of the end-to-end tests: a real `supernet serve` on a fresh data directory
// (local-only, loopback, OS-chosen port), Debian's Chromium through playwright-core, the
// axe-core accessibility check, and where screenshots go.

import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The built CLI. */
export const SUPERNET = process.env.SUPERNET_BIN
  ?? join(process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/supernet/target'), 'debug/supernet');

/** Where screenshots are kept as test artifacts. */
export const ARTIFACTS = process.env.SUPERNET_ARTIFACTS ?? join(here, '../../test-artifacts/e2e');
mkdirSync(ARTIFACTS, { recursive: true });

/** How long anything may take to appear: generous for a loaded 2-core machine. */
export const TIMEOUT = 20_000;

export function freshDir(name) {
  return mkdtempSync(join(tmpdir(), `supernet-e2e-${name}-`));
}

function env(dataDir, extra = {}) {
  const e = { ...process.env, SUPERNET_DATA_DIR: dataDir, SUPERNET_LOCAL_ONLY: '1', ...extra };
  delete e.SUPERNET_PASSPHRASE;
  return e;
}

/** Runs the CLI once; resolves with its standard output. */
export async function cli(dataDir, args, extraEnv = {}) {
  const { stdout } = await promisify(execFile)(SUPERNET, args, { env: env(dataDir, extraEnv), timeout: TIMEOUT });
  return stdout.trim();
}

/** Starts `supernet serve`; resolves once it prints its address and login link. */
export function serve(dataDir, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(SUPERNET, ['serve'], { env: env(dataDir, extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`serve did not start:\n${err}`)); }, TIMEOUT);
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const url = /serving its API at (\S+)/.exec(out)?.[1];
      const login = /Open the web UI: (\S+)/.exec(out)?.[1];
      if (url && login) {
        clearTimeout(timer);
        resolve({
          url,
          login,
          dataDir,
          stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGINT'); }),
        });
      }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited (${code}):\n${err}`)); });
  });
}

/** Debian's Chromium, headless, with nothing reaching out to the internet. */
export async function browser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Fails the test on any Content-Security-Policy violation or uncaught page error. */
export function watchPage(page, problems) {
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page; returns the serious and critical violations. */
export async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

export async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}
