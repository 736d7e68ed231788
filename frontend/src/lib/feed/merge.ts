/** What the merge needs of a post. */
export interface Ordered {
  id: string;
  created_at: number;
}

/** Feed order: newest first; posts of the same millisecond by id, descending. */
export function compareNewestFirst(a: Ordered, b: Ordered): number {
  if (a.created_at !== b.created_at) return b.created_at - a.created_at;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Merges `incoming` posts into `current` (already loaded, possibly several pages): no
 * duplicates (an incoming copy replaces the loaded one), newest first. Older pages
 * already loaded are kept.
 */
export function mergePosts<T extends Ordered>(current: readonly T[], incoming: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const post of current) byId.set(post.id, post);
  for (const post of incoming) byId.set(post.id, post);
  return [...byId.values()].sort(compareNewestFirst);
}

/** Whether any incoming post is already loaded: then the newest page joins up with it. */
export function overlaps(current: readonly Ordered[], incoming: readonly Ordered[]): boolean {
  if (current.length === 0) return true;
  const ids = new Set(current.map((p) => p.id));
  return incoming.some((p) => ids.has(p.id));
}

/** Removes the posts whose ids are given. */
export function removePosts<T extends Ordered>(current: readonly T[], ids: readonly string[]): T[] {
  const gone = new Set(ids);
  return current.filter((p) => !gone.has(p.id));
}

/** Replaces the loaded copy of `post` (same id), if there is one; otherwise returns `current`. */
export function replacePost<T extends Ordered>(current: readonly T[], post: T): readonly T[] {
  const i = current.findIndex((p) => p.id === post.id);
  if (i < 0) return current;
  const out = [...current];
  out[i] = post;
  return out;
}

/**
 * Lists kept in the node's own order (notifications: newest arrival first), merged by key:
 * the newest page goes on top (its copies replace loaded ones), older pages go below.
 */
export function mergeNewestPage<T>(current: readonly T[], newest: readonly T[], key: (item: T) => string): T[] {
  const fresh = new Set(newest.map(key));
  return [...newest, ...current.filter((item) => !fresh.has(key(item)))];
}

/** Appends an older page, leaving out what is loaded already. */
export function appendPage<T>(current: readonly T[], older: readonly T[], key: (item: T) => string): T[] {
  const have = new Set(current.map(key));
  return [...current, ...older.filter((item) => !have.has(key(item)))];
}
