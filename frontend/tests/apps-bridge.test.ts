import { describe, expect, it, vi } from 'vitest';
import { AppBridge, cancelledPayment, MAX_MESSAGE_BYTES, MAX_PENDING, RATE_BURST, type BridgeHost, type PaymentRequest } from '../src/lib/apps/bridge';
import { fullKind, kindMatches, mayRead, mayReadPattern } from '../src/lib/apps/permissions';
import type { AppView } from '../src/lib/apps/types';
import { ApiError, type Notice, type NoticeListener } from '../src/lib/transport/types';

const PAYEE = 'sn1zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygx';
const OWNER = 'sn1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v9ccrydpk8qarc0jqsz4lzq';

function todoApp(granted: string[] = ['social.read']): AppView {
  return {
    id: 'todo',
    name: 'Shared to-do',
    version: '1.0.0',
    publisher: PAYEE,
    ui_url: '/miniapp/todo/index.html',
    requested: [
      { name: 'social.read', description: 'Read posts', money: false, grantable: true },
      { name: 'chat.write', description: 'Send messages', money: false, grantable: true },
    ],
    granted,
    has_script: true,
    status: 'running',
    description: '',
    hash: 'h'.repeat(64),
    kinds: ['app.todo.item'],
    incidents: [],
    dev: false,
    installed_at: 0,
  };
}

/** A fake iframe window: records what the host posts to it. */
function fakeFrame() {
  const posted: any[] = [];
  return { posted, postMessage: (message: unknown) => posted.push(message) };
}

/** The bridge around a fake frame and host; `send` delivers a message as if from `source`. */
function setup(options: { granted?: string[]; call?: (method: string, input: any) => Promise<unknown> } = {}) {
  const frame = fakeFrame();
  let listener: ((event: MessageEvent) => void) | null = null;
  const win = {
    addEventListener: (_: string, l: EventListener) => (listener = l as never),
    removeEventListener: () => (listener = null),
  };
  const app = { current: todoApp(options.granted) };
  const calls: { method: string; input: any }[] = [];
  const noticeListeners = new Set<NoticeListener>();
  const payments: { request: PaymentRequest; pay: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void; signal: AbortSignal }[] = [];
  let clock = 0;
  const host: BridgeHost = {
    app: () => app.current,
    account: () => OWNER,
    theme: () => 'light',
    call: (method, input) => {
      calls.push({ method, input });
      return options.call ? options.call(method, input) : Promise.resolve({ ok: method });
    },
    onNotice: (l) => {
      noticeListeners.add(l);
      return () => noticeListeners.delete(l);
    },
    confirmPayment: (request, pay, signal) => new Promise((resolve, reject) => payments.push({ request, pay, resolve, reject, signal })),
  };
  const bridge = new AppBridge(() => frame, host, { window: win, now: () => clock });
  bridge.start();
  const send = (data: unknown, source: unknown = frame) => listener?.({ data, source } as MessageEvent);
  const notice = (n: Notice) => noticeListeners.forEach((l) => l(n));
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { bridge, frame, send, calls, payments, notice, settle, app, tick: (ms: number) => (clock += ms), noticeListeners, listening: () => listener !== null };
}

