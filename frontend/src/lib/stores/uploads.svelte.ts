import { call, uploadFile, type StoredFile } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';
import { fileKind, mimeOf, MAX_ATTACHMENTS, type FileKind } from '../files';
import { formatBytes } from '../format';
import { ApiError, CANCELLED } from '../transport/types';
import { session } from './session.svelte';

/** Uploads running at once: more only split the same link and delay every file. */
const CONCURRENT_UPLOADS = 2;

/** A file being uploaded to the node (to attach to a post, or to send by ticket). */
export interface PendingFile {
  id: number;
  file: File;
  name: string;
  /** Media type: the browser's, else from the name; null leaves it to the node. */
  mime: string | null;
  size: number;
  kind: FileKind;
  /** An object URL of the file itself, for images (a local preview). */
  preview: string | null;
  status: 'queued' | 'uploading' | 'done' | 'error';
  /** Bytes sent. */
  loaded: number;
  /** Average rate so far (bytes/s), once known. */
  rate: number;
  startedAt: number;
  /** What the node stored, once done. */
  stored: StoredFile | null;
  error: ErrorInfo | null;
}

/** An attachment as `social.post` takes it. */
export interface AttachmentInput {
  hash: string;
  name: string;
  mime: string | null;
}

/**
 * Files picked for upload: each is uploaded at once (two at a time), with progress, and
 * can be removed (cancelling its upload) or retried. What would pass the storage quota is
 * refused before a byte is sent.
 */
export class Uploads {
  items = $state<PendingFile[]>([]);
  private nextId = 1;
  private readonly controllers = new Map<number, AbortController>();
  /** Queued files whose room in the quota is being checked: not started yet. */
  private readonly checking = new Set<number>();

  constructor(private readonly max = MAX_ATTACHMENTS) {}

  /** Whether an upload is queued or running. */
  get busy(): boolean {
    return this.items.some((i) => i.status === 'queued' || i.status === 'uploading');
  }

  /** How many are queued or running. */
  get pending(): number {
    return this.items.filter((i) => i.status === 'queued' || i.status === 'uploading').length;
  }

  /** Whether one has failed (and is still listed). */
  get failed(): boolean {
    return this.items.some((i) => i.status === 'error');
  }

  /** The uploaded files, as `social.post` attachments, in the order they were picked. */
  get attachments(): AttachmentInput[] {
    return this.items
      .filter((i) => i.status === 'done' && i.stored)
      .map((i) => ({ hash: i.stored!.hash, name: i.name, mime: i.mime ?? i.stored!.mime }));
  }

  /**
   * Adds files and starts uploading them. Returns why some were not added (too many),
   * or null.
   */
  add(files: Iterable<File>): string | null {
    const list = [...files];
    const room = this.max - this.items.length;
    const taken = list.slice(0, Math.max(0, room));
    const added: PendingFile[] = taken.map((file) => {
      const mime = mimeOf(file.name, file.type);
      const kind = fileKind(mime);
      return {
        id: this.nextId++,
        file,
        name: file.name || 'file',
        mime,
        size: file.size,
        kind,
        preview: kind === 'image' ? objectUrl(file) : null,
        status: 'queued',
        loaded: 0,
        rate: 0,
        startedAt: 0,
        stored: null,
        error: null,
      };
    });
    this.items = [...this.items, ...added];
    if (added.length > 0) this.checkThenSend(added.map((a) => a.id));
    if (taken.length < list.length) {
      const left = list.length - taken.length;
      return `At most ${this.max} files at once: ${left === 1 ? '1 file was' : `${left} files were`} not added.`;
    }
    return null;
  }

  /** Removes a file, cancelling its upload. (An uploaded file stays on the node, pinned.) */
  remove(id: number): void {
    this.controllers.get(id)?.abort();
    this.controllers.delete(id);
    const item = this.items.find((i) => i.id === id);
    if (item?.preview) revoke(item.preview);
    this.items = this.items.filter((i) => i.id !== id);
    this.pump();
  }

