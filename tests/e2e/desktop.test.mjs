// The real desktop app (Tauri + WebKitGTK) driven through WebDriver: tauri-driver starts
// the app on a fresh data directory and hands the session to WebKitWebDriver. Launch,
// onboard without a passphrase, post, see the post; then a hostile mini-app, contained. Run under Xvfb (scripts/test does).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTIFACTS, TIMEOUT, cli, freshDir } from './harness.mjs';
import { WebDriver, button } from './webdriver.mjs';

const APP = process.env.SUPERNET_DESKTOP_BIN
  ?? join(process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/supernet/target'), 'debug/supernet-desktop');
/** tauri-driver's port; WebKitWebDriver gets the next one. Fixed by tauri-driver's defaults. */
const DRIVER_PORT = 4444;

/** A photo and a short WebM clip. */
const FIXTURES = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');

let driver;
let session;
let dataDir;

before(async () => {
  dataDir = freshDir('desktop');
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

test('a post with a photo and a clip shows them in the desktop window (snblob: protocol)', async () => {
  // Attached through the CLI, which talks to the app's own node.
  const added = [];
  for (const file of ['sunset.jpg', 'clip.webm']) {
    added.push(JSON.parse(await cli(dataDir, ['call', 'blobs.add', JSON.stringify({ path: join(FIXTURES, file) })])));
  }
  await cli(dataDir, ['call', 'social.post', JSON.stringify({
    text: 'Photo and clip, from the desktop node',
    attachments: added.map((a) => ({ hash: a.hash })),
  })]);
  const post = '//*[@data-testid="post"][contains(normalize-space(), "Photo and clip")]';
  await session.find(post, TIMEOUT);
  const loaded = `${post}//img[@src and contains(@src, "snblob")]`;
  const img = await session.find(loaded, TIMEOUT);
  const deadline = Date.now() + TIMEOUT;
  while (!(await session.run('return arguments[0].complete && arguments[0].naturalWidth > 0', img))) {
    assert.ok(Date.now() < deadline, 'the photo loads through snblob:');
    await new Promise((r) => setTimeout(r, 200));
  }
  const video = await session.find(`${post}//video`, TIMEOUT);
  await session.run('arguments[0].scrollIntoView({block: "end"})', video);
  await session.run('arguments[0].muted = true; arguments[0].play().catch(() => {})', video);
  const playing = Date.now() + TIMEOUT;
  for (;;) {
    const state = await session.run('const v = arguments[0]; return {t: v.currentTime, error: v.error && v.error.code, src: v.currentSrc}', video);
    if (state.t > 0.5) break;
    assert.ok(Date.now() < playing && !state.error, `the clip plays in the window: ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  writeFileSync(join(ARTIFACTS, 'desktop-attachments.png'), await session.screenshot());
});

test('a mini-app in the desktop window cannot reach the window, Tauri IPC or the network', async () => {
  // Installed through the CLI into the app's own node, as `supernet app dev` does.
  const hostile = join(FIXTURES, 'miniapps', 'hostile');
  await cli(dataDir, ['call', 'apps.publish', JSON.stringify({ dir: hostile, install: true })]);
  await session.run('location.hash = "#/apps/open/hostile"');
  const frame = await session.find('//iframe[@data-testid="app-frame"]', TIMEOUT);
  assert.equal(await session.run('return arguments[0].getAttribute("sandbox")', frame), 'allow-scripts allow-forms');
  await session.cmd('POST', '/frame', { id: { 'element-6066-11e4-a52e-4f735466cecf': frame } });
  let outcomes;
  try {
    await session.find('//body[@data-done="true"]', TIMEOUT);
    outcomes = await session.run(
      'return [...document.querySelectorAll("li[data-check]")].map((li) => [li.dataset.check, li.dataset.outcome, li.textContent])',
    );
  } finally {
    await session.cmd('POST', '/frame/parent', {});
    writeFileSync(join(ARTIFACTS, 'desktop-miniapp-hostile.png'), await session.screenshot());
  }
  assert.deepEqual(
    outcomes.map(([check]) => check).sort(),
    ['cookie', 'direct-payment', 'fetch-api', 'parent-document', 'tauri-ipc', 'top-location', 'ungranted-call'],
  );
  for (const [check, outcome, detail] of outcomes) assert.equal(outcome, 'blocked', `${check}: ${detail}`);
  // The window is still Supernet, on the app's page.
  assert.equal(await session.title(), 'Supernet');
  assert.equal(await session.run('return location.hash'), '#/apps/open/hostile');
});