describe('the app bridge', () => {
  it('ignores messages from any window but the app’s frame', async () => {
    const t = setup();
    const stranger = fakeFrame();
    t.send({ supernet: 1, id: 1, type: 'call', method: 'social.feed' }, stranger);
    t.send({ supernet: 1, id: 2, type: 'call', method: 'social.feed' }, window);
    t.send({ supernet: 1, id: 3, type: 'call', method: 'social.feed' }, null);
    await t.settle();
    expect(t.calls).toEqual([]);
    expect(t.frame.posted).toEqual([]);
    expect(stranger.posted).toEqual([]);
  });

  it('ignores messages that are not the SDK’s, and answers malformed ones with an error', async () => {
    const t = setup();
    t.send('hello there');
    t.send({ someLibrary: true });
    expect(t.frame.posted).toEqual([]);

    t.send({ supernet: 1, type: 'call', method: 'social.feed' });
    t.send({ supernet: 1, id: 5, type: 'launch' });
    t.send({ supernet: 1, id: 6, type: 'call', method: 42 });
    t.send({ supernet: 1, id: 7, type: 'call', method: 'social.feed', input: 'text' });
    t.send({ supernet: 2, id: 8, type: 'call', method: 'social.feed' });
    t.send({ supernet: 1, id: 9, type: 'subscribe', kinds: [] });
    t.send({ supernet: 1, id: 10, type: 'requestPayment', to: 'bob', amount: '1' });
    t.send({ supernet: 1, id: 11, type: 'requestPayment', to: PAYEE, amount: '-3' });
    t.send({ supernet: 1, id: 12, type: 'call', method: 'x', input: { big: 'a'.repeat(MAX_MESSAGE_BYTES) } });
    await t.settle();
    expect(t.calls).toEqual([]);
    const answers = t.frame.posted.map((m) => [m.id, m.error?.code]);
    expect(answers).toEqual([
      [null, 'invalid_input'],
      [5, 'invalid_input'],
      [6, 'invalid_input'],
      [7, 'invalid_input'],
      [8, 'invalid_input'],
      [9, 'invalid_input'],
      [10, 'invalid_input'],
      [11, 'invalid_input'],
      [12, 'oversize'],
    ]);
    for (const m of t.frame.posted) expect(m.error.message).toBeTruthy();
  });

  it('forwards a call to apps.call as the app, and passes the node’s refusal back', async () => {
    const t = setup({
      call: async (_method, input) => {
        if (input.method === 'chat.send') throw new ApiError('permission_denied', 'app todo was not granted chat.write');
        return { items: [1, 2] };
      },
    });
    t.send({ supernet: 1, id: 1, type: 'call', method: 'app.todo.list', input: { all: true } });
    t.send({ supernet: 1, id: 2, type: 'call', method: 'chat.send', input: { conv: 'c', text: 'hi' } });
    await t.settle();
    expect(t.calls).toEqual([
      { method: 'apps.call', input: { app: 'todo', method: 'app.todo.list', input: { all: true } } },
      { method: 'apps.call', input: { app: 'todo', method: 'chat.send', input: { conv: 'c', text: 'hi' } } },
    ]);
    expect(t.frame.posted).toContainEqual({ supernet: 1, id: 1, result: { items: [1, 2] } });
    expect(t.frame.posted).toContainEqual({ supernet: 1, id: 2, error: { code: 'permission_denied', message: 'app todo was not granted chat.write' } });
  });

  it('answers hello with the app, the owner and the grants', () => {
    const t = setup();
    t.send({ supernet: 1, id: 1, type: 'hello' });
    expect(t.frame.posted[0]).toEqual({
      supernet: 1,
      id: 1,
      result: { app: { id: 'todo', name: 'Shared to-do', version: '1.0.0', publisher: PAYEE }, account: OWNER, theme: 'light', granted: ['social.read'] },
    });
  });

  it('makes a payment only after the person confirms it, as the owner', async () => {
    const t = setup({ call: async (method) => (method === 'coin.pay' ? { id: 'f'.repeat(64), status: 'pending' } : null) });
    t.send({ supernet: 1, id: 1, type: 'requestPayment', to: PAYEE, amount: '2.50', memo: 'Thanks!' });
    await t.settle();
    expect(t.payments).toHaveLength(1);
    expect(t.payments[0].request).toEqual({ to: PAYEE, amount: '2.50', currency: null, memo: 'Thanks!' });
    // Nothing is paid, nothing answered, while the dialog waits.
    expect(t.calls).toEqual([]);
    expect(t.frame.posted).toEqual([]);

    // A second request while one is open is refused.
    t.send({ supernet: 1, id: 2, type: 'requestPayment', to: PAYEE, amount: '1' });
    expect(t.frame.posted).toEqual([{ supernet: 1, id: 2, error: { code: 'busy', message: expect.any(String) } }]);

    // The person presses Pay: the dialog pays, and the app learns the result.
    const paid = await t.payments[0].pay();
    t.payments[0].resolve(paid);
    await t.settle();
    expect(t.calls).toEqual([{ method: 'coin.pay', input: { to: PAYEE, amount: '2.50', memo: 'Thanks!' } }]);
    expect(t.frame.posted.at(-1)).toEqual({ supernet: 1, id: 1, result: { id: 'f'.repeat(64), status: 'pending' } });
  });

  it('rejects a cancelled payment with code `cancelled` and pays nothing', async () => {
    const t = setup();
    t.send({ supernet: 1, id: 1, type: 'requestPayment', to: PAYEE, amount: 3 });
    await t.settle();
    expect(t.payments[0].request.amount).toBe('3');
    t.payments[0].reject(cancelledPayment());
    await t.settle();
    expect(t.calls).toEqual([]);
    expect(t.frame.posted).toEqual([{ supernet: 1, id: 1, error: { code: 'cancelled', message: 'the person cancelled the payment' } }]);
    // Another may be asked for afterwards.
    t.send({ supernet: 1, id: 2, type: 'requestPayment', to: PAYEE, amount: '1' });
    await t.settle();
    expect(t.payments).toHaveLength(2);
  });

  it('closes an open payment dialog when the app goes away', async () => {
    const t = setup();
    t.send({ supernet: 1, id: 1, type: 'requestPayment', to: PAYEE, amount: '1' });
    await t.settle();
    expect(t.payments[0].signal.aborted).toBe(false);
    t.bridge.stop();
    expect(t.payments[0].signal.aborted).toBe(true);
    expect(t.listening()).toBe(false);
  });

  it('delivers notices only for kinds subscribed to and readable, checked on every notice', async () => {
    const t = setup({ granted: ['social.read'] });
    t.send({ supernet: 1, id: 1, type: 'subscribe', kinds: ['item', 'social.post'] });
    t.send({ supernet: 1, id: 2, type: 'subscribe', kinds: ['chat.*'] });
    expect(t.frame.posted).toEqual([
      { supernet: 1, id: 1, result: { subscription: 1, kinds: ['app.todo.item', 'social.post'] } },
      { supernet: 1, id: 2, error: { code: 'permission_denied', message: expect.stringContaining('chat.*') } },
    ]);
    t.frame.posted.length = 0;
    const e = (kind: string, n: number) => ({ id: String(n).repeat(64).slice(0, 64), kind, author: PAYEE });
    t.notice({ type: 'events', count: 4, events: [e('app.todo.item', 1), e('social.post', 2), e('chat.message', 3), e('app.poll.vote', 4)] });
    expect(t.frame.posted).toEqual([{ supernet: 1, type: 'notice', subscription: 1, events: [e('app.todo.item', 1), e('social.post', 2)] }]);

    // social.read revoked while open: its events stop at once; the app's own still come.
    t.frame.posted.length = 0;
    t.app.current = todoApp([]);
    t.notice({ type: 'events', count: 2, events: [e('app.todo.item', 5), e('social.post', 6)] });
    expect(t.frame.posted).toEqual([{ supernet: 1, type: 'notice', subscription: 1, events: [e('app.todo.item', 5)] }]);

    t.frame.posted.length = 0;
    t.notice({ type: 'resync' });
    expect(t.frame.posted).toEqual([{ supernet: 1, type: 'notice', subscription: 1, resync: true }]);

    t.send({ supernet: 1, id: 3, type: 'unsubscribe', subscription: 1 });
    expect(t.noticeListeners.size).toBe(0);
  });

  it('forgets an earlier page’s subscriptions when a new page says hello', () => {
    const t = setup();
    t.send({ supernet: 1, id: 1, type: 'subscribe', kinds: ['item'] });
    expect(t.bridge.subscriptionCount).toBe(1);
    t.send({ supernet: 1, id: 1, type: 'hello' });
    expect(t.bridge.subscriptionCount).toBe(0);
    expect(t.noticeListeners.size).toBe(0);
  });

  it('bounds calls waiting for the node, and messages per second', async () => {
    const waiting: (() => void)[] = [];
    const t = setup({ call: () => new Promise((r) => waiting.push(() => r(1))) });
    for (let i = 1; i <= MAX_PENDING + 1; i++) t.send({ supernet: 1, id: i, type: 'call', method: 'app.todo.list' });
    expect(t.calls).toHaveLength(MAX_PENDING);
    expect(t.frame.posted).toEqual([{ supernet: 1, id: MAX_PENDING + 1, error: { code: 'busy', message: expect.any(String) } }]);
    waiting.forEach((w) => w());
    await t.settle();

    // A flood beyond the burst is refused, then ignored; after a while calls pass again.
    t.frame.posted.length = 0;
    for (let i = 0; i < RATE_BURST * 3; i++) t.send({ supernet: 1, id: 1000 + i, type: 'hello' });
    const limited = t.frame.posted.filter((m) => m.error?.code === 'rate_limited').length;
    expect(limited).toBeGreaterThan(0);
    expect(t.frame.posted.length).toBeLessThan(RATE_BURST * 3);
    t.tick(10_000);
    t.frame.posted.length = 0;
    t.send({ supernet: 1, id: 5000, type: 'hello' });
    expect(t.frame.posted[0].result).toBeTruthy();
  });

  it('does not answer after it stopped', async () => {
    let finish: (v: unknown) => void = () => {};
    const t = setup({ call: () => new Promise((r) => (finish = r)) });
    t.send({ supernet: 1, id: 1, type: 'call', method: 'app.todo.list' });
    t.bridge.stop();
    finish({ late: true });
    await t.settle();
    expect(t.frame.posted).toEqual([]);
    vi.restoreAllMocks();
  });
});

