/**
 * Calendar days as the books write them (`YYYY-MM-DD`), computed in UTC so no time zone
 * or daylight-saving change moves a day.
 */

/** Today on this device's calendar, `YYYY-MM-DD`. */
export function today(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Whether `text` is a real day written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return toIso(fromIso(text)) === text;
}

function fromIso(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Days since 1970-01-01 (for placing days on a chart). */
export function dayNumber(iso: string): number {
  return Math.round(fromIso(iso).getTime() / 86_400_000);
}

/** Days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

export function addDays(iso: string, days: number): string {
  const d = fromIso(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return toIso(d);
}

/** `months` later (earlier when negative), on the same day or the month's last. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return toIso(first);
}

/** The first day of the month `iso` is in. */
export function monthStart(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

/** The last day of the month `iso` is in. */
export function monthEnd(iso: string): string {
  return addDays(addMonths(monthStart(iso), 1), -1);
}

/** The first day of the year `iso` is in. */
export function yearStart(iso: string): string {
  return `${iso.slice(0, 4)}-01-01`;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { ...options, timeZone: 'UTC' });
    formats.set(key, f);
  }
  return f;
}

/** `25 Nov 2026` (in this device's language). */
export function formatDay(iso: string): string {
  return format({ day: 'numeric', month: 'short', year: 'numeric' }).format(fromIso(iso));
}

/** `25 Nov` */
export function formatDayShort(iso: string): string {
  return format({ day: 'numeric', month: 'short' }).format(fromIso(iso));
}

/** `Nov` */
export function formatMonthShort(iso: string): string {
  return format({ month: 'short' }).format(fromIso(iso));
}

/** `November 2026` */
export function formatMonth(iso: string): string {
  return format({ month: 'long', year: 'numeric' }).format(fromIso(iso));
}

/** `Nov 2026` */
export function formatMonthYear(iso: string): string {
  return format({ month: 'short', year: 'numeric' }).format(fromIso(iso));
}
