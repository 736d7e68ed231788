import { SvelteMap } from 'svelte/reactivity';
import { onNotice } from '../api/client';
import type { Transfer } from '../transport/types';

/** Ended transfers kept for display (the node keeps as many for `blobs.status`). */
const KEPT_ENDED = 64;

/**
 * File transfers as the node reports them: seeded by `blobs.status` and kept current by
 * `transfer` notices, by hash. Posts read it for their download progress, the Storage and
 * Files views for their lists.
 */
export class Transfers {
  readonly byHash = new SvelteMap<string, Transfer>();
  private unsubscribe: (() => void) | null = null;

  /** Listens to transfer notices (idempotent). */
  start(): void {
    this.unsubscribe ??= onNotice((notice) => {
      if (notice.type === 'transfer') {
        const { type: _, ...transfer } = notice;
        this.update(transfer);
      }
    });
  }

  /** Stops listening and forgets every transfer. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.byHash.clear();
  }

  /** Records where a transfer stands now. */
  update(transfer: Transfer): void {
    this.byHash.set(transfer.hash, transfer);
    this.prune();
  }

  /**
   * Adds what `blobs.status` listed. A transfer already known from a notice is kept unless
   * the listed one is a later run, or the same run further along.
   */
  seed(list: readonly Transfer[]): void {
    for (const t of list) {
      const known = this.byHash.get(t.hash);
      const newer =
        !known ||
        t.started_at > known.started_at ||
        (t.started_at === known.started_at && (t.done && !known.done || (!known.done && t.bytes > known.bytes)));
      if (newer) this.byHash.set(t.hash, t);
    }
    this.prune();
  }

  /** The download of `hash` while it runs, or its failure once it has ended with one. */
  download(hash: string | null | undefined): Transfer | null {
    if (!hash) return null;
    const t = this.byHash.get(hash);
    if (!t || t.direction !== 'download') return null;
    return !t.done || t.error ? t : null;
  }

  /** Every transfer: running ones first, then the most recent. */
  get list(): Transfer[] {
    return [...this.byHash.values()].sort(
      (a, b) => Number(a.done) - Number(b.done) || b.started_at - a.started_at || (a.hash < b.hash ? -1 : 1),
    );
  }

  /** How many are running. */
  get running(): number {
    let n = 0;
    for (const t of this.byHash.values()) if (!t.done) n++;
    return n;
  }

  private prune(): void {
    const ended = [...this.byHash.values()].filter((t) => t.done).sort((a, b) => a.started_at - b.started_at);
    for (const t of ended.slice(0, Math.max(0, ended.length - KEPT_ENDED))) this.byHash.delete(t.hash);
  }
}

export const transfers = new Transfers();
