import { ApiError, type StoredFile } from './types';

/**
 * Reads the node's answer to an upload (HTTP `POST /api/upload` or Tauri `snblob:` upload):
 * the stored file's JSON, or a `{code, message}` error. Throws an {@link ApiError}.
 */
export function readUploadAnswer(status: number, text: string): StoredFile {
  let body: unknown;
  let parsed = false;
  try {
    body = JSON.parse(text);
    parsed = true;
  } catch {
    // handled below
  }
  const ok = status >= 200 && status < 300;
  if (parsed && body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (ok && typeof b.hash === 'string' && typeof b.size === 'number') return body as StoredFile;
    if (!ok && typeof b.code === 'string') {
      throw new ApiError(b.code, typeof b.message === 'string' ? b.message : '', status || undefined);
    }
  }
  if (ok) throw new ApiError('internal', 'the node answered the upload with something that is not a stored file', status);
  if (status === 413) throw new ApiError('quota_exceeded', 'the node refused a file this large (HTTP 413)', status);
  throw new ApiError('unavailable', `the node answered the upload with HTTP ${status} without an API error`, status || undefined);
}

/** The name to upload a blob under: the `File`'s own, else "file". */
export function uploadName(file: Blob, name?: string): string {
  if (name && name.trim()) return name;
  const own = (file as Partial<File>).name;
  return typeof own === 'string' && own.trim() ? own : 'file';
}
