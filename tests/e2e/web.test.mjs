// The web UI against a real `supernet serve` (no mocked API), in Debian's Chromium:
// sign in with the printed link, onboard (create an account, see the recovery phrase once),
// post, see a post made elsewhere arrive live, reload and find everything still there —
// at desktop and phone sizes, with screenshots kept and an accessibility check of each screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { axe, browser, cli, freshDir, serve, shot, watchPage, TIMEOUT } from './harness.mjs';

let node;
let chromium;
const problems = [];

before(async () => {
  node = await serve(freshDir('web'));
  chromium = await browser();
});

after(async () => {
  await chromium?.close();
  await node?.stop();
});

async function openSignedIn(viewport, name) {
  const context = await chromium.newContext({ viewport });
  const page = await context.newPage();
  watchPage(page, problems);
  const link = name === 'desktop' ? node.login : await cli(node.dataDir, ['link']);
  await page.goto(link);
  return { context, page };
}

async function expectNoSeriousA11yViolations(page, screen) {
  const violations = await axe(page);
  assert.deepEqual(violations, [], `accessibility problems on the ${screen} screen`);
}

test('onboarding, posting and live updates at desktop size', async () => {
  const { context, page } = await openSignedIn({ width: 1280, height: 800 }, 'desktop');
  page.setDefaultTimeout(TIMEOUT);

  await page.getByRole('button', { name: 'Create a new account' }).waitFor();
  await shot(page, 'desktop-1-welcome');
  await expectNoSeriousA11yViolations(page, 'welcome');
  await page.getByRole('button', { name: 'Create a new account' }).click();

  await page.getByLabel('Name', { exact: true }).fill('Alice');
  await page.getByLabel('Passphrase', { exact: true }).fill('correct horse battery staple');
  await page.getByLabel('Repeat passphrase').fill('correct horse battery staple');
  await shot(page, 'desktop-2-create');
  await expectNoSeriousA11yViolations(page, 'create account');
  await page.getByRole('button', { name: 'Create account' }).click();

  const words = page.getByTestId('recovery-word');
  await words.first().waitFor();
  assert.equal(await words.count(), 24, 'the recovery phrase has 24 words');
  await shot(page, 'desktop-3-recovery-phrase');
  const continueButton = page.getByRole('button', { name: 'Continue' });
  assert.equal(await continueButton.isDisabled(), true, 'Continue waits for the confirmation');
  await page.getByLabel('I have written down my recovery phrase').check();
  await continueButton.click();

  const composer = page.getByLabel('Write a post');
  await composer.waitFor();
  await expectNoSeriousA11yViolations(page, 'empty feed');
  await composer.fill('Hello from the **browser**');
  await page.getByRole('button', { name: 'Publish' }).click();
  const mine = page.getByTestId('post').filter({ hasText: 'Hello from the browser' });
  await mine.waitFor();
  assert.equal(await mine.locator('strong').innerText(), 'browser', 'Markdown is rendered');

  // A post made elsewhere (the CLI, through the same node) arrives without a reload.
  await cli(node.dataDir, ['post', 'Written in the terminal']);
  await page.getByTestId('post').filter({ hasText: 'Written in the terminal' }).waitFor();
  await shot(page, 'desktop-4-feed');
  await expectNoSeriousA11yViolations(page, 'feed');

  // Still there after a reload: the session cookie and the node keep everything.
  await page.reload();
  await page.getByTestId('post').filter({ hasText: 'Hello from the browser' }).waitFor();
  assert.equal(await page.getByTestId('post').count(), 2);

  await page.getByRole('link', { name: 'Profile' }).click();
  const account = await cli(node.dataDir, ['id']);
  await page.getByText(account).first().waitFor();
  await shot(page, 'desktop-5-profile');
  await expectNoSeriousA11yViolations(page, 'profile');
  await context.close();
});

test('a blog post with a title and a preview, at phone size', async () => {
  const { context, page } = await openSignedIn({ width: 390, height: 844 }, 'phone');
  page.setDefaultTimeout(TIMEOUT);
  await page.getByLabel('Write a post').waitFor();
  await page.getByLabel('Blog post').check();
  await page.getByLabel('Title', { exact: true }).fill('My first blog post');
  await page.getByLabel('Write a post').fill('# Heading\n\nSome *emphasis*.');
  await page.getByRole('tab', { name: 'Preview' }).click();
  await page.getByRole('heading', { name: 'Heading' }).first().waitFor();
  await shot(page, 'phone-1-preview');
  await page.getByRole('tab', { name: 'Write' }).click();
  await page.getByRole('button', { name: 'Publish' }).click();
  const post = page.getByTestId('post').filter({ hasText: 'My first blog post' });
  await post.waitFor();
  await shot(page, 'phone-2-feed');
  await expectNoSeriousA11yViolations(page, 'phone feed');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `nothing overflows the phone's width (page is ${width}px wide)`);
  await context.close();
});

test('the public page of the account works without JavaScript', async () => {
  const account = await cli(node.dataDir, ['id']);
  const context = await chromium.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${node.url}/@${account}`);
  await page.getByRole('heading', { name: 'Alice' }).waitFor();
  await page.getByText('Written in the terminal').waitFor();
  await page.getByRole('heading', { name: 'My first blog post' }).waitFor();
  await shot(page, 'public-page');
  await context.close();
});

test('no page broke its Content-Security-Policy or threw', () => {
  assert.deepEqual(problems, []);
});
