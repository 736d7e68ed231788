import { afterEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
const unlisten = vi.fn();
let handler: ((event: { payload: unknown }) => void) | null = null;
const listen = vi.fn(async (_name: string, h: (event: { payload: unknown }) => void) => {
  handler = h;
  return unlisten;
});
// As Tauri's own on Linux and macOS (Windows: http://<protocol>.localhost/…).
const convertFileSrc = vi.fn((path: string, protocol = 'asset') => `${protocol}://localhost/${encodeURIComponent(path)}`);
vi.mock('@tauri-apps/api/core', () => ({ invoke, convertFileSrc }));
vi.mock('@tauri-apps/api/event', () => ({ listen }));

const { TauriTransport } = await import('../src/lib/transport/tauri');
const { createTransport, HttpTransport } = await import('../src/lib/transport');
const { ApiError } = await import('../src/lib/transport/types');

afterEach(() => {
  delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
  invoke.mockReset();
});

describe('TauriTransport', () => {
  it("invokes the 'call' command with the method and input", async () => {
    invoke.mockResolvedValue({ state: 'none', protected: false });
    const t = new TauriTransport();
    await expect(t.call('identity.get', {})).resolves.toEqual({ state: 'none', protected: false });
    expect(invoke).toHaveBeenCalledWith('call', { method: 'identity.get', input: {} });
  });

  it('rejects with the {code, message} the command rejected with', async () => {
    invoke.mockRejectedValue({ code: 'daemon_running', message: 'already running' });
    const e = await new TauriTransport().call('identity.get', {}).catch((x: InstanceType<typeof ApiError>) => x) as InstanceType<typeof ApiError>;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('daemon_running');
    expect(e.message).toBe('already running');
  });

  it('makes any other failure unavailable', async () => {
    invoke.mockRejectedValue('command call not allowed');
    const e = await new TauriTransport().call('identity.get', {}).catch((x: InstanceType<typeof ApiError>) => x) as InstanceType<typeof ApiError>;
    expect(e.code).toBe('unavailable');
    expect(e.message).toBe('command call not allowed');
  });

  it("delivers 'notice' events and stops listening with the last listener", async () => {
    const t = new TauriTransport();
    const got: unknown[] = [];
    const stop = t.subscribe((n) => got.push(n));
    await vi.waitFor(() => expect(handler).not.toBeNull());
    expect(listen.mock.calls[0][0]).toBe('notice');
    handler!({ payload: { type: 'removed', ids: ['a'] } });
    handler!({ payload: 'nonsense' });
    expect(got).toEqual([{ type: 'removed', ids: ['a'] }]);
    stop();
    await vi.waitFor(() => expect(unlisten).toHaveBeenCalled());
  });
});

describe('TauriTransport files', () => {
  const HASH = 'cd'.repeat(32);
  const stored = { hash: HASH, size: 3, name: 'song.mp3', mime: 'audio/mpeg', ticket: 'blobx', link: 'supernet://blob/blobx' };

  it('gives snblob: URLs through convertFileSrc, with the query left intact', () => {
    const t = new TauriTransport();
    expect(t.fileUrl(HASH, { author: 'sn1x', mime: 'audio/mpeg', name: 'song.mp3' })).toBe(
      `snblob://localhost/${HASH}?author=sn1x&mime=audio%2Fmpeg&name=song.mp3`,
    );
    expect(convertFileSrc).toHaveBeenCalledWith(HASH, 'snblob');
    expect(() => t.fileUrl('x?y')).toThrow(ApiError);
  });

  it('plays video and audio from the gateway with the media key, once it is known', async () => {
    invoke.mockResolvedValue({ base: 'http://127.0.0.1:4000', key: 'k1' });
    const t = new TauriTransport();
    await t.ready;
    expect(invoke).toHaveBeenCalledWith('media');
    expect(t.fileUrl(HASH, { mime: 'video/webm', name: 'clip.webm' })).toBe(
      `http://127.0.0.1:4000/blobs/${HASH}?mime=video%2Fwebm&name=clip.webm&key=k1`,
    );
    expect(t.fileUrl(HASH, { mime: 'image/png' })).toBe(`snblob://localhost/${HASH}?mime=image%2Fpng`);
    expect(t.fileUrl(HASH, { mime: 'video/webm', download: true })).toMatch(/^snblob:/);
  });

  it('keeps media on snblob: when the node cannot say where they play from', async () => {
    invoke.mockRejectedValue({ code: 'unavailable', message: 'not serving' });
    const t = new TauriTransport();
    await t.ready;
    expect(t.fileUrl(HASH, { mime: 'audio/mpeg' })).toBe(`snblob://localhost/${HASH}?mime=audio%2Fmpeg`);
  });

  it('uploads by POSTing the file to snblob://localhost/upload', async () => {
    const fetchMock = vi.fn(async (..._args: Parameters<typeof fetch>) => new Response(JSON.stringify(stored), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const file = new File(['abc'], 'song.mp3', { type: 'audio/mpeg' });
    const seen: number[] = [];
    await expect(new TauriTransport().upload(file, { mime: 'audio/mpeg', onProgress: (l) => seen.push(l) })).resolves.toEqual(stored);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('snblob://localhost/upload?name=song.mp3&mime=audio%2Fmpeg');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe(file);
    expect(seen).toEqual([0, 3]);
    vi.unstubAllGlobals();
  });

  it('rejects with the {code, message} the protocol answered', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ code: 'quota_exceeded', message: 'full' }), { status: 507 }));
    const e = (await new TauriTransport()
      .upload(new File(['abc'], 'a.bin'))
      .catch((x: InstanceType<typeof ApiError>) => x)) as InstanceType<typeof ApiError>;
    expect(e.code).toBe('quota_exceeded');
    expect(e.message).toBe('full');
    vi.unstubAllGlobals();
  });
});

describe('createTransport', () => {
  it('picks Tauri inside the desktop window and HTTP elsewhere', () => {
    expect(createTransport()).toBeInstanceOf(HttpTransport);
    (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {};
    expect(createTransport()).toBeInstanceOf(TauriTransport);
  });
});
