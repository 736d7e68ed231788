import { convertFileSrc, invoke } from '@tauri-apps/api/core';
import { fileQuery, isHash, uploadQuery, type FileUrlOptions } from '../files';
import {
  ApiError,
  CANCELLED,
  isNotice,
  toApiError,
  type NoticeListener,
  type StoredFile,
  type Transfer,
  type Transport,
  type UploadOptions,
} from './types';
import { readUploadAnswer, uploadName } from './upload';

/** The custom protocol the desktop app serves files on (and takes uploads on). */
export const FILE_PROTOCOL = 'snblob';

/**
 * The desktop transport: Tauri IPC. `invoke('call', {method, input})` reaches the node in
 * the same process; its change notices arrive as `notice` events. Files are read from and
 * uploaded to the `snblob:` protocol (`snblob://localhost/…`, or
 * `http://snblob.localhost/…` on Windows: `convertFileSrc` knows which).
 */
export class TauriTransport implements Transport {
  readonly kind = 'tauri';
  private readonly listeners = new Set<NoticeListener>();
  private unlisten: Promise<() => void> | null = null;

  async call(method: string, input: unknown): Promise<unknown> {
    try {
      return await invoke('call', { method, input: input ?? {} });
    } catch (e) {
      throw toApiError(e, 'unavailable');
    }
  }

  /**
   * Where video and audio play from: the node's loopback gateway with a media-only key,
   * because WebKitGTK (the Linux window) plays media from http(s) only, not from `snblob:`.
   * Asked for once, by the first use of `ready`, which resolves when it is known (or
   * cannot be: then media play from `snblob:` like everything else).
   */
  private media: { base: string; key: string } | null = null;
  private mediaAsked: Promise<void> | null = null;
  get ready(): Promise<void> {
    this.mediaAsked ??= invoke<{ base: string; key: string }>('media').then(
      (m) => {
        this.media = m;
      },
      () => {},
    );
    return this.mediaAsked;
  }

  /**
   * The node's loopback gateway (`http://127.0.0.1:<port>`), where mini-apps' UIs are
   * served from (`/miniapp/<id>/…`, public: no key needed); null when it is not serving.
   */
  async gatewayBase(): Promise<string | null> {
    await this.ready;
    return this.media?.base ?? null;
  }

  /**
   * `snblob://localhost/<hash>?author=…&mime=…&name=…`; for video and audio, the gateway's
   * `/blobs/<hash>?key=…&…` (range requests, playback while downloading).
   */
  fileUrl(hash: string, options: FileUrlOptions = {}): string {
    if (!isHash(hash)) throw new ApiError('invalid_input', `${JSON.stringify(hash)} is not a file hash`);
    const media = /^(video|audio)\//.test(options.mime ?? '');
    if (media && this.media && !options.download) {
      const query = fileQuery(options);
      const key = `key=${encodeURIComponent(this.media.key)}`;
      return `${this.media.base}/blobs/${hash}${query ? `${query}&${key}` : `?${key}`}`;
    }
    return `${convertFileSrc(hash, FILE_PROTOCOL)}${fileQuery(options)}`;
  }

  /**
   * `POST snblob://localhost/upload?name=…&mime=…` with the file as the body. `fetch` does
   * not report how much of a body was sent; the node's own `add` transfer notices for a
   * file of this name, started after the upload, stand in for it.
   */
  async upload(file: Blob, options: UploadOptions = {}): Promise<StoredFile> {
    const { signal, onProgress } = options;
    if (signal?.aborted) throw new ApiError(CANCELLED, 'the upload was cancelled');
    const name = uploadName(file, options.name);
    const url = `${convertFileSrc('upload', FILE_PROTOCOL)}${uploadQuery(name, options.mime)}`;
    const started = Date.now();
    let following: string | null = null;
    const stop = onProgress
      ? this.subscribe((notice) => {
          if (notice.type !== 'transfer' || !followsUpload(notice, name, started, following)) return;
          following = notice.hash;
          onProgress(Math.min(notice.bytes, file.size), file.size);
        })
      : () => {};
    onProgress?.(0, file.size);
    try {
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', body: file, signal, headers: { accept: 'application/json' } });
      } catch (e) {
        if (signal?.aborted) throw new ApiError(CANCELLED, 'the upload was cancelled');
        throw new ApiError('unavailable', `the upload did not reach the node: ${e instanceof Error ? e.message : String(e)}`);
      }
      const stored = readUploadAnswer(response.status, await response.text());
      onProgress?.(file.size, file.size);
      return stored;
    } finally {
      stop();
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

/** Whether a transfer notice is (probably) the node storing the upload started at `started`. */
function followsUpload(t: Transfer, name: string, started: number, following: string | null): boolean {
  if (following !== null) return t.hash === following;
  // A second of slack: the two clocks are the same machine's, but rounded differently.
  return t.direction === 'add' && t.name === name && !t.done && t.started_at >= started - 1000;
}
