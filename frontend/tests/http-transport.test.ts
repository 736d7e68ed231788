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
    socket.send(JSON.stringify({ type: 'books', changes: 'many' }));
    socket.send(JSON.stringify({ type: 'books', changes: 2 }));
    expect(a).toEqual([notice, { type: 'removed', ids: ['e0'] }, { type: 'books', changes: 2 }]);
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

/** An XMLHttpRequest the test drives: progress, an answer, a network error. */
class FakeXhr {
  static last: FakeXhr | null = null;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = null;
  status = 0;
  responseText = '';
  aborted = false;
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true } as ProgressEvent);
  }
  answer(status: number, body: string) {
    this.status = status;
    this.responseText = body;
    this.onload?.();
  }
}

describe('HttpTransport files', () => {
  const HASH = 'ab'.repeat(32);
  const stored = { hash: HASH, size: 5, name: 'a b.png', mime: 'image/png', ticket: 'blobx', link: 'supernet://blob/blobx' };
  const files = () =>
    new HttpTransport({
      fetch: (async () => json(200, {})) as typeof fetch,
      WebSocket: FakeSocket as unknown as new (url: string) => WebSocket,
      XMLHttpRequest: FakeXhr as unknown as new () => XMLHttpRequest,
    });

  it('gives same-origin /blobs/<hash> URLs with the file’s details, and refuses what is not a hash', () => {
    const t = files();
    expect(t.fileUrl(HASH, { author: 'sn1x', mime: 'video/mp4', name: 'clip.mp4' })).toBe(
      `/blobs/${HASH}?author=sn1x&mime=video%2Fmp4&name=clip.mp4`,
    );
    expect(t.fileUrl(HASH, { name: 'r.pdf', download: true })).toBe(`/blobs/${HASH}?name=r.pdf&download=1`);
    expect(() => t.fileUrl('../api/identity.lock')).toThrow(ApiError);
  });

  it('uploads the raw file to /api/upload with its name and type, reporting progress', async () => {
    const t = files();
    const file = new File(['hello'], 'a b.png', { type: 'image/png' });
    const seen: [number, number | null][] = [];
    const done = t.upload(file, { mime: 'image/png', onProgress: (l, n) => seen.push([l, n]) });
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/upload?name=a+b.png&mime=image%2Fpng');
    expect(xhr.body).toBe(file);
    xhr.progress(2, 5);
    xhr.progress(5, 5);
    xhr.answer(200, JSON.stringify(stored));
    await expect(done).resolves.toEqual(stored);
    expect(seen).toEqual([
      [0, 5],
      [2, 5],
      [5, 5],
    ]);
  });

  it('rejects with the node’s error code (a full quota), or unavailable on a network error', async () => {
    const t = files();
    const quota = t.upload(new File(['x'], 'big.mp4'));
    FakeXhr.last!.answer(507, JSON.stringify({ code: 'quota_exceeded', message: 'the storage quota (1 GB) is full' }));
    const e = await rejection(quota);
    expect(e.code).toBe('quota_exceeded');
    expect(e.message).toBe('the storage quota (1 GB) is full');

    const cut = t.upload(new File(['x'], 'big.mp4'));
    FakeXhr.last!.onerror?.();
    expect((await rejection(cut)).code).toBe('unavailable');
  });

  it('cancels when the signal aborts', async () => {
    const t = files();
    const controller = new AbortController();
    const up = t.upload(new File(['x'], 'a.txt'), { signal: controller.signal });
    controller.abort();
    expect(FakeXhr.last!.aborted).toBe(true);
    expect((await rejection(up)).code).toBe('cancelled');
  });
});
