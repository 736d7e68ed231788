/**
 * The one way the UI reaches the node: `call(method, input) → output`, plus a stream of
 * change notices. Two implementations: HTTP/WebSocket (a browser on the node's gateway)
 * and Tauri IPC (the desktop window). Tests use a fake.
 */

/** A change notice from the node. `resync` means "re-read what you show". */
export type Notice =
  | { type: 'events'; count: number; events: NoticeEvent[] }
  | { type: 'removed'; ids: string[] }
  | { type: 'resync' };

/** One newly stored event, as a notice names it. */
export interface NoticeEvent {
  id: string;
  kind: string;
  author: string;
}

export type NoticeListener = (notice: Notice) => void;

export interface Transport {
  /** Which implementation this is (for diagnostics and for what only one of them can do). */
  readonly kind: 'http' | 'tauri' | 'fake';
  /** Calls an API method. Rejects with an {@link ApiError}, never anything else. */
  call(method: string, input: unknown): Promise<unknown>;
  /** Listens to change notices; returns the function that stops listening. */
  subscribe(listener: NoticeListener): () => void;
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

/** Whether a parsed JSON value looks like a notice. */
export function isNotice(value: unknown): value is Notice {
  return !!value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string';
}
