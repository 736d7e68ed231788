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

/** Decimal units, as disks and networks count: 1 kB = 1000 bytes. */
const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;
const sizeFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });

/** A number of bytes for people: `512 B`, `12.3 kB`, `200 MB`, `1.5 GB` (three significant digits). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  let unit = 0;
  let value = bytes;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  // 999.96 kB rounds to "1000 kB": say 1 MB instead.
  if (Number(value.toPrecision(3)) >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${sizeFormat.format(value)} ${BYTE_UNITS[unit]}`;
}

/** A transfer rate: `45 MB/s`. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** How far along, 0 to 100 (whole numbers), or null when the total is not known. */
export function percent(done: number, total: number | null | undefined): number | null {
  if (total === null || total === undefined || !Number.isFinite(total) || total <= 0) return null;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** A duration in seconds, roughly: `45 s`, `3 min`, `1 h 5 min`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/**
 * A transfer's progress in one line: `12.3 MB of 200 MB · 45 MB/s · 4 s left`. The size,
 * rate and time left are left out when they are not known (or the rate is zero).
 */
export function formatProgress(bytes: number, size?: number | null, rate?: number | null): string {
  const parts = [size != null && size > 0 ? `${formatBytes(bytes)} of ${formatBytes(size)}` : formatBytes(bytes)];
  if (rate != null && rate > 0) {
    parts.push(formatRate(rate));
    if (size != null && size > bytes) parts.push(`${formatDuration((size - bytes) / rate)} left`);
  }
  return parts.join(' · ');
}

/** `1 file`, `3 files`: a count with its noun. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
