import { describe, expect, it } from 'vitest';
import { formatAmount, formatMinor, minorToText, parseAmount, textToMinor, decimalsHint } from '../src/lib/wallet/amount';
import { byDay, dayEnd, dayLabel, dayStart, datesProblem, mergeTransfers, NO_FILTERS, transfersInput } from '../src/lib/wallet/history';
import { isPayLink, parsePayLink, payLink, readRecipient } from '../src/lib/wallet/links';
import { qrDrawing } from '../src/lib/wallet/qr';
import { assetHref, sendHref, walletHref, walletPage } from '../src/lib/wallet/routes';
import { balanceSentence, creditUse, frozenSentence, growthSentence, pendingLines, statusWords } from '../src/lib/wallet/words';
import { touchesWallet } from '../src/lib/stores/wallet.svelte';
import { MENTIONED } from './fixtures';

const balance = (over: Partial<Parameters<typeof balanceSentence>[0]> = {}) => ({
  symbol: 'ŧ',
  decimals: 2,
  balance: '0.00',
  limit: '100.00',
  available: '100.00',
  pending_out: '0.00',
  pending_in: '0.00',
  ...over,
});

describe('amounts', () => {
  it('reads what people type, exactly, with the currency’s decimals', () => {
    const ok = (text: string, decimals = 2) => {
      const r = parseAmount(text, decimals);
      if (!r.ok) throw new Error(`${text}: ${r.error}`);
      return [r.minor, r.text];
    };
    expect(ok('12.5')).toEqual([1250n, '12.50']);
    expect(ok('12,50')).toEqual([1250n, '12.50']);
    expect(ok('12,5')).toEqual([1250n, '12.50']);
    expect(ok('1,000')).toEqual([100000n, '1000.00']); // a thousands comma, in 2 decimals
    expect(ok('1,234.50')).toEqual([123450n, '1234.50']);
    expect(ok('1 234,5')).toEqual([123450n, '1234.50']);
    expect(ok('.05')).toEqual([5n, '0.05']);
    expect(ok('12.')).toEqual([1200n, '12.00']);
    expect(ok(' 7 ', 0)).toEqual([7n, '7']);
    expect(ok('0.00000001', 8)).toEqual([1n, '0.00000001']);
    expect(ok('1,500', 3)).toEqual([1500n, '1.500']); // 3 decimals: the comma is a decimal comma
    expect(ok('12.50 ŧ'.replace(' ŧ', ''))).toEqual([1250n, '12.50']);
    const sym = parseAmount('12.50 ŧ', 2, 'ŧ');
    expect(sym.ok && sym.text).toBe('12.50');
    // Large amounts stay exact (no floating point).
    expect(ok('9999999999999.99')).toEqual([999999999999999n, '9999999999999.99']);
  });

  it('says what is wrong with an amount', () => {
    const err = (text: string, decimals = 2) => {
      const r = parseAmount(text, decimals);
      if (r.ok) throw new Error(`${text} was accepted`);
      return r.error;
    };
    expect(err('')).toBe('Enter an amount.');
    expect(err('0')).toMatch(/more than zero/);
    expect(err('0.00')).toMatch(/more than zero/);
    expect(err('-5')).toMatch(/no negative payments/);
    expect(err('−5')).toMatch(/no negative payments/);
    expect(err('1.234')).toBe('This currency counts in at most 2 decimals.');
    expect(err('1.5', 0)).toBe('This currency counts in whole units only: no decimals.');
    expect(err('1.25', 1)).toBe('This currency counts in at most 1 decimal.');
    expect(err('abc')).toMatch(/is not an amount/);
    expect(err('1.2.3')).toMatch(/is not an amount/);
    expect(err('1e3')).toMatch(/is not an amount/);
    expect(err('.')).toMatch(/is not an amount/);
    expect(err('10000000000000.01')).toMatch(/largest payment, 10,000,000,000,000.00/);
  });

  it('converts the node’s decimal text and back', () => {
    expect(textToMinor('-120.50', 2)).toBe(-12050n);
    expect(textToMinor('7', 0)).toBe(7n);
    expect(textToMinor('3', 2)).toBe(300n);
    expect(textToMinor('x', 2)).toBeNull();
    expect(minorToText(-12050n, 2)).toBe('-120.50');
    expect(minorToText(5n, 2)).toBe('0.05');
    expect(minorToText(7n, 0)).toBe('7');
  });

  it('formats for people: grouped, a real minus, the symbol after', () => {
    expect(formatMinor(123456789n, 2, 'ŧ')).toBe('1,234,567.89 ŧ');
    expect(formatMinor(-1200n, 2, 'ŧ')).toBe('−12.00 ŧ');
    expect(formatMinor(1250n, 2, 'ŧ', { plus: true })).toBe('+12.50 ŧ');
    expect(formatMinor(0n, 2, 'ŧ', { plus: true })).toBe('0.00 ŧ');
    expect(formatMinor(-1250n, 2, '', { unsigned: true })).toBe('12.50');
    expect(formatAmount('-12.50', 2, 'ŧ')).toBe('−12.50 ŧ');
    expect(formatAmount('1000', 0, 'H')).toBe('1,000 H');
    expect(formatAmount('oops', 2, 'ŧ')).toBe('oops ŧ');
    expect(decimalsHint(2)).toBe('Up to 2 decimals, like 12.50.');
    expect(decimalsHint(0)).toBe('Whole units only.');
  });
});

