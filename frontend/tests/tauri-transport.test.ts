import { afterEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
const unlisten = vi.fn();
let handler: ((event: { payload: unknown }) => void) | null = null;
const listen = vi.fn(async (_name: string, h: (event: { payload: unknown }) => void) => {
  handler = h;
  return unlisten;
});
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
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

describe('createTransport', () => {
  it('picks Tauri inside the desktop window and HTTP elsewhere', () => {
    expect(createTransport()).toBeInstanceOf(HttpTransport);
    (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {};
    expect(createTransport()).toBeInstanceOf(TauriTransport);
  });
});
