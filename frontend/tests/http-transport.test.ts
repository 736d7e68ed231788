import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpTransport } from '../src/lib/transport/http';
import { ApiError, type Notice } from '../src/lib/transport/types';

class FakeSocket {
  static instances: FakeSocket[] = [];
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.(new Event('open'));
  }
  send(data: unknown) {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
  drop() {
    this.onerror?.(new Event('error'));
    this.onclose?.(new CloseEvent('close'));
  }
  static last(): FakeSocket {
    return FakeSocket.instances[FakeSocket.instances.length - 1];
  }
}

function transport(fetchImpl: typeof fetch, location = { protocol: 'http:', host: '127.0.0.1:7070' }) {
  return new HttpTransport({
    fetch: fetchImpl,
    WebSocket: FakeSocket as unknown as new (url: string) => WebSocket,
    location,
    initialDelayMs: 100,
    maxDelayMs: 1000,
  });
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}

describe('HttpTransport.call', () => {
  it('POSTs JSON to /api/<method> on the same origin and returns the JSON answer', async () => {
    const fetchMock = vi.fn(async (..._args: Parameters<typeof fetch>) => json(200, { state: 'none', protected: false }));
    const t = transport(fetchMock as unknown as typeof fetch);
    await expect(t.call('identity.get', {})).resolves.toEqual({ state: 'none', protected: false });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/identity.get');
    expect(init?.method).toBe('POST');
    expect(init?.credentials).toBe('same-origin');
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
    expect(init?.body).toBe('{}');
  });

  it('sends the input as the body, and {} when there is none', async () => {
    const fetchMock = vi.fn(async (..._args: Parameters<typeof fetch>) => json(200, { posts: [] }));
    const t = transport(fetchMock as unknown as typeof fetch);
    await t.call('social.feed', { limit: 5 });
    await t.call('node.info', undefined);
    expect(fetchMock.mock.calls[0][1]?.body).toBe('{"limit":5}');
    expect(fetchMock.mock.calls[1][1]?.body).toBe('{}');
  });

  it('turns a {code, message} answer into an ApiError', async () => {
    const t = transport((async () => json(400, { code: 'wrong_passphrase', message: 'no' })) as typeof fetch);
    const e = await rejection(t.call('identity.unlock', { passphrase: 'x' }));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('wrong_passphrase');
    expect(e.message).toBe('no');
    expect(e.status).toBe(400);
  });

  it('reports a missing session as unauthorized (401)', async () => {
    const t = transport((async () => json(401, { code: 'unauthorized', message: 'sign in' })) as typeof fetch);
    const e = await rejection(t.call('identity.get', {}));
    expect(e.code).toBe('unauthorized');
    expect(e.status).toBe(401);
  });

  it('makes a non-JSON error answer an unavailable error', async () => {
    const t = transport((async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })) as typeof fetch);
    const e = await rejection(t.call('identity.get', {}));
    expect(e.code).toBe('unavailable');
    expect(e.status).toBe(502);
    expect(e.message).toContain('502');
  });

  it('makes JSON without a code an unavailable error too', async () => {
    const t = transport((async () => json(500, { oops: true })) as typeof fetch);
    expect((await rejection(t.call('identity.get', {}))).code).toBe('unavailable');
  });

  it('makes a network failure an unavailable error', async () => {
    const t = transport((async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch);
    const e = await rejection(t.call('identity.get', {}));
    expect(e.code).toBe('unavailable');
    expect(e.message).toContain('Failed to fetch');
  });
});

describe('HttpTransport notices', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const noFetch = (async () => json(200, {})) as typeof fetch;

  it('opens ws://<same host>/api/notices (wss on https) on the first listener', () => {
    const t = transport(noFetch);
    expect(FakeSocket.instances).toHaveLength(0);
    const stop = t.subscribe(() => {});
    expect(FakeSocket.last().url).toBe('ws://127.0.0.1:7070/api/notices');
    stop();
    expect(FakeSocket.last().closed).toBe(true);

    const secure = transport(noFetch, { protocol: 'https:', host: 'node.example:8443' });
    secure.subscribe(() => {});
    expect(FakeSocket.last().url).toBe('wss://node.example:8443/api/notices');
  });

  it('delivers each JSON message to every listener and skips what is not a notice', () => {
    const t = transport(noFetch);
    const a: Notice[] = [];
    const b: Notice[] = [];
    t.subscribe((n) => a.push(n));
    t.subscribe((n) => b.push(n));
    expect(FakeSocket.instances).toHaveLength(1);
    const socket = FakeSocket.last();
    socket.open();
    const notice = { type: 'events', count: 1, events: [{ id: 'e1', kind: 'social.post', author: 'sn1x' }] };
    socket.send(JSON.stringify(notice));
    socket.send('not json');
    socket.send(JSON.stringify([1, 2]));
    socket.send(JSON.stringify({ type: 'removed', ids: ['e0'] }));
    expect(a).toEqual([notice, { type: 'removed', ids: ['e0'] }]);
    expect(b).toEqual(a);
  });

  it('reconnects with capped exponential backoff and sends resync after reconnecting', () => {
    const t = transport(noFetch);
    const got: Notice[] = [];
    t.subscribe((n) => got.push(n));
    FakeSocket.last().open();
    expect(got).toEqual([]); // the first connection is not a resync

    FakeSocket.last().drop();
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(99);
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1); // 100 ms
    expect(FakeSocket.instances).toHaveLength(2);

    // The node is still down: 200, 400, 800, then capped at 1000 ms.
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = FakeSocket.instances.length;
      FakeSocket.last().drop();
      let waited = 0;
      while (FakeSocket.instances.length === before) {
        vi.advanceTimersByTime(10);
        waited += 10;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([200, 400, 800, 1000, 1000]);

    FakeSocket.last().open();
    expect(got).toEqual([{ type: 'resync' }]);

    // Backoff starts over after a successful connection.
    FakeSocket.last().drop();
    const before = FakeSocket.instances.length;
    vi.advanceTimersByTime(100);
    expect(FakeSocket.instances.length).toBe(before + 1);
    FakeSocket.last().open();
    expect(got).toEqual([{ type: 'resync' }, { type: 'resync' }]);
  });

  it('sends resync when the first attempt failed and a later one succeeds', () => {
    const t = transport(noFetch);
    const got: Notice[] = [];
    t.subscribe((n) => got.push(n));
    FakeSocket.last().drop();
    vi.advanceTimersByTime(100);
    FakeSocket.last().open();
    expect(got).toEqual([{ type: 'resync' }]);
  });

  it('stops reconnecting when the last listener leaves', () => {
    const t = transport(noFetch);
    const stop = t.subscribe(() => {});
    FakeSocket.last().drop();
    stop();
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('ignores events of a socket it has replaced', () => {
    const t = transport(noFetch);
    const got: Notice[] = [];
    const stop = t.subscribe((n) => got.push(n));
    const old = FakeSocket.last();
    stop();
    t.subscribe((n) => got.push(n));
    old.send(JSON.stringify({ type: 'resync' }));
    expect(got).toEqual([]);
  });
});
