// The Wallet tab end to end: two real nodes that follow each other, each driven in
// Debian's Chromium. A opens the Wallet, pays B 12.50 with a memo; once B's node
// countersigns, B's wallet shows +12.50 and A's −12.50. Later A vouches 20 ŧ for B: A's
// credit limit falls to 80.00, B's rises to 121.25 once B's node accepts. Screenshots (desktop and phone)
// go to test-artifacts/e2e/wallet-*.png, with an accessibility check of each screen.
//
//   SUPERNET_BIN=… node --test --test-concurrency=1 tests/e2e/wallet.test.mjs
//
// The node embeds the built frontend: run `npm --prefix frontend run build` and rebuild
// the CLI first (scripts/test does both).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axe, browser, cli, freshDir, serve, shot as takeShot, watchPage, TIMEOUT } from './harness.mjs';

/** A photo (the same fixture the web test attaches to a post). */
const PHOTO = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', 'sunset.jpg');

let chromium;
const problems = [];
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const SMALL_PHONE = { width: 360, height: 740 };

before(async () => {
  chromium = await browser();
});

after(async () => {
  await chromium?.close();
});

/** A screenshot once dialogs have faded in and colours settled (they animate for 160 ms). */
async function shot(page, name) {
  await page.waitForTimeout(300);
  await takeShot(page, name);
}

async function noSeriousA11yViolations(page, screen) {
  assert.deepEqual(await axe(page), [], `accessibility problems on the ${screen} screen`);
}

async function fitsWidth(page, width, what) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `${what}: nothing overflows ${width}px (page is ${scroll}px wide)`);
}

