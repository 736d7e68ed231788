import { fileQuery, uploadQuery, type FileUrlOptions } from '../files';
import {
  ApiError,
  CANCELLED,
  type Notice,
  type NoticeListener,
  type StoredFile,
  type Transport,
  type UploadOptions,
} from './types';
import { uploadName } from './upload';

export type FakeHandler = (input: any) => unknown;

/** An upload the fake received; a test settles it (or lets the default handler do so). */
export interface FakeUpload {
  file: Blob;
  name: string;
  mime: string | null;
  /** What the HTTP transport would have requested. */
  url: string;
  /** Reports progress to the uploader. */
  progress(loaded: number): void;
  resolve(file?: Partial<StoredFile>): void;
  reject(error: ApiError): void;
  /** Whether the uploader cancelled it. */
  cancelled: boolean;
}

/** The 64-hex hash the fake gives the `n`th stored file. */
export function fakeHash(n: number): string {
  return n.toString(16).padStart(64, 'f');
}

/**
 * A transport that answers from handlers given per method, records every call and lets
 * a test push notices. For tests and for designing screens without a node.
 */
export class FakeTransport implements Transport {
  readonly kind = 'fake';
  readonly calls: { method: string; input: unknown }[] = [];
  private readonly listeners = new Set<NoticeListener>();

  /** Every upload, in order. */
  readonly uploads: FakeUpload[] = [];
  /**
   * What happens to an upload: by default it completes at once; set to `'manual'` to
   * settle each one from the test (through {@link uploads}).
   */
  uploadMode: 'auto' | 'manual' = 'auto';

  constructor(private handlers: Record<string, FakeHandler> = {}) {}

  /** `/blobs/<hash>?…`, as over HTTP. */
  fileUrl(hash: string, options: FileUrlOptions = {}): string {
    return `/blobs/${hash}${fileQuery(options)}`;
  }

  upload(file: Blob, options: UploadOptions = {}): Promise<StoredFile> {
    const name = uploadName(file, options.name);
    const mime = options.mime ?? null;
    return new Promise<StoredFile>((resolvePromise, rejectPromise) => {
      const n = this.uploads.length + 1;
      const upload: FakeUpload = {
        file,
        name,
        mime,
        url: `/api/upload${uploadQuery(name, mime)}`,
        cancelled: false,
        progress: (loaded) => options.onProgress?.(loaded, file.size),
        resolve: (stored = {}) => {
          options.onProgress?.(file.size, file.size);
          const hash = stored.hash ?? fakeHash(n);
          resolvePromise({
            hash,
            size: file.size,
            name,
            mime: mime ?? 'application/octet-stream',
            ticket: `blobfake${hash.slice(0, 16)}`,
            link: `supernet://blob/blobfake${hash.slice(0, 16)}`,
            ...stored,
          });
        },
        reject: rejectPromise,
      };
      this.uploads.push(upload);
      if (options.signal?.aborted) {
        upload.cancelled = true;
        return rejectPromise(new ApiError(CANCELLED, 'the upload was cancelled'));
      }
      options.signal?.addEventListener('abort', () => {
        upload.cancelled = true;
        rejectPromise(new ApiError(CANCELLED, 'the upload was cancelled'));
      });
      options.onProgress?.(0, file.size);
      if (this.uploadMode === 'auto') upload.resolve();
    });
  }

  /** Replaces (or adds) the handler of a method. */
  on(method: string, handler: FakeHandler): this {
    this.handlers[method] = handler;
    return this;
  }

  async call(method: string, input: unknown): Promise<unknown> {
    this.calls.push({ method, input });
    const handler = this.handlers[method];
    if (!handler) throw new ApiError('unknown_method', `no fake handler for ${method}`);
    // Handlers throw ApiError for error answers; a copy keeps callers from sharing state.
    const output = await handler(input);
    return output === undefined ? undefined : structuredClone(output);
  }

  subscribe(listener: NoticeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a notice to every listener. */
  emit(notice: Notice): void {
    for (const l of [...this.listeners]) l(notice);
  }

  /** How many listeners there are. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** The calls made to one method. */
  callsTo(method: string): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input);
  }
}
