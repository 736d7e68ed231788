import { describe, expect, it } from 'vitest';
import { call, type Post } from '../src/lib/api/client';
import { announce } from '../src/lib/stores/postbus';
import { PAGE_SIZE, PostPages } from '../src/lib/stores/posts.svelte';
import { ACCOUNT, fakeNode, OTHER, post } from './fixtures';

const texts = (pages: PostPages) => pages.posts.map((p) => p.text);
const timeline = () => new PostPages((before, limit) => call('social.timeline', before ? { limit, before } : { limit }), { accepts: (p) => !p.reply_to });

describe('PostPages (keyset paging)', () => {
  it('reads page after page with the cursor, newest first, until there is no next', async () => {
    const { transport } = fakeNode({ posts: Array.from({ length: PAGE_SIZE * 2 + 5 }, (_, i) => post(i + 1, 1000 + i)) });
    const pages = timeline();
    await pages.loadFirst();
    expect(pages.posts).toHaveLength(PAGE_SIZE);
    expect(pages.next).toBe(String(PAGE_SIZE));
    await pages.loadMore();
    await pages.loadMore();
    expect(pages.posts).toHaveLength(PAGE_SIZE * 2 + 5);
    expect(pages.next).toBeNull();
    await pages.loadMore(); // nothing more to read
    expect(transport.callsTo('social.timeline')).toEqual([
      { limit: PAGE_SIZE },
      { limit: PAGE_SIZE, before: String(PAGE_SIZE) },
      { limit: PAGE_SIZE, before: String(PAGE_SIZE * 2) },
    ]);
    expect(texts(pages)[0]).toBe(`post ${PAGE_SIZE * 2 + 5}`);
    expect(texts(pages).at(-1)).toBe('post 1');
    expect(new Set(pages.posts.map((p) => p.id)).size).toBe(pages.posts.length);
  });

  it('a refresh merges new posts on top and drops the ones the node no longer lists', async () => {
    const { node } = fakeNode({ posts: [post(1, 1000), post(2, 2000), post(3, 3000)] });
    const pages = timeline();
    await pages.loadFirst();
    node.posts = node.posts.filter((p) => p.text !== 'post 2'); // deleted, or muted
    node.posts.push(post(4, 4000));
    await pages.refreshNewest();
    expect(texts(pages)).toEqual(['post 4', 'post 3', 'post 1']);
  });

  it('keeps older pages when the newest page joins up with them', async () => {
    const { node } = fakeNode({ posts: Array.from({ length: PAGE_SIZE + 10 }, (_, i) => post(i + 1, 1000 + i)) });
    const pages = timeline();
    await pages.loadFirst();
    await pages.loadMore();
    node.posts.push(post(500, 99_000));
    await pages.refreshNewest();
    expect(pages.posts).toHaveLength(PAGE_SIZE + 11);
    expect(texts(pages)[0]).toBe('post 500');
    expect(texts(pages).at(-1)).toBe('post 1');
  });

  it('follows what this app changes: new posts that belong, updates, deletions, muted authors', async () => {
    fakeNode({ posts: [post(1, 1000, { author: OTHER }), post(2, 2000, { author: ACCOUNT })] });
    const pages = timeline();
    pages.start();
    await expect.poll(() => pages.status).toBe('ready');

    const mine: Post = post(3, 3000, { author: ACCOUNT, text: 'new' });
    announce({ type: 'created', post: mine });
    announce({ type: 'created', post: post(4, 4000, { reply_to: { root: mine.id, parent: mine.id, author: ACCOUNT } }) });
    expect(texts(pages)).toEqual(['new', 'post 2', 'post 1']); // a comment does not belong

    announce({ type: 'updated', post: { ...mine, text: 'edited' } });
    expect(texts(pages)[0]).toBe('edited');
    announce({ type: 'deleted', id: mine.id });
    expect(texts(pages)).toEqual(['post 2', 'post 1']);
    announce({ type: 'author-hidden', account: OTHER });
    expect(texts(pages)).toEqual(['post 2']);
    pages.stop();
    announce({ type: 'created', post: mine });
    expect(pages.posts).toEqual([]);
  });

  it('drops the answer to a search that was replaced meanwhile', async () => {
    const { transport } = fakeNode({ posts: [post(1, 1000, { text: 'apple' }), post(2, 2000, { text: 'banana' })] });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    transport.on('social.search', async (input: { query: string }) => {
      if (input.query === 'apple') await gate;
      return { posts: [post(input.query === 'apple' ? 1 : 2, 1000, { text: input.query })] };
    });
    const search = (query: string) => (_before: string | null, limit: number) => call('social.search', { query, limit });
    const pages = new PostPages(search('apple'));
    const first = pages.loadFirst();
    pages.restart(search('banana'));
    await expect.poll(() => texts(pages)).toEqual(['banana']);
    release();
    await first;
    expect(texts(pages)).toEqual(['banana']);
    pages.stop();
  });

  it('shows the error of a first page, and reads again on start', async () => {
    const { transport } = fakeNode({ posts: [post(1, 1000)] });
    transport.on('social.timeline', () => {
      throw Object.assign(new Error('the database is busy'), { code: 'io' });
    });
    const pages = timeline();
    await pages.loadFirst();
    expect(pages.status).toBe('error');
    expect(pages.error?.code).toBe('io');
    expect(pages.error?.detail).toBe('the database is busy');
  });
});