/** Waits until a node's API says something (polling the CLI). */
async function until(what, check) {
  for (const deadline = Date.now() + TIMEOUT; ; ) {
    if (await check()) return;
    assert.ok(Date.now() < deadline, what);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('A pays B 12.50 with a memo in the Wallet; after countersigning B shows +12.50 and A −12.50', { timeout: 240_000 }, async () => {
  const aliceDir = freshDir('wallet-alice');
  const bobDir = freshDir('wallet-bob');
  await cli(aliceDir, ['init', '--no-passphrase', '--name', 'Alice']);
  await cli(bobDir, ['init', '--no-passphrase', '--name', 'Bob']);
  const alice = await serve(aliceDir);
  const bob = await serve(bobDir);
  const contexts = [];
  try {
    await cli(aliceDir, ['call', 'social.set_profile', JSON.stringify({ name: 'Alice Liddell' })]);
    await cli(bobDir, ['call', 'social.set_profile', JSON.stringify({ name: 'Bob Marley' })]);
    await cli(aliceDir, ['follow', await cli(bobDir, ['ticket'])]);
    await cli(bobDir, ['follow', await cli(aliceDir, ['ticket'])]);
    const bobId = await cli(bobDir, ['id']);
    const aliceId = await cli(aliceDir, ['id']);
    // Each one's profile (the name the other sees) is on the other's node.
    await until('Bob’s profile reached Alice’s node', async () =>
      JSON.parse(await cli(aliceDir, ['call', 'social.profile', JSON.stringify({ account: bobId })])).profile?.name === 'Bob Marley');
    await until('Alice’s profile reached Bob’s node', async () =>
      JSON.parse(await cli(bobDir, ['call', 'social.profile', JSON.stringify({ account: aliceId })])).profile?.name === 'Alice Liddell');

    const open = async (node, viewport) => {
      const context = await chromium.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      watchPage(page, problems);
      page.setDefaultTimeout(TIMEOUT);
      await page.goto(node.login);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Wallet' }).click();
      await page.getByRole('heading', { name: 'Wallet', level: 1 }).waitFor();
      await page.getByTestId('balance-card').waitFor();
      return page;
    };
    const a = await open(alice, DESKTOP);
    const b = await open(bob, PHONE);

    // Both start at zero, said in words.
    assert.match(await a.getByTestId('balance-amount').innerText(), /0\.00 ŧ$/);
    await a.getByText('You are at zero: you owe nothing and nobody owes you.', { exact: false }).waitFor();
    await shot(a, 'wallet-a-home-empty-desktop');
    await noSeriousA11yViolations(a, 'wallet home (desktop)');

    // A pays B: picks him by name, 12.50, a memo, and confirms.
    await a.getByTestId('wallet-send').click();
    const send = a.getByRole('dialog', { name: 'Send money' });
    await send.getByTestId('payee-input').fill('Bob');
    await send.getByTestId('payee-option').filter({ hasText: 'Bob Marley' }).click();
    await send.getByTestId('amount-input').fill('12.50');
    await send.getByTestId('memo-input').fill('Lunch at the harbour');
    await shot(a, 'wallet-a-send-form-desktop');
    await noSeriousA11yViolations(a, 'send form');
    await send.getByRole('button', { name: 'Continue' }).click();
    const confirm = send.getByTestId('send-confirm');
    await confirm.waitFor();
    assert.equal(await confirm.getByTestId('confirm-amount').innerText(), '12.50 ŧ');
    assert.equal(await confirm.getByTestId('balance-after').innerText(), '−12.50 ŧ');
    await shot(a, 'wallet-a-send-confirm-desktop');
    await noSeriousA11yViolations(a, 'send confirmation');
    await send.getByTestId('confirm-pay').click();
    await send.getByTestId('send-done').waitFor();
    // Final once Bob's node countersigns: the dialog says so without a reload.
    await send.getByText(/Paid\s+12\.50 ŧ to Bob Marley/).waitFor();
    await shot(a, 'wallet-a-send-done-desktop');
    await send.getByRole('button', { name: 'Done' }).click();

    // A: −12.50, in words, with the payment final in the latest payments.
    await a.waitForFunction(() => /−12\.50 ŧ$/.test(document.querySelector('[data-testid="balance-amount"]')?.textContent ?? ''));
    await a.getByText('You owe the network 12.50 ŧ; you can go down to −100.00 ŧ.', { exact: false }).waitFor();
    const sent = a.getByTestId('transfer').filter({ hasText: 'Lunch at the harbour' });
    await sent.waitFor();
    assert.match(await sent.getByTestId('transfer-amount').innerText(), /−12\.50 ŧ/);
    await sent.getByTestId('transfer-status').filter({ hasText: 'Final' }).waitFor();
    await sent.getByRole('link', { name: 'Bob Marley' }).waitFor();
    await shot(a, 'wallet-a-home-desktop');
    await noSeriousA11yViolations(a, 'wallet home after paying (desktop)');

    // B: +12.50 arrived by itself (a notice), from Alice, with the memo.
    await b.waitForFunction(() => /12\.50 ŧ$/.test(document.querySelector('[data-testid="balance-amount"]')?.textContent ?? ''));
    const got = b.getByTestId('transfer').filter({ hasText: 'Lunch at the harbour' });
    await got.waitFor();
    assert.match(await got.getByTestId('transfer-amount').innerText(), /\+12\.50 ŧ/);
    await got.getByTestId('transfer-status').filter({ hasText: 'Final' }).waitFor();
    await got.getByRole('link', { name: 'Alice Liddell' }).waitFor();
    assert.doesNotMatch(await b.getByTestId('balance-amount').innerText(), /−/);
    await shot(b, 'wallet-b-home-phone');
    await noSeriousA11yViolations(b, 'wallet home (phone)');
    await fitsWidth(b, PHONE.width, 'wallet home (phone)');
    await got.scrollIntoViewIfNeeded();
    await shot(b, 'wallet-b-home-phone-payment');

    // The node agrees with the screens.
    const aBalances = JSON.parse(await cli(aliceDir, ['call', 'coin.balances']));
    const bBalances = JSON.parse(await cli(bobDir, ['call', 'coin.balances']));
    assert.equal(aBalances.balances[0].balance, '-12.50');
    assert.equal(bBalances.balances[0].balance, '12.50');

    // B's history, and a request with its QR code, at phone size.
    await b.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'History' }).click();
    await b.getByRole('list', { name: 'Payments on Today' }).getByTestId('transfer').first().waitFor();
    await shot(b, 'wallet-b-history-phone');
    await noSeriousA11yViolations(b, 'history (phone)');
    await fitsWidth(b, PHONE.width, 'history (phone)');
    await b.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'Overview' }).click();
    await b.getByTestId('wallet-request').click();
    const request = b.getByRole('dialog', { name: 'Request money' });
    await request.getByTestId('amount-input').fill('5');
    await request.getByLabel(/What is it for/).fill('Taxi home');
    await request.getByRole('button', { name: 'Create link' }).click();
    await request.getByTestId('qr-code').waitFor();
    const link = await request.getByTestId('request-link').inputValue();
    assert.match(link, new RegExp(`^supernet://pay\\?to=${bobId}&amount=5\\.00&currency=net&memo=Taxi%20home$`));
    await shot(b, 'wallet-b-request-phone');
    await noSeriousA11yViolations(b, 'request (phone)');
    await request.getByRole('button', { name: 'Done' }).click();

    // A pastes B's request link: the form fills itself in.
    await a.getByTestId('wallet-send').click();
    const pay = a.getByRole('dialog', { name: 'Send money' });
    await pay.getByTestId('payee-input').fill(link);
    await pay.getByText('Filled in from a payment link.', { exact: false }).waitFor();
    assert.equal(await pay.getByTestId('amount-input').inputValue(), '5.00');
    assert.equal(await pay.getByTestId('memo-input').inputValue(), 'Taxi home');
    await pay.getByTestId('payee').getByText('Bob Marley').waitFor();
    await shot(a, 'wallet-a-send-from-link-desktop');
    await pay.getByRole('button', { name: 'Cancel' }).click();

    // A's history, at desktop size.
    await a.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'History' }).click();
    await a.getByTestId('transfer').first().waitFor();
    await shot(a, 'wallet-a-history-desktop');
    await noSeriousA11yViolations(a, 'history (desktop)');

    // A mints an asset with a photo and hands it to B; B sees it, with its provenance.
    await a.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'Assets' }).click();
    await a.getByText('You own no assets yet.', { exact: false }).waitFor();
    await a.getByTestId('mint-open').click();
    const mint = a.getByRole('dialog', { name: 'Mint an asset' });
    await mint.getByLabel('Name').fill('Sunset over the harbour');
    await mint.getByLabel(/What is it/).fill('A photo taken on the pier, first print.');
    await mint.getByTestId('mint-file-input').setInputFiles(PHOTO);
    await mint.getByTestId('upload').getByText(/ready/).waitFor();
    await shot(a, 'wallet-a-mint-desktop');
    await noSeriousA11yViolations(a, 'mint dialog');
    await mint.getByRole('button', { name: /^Mint$/ }).click();
    await mint.waitFor({ state: 'detached' });
    const asset = a.getByTestId('asset').filter({ hasText: 'Sunset over the harbour' });
    const picture = asset.getByRole('img', { name: 'Sunset over the harbour' });
    await picture.waitFor();
    await a.waitForFunction((el) => el.complete && el.naturalWidth > 0, await picture.elementHandle());
    await shot(a, 'wallet-a-assets-desktop');
    await noSeriousA11yViolations(a, 'assets (desktop)');
    await asset.getByRole('button', { name: /Hand on/ }).click();
    const give = a.getByRole('dialog', { name: /^Hand on/ });
    await give.getByTestId('payee-option').filter({ hasText: 'Bob Marley' }).click();
    await give.getByText('Bob Marley becomes its owner.', { exact: false }).waitFor();
    await shot(a, 'wallet-a-hand-on-desktop');
    await give.getByRole('button', { name: 'Hand it on' }).click();
    await give.waitFor({ state: 'detached' });
    await asset.waitFor({ state: 'detached' });

    await b.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'Assets' }).click();
    const theirs = b.getByTestId('asset').filter({ hasText: 'Sunset over the harbour' });
    for (const deadline = Date.now() + TIMEOUT; !(await theirs.count()); ) {
      assert.ok(Date.now() < deadline, 'the asset handed on shows in B’s wallet');
      await b.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'Overview' }).click();
      await b.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'Assets' }).click();
      await new Promise((r) => setTimeout(r, 500));
    }
    await theirs.getByText('Minted by Alice Liddell', { exact: false }).waitFor();
    // Its photo comes from A's node as B's page asks for it.
    const photo = theirs.getByRole('img', { name: 'Sunset over the harbour' });
    await photo.waitFor();
    await b.waitForFunction((el) => el.complete && el.naturalWidth > 0, await photo.elementHandle(), { timeout: 60_000 });
    await shot(b, 'wallet-b-assets-phone');
    await noSeriousA11yViolations(b, 'assets (phone)');
    await fitsWidth(b, PHONE.width, 'assets (phone)');
    await theirs.getByRole('link', { name: /History/ }).click();
    const story = b.getByRole('dialog', { name: 'Sunset over the harbour' });
    const steps = story.getByTestId('provenance').getByRole('listitem');
    await steps.nth(1).waitFor();
    assert.match(await steps.nth(0).innerText(), /Alice Liddell\s+minted it/);
    assert.match(await steps.nth(1).innerText(), /Alice Liddell\s+handed it to\s+you/);
    await shot(b, 'wallet-b-provenance-phone');
    await noSeriousA11yViolations(b, 'provenance (phone)');
    await story.getByRole('button', { name: 'Done' }).click();

    // A creates a community currency (the form's help in plain words), and sees it listed.
    await a.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'Currencies' }).click();
    await a.getByTestId('currency').first().waitFor();
    await a.getByRole('button', { name: /Create a currency/ }).click();
    const create = a.getByRole('dialog', { name: 'Create a currency' });
    await create.getByLabel('Name').fill('Harbour hours');
    await create.getByLabel('Symbol').fill('HH');
    await create.getByLabel('Decimals').selectOption('0');
    await create.getByLabel('Starting credit').fill('10');
    await create.getByLabel('Credit growth').fill('0.1');
    await create.getByText('Credit grows by 10 HH for every 100 HH received.').waitFor();
    await shot(a, 'wallet-a-create-currency-desktop');
    await noSeriousA11yViolations(a, 'create currency');
    await create.getByRole('button', { name: /Create currency/ }).click();
    await create.waitFor({ state: 'detached' });
    const hours = a.getByTestId('currency').filter({ hasText: 'Harbour hours' });
    await hours.getByText('You hold it').waitFor();
    await shot(a, 'wallet-a-currencies-desktop');
    await noSeriousA11yViolations(a, 'currencies (desktop)');
    await a.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'Overview' }).click();
    await a.getByTestId('balance-card').filter({ hasText: 'Harbour hours' }).waitFor();
    await shot(a, 'wallet-a-home-two-currencies-desktop');

    // A vouches for B in the network's credit, whose rules allow vouching (Harbour hours'
    // do not): first more than A can lend — the node refuses, in its own words — then
    // 20 ŧ. A's limit falls at once; B's grows once B's node accepts the vouch.
    await a.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'Currencies' }).click();
    const netCard = a.getByTestId('currency').filter({ hasText: 'Supernet credit' });
    await netCard.getByTestId('currency-credit').filter({ hasText: 'Your credit limit here: 100.00 ŧ.' }).waitFor();
    assert.equal(await hours.getByTestId('currency-vouch').count(), 0, 'a currency without vouching offers none');
    await netCard.getByTestId('currency-vouch').click();
    const vouch = a.getByRole('dialog', { name: 'Vouch for someone' });
    await vouch.getByTestId('payee-input').fill('Bob');
    await vouch.getByTestId('payee-option').filter({ hasText: 'Bob Marley' }).click();
    await vouch.getByText('You can lend up to 87.50 ŧ now.', { exact: false }).waitFor();
    await vouch.getByTestId('amount-input').fill('500');
    await vouch.getByRole('button', { name: 'Continue' }).click();
    await vouch.getByTestId('vouch-over').filter({ hasText: 'at most 87.50 ŧ' }).waitFor();
    await vouch.getByTestId('confirm-vouch').click();
    const refusedVouch = vouch.getByRole('alert');
    await refusedVouch.waitFor();
    assert.match(
      await refusedVouch.innerText(),
      /Vouching 500\.00 ŧ for Bob Marley would lower your own credit limit below your balance of -12\.50 ŧ; you can vouch at most 87\.50 ŧ now\./,
    );
    await shot(a, 'wallet-a-vouch-refused-desktop');
    await vouch.getByRole('button', { name: 'Back' }).click();
    await vouch.getByTestId('amount-input').fill('20');
    await vouch.getByTestId('vouch-explain').getByText('(from 100.00 ŧ to 80.00 ŧ)', { exact: false }).waitFor();
    await vouch.getByTestId('vouch-explain').getByText('Bob Marley’s limit goes up by 20.00 ŧ', { exact: false }).waitFor();
    await shot(a, 'wallet-a-vouch-form-desktop');
    await noSeriousA11yViolations(a, 'vouch form');
    await vouch.getByRole('button', { name: 'Continue' }).click();
    assert.equal(await vouch.getByTestId('vouch-limit-after').innerText(), '80.00 ŧ');
    await shot(a, 'wallet-a-vouch-confirm-desktop');
    await noSeriousA11yViolations(a, 'vouch confirmation');
    await vouch.getByTestId('confirm-vouch').click();
    await vouch.getByText('You vouched 20.00 ŧ for Bob Marley').waitFor();
    await vouch.getByTestId('vouch-result').filter({ hasText: /is now 80\.00 ŧ \(it was 100\.00 ŧ\)/ }).waitFor();
    await shot(a, 'wallet-a-vouch-done-desktop');
    await vouch.getByRole('button', { name: 'Done' }).click();
    await netCard.getByTestId('currency-credit').filter({ hasText: 'By vouching, you have lent 20.00 ŧ more of your credit than others have lent you.' }).waitFor();
    await shot(a, 'wallet-a-currencies-vouched-desktop');
    await a.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'Overview' }).click();
    await a.getByTestId('balance-card').filter({ hasText: 'Supernet credit' }).getByTestId('balance-vouched').waitFor();
    // Both nodes agree: A's limit is 20 lower; B's (100 + 0.1 × 12.50 received) 20 higher.
    assert.equal(JSON.parse(await cli(aliceDir, ['call', 'coin.balances'])).balances.find((x) => x.currency === 'net').limit, '80.00');
    await until('B’s node accepted the vouch', async () =>
      JSON.parse(await cli(bobDir, ['call', 'coin.balances'])).balances.find((x) => x.currency === 'net').limit === '121.25');

    // B sees it on the home (by a notice, no reload), and the vouch form fits a phone.
    await b.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'Overview' }).click();
    const bNet = b.getByTestId('balance-card').filter({ hasText: 'Supernet credit' });
    await bNet.getByTestId('balance-vouched').filter({ hasText: 'others have lent you 20.00 ŧ more credit' }).waitFor();
    await bNet.getByText('of 121.25 ŧ credit used', { exact: false }).first().waitFor();
    await bNet.scrollIntoViewIfNeeded();
    await shot(b, 'wallet-b-home-vouched-phone');
    await bNet.getByTestId('balance-vouch').click();
    const bVouch = b.getByRole('dialog', { name: 'Vouch for someone' });
    await bVouch.getByTestId('payee-option').filter({ hasText: 'Alice Liddell' }).click();
    await bVouch.getByTestId('amount-input').fill('5');
    await bVouch.getByTestId('vouch-explain').getByText('(from 121.25 ŧ to 116.25 ŧ)', { exact: false }).waitFor();
    await shot(b, 'wallet-b-vouch-form-phone');
    await noSeriousA11yViolations(b, 'vouch form (phone)');
    await fitsWidth(b, PHONE.width, 'vouch form (phone)');
    await b.emulateMedia({ colorScheme: 'dark' });
    await shot(b, 'wallet-b-vouch-form-phone-dark');
    await noSeriousA11yViolations(b, 'vouch form (phone, dark)');
    await bVouch.getByRole('button', { name: 'Continue' }).click();
    await bVouch.getByTestId('vouch-confirm').waitFor();
    await shot(b, 'wallet-b-vouch-confirm-phone-dark');
    await b.emulateMedia({ colorScheme: 'light' });
    await bVouch.getByRole('button', { name: 'Back' }).click();
    await bVouch.getByRole('button', { name: 'Cancel' }).click();
    await bVouch.waitFor({ state: 'detached' });

    // A one-click tip on a post: B tips A's post from the feed.
    await cli(aliceDir, ['post', 'Fresh bread at the harbour market today']);
    await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Feed' }).click();
    const post = b.getByTestId('post').filter({ hasText: 'Fresh bread at the harbour market' });
    await post.waitFor();
    await post.getByRole('button', { name: 'Tip' }).click();
    const tip = b.getByRole('dialog', { name: 'Tip Alice Liddell' });
    await tip.getByTestId('payee').getByText('Alice Liddell').waitFor();
    assert.equal(await tip.getByTestId('memo-input').inputValue(), 'Tip for your post');
    await tip.getByTestId('amount-input').fill('2');
    await shot(b, 'wallet-b-tip-phone');
    await noSeriousA11yViolations(b, 'tip dialog (phone)');
    await tip.getByRole('button', { name: 'Continue' }).click();
    await tip.getByTestId('confirm-pay').click();
    await tip.getByText(/Paid\s+2\.00 ŧ to Alice Liddell/).waitFor();
    await tip.getByRole('button', { name: 'Done' }).click();
    await until('A received the tip', async () =>
      JSON.parse(await cli(aliceDir, ['call', 'coin.balances'])).balances.find((x) => x.currency === 'net').balance === '-10.50');
    await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Wallet' }).click();
    await b.getByTestId('balance-card').waitFor();

    // The eight tabs fit a 360 px phone, each a fair target, and the page does not overflow.
    await b.setViewportSize(SMALL_PHONE);
    await b.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: 'Overview' }).click();
    await b.getByTestId('balance-card').waitFor();
    await fitsWidth(b, SMALL_PHONE.width, 'wallet home (360 px)');
    const sections = b.getByRole('navigation', { name: 'Wallet' }).getByRole('link');
    for (let i = 0; i < 4; i++) {
      const box = await sections.nth(i).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= SMALL_PHONE.width, `wallet section ${i} is inside the screen`);
    }
    const tabs = b.getByRole('navigation', { name: 'Main' }).getByRole('link');
    assert.equal(await tabs.count(), 8);
    for (let i = 0; i < 8; i++) {
      const box = await tabs.nth(i).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= SMALL_PHONE.width + 0.5, `tab ${i} is inside the screen`);
      assert.ok(box.width >= 44 && box.height >= 44, `tab ${i} is at least 44 px square (${box.width}×${box.height})`);
    }
    await shot(b, 'wallet-b-home-phone-360');
    await noSeriousA11yViolations(b, 'wallet home (360 px)');

    // Each side at the other size too.
    await a.setViewportSize(PHONE);
    await a.getByTestId('balance-card').first().waitFor();
    await fitsWidth(a, PHONE.width, 'A’s wallet home (phone)');
    await shot(a, 'wallet-a-home-phone');
    await noSeriousA11yViolations(a, 'A’s wallet home (phone)');
    await b.setViewportSize(DESKTOP);
    await shot(b, 'wallet-b-home-desktop');
    await noSeriousA11yViolations(b, 'B’s wallet home (desktop)');
    await b.setViewportSize(SMALL_PHONE);

    // Dark theme, phone: the same screen stays legible.
    await b.emulateMedia({ colorScheme: 'dark' });
    await shot(b, 'wallet-b-home-phone-360-dark');
    await noSeriousA11yViolations(b, 'wallet home (dark)');
  } finally {
    for (const c of contexts) await c.close();
    await alice.stop();
    await bob.stop();
  }
});

test('no page broke its Content-Security-Policy or threw', () => {
  assert.deepEqual(problems, []);
});
