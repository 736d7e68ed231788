// One account on two devices, end to end: two real `supernet serve` nodes of the same
// account (the second restored from the first's recovery phrase), each driven in Debian's
// Chromium. On the Profile page's "Your devices" card, A refuses its own link with the
// node's words at the field, then links B by B's link; both list each other. A transaction
// added to B's books (the Balance sheet tab's private books) appears in A's Balance sheet
// by itself. Screenshots of the card (desktop and phone, light and dark) go to
// test-artifacts/e2e/devices-*.png, with an accessibility check.
//
//   SUPERNET_BIN=… node --test --test-concurrency=1 tests/e2e/devices.test.mjs
//
// The node embeds the built frontend: run `npm --prefix frontend run build` and rebuild
// the CLI first (scripts/test does both).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ARTIFACTS, SUPERNET, axe, browser, cli, freshDir, serve, watchPage, TIMEOUT } from './harness.mjs';

let chromium;
const problems = [];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

before(async () => {
  chromium = await browser();
});

after(async () => {
  await chromium?.close();
});

/** Creates an account in `dir`; resolves with its 24-word recovery phrase (printed once, on standard error). */
async function initWithPhrase(dir) {
  const env = { ...process.env, SUPERNET_DATA_DIR: dir, SUPERNET_LOCAL_ONLY: '1' };
  delete env.SUPERNET_PASSPHRASE;
  const { stderr } = await promisify(execFile)(SUPERNET, ['init', '--no-passphrase', '--name', 'Alice'], { env, timeout: TIMEOUT });
  const words = [...stderr.matchAll(/\d+\. ([a-z]+)/g)].map((m) => m[1]);
  assert.equal(words.length, 24, `init printed the recovery phrase:\n${stderr}`);
  return words.join(' ');
}

/** The card, once its link is shown. */
function card(page) {
  return page.locator('section', { has: page.getByRole('heading', { name: 'Your devices', level: 2 }) });
}

/**
 * A screenshot of the card alone, once nothing moves. The window is made as tall as the
 * page meanwhile, so that the sticky top bar and the phone's bottom bar cover none of it.
 */
async function snap(page, name) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.evaluate(() => window.scrollTo(0, 0));
  await card(page).screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  await page.setViewportSize(viewport);
}

async function fitsWidth(page, width, what) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `${what}: nothing overflows ${width}px (page is ${scroll}px wide)`);
}

