// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { formatMinor } from '../src/lib/wallet/amount';
import { creditParts, vouchedSentence, vouchEffect } from '../src/lib/wallet/vouch';

const balance = (over: Partial<Parameters<typeof vouchEffect>[0]> = {}) => ({
  decimals: 2,
  balance: '0.00',
  limit: '100.00',
  available: '100.00',
  pending_out: '0.00',
  received: '0.00',
  ...over,
});
const money = (m: bigint) => formatMinor(m, 2, 'ŧ');

describe('a credit limit, taken apart', () => {
  it('is the start, what receiving earned (rounded down, as the node), and the net of vouches', () => {
    // The network's rules: 100.00 to start, 0.1 per unit received.
    const net = { start_limit: '100.00', growth: '0.1' };
    expect(creditParts(balance(), net)).toEqual({ limit: 10_000n, start: 10_000n, earned: 0n, vouched: 0n });
    // Received 12.55: earns 1.255, rounded down to 1.25; lent 20 by vouching.
    expect(creditParts(balance({ limit: '81.25', received: '12.55' }), net)).toEqual({ limit: 8125n, start: 10_000n, earned: 125n, vouched: -2000n });
    // Vouched for: the limit is above start + earned.
    expect(creditParts(balance({ limit: '121.25', received: '12.50' }), net).vouched).toBe(2000n);
    // Whole units, no growth.
    const hours = { start_limit: '10', growth: '0' };
    expect(creditParts({ ...balance(), decimals: 0, limit: '4', received: '30' }, hours)).toEqual({ limit: 4n, start: 10n, earned: 0n, vouched: -6n });
  });

  it('says the net of vouches in words, or nothing', () => {
    expect(vouchedSentence(0n, money)).toBeNull();
    expect(vouchedSentence(-2000n, money)).toBe('By vouching, you have lent 20.00 ŧ more of your credit than others have lent you.');
    expect(vouchedSentence(550n, money)).toBe('By vouching, others have lent you 5.50 ŧ more credit than you have lent.');
  });
});

describe('what a vouch does to the voucher', () => {
  it('lowers the limit and what can be paid by the amount', () => {
    expect(vouchEffect(balance({ balance: '-12.50', available: '87.50' }), 2000n)).toEqual({
      limitNow: 10_000n,
      limitAfter: 8000n,
      availableNow: 8750n,
      availableAfter: 6750n,
      over: false,
      mustKeep: null,
    });
  });

  it('is refused beyond what can be paid now (pending payments counted), exactly at the edge allowed', () => {
    const b = balance({ balance: '-12.50', available: '87.50' });
    expect(vouchEffect(b, 8750n).over).toBe(false);
    expect(vouchEffect(b, 8751n).over).toBe(true);
    expect(vouchEffect(balance({ available: '0.00' }), 1n).over).toBe(true);
  });

  it('with money on hand, may take the limit below zero: the balance must then stay above it', () => {
    const rich = balance({ balance: '250.00', available: '350.00' });
    const e = vouchEffect(rich, 15_000n);
    expect(e.over).toBe(false);
    expect(e.limitAfter).toBe(-5000n);
    expect(e.mustKeep).toBe(5000n);
  });
});
