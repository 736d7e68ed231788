import { fileQuery, isHash, uploadQuery, type FileUrlOptions } from '../files';
import {
  ApiError,
  CANCELLED,
  isNotice,
  type Notice,
  type NoticeListener,
  type StoredFile,
  type Transport,
  type UploadOptions,
} from './types';
import { readUploadAnswer, uploadName } from './upload';

/** The browser pieces the HTTP transport uses; injectable for tests. */
export interface HttpTransportOptions {
  fetch?: typeof fetch;
  WebSocket?: new (url: string) => WebSocket;
  /** For uploads: XMLHttpRequest reports how much of the body was sent; fetch does not. */
  XMLHttpRequest?: new () => XMLHttpRequest;
  /** Where the page is: the notices socket goes to the same host. */
  location?: Pick<Location, 'protocol' | 'host'>;
  /** First reconnect delay, doubled on each failure up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * The browser transport: `POST /api/<method>` on the same origin (the session cookie
 * authenticates) and the `/api/notices` WebSocket for change notices.
 */
export class HttpTransport implements Transport {
  readonly kind = 'http';
  private readonly fetch: typeof fetch;
  private readonly WebSocketImpl: new (url: string) => WebSocket;
  private readonly XMLHttpRequestImpl: (new () => XMLHttpRequest) | undefined;
  private readonly location: Pick<Location, 'protocol' | 'host'>;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;

  private readonly listeners = new Set<NoticeListener>();
  private socket: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Failed or closed connections since the last successful open. */
  private failures = 0;
  /** Whether a connection was ever open (or ever failed): the next open is a reconnect. */
  private reconnecting = false;

  constructor(options: HttpTransportOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    this.XMLHttpRequestImpl = options.XMLHttpRequest ?? globalThis.XMLHttpRequest;
    this.location = options.location ?? globalThis.location;
    this.initialDelayMs = options.initialDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
  }

  async call(method: string, input: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
    } catch (e) {
      throw new ApiError('unavailable', `the node could not be reached: ${e instanceof Error ? e.message : String(e)}`);
    }
    let text = '';
    try {
      text = await response.text();
    } catch (e) {
      throw new ApiError('unavailable', `the node's answer was cut off: ${e instanceof Error ? e.message : String(e)}`, response.status);
    }
    let body: unknown;
    let parsed = false;
    try {
      body = text === '' ? null : JSON.parse(text);
      parsed = true;
    } catch {
      // handled below
    }
    if (response.ok) {
      if (!parsed) throw new ApiError('internal', `the node answered ${method} with something that is not JSON`, response.status);
      return body;
    }
    if (parsed && body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string') {
      const { code, message } = body as { code: string; message?: unknown };
      throw new ApiError(code, typeof message === 'string' ? message : '', response.status);
    }
    throw new ApiError(
      'unavailable',
      `the node answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} without an API error`,
      response.status,
    );
  }

  /** `/blobs/<hash>?author=…&mime=…&name=…` on the same origin (the session cookie authenticates). */
  fileUrl(hash: string, options: FileUrlOptions = {}): string {
    if (!isHash(hash)) throw new ApiError('invalid_input', `${JSON.stringify(hash)} is not a file hash`);
    return `/blobs/${hash}${fileQuery(options)}`;
  }

  /** `POST /api/upload?name=…&mime=…` with the file as the body, reporting progress. */
  upload(file: Blob, options: UploadOptions = {}): Promise<StoredFile> {
    const XHR = this.XMLHttpRequestImpl;
    const url = `/api/upload${uploadQuery(uploadName(file, options.name), options.mime)}`;
    return new Promise<StoredFile>((resolve, reject) => {
      const { signal, onProgress } = options;
      if (signal?.aborted) return reject(new ApiError(CANCELLED, 'the upload was cancelled'));
      if (!XHR) return reject(new ApiError('unavailable', 'this browser cannot upload files'));
      const xhr = new XHR();
      const onAbort = () => xhr.abort();
      const settle = () => signal?.removeEventListener('abort', onAbort);
      xhr.open('POST', url);
      xhr.setRequestHeader('accept', 'application/json');
      xhr.upload.onprogress = (event: ProgressEvent) => {
        onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
      };
      xhr.onload = () => {
        settle();
        try {
          resolve(readUploadAnswer(xhr.status, xhr.responseText));
        } catch (e) {
          reject(e);
        }
      };
      xhr.onerror = () => {
        settle();
        reject(new ApiError('unavailable', 'the upload was cut off: the node could not be reached, or it closed the connection'));
      };
      xhr.ontimeout = xhr.onerror;
      xhr.onabort = () => {
        settle();
        reject(new ApiError(CANCELLED, 'the upload was cancelled'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      onProgress?.(0, file.size);
      xhr.send(file);
    });
  }

  subscribe(listener: NoticeListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.connect();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.disconnect();
    };
  }

  /** Reconnects at once if the socket is waiting to retry (e.g. the network came back). */
  retryNow(): void {
    if (this.timer !== null && this.listeners.size > 0) {
      clearTimeout(this.timer);
      this.timer = null;
      this.connect();
    }
  }

  private url(): string {
    const scheme = this.location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${this.location.host}/api/notices`;
  }

  private connect(): void {
    let socket: WebSocket;
    try {
      socket = new this.WebSocketImpl(this.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.failures = 0;
      if (this.reconnecting) this.deliver({ type: 'resync' });
      this.reconnecting = true;
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.socket !== socket || typeof event.data !== 'string') return;
      let notice: unknown;
      try {
        notice = JSON.parse(event.data);
      } catch {
        return;
      }
      if (isNotice(notice)) this.deliver(notice);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.reconnecting = true;
      this.failures += 1;
      this.scheduleReconnect();
    };
    // An error is always followed by a close; the close reconnects.
    socket.onerror = () => {};
  }

  private scheduleReconnect(): void {
    if (this.listeners.size === 0 || this.timer !== null) return;
    const exponent = Math.max(0, this.failures - 1);
    const delay = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** Math.min(exponent, 16));
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.listeners.size > 0) this.connect();
    }, delay);
  }

  private disconnect(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const socket = this.socket;
    this.socket = null;
    this.failures = 0;
    this.reconnecting = false;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try {
        socket.close();
      } catch {
        // already closed
      }
    }
  }

  private deliver(notice: Notice): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(notice);
      } catch (e) {
        console.error('a notice listener failed', e);
      }
    }
  }
}
