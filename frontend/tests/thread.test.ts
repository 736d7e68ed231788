import { describe, expect, it } from 'vitest';
import { hiddenRepliesLine, MAX_DEPTH, nestThread, type ThreadPost } from '../src/lib/feed/thread';

const ROOT = 'root';
/** A comment `id` answering `parent`, written at `t`. */
const c = (id: string, parent: string, t: number, author = `author-${id}`): ThreadPost => ({
  id,
  author,
  author_name: `Name ${id}`,
  created_at: t,
  reply_to: { root: ROOT, parent, author: 'x' },
});
const rows = (entries: ReturnType<typeof nestThread>) => entries.map((e) => `${'  '.repeat(e.depth)}${e.kind}:${e.id}`);

describe('nestThread', () => {
  it('puts each comment under what it answers, oldest first at each level', () => {
    const comments = [c('a', ROOT, 1), c('b', ROOT, 2), c('a1', 'a', 3), c('b1', 'b', 4), c('a2', 'a', 5), c('a1x', 'a1', 6)];
    expect(rows(nestThread(ROOT, comments))).toEqual([
      'post:a',
      '  post:a1',
      '    post:a1x',
      '  post:a2',
      'post:b',
      '  post:b1',
    ]);
  });

  it('orders by time whatever order the comments come in', () => {
    const comments = [c('late', ROOT, 9), c('early', ROOT, 1), c('mid', ROOT, 5)];
    expect(nestThread(ROOT, comments).map((e) => e.id)).toEqual(['early', 'mid', 'late']);
  });

  it(`caps the indentation at ${MAX_DEPTH} levels and says what deeper comments answer`, () => {
    const chain = [c('d0', ROOT, 0)];
    for (let i = 1; i <= MAX_DEPTH + 2; i++) chain.push(c(`d${i}`, `d${i - 1}`, i));
    const entries = nestThread(ROOT, chain);
    expect(entries.map((e) => e.depth)).toEqual([0, 1, 2, 3, 4, 4, 4]);
    expect(entries.slice(0, MAX_DEPTH + 1).every((e) => e.replyingTo === null)).toBe(true);
    expect(entries[MAX_DEPTH + 1].replyingTo).toEqual({ account: `author-d${MAX_DEPTH}`, name: `Name d${MAX_DEPTH}` });
  });

  it('shows what a comment answers when it is not here: deleted (with when), hidden, or missing', () => {
    const comments = [c('under-deleted', 'gone', 5), c('under-hidden', 'hid', 6), c('orphan', 'elsewhere', 7), c('orphan2', 'elsewhere', 8)];
    const entries = nestThread(ROOT, comments, [{ id: 'gone', author: 'someone', deleted_at: 1234 }], new Set(['hid']));
    expect(rows(entries)).toEqual([
      'deleted:gone',
      '  post:under-deleted',
      'hidden:hid',
      '  post:under-hidden',
      'missing:elsewhere',
      '  post:orphan',
      '  post:orphan2',
    ]);
    expect(entries[0]).toMatchObject({ kind: 'deleted', deleted_at: 1234, author: 'someone' });
  });

  it('puts the comments the reader hid back in place, marked, only when asked to', () => {
    const comments = [c('a', ROOT, 1), c('a1x', 'a1', 4), c('b', ROOT, 5)];
    const hid = [c('a1', 'a', 2), c('b1', 'b', 6)];
    const hidden = new Set(hid.map((p) => p.id));
    // Not asked: a placeholder stands for the hidden comment that has an answer.
    expect(rows(nestThread(ROOT, comments, [], hidden))).toEqual(['post:a', 'hidden:a1', '  post:a1x', 'post:b']);
    const shown = nestThread(ROOT, comments, [], hidden, hid);
    expect(rows(shown)).toEqual(['post:a', '  post:a1', '    post:a1x', 'post:b', '  post:b1']);
    expect(shown.filter((e) => e.kind === 'post' && e.hidden).map((e) => e.id)).toEqual(['a1', 'b1']);
  });

  it('words the line that stands for hidden replies', () => {
    expect(hiddenRepliesLine(1)).toBe('1 reply hidden by you');
    expect(hiddenRepliesLine(2)).toBe('2 replies hidden by you');
  });

  it('ignores the root among the comments and never repeats a row', () => {
    const comments = [{ id: ROOT, author: 'r', created_at: 0 }, c('a', ROOT, 1), c('a', ROOT, 1)];
    expect(rows(nestThread(ROOT, comments))).toEqual(['post:a']);
  });
});
