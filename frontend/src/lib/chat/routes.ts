/**
 * Addresses inside the Chat tab (hash routes): the list, a conversation, and its details.
 * Components link with these, never by writing `#/chat/…` themselves.
 */

/** What the Chat tab shows for a path. */
export interface ChatPage {
  /** The open conversation (its id, 64 hex digits), if any. */
  conv: string | null;
  /** Whether its details (members, settings) are open. */
  info: boolean;
}

const CONV = /^[0-9a-f]{64}$/;

/** The list (and, on wide screens, no conversation open). */
export const chatHref = (): string => '#/chat';
/** A conversation. */
export const conversationHref = (conv: string): string => `#/chat/${conv}`;
/** A conversation's members and settings. */
export const conversationInfoHref = (conv: string): string => `#/chat/${conv}/info`;

/** The page a Chat path names; anything unknown is the list. */
export function chatPage(path: readonly string[]): ChatPage {
  const [conv, what] = path;
  if (!conv || !CONV.test(conv)) return { conv: null, info: false };
  return { conv, info: what === 'info' };
}

/** Goes to a route (a `#/…` address), as a link would. */
export function goTo(href: string): void {
  if (location.hash !== href) location.hash = href;
}
