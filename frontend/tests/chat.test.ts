import { describe, expect, it } from 'vitest';
import { chatError } from '../src/lib/chat/errors';
import { AUTO_OPEN_MAX_BYTES, asAttachment, canSendMessage, fileKey, filesHold, filesLabel, messageLine, opensByItself, type SendState } from '../src/lib/chat/files';
import {
  conversationTitle,
  dayLabel,
  expiresIn,
  joinTtl,
  listTime,
  previewLine,
  splitTtl,
  ttlChoice,
  ttlLabel,
  unreadableText,
} from '../src/lib/chat/format';
import { buildDays, firstUnreadId, isLive, joinNewest, mergeMessages, removeMessages, type Row } from '../src/lib/chat/messages';
import { chatPage, conversationHref, conversationInfoHref } from '../src/lib/chat/routes';
import type { ChatFile, ChatMessage, Conversation, PendingMessage } from '../src/lib/chat/types';
import { touchesChat } from '../src/lib/stores/chat.svelte';
import { ApiError } from '../src/lib/transport/types';

const ME = 'sn1me';
const BOB = 'sn1bobbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const CAROL = 'sn1carol';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Local times, so day boundaries are the test machine's own. */
const at = (y: number, mo: number, d: number, h = 12, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();
const NOW = at(2026, 3, 14, 15, 30); // a Saturday

let n = 0;
function msg(author: string, created_at: number, text: string | null = `m${n}`, extra: Partial<ChatMessage> = {}): ChatMessage {
  n += 1;
  return { id: n.toString(16).padStart(64, '0'), author, created_at, ...(text === null ? {} : { text }), ...extra };
}
const newestFirst = (list: ChatMessage[]) => [...list].sort((a, b) => b.created_at - a.created_at);
const conversation = (extra: Partial<Conversation> = {}): Conversation => ({
  conv: 'c'.repeat(64),
  group: false,
  members: [{ account: ME }, { account: BOB, name: 'Bob Marley' }],
  admin: ME,
  member: true,
  unread: 0,
  ...extra,
});
const names: Record<string, string> = { [BOB]: 'Bob Marley', [CAROL]: 'Carol Danvers' };
const nameOf = (account: string, hint?: string | null) => hint ?? names[account] ?? null;

describe('day separators and times', () => {
  it('say Today, Yesterday, the weekday within a week, then the date (with the year only when it differs)', () => {
    expect(dayLabel(at(2026, 3, 14, 0, 5), NOW, 'en-GB')).toBe('Today');
    expect(dayLabel(at(2026, 3, 13, 23, 59), NOW, 'en-GB')).toBe('Yesterday');
    expect(dayLabel(at(2026, 3, 10, 9), NOW, 'en-GB')).toBe('Tuesday');
    expect(dayLabel(at(2026, 3, 7, 9), NOW, 'en-GB')).toBe('Saturday 7 March');
    expect(dayLabel(at(2025, 12, 24, 9), NOW, 'en-GB')).toBe('24 December 2025');
  });

  it('in the list: the time today, then Yesterday, a short weekday, a short date', () => {
    expect(listTime(at(2026, 3, 14, 9, 5), NOW, 'en-GB')).toMatch(/^0?9:05$/);
    expect(listTime(at(2026, 3, 13, 9, 5), NOW, 'en-GB')).toBe('Yesterday');
    expect(listTime(at(2026, 3, 11, 9, 5), NOW, 'en-GB')).toBe('Wed');
    expect(listTime(at(2026, 2, 2, 9, 5), NOW, 'en-GB')).toBe('2 Feb');
    expect(listTime(at(2024, 2, 2, 9, 5), NOW, 'en-GB')).toBe('02/02/2024');
  });
});

describe('message lifetimes', () => {
  it('are named in the largest whole unit', () => {
    expect(ttlLabel(HOUR)).toBe('1 hour');
    expect(ttlLabel(2 * DAY)).toBe('2 days');
    expect(ttlLabel(7 * DAY)).toBe('1 week');
    expect(ttlLabel(90 * MIN)).toBe('90 minutes');
    expect(ttlLabel(36 * HOUR)).toBe('36 hours');
  });

  it('split into an amount and a unit, and join back', () => {
    expect(splitTtl(3 * 7 * DAY)).toEqual({ amount: 3, unit: 'week' });
    expect(splitTtl(10 * DAY)).toEqual({ amount: 10, unit: 'day' });
    expect(splitTtl(45 * MIN)).toEqual({ amount: 45, unit: 'minute' });
    expect(joinTtl(10, 'day')).toBe(10 * DAY);
    expect(joinTtl(0, 'hour')).toBeNull();
    expect(joinTtl(1.5, 'hour')).toBeNull();
    expect(joinTtl(Number.NaN, 'hour')).toBeNull();
  });

  it('map to the offered choices, anything else being custom', () => {
    expect(ttlChoice(null)).toBe('off');
    expect(ttlChoice(undefined)).toBe('off');
    expect(ttlChoice(HOUR)).toBe('hour');
    expect(ttlChoice(DAY)).toBe('day');
    expect(ttlChoice(7 * DAY)).toBe('week');
    expect(ttlChoice(2 * DAY)).toBe('custom');
  });

  it('say how long until a message disappears, short and long', () => {
    expect(expiresIn(NOW + 30_000, NOW)).toBe('<1 min');
    expect(expiresIn(NOW + 30_000, NOW, true)).toBe('in less than a minute');
    expect(expiresIn(NOW + 59 * MIN + 1, NOW)).toBe('60 min');
    expect(expiresIn(NOW + MIN, NOW, true)).toBe('in 1 minute');
    expect(expiresIn(NOW + 23 * HOUR, NOW)).toBe('23 h');
    expect(expiresIn(NOW + 23 * HOUR, NOW, true)).toBe('in 23 hours');
    expect(expiresIn(NOW + 6 * DAY, NOW)).toBe('6 days');
    expect(expiresIn(NOW - 1, NOW)).toBe('now');
  });

  it('an expired message is no longer shown', () => {
    expect(isLive({ expires_at: NOW + 1 }, NOW)).toBe(true);
    expect(isLive({ expires_at: NOW }, NOW)).toBe(false);
    expect(isLive({ expires_at: null }, NOW)).toBe(true);
    expect(isLive({}, NOW)).toBe(true);
  });
});

describe('conversation titles and previews', () => {
  it('a group by its name; a direct chat by the other person, or their short id', () => {
    expect(conversationTitle(conversation({ group: true, name: 'Book club' }), ME, nameOf)).toBe('Book club');
    expect(conversationTitle(conversation({ group: true, name: '  ' }), ME, nameOf)).toBe('Unnamed group');
    expect(conversationTitle(conversation(), ME, nameOf)).toBe('Bob Marley');
    const stranger = 'sn1zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygx';
    expect(conversationTitle(conversation({ members: [{ account: ME }, { account: stranger }] }), ME, nameOf)).toBe('sn1zyg3…zygx');
  });

  it('preview the last message: mine as “You:”, others’ in groups by first name, Markdown left out', () => {
    const direct = conversation();
    const group = conversation({ group: true });
    expect(previewLine(null, direct, ME, nameOf)).toBe('No messages yet');
    expect(previewLine(msg(ME, NOW, 'See **you**\nthere'), direct, ME, nameOf)).toBe('You: See you there');
    expect(previewLine(msg(BOB, NOW, 'hi'), direct, ME, nameOf)).toBe('hi');
    expect(previewLine(msg(BOB, NOW, 'hi', { author_name: 'Bob Marley' }), group, ME, nameOf)).toBe('Bob: hi');
    expect(previewLine(msg(CAROL, NOW, null, { unreadable: 'no key' }), group, ME, nameOf)).toBe('Carol: Message you can’t read');
  });

  it('an unreadable message says why', () => {
    expect(unreadableText('its key has not reached this node')).toBe("You can't read this message (its key has not reached this node).");
    expect(unreadableText(null)).toBe("You can't read this message.");
    expect(unreadableText('this account is not a member of that conversation (any more)')).toBe(
      "You can't read this message (this account is not a member of that conversation any more).",
    );
  });
});

describe('pages of messages', () => {
  it('merge newest first, once each, the incoming copy winning', () => {
    const a = msg(BOB, 1000, 'a');
    const b = msg(ME, 2000, 'b');
    const c = msg(BOB, 3000, 'c');
    const older = msg(BOB, 500, 'older');
    const readable = { ...a, text: 'now readable' };
    expect(mergeMessages([c, b], [readable, older]).map((m) => m.text)).toEqual(['c', 'b', 'now readable', 'older']);
    expect(mergeMessages([c, b, a], [b]).map((m) => m.id)).toEqual([c.id, b.id, a.id]);
  });

  it('orders messages of the same millisecond by id, so pages never swap them', () => {
    const x = { ...msg(BOB, 1000), id: '1'.repeat(64) };
    const y = { ...msg(BOB, 1000), id: '2'.repeat(64) };
    expect(mergeMessages([x], [y]).map((m) => m.id)).toEqual([y.id, x.id]);
    expect(mergeMessages([y], [x]).map((m) => m.id)).toEqual([y.id, x.id]);
  });

  it('the newest page read again joins what is loaded, dropping what went in its span', () => {
    const list = [msg(BOB, 1000), msg(BOB, 2000), msg(BOB, 3000), msg(BOB, 4000)];
    const [m1, m2, m3, m4] = list;
    const loaded = newestFirst(list);
    const m5 = msg(ME, 5000);
    // m3 expired; the page (limit 3) reaches down to m2; m1 (older than the page) stays.
    const { messages, joined } = joinNewest(loaded, [m5, m4, m2]);
    expect(joined).toBe(true);
    expect(messages.map((m) => m.id)).toEqual([m5.id, m4.id, m2.id, m1.id]);
    expect(messages).not.toContain(m3);
  });

  it('a newest page that does not reach what is loaded replaces it (the cursor starts again)', () => {
    const loaded = [msg(BOB, 1000), msg(BOB, 900)];
    const page = [msg(BOB, 9000), msg(BOB, 8000)];
    const { messages, joined } = joinNewest(loaded, page);
    expect(joined).toBe(false);
    expect(messages.map((m) => m.id)).toEqual(page.map((m) => m.id));
  });

  it('removes deleted messages', () => {
    const a = msg(BOB, 1);
    const b = msg(BOB, 2);
    expect(removeMessages([b, a], [a.id])).toEqual([b]);
  });
});

describe('the unread line', () => {
  it('goes before the oldest of the unread messages of others', () => {
    const list = newestFirst([msg(BOB, 1), msg(ME, 2), msg(BOB, 3), msg(ME, 4), msg(BOB, 5)]);
    expect(firstUnreadId(list, 0, ME)).toBeNull();
    expect(firstUnreadId(list, 1, ME)).toBe(list[0].id);
    expect(firstUnreadId(list, 2, ME)).toBe(list[2].id);
    // More unread than loaded: the oldest loaded message of others.
    expect(firstUnreadId(list, 9, ME)).toBe(list[4].id);
  });
});

describe('the rows of the message view', () => {
  const messageRows = (rows: Row[]) => rows.filter((r): r is Extract<Row, { type: 'message' }> => r.type === 'message');

  it('are grouped by local day, oldest first, with each day’s separator', () => {
    const list = [msg(BOB, at(2026, 3, 12, 23, 50)), msg(ME, at(2026, 3, 13, 0, 10)), msg(BOB, at(2026, 3, 14, 9)), msg(BOB, at(2026, 3, 14, 9, 1))];
    const days = buildDays(newestFirst(list), [], { me: ME, now: NOW, locale: 'en-GB' });
    expect(days.map((d) => d.label)).toEqual(['Thursday', 'Yesterday', 'Today']);
    expect(days.map((d) => messageRows(d.rows).map((r) => r.key))).toEqual([[list[0].id], [list[1].id], [list[2].id, list[3].id]]);
    expect(messageRows(days[1].rows)[0].mine).toBe(true);
  });

  it('join one person’s messages into runs: a name at the start, a tail at the end', () => {
    const t = at(2026, 3, 14, 9);
    const list = [
      msg(BOB, t),
      msg(BOB, t + MIN),
      msg(BOB, t + 2 * MIN), // same run
      msg(CAROL, t + 3 * MIN), // another sender
      msg(CAROL, t + 20 * MIN), // a pause: a new run
      msg(ME, t + 21 * MIN),
    ];
    const [day] = buildDays(newestFirst(list), [], { me: ME, now: NOW });
    expect(messageRows(day.rows).map((r) => [r.first, r.last])).toEqual([
      [true, false],
      [false, false],
      [false, true],
      [true, true],
      [true, true],
      [true, true],
    ]);
  });

  it('put the unread line before the first unread message, breaking the run there', () => {
    const t = at(2026, 3, 14, 9);
    const list = [msg(BOB, t), msg(BOB, t + MIN), msg(BOB, t + 2 * MIN)];
    const [day] = buildDays(newestFirst(list), [], { me: ME, now: NOW, unread: { id: list[1].id, count: 2 } });
    expect(day.rows.map((r) => r.type)).toEqual(['message', 'unread', 'message', 'message']);
    expect(day.rows[1]).toMatchObject({ type: 'unread', count: 2 });
    expect(messageRows(day.rows).map((r) => [r.first, r.last])).toEqual([
      [true, true],
      [true, false],
      [false, true],
    ]);
  });

  it('end with the messages being sent, as mine and pending', () => {
    const sent = msg(ME, NOW - MIN);
    const pending: PendingMessage = { id: 'pending-1', author: ME, created_at: NOW, text: 'on its way', files: [] };
    const [day] = buildDays([sent], [pending], { me: ME, now: NOW });
    const rows = messageRows(day.rows);
    expect(rows.map((r) => [r.key, r.mine, r.pending])).toEqual([
      [sent.id, true, false],
      ['pending-1', true, true],
    ]);
    expect(rows.map((r) => [r.first, r.last])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('are empty without messages', () => {
    expect(buildDays([], [], { me: ME, now: NOW })).toEqual([]);
  });
});

describe('chat routes', () => {
  const conv = 'ab'.repeat(32);
  it('name the list, a conversation and its details', () => {
    expect(chatPage([])).toEqual({ conv: null, info: false });
    expect(chatPage([conv])).toEqual({ conv, info: false });
    expect(chatPage([conv, 'info'])).toEqual({ conv, info: true });
    expect(chatPage(['nonsense'])).toEqual({ conv: null, info: false });
    expect(conversationHref(conv)).toBe(`#/chat/${conv}`);
    expect(conversationInfoHref(conv)).toBe(`#/chat/${conv}/info`);
  });
});

describe('chat errors', () => {
  it('say what to do when a chat key is missing, and who may change a group', () => {
    const missing = chatError(new ApiError('not_found', 'no chat key is known here for sn1…'), 'start');
    expect(missing.text).toMatch(/Follow them.*opened Chat once/);
    expect(missing.detail).toBe('no chat key is known here for sn1…');
    expect(chatError(new ApiError('permission_denied', 'only the creator'), 'members').text).toMatch(/Only the person who created this group/);
    expect(chatError(new ApiError('permission_denied', 'not a member'), 'send').text).toMatch(/not a member/);
    expect(chatError(new ApiError('invalid_input', 'a message has 1 to 10000 characters'), 'send').code).toBe('invalid_input');
  });
});

describe('change notices', () => {
  it('that touch chats: messages, epochs, removals, a resync, or notices that left events out', () => {
    const ev = (kind: string) => ({ id: 'x', kind, author: BOB });
    expect(touchesChat({ type: 'events', count: 1, events: [ev('chat.message')] })).toBe(true);
    expect(touchesChat({ type: 'events', count: 1, events: [ev('chat.group')] })).toBe(true);
    expect(touchesChat({ type: 'events', count: 1, events: [ev('social.post')] })).toBe(false);
    expect(touchesChat({ type: 'events', count: 5, events: [ev('social.post')] })).toBe(true);
    expect(touchesChat({ type: 'removed', ids: ['a'] })).toBe(true);
    expect(touchesChat({ type: 'resync' })).toBe(true);
    expect(touchesChat({ type: 'sync', peer: 'p', fetched: 1, done: true })).toBe(false);
  });
});

/** A message's file: `size` bytes, opened here or not. */
function chatFile(name: string, size: number, ready: boolean, mime = 'image/jpeg'): ChatFile {
  return { file: { hash: 'a'.repeat(64), name, mime, size }, ready, sealed: 'b'.repeat(64) };
}

describe('files in messages', () => {
  it('open by themselves when not here yet and at most 25 MB; bigger ones wait for Open', () => {
    expect(AUTO_OPEN_MAX_BYTES).toBe(25_000_000);
    expect(opensByItself(chatFile('photo.jpg', 2_000_000, false))).toBe(true);
    expect(opensByItself(chatFile('exactly.bin', 25_000_000, false))).toBe(true);
    expect(opensByItself(chatFile('film.mp4', 25_000_001, false, 'video/mp4'))).toBe(false);
    expect(opensByItself(chatFile('photo.jpg', 2_000_000, true))).toBe(false);
  });

  it('are keyed by message and position', () => {
    expect(fileKey('ab', 0)).toBe('ab:0');
    expect(fileKey('ab', 3)).toBe('ab:3');
  });

  it('are shown as attachments once opened (with the preview the node made)', () => {
    const f = chatFile('photo.jpg', 10, true);
    f.file.thumb = 'c'.repeat(64);
    expect(asAttachment(f)).toEqual({ hash: 'a'.repeat(64), name: 'photo.jpg', mime: 'image/jpeg', size: 10, thumb: 'c'.repeat(64) });
  });

  it('read in one line: the file’s name, or how many, before any text', () => {
    expect(filesLabel([])).toBe('');
    expect(filesLabel([{ name: 'photo.jpg' }])).toBe('📎 photo.jpg');
    expect(filesLabel([{ name: 'a.jpg' }, { name: 'b.pdf' }])).toBe('📎 2 files');
    expect(messageLine('hello\n  there', [])).toBe('hello there');
    expect(messageLine('', [{ name: 'photo.jpg' }])).toBe('📎 photo.jpg');
    expect(messageLine('  ', [{ name: 'a' }, { name: 'b' }, { name: 'c' }])).toBe('📎 3 files');
    expect(messageLine('look at this', [{ name: 'photo.jpg' }])).toBe('📎 look at this');
  });

  it('show in the conversation list’s preview', () => {
    const photo = msg(BOB, NOW, '', { files: [chatFile('photo.jpg', 1000, false)] });
    expect(previewLine(photo, conversation(), ME, nameOf)).toBe('📎 photo.jpg');
    const two = msg(ME, NOW, '', { files: [chatFile('a.jpg', 1, true), chatFile('b.jpg', 1, true)] });
    expect(previewLine(two, conversation(), ME, nameOf)).toBe('You: 📎 2 files');
    const captioned = msg(CAROL, NOW, 'the **view**', { files: [chatFile('a.jpg', 1, true)] });
    expect(previewLine(captioned, conversation({ group: true }), ME, nameOf)).toBe('Carol: 📎 the view');
  });

  it('that cannot be opened say why, in words for files', () => {
    const info = chatError(new ApiError('unavailable', 'no provider had it'), 'file');
    expect(info.text).toMatch(/no node that holds it answered/);
    expect(info.detail).toBe('no provider had it');
    expect(chatError(new ApiError('not_found', 'no chat message x'), 'file').text).toMatch(/no longer on this node/);
    expect(chatError(new ApiError('quota_exceeded', 'full'), 'file').text).toMatch(/storage limit/);
  });
});

describe('the send button', () => {
  const base: SendState = { text: '', uploaded: 0, uploading: 0, failed: 0, tooLong: false, disabled: false };

  it('is on with some text, or with an uploaded file and no text', () => {
    expect(canSendMessage(base)).toBe(false);
    expect(canSendMessage({ ...base, text: '   \n' })).toBe(false);
    expect(canSendMessage({ ...base, text: 'hi' })).toBe(true);
    expect(canSendMessage({ ...base, uploaded: 1 })).toBe(true);
    expect(canSendMessage({ ...base, text: 'caption', uploaded: 3 })).toBe(true);
  });

  it('waits while a file uploads, and while a failed upload is still listed', () => {
    expect(canSendMessage({ ...base, text: 'hi', uploaded: 1, uploading: 1 })).toBe(false);
    expect(canSendMessage({ ...base, text: 'hi', failed: 1 })).toBe(false);
    expect(filesHold(2, 0)).toBe('Uploading 2 files… Send waits until they are on your node.');
    expect(filesHold(1, 0)).toBe('Uploading 1 file… Send waits until it is on your node.');
    expect(filesHold(0, 1)).toMatch(/could not be uploaded/);
    expect(filesHold(0, 0)).toBeNull();
  });

  it('is off where nothing may be written, or when the text is too long', () => {
    expect(canSendMessage({ ...base, text: 'hi', disabled: true })).toBe(false);
    expect(canSendMessage({ ...base, uploaded: 1, tooLong: true })).toBe(false);
  });
});
