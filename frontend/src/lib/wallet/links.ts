/**
 * Payment requests as links (`supernet://pay?to=…&amount=…&currency=…&memo=…`), and what a
 * "Pay to" field may be given: an account id, such a link, or a page address naming an
 * account. The node reads links itself (`coin.parse_request`); the reader here is the
 * fallback for a node that cannot (an older one), with the same rules.
 */

import { isAccountId } from '../feed/text';

/** Where every payment link starts. */
export const PAY_PREFIX = 'supernet://pay?';
/** Longest link read (the node's limit). */
const MAX_LINK_BYTES = 4096;
/** Longest memo (the node's `MAX_MEMO_CHARS`). */
export const MAX_MEMO_CHARS = 280;
const CURRENCY = /^(net|[0-9a-f]{64})$/;

/** A payment request, as `coin.parse_request` returns it. */
export interface PayRequest {
  to: string;
  amount: string;
  currency: string;
  memo?: string | null;
  link: string;
}

/** Whether a text looks like a payment link (to read it, rather than take it for an id). */
export function isPayLink(text: string): boolean {
  return text.trim().toLowerCase().startsWith(PAY_PREFIX);
}

function decode(name: string, text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Error(`the ${name} has a “%” not followed by two hexadecimal digits`);
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else if (c === '+') {
      bytes.push(0x20);
      i += 1;
    } else {
      for (const b of new TextEncoder().encode(c)) bytes.push(b);
      i += c.length;
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    throw new Error(`the ${name} is not UTF-8 text`);
  }
}

/** `encodeURIComponent`, keeping only RFC 3986's unreserved characters (as the node does). */
export function encodePart(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The link of a request, as the node writes it. */
export function payLink(to: string, amount: string, currency: string, memo?: string | null): string {
  let link = `${PAY_PREFIX}to=${encodePart(to)}&amount=${encodePart(amount)}&currency=${encodePart(currency)}`;
  if (memo) link += `&memo=${encodePart(memo)}`;
  return link;
}

/**
 * Reads a payment link here (the fallback for `coin.parse_request`). Throws an `Error`
 * saying what is wrong; the amount's decimals are checked when paying.
 */
export function parsePayLink(input: string): PayRequest {
  const link = input.trim();
  if (new TextEncoder().encode(link).length > MAX_LINK_BYTES) throw new Error(`a payment link has at most ${MAX_LINK_BYTES} bytes`);
  if (!link.startsWith(PAY_PREFIX)) throw new Error(`a payment link starts with “${PAY_PREFIX}”`);
  const values: Record<string, string> = {};
  for (const pair of link.slice(PAY_PREFIX.length).split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq < 0) throw new Error(`“${pair}” in the link is not key=value`);
    const key = pair.slice(0, eq);
    if (!['to', 'amount', 'currency', 'memo'].includes(key)) {
      throw new Error(`a payment link has no parameter “${key}” (only to, amount, currency and memo)`);
    }
    if (key in values) throw new Error(`the link gives ${key} twice`);
    values[key] = decode(key, pair.slice(eq + 1));
  }
  if (values.to === undefined) throw new Error('the link does not say whom to pay (to=…)');
  if (!isAccountId(values.to)) throw new Error('the payee in the link is not an account');
  const currency = values.currency ?? 'net';
  if (!CURRENCY.test(currency)) throw new Error(`“${currency}” is not a currency: give “net” or a currency’s id (64 hex digits)`);
  if (values.amount === undefined) throw new Error('the link does not say how much (amount=…)');
  const amount = values.amount.trim();
  if (!/^(\d+\.?\d*|\.\d+)$/.test(amount) || /^[0.]*$/.test(amount)) throw new Error(`the amount in the link, “${amount}”, is not an amount`);
  const memo = values.memo ?? null;
  if (memo !== null && [...memo].length > MAX_MEMO_CHARS) throw new Error(`the memo in the link is longer than ${MAX_MEMO_CHARS} characters`);
  return { to: values.to, amount, currency, memo, link: payLink(values.to, amount, currency, memo) };
}

/** What a "Pay to" field holds. */
export type Recipient =
  | { kind: 'empty' }
  | { kind: 'account'; account: string }
  | { kind: 'link'; link: string }
  /** Text that is none of these: a name to look for among the people followed. */
  | { kind: 'search'; query: string };

/**
 * What a person put in the "Pay to" field: an account id (also inside a page address such
 * as `https://node.example/@sn1…`), a payment link, or words to search names by.
 */
export function readRecipient(input: string): Recipient {
  const text = input.trim();
  if (!text) return { kind: 'empty' };
  if (isPayLink(text)) return { kind: 'link', link: text };
  if (isAccountId(text)) return { kind: 'account', account: text };
  const inside = /(?:^|[/@=:\s])(sn1[02-9ac-hj-np-z]{58})(?![0-9a-z])/.exec(text);
  if (inside && isAccountId(inside[1])) return { kind: 'account', account: inside[1] };
  return { kind: 'search', query: text };
}