describe('plain words', () => {
  it('explains a balance below zero, at zero and above', () => {
    expect(balanceSentence(balance({ balance: '-12.00' }))).toBe(
      'You owe the network 12.00 ŧ; you can go down to −100.00 ŧ. Payments you receive bring you back up.',
    );
    expect(balanceSentence(balance())).toMatch(/^You are at zero: you owe nothing and nobody owes you\. You can pay on credit down to −100\.00 ŧ\.$/);
    expect(balanceSentence(balance({ balance: '12.50' }))).toBe('You have 12.50 ŧ to spend, and credit beyond that down to −100.00 ŧ.');
    expect(balanceSentence(balance({ balance: '5', limit: '0', decimals: 0, symbol: 'H' }))).toBe('You have 5 H to spend.');
  });

  it('measures the credit used, pending payments included', () => {
    expect(creditUse(balance())).toEqual({ percent: 0, text: '0.00 ŧ of 100.00 ŧ credit used', tone: 'accent' });
    expect(creditUse(balance({ balance: '-12.50' }))).toMatchObject({ percent: 12.5, tone: 'accent' });
    expect(creditUse(balance({ balance: '-50.00', pending_out: '25.00' }))).toMatchObject({ percent: 75, tone: 'warning', text: '75.00 ŧ of 100.00 ŧ credit used' });
    expect(creditUse(balance({ balance: '-95.00' })).tone).toBe('danger');
    expect(creditUse(balance({ balance: '40.00' })).percent).toBe(0);
    expect(creditUse(balance({ limit: '0.00' })).text).toMatch(/No credit/);
  });

  it('lists what is on its way', () => {
    expect(pendingLines(balance())).toEqual([]);
    expect(pendingLines(balance({ pending_out: '12.50', pending_in: '3.00' }))).toEqual([
      '12.50 ŧ on its way to others, waiting for them to accept',
      '3.00 ŧ coming to you, being checked by your node',
    ]);
  });

  it('words every status, both ways', () => {
    expect(statusWords('pending', 'out', 'Bob')).toMatchObject({ label: 'Pending', tone: 'pending' });
    expect(statusWords('pending', 'out', 'Bob').detail).toMatch(/^Waiting for Bob to accept it/);
    expect(statusWords('pending', 'in', 'Alice').detail).toMatch(/^Your node is checking it/);
    expect(statusWords('pending', 'out', 'Bob', { notarizations: 1, quorum: 2 }).detail).toMatch(/Notaries: 1 of 2 have countersigned\.$/);
    expect(statusWords('confirmed', 'out', 'Bob')).toEqual({ label: 'Final', detail: 'Bob accepted it: it is final.', tone: 'final' });
    expect(statusWords('confirmed', 'in', 'Alice').detail).toBe('Your node accepted it: it is final.');
    expect(statusWords('declined', 'out', 'Bob', { reason: 'not expected' })).toMatchObject({ label: 'Declined', tone: 'declined' });
    expect(statusWords('declined', 'out', 'Bob', { reason: 'not expected' }).detail).toMatch(/They said: “not expected”\./);
    expect(statusWords('refunded', 'out', 'Bob')).toMatchObject({ label: 'Returned', detail: 'Bob declined it and the money came back to you.' });
    // A status a newer node may add reads as pending, not as an error.
    expect(statusWords('something-new', 'out', 'Bob').label).toBe('Pending');
  });

  it('explains frozen accounts and credit growth', () => {
    expect(frozenSentence(7, true)).toMatch(/^Your account signed two different operations at the same step \(7\)/);
    expect(frozenSentence(7, false)).toMatch(/^This account/);
    expect(growthSentence('0.1', 'ŧ')).toBe('Credit grows by 10 ŧ for every 100 ŧ received.');
    expect(growthSentence('0.005', 'H')).toBe('Credit grows by 0.5 H for every 100 H received.');
    expect(growthSentence('1', 'H')).toBe('Credit grows by 100 H for every 100 H received.');
    expect(growthSentence('0', 'H')).toBe('Credit does not grow with what you receive.');
  });
});

