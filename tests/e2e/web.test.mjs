// The web UI against a real `supernet serve` (no mocked API), in Debian's Chromium:
// sign in with the printed link, onboard (create an account, see the recovery phrase once),
// post, see a post made elsewhere arrive live, reload and find everything still there —
// at desktop and phone sizes, with screenshots kept and an accessibility check of each screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axe, browser, cli, freshDir, serve, shot, watchPage, TIMEOUT } from './harness.mjs';

/** Brightness of the frame a video shows now (0: black), read through a canvas. */
function frameBrightness(video) {
  return video.evaluate((v) => {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 36;
    const g = c.getContext('2d');
    g.drawImage(v, 0, 0, 64, 36);
    const d = g.getImageData(0, 0, 64, 36).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += d[i] + d[i + 1] + d[i + 2];
    return sum;
  });
}

/** A photo and a short WebM clip (made once with Chromium's MediaRecorder). */
const FIXTURES = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');

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

test('an image and a video attached in the browser; the video plays on a second node while it downloads', async () => {
  const { context, page } = await openSignedIn({ width: 1280, height: 900 }, 'phone');
  page.setDefaultTimeout(TIMEOUT);
  await page.getByLabel('Write a post').waitFor();
  await page.getByTestId('composer-file-input').setInputFiles([
    join(FIXTURES, 'sunset.jpg'),
    join(FIXTURES, 'clip.webm'),
  ]);
  const uploads = page.getByTestId('upload');
  await uploads.nth(1).waitFor();
  await page.getByLabel('Write a post').fill('Evening walk, with a **clip**');
  // Publish waits (enabled again) until both uploads are in the node's store.
  await page.getByRole('button', { name: 'Publish' }).click();
  const post = page.getByTestId('post').filter({ hasText: 'Evening walk' });
  await post.waitFor();
  const image = post.locator('img').first();
  await image.waitFor();
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await image.elementHandle());
  const thumbSrc = await image.getAttribute('src');
  assert.match(thumbSrc, /\/blobs\/[0-9a-f]{64}/, 'the image comes from the node');
  const video = post.locator('video');
  await video.waitFor();
  await video.evaluate(async (v) => { v.muted = true; await v.play(); });
  await page.waitForFunction((v) => v.currentTime > 0.5, await video.elementHandle());
  assert.ok((await frameBrightness(video)) > 0, 'the video shows its frames');
  await video.evaluate((v) => v.scrollIntoView({ block: 'end' }));
  await shot(page, 'desktop-6-attachments');
  await expectNoSeriousA11yViolations(page, 'feed with attachments');

  // A second node follows this one; its web UI plays the clip through range requests,
  // fetched from the first node as the player asks for them.
  const secondDir = freshDir('web-second');
  await cli(secondDir, ['init', '--no-passphrase', '--name', 'Bob']);
  const second = await serve(secondDir, { SUPERNET_FETCH_MAX: '1k' });
  try {
    await cli(second.dataDir, ['follow', await cli(node.dataDir, ['ticket'])]);
    // The post arrives; the clip (bigger than --fetch-max) stays where it is until played.
    let hash;
    for (const deadline = Date.now() + TIMEOUT; !hash; ) {
      assert.ok(Date.now() < deadline, 'the post reached the second node');
      const feed = JSON.parse(await cli(second.dataDir, ['feed', '--json']));
      hash = feed.posts.find((p) => p.text.includes('Evening walk'))
        ?.attachments.find((a) => a.mime.startsWith('video/'))?.hash;
      if (!hash) await new Promise((r) => setTimeout(r, 200));
    }
    const before = JSON.parse(await cli(second.dataDir, ['call', 'blobs.list']));
    assert.ok(!before.blobs.some((b) => b.hash === hash && b.have > 0), 'the clip is not on the second node yet');
    const other = await chromium.newContext({ viewport: { width: 1000, height: 900 } });
    const bobPage = await other.newPage();
    watchPage(bobPage, problems);
    bobPage.setDefaultTimeout(TIMEOUT);
    await bobPage.goto(second.login);
    const theirs = bobPage.getByTestId('post').filter({ hasText: 'Evening walk' });
    await theirs.waitFor();
    const clip = theirs.locator('video');
    await clip.evaluate(async (v) => { v.muted = true; await v.play(); });
    await bobPage.waitForFunction((v) => v.currentTime > 0.5, await clip.elementHandle());
    assert.ok((await frameBrightness(clip)) > 0, 'the clip shows its frames on the second node');
    await clip.evaluate((v) => v.scrollIntoView({ block: 'end' }));
    await shot(bobPage, 'second-node-playing');
    const after = JSON.parse(await cli(second.dataDir, ['call', 'blobs.list']));
    assert.ok(after.blobs.some((b) => b.hash === hash && b.have > 0), 'playing fetched the clip from the first node');
    await other.close();
  } finally {
    await second.stop();
  }
  await context.close();
});