  /** Tries a failed upload again. */
  retry(id: number): void {
    const item = this.items.find((i) => i.id === id);
    if (!item || item.status !== 'error') return;
    item.status = 'queued';
    item.error = null;
    item.loaded = 0;
    this.checkThenSend([id]);
  }

  /** Forgets every file, cancelling what still runs. */
  clear(): void {
    for (const c of this.controllers.values()) c.abort();
    this.controllers.clear();
    this.checking.clear();
    for (const i of this.items) if (i.preview) revoke(i.preview);
    this.items = [];
  }

  private checkThenSend(ids: number[]): void {
    for (const id of ids) this.checking.add(id);
    void this.checkRoom(ids).finally(() => {
      for (const id of ids) this.checking.delete(id);
      this.pump();
    });
  }

  /**
   * Refuses, before sending anything, the files that would not fit in what is left of the
   * node's storage quota. When the node cannot say, the upload goes ahead (and the node
   * itself refuses what does not fit).
   */
  private async checkRoom(ids: number[]): Promise<void> {
    let status: { used: number; quota: number };
    try {
      status = await call('blobs.status', {});
    } catch {
      return;
    }
    let free = status.quota - status.used;
    // What other files still on their way will take.
    for (const i of this.items) {
      if (!ids.includes(i.id) && (i.status === 'queued' || i.status === 'uploading')) free -= i.size - i.loaded;
    }
    for (const id of ids) {
      const item = this.items.find((i) => i.id === id);
      if (!item || item.status !== 'queued') continue;
      if (item.size > free) {
        item.status = 'error';
        item.error = describeError(
          new ApiError(
            'quota_exceeded',
            `${item.name} is ${formatBytes(item.size)}, and ${formatBytes(Math.max(0, free))} of the ${formatBytes(status.quota)} storage limit is free`,
          ),
        );
      } else {
        free -= item.size;
      }
    }
  }

  /** Starts queued uploads while fewer than {@link CONCURRENT_UPLOADS} run. */
  private pump(): void {
    let running = this.items.filter((i) => i.status === 'uploading').length;
    for (const item of this.items) {
      if (running >= CONCURRENT_UPLOADS) break;
      if (item.status !== 'queued' || this.checking.has(item.id)) continue;
      running += 1;
      void this.send(item.id);
    }
  }

  private async send(id: number): Promise<void> {
    const item = this.items.find((i) => i.id === id);
    if (!item) return;
    const controller = new AbortController();
    this.controllers.set(id, controller);
    item.status = 'uploading';
    item.loaded = 0;
    item.rate = 0;
    item.startedAt = Date.now();
    try {
      const stored = await uploadFile(item.file, {
        name: item.name,
        mime: item.mime,
        signal: controller.signal,
        onProgress: (loaded) => {
          const live = this.items.find((i) => i.id === id);
          if (!live) return;
          live.loaded = loaded;
          const seconds = (Date.now() - live.startedAt) / 1000;
          if (seconds >= 0.5) live.rate = loaded / seconds;
        },
      });
      const live = this.items.find((i) => i.id === id);
      if (live) {
        live.status = 'done';
        live.loaded = live.size;
        live.stored = stored;
      }
    } catch (e) {
      const live = this.items.find((i) => i.id === id);
      if (live && !(e instanceof ApiError && e.code === CANCELLED)) {
        session.handle(e);
        live.status = 'error';
        live.error = describeError(e);
      }
    } finally {
      this.controllers.delete(id);
      this.pump();
    }
  }
}

function objectUrl(file: File): string | null {
  try {
    return typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : null;
  } catch {
    return null;
  }
}

function revoke(url: string): void {
  try {
    URL.revokeObjectURL?.(url);
  } catch {
    // already gone
  }
}

/** The files picked in the composer: kept while the app is open, so uploads go on across tabs. */
export const draftFiles = new Uploads();

/** The files put on the node to send by link (Files view): kept while the app is open. */
export const sentFiles = new Uploads();
