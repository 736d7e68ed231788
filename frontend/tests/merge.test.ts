import { describe, expect, it } from 'vitest';
import { appendPage, compareNewestFirst, mergeNewestPage, mergePosts, overlaps, removePosts, replacePost } from '../src/lib/feed/merge';

const p = (id: string, created_at: number, text = id) => ({ id, created_at, text });

describe('feed merge', () => {
  it('orders by created_at descending, then id descending', () => {
    const sorted = [p('a', 1), p('c', 2), p('b', 2), p('d', 3)].sort(compareNewestFirst);
    expect(sorted.map((x) => x.id)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('merges new posts on top without duplicates and keeps older pages', () => {
    const loaded = [p('e', 50), p('d', 40), p('c', 30), p('b', 20), p('a', 10)]; // two pages
    const newest = [p('g', 70), p('f', 60), p('e', 50)]; // the newest page, overlapping
    const merged = mergePosts(loaded, newest);
    expect(merged.map((x) => x.id)).toEqual(['g', 'f', 'e', 'd', 'c', 'b', 'a']);
  });

  it('an incoming copy replaces the loaded one', () => {
    const merged = mergePosts([p('a', 10, 'old')], [p('a', 10, 'new')]);
    expect(merged).toEqual([p('a', 10, 'new')]);
  });

  it('places posts that arrive late (older timestamps) in order', () => {
    const merged = mergePosts([p('c', 30), p('a', 10)], [p('b', 20)]);
    expect(merged.map((x) => x.id)).toEqual(['c', 'b', 'a']);
  });

  it('does not change its inputs', () => {
    const loaded = [p('b', 2)];
    const incoming = [p('a', 1)];
    mergePosts(loaded, incoming);
    expect(loaded).toEqual([p('b', 2)]);
    expect(incoming).toEqual([p('a', 1)]);
  });

  it('knows when the newest page joins up with what is loaded', () => {
    expect(overlaps([], [p('a', 1)])).toBe(true);
    expect(overlaps([p('a', 1)], [p('b', 2), p('a', 1)])).toBe(true);
    expect(overlaps([p('a', 1)], [p('c', 3), p('b', 2)])).toBe(false);
  });

  it('removes posts by id', () => {
    expect(removePosts([p('a', 1), p('b', 2)], ['a', 'zzz']).map((x) => x.id)).toEqual(['b']);
  });
});

describe('keyed pages (notifications)', () => {
  const n = (event: string, unread = false) => ({ event, unread });
  const key = (x: { event: string }) => x.event;

  it('puts the newest page on top, its copies replacing loaded ones, older pages kept', () => {
    const loaded = [n('c', true), n('b'), n('a')];
    const newest = [n('e', true), n('d', true), n('c')];
    expect(mergeNewestPage(loaded, newest, key)).toEqual([n('e', true), n('d', true), n('c'), n('b'), n('a')]);
  });

  it('appends an older page without what is loaded already', () => {
    expect(appendPage([n('c'), n('b')], [n('b'), n('a')], key).map(key)).toEqual(['c', 'b', 'a']);
  });

  it('replaces a loaded post in place, and leaves the list alone without it', () => {
    const list = [p('a', 3), p('b', 2)];
    expect(replacePost(list, p('b', 2, 'edited'))).toEqual([p('a', 3), p('b', 2, 'edited')]);
    expect(replacePost(list, p('z', 9))).toBe(list);
  });
});
