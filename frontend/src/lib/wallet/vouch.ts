/**
 * Vouching, in numbers a person can follow. What the node does (crates/apps/src/coin,
 * `chain.rs`): a `vouch` of X in a currency that allows it lowers the voucher's credit limit
 * by X as soon as it is signed; once the vouchee's node accepts it, the vouchee's limit is
 * X higher. Nothing takes a vouch back, and the vouchee's debts never move to the voucher:
 * the voucher gives up X of its own credit, for good, whatever the vouchee does with it.
 *
 * A limit is `start + growth × received + vouches accepted − vouches given`, so the node's
 * `coin.balances` (limit, received) and `coin.currencies` (start limit, growth) give the
 * net of vouches for and by an account — not each vouch, which no API method lists.
 */

import { textToMinor } from './amount';

/** Millionths in one: growth is kept by the node in parts per million. */
const PPM = 1_000_000n;

/** The parts of `coin.balances`' entry the sums need. */
export interface CreditLike {
  decimals: number;
  /** Decimal text. */
  balance: string;
  limit: string;
  available: string;
  pending_out: string;
  received: string;
}

/** The parts of a currency (`coin.currencies`) the sums need. */
export interface RulesLike {
  /** Decimal text in the currency's decimals. */
  start_limit: string;
  /** Decimal text, `0.1`. */
  growth: string;
}

/** What a credit limit is made of, in minor units. */
export interface CreditParts {
  /** The limit itself. */
  limit: bigint;
  /** What every member starts with. */
  start: bigint;
  /** What payments received added (growth × received, rounded down as the node does). */
  earned: bigint;
  /** Vouches accepted less vouches given: below zero when this account lent more than it was lent. */
  vouched: bigint;
}

const minor = (text: string, decimals: number) => textToMinor(text, decimals) ?? 0n;

/** Splits a credit limit into its start, what receiving earned, and the net of vouches. */
export function creditParts(balance: CreditLike, rules: RulesLike): CreditParts {
  const d = balance.decimals;
  const limit = minor(balance.limit, d);
  const start = minor(rules.start_limit, d);
  const received = minor(balance.received, d);
  const ppm = textToMinor(rules.growth, 6) ?? 0n;
  const earned = received > 0n && ppm > 0n ? (received * ppm) / PPM : 0n;
  return { limit, start, earned, vouched: limit - start - earned };
}

/** What a vouch of `amount` (minor units) does to the voucher, in minor units. */
export interface VouchEffect {
  limitNow: bigint;
  limitAfter: bigint;
  /** What can be paid (or lent) now: balance + limit, pending payments counted. */
  availableNow: bigint;
  availableAfter: bigint;
  /** More than can be lent now: the node refuses it. */
  over: boolean;
  /**
   * When the limit falls below zero, the balance must stay at least this high
   * afterwards (part of what the account holds is tied to the vouch); else null.
   */
  mustKeep: bigint | null;
}

/**
 * The effect of vouching `amount`: the limit falls by it, and so does what can be paid.
 * The node allows it when balance ≥ −(limit − amount), pending payments counted — which
 * is `amount ≤ available`.
 */
export function vouchEffect(balance: CreditLike, amount: bigint): VouchEffect {
  const d = balance.decimals;
  const limitNow = minor(balance.limit, d);
  const availableNow = minor(balance.available, d);
  const limitAfter = limitNow - amount;
  return {
    limitNow,
    limitAfter,
    availableNow,
    availableAfter: availableNow - amount,
    over: amount > availableNow,
    mustKeep: limitAfter < 0n ? -limitAfter : null,
  };
}

/** The net of vouches in words, or null when there is none. `money` writes an amount. */
export function vouchedSentence(vouched: bigint, money: (minor: bigint) => string): string | null {
  if (vouched < 0n) return `By vouching, you have lent ${money(-vouched)} more of your credit than others have lent you.`;
  if (vouched > 0n) return `By vouching, others have lent you ${money(vouched)} more credit than you have lent.`;
  return null;
}
