// @vitest-environment node
// The mini-app SDK (crates/node/src/gateway/miniapp-sdk.js, served to every app's frame),
// run against a fake page: requests carry ids, only the parent's answers count, calls time
// out, short method names are the app's own, and a page opened outside Supernet says so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const SDK = readFileSync(join(__dirname, '../../crates/node/src/gateway/miniapp-sdk.js'), 'utf8');

/** Loads the SDK into a fake frame at /miniapp/todo/index.html; returns it and its parent. */
function load(options: { topLevel?: boolean } = {}) {
  const posted: any[] = [];
  const parent = { postMessage: (m: unknown) => posted.push(structuredClone(m)) };
  const listeners: ((e: { source: unknown; data: unknown }) => void)[] = [];
  const win: any = {
    addEventListener: (type: string, l: (e: { source: unknown; data: unknown }) => void) => type === 'message' && listeners.push(l),
  };
  win.parent = options.topLevel ? win : parent;
  const attributes: Record<string, string> = {};
  const document = { documentElement: { setAttribute: (k: string, v: string) => (attributes[k] = v) } };
  new Function('window', 'location', 'document', 'setTimeout', 'clearTimeout', 'console', SDK)(
    win,
    { pathname: '/miniapp/todo/index.html' },
    document,
    // Looked up on each use, so a test's fake timers apply.
    (fn: () => void, ms: number) => setTimeout(fn, ms),
    (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
    console,
  );
  const deliver = (data: unknown, source: unknown = parent) => listeners.forEach((l) => l({ source, data }));
  const answer = (id: number, result: unknown) => deliver({ supernet: 1, id, result });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { sdk: win.supernet, posted, deliver, answer, flush, attributes, parent };
}

afterEach(() => vi.useRealTimers());

describe('the mini-app SDK', () => {
  it('says hello first, and is ready with the host’s answer', async () => {
    const t = load();
    expect(t.sdk.app.id).toBe('todo');
    expect(t.posted).toEqual([{ supernet: 1, id: 1, type: 'hello' }]);
    t.answer(1, { app: { id: 'todo', name: 'Shared to-do', version: '1.0.0', publisher: 'sn1pub' }, account: 'sn1me', theme: 'dark', granted: [] });
    const context = await t.sdk.ready;
    expect(context.account).toBe('sn1me');
    expect(t.sdk.account).toBe('sn1me');
    expect(t.sdk.app).toMatchObject({ id: 'todo', name: 'Shared to-do', publisher: 'sn1pub' });
    expect(t.attributes['data-supernet-theme']).toBe('dark');
  });

  it('calls with request ids, takes short names as the app’s own, and settles on the parent’s answer only', async () => {
    const t = load();
    t.answer(1, { app: { id: 'todo' } });
    const list = t.sdk.call('list');
    const feed = t.sdk.call('social.feed', { limit: 5 });
    await t.flush();
    expect(t.posted.slice(1)).toEqual([
      { supernet: 1, id: 2, type: 'call', method: 'app.todo.list', input: {} },
      { supernet: 1, id: 3, type: 'call', method: 'social.feed', input: { limit: 5 } },
    ]);
    // An answer from anyone but the parent is ignored.
    t.deliver({ supernet: 1, id: 2, result: 'forged' }, { postMessage() {} });
    t.deliver({ supernet: 1, id: 3, error: { code: 'permission_denied', message: 'not granted social.read' } });
    t.answer(2, { items: [] });
    await expect(list).resolves.toEqual({ items: [] });
    await expect(feed).rejects.toMatchObject({ name: 'SupernetError', code: 'permission_denied', message: 'not granted social.read' });
  });

  it('times out a call nobody answers', async () => {
    const t = load();
    t.answer(1, { app: { id: 'todo' } });
    await t.sdk.ready;
    vi.useFakeTimers();
    const call = t.sdk.call('list', {}, { timeout: 1000 });
    const outcome = expect(call).rejects.toMatchObject({ code: 'timeout' });
    await vi.advanceTimersByTimeAsync(1001);
    await outcome;
  });

  it('delivers notices to the subscription they are for, until unsubscribed', async () => {
    const t = load();
    t.answer(1, { app: { id: 'todo' } });
    const seen: unknown[] = [];
    const stop = t.sdk.subscribe(['item'], (n: unknown) => seen.push(n));
    await t.flush();
    expect(t.posted[1]).toEqual({ supernet: 1, id: 2, type: 'subscribe', kinds: ['item'] });
    t.answer(2, { subscription: 2, kinds: ['app.todo.item'] });
    await expect(stop.ready).resolves.toEqual(['app.todo.item']);
    const event = { id: 'e', kind: 'app.todo.item', author: 'sn1a' };
    t.deliver({ supernet: 1, type: 'notice', subscription: 2, events: [event] });
    t.deliver({ supernet: 1, type: 'notice', subscription: 9, events: [event] });
    t.deliver({ supernet: 1, type: 'notice', subscription: 2, resync: true });
    expect(seen).toEqual([
      { resync: false, events: [event] },
      { resync: true, events: [] },
    ]);
    stop();
    expect(t.posted.at(-1)).toEqual({ supernet: 1, id: 3, type: 'unsubscribe', subscription: 2 });
    t.deliver({ supernet: 1, type: 'notice', subscription: 2, events: [event] });
    expect(seen).toHaveLength(2);
  });

  it('asks for a payment and reports a cancellation as `cancelled`', async () => {
    const t = load();
    t.answer(1, { app: { id: 'todo' } });
    const paid = t.sdk.requestPayment({ to: 'sn1bob', amount: 2.5, memo: 'Thanks' });
    await t.flush();
    expect(t.posted[1]).toEqual({ supernet: 1, id: 2, type: 'requestPayment', to: 'sn1bob', amount: '2.5', memo: 'Thanks' });
    t.deliver({ supernet: 1, id: 2, error: { code: 'cancelled', message: 'the person cancelled the payment' } });
    await expect(paid).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('rejects with `no_host` when the page is not inside Supernet', async () => {
    const t = load({ topLevel: true });
    await expect(t.sdk.ready).rejects.toMatchObject({ code: 'no_host' });
    await expect(t.sdk.call('list')).rejects.toMatchObject({ code: 'no_host' });
  });
});
