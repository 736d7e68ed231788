/**
 * The payment history's pure parts: what the filters ask the node, and how a fresh first
 * page joins what is loaded.
 */

/** The history's filters as the form holds them (empty: any). */
export interface HistoryFilters {
  /** A currency id (`net` or 64 hex digits). */
  currency: string;
  direction: '' | 'in' | 'out';
  status: '' | 'pending' | 'confirmed' | 'declined' | 'refunded';
  /** An account id. */
  counterparty: string;
  /** First day (`YYYY-MM-DD`, this device's time zone). */
  from: string;
  /** Last day, included. */
  to: string;
}

export const NO_FILTERS: HistoryFilters = { currency: '', direction: '', status: '', counterparty: '', from: '', to: '' };

/** Whether any filter is set. */
export function filtering(f: HistoryFilters): boolean {
  return Object.values(f).some((v) => v !== '');
}

/** Midnight at the start of a `YYYY-MM-DD` day here (ms), or null. */
export function dayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const t = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
  return Number.isFinite(t) ? t : null;
}

/** The last millisecond of a `YYYY-MM-DD` day here, or null. */
export function dayEnd(day: string): number | null {
  const start = dayStart(day);
  if (start === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)!;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1).getTime() - 1;
}

/** What `coin.transfers` is asked for these filters (only what is set). */
export function transfersInput(f: HistoryFilters, limit: number, before?: string | null): Record<string, unknown> {
  const input: Record<string, unknown> = { limit };
  if (f.currency) input.currency = f.currency;
  if (f.direction) input.direction = f.direction;
  if (f.status) input.status = f.status;
  if (f.counterparty) input.counterparty = f.counterparty;
  const from = dayStart(f.from);
  if (from !== null) input.from = from;
  const to = dayEnd(f.to);
  if (to !== null) input.to = to;
  if (before) input.before = before;
  return input;
}

/** A problem with the dates, or null. */
export function datesProblem(f: HistoryFilters): string | null {
  const from = dayStart(f.from);
  const to = dayEnd(f.to);
  if (from !== null && to !== null && from > to) return 'The first day is after the last one.';
  return null;
}

interface Dated {
  id: string;
  created_at: number;
}

/**
 * Joins a freshly read first page to what is loaded: transfers in both take the fresh
 * version (their status may have changed), new ones are added, and the order stays newest
 * first. Older pages already loaded stay.
 */
export function mergeTransfers<T extends Dated>(loaded: readonly T[], fresh: readonly T[]): T[] {
  const byId = new Map(loaded.map((t) => [t.id, t]));
  for (const t of fresh) byId.set(t.id, t);
  return [...byId.values()].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

let dayFormat: Intl.DateTimeFormat | null = null;

/** The heading of a day in the history: `Today`, `Yesterday`, else the date. */
export function dayLabel(ms: number, now: number = Date.now()): string {
  const day = new Date(ms);
  const today = new Date(now);
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOf(today) - startOf(day)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  dayFormat ??= new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' });
  return dayFormat.format(day);
}

/** Transfers in runs of one day each (newest first, as given). */
export function byDay<T extends Dated>(items: readonly T[], now: number = Date.now()): { label: string; items: T[] }[] {
  const groups: { label: string; items: T[] }[] = [];
  for (const t of items) {
    const label = dayLabel(t.created_at, now);
    const last = groups.at(-1);
    if (last && last.label === label) last.items.push(t);
    else groups.push({ label, items: [t] });
  }
  return groups;
}
