/**
 * The messages of an open conversation: pages merged newest first (as the node sends
 * them), and the rows the view draws oldest first — day separators, the "unread" line,
 * and messages grouped into runs by the same person.
 */

import { dayKey, dayLabel } from './format';
import type { ChatMessage, PendingMessage } from './types';

/** Messages of one person closer than this in time share a run (one name, one tail). */
export const RUN_GAP_MS = 5 * 60_000;

/** What ordering needs of a message. */
interface Ordered {
  id: string;
  created_at: number;
}

/** Newest first; messages of the same millisecond by id, descending (a stable order across pages). */
export function newestFirst(a: Ordered, b: Ordered): number {
  if (a.created_at !== b.created_at) return b.created_at - a.created_at;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Merges a page (newer or older) into the messages loaded: one copy of each (the incoming
 * one wins: a message may have become readable), newest first.
 */
export function mergeMessages<T extends Ordered>(current: readonly T[], incoming: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const m of current) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort(newestFirst);
}

/**
 * Joins the newest page (just read again) to what is loaded. When it shares a message
 * with what is loaded, older pages stay and loaded messages in its span that it no longer
 * lists (expired, deleted) go; when it does not (more arrived than a page holds), it
 * replaces them, and `joined` is false (the cursor of older pages starts again from it).
 */
export function joinNewest<T extends Ordered>(current: readonly T[], newest: readonly T[]): { messages: T[]; joined: boolean } {
  if (current.length === 0) return { messages: mergeMessages([], newest), joined: true };
  const ids = new Set(current.map((m) => m.id));
  if (newest.length > 0 && !newest.some((m) => ids.has(m.id))) return { messages: mergeMessages([], newest), joined: false };
  const oldest = newest.at(-1);
  const listed = new Set(newest.map((m) => m.id));
  const kept = oldest ? current.filter((m) => listed.has(m.id) || newestFirst(m, oldest) > 0) : [];
  return { messages: mergeMessages(kept, newest), joined: true };
}

/** Removes messages by id (a `removed` notice). */
export function removeMessages<T extends Ordered>(current: readonly T[], ids: readonly string[]): T[] {
  const gone = new Set(ids);
  return current.filter((m) => !gone.has(m.id));
}

/** Whether a message is still to be shown at `now` (an expired one is gone, whatever the node still says). */
export function isLive(message: { expires_at?: number | null }, now: number): boolean {
  return message.expires_at == null || message.expires_at > now;
}

/**
 * The id of the oldest unread message when `unread` messages of others are unread (the
 * newest ones): where the "unread" line goes. Null when nothing is unread.
 */
export function firstUnreadId(newestFirstList: readonly ChatMessage[], unread: number, me: string | null): string | null {
  if (unread <= 0) return null;
  let seen = 0;
  let id: string | null = null;
  for (const m of newestFirstList) {
    if (m.author === me) continue;
    id = m.id;
    seen += 1;
    if (seen >= unread) break;
  }
  return id;
}

/** An entry of a day in the message view, oldest first: the "unread" line or a message. */
export type Row =
  | { type: 'unread'; key: string; count: number }
  | {
      type: 'message';
      key: string;
      message: ChatMessage | PendingMessage;
      mine: boolean;
      /** Being sent (not confirmed by the node yet). */
      pending: boolean;
      /** First of a run: the sender's name shows (in groups, for others' messages). */
      first: boolean;
      /** Last of a run: the bubble gets its tail, and the avatar (in groups) shows. */
      last: boolean;
    };

/** One day of the message view: its separator ("Today") and its rows. */
export interface Day {
  key: string;
  label: string;
  rows: Row[];
}

export interface RowOptions {
  me: string | null;
  now: number;
  /** Where the unread line goes, and how many it counts. */
  unread?: { id: string; count: number } | null;
  locale?: string;
}

/**
 * What the view draws: `messages` (newest first, as loaded) and `pending` ones (oldest
 * first, all newer), oldest first, by local day, with the unread line before the first
 * unread message, and runs of one person's messages (a run breaks at a day, at the unread
 * line, at another sender, and after a pause of {@link RUN_GAP_MS}).
 */
export function buildDays(messages: readonly ChatMessage[], pending: readonly PendingMessage[], options: RowOptions): Day[] {
  const { me, now, unread, locale } = options;
  const list: { message: ChatMessage | PendingMessage; pending: boolean }[] = [
    ...[...messages].reverse().map((message) => ({ message, pending: false })),
    ...pending.map((message) => ({ message, pending: true })),
  ];
  const days: Day[] = [];
  let day: Day | null = null;
  let previous: { author: string; created_at: number } | null = null;
  let lastMessageRow: Extract<Row, { type: 'message' }> | null = null;
  for (const { message, pending: isPending } of list) {
    const key = dayKey(message.created_at);
    let breaksRun = false;
    if (!day || day.key !== key) {
      day = { key, label: dayLabel(message.created_at, now, locale), rows: [] };
      days.push(day);
      breaksRun = true;
    }
    if (unread && message.id === unread.id) {
      day.rows.push({ type: 'unread', key: 'unread', count: unread.count });
      breaksRun = true;
    }
    const sameRun =
      !breaksRun &&
      previous !== null &&
      previous.author === message.author &&
      message.created_at - previous.created_at <= RUN_GAP_MS;
    if (!sameRun && lastMessageRow) lastMessageRow.last = true;
    const row: Extract<Row, { type: 'message' }> = {
      type: 'message',
      key: message.id,
      message,
      mine: message.author === me,
      pending: isPending,
      first: !sameRun,
      last: false,
    };
    day.rows.push(row);
    lastMessageRow = row;
    previous = message;
  }
  if (lastMessageRow) lastMessageRow.last = true;
  return days;
}
