/** `sn1abcd…wxyz`: an account id short enough for a byline. */
export function shortId(account: string | null | undefined): string {
  if (!account) return '';
  if (account.length <= 12) return account;
  return `${account.slice(0, 7)}…${account.slice(-4)}`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

let relativeFormat: Intl.RelativeTimeFormat | null = null;
let absoluteFormat: Intl.DateTimeFormat | null = null;

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago"… */
export function relativeTime(ms: number, now: number = Date.now()): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return 'just now';
  relativeFormat ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'long' });
  for (const [unit, size] of UNITS) {
    if (abs >= size || unit === 'minute') {
      return relativeFormat.format(Math.round(diff / size), unit);
    }
  }
  return 'just now';
}

/** The full date and time, for tooltips. */
export function absoluteTime(ms: number): string {
  absoluteFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
  return absoluteFormat.format(new Date(ms));
}

/** ISO 8601, for `<time datetime>`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

const numberFormat = new Intl.NumberFormat();
/** 12,345 */
export function formatNumber(n: number): string {
  return numberFormat.format(n);
}