test('two devices of one account link through the card and keep the books the same', { timeout: 240_000 }, async () => {
  const aDir = freshDir('devices-a');
  const bDir = freshDir('devices-b');
  const phrase = await initWithPhrase(aDir);
  await cli(bDir, ['init', '--no-passphrase', '--recover'], { SUPERNET_RECOVERY_PHRASE: phrase });
  assert.equal(await cli(bDir, ['id']), await cli(aDir, ['id']), 'B is the same account');
  const a = await serve(aDir);
  const b = await serve(bDir);
  const contexts = [];
  try {
    const open = async (node, viewport, colorScheme = 'light') => {
      const context = await chromium.newContext({ viewport, colorScheme, deviceScaleFactor: viewport === PHONE ? 2 : 1 });
      contexts.push(context);
      const page = await context.newPage();
      watchPage(page, problems);
      page.setDefaultTimeout(TIMEOUT);
      await page.goto(await cli(node.dataDir, ['link']));
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
      await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
      await card(page).getByRole('textbox', { name: 'This device’s link' }).waitFor();
      await card(page).scrollIntoViewIfNeeded();
      return page;
    };
    const pa = await open(a, DESKTOP);
    const pb = await open(b, PHONE);
    const ca = card(pa);
    const cb = card(pb);

    // Nothing linked yet; each shows its own link and name.
    await ca.getByText('No other device linked yet.').waitFor();
    await cb.getByText('No other device linked yet.').waitFor();
    const aTicket = await ca.getByRole('textbox', { name: 'This device’s link' }).inputValue();
    const bTicket = await cb.getByRole('textbox', { name: 'This device’s link' }).inputValue();
    assert.equal(aTicket, await cli(aDir, ['ticket']));
    const bName = (await cb.getByText(/^Device …/).first().innerText()).trim();
    const aName = (await ca.getByText(/^Device …/).first().innerText()).trim();
    await snap(pa, 'devices-1-empty-desktop-light');
    assert.deepEqual(await axe(pa), [], 'accessibility problems on the devices card');

    // The QR code of the link, on demand.
    await ca.getByRole('button', { name: 'Show QR code' }).click();
    const qr = ca.getByRole('img', { name: 'QR code of this device’s link' });
    await qr.waitFor();
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code is drawn');
    await snap(pa, 'devices-2-qr-desktop-light');
    await ca.getByRole('button', { name: 'Hide QR code' }).click();

    // A's own link, pasted on A: refused with the node's words at the field.
    const field = ca.getByRole('textbox', { name: 'Your other device’s link' });
    await field.fill(aTicket);
    await ca.getByRole('button', { name: 'Link' }).click();
    const refused = ca.getByRole('alert');
    await refused.waitFor();
    assert.match(await refused.innerText(), /That is this device's own ticket/);
    assert.equal(await field.inputValue(), aTicket, 'the field keeps its text');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await snap(pa, 'devices-3-own-link-refused-desktop-light');

    // B's link, pasted on A: linked, with B in A's list.
    await field.fill(bTicket);
    await ca.getByRole('button', { name: 'Link' }).click();
    await ca.getByRole('status').filter({ hasText: `Linked with ${bName}.` }).waitFor();
    assert.equal(await field.inputValue(), '');
    const aList = ca.getByRole('list', { name: 'Linked devices' });
    await aList.getByText(bName).waitFor();
    await aList.getByText(/^Connected · /).waitFor();
    await snap(pa, 'devices-4-linked-desktop-light');
    assert.deepEqual(await axe(pa), [], 'accessibility problems on the devices card once linked');

    // B lists A by itself (after its sync with A ends), or on Refresh.
    const bList = cb.getByRole('list', { name: 'Linked devices' });
    for (const deadline = Date.now() + TIMEOUT; !(await bList.getByText(aName).isVisible()); ) {
      assert.ok(Date.now() < deadline, 'B lists A');
      await cb.getByRole('button', { name: 'Refresh the devices' }).click();
      await pb.waitForTimeout(500);
    }
    await bList.getByText(/^Connected · /).waitFor();
    await fitsWidth(pb, PHONE.width, 'devices card on a phone');
    await snap(pb, 'devices-5-linked-phone-light');

    // A made the account and pays; B, restored from the phrase, does not until told —
    // then its node signs payments, as `coin.create_currency` (a chained join) shows.
    assert.equal(await ca.getByRole('checkbox', { name: 'Pay from this device' }).isChecked(), true);
    const payB = cb.getByRole('checkbox', { name: 'Pay from this device' });
    assert.equal(await payB.isChecked(), false);
    const currency = JSON.stringify({ name: 'Hours', symbol: 'H', decimals: 0, start_limit: '10' });
    await assert.rejects(cli(bDir, ['call', 'coin.create_currency', currency]), /Pay from this device/);
    await payB.check();
    await cb.getByText(/This device signs your payments/).waitFor();
    await cli(bDir, ['call', 'coin.create_currency', currency]);

    // Dark, at both sizes.
    for (const [node, viewport, size] of [[a, DESKTOP, 'desktop'], [b, PHONE, 'phone']]) {
      const page = await open(node, viewport, 'dark');
      await card(page).getByRole('list', { name: 'Linked devices' }).getByText(/^Connected · /).waitFor();
      await card(page).getByRole('button', { name: 'Show QR code' }).click();
      await card(page).getByRole('img', { name: 'QR code of this device’s link' }).waitFor();
      await snap(page, `devices-6-linked-${size}-dark`);
      assert.deepEqual(await axe(page), [], `accessibility problems on the devices card (${size}, dark)`);
    }

    // A transaction in B's books appears in A's Balance sheet.
    await pa.locator('a[href="#/books"]').first().click();
    await pa.getByRole('heading', { name: 'Balance sheet', level: 1 }).waitFor();
    await pa.getByTestId('books-empty').waitFor();
    const today = new Date().toISOString().slice(0, 10);
    await cli(bDir, ['call', 'ledger.add', JSON.stringify({
      date: today,
      description: 'Opening balances',
      postings: [
        { account: 'Assets:Bank:Checking', amount: '1234.56', commodity: 'EUR' },
        { account: 'Equity:Opening balances' },
      ],
    })]);
    await pa.waitForFunction(() => /1,234\.56/.test(document.querySelector('[data-testid="net-worth"]')?.textContent ?? ''), null, { timeout: 60_000 });
    const accounts = JSON.parse(await cli(aDir, ['call', 'ledger.accounts', '{}'])).accounts.map((x) => x.account);
    assert.ok(accounts.includes('Assets:Bank:Checking'), `A's books hold B's account: ${accounts}`);

    // A node running without its network (a bare `supernet` database, no `serve`) answers
    // `unavailable`: the card says calmly where linking works, with no error.
    for (const [viewport, size, colorScheme] of [[DESKTOP, 'desktop', 'light'], [PHONE, 'phone', 'dark']]) {
      const context = await chromium.newContext({ viewport, colorScheme, deviceScaleFactor: viewport === PHONE ? 2 : 1 });
      contexts.push(context);
      await context.route(/\/api\/net\.(ticket|devices)$/, (route) => route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'unavailable', message: 'the network is not running: it runs with `supernet serve` or the desktop app' }),
      }));
      const page = await context.newPage();
      watchPage(page, problems);
      page.setDefaultTimeout(TIMEOUT);
      await page.goto(await cli(aDir, ['link']));
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
      const note = card(page).getByText('Linking devices works while Supernet runs with its network', { exact: false });
      await note.waitFor();
      assert.equal(await card(page).getByRole('alert').count(), 0, 'no error when the network is off');
      assert.equal(await card(page).getByRole('textbox').count(), 0);
      await snap(page, `devices-7-no-network-${size}-${colorScheme}`);
    }

    assert.deepEqual(problems, [], 'no CSP violations or page errors');
  } finally {
    for (const c of contexts) await c.close();
    await a.stop();
    await b.stop();
  }
});
