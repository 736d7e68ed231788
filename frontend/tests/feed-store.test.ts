import { describe, expect, it } from 'vitest';
import { FeedStore, PAGE_SIZE } from '../src/lib/stores/feed.svelte';
import { fakeNode, post } from './fixtures';

const ids = (store: FeedStore) => store.posts.map((p) => p.text);

describe('FeedStore', () => {
  it('joins more than a page of new posts to the loaded ones by reading on', async () => {
    const { node } = fakeNode({ posts: Array.from({ length: 40 }, (_, i) => post(i + 1, 1000 + i)) });
    const store = new FeedStore();
    await store.loadFirst();
    await store.loadMore();
    expect(store.posts).toHaveLength(40);

    for (let i = 0; i < PAGE_SIZE + 5; i++) node.posts.push(post(100 + i, 5000 + i));
    await store.refreshNewest();
    expect(store.posts).toHaveLength(40 + PAGE_SIZE + 5);
    expect(new Set(store.posts.map((p) => p.id)).size).toBe(store.posts.length);
    expect(ids(store)[0]).toBe(`post ${100 + PAGE_SIZE + 4}`);
    expect(ids(store).at(-1)).toBe('post 1');
  });

  it('coalesces refreshes asked for while one runs', async () => {
    const { transport } = fakeNode({ posts: [post(1, 1000)] });
    const store = new FeedStore();
    await store.loadFirst();
    const before = transport.callsTo('social.timeline').length;
    await Promise.all([store.refreshNewest(), store.refreshNewest(), store.refreshNewest()]);
    // One running, one more for everything asked meanwhile.
    expect(transport.callsTo('social.timeline').length - before).toBe(2);
  });

  it('starts listening once and stops on stop()', async () => {
    const { transport } = fakeNode();
    const store = new FeedStore();
    store.start();
    store.start();
    expect(transport.listenerCount).toBe(1);
    store.stop();
    expect(transport.listenerCount).toBe(0);
    expect(store.status).toBe('idle');
  });
});
