import type { Methods, MethodName } from './types';
import type { FileUrlOptions } from '../files';
import { ApiError, type NoticeListener, type StoredFile, type Transport, type UploadOptions } from '../transport/types';

let active: Transport | null = null;

/** Sets the transport every call goes through (once at startup; tests set a fake). */
export function setTransport(transport: Transport): void {
  active = transport;
}

/** The transport in use. */
export function transport(): Transport {
  if (!active) throw new ApiError('unavailable', 'no transport: setTransport() was not called');
  return active;
}

/** Calls an API method, typed by the generated {@link Methods} map. */
export async function call<M extends MethodName>(
  method: M,
  input: Methods[M]['input'],
): Promise<Methods[M]['output']> {
  return (await transport().call(method, input)) as Methods[M]['output'];
}

/** Listens to the node's change notices; returns the function that stops listening. */
export function onNotice(listener: NoticeListener): () => void {
  return transport().subscribe(listener);
}

/** Where the page loads a stored file from (`<img src>`, `<video src>`, a download link). */
export function fileUrl(hash: string, options?: FileUrlOptions): string {
  return transport().fileUrl(hash, options);
}

/** Stores a file on the node (pinned), with progress; rejects with an {@link ApiError}. */
export function uploadFile(file: Blob, options?: UploadOptions): Promise<StoredFile> {
  return transport().upload(file, options);
}

export type { Methods, MethodName, StoredFile };
/** An account as `identity.get` (and the other identity methods) return it. */
export type IdentityView = Methods['identity.get']['output'];
/** A post as the API shows it. */
export type Post = Methods['social.feed']['output']['posts'][number];
/** One page of the feed. */
export type FeedPage = Methods['social.feed']['output'];
/** What `node.info` says. */
export type NodeInfo = Methods['node.info']['output'];
/** A file on a post. */
export type Attachment = NonNullable<Post['attachments']>[number];
/** What `blobs.status` says: storage used, per reason and author, and transfers. */
export type StorageStatus = Methods['blobs.status']['output'];
/** A file the node keeps, in `blobs.list`. */
export type KeptFile = Methods['blobs.list']['output']['blobs'][number];
/** What `blobs.get` received. */
export type Received = Methods['blobs.get']['output'];
