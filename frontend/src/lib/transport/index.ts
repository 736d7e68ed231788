import { HttpTransport } from './http';
import { TauriTransport } from './tauri';
import type { Transport } from './types';

export * from './types';
export { HttpTransport } from './http';
export { TauriTransport } from './tauri';

/** Whether the page runs inside the Tauri desktop window. */
export function isTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** The transport for where the page runs: Tauri IPC in the desktop window, else HTTP. */
export function createTransport(): Transport {
  if (isTauri()) return new TauriTransport();
  const transport = new HttpTransport();
  // Back online: try the notices socket at once instead of waiting out the backoff.
  window.addEventListener('online', () => transport.retryNow());
  return transport;
}
