import { describe, expect, it } from 'vitest';
import { compareNewestFirst, mergePosts, overlaps, removePosts } from '../src/lib/feed/merge';

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