describe('payment links', () => {
  const to = MENTIONED;

  it('reads a link as the node writes it, memo and all', () => {
    const link = payLink(to, '12.50', 'net', 'lunch & tea 🍵');
    expect(link).toBe(`supernet://pay?to=${to}&amount=12.50&currency=net&memo=lunch%20%26%20tea%20%F0%9F%8D%B5`);
    expect(isPayLink(link)).toBe(true);
    expect(parsePayLink(link)).toEqual({ to, amount: '12.50', currency: 'net', memo: 'lunch & tea 🍵', link });
    // `+` is a space; the currency defaults to the network's.
    expect(parsePayLink(`supernet://pay?to=${to}&amount=3&memo=a+b`)).toMatchObject({ currency: 'net', memo: 'a b', amount: '3' });
  });

  it('says what is wrong with a bad link', () => {
    const cases: [string, RegExp][] = [
      ['https://pay?to=x', /starts with/],
      ['supernet://pay?amount=3', /whom to pay/],
      [`supernet://pay?to=${to}`, /how much/],
      ['supernet://pay?to=bob&amount=3', /not an account/],
      [`supernet://pay?to=${to}&amount=-3`, /not an amount/],
      [`supernet://pay?to=${to}&amount=0`, /not an amount/],
      [`supernet://pay?to=${to}&amount=3&amount=4`, /twice/],
      [`supernet://pay?to=${to}&amount=3&tip=1`, /no parameter “tip”/],
      [`supernet://pay?to=${to}&amount=3&currency=euro`, /not a currency/],
      [`supernet://pay?to=${to}&amount=3&memo=%zz`, /hexadecimal/],
      [`supernet://pay?to=${to}&amount=3&memo=%FF`, /not UTF-8/],
      [`supernet://pay?to=${to}&amount=3&memo=${'x'.repeat(281)}`, /longer than 280/],
      [`supernet://pay?to=${to}&amount`, /not key=value/],
    ];
    for (const [link, expected] of cases) expect(() => parsePayLink(link), link).toThrow(expected);
  });

  it('tells what a "Pay to" field holds: an id, a link, an address naming an account, or a name', () => {
    expect(readRecipient('  ')).toEqual({ kind: 'empty' });
    expect(readRecipient(` ${to} `)).toEqual({ kind: 'account', account: to });
    expect(readRecipient(`supernet://pay?to=${to}&amount=1`)).toEqual({ kind: 'link', link: `supernet://pay?to=${to}&amount=1` });
    expect(readRecipient(`https://node.example/@${to}`)).toEqual({ kind: 'account', account: to });
    expect(readRecipient(`#/feed/author/${to}`)).toEqual({ kind: 'account', account: to });
    expect(readRecipient('Bob')).toEqual({ kind: 'search', query: 'Bob' });
    // A mistyped id is not an account (its checksum fails): it is searched for.
    expect(readRecipient(to.slice(0, -1) + (to.endsWith('j') ? 'k' : 'j')).kind).toBe('search');
  });
});