describe('which kinds an app may read', () => {
  const app = { id: 'todo', granted: ['social.read'] };
  it('its own always, others through `<module>.read` or `events.read`', () => {
    expect(mayRead(app, 'app.todo.item')).toBe(true);
    expect(mayRead(app, 'social.post')).toBe(true);
    expect(mayRead(app, 'chat.message')).toBe(false);
    expect(mayRead(app, 'app.poll.vote')).toBe(false);
    expect(mayRead({ id: 'todo', granted: ['events.read'] }, 'chat.message')).toBe(true);
    expect(mayReadPattern(app, 'app.todo.*')).toBe(true);
    expect(mayReadPattern(app, 'social.*')).toBe(true);
    expect(mayReadPattern(app, 'app.*')).toBe(false);
    expect(mayReadPattern(app, '*')).toBe(false);
  });
  it('names kinds short or in full, and matches patterns', () => {
    expect(fullKind('todo', 'item')).toBe('app.todo.item');
    expect(fullKind('todo', 'social.post')).toBe('social.post');
    expect(kindMatches('app.todo.*', 'app.todo.item')).toBe(true);
    expect(kindMatches('app.todo.*', 'app.todos.item')).toBe(false);
    expect(kindMatches('social.post', 'social.post')).toBe(true);
  });
});
