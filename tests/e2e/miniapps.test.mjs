// Mini-apps end to end: two real nodes that follow each other, B driven in Debian's
// Chromium. A publishes the shared to-do example (apps.publish); B installs it from the link
// through the Apps tab's install dialog (each permission with its switch); an item A adds
// (app.todo.add) appears in B's sandboxed frame, and one B adds in the frame reaches A.
// A hostile fixture app tries to reach the host page, the top window, Tauri's IPC, the
// node's API and a method it was not granted: each is blocked. The tip jar's payment goes
// through the host's confirmation (Cancel pays nothing; Pay pays), and the poll runs live.
// Screenshots (desktop and phone) go to test-artifacts/e2e/miniapps-*.png.
//
//   SUPERNET_BIN=… node --test --test-concurrency=1 tests/e2e/miniapps.test.mjs
//
// The node embeds the built frontend: run `npm --prefix frontend run build` and rebuild
// the CLI first (scripts/test does both).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axe, browser, cli, freshDir, serve, shot as takeShot, watchPage, TIMEOUT } from './harness.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const EXAMPLES = resolve(here, '../../examples/miniapps');
const HOSTILE = join(here, 'fixtures', 'miniapps', 'hostile');

let chromium;
const problems = [];
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

before(async () => {
  chromium = await browser();
});

after(async () => {
  await chromium?.close();
});

/** A screenshot once dialogs have faded in and colours settled. */
async function shot(page, name) {
  await page.waitForTimeout(350);
  await takeShot(page, name);
}

