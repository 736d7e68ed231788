import { toApiError, isNotice, type NoticeListener, type Transport } from './types';

/**
 * The desktop transport: Tauri IPC. `invoke('call', {method, input})` reaches the node in
 * the same process; its change notices arrive as `notice` events.
 */
export class TauriTransport implements Transport {
  readonly kind = 'tauri';
  private readonly listeners = new Set<NoticeListener>();
  private unlisten: Promise<() => void> | null = null;

  async call(method: string, input: unknown): Promise<unknown> {
    const { invoke } = await import('@tauri-apps/api/core');
    try {
      return await invoke('call', { method, input: input ?? {} });
    } catch (e) {
      throw toApiError(e, 'unavailable');
    }
  }

  subscribe(listener: NoticeListener): () => void {
    this.listeners.add(listener);
    if (!this.unlisten) {
      this.unlisten = import('@tauri-apps/api/event').then(({ listen }) =>
        listen<unknown>('notice', (event) => {
          if (!isNotice(event.payload)) return;
          for (const l of [...this.listeners]) l(event.payload);
        }),
      );
      this.unlisten.catch((e) => console.error('could not listen to notices', e));
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.unlisten) {
        const pending = this.unlisten;
        this.unlisten = null;
        pending.then((stop) => stop()).catch(() => {});
      }
    };
  }
}
