/**
 * Amounts of money as the wallet reads and shows them. The node counts in integer minor
 * units (cents for a currency of 2 decimals) and speaks decimal text (`"12.50"`); here the
 * text is turned into exact `bigint` minor units and back, never through floating point.
 */

/** Most decimals a currency may have (the node's `MAX_DECIMALS`). */
export const MAX_DECIMALS = 8;
/** Largest amount of one payment, in minor units (the node's `MAX_AMOUNT`, below 2^53). */
export const MAX_MINOR = 1_000_000_000_000_000n;
/** The minus sign shown in amounts (a real one, not a hyphen). */
export const MINUS = '\u2212';

/** What reading an amount typed by a person gives. */
export type ParsedAmount =
  | { ok: true; minor: bigint; /** As the node takes it: `12.50`. */ text: string }
  | { ok: false; error: string };

/**
 * Reads an amount as a person types it: `12.5`, `12,50`, `1 000`, `1,234.50`, `.5`. A lone
 * comma with no more digits after it than the currency has decimals is a decimal comma;
 * otherwise commas, spaces and underscores group thousands. It must be more than zero,
 * with at most `decimals` digits after the point.
 */
export function parseAmount(input: string, decimals: number, symbol = ''): ParsedAmount {
  let text = input.trim();
  if (symbol) text = text.split(symbol).join('').trim();
  text = text.replace(/[\s_\u00a0\u202f']/g, '');
  if (text === '') return { ok: false, error: 'Enter an amount.' };
  if (/^[-\u2212]/.test(text)) return { ok: false, error: 'An amount is more than zero: there are no negative payments.' };
  if (text.startsWith('+')) text = text.slice(1);
  const commas = text.split(',').length - 1;
  if (text.includes('.')) {
    text = text.replace(/,/g, '');
  } else if (commas === 1) {
    const after = text.split(',')[1];
    // `12,5` is twelve and a half; `1,000` in a currency of 2 decimals is a thousand.
    const decimalComma = after.length <= decimals && !(after.length === 3 && decimals < 3);
    text = decimalComma ? text.replace(',', '.') : text.replace(',', '');
  } else {
    text = text.replace(/,/g, '');
  }
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
    return { ok: false, error: `“${input.trim()}” is not an amount: write digits with an optional decimal point, like 12.50.` };
  }
  const whole = match[1] || '0';
  const frac = match[2] ?? '';
  if (frac.length > decimals) {
    return {
      ok: false,
      error:
        decimals === 0
          ? 'This currency counts in whole units only: no decimals.'
          : `This currency counts in at most ${decimals} ${decimals === 1 ? 'decimal' : 'decimals'}.`,
    };
  }
  if (whole.length > 20) return { ok: false, error: 'That amount is too large.' };
  const minor = BigInt(whole) * 10n ** BigInt(decimals) + BigInt((frac + '0'.repeat(decimals)).slice(0, decimals) || '0');
  if (minor === 0n) return { ok: false, error: 'An amount is more than zero.' };
  if (minor > MAX_MINOR) return { ok: false, error: `That is more than the largest payment, ${formatMinor(MAX_MINOR, decimals)}.` };
  return { ok: true, minor, text: minorToText(minor, decimals) };
}

/** Decimal text as the node writes it (`-120.50`, `7`) to minor units; null when it is not. */
export function textToMinor(text: string, decimals: number): bigint | null {
  const match = /^\s*([-\u2212]?)(\d*)(?:\.(\d*))?\s*$/.exec(text ?? '');
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return null;
  const frac = (match[3] ?? '').padEnd(decimals, '0');
  // More digits than the currency's: cut (the node never writes them).
  const value = BigInt(match[2] || '0') * 10n ** BigInt(decimals) + BigInt(frac.slice(0, decimals) || '0');
  return match[1] ? -value : value;
}

/** Minor units as the node writes them: `-120.50`. */
export function minorToText(minor: bigint, decimals: number): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const scale = 10n ** BigInt(decimals);
  const whole = (abs / scale).toString();
  const frac = decimals > 0 ? `.${(abs % scale).toString().padStart(decimals, '0')}` : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** `1234567` → `1,234,567`. */
function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface FormatOptions {
  /** Put a `+` before positive amounts (a payment received). */
  plus?: boolean;
  /** Leave the minus sign out (the words say which way). */
  unsigned?: boolean;
}

/**
 * Minor units for people: `1,234.50 ŧ`, `−12.00 ŧ`, `+12.50 ŧ`. Thousands are grouped,
 * the minus sign is a real one, and the symbol follows the number.
 */
export function formatMinor(minor: bigint, decimals: number, symbol = '', options: FormatOptions = {}): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const text = minorToText(abs, decimals);
  const [whole, frac] = text.split('.');
  const number = `${group(whole)}${frac !== undefined ? `.${frac}` : ''}`;
  const sign = options.unsigned ? '' : negative ? MINUS : options.plus && abs > 0n ? '+' : '';
  return `${sign}${number}${symbol ? ` ${symbol}` : ''}`;
}

/** Decimal text from the node, for people (see {@link formatMinor}); the text itself when it is not a number. */
export function formatAmount(text: string, decimals: number, symbol = '', options: FormatOptions = {}): string {
  const minor = textToMinor(text, decimals);
  if (minor === null) return symbol ? `${text} ${symbol}` : text;
  return formatMinor(minor, decimals, symbol, options);
}

/** How many decimals an amount typed so far may still take: what the field's hint says. */
export function decimalsHint(decimals: number): string {
  if (decimals === 0) return 'Whole units only.';
  const example = minorToText(1250n * 10n ** BigInt(Math.max(0, decimals - 2)), decimals);
  return `Up to ${decimals} ${decimals === 1 ? 'decimal' : 'decimals'}, like ${decimals >= 2 ? example : '12.5'}.`;
}
