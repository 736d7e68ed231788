/**
 * The wallet in plain words, for people who have never used accounting software: what a
 * balance means (below zero included), how much credit is used, and where a payment stands.
 */

import { formatMinor, minorToText, MINUS, textToMinor } from './amount';

/** Where an account stands in one currency, as `coin.balances` gives it. */
export interface BalanceLike {
  symbol: string;
  decimals: number;
  /** Confirmed balance (decimal text). */
  balance: string;
  /** How far below zero it may go (positive decimal text). */
  limit: string;
  available: string;
  pending_out: string;
  pending_in: string;
}

const minor = (text: string, decimals: number) => textToMinor(text, decimals) ?? 0n;

/** The sentence under a balance: what it means, with how far it may go. */
export function balanceSentence(b: BalanceLike): string {
  const d = b.decimals;
  const balance = minor(b.balance, d);
  const limit = minor(b.limit, d);
  const floor = limit > 0n ? `${MINUS}${formatMinor(limit, d, b.symbol)}` : formatMinor(0n, d, b.symbol);
  if (balance < 0n) {
    return `You owe the network ${formatMinor(-balance, d, b.symbol)}; you can go down to ${floor}. Payments you receive bring you back up.`;
  }
  if (balance === 0n) {
    return limit > 0n
      ? `You are at zero: you owe nothing and nobody owes you. You can pay on credit down to ${floor}.`
      : 'You are at zero: you owe nothing and nobody owes you.';
  }
  return limit > 0n
    ? `You have ${formatMinor(balance, d, b.symbol)} to spend, and credit beyond that down to ${floor}.`
    : `You have ${formatMinor(balance, d, b.symbol)} to spend.`;
}

/** How much of the credit limit is in use, pending payments included. */
export interface CreditUse {
  /** Percent of the limit used, 0 to 100 (0 with no limit). */
  percent: number;
  /** In words: `12.50 ŧ of 100.00 ŧ credit used`. */
  text: string;
  tone: 'accent' | 'warning' | 'danger';
}

export function creditUse(b: BalanceLike): CreditUse {
  const d = b.decimals;
  const limit = minor(b.limit, d);
  const after = minor(b.balance, d) - minor(b.pending_out, d);
  const used = after < 0n ? -after : 0n;
  if (limit <= 0n) {
    return { percent: used > 0n ? 100 : 0, text: 'No credit in this currency: you can spend only what you received.', tone: used > 0n ? 'danger' : 'accent' };
  }
  const percent = Number((used * 1000n) / limit) / 10;
  const clamped = Math.max(0, Math.min(100, percent));
  return {
    percent: clamped,
    text: `${formatMinor(used, d, b.symbol)} of ${formatMinor(limit, d, b.symbol)} credit used`,
    tone: clamped >= 90 ? 'danger' : clamped >= 70 ? 'warning' : 'accent',
  };
}

/** Pending payments in words (none when there are none). */
export function pendingLines(b: BalanceLike): string[] {
  const d = b.decimals;
  const lines: string[] = [];
  const out = minor(b.pending_out, d);
  const inc = minor(b.pending_in, d);
  if (out > 0n) lines.push(`${formatMinor(out, d, b.symbol)} on its way to others, waiting for them to accept`);
  if (inc > 0n) lines.push(`${formatMinor(inc, d, b.symbol)} coming to you, being checked by your node`);
  return lines;
}

/** A transfer's status as the node says it. */
export type TransferStatus = 'pending' | 'confirmed' | 'declined' | 'refunded';

/** How a status shows: a short label, a sentence, and a colour. */
export interface StatusWords {
  label: string;
  detail: string;
  tone: 'pending' | 'final' | 'declined';
}

/**
 * A transfer's status in words. `who` is the other side's name; `notarizations` and
 * `quorum` count the notaries' countersignatures (a currency with notaries).
 */
export function statusWords(
  status: string,
  direction: string,
  who: string,
  options: { notarizations?: number; quorum?: number; reason?: string | null } = {},
): StatusWords {
  const out = direction === 'out';
  const reason = options.reason?.trim() ? ` They said: “${options.reason.trim()}”.` : '';
  switch (status) {
    case 'confirmed':
      return {
        label: 'Final',
        detail: out ? `${who} accepted it: it is final.` : 'Your node accepted it: it is final.',
        tone: 'final',
      };
    case 'declined':
      return {
        label: 'Declined',
        detail: out
          ? `${who} declined it.${reason} The money comes back to you as soon as your node takes it back.`
          : `Your node declined it.${reason}`,
        tone: 'declined',
      };
    case 'refunded':
      return {
        label: 'Returned',
        detail: out ? `${who} declined it and the money came back to you.${reason}` : `Declined, and the money went back to ${who}.`,
        tone: 'declined',
      };
    default: {
      const quorum = options.quorum ?? 0;
      const notaries =
        quorum > 0 ? ` Notaries: ${Math.min(options.notarizations ?? 0, quorum)} of ${quorum} have countersigned.` : '';
      return {
        label: 'Pending',
        detail: out
          ? `Waiting for ${who} to accept it: it becomes final when their node countersigns.${notaries}`
          : `Your node is checking it before accepting it.${notaries}`,
        tone: 'pending',
      };
    }
  }
}

/** Why an account is frozen, in words (`you`: this node's own account). */
export function frozenSentence(seq: number, you: boolean): string {
  const who = you ? 'Your account' : 'This account';
  return `${who} signed two different operations at the same step (${seq}) of its history — the way one would spend the same money twice — so every honest node has frozen it. It can no longer pay or be paid, in any currency.`;
}

/** How a currency's credit grows, from its growth rate (decimal text, `0.1`), per 100 units received. */
export function growthSentence(growth: string, symbol: string): string {
  const ppm = textToMinor(growth, 6) ?? 0n;
  if (ppm <= 0n) return 'Credit does not grow with what you receive.';
  const per100 = minorToText(ppm * 100n, 6).replace(/\.?0+$/, '');
  return `Credit grows by ${per100} ${symbol} for every 100 ${symbol} received.`;
}