test('two nodes: B comments on and reacts to A’s post; A sees both, and the notification badge', async () => {
  const aliceDir = freshDir('web-alice');
  const bobDir = freshDir('web-bob');
  await cli(aliceDir, ['init', '--no-passphrase', '--name', 'Alice']);
  await cli(bobDir, ['init', '--no-passphrase', '--name', 'Bob']);
  const alice = await serve(aliceDir);
  const bob = await serve(bobDir);
  const contexts = [];
  try {
    // Each publishes a profile (the name others see) and follows the other.
    await cli(aliceDir, ['call', 'social.set_profile', JSON.stringify({ name: 'Alice Liddell', bio: 'Tea and *peer-to-peer*.' })]);
    await cli(bobDir, ['call', 'social.set_profile', JSON.stringify({ name: 'Bob Marley' })]);
    await cli(bobDir, ['follow', await cli(aliceDir, ['ticket'])]);
    await cli(aliceDir, ['follow', await cli(bobDir, ['ticket'])]);

    const open = async (node, viewport) => {
      const context = await chromium.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      watchPage(page, problems);
      page.setDefaultTimeout(TIMEOUT);
      await page.goto(node.login);
      return page;
    };
    const a = await open(alice, { width: 1280, height: 900 });
    const b = await open(bob, { width: 390, height: 844 });

    // A writes a post in the composer.
    await a.getByLabel('Write a post').fill('Shipping the **thread view** today. What do you think? #supernet');
    await a.getByRole('button', { name: 'Publish' }).click();
    const mine = a.getByTestId('post').filter({ hasText: 'Shipping the thread view' });
    await mine.waitFor();

    // It reaches B's home timeline; B opens it, comments, and reacts.
    const theirs = b.getByTestId('post').filter({ hasText: 'Shipping the thread view' });
    await theirs.waitFor();
    // By name (once A's profile is on B's node: it may come just after the post).
    await theirs.getByRole('link', { name: 'Alice Liddell' }).waitFor();
    await theirs.getByRole('link', { name: /^Comment/ }).click();
    await b.getByLabel('Write a comment').fill('Looks great, @' + (await cli(aliceDir, ['id'])) + '!');
    await b.getByRole('button', { name: 'Comment', exact: true }).click();
    await b.getByTestId('post').filter({ hasText: 'Looks great' }).waitFor();
    const root = b.getByTestId('post').first();
    await root.getByRole('button', { name: 'Add a reaction' }).click();
    await b.getByRole('menuitemcheckbox', { name: 'React with party' }).click();
    await root.getByRole('button', { name: /^🎉 1, yours/ }).waitFor();
    await shot(b, 'two-nodes-b-thread-phone');
    await expectNoSeriousA11yViolations(b, 'thread (phone)');

    // A's timeline shows the reaction and the comment count without a reload, and the
    // navigation shows unread notifications.
    await mine.getByRole('button', { name: /^🎉 1$/ }).waitFor();
    await mine.getByRole('link', { name: /1 comment/ }).waitFor();
    const badge = a.getByTestId('unread-badge');
    await a.waitForFunction(() => Number.parseInt(document.querySelector('[data-testid="unread-badge"]')?.textContent ?? '0', 10) >= 2);
    await shot(a, 'two-nodes-a-timeline');
    await expectNoSeriousA11yViolations(a, 'timeline with reactions');

    // The thread on A: B's comment, with A's name in place of the mention.
    await mine.getByRole('link', { name: /1 comment/ }).click();
    const comment = a.getByTestId('post').filter({ hasText: 'Looks great' });
    await comment.waitFor();
    await comment.getByRole('link', { name: 'Bob Marley' }).waitFor();
    assert.equal(await comment.locator('a.mention').innerText(), '@Alice Liddell', 'the mention shows the name');
    await shot(a, 'two-nodes-a-thread');
    await expectNoSeriousA11yViolations(a, 'thread');

    // A hides B's comment: a quiet line stands for it, which shows it (dimmed) to show again.
    await comment.getByRole('button', { name: 'More actions' }).click();
    await a.getByRole('menuitem', { name: 'Hide this comment' }).click();
    const hiddenLine = a.getByTestId('hidden-replies');
    await hiddenLine.filter({ hasText: '1 reply hidden by you' }).waitFor();
    await comment.waitFor({ state: 'detached' });
    await hiddenLine.getByRole('button', { name: 'Show' }).click();
    const hiddenReply = a.getByTestId('hidden-reply').filter({ hasText: 'Looks great' });
    await hiddenReply.waitFor();
    await shot(a, 'two-nodes-a-thread-hidden-reply');
    await expectNoSeriousA11yViolations(a, 'thread with a hidden comment shown');
    await hiddenReply.getByRole('button', { name: 'Show again' }).click();
    await hiddenLine.waitFor({ state: 'detached' });
    await comment.waitFor();

    // The notifications: the comment and the reaction; opening them clears the badge.
    await a.getByRole('link', { name: /Notifications/ }).click();
    await a.getByTestId('notification').filter({ hasText: 'Bob Marley replied to you' }).waitFor();
    await a.getByTestId('notification').filter({ hasText: 'Bob Marley reacted 🎉 to your post' }).waitFor();
    await badge.waitFor({ state: 'detached' });
    await shot(a, 'two-nodes-a-notifications');
    await expectNoSeriousA11yViolations(a, 'notifications');

    // Bob's page on A: the full account id, one click from his name.
    await a.getByTestId('notification').filter({ hasText: 'replied to you' }).click();
    await a.getByTestId('post').filter({ hasText: 'Looks great' }).getByRole('link', { name: 'Bob Marley' }).click();
    const header = a.getByTestId('profile-header');
    await header.waitFor();
    assert.equal(await header.getByTestId('account-id').innerText(), await cli(bobDir, ['id']));
    await a.getByTestId('post').filter({ hasText: 'Looks great' }).waitFor({ state: 'detached' }); // posts only
    await a.getByLabel('Posts and comments').check();
    await a.getByTestId('post').filter({ hasText: 'Looks great' }).waitFor();
    await shot(a, 'two-nodes-a-author');
    await expectNoSeriousA11yViolations(a, 'author page');

    // A uses B's reports as a block list (Profile → Moderation), listed by B's name, then
    // stops using it.
    await a.getByRole('link', { name: 'Profile' }).click();
    await a.getByLabel('Use someone’s block list: paste their account id').fill(await cli(bobDir, ['id']));
    await a.getByRole('button', { name: 'Use list' }).click();
    const lists = a.getByRole('list', { name: 'Block lists in use' });
    await lists.getByRole('link', { name: 'Bob Marley' }).waitFor();
    await shot(a, 'two-nodes-a-block-lists');
    await expectNoSeriousA11yViolations(a, 'moderation with a block list');
    await lists.getByRole('button', { name: 'Stop using Bob Marley' }).click();
    await a.getByText('You use no block lists.').waitFor();
  } finally {
    for (const c of contexts) await c.close();
    await alice.stop();
    await bob.stop();
  }
});

