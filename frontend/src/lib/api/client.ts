import type { Methods, MethodName } from './types';
import { ApiError, type NoticeListener, type Transport } from '../transport/types';

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

export type { Methods, MethodName };
/** An account as `identity.get` (and the other identity methods) return it. */
export type IdentityView = Methods['identity.get']['output'];
/** A post as the API shows it. */
export type Post = Methods['social.feed']['output']['posts'][number];
/** One page of the feed. */
export type FeedPage = Methods['social.feed']['output'];
/** What `node.info` says. */
export type NodeInfo = Methods['node.info']['output'];