/** Waits until a check passes (polling), failing with `what` after the timeout. */
async function until(what, check, timeout = TIMEOUT) {
  for (const deadline = Date.now() + timeout; ; ) {
    if (await check()) return;
    assert.ok(Date.now() < deadline, what);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const call = async (dir, method, input = {}) => JSON.parse(await cli(dir, ['call', method, JSON.stringify(input)]));

test('a mini-app published on A is installed on B from its link; items sync; the sandbox holds', { timeout: 300_000 }, async () => {
  const aliceDir = freshDir('apps-alice');
  const bobDir = freshDir('apps-bob');
  await cli(aliceDir, ['init', '--no-passphrase', '--name', 'Alice']);
  await cli(bobDir, ['init', '--no-passphrase', '--name', 'Bob']);
  const alice = await serve(aliceDir);
  const bob = await serve(bobDir);
  const contexts = [];
  try {
    await call(aliceDir, 'social.set_profile', { name: 'Alice Liddell' });
    await call(bobDir, 'social.set_profile', { name: 'Bob Marley' });
    await cli(aliceDir, ['follow', await cli(bobDir, ['ticket'])]);
    await cli(bobDir, ['follow', await cli(aliceDir, ['ticket'])]);
    const aliceId = await cli(aliceDir, ['id']);
    const bobId = await cli(bobDir, ['id']);
    await until('Alice’s profile reached Bob’s node', async () => (await call(bobDir, 'social.profile', { account: aliceId })).profile?.name === 'Alice Liddell');
    await until('Bob’s profile reached Alice’s node', async () => (await call(aliceDir, 'social.profile', { account: bobId })).profile?.name === 'Bob Marley');

    // A publishes the to-do example (and installs it herself), and the hostile fixture.
    const todo = await call(aliceDir, 'apps.publish', { dir: join(EXAMPLES, 'todo'), install: true });
    assert.equal(todo.id, 'todo');
    assert.match(todo.link, /^supernet:\/\/app\//);
    const hostile = await call(aliceDir, 'apps.publish', { dir: HOSTILE });

    const context = await chromium.newContext({ viewport: DESKTOP });
    contexts.push(context);
    const b = await context.newPage();
    watchPage(b, problems);
    if (process.env.DEBUG_CONSOLE) b.on('console', (m) => console.log('console:', m.type(), m.text()));
    b.setDefaultTimeout(TIMEOUT);
    await b.goto(bob.login);
    await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apps' }).click();
    await b.getByRole('heading', { name: 'Apps', level: 1 }).waitFor();
    await b.getByTestId('apps-empty').waitFor();
    await shot(b, 'miniapps-b-empty-desktop');
    assert.deepEqual(await axe(b), [], 'accessibility problems on the empty Apps tab');

    // B installs from the link: the dialog says what it is, who published it, what it asks.
    await b.getByTestId('apps-install').click();
    const install = b.getByRole('dialog', { name: 'Install an app' });
    await install.getByTestId('install-link').fill(todo.link);
    await install.getByTestId('install-inspect').click();
    const review = b.getByRole('dialog', { name: 'Install Shared to-do?' });
    await review.getByTestId('install-review').waitFor();
    assert.equal(await review.getByTestId('install-publisher').innerText(), 'Alice Liddell');
    await review.getByText(aliceId).waitFor();
    await review.locator('[data-permission="social.read"]').waitFor();
    assert.equal(await review.locator('[data-permission="social.read"] [data-testid="permission-toggle"]').isChecked(), true, 'social.read starts granted');
    await shot(b, 'miniapps-b-install-permissions-desktop');
    assert.deepEqual(await axe(b), [], 'accessibility problems in the install dialog');
    await review.getByTestId('install-confirm').click();
    await b.getByTestId('install-done').waitFor();
    await b.getByTestId('install-open').click();

    // The app, open full-size in its sandboxed frame.
    const frameEl = b.getByTestId('app-frame');
    await frameEl.waitFor();
    assert.equal(await frameEl.getAttribute('sandbox'), 'allow-scripts allow-forms');
    const todoFrame = b.frameLocator('[data-testid="app-frame"]');
    await todoFrame.getByRole('heading', { name: 'Shared to-do' }).waitFor();
    await todoFrame.locator('#empty').waitFor();

    // An item A adds (through the app's own method) shows up in B's frame by itself.
    await call(aliceDir, 'app.todo.add', { text: 'Buy oat milk for the picnic' });
    await todoFrame.locator('.item', { hasText: 'Buy oat milk for the picnic' }).waitFor({ timeout: 60_000 });
    await todoFrame.locator('.item', { hasText: 'Buy oat milk for the picnic' }).getByText(/by Alice Liddell/).waitFor();

    // B adds one in the frame: it reaches A's node.
    await todoFrame.getByLabel('New item').fill('Bring the blanket');
    await todoFrame.getByRole('button', { name: 'Add' }).click();
    await todoFrame.locator('.item', { hasText: 'Bring the blanket' }).waitFor();
    await until('B’s item reached A', async () => (await call(aliceDir, 'app.todo.list')).items.some((i) => i.text === 'Bring the blanket'), 60_000);
    // A ticks B's item off; B sees it done.
    const blanket = (await call(aliceDir, 'app.todo.list')).items.find((i) => i.text === 'Bring the blanket');
    await call(aliceDir, 'app.todo.toggle', { id: blanket.id, done: true });
    await todoFrame.locator('.item.done', { hasText: 'Bring the blanket' }).waitFor({ timeout: 60_000 });
    await shot(b, 'miniapps-b-todo-desktop');

    // The card in the list: name, version, publisher by name, status.
    await b.getByRole('link', { name: 'Back to Apps' }).click();
    const card = b.getByTestId('app-card').filter({ hasText: 'Shared to-do' });
    await card.waitFor();
    assert.match(await card.innerText(), /v1\.0\.0/);
    assert.equal(await card.getByTestId('publisher').innerText(), 'Alice Liddell');
    await card.getByTestId('publisher').click();
    assert.equal(await card.getByTestId('publisher-id').innerText(), aliceId);

    // The hostile fixture, granted nothing: every attempt to get out is blocked.
    await call(bobDir, 'apps.install', { link: hostile.link, grant: [] });
    // Its attempts make the browser log refusals (CSP, cross-origin): those are the point.
    const quiet = problems.length;
    await b.goto(`${new URL(bob.url).origin}/#/apps/open/hostile`);
    const hostileFrame = b.frameLocator('[data-testid="app-frame"]');
    await hostileFrame.locator('body[data-done="true"]').waitFor({ timeout: 30_000 });
    const outcomes = await hostileFrame.locator('#results li').evaluateAll((items) =>
      Object.fromEntries(items.map((li) => [li.dataset.check, { outcome: li.dataset.outcome, detail: li.textContent }])),
    );
    for (const check of ['parent-document', 'top-location', 'tauri-ipc', 'fetch-api', 'cookie', 'ungranted-call', 'direct-payment']) {
      assert.equal(outcomes[check]?.outcome, 'blocked', `hostile app: ${check} is blocked (${outcomes[check]?.detail})`);
    }
    assert.match(outcomes['ungranted-call'].detail, /permission_denied/);
    assert.match(b.url(), /#\/apps\/open\/hostile$/, 'the host page stayed where it was');
    await shot(b, 'miniapps-b-hostile-desktop');
    const refusals = problems.splice(quiet);
    assert.ok(refusals.every((p) => p.startsWith('CSP:')), `the hostile app caused only refusals: ${refusals.join('\n')}`);

    // The tip jar: a payment asked for by the app waits for the person, in the host's UI.
    const tipjar = await call(aliceDir, 'apps.publish', { dir: join(EXAMPLES, 'tipjar'), install: true });
    await call(bobDir, 'apps.install', { link: tipjar.link, grant: ['coin.read', 'social.read'] });
    await b.goto(`${new URL(bob.url).origin}/#/apps/open/tipjar`);
    const jar = b.frameLocator('[data-testid="app-frame"]');
    await jar.getByRole('heading', { name: 'Alice Liddell’s tip jar' }).waitFor();
    await jar.getByRole('button', { name: '5 ŧ' }).click();
    await jar.getByLabel(/A note/).fill('For the picnic playlist');
    await shot(b, 'miniapps-b-tipjar-desktop');
    await jar.getByRole('button', { name: 'Tip Alice Liddell' }).click();
    const pay = b.getByRole('dialog', { name: 'Confirm a payment' });
    await pay.getByTestId('app-payment').waitFor();
    assert.equal(await pay.getByTestId('payment-payee').innerText(), 'Alice Liddell');
    assert.match(await pay.getByTestId('payment-amount').innerText(), /^5\.00 ŧ$/);
    assert.match(await pay.getByTestId('payment-memo').innerText(), /For the picnic playlist/);
    await shot(b, 'miniapps-b-payment-confirm-desktop');
    assert.deepEqual(await axe(b), [], 'accessibility problems in the payment confirmation');
    await pay.getByTestId('payment-cancel').click();
    await jar.getByText('No tip this time — nothing was paid.').waitFor();
    assert.equal((await call(bobDir, 'coin.balances')).balances.find((x) => x.currency === 'net')?.balance ?? '0.00', '0.00');
    await jar.getByRole('button', { name: 'Tip Alice Liddell' }).click();
    await pay.getByTestId('payment-pay').click();
    await jar.getByText(/Thank you! You tipped Alice Liddell 5\.00/).waitFor();
    await until('the tip left B’s wallet', async () => (await call(bobDir, 'coin.balances')).balances.find((x) => x.currency === 'net')?.balance === '-5.00');

    // The live poll: create, vote, see the tally.
    const poll = await call(aliceDir, 'apps.publish', { dir: join(EXAMPLES, 'poll'), install: true });
    await call(bobDir, 'apps.install', { link: poll.link, grant: ['social.read', 'chat.read', 'chat.write'] });
    await b.goto(`${new URL(bob.url).origin}/#/apps/open/poll`);
    const polls = b.frameLocator('[data-testid="app-frame"]');
    await polls.getByRole('heading', { name: 'Live poll' }).waitFor();
    await polls.getByRole('button', { name: 'New poll' }).click();
    await polls.getByLabel('Question').fill('Where do we eat on Friday?');
    await polls.getByLabel('Option 1').fill('The harbour café');
    await polls.getByLabel('Option 2').fill('Pizza in the park');
    await polls.getByRole('button', { name: 'Ask' }).click();
    const asked = polls.locator('.poll', { hasText: 'Where do we eat on Friday?' });
    await asked.waitFor();
    await asked.getByRole('button', { name: /Pizza in the park/ }).click();
    await asked.getByRole('button', { name: /Pizza in the park.*100% · 1/ }).waitFor();
    // A votes on B's poll from her node; B's widget updates live.
    await until('B’s poll reached A', async () => (await call(aliceDir, 'app.poll.list')).polls.some((p) => p.question === 'Where do we eat on Friday?'), 60_000);
    const id = (await call(aliceDir, 'app.poll.list')).polls.find((p) => p.question === 'Where do we eat on Friday?').id;
    await call(aliceDir, 'app.poll.vote', { poll: id, option: 0 });
    await asked.getByText('2 votes').waitFor({ timeout: 60_000 });
    await shot(b, 'miniapps-b-poll-desktop');

    // Sharing the poll into B's chat with A (the app was allowed chat.read and chat.write).
    await call(aliceDir, 'chat.conversations'); // publishes A's chat key
    let conv = null;
    await until('B can open a chat with A', async () => {
      try {
        conv = (await call(bobDir, 'chat.start', { account: aliceId })).conv;
        return true;
      } catch {
        return false;
      }
    }, 60_000);
    await asked.getByRole('button', { name: 'Share to chat' }).click();
    const share = polls.getByRole('dialog', { name: 'Share to a chat' });
    await share.getByLabel('Chat').selectOption(conv);
    await shot(b, 'miniapps-b-poll-share-desktop');
    await share.getByRole('button', { name: 'Send' }).click();
    await share.waitFor({ state: 'hidden' });
    const shared = await call(bobDir, 'chat.messages', { conv });
    assert.ok(shared.messages.some((m) => (m.text ?? '').includes('Where do we eat on Friday?')), 'the poll is in the chat');

    // The list with every app, and an app's settings (revoking a permission).
    await b.goto(`${new URL(bob.url).origin}/#/apps`);
    await b.getByTestId('app-card').nth(3).waitFor();
    await shot(b, 'miniapps-b-list-desktop');
    assert.deepEqual(await axe(b), [], 'accessibility problems on the Apps list');
    await b.getByTestId('app-card').filter({ hasText: 'Live poll' }).getByTestId('app-settings').click();
    await b.getByTestId('app-settings-page').waitFor();
    const chatWrite = b.locator('[data-permission="chat.write"] [data-testid="permission-toggle"]');
    assert.equal(await chatWrite.isChecked(), true);
    await chatWrite.click();
    await until('chat.write was revoked', async () => !(await call(bobDir, 'apps.list')).apps.find((a) => a.id === 'poll').granted.includes('chat.write'));
    await shot(b, 'miniapps-b-settings-desktop');
    assert.deepEqual(await axe(b), [], 'accessibility problems on an app’s settings');

    // Phone size: the list, the to-do app, the install dialog.
    await b.setViewportSize(PHONE);
    await b.goto(`${new URL(bob.url).origin}/#/apps`);
    await b.getByTestId('app-card').first().waitFor();
    await shot(b, 'miniapps-b-list-phone');
    const width = await b.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `the Apps list fits a phone (${width}px)`);
    await b.goto(`${new URL(bob.url).origin}/#/apps/open/todo`);
    await b.frameLocator('[data-testid="app-frame"]').locator('.item', { hasText: 'Buy oat milk for the picnic' }).waitFor();
    await shot(b, 'miniapps-b-todo-phone');
    // A publishes a new version: B's dialog offers it as an update, and B's data stays.
    const next = freshDir('apps-todo-next');
    cpSync(join(EXAMPLES, 'todo'), next, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(next, 'supernet-app.json'), 'utf8'));
    writeFileSync(join(next, 'supernet-app.json'), JSON.stringify({ ...manifest, version: '1.1.0' }, null, 2));
    const update = await call(aliceDir, 'apps.publish', { dir: next, install: true });
    await b.goto(`${new URL(bob.url).origin}/#/apps/install`);
    await b.getByTestId('install-link').fill(update.link);
    await b.getByTestId('install-inspect').click();
    await b.getByRole('dialog', { name: 'Update Shared to-do' }).waitFor();
    assert.match(await b.getByTestId('install-update').innerText(), /version 1\.0\.0 is installed; this is 1\.1\.0/);
    await shot(b, 'miniapps-b-install-phone');
    await b.getByTestId('install-confirm').click();
    await b.getByTestId('install-done').waitFor();
    assert.equal((await call(bobDir, 'apps.list')).apps.find((a) => a.id === 'todo').version, '1.1.0');
    assert.ok((await call(bobDir, 'app.todo.list')).items.some((i) => i.text === 'Buy oat milk for the picnic'), 'the update kept the list');

    assert.deepEqual(problems, [], 'no CSP violations or page errors');
  } finally {
    if (problems.length) console.log(problems.join('\n'));
    for (const c of contexts) await c.close();
    await alice.stop();
    await bob.stop();
  }
});
