// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { checkPrice, groupPrices, invertPrice, priceField, priceSentence, samePrice, withoutField } from '../src/lib/books/prices';
import { booksPage, pricesHref } from '../src/lib/books/routes';

const EN = { group: ',', decimal: '.' };
const DE = { group: '.', decimal: ',' };
const form = (over: Partial<Parameters<typeof checkPrice>[0]> = {}) => ({ commodity: 'EUR', price: '1.08', quote: 'USD', date: '2026-11-24', ...over });

describe('the price form', () => {
  it('gives what ledger.set_price takes, the price read as people write it', () => {
    expect(checkPrice(form(), { separators: EN })).toEqual({ ok: true, input: { commodity: 'EUR', quote: 'USD', price: '1.08', date: '2026-11-24' } });
    expect(checkPrice(form({ price: '1,08', commodity: ' EUR ', quote: 'USD ' }), { separators: DE })).toEqual({
      ok: true,
      input: { commodity: 'EUR', quote: 'USD', price: '1.08', date: '2026-11-24' },
    });
    expect(checkPrice(form({ commodity: 'BTC', price: '50 000', quote: '$' }), { separators: EN })).toMatchObject({ ok: true, input: { price: '50000' } });
  });

  it('says what is wrong with each field', () => {
    const errors = (over: Partial<Parameters<typeof checkPrice>[0]>) => {
      const r = checkPrice(form(over), { separators: EN });
      return r.ok ? {} : r.errors;
    };
    expect(errors({ commodity: '', quote: '', price: '', date: '' })).toEqual({
      commodity: 'Say which currency or commodity, such as EUR.',
      quote: 'Say what it is worth in, such as USD.',
      price: 'Enter the price, such as 1.08.',
      date: 'Choose a date.',
    });
    expect(errors({ quote: 'EUR' })).toEqual({ quote: 'A price is in another currency: choose a different one.' });
    expect(errors({ price: '0' })).toEqual({ price: 'A price is more than zero.' });
    expect(errors({ price: '-1.08' })).toEqual({ price: 'A price is more than zero.' });
    expect(errors({ price: 'a lot' })).toEqual({ price: 'Write the amount with digits only, such as 12.50.' });
    expect(errors({ commodity: 'E"UR' }).commodity).toMatch(/no quotes or ;/);
    expect(errors({ date: '2026-02-30' })).toEqual({ date: 'Choose a date.' });
  });

  it('places the node’s errors at their field', () => {
    expect(priceField('price: "0.1234567890123456789" is not a decimal amount')).toBe('price');
    expect(priceField('date: "0999-01-01" is not a date: write YYYY-MM-DD (years 1000–9999)')).toBe('date');
    expect(priceField('quote: a price is in another commodity')).toBe('quote');
    expect(priceField('commodity: commodity " x" contains …')).toBe('commodity');
    expect(priceField('postings[0].amount: …')).toBeNull();
    expect(priceField('the books are busy')).toBeNull();
    expect(withoutField('price: more than zero')).toBe('more than zero');
  });
});

describe('prices for people', () => {
  it('writes a price as a sentence', () => {
    expect(priceSentence({ commodity: 'EUR', quote: 'USD', price: '1.08' }, { separators: EN })).toBe('1\u00a0EUR = 1.08\u00a0USD');
    expect(priceSentence({ commodity: 'BTC', quote: '$', price: '50000' }, { separators: EN })).toBe('1\u00a0BTC = $50,000');
  });

  it('inverts a price exactly enough to read, small results keeping four digits', () => {
    expect(invertPrice('1.08')).toBe('0.925926');
    expect(invertPrice('0.90')).toBe('1.111111');
    expect(invertPrice('2')).toBe('0.5');
    expect(invertPrice('1')).toBe('1');
    expect(invertPrice('50000')).toBe('0.00002');
    expect(invertPrice('30000')).toBe('0.00003333');
    expect(invertPrice('0')).toBeNull();
    expect(invertPrice('x')).toBeNull();
  });

  it('groups prices by pair, newest first, and finds the one a new price replaces', () => {
    const prices = [
      { commodity: 'USD', quote: 'EUR', price: '0.90', date: '2026-08-01' },
      { commodity: 'EUR', quote: 'USD', price: '1.08', date: '2026-11-24' },
      { commodity: 'USD', quote: 'EUR', price: '0.92', date: '2026-11-24' },
      { commodity: 'EUR', quote: 'USD', price: '1.10', date: '2026-01-02' },
    ];
    const pairs = groupPrices(prices);
    expect(pairs.map((p) => [p.commodity, p.quote, p.prices.map((x) => x.date)])).toEqual([
      ['EUR', 'USD', ['2026-11-24', '2026-01-02']],
      ['USD', 'EUR', ['2026-11-24', '2026-08-01']],
    ]);
    expect(samePrice(prices, { commodity: 'USD', quote: 'EUR', date: '2026-11-24' })?.price).toBe('0.92');
    expect(samePrice(prices, { commodity: 'USD', quote: 'EUR', date: '2026-11-25' })).toBeNull();
  });

  it('has a page of its own in the Balance sheet tab', () => {
    expect(pricesHref()).toBe('#/books/prices');
    expect(booksPage(['prices'])).toEqual({ view: 'prices' });
  });
});
