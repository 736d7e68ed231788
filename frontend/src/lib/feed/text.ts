/**
 * Hashtags and @mentions in a post's text, found by the same rules as the node's
 * (crates/apps/src/social/body.rs), so what the UI links is what the node indexes.
 */

import { shortId } from '../format';

/** Longest hashtag, in characters (after `#`), as the node counts it. */
export const MAX_TAG_CHARS = 64;

/** The bech32 alphabet. */
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
/** Characters after `sn1` in an account id: 32 bytes (52 characters) and a 6-character checksum. */
const ACCOUNT_CHARS = 58;
/** What a valid bech32m checksum leaves (BIP 350). */
const BECH32M_CONST = 0x2bc830a3;

const WORD = /[\p{L}\p{N}_]/u;
const LETTER = /\p{L}/u;
const ALNUM = /[\p{L}\p{N}]/u;

/** One piece of a text: plain, a hashtag, or a mention of an account. */
export type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'tag'; text: string; tag: string }
  | { kind: 'mention'; text: string; account: string };

function polymod(values: number[]): number {
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ GEN[i]) >>> 0;
  }
  return chk;
}

/** Whether a string is an account id: `sn1`, 58 bech32 characters, a valid bech32m checksum. */
export function isAccountId(s: string): boolean {
  if (!s.startsWith('sn1') || s.length !== 3 + ACCOUNT_CHARS) return false;
  const data: number[] = [];
  for (const c of s.slice(3)) {
    const v = CHARSET.indexOf(c);
    if (v < 0) return false;
    data.push(v);
  }
  // The human-readable part `sn`, expanded as BIP 173 says.
  const hrp = [...'sn'];
  const expanded = [...hrp.map((c) => c.charCodeAt(0) >> 5), 0, ...hrp.map((c) => c.charCodeAt(0) & 31)];
  return polymod([...expanded, ...data]) === BECH32M_CONST;
}

/**
 * Splits a text into plain runs, hashtags and mentions. `before` is the character just
 * ahead of the text (a `#` right after a letter does not start a hashtag: `C#`, `a#b`).
 */
export function splitText(text: string, before = ''): Piece[] {
  const pieces: Piece[] = [];
  const chars = [...text];
  let plain = '';
  let prev = before ? [...before].at(-1)! : '';
  let i = 0;
  const flush = () => {
    if (plain) pieces.push({ kind: 'text', text: plain });
    plain = '';
  };
  while (i < chars.length) {
    const c = chars[i];
    if (c === '#' && !(prev && (ALNUM.test(prev) || prev === '_' || prev === '&'))) {
      let j = i + 1;
      while (j < chars.length && WORD.test(chars[j])) j++;
      const tag = chars.slice(i + 1, j).join('');
      const length = j - i - 1;
      // Too long a run is no hashtag at all (the node skips it whole).
      if (length > 0 && length <= MAX_TAG_CHARS && LETTER.test(tag)) {
        flush();
        pieces.push({ kind: 'tag', text: `#${tag}`, tag: tag.toLowerCase() });
        prev = chars[j - 1];
        i = j;
        continue;
      }
    }
    if (c === '@' && chars[i + 1] === 's' && chars[i + 2] === 'n' && chars[i + 3] === '1') {
      let j = i + 1;
      while (j < chars.length && /[A-Za-z0-9]/.test(chars[j])) j++;
      const account = chars.slice(i + 1, j).join('');
      if (isAccountId(account)) {
        flush();
        pieces.push({ kind: 'mention', text: `@${account}`, account });
        prev = chars[j - 1];
        i = j;
        continue;
      }
    }
    plain += c;
    prev = c;
    i++;
  }
  flush();
  return pieces;
}

/** The hashtags of a text, lowercased, once each, in order. */
export function hashtags(text: string): string[] {
  const found: string[] = [];
  for (const p of splitText(text)) if (p.kind === 'tag' && !found.includes(p.tag)) found.push(p.tag);
  return found;
}

/** The accounts a text mentions, once each, in order. */
export function mentions(text: string): string[] {
  const found: string[] = [];
  for (const p of splitText(text)) if (p.kind === 'mention' && !found.includes(p.account)) found.push(p.account);
  return found;
}

/**
 * A line of a post for a short preview (a notification): mentions as `@name` (or a short
 * id), Markdown's emphasis and code marks left out.
 */
export function plainLine(text: string, name: (account: string) => string | null = () => null): string {
  const shortened = splitText(text)
    .map((p) => (p.kind === 'mention' ? `@${name(p.account) ?? shortId(p.account)}` : p.text))
    .join('');
  return shortened
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|_|`)(?=\S)([^*_`]*?\S)\1/g, '$2')
    .replace(/^#{1,6}\s+/, '')
    .trim();
}
