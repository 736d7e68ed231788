/**
 * Words and labels of the Chat tab: day separators, times, message lifetimes ("disappears
 * in 3 h"), conversation titles and the previews of the list. Pure functions of their
 * inputs (the current time and the locale are parameters), so they are tested as they are.
 */

import { plainLine } from '../feed/text';
import { shortId } from '../format';
import { messageLine } from './files';
import type { ChatMessage, Conversation } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Shortest message lifetime the node accepts (crates/apps/src/chat: a minute, so a message is read before it goes). */
export const MIN_TTL_MS = MINUTE;
/** Longest message the node accepts, in characters. */
export const MAX_MESSAGE_CHARS = 10_000;
/** Longest group name the node accepts, in characters. */
export const MAX_GROUP_NAME_CHARS = 100;

/** Names an account: the name given (a member's or author's), else a profile's; null when none is known. */
export type NameOf = (account: string, hint?: string | null) => string | null;

/** The local calendar day of a moment, `2026-3-14` (a key, not for display). */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** Whole local calendar days from `ms` to `now` (0: the same day, 1: the day before). */
export function daysBetween(ms: number, now: number): number {
  const a = new Date(ms);
  const b = new Date(now);
  // Noon of each day: a daylight-saving change never moves one across midnight.
  const noonA = new Date(a.getFullYear(), a.getMonth(), a.getDate(), 12).getTime();
  const noonB = new Date(b.getFullYear(), b.getMonth(), b.getDate(), 12).getTime();
  return Math.round((noonB - noonA) / DAY);
}

/** A day separator: "Today", "Yesterday", "Monday" (this week), "Monday 3 March", "3 March 2025". */
export function dayLabel(ms: number, now: number, locale?: string): string {
  const days = daysBetween(ms, now);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days > 1 && days < 7) return new Intl.DateTimeFormat(locale, { weekday: 'long' }).format(ms);
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(
    locale,
    sameYear ? { weekday: 'long', day: 'numeric', month: 'long' } : { day: 'numeric', month: 'long', year: 'numeric' },
  ).format(ms);
}

/** The time of day of a message: "14:05" (or "2:05 PM", as the locale writes it). */
export function timeLabel(ms: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(ms);
}

/** When a conversation last moved, as the list shows it: "14:05", "Yesterday", "Mon", "3 Mar", "3/3/2025". */
export function listTime(ms: number, now: number, locale?: string): string {
  const days = daysBetween(ms, now);
  if (days <= 0) return timeLabel(ms, locale);
  if (days === 1) return 'Yesterday';
  if (days < 7) return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(ms);
  if (new Date(ms).getFullYear() === new Date(now).getFullYear()) {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(ms);
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short' }).format(ms);
}

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** A message lifetime in words: "1 hour", "2 days", "1 week", "90 minutes". */
export function ttlLabel(ms: number): string {
  const { amount, unit } = splitTtl(ms);
  return count(amount, unit);
}

/** The units a custom lifetime is given in, largest last. */
export const TTL_UNITS = [
  { unit: 'minute', ms: MINUTE },
  { unit: 'hour', ms: HOUR },
  { unit: 'day', ms: DAY },
  { unit: 'week', ms: WEEK },
] as const;
export type TtlUnit = (typeof TTL_UNITS)[number]['unit'];

/** A lifetime as a whole number of the largest unit that divides it (whole minutes at least). */
export function splitTtl(ms: number): { amount: number; unit: TtlUnit } {
  for (const { unit, ms: size } of [...TTL_UNITS].reverse()) {
    if (ms >= size && ms % size === 0) return { amount: ms / size, unit };
  }
  return { amount: Math.max(1, Math.round(ms / MINUTE)), unit: 'minute' };
}

/** A custom lifetime in ms, or null when the amount is not a whole number of at least one. */
export function joinTtl(amount: number, unit: TtlUnit): number | null {
  if (!Number.isInteger(amount) || amount < 1) return null;
  const size = TTL_UNITS.find((u) => u.unit === unit)?.ms ?? MINUTE;
  return amount * size;
}

/** The lifetimes offered in one choice each; anything else is "custom". */
export const TTL_PRESETS = [
  { id: 'off', label: 'Off', ms: null },
  { id: 'hour', label: '1 hour', ms: HOUR },
  { id: 'day', label: '1 day', ms: DAY },
  { id: 'week', label: '1 week', ms: WEEK },
] as const;
export type TtlChoice = (typeof TTL_PRESETS)[number]['id'] | 'custom';

/** Which choice a lifetime is. */
export function ttlChoice(ttl: number | null | undefined): TtlChoice {
  return TTL_PRESETS.find((p) => p.ms === (ttl ?? null))?.id ?? 'custom';
}

/**
 * How long until a message disappears, short ("45 min", "23 h", "6 days") or long
 * ("in 45 minutes"); "now" once it is due.
 */
export function expiresIn(expiresAt: number, now: number, long = false): string {
  const left = expiresAt - now;
  if (left <= 0) return long ? 'any moment now' : 'now';
  if (left < MINUTE) return long ? 'in less than a minute' : '<1 min';
  if (left < HOUR) {
    const m = Math.ceil(left / MINUTE);
    return long ? `in ${count(m, 'minute')}` : `${m} min`;
  }
  if (left < 2 * DAY) {
    const h = Math.round(left / HOUR);
    return long ? `in ${count(h, 'hour')}` : `${h} h`;
  }
  const d = Math.round(left / DAY);
  return long ? `in ${count(d, 'day')}` : `${d} days`;
}

/** The other person of a direct chat (the first member that is not `me`). */
export function otherMember(conversation: Pick<Conversation, 'members'>, me: string | null) {
  return conversation.members.find((m) => m.account !== me) ?? conversation.members[0] ?? null;
}

/** A conversation's title: the group's name, or the other person's name (or short id). */
export function conversationTitle(conversation: Pick<Conversation, 'group' | 'name' | 'members'>, me: string | null, nameOf: NameOf): string {
  if (conversation.group) return conversation.name?.trim() || 'Unnamed group';
  const other = otherMember(conversation, me);
  if (!other) return 'Direct chat';
  return nameOf(other.account, other.name) ?? shortId(other.account);
}

/** What a message that cannot be read says. */
export function unreadableText(reason: string | null | undefined): string {
  // The reason goes in parentheses: any of its own are dropped.
  const why = reason
    ?.replace(/\s*\(([^)]*)\)/g, ' $1')
    .trim()
    .replace(/\.$/, '');
  return why ? `You can't read this message (${why}).` : `You can't read this message.`;
}

/**
 * The last message of a conversation in one line: "You: see you", "Bob: hi" (groups), "hi";
 * a message of files names them: "📎 photo.jpg", "You: 📎 2 files".
 */
export function previewLine(
  last: ChatMessage | null | undefined,
  conversation: Pick<Conversation, 'group'>,
  me: string | null,
  nameOf: NameOf,
): string {
  if (!last) return 'No messages yet';
  const body = last.text != null ? messageLine(plainLine(last.text, (a) => nameOf(a)), last.files?.map((f) => f.file)) : 'Message you can’t read';
  if (last.author === me) return `You: ${body}`;
  if (!conversation.group) return body;
  const name = nameOf(last.author, last.author_name) ?? shortId(last.author);
  return `${name.split(/\s+/)[0]}: ${body}`;
}

/** `1 member`, `3 members`. */
export function membersLabel(n: number): string {
  return count(n, 'member');
}