describe('history', () => {
  it('asks the node only for the filters set, dates as whole local days', () => {
    expect(transfersInput(NO_FILTERS, 30)).toEqual({ limit: 30 });
    const input = transfersInput({ ...NO_FILTERS, currency: 'net', direction: 'in', status: 'pending', counterparty: MENTIONED, from: '2024-03-01', to: '2024-03-02' }, 30, 'cursor');
    expect(input).toEqual({
      limit: 30,
      currency: 'net',
      direction: 'in',
      status: 'pending',
      counterparty: MENTIONED,
      from: new Date(2024, 2, 1).getTime(),
      to: new Date(2024, 2, 3).getTime() - 1,
      before: 'cursor',
    });
    expect(dayStart('nope')).toBeNull();
    expect(dayEnd('2024-12-31')).toBe(new Date(2025, 0, 1).getTime() - 1);
    expect(datesProblem({ ...NO_FILTERS, from: '2024-03-02', to: '2024-03-01' })).toMatch(/after/);
    expect(datesProblem({ ...NO_FILTERS, from: '2024-03-01', to: '2024-03-01' })).toBeNull();
  });

  it('joins a fresh first page: new status wins, order newest first, older pages kept', () => {
    const t = (id: string, created_at: number, status = 'pending') => ({ id, created_at, status });
    const loaded = [t('c', 30), t('b', 20), t('a', 10)];
    const merged = mergeTransfers(loaded, [t('d', 40), t('c', 30, 'confirmed')]);
    expect(merged.map((x) => `${x.id}:${x.status}`)).toEqual(['d:pending', 'c:confirmed', 'b:pending', 'a:pending']);
  });

  it('groups by day', () => {
    const now = new Date(2024, 5, 10, 12).getTime();
    expect(dayLabel(now - 3_600_000, now)).toBe('Today');
    expect(dayLabel(new Date(2024, 5, 9, 23).getTime(), now)).toBe('Yesterday');
    expect(dayLabel(new Date(2024, 5, 1).getTime(), now)).toMatch(/2024/);
    const groups = byDay([{ id: 'a', created_at: now }, { id: 'b', created_at: now - 1000 }, { id: 'c', created_at: now - 86_400_000 }], now);
    expect(groups.map((g) => [g.label, g.items.length])).toEqual([['Today', 2], ['Yesterday', 1]]);
  });
});

describe('routes, notices and QR codes', () => {
  it('names the wallet’s pages', () => {
    expect(walletHref()).toBe('#/wallet');
    expect(walletHref('history')).toBe('#/wallet/history');
    expect(sendHref(MENTIONED)).toBe(`#/wallet/send/${MENTIONED}`);
    expect(walletPage([])).toEqual({ section: 'home', send: null, asset: null });
    expect(walletPage(['history'])).toMatchObject({ section: 'history' });
    expect(walletPage(['send', MENTIONED])).toEqual({ section: 'home', send: { to: MENTIONED }, asset: null });
    expect(walletPage(['send'])).toMatchObject({ send: { to: null } });
    expect(walletPage(['assets', 'a'.repeat(64)])).toEqual({ section: 'assets', send: null, asset: 'a'.repeat(64) });
    expect(assetHref('a'.repeat(64))).toBe(`#/wallet/assets/${'a'.repeat(64)}`);
    expect(walletPage(['nonsense'])).toMatchObject({ section: 'home' });
  });

  it('reads again on coin and asset events only', () => {
    const ev = (kind: string) => ({ type: 'events' as const, count: 1, events: [{ id: 'x', kind, author: 'a' }] });
    expect(touchesWallet(ev('coin.op'))).toBe(true);
    expect(touchesWallet(ev('assets.transfer'))).toBe(true);
    expect(touchesWallet(ev('social.post'))).toBe(false);
    expect(touchesWallet({ type: 'events', count: 5, events: [] })).toBe(true); // a burst too big to list
    expect(touchesWallet({ type: 'resync' })).toBe(true);
  });

  it('draws a payment link as a QR code', () => {
    const { size, d } = qrDrawing(payLink(MENTIONED, '12.50', 'net', 'lunch'));
    expect(size).toBeGreaterThanOrEqual(21);
    expect((size - 17) % 4).toBe(0); // a QR version's size
    expect(d).toMatch(/^M0 0h7v1h-7z/); // the top-left finder pattern starts with a run of 7
    expect(d).not.toMatch(/NaN/);
  });
});
