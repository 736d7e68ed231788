import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import App from '../src/App.svelte';
import type { Post } from '../src/lib/api/client';
import { ApiError } from '../src/lib/transport/types';
import { ACCOUNT, fakeNode, MENTIONED, OTHER, post, type Notification } from './fixtures';

/** Goes to a route as a link would. */
async function go(hash: string) {
  location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  await Promise.resolve();
}

const cards = () => screen.queryAllByTestId('post');
/** The card of a post, found by its text (throws while there is none: use inside waitFor). */
function card(text: string): HTMLElement {
  const found = cards().find((a) => a.querySelector('.markdown')?.textContent?.includes(text));
  if (!found) throw new Error(`no post says “${text}”`);
  return found;
}
const reply = (to: Post, n: number, t: number, extra: Partial<Post> = {}): Post =>
  post(n, t, { reply_to: { root: to.reply_to?.root ?? to.id, parent: to.id, author: to.author }, ...extra });

describe('post cards', () => {
  it('show the author by name with a link to their page, where the full id is one click away', async () => {
    fakeNode({
      posts: [post(1, Date.now() - 3 * 3600_000, { author: OTHER, author_name: 'Bob' })],
      profiles: { [OTHER]: { name: 'Bob', bio: 'I make **music**.', links: ['https://bob.example'] } },
    });
    render(App);
    const article = await screen.findByTestId('post');
    const name = within(article).getByRole('link', { name: 'Bob' });
    expect(name.getAttribute('href')).toBe(`#/feed/author/${OTHER}`);
    expect(article.querySelector('time')!.textContent).toBe('3 hours ago');
    expect(article.querySelector('time')!.getAttribute('title')).toMatch(/\d{4}/); // the full date

    await go(name.getAttribute('href')!);
    const header = await screen.findByTestId('profile-header');
    expect(within(header).getByRole('heading', { name: 'Bob' })).toBeTruthy();
    expect(within(header).getByTestId('account-id').textContent).toBe(OTHER);
    expect(within(header).getByRole('button', { name: 'Copy' })).toBeTruthy();
    expect(header.querySelector('.bio strong')!.textContent).toBe('music');
    expect(within(header).getByRole('link', { name: 'bob.example' }).getAttribute('href')).toBe('https://bob.example');
  });

  it('link hashtags and mentions', async () => {
    fakeNode({ posts: [post(1, 1000, { text: 'Hello #Rust' })] });
    render(App);
    const article = await screen.findByTestId('post');
    expect(within(article).getByRole('link', { name: '#Rust' }).getAttribute('href')).toBe('#/feed/tag/rust');
  });

  it('toggle this account’s reaction at once, and add one from the picker', async () => {
    const { transport } = fakeNode({
      posts: [post(1, 1000, { reactions: [{ reaction: '👍', count: 2, mine: true }, { reaction: '🎉', count: 1, mine: false }] })],
    });
    // The fake's stored copy has no reactions of ours: seed them.
    render(App);
    const article = await screen.findByTestId('post');
    const [thumbs, party] = within(article).getAllByTestId('reaction');
    expect(thumbs.getAttribute('aria-pressed')).toBe('true');
    expect(party.getAttribute('aria-pressed')).toBe('false');

    await fireEvent.click(party);
    await waitFor(() => expect(within(article).getAllByTestId('reaction')[1].textContent).toContain('2'));
    expect(transport.callsTo('social.react')).toEqual([{ id: post(1, 0).id, reaction: '🎉' }]);

    await fireEvent.click(within(article).getByRole('button', { name: 'Add a reaction' }));
    const menu = within(article).getByRole('menu', { name: 'Add a reaction' });
    await fireEvent.click(within(menu).getByRole('menuitemcheckbox', { name: 'React with fire' }));
    await waitFor(() => expect(transport.callsTo('social.react')).toHaveLength(2));
    expect(await within(article).findByRole('button', { name: /^🔥 1, yours/ })).toBeTruthy();

    await fireEvent.click(within(article).getByRole('button', { name: /^🔥 1, yours/ }));
    await waitFor(() => expect(transport.callsTo('social.unreact')).toEqual([{ id: post(1, 0).id, reaction: '🔥' }]));
    await waitFor(() => expect(within(article).queryByRole('button', { name: /^🔥/ })).toBeNull());
  });

  it('put a reaction back when the node refuses it, and say why', async () => {
    const { transport } = fakeNode({ posts: [post(1, 1000)] });
    transport.on('social.react', () => {
      throw Object.assign(new Error('the key is locked'), { code: 'permission_denied' });
    });
    render(App);
    const article = await screen.findByTestId('post');
    await fireEvent.click(within(article).getByRole('button', { name: 'Add a reaction' }));
    await fireEvent.click(screen.getByRole('menuitemcheckbox', { name: 'React with heart' }));
    expect(await screen.findByText('Could not react')).toBeTruthy();
    expect(within(article).queryAllByTestId('reaction')).toHaveLength(0);
  });

  it('edit an own post (its history one click away) and delete it after saying what deleting does', async () => {
    const { transport } = fakeNode({ posts: [post(1, 1000, { author: ACCOUNT, text: 'first words' })] });
    render(App);
    const article = await screen.findByTestId('post');
    await fireEvent.click(within(article).getByRole('button', { name: 'More actions' }));
    await fireEvent.click(screen.getByRole('menuitem', { name: 'Edit' }));
    const box = within(article).getByLabelText('Edit the post');
    await fireEvent.input(box, { target: { value: 'better words' } });
    await fireEvent.click(within(article).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(article.querySelector('.markdown')!.textContent!.trim()).toBe('better words'));
    expect(transport.callsTo('social.edit')).toEqual([{ id: post(1, 0).id, text: 'better words' }]);

    await fireEvent.click(within(article).getByRole('button', { name: 'edited' }));
    const history = await screen.findByRole('dialog', { name: 'Edit history' });
    await waitFor(() => expect(within(history).getByText('Original')).toBeTruthy());
    expect(within(history).getByText('first words')).toBeTruthy();
    expect(within(history).getByText('Current')).toBeTruthy();
    await fireEvent.click(within(history).getByRole('button', { name: 'Close' }));

    await fireEvent.click(within(article).getByRole('button', { name: 'More actions' }));
    await fireEvent.click(screen.getByRole('menuitem', { name: 'Delete…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete this post?' });
    expect(dialog.textContent).toMatch(/every node that holds it/);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Delete everywhere' }));
    await waitFor(() => expect(cards()).toHaveLength(0));
    expect(transport.callsTo('social.delete')).toEqual([{ id: post(1, 0).id }]);
  });

  it('repost at once, and quote with words in a composer that shows the quoted post', async () => {
    const { transport } = fakeNode({ posts: [post(1, 1000, { text: 'worth sharing' })] });
    render(App);
    const article = await screen.findByTestId('post');
    await fireEvent.click(within(article).getByRole('button', { name: 'Repost' }));
    await waitFor(() => expect(transport.callsTo('social.post')).toEqual([{ text: '', title: null, quote: post(1, 0).id }]));
    await waitFor(() => expect(screen.getByText('reposted')).toBeTruthy());

    const original = cards().find((a) => a.dataset.id === post(1, 0).id)!;
    await fireEvent.click(within(original).getByRole('button', { name: 'Quote' }));
    const dialog = await screen.findByRole('dialog', { name: 'Quote this post' });
    expect(within(dialog).getByTestId('quoted-post').textContent).toContain('worth sharing');
    await fireEvent.input(within(dialog).getByLabelText('Add your words'), { target: { value: 'so true' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Quote' }));
    await waitFor(() => expect(transport.callsTo('social.post')).toHaveLength(2));
    expect(transport.callsTo('social.post')[1]).toEqual({ text: 'so true', title: null, quote: post(1, 0).id });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Quote this post' })).toBeNull());
  });
});

describe('thread view', () => {
  function threadNode() {
    const root = post(1, 1000, { author: ACCOUNT, text: 'the root post', replies: 2 });
    const a = reply(root, 2, 2000, { text: 'first comment', author_name: 'Bob' });
    const b = reply(root, 3, 3000, { text: 'second comment' });
    const a1 = reply(a, 4, 4000, { text: 'answer to the first', author: ACCOUNT });
    const fake = fakeNode({ posts: [root, a, b, a1] });
    fake.node.deleted.push({ id: 'e'.repeat(64), author: OTHER, deleted_at: Date.UTC(2026, 0, 2), request: 'f'.repeat(64) });
    fake.node.posts.push(post(5, 5000, { text: 'under a deleted one', reply_to: { root: root.id, parent: 'e'.repeat(64), author: OTHER } }));
    return { ...fake, root, a, b, a1 };
  }

  it('nests comments under what they answer, with placeholders for deleted ones', async () => {
    const { root } = threadNode();
    location.hash = `#/feed/post/${root.id}`;
    render(App);
    await screen.findByText('the root post');
    await waitFor(() => expect(document.querySelectorAll('ol.list > li')).toHaveLength(5));
    const items = [...document.querySelectorAll('ol.list > li')];
    expect(items.map((li) => [...li.classList].find((c) => c.startsWith('depth-')))).toEqual(['depth-0', 'depth-1', 'depth-0', 'depth-0', 'depth-1']);
    expect(items[0].textContent).toContain('first comment');
    expect(items[1].textContent).toContain('answer to the first');
    expect(items[3].textContent).toMatch(/Comment deleted on/);
    expect(items[4].textContent).toContain('under a deleted one');
  });

  it('opens a reply box under any comment and sends the reply there', async () => {
    const { root, a, transport } = threadNode();
    location.hash = `#/feed/post/${root.id}`;
    render(App);
    const first = await waitFor(() => card('first comment'));
    await fireEvent.click(within(first).getByRole('button', { name: /^Reply/ }));
    expect(within(first).getByRole('button', { name: /^Reply/ }).getAttribute('aria-expanded')).toBe('true');
    const box = await screen.findByLabelText('Write a reply');
    await fireEvent.input(box, { target: { value: 'me too' } });
    const box2 = box.closest('form')!;
    await fireEvent.click(within(box2 as HTMLElement).getByRole('button', { name: 'Reply' }));
    await waitFor(() => expect(transport.callsTo('social.post')).toEqual([{ text: 'me too', title: null, reply_to: a.id }]));
    await waitFor(() => expect(card('me too')).toBeTruthy());
    expect(screen.queryByLabelText('Write a reply')).toBeNull();
    const items = [...document.querySelectorAll('ol.list > li')];
    const mine = items.find((li) => li.textContent?.includes('me too'))!;
    expect(mine.classList.contains('depth-1')).toBe(true);
  });

  it('lets the one who started the thread hide a comment, and show it again', async () => {
    const { root, b, transport } = threadNode();
    location.hash = `#/feed/post/${root.id}`;
    render(App);
    const second = await waitFor(() => card('second comment'));
    await fireEvent.click(within(second).getByRole('button', { name: 'More actions' }));
    await fireEvent.click(screen.getByRole('menuitem', { name: 'Hide this comment' }));
    await waitFor(() => expect(transport.callsTo('social.hide_reply')).toEqual([{ id: b.id, hidden: true }]));
    await waitFor(() => expect(screen.queryByText('second comment')).toBeNull());
  });

  it('shows a hidden comment that has answers as a placeholder that can bring it back', async () => {
    const { root, a, transport, node } = threadNode();
    node.hidden.push(a.id);
    location.hash = `#/feed/post/${root.id}`;
    render(App);
    await waitFor(() => card('answer to the first'));
    expect(screen.queryByText('first comment')).toBeNull();
    expect(screen.getByText('You hid this comment.')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Show it again' }));
    await waitFor(() => expect(transport.callsTo('social.hide_reply')).toEqual([{ id: a.id, hidden: false }]));
    await waitFor(() => card('first comment'));
  });

  it('tells the one who hid comments how many, and shows them dimmed in place with a way back', async () => {
    const { root, a, b, transport, node } = threadNode();
    node.hidden.push(b.id, a.id);
    location.hash = `#/feed/post/${root.id}`;
    render(App);
    const line = await screen.findByTestId('hidden-replies');
    expect(line.textContent).toMatch(/2 replies hidden by you\s*·\s*Show/);
    expect(screen.queryByText('second comment')).toBeNull();
    expect(screen.queryAllByTestId('hidden-reply')).toHaveLength(0);

    const toggle = within(line).getByRole('button', { name: 'Show' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.click(toggle);
    const shown = await screen.findAllByTestId('hidden-reply');
    expect(shown.map((h) => h.querySelector('.markdown')?.textContent?.trim())).toEqual(['first comment', 'second comment']);
    // In place: the hidden first comment is back above its answer, which no placeholder stands in for.
    const items = [...document.querySelectorAll('ol.list > li')];
    expect(items[0].textContent).toContain('first comment');
    expect(items[1].textContent).toContain('answer to the first');
    expect(screen.queryByText('You hid this comment.')).toBeNull();
    expect(within(line).getByRole('button', { name: 'Hide them' }).getAttribute('aria-expanded')).toBe('true');

    await fireEvent.click(within(shown[1]).getByRole('button', { name: 'Show again' }));
    await waitFor(() => expect(transport.callsTo('social.hide_reply')).toEqual([{ id: b.id, hidden: false }]));
    await waitFor(() => expect(screen.getByTestId('hidden-replies').textContent).toMatch(/1 reply hidden by you/));
    expect(screen.getAllByTestId('hidden-reply')).toHaveLength(1);
    expect(card('second comment').closest('[data-testid="hidden-reply"]')).toBeNull();
  });

  it('shows the hidden comments at once when opened on one of them', async () => {
    const { b, node } = threadNode();
    node.hidden.push(b.id);
    location.hash = `#/feed/post/${b.id}`;
    render(App);
    const shown = await screen.findByTestId('hidden-reply');
    expect(shown.textContent).toContain('second comment');
    expect(within(shown).getByRole('button', { name: 'Show again' })).toBeTruthy();
  });

  it('says what went wrong when the post is not on this node', async () => {
    fakeNode();
    location.hash = `#/feed/post/${'9'.repeat(64)}`;
    render(App);
    expect(await screen.findByText(/could not be found/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('author page', () => {
  it('follows and unfollows, and switches between posts and posts with comments', async () => {
    const top = post(1, 1000, { text: 'a post of theirs' });
    const { transport } = fakeNode({ posts: [top, reply(top, 2, 2000, { text: 'a comment of theirs' })] });
    location.hash = `#/feed/author/${OTHER}`;
    render(App);
    await screen.findByText('a post of theirs');
    expect(screen.queryByText('a comment of theirs')).toBeNull();
    await fireEvent.click(screen.getByLabelText('Posts and comments'));
    expect(await screen.findByText('a comment of theirs')).toBeTruthy();
    expect(transport.callsTo('social.feed').at(-1)).toMatchObject({ author: OTHER, replies: true });

    await fireEvent.click(screen.getByRole('button', { name: 'Follow' }));
    expect(await screen.findByRole('button', { name: 'Unfollow' })).toBeTruthy();
    expect(transport.callsTo('social.follow')).toEqual([{ account: OTHER }]);
    await fireEvent.click(screen.getByRole('button', { name: 'Unfollow' }));
    expect(await screen.findByRole('button', { name: 'Follow' })).toBeTruthy();
  });

  it('reports with a reason (and blocks), and mutes', async () => {
    const { transport, node } = fakeNode({ posts: [post(1, 1000)] });
    location.hash = `#/feed/author/${OTHER}`;
    render(App);
    await screen.findByTestId('profile-header');
    await fireEvent.click(screen.getByRole('button', { name: 'Mute' }));
    await waitFor(() => expect(node.muted).toEqual([OTHER]));
    expect(await screen.findByRole('button', { name: 'Unmute' })).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Report' }));
    const dialog = await screen.findByRole('dialog');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Report' }));
    expect(within(dialog).getByText('Say in a few words what is wrong.')).toBeTruthy();
    await fireEvent.input(within(dialog).getByLabelText('What is wrong?'), { target: { value: 'spam' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Report' }));
    await waitFor(() => expect(transport.callsTo('social.report')).toEqual([{ account: OTHER, reason: 'spam', block: true }]));
    expect(await screen.findByRole('button', { name: 'Unblock' })).toBeTruthy();
  });
});

describe('search and hashtags', () => {
  it('searches once typing pauses, and shows when nothing matches', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { transport } = fakeNode({ posts: [post(1, 1000, { text: 'apples and pears' }), post(2, 2000, { text: 'bananas' })] });
      render(App);
      const box = await screen.findByLabelText('Search posts');
      for (const q of ['a', 'ap', 'app']) await fireEvent.input(box, { target: { value: q } });
      expect(transport.callsTo('social.search')).toEqual([]);
      await vi.advanceTimersByTimeAsync(350);
      await waitFor(() => expect(transport.callsTo('social.search')).toEqual([{ query: 'app', limit: 30 }]));
      expect(await screen.findByText('apples and pears')).toBeTruthy();
      expect(screen.queryByText('bananas')).toBeNull();
      expect(screen.queryByLabelText('Write a post')).toBeNull();

      await fireEvent.input(box, { target: { value: 'cherries' } });
      await vi.advanceTimersByTimeAsync(350);
      expect(await screen.findByText(/Nothing matches “cherries”/)).toBeTruthy();

      await fireEvent.keyDown(box, { key: 'Escape' });
      expect(await screen.findByLabelText('Write a post')).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a hashtag’s posts and mutes the hashtag', async () => {
    const { transport, node } = fakeNode({ posts: [post(1, 1000, { text: 'I love #rust', tags: ['rust'] }), post(2, 2000, { text: 'other' })] });
    location.hash = '#/feed/tag/rust';
    render(App);
    expect(await screen.findByRole('heading', { name: '#rust' })).toBeTruthy();
    expect(await screen.findByText(/I love/)).toBeTruthy();
    expect(screen.queryByText('other')).toBeNull();
    expect(transport.callsTo('social.tag')[0]).toMatchObject({ tag: 'rust' });
    await fireEvent.click(screen.getByRole('button', { name: 'Mute #rust' }));
    await waitFor(() => expect(node.tags).toEqual(['rust']));
    expect(await screen.findByRole('button', { name: 'Unmute #rust' })).toBeTruthy();
  });
});

describe('notifications', () => {
  const items: Notification[] = [
    { what: 'reply', event: 'a'.repeat(64), from: OTHER, from_name: 'Bob', created_at: 3000, post: 'a'.repeat(64), excerpt: 'Nice **post**', unread: true },
    { what: 'reaction', event: 'b'.repeat(64), from: OTHER, from_name: 'Bob', created_at: 2000, post: 'c'.repeat(64), reaction: '🎉', unread: true },
    { what: 'follow', event: 'd'.repeat(64), from: OTHER, from_name: 'Bob', created_at: 1000, unread: false },
  ];

  it('shows the unread count in the navigation, kept current from notices', async () => {
    const { node, transport } = fakeNode({ notifications: items });
    render(App);
    const badge = await screen.findByTestId('unread-badge');
    expect(badge.textContent).toBe('2 unread');
    expect(screen.getByRole('link', { name: /Notifications/ }).textContent).toMatch(/2 unread/);
    node.notifications.unshift({ ...items[0], event: 'e'.repeat(64) });
    transport.emit({ type: 'events', count: 1, events: [{ id: 'x', kind: 'social.react', author: OTHER }] });
    await waitFor(() => expect(screen.getByTestId('unread-badge').textContent).toBe('3 unread'));
  });

  it('lists them with links, marks them seen when opened, and clears the badge', async () => {
    const { transport } = fakeNode({ notifications: items });
    render(App);
    await screen.findByTestId('unread-badge');
    await go('#/notifications');
    const rows = await screen.findAllByTestId('notification');
    // (The avatar's initial, B, is hidden from assistive technology.)
    expect(rows.map((r) => r.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^B New: Bob replied to you Nice post/),
      expect.stringMatching(/^B New: Bob reacted 🎉 to your post/),
      expect.stringMatching(/^B Bob followed you/),
    ]);
    expect(rows[0].getAttribute('href')).toBe(`#/feed/post/${'a'.repeat(64)}`);
    expect(rows[1].getAttribute('href')).toBe(`#/feed/post/${'c'.repeat(64)}`);
    expect(rows[2].getAttribute('href')).toBe(`#/feed/author/${OTHER}`);
    await waitFor(() => expect(transport.callsTo('social.notifications_seen')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('unread-badge')).toBeNull());
    expect(rows[0].classList.contains('unread')).toBe(true); // still marked while the list is open
  });

  it('has an empty state', async () => {
    fakeNode();
    location.hash = '#/notifications';
    render(App);
    expect(await screen.findByText('Nothing new')).toBeTruthy();
  });
});

describe('profile and moderation settings', () => {
  it('publishes the own profile: name, bio and links', async () => {
    const { transport } = fakeNode({ profiles: { [ACCOUNT]: { name: 'Alice', bio: '', links: [] } } });
    location.hash = '#/profile';
    render(App);
    const name = (await screen.findByLabelText('Name')) as HTMLInputElement;
    await waitFor(() => expect(name.value).toBe('Alice'));
    await fireEvent.input(name, { target: { value: 'Alice L.' } });
    await fireEvent.input(screen.getByLabelText('Bio'), { target: { value: 'Tea *enthusiast*' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add a link' }));
    await fireEvent.input(screen.getByLabelText('Link 1'), { target: { value: 'not a link' } });
    expect(screen.getByText(/A web address starts with https/)).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Link 1'), { target: { value: 'https://alice.example' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() =>
      expect(transport.callsTo('social.set_profile')).toEqual([{ name: 'Alice L.', bio: 'Tea *enthusiast*', links: ['https://alice.example'] }]),
    );
    expect(await screen.findByText('Profile published')).toBeTruthy();
  });

  it('lists blocked and muted accounts and muted words, with add and remove', async () => {
    const { node } = fakeNode();
    node.blocked = [OTHER];
    node.words = ['spoilers'];
    location.hash = '#/profile';
    render(App);
    expect(await screen.findByRole('button', { name: /^Unblock/ })).toBeTruthy();
    expect(screen.getByText('spoilers')).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Word, phrase or #hashtag to mute'), { target: { value: '#Politics' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Mute' }));
    expect(await screen.findByRole('link', { name: '#politics' })).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Unmute spoilers' }));
    await waitFor(() => expect(screen.queryByText('spoilers')).toBeNull());
    await fireEvent.click(screen.getByRole('button', { name: /^Unblock/ }));
    await waitFor(() => expect(node.blocked).toEqual([]));
    expect(await screen.findByText('Nobody is blocked.')).toBeTruthy();
  });

  it('lists hidden comments with who wrote them and a way to show each again, and forgets those gone', async () => {
    const root = post(1, 1000, { author: ACCOUNT, text: 'my post' });
    const rude = reply(root, 2, 2000, { author: OTHER, text: 'a **rude** remark\nand more' });
    const { node, transport } = fakeNode({ posts: [root, rude], profiles: { [OTHER]: { name: 'Bob', bio: '', links: [] } } });
    const gone = 'd'.repeat(64);
    node.hidden.push(rude.id, gone);
    location.hash = '#/profile';
    render(App);
    const list = await screen.findByRole('list', { name: 'Hidden comments' });
    const [first, second] = within(list).getAllByRole('listitem');
    expect(within(first).getByRole('link', { name: 'Bob' }).getAttribute('href')).toBe(`#/feed/author/${OTHER}`);
    expect(first.querySelector('.excerpt')!.textContent).toBe('a rude remark');
    expect(first.querySelector('a.when')!.getAttribute('href')).toBe(`#/feed/post/${rude.id}`);
    expect(second.textContent).toContain('no longer on this node');

    await fireEvent.click(within(first).getByRole('button', { name: 'Show again the comment by Bob' }));
    await waitFor(() => expect(transport.callsTo('social.hide_reply')).toEqual([{ id: rude.id, hidden: false }]));
    await fireEvent.click(await screen.findByRole('button', { name: /^Forget the hidden comment/ }));
    await waitFor(() => expect(node.hidden).toEqual([]));
    expect(await screen.findByText(/No comments are hidden/)).toBeTruthy();
  });

  it('lists the block lists in use by name, adds one by account id, stops using one, and shows the node’s refusal beside the field', async () => {
    const { node, transport } = fakeNode({ profiles: { [MENTIONED]: { name: 'Carol', bio: '', links: [] } } });
    location.hash = '#/profile';
    render(App);
    expect(await screen.findByText('You use no block lists.')).toBeTruthy();
    expect(screen.getByText(/A block list is someone else’s reports/)).toBeTruthy();
    const field = () => screen.getByLabelText('Use someone’s block list: paste their account id') as HTMLInputElement;
    const use = async (value: string) => {
      await fireEvent.input(field(), { target: { value } });
      await fireEvent.click(screen.getByRole('button', { name: 'Use list' }));
    };

    await use('sn1nope');
    expect(screen.getByText(/That is not an account id/)).toBeTruthy();
    expect(transport.callsTo('social.follow_list')).toEqual([]);

    await use(MENTIONED);
    const lists = await screen.findByRole('list', { name: 'Block lists in use' });
    const carol = await within(lists).findByRole('link', { name: 'Carol' });
    expect(carol.getAttribute('href')).toBe(`#/feed/author/${MENTIONED}`);
    expect(carol.getAttribute('title')).toBe(MENTIONED);
    expect(transport.callsTo('social.follow_list')).toEqual([{ account: MENTIONED }]);
    expect(field().value).toBe('');

    await fireEvent.click(within(lists).getByRole('button', { name: 'Stop using Carol' }));
    await waitFor(() => expect(node.lists).toEqual([]));
    expect(await screen.findByText('You use no block lists.')).toBeTruthy();

    transport.on('social.follow_list', () => {
      throw new ApiError('invalid_input', "that is this node's own account");
    });
    await use(MENTIONED);
    const refusal = (await screen.findByText("that is this node's own account")).closest('[role="alert"]')!;
    expect(refusal.textContent).toContain('Something in what was sent is not right');
    expect(field().value).toBe(MENTIONED);
    expect(screen.getByText('You use no block lists.')).toBeTruthy();
  });
});