test('two nodes chat: A writes to B end-to-end encrypted, B sees it with an unread badge and replies, A sees the reply; a photo A sends shows on B’s side', { timeout: 180_000 }, async () => {
  const aliceDir = freshDir('chat-alice');
  const bobDir = freshDir('chat-bob');
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

    const open = async (node, viewport) => {
      const context = await chromium.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      watchPage(page, problems);
      page.setDefaultTimeout(TIMEOUT);
      await page.goto(node.login);
      // Opening Chat publishes the account's chat key, so the other can write to it.
      await page.getByRole('link', { name: /Chat/ }).click();
      await page.getByRole('heading', { name: 'Chat', level: 1 }).waitFor();
      return page;
    };
    const a = await open(alice, { width: 1280, height: 800 });
    const b = await open(bob, { width: 390, height: 844 });
    await b.getByText('No conversations yet').waitFor();
    await expectNoSeriousA11yViolations(b, 'empty chat list (phone)');

    // Bob's chat key reaches Alice's node with his events.
    for (const deadline = Date.now() + TIMEOUT; ; ) {
      const keys = JSON.parse(await cli(aliceDir, ['call', 'events.query', JSON.stringify({ authors: [bobId], kinds: ['chat.key'] })]));
      if (keys.events.length > 0) break;
      assert.ok(Date.now() < deadline, 'Bob’s chat key reached Alice’s node');
      await new Promise((r) => setTimeout(r, 250));
    }

    // A starts a chat with B (someone A follows) and writes.
    await a.getByRole('button', { name: 'New chat' }).click();
    const dialog = a.getByRole('dialog', { name: 'New chat' });
    await dialog.getByTestId('pick-account').filter({ hasText: 'Bob Marley' }).click();
    await a.getByTestId('conversation-title').filter({ hasText: 'Bob Marley' }).waitFor();
    await a.getByTestId('chat-input').fill('Hi Bob, this is **end-to-end encrypted**');
    await a.getByTestId('chat-input').press('Enter');
    const sent = a.getByTestId('message').filter({ hasText: 'Hi Bob, this is end-to-end encrypted' });
    await sent.waitFor();
    assert.equal(await sent.locator('strong').innerText(), 'end-to-end encrypted', 'Markdown is rendered');
    assert.match(await sent.getAttribute('class'), /\bmine\b/, 'my message is on my side');

    // B's list shows it, unread, and the navigation counts it.
    const fromAlice = b.getByTestId('conversation').filter({ hasText: 'Alice Liddell' });
    await fromAlice.filter({ hasText: 'Hi Bob, this is end-to-end encrypted' }).waitFor();
    await fromAlice.getByTestId('conversation-unread').filter({ hasText: '1' }).waitFor();
    await b.getByTestId('chat-unread-badge').filter({ hasText: '1' }).waitFor();
    await shot(b, 'chat-b-list-phone');
    await expectNoSeriousA11yViolations(b, 'chat list (phone)');

    // B opens it (which marks it read) and replies.
    await fromAlice.click();
    await b.getByTestId('message').filter({ hasText: 'Hi Bob, this is end-to-end encrypted' }).waitFor();
    await b.getByTestId('chat-unread-badge').waitFor({ state: 'detached' });
    await b.getByTestId('chat-input').fill('Hi Alice! Loud and clear.');
    await b.getByTestId('chat-input').press('Enter');
    await b.getByTestId('message').filter({ hasText: 'Loud and clear' }).waitFor();
    await shot(b, 'chat-b-conversation-phone');
    await expectNoSeriousA11yViolations(b, 'conversation (phone)');
    const width = await b.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `nothing overflows the phone's width (page is ${width}px wide)`);

    // A, with the conversation open, sees the reply arrive (on the other side).
    const reply = a.getByTestId('message').filter({ hasText: 'Hi Alice! Loud and clear.' });
    await reply.waitFor();
    assert.doesNotMatch(await reply.getAttribute('class'), /\bmine\b/, 'their message is on their side');
    await shot(a, 'chat-a-conversation-desktop');
    await expectNoSeriousA11yViolations(a, 'conversation (desktop)');

    // A sends a photo without text: it uploads to A's node, goes sealed with the message,
    // and B's node fetches the sealed copy from A's and opens it; B sees the picture.
    await a.getByTestId('chat-file-input').setInputFiles(join(FIXTURES, 'sunset.jpg'));
    await a.getByTestId('upload').filter({ hasText: 'sunset.jpg' }).getByText(/ready/).waitFor();
    await shot(a, 'chat-a-attach-desktop');
    await a.getByRole('button', { name: 'Send' }).click();
    const sentPhoto = a.getByTestId('message').filter({ has: a.getByRole('img', { name: 'sunset.jpg' }) });
    await sentPhoto.waitFor();
    assert.match(await sentPhoto.getAttribute('class'), /\bmine\b/, 'my photo is on my side');
    await a.getByTestId('upload').first().waitFor({ state: 'detached' });
    const photo = b.getByTestId('message').filter({ has: b.getByRole('img', { name: 'sunset.jpg' }) });
    await photo.waitFor({ timeout: 60_000 });
    assert.doesNotMatch(await photo.getAttribute('class'), /\bmine\b/, 'their photo is on their side');
    const picture = photo.getByRole('img', { name: 'sunset.jpg' });
    await b.waitForFunction((el) => el.complete && el.naturalWidth > 0, await picture.elementHandle());
    assert.match(await picture.getAttribute('src'), /\/blobs\/[0-9a-f]{64}/, 'the picture comes from B’s node');
    assert.equal(await photo.locator('.markdown').count(), 0, 'a photo alone has no empty text');
    await shot(b, 'chat-b-image-phone');
    await expectNoSeriousA11yViolations(b, 'conversation with a photo (phone)');
    const phoneWidth = await b.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(phoneWidth <= 390, `the photo does not overflow the phone's width (page is ${phoneWidth}px wide)`);
    // A click shows it full size.
    await picture.click();
    const lightbox = b.getByRole('dialog', { name: 'sunset.jpg' });
    await lightbox.waitFor();
    await shot(b, 'chat-b-image-lightbox-phone');
    await lightbox.getByRole('button', { name: 'Close' }).click();
    await lightbox.waitFor({ state: 'detached' });
    // A's list reads it as the photo.
    await a.getByTestId('conversation').filter({ hasText: 'You: 📎 sunset.jpg' }).waitFor();
    await a.waitForFunction((el) => el.complete && el.naturalWidth > 0, await sentPhoto.getByRole('img', { name: 'sunset.jpg' }).elementHandle());
    await shot(a, 'chat-a-image-desktop');
    await expectNoSeriousA11yViolations(a, 'conversation with a photo (desktop)');

    // The details: both members, and the disappearing-messages setting.
    await a.getByRole('link', { name: 'Members and settings' }).click();
    const details = a.getByTestId('chat-settings');
    await details.getByTestId('chat-member').filter({ hasText: 'Bob Marley' }).waitFor();
    assert.equal(await details.getByTestId('chat-member').count(), 2);
    await shot(a, 'chat-a-details-desktop');
    await expectNoSeriousA11yViolations(a, 'conversation details');
  } finally {
    for (const c of contexts) await c.close();
    await alice.stop();
    await bob.stop();
  }
});

test('no page broke its Content-Security-Policy or threw', () => {
  assert.deepEqual(problems, []);
});
