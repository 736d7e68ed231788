/**
 * Market prices in the books (`ledger.prices`, `ledger.set_price`): what one unit of a
 * currency or commodity was worth in another on a day. The reports use them to show
 * everything in one currency: the latest price at or before the day shown, either way
 * round (1 EUR = 1.08 USD also says 1 USD ≈ 0.925926 EUR), and through a third currency
 * when no direct price exists.
 */
import { isIsoDate } from './dates';
import { errorPlace } from './entry';
import { decimalToString, formatAmount, isZero, parseDecimal, parseUserAmount, type Separators } from './decimal';

/** A price as the API writes it. */
export interface PriceLike {
  /** What is priced. */
  commodity: string;
  /** What it is priced in. */
  quote: string;
  /** One unit's price, a positive decimal. */
  price: string;
  /** `YYYY-MM-DD`. */
  date: string;
}

/** The fields of the price form. */
export type PriceField = 'commodity' | 'price' | 'quote' | 'date';

/** What a person typed in the price form. */
export type PriceForm = PriceLike;

export type CheckedPrice = { ok: true; input: PriceLike } | { ok: false; errors: Partial<Record<PriceField, string>> };

/** Characters no commodity may hold (the books' text formats use them). */
const FORBIDDEN = /["\t\n\r;]/;

/**
 * The price to send to `ledger.set_price`, or what is wrong with each field. The price
 * is read as people write numbers (`1,08`, `1.08`); the node checks again (and says more
 * precisely what it refuses, such as too many decimals).
 */
export function checkPrice(form: PriceForm, options: { separators?: Separators } = {}): CheckedPrice {
  const errors: Partial<Record<PriceField, string>> = {};
  const commodity = form.commodity.trim();
  const quote = form.quote.trim();
  if (!commodity) errors.commodity = 'Say which currency or commodity, such as EUR.';
  else if (FORBIDDEN.test(commodity)) errors.commodity = 'Write it as a code or a symbol, such as EUR or $ (no quotes or ;).';
  if (!quote) errors.quote = 'Say what it is worth in, such as USD.';
  else if (FORBIDDEN.test(quote)) errors.quote = 'Write it as a code or a symbol, such as USD or $ (no quotes or ;).';
  else if (commodity && quote === commodity) errors.quote = 'A price is in another currency: choose a different one.';
  let price = '';
  if (/^\s*[-\u2212]/.test(form.price)) errors.price = 'A price is more than zero.';
  else {
    const read = parseUserAmount(form.price, { separators: options.separators });
    if (!read.ok) errors.price = read.error === 'Enter an amount.' ? 'Enter the price, such as 1.08.' : read.error;
    else if (isZero(read.amount)) errors.price = 'A price is more than zero.';
    else price = read.amount;
  }
  if (!isIsoDate(form.date)) errors.date = 'Choose a date.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: { commodity, quote, price, date: form.date } };
}

/** The form's field an error of `ledger.set_price` is about (`price: …` → `price`). */
export function priceField(message: string): PriceField | null {
  const place = errorPlace(message);
  if (!place || place.posting !== null) return null;
  return (['commodity', 'price', 'quote', 'date'] as const).find((f) => f === place.field) ?? null;
}

/** The API's message without the field it starts with (`price: "x" is …` → `"x" is …`). */
export function withoutField(message: string): string {
  return message.replace(/^[a-z_]+:\s*/, '');
}

/** Most decimals an inverse is written with. */
const MAX_INVERSE_DECIMALS = 18;
/** Significant digits an inverse keeps at least (0.00002 for a price of 50,000). */
const INVERSE_DIGITS = 4;

/**
 * `1 / price`, rounded half up to 6 decimals (more when the result is small, to keep 4
 * significant digits), trailing zeros dropped: `1.08` → `0.925926`. Null for zero or
 * what is not a decimal.
 */
export function invertPrice(price: string): string | null {
  const d = parseDecimal(price);
  if (!d || d.units === 0n) return null;
  const negative = d.units < 0n;
  const units = negative ? -d.units : d.units;
  let decimals = 6;
  let q = 0n;
  for (;;) {
    const numerator = 10n ** BigInt(d.scale + decimals);
    q = (2n * numerator + units) / (2n * units);
    if (q >= 10n ** BigInt(INVERSE_DIGITS - 1) || decimals >= MAX_INVERSE_DECIMALS) break;
    decimals += 1;
  }
  const text = decimalToString({ units: negative ? -q : q, scale: decimals });
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** `1 EUR = 1.08 USD`, `1 BTC = $50,000`. */
export function priceSentence(p: Pick<PriceLike, 'commodity' | 'quote' | 'price'>, options: { separators?: Separators } = {}): string {
  return `${formatAmount('1', p.commodity, options)} = ${formatAmount(p.price, p.quote, options)}`;
}

/** The prices of one pair (what is priced, in what), newest first. */
export interface PricePair {
  commodity: string;
  quote: string;
  /** Newest first; never empty. */
  prices: PriceLike[];
}

/** Prices by pair (by commodity, then quote), each pair's newest first. */
export function groupPrices(prices: readonly PriceLike[]): PricePair[] {
  const pairs = new Map<string, PricePair>();
  for (const p of prices) {
    const key = `${p.commodity}\u0000${p.quote}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = { commodity: p.commodity, quote: p.quote, prices: [] };
      pairs.set(key, pair);
    }
    pair.prices.push(p);
  }
  const out = [...pairs.values()];
  for (const pair of out) pair.prices.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return out.sort((a, b) => a.commodity.localeCompare(b.commodity) || a.quote.localeCompare(b.quote));
}

/** The price the books already hold for the same pair on the same day (saving replaces it). */
export function samePrice(prices: readonly PriceLike[], p: Pick<PriceLike, 'commodity' | 'quote' | 'date'>): PriceLike | null {
  return prices.find((x) => x.commodity === p.commodity && x.quote === p.quote && x.date === p.date) ?? null;
}
