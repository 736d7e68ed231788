/**
 * Files as posts carry them: what kind of file a media type is, its media type from its
 * name, the query of a file URL, and what a ticket looks like. No API access here.
 */

/** Most files on one post (the node's `MAX_ATTACHMENTS`). */
export const MAX_ATTACHMENTS = 16;

/** How a file is shown. */
export type FileKind = 'image' | 'video' | 'audio' | 'file';

/** Media types a page shows in place; others are offered as downloads (as the node serves them). */
export function fileKind(mime: string | null | undefined): FileKind {
  const type = (mime ?? '').split(';')[0].trim().toLowerCase();
  // SVG can carry script: never shown in place (the node serves it as a download).
  if (type.startsWith('image/') && type !== 'image/svg+xml') return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  return 'file';
}

/** Media types by file extension: the same table as the node's `mime_of`. */
const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/plain',
  zip: 'application/zip',
};

/** The media type of a file: what the browser says, else from its extension, else null. */
export function mimeOf(name: string, type?: string | null): string | null {
  if (type && /^[\w.+-]+\/[\w.+-]+/.test(type)) return type;
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? null;
}

/** What a file URL may say about the file besides its hash. */
export interface FileUrlOptions {
  /** Whose post refers to it: that node is asked first for missing bytes. */
  author?: string | null;
  mime?: string | null;
  name?: string | null;
  /** A download ("Save as") rather than for display. */
  download?: boolean;
}

/** `?author=…&mime=…&name=…&download=1` (only what is given), for `/blobs/<hash>` and `snblob:`. */
export function fileQuery(options: FileUrlOptions = {}): string {
  const query = new URLSearchParams();
  if (options.author) query.set('author', options.author);
  if (options.mime) query.set('mime', options.mime);
  if (options.name) query.set('name', options.name);
  if (options.download) query.set('download', '1');
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** `?name=…&mime=…` for an upload. */
export function uploadQuery(name: string, mime: string | null | undefined): string {
  const query = new URLSearchParams({ name });
  if (mime) query.set('mime', mime);
  return `?${query.toString()}`;
}

/** Whether `hash` is a blob hash (64 lowercase hex digits); anything else never goes into a URL. */
export function isHash(hash: string): boolean {
  return /^[0-9a-f]{64}$/.test(hash);
}

/**
 * A ticket as people paste it: an iroh-blobs ticket (`blob…`) or a `supernet://blob/…`
 * link, trimmed. Returns null for anything else.
 */
export function normaliseTicket(text: string): string | null {
  // Tickets are long: a paste may have been wrapped over lines.
  const t = text.replace(/\s+/g, '');
  const body = t.startsWith(TICKET_LINK_PREFIX) ? t.slice(TICKET_LINK_PREFIX.length) : t;
  return /^blob[a-z0-9]{8,}$/i.test(body) ? t : null;
}

/** What a `supernet://` file link starts with (the node's `BLOB_LINK_PREFIX`). */
export const TICKET_LINK_PREFIX = 'supernet://blob/';

/** The name of an icon for a kind of file. */
export function fileIcon(mime: string | null | undefined): 'image' | 'film' | 'music' | 'archive' | 'file' {
  const kind = fileKind(mime);
  if (kind === 'image') return 'image';
  if (kind === 'video') return 'film';
  if (kind === 'audio') return 'music';
  const type = (mime ?? '').toLowerCase();
  if (/zip|tar|gzip|compress|x-7z|rar/.test(type)) return 'archive';
  return 'file';
}
