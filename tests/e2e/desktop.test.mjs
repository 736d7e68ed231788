// The real desktop app (Tauri + WebKitGTK) driven through WebDriver: tauri-driver starts
// the app on a fresh data directory and hands the session to WebKitWebDriver. Launch,
// onboard without a passphrase, post, see the post. Run under Xvfb (scripts/test does).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, TIMEOUT, freshDir } from './harness.mjs';
import { WebDriver, button } from './webdriver.mjs';

const APP = process.env.SUPERNET_DESKTOP_BIN
  ?? join(process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/supernet/target'), 'debug/supernet-desktop');
/** tauri-driver's port; WebKitWebDriver gets the next one. Fixed by tauri-driver's defaults. */
const DRIVER_PORT = 4444;

let driver;
let session;

before(async () => {
  const dataDir = freshDir('desktop');
  driver = spawn('tauri-driver', ['--port', String(DRIVER_PORT)], {
    env: { ...process.env, SUPERNET_DATA_DIR: dataDir, SUPERNET_LOCAL_ONLY: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  session = await WebDriver.connect(`http://127.0.0.1:${DRIVER_PORT}`, {
    'tauri:options': { application: APP },
    browserName: 'wry',
  }, TIMEOUT);
});

after(async () => {
  await session?.close();
  driver?.kill();
});

const input = (label) => `//label[normalize-space()="${label}"]//input | //input[@id=//label[normalize-space()="${label}"]/@for] | //textarea[@id=//label[normalize-space()="${label}"]/@for] | //*[@aria-label="${label}"]`;

test('the desktop window onboards, posts and shows the post', async () => {
  assert.equal(await session.title(), 'Supernet');
  await session.click(await session.find(button('Create a new account'), TIMEOUT));
  await session.type(await session.find(input('Name'), TIMEOUT), 'Desktop Dana');
  await session.click(await session.find(input('Use no passphrase'), TIMEOUT));
  await session.click(await session.find(button('Create account'), TIMEOUT));

  await session.find('//*[@data-testid="recovery-phrase"]', TIMEOUT);
  const words = await session.cmd('POST', '/elements', { using: 'css selector', value: '[data-testid="recovery-word"]' });
  assert.equal(words.length, 24, 'the recovery phrase has 24 words');
  await session.click(await session.find(input('I have written down my recovery phrase'), TIMEOUT));
  await session.click(await session.find(button('Continue'), TIMEOUT));

  const composer = await session.find(input('Write a post'), TIMEOUT);
  await session.type(composer, 'Posted from the desktop app');
  await session.click(await session.find(button('Publish'), TIMEOUT));
  const post = await session.find('//*[@data-testid="post"][contains(normalize-space(), "Posted from the desktop app")]', TIMEOUT);
  assert.match(await session.text(post), /Posted from the desktop app/);
  writeFileSync(join(ARTIFACTS, 'desktop-window.png'), await session.screenshot());
});
