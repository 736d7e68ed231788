/**
 * Money as the books' API gives it: exact decimal strings (`-12.50`), never floating-point
 * numbers. Sums and differences are done on whole numbers (BigInt) scaled by a power of
 * ten, so `0.10 + 0.20` is `0.30`. Floating-point numbers appear only where a chart needs
 * a position ({@link toNumber}); what is shown is always the exact string.
 */

/** A decimal: `units / 10^scale`. */
export interface Decimal {
  units: bigint;
  scale: number;
}

/** An amount of one commodity, as the API writes it. */
export interface Amount {
  amount: string;
  commodity: string;
}

const PLAIN = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Reads a plain decimal (`-12.50`, `3`, `.5`); null when it is not one. */
export function parseDecimal(text: string): Decimal | null {
  const m = PLAIN.exec(text.trim());
  if (!m) return null;
  const [, sign, whole, fraction = ''] = m;
  if (whole === '' && fraction === '') return null;
  const units = BigInt(`${whole || '0'}${fraction}`);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/** Whether `text` is a plain decimal. */
export function isDecimal(text: string): boolean {
  return parseDecimal(text) !== null;
}

function must(text: string): Decimal {
  const d = parseDecimal(text);
  if (!d) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  return d;
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** Writes a decimal back as a plain string, with exactly its scale's decimals. */
export function decimalToString(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = digits.slice(digits.length - d.scale);
  return `${negative ? '-' : ''}${whole}${d.scale > 0 ? `.${fraction}` : ''}`;
}

/** `a + b`, with as many decimals as the more precise of the two (`1.5 + 2.25` = `3.75`). */
export function addDecimal(a: string, b: string): string {
  const x = must(a);
  const y = must(b);
  const scale = Math.max(x.scale, y.scale);
  return decimalToString({ units: rescale(x, scale) + rescale(y, scale), scale });
}

/** `-a` (`0` stays `0`). */
export function negateDecimal(a: string): string {
  const x = must(a);
  return decimalToString({ units: -x.units, scale: x.scale });
}

/** `a - b`. */
export function subtractDecimal(a: string, b: string): string {
  return addDecimal(a, negateDecimal(b));
}

/** -1, 0 or 1 as `a` is less than, equal to or more than `b`. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const x = must(a);
  const y = must(b);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** -1, 0 or 1: the sign of `a`. */
export function signOf(a: string): -1 | 0 | 1 {
  const x = must(a);
  return x.units < 0n ? -1 : x.units > 0n ? 1 : 0;
}

/** Whether `a` is zero (`0.00` is). */
export function isZero(a: string): boolean {
  return signOf(a) === 0;
}

/**
 * The value as a floating-point number, only to place something on a chart (never to
 * show or add money).
 */
export function toNumber(a: string): number {
  return Number(a);
}

/**
 * Sums amounts commodity by commodity, in the order commodities first appear; zero sums
 * are kept (they say "this commodity, nothing left").
 */
export function sumAmounts(...lists: readonly (readonly Amount[])[]): Amount[] {
  const out = new Map<string, string>();
  for (const list of lists) {
    for (const a of list) out.set(a.commodity, out.has(a.commodity) ? addDecimal(out.get(a.commodity)!, a.amount) : a.amount);
  }
  return [...out].map(([commodity, amount]) => ({ amount, commodity }));
}

/** `a - b`, commodity by commodity. */
export function subtractAmounts(a: readonly Amount[], b: readonly Amount[]): Amount[] {
  return sumAmounts(
    a,
    b.map((x) => ({ ...x, amount: negateDecimal(x.amount) })),
  );
}

/** The amount of `commodity` in a list, `0` when absent. */
export function amountOf(list: readonly Amount[], commodity: string): string {
  return list.find((a) => a.commodity === commodity)?.amount ?? '0';
}

/** How a number is written here: the thousands and decimal separators. */
export interface Separators {
  group: string;
  decimal: string;
}

let localSeparators: Separators | null = null;

/** The separators of this device's language (`1,234.50` in English, `1.234,50` in German). */
export function separators(): Separators {
  if (!localSeparators) {
    let group = ',';
    let decimal = '.';
    try {
      for (const part of new Intl.NumberFormat().formatToParts(12345.6)) {
        if (part.type === 'group') group = part.value;
        if (part.type === 'decimal') decimal = part.value;
      }
    } catch {
      // Keep the defaults.
    }
    localSeparators = { group, decimal };
  }
  return localSeparators;
}

/** The true minus sign, which reads better than a hyphen next to digits. */
export const MINUS = '\u2212';
/** No line break between a number and its commodity. */
const NBSP = '\u00a0';

/** Whether a commodity is written before the number, as a symbol (`$12`, `€5`). */
export function isSymbol(commodity: string): boolean {
  return commodity.length > 0 && commodity.length <= 3 && !/[\p{L}\p{N}]/u.test(commodity);
}

export interface FormatOptions {
  /** `always`: a `+` on positive amounts (changes); `never`: no sign at all. */
  sign?: 'auto' | 'always' | 'never';
  /** The separators (default: this device's). */
  separators?: Separators;
}

/**
 * A plain decimal for people: grouped thousands, the language's decimal mark, every
 * decimal kept (`-1234.50` → `−1,234.50`). Anything that is not a decimal is shown as it is.
 */
export function formatDecimal(amount: string, options: FormatOptions = {}): string {
  const d = parseDecimal(amount);
  if (!d) return amount;
  const sep = options.separators ?? separators();
  const plain = decimalToString({ units: d.units < 0n ? -d.units : d.units, scale: d.scale });
  const [whole, fraction] = plain.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep.group);
  const number = fraction === undefined ? grouped : `${grouped}${sep.decimal}${fraction}`;
  const sign = options.sign ?? 'auto';
  if (sign === 'never' || d.units === 0n) return number;
  if (d.units < 0n) return `${MINUS}${number}`;
  return sign === 'always' ? `+${number}` : number;
}

/** An amount with its commodity: `1,234.50 EUR`, `−$12.00`, `0.5 BTC`. */
export function formatAmount(amount: string, commodity: string, options: FormatOptions = {}): string {
  const number = formatDecimal(amount, options);
  if (!commodity) return number;
  if (isSymbol(commodity)) {
    const signed = number.startsWith(MINUS) || number.startsWith('+');
    return signed ? `${number[0]}${commodity}${number.slice(1)}` : `${commodity}${number}`;
  }
  return `${number}${NBSP}${commodity}`;
}

/** Several amounts: `1,234.50 EUR, 800.00 USD`; `0` when there are none. */
export function formatAmounts(list: readonly Amount[], options: FormatOptions = {}): string {
  if (list.length === 0) return formatDecimal('0', options);
  return list.map((a) => formatAmount(a.amount, a.commodity, options)).join(', ');
}

/** What {@link parseUserAmount} makes of a person's input. */
export type UserAmount = { ok: true; amount: string } | { ok: false; error: string };

/**
 * Reads an amount a person typed, as people write them: `12`, `12.5`, `12,50`, `1,234.56`,
 * `1.234,56`, `1 234,56`, `1'234.50`. The separator that comes last is the decimal mark;
 * a lone separator followed by exactly three digits is the thousands separator unless it
 * is this language's decimal mark. Returns the plain decimal (`1234.56`).
 */
export function parseUserAmount(text: string, options: { allowNegative?: boolean; separators?: Separators } = {}): UserAmount {
  let t = text.trim().replace(/[\s\u00a0\u202f'’_]/g, '');
  if (t === '') return { ok: false, error: 'Enter an amount.' };
  let negative = false;
  if (/^[-+\u2212]/.test(t)) {
    negative = t[0] !== '+';
    t = t.slice(1);
  }
  if (negative && !options.allowNegative) {
    return { ok: false, error: 'Enter the amount without a minus sign: the choice above says which way the money went.' };
  }
  const commas = (t.match(/,/g) ?? []).length;
  const dots = (t.match(/\./g) ?? []).length;
  const decimalMark = (options.separators ?? separators()).decimal;
  let whole = t;
  let fraction = '';
  const splitAt = (mark: string) => {
    const i = t.lastIndexOf(mark);
    whole = t.slice(0, i);
    fraction = t.slice(i + 1);
  };
  if (commas > 0 && dots > 0) {
    splitAt(t.lastIndexOf(',') > t.lastIndexOf('.') ? ',' : '.');
  } else if (commas + dots === 1) {
    const mark = commas ? ',' : '.';
    const after = t.length - t.indexOf(mark) - 1;
    if (!(after === 3 && mark !== decimalMark)) splitAt(mark);
  }
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || (whole === '' && fraction === '')) {
    return { ok: false, error: 'Write the amount with digits only, such as 12.50.' };
  }
  const plain = `${whole || '0'}${fraction ? `.${fraction}` : ''}`;
  const canonical = decimalToString(must(plain));
  return { ok: true, amount: negative && !isZero(canonical) ? `-${canonical}` : canonical };
}
