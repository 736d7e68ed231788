import { call, onNotice, type KeptFile, type StorageStatus } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';
import { isTransfer } from '../transport/types';
import { session } from './session.svelte';
import { toasts } from './toasts.svelte';
import { transfers } from './transfers.svelte';

/** How long after a change (a transfer ended, posts came or went) the figures are re-read. */
const RELOAD_AFTER_MS = 1500;

/**
 * What the Storage card shows: `blobs.status` (used, quota, per reason and author) and
 * `blobs.list` (every kept file), re-read while it is on screen when files come and go.
 */
export class Storage {
  status = $state<StorageStatus | null>(null);
  files = $state.raw<KeptFile[]>([]);
  state = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<ErrorInfo | null>(null);
  /** Hashes with an unpin or unshare under way. */
  working = $state<Record<string, boolean>>({});

  private timer: ReturnType<typeof setTimeout> | null = null;

  async load(): Promise<void> {
    if (this.state !== 'ready') this.state = 'loading';
    this.error = null;
    try {
      const [status, list] = await Promise.all([call('blobs.status', {}), call('blobs.list', {})]);
      this.status = status;
      this.files = list.blobs;
      transfers.seed(status.transfers.filter(isTransfer));
      this.state = 'ready';
    } catch (e) {
      session.handle(e);
      this.error = describeError(e);
      this.state = 'error';
    }
  }

  /**
   * Loads now and re-reads after changes until the returned function is called (while
   * the view is shown).
   */
  watch(): () => void {
    void this.load();
    const stop = onNotice((notice) => {
      const changed =
        (notice.type === 'transfer' && notice.done) ||
        notice.type === 'removed' ||
        notice.type === 'resync' ||
        (notice.type === 'events' && notice.count > 0);
      if (changed) this.reloadSoon();
    });
    return () => {
      stop();
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  /** Stops keeping a pinned file (added or received by hand). */
  unpin(hash: string): Promise<void> {
    return this.release(hash, 'blobs.unpin', 'Unpinned', 'Could not unpin the file');
  }

  /** Stops sharing a file or folder. */
  unshare(hash: string): Promise<void> {
    return this.release(hash, 'blobs.unshare', 'No longer shared', 'Could not stop sharing');
  }

  private async release(hash: string, method: 'blobs.unpin' | 'blobs.unshare', done: string, failed: string): Promise<void> {
    if (this.working[hash]) return;
    this.working[hash] = true;
    try {
      const { removed } = await call(method, { hash });
      toasts.info(removed ? done : 'It was not kept for that reason any more');
      await this.load();
    } catch (e) {
      if (!session.handle(e)) toasts.error(e, failed);
    } finally {
      delete this.working[hash];
    }
  }

  private reloadSoon(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.load();
    }, RELOAD_AFTER_MS);
  }
}

export const storage = new Storage();
