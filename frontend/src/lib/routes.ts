/**
 * Addresses inside the Feed tab (hash routes), and what a feed path names. Components
 * link with these, never by writing `#/…` themselves.
 */

/** What the Feed tab shows for a path. */
export type FeedPage =
  | { view: 'home' }
  | { view: 'post'; id: string }
  | { view: 'author'; account: string }
  | { view: 'tag'; tag: string };

const part = (s: string) => encodeURIComponent(s);

export const homeHref = (): string => '#/feed';
/** A post's thread (a comment's opens its thread). */
export const postHref = (id: string): string => `#/feed/post/${part(id)}`;
/** An author's page. */
export const authorHref = (account: string): string => `#/feed/author/${part(account)}`;
/** Posts with a hashtag (given with or without `#`). */
export const tagHref = (tag: string): string => `#/feed/tag/${part(tag.replace(/^#/, '').toLowerCase())}`;
/** The own profile and settings. */
export const settingsHref = (): string => '#/profile';

/** The page a Feed path names; anything unknown is the home timeline. */
export function feedPage(path: readonly string[]): FeedPage {
  const [what, arg] = path;
  if (what === 'post' && arg) return { view: 'post', id: arg };
  if (what === 'author' && arg) return { view: 'author', account: arg };
  if (what === 'tag' && arg) return { view: 'tag', tag: arg };
  return { view: 'home' };
}
