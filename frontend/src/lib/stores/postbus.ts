import type { Post } from '../api/client';

/**
 * What this app changed about posts, told to every list that shows them (the timeline,
 * author pages, threads, search results), so they all agree at once without reading again.
 */
export type PostChange =
  /** A post, comment, quote or repost written here. */
  | { type: 'created'; post: Post }
  /** A post as it stands now (reactions, an edit). */
  | { type: 'updated'; post: Post }
  /** A post deleted by its author (this account). */
  | { type: 'deleted'; id: string }
  /** An account muted or blocked: its posts leave every list. */
  | { type: 'author-hidden'; account: string }
  /** Muted words or hashtags changed: lists read their newest page again. */
  | { type: 'filters' };

type Listener = (change: PostChange) => void;
const listeners = new Set<Listener>();

/** Listens to changes; returns the function that stops listening. */
export function onPostChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells every list of a change. */
export function announce(change: PostChange): void {
  for (const l of [...listeners]) l(change);
}
