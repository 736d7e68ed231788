/**
 * The one way the UI reaches the node: `call(method, input) → output`, plus a stream of
 * change notices. Two implementations: HTTP/WebSocket (a browser on the node's gateway)
 * and Tauri IPC (the desktop window). Tests use a fake.
 */

import type { FileUrlOptions } from '../files';

export type { FileUrlOptions };

/** A change notice from the node. `resync` means "re-read what you show". */
export type Notice =
  | { type: 'events'; count: number; events: NoticeEvent[] }
  | { type: 'removed'; ids: string[] }
  | { type: 'sync'; peer: string; fetched: number; done: boolean; error?: string }
  | ({ type: 'transfer' } & Transfer)
  | { type: 'apps'; app: string; change: string; detail?: string | null }
  | { type: 'books'; changes: number }
  | { type: 'resync' };

/** One newly stored event, as a notice names it. */
export interface NoticeEvent {
  id: string;
  kind: string;
  author: string;
}

/** Where a file transfer stands: a `transfer` notice, and each of `blobs.status`'s transfers. */
export interface Transfer {
  /** The blob's hash. */
  hash: string;
  /** `add`: a file going into this node's store; `download`: one coming from other nodes. */
  direction: 'add' | 'download';
  /** The file's name, when known. */
  name?: string | null;
  /** Bytes done so far (including any already here when it began). */
  bytes: number;
  /** Bytes already here when it began: a resumed download asks only for the rest. */
  resumed?: number;
  /** Total bytes, once known. */
  size?: number | null;
  /** Recent rate, bytes per second. */
  rate: number;
  /** Nodes asked for it (endpoint ids), in order. */
  providers?: string[];
  /** Nodes given up on: unreachable, without the data, or sending bad data. */
  dropped?: string[];
  /** When it started (ms since the epoch). */
  started_at: number;
  /** Whether it has ended. */
  done: boolean;
  /** Why it failed, if it did. */
  error?: string | null;
}

export type NoticeListener = (notice: Notice) => void;

/** A file stored on the node by an upload (what `blobs.add` also returns). */
export interface StoredFile {
  /** BLAKE3 hash, 64 hex digits. */
  hash: string;
  size: number;
  name: string;
  mime: string;
  /** An iroh-blobs ticket anyone can fetch it with from this node. */
  ticket: string;
  /** The ticket as a `supernet://blob/…` link. */
  link: string;
}

/** How to upload a file. */
export interface UploadOptions {
  /** The file's name (default: the `File`'s own). */
  name?: string;
  /** Its media type (default: the node guesses from the name). */
  mime?: string | null;
  /** Called as bytes are sent; `total` is null when not known. */
  onProgress?: (loaded: number, total: number | null) => void;
  /** Aborting cancels the upload: it rejects with code {@link CANCELLED}. */
  signal?: AbortSignal;
}

/** The code an upload rejects with when it was cancelled (never shown: the person did it). */
export const CANCELLED = 'cancelled';

export interface Transport {
  /** Which implementation this is (for diagnostics and for what only one of them can do). */
  readonly kind: 'http' | 'tauri' | 'fake';
  /** Calls an API method. Rejects with an {@link ApiError}, never anything else. */
  call(method: string, input: unknown): Promise<unknown>;
  /** Listens to change notices; returns the function that stops listening. */
  subscribe(listener: NoticeListener): () => void;
  /**
   * Where the page can load a stored file from (for `<img>`, `<video>`, a download link).
   * The node fetches missing bytes from other nodes as they are read, with range requests.
   */
  fileUrl(hash: string, options?: FileUrlOptions): string;
  /** Stores a file on the node. Rejects with an {@link ApiError} (e.g. `quota_exceeded`). */
  upload(file: Blob, options?: UploadOptions): Promise<StoredFile>;
}

/**
 * An API error: a stable `code` to branch on and the node's `message` (for people, as
 * secondary detail; never branch on it).
 */
export class ApiError extends Error {
  // Class fields are defined, not assigned: safe under Tauri's frozen Object.prototype.
  override readonly name = 'ApiError';
  readonly code: string;
  /** The HTTP status, when the error came over HTTP. */
  readonly status: number | undefined;

  constructor(code: string, message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** Turns whatever a transport rejected with into an {@link ApiError}. */
export function toApiError(error: unknown, fallbackCode = 'unavailable'): ApiError {
  if (error instanceof ApiError) return error;
  if (error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string') {
    const { code, message } = error as { code: string; message?: unknown };
    return new ApiError(code, typeof message === 'string' ? message : '');
  }
  if (error instanceof Error) return new ApiError(fallbackCode, error.message);
  return new ApiError(fallbackCode, typeof error === 'string' ? error : 'unknown error');
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || v === null || check(v);

/** Whether a value has the shape of a {@link Transfer}. */
export function isTransfer(v: unknown): v is Transfer {
  return (
    isObject(v) &&
    typeof v.hash === 'string' &&
    (v.direction === 'add' || v.direction === 'download') &&
    isNumber(v.bytes) &&
    isNumber(v.rate) &&
    isNumber(v.started_at) &&
    typeof v.done === 'boolean' &&
    optional(v.size, isNumber) &&
    optional(v.resumed, isNumber) &&
    optional(v.name, (x) => typeof x === 'string') &&
    optional(v.error, (x) => typeof x === 'string') &&
    optional(v.providers, isStrings) &&
    optional(v.dropped, isStrings)
  );
}

/**
 * Whether a parsed JSON value is a notice this app knows, with the fields it reads. Kinds
 * a newer node may add, and malformed notices, are dropped.
 */
export function isNotice(value: unknown): value is Notice {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'events':
      return (
        isNumber(value.count) &&
        Array.isArray(value.events) &&
        value.events.every((e) => isObject(e) && typeof e.id === 'string' && typeof e.kind === 'string' && typeof e.author === 'string')
      );
    case 'removed':
      return isStrings(value.ids);
    case 'sync':
      return typeof value.peer === 'string' && isNumber(value.fetched) && typeof value.done === 'boolean';
    case 'transfer':
      return isTransfer(value);
    case 'apps':
      // A mini-app was installed, updated (`supernet app dev`), granted, stopped or had an incident.
      return typeof value.app === 'string' && typeof value.change === 'string' && optional(value.detail, (x) => typeof x === 'string');
    case 'books':
      // Changes another device of the account made to the books were applied here.
      return isNumber(value.changes);
    case 'resync':
      return true;
    default:
      return false;
  }
}
