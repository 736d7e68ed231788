/**
 * The geometry of the overview's charts (drawn as inline SVG): round axis ticks, linear
 * scales, line and area paths, bar layout, and which period and step a chart asks the API
 * for. Positions are floating-point numbers; the values they stand for are shown from the
 * API's exact strings.
 */
import {
  addDays,
  addMonths,
  dayNumber,
  daysBetween,
  formatDayShort,
  formatMonthShort,
  formatMonthYear,
  monthEnd,
  monthStart,
} from './dates';

/** Round ticks covering `[min, max]`, about `count` of them. */
export interface Ticks {
  min: number;
  max: number;
  step: number;
  values: number[];
}

/** A step of 1, 2 or 5 times a power of ten, near `raw`. */
function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
  return nice * magnitude;
}

/**
 * Axis ticks at round values (1, 2 or 5 × 10ⁿ) from at or below `min` to at or above
 * `max`. A flat series gets a range around its value; `includeZero` stretches the range to
 * zero (bars start at zero).
 */
export function niceTicks(min: number, max: number, count = 4, includeZero = false): Ticks {
  let lo = Number.isFinite(min) ? min : 0;
  let hi = Number.isFinite(max) ? max : 0;
  if (includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    if (includeZero && lo === 0) hi = 1;
    else if (includeZero && lo > 0) hi = lo + pad;
    else if (includeZero && lo < 0) lo = hi - pad;
    else {
      lo -= pad;
      hi += pad;
    }
  }
  const step = niceStep((hi - lo) / Math.max(1, count));
  const first = Math.floor(lo / step) * step;
  const last = Math.ceil(hi / step) * step;
  const values: number[] = [];
  for (let v = first, i = 0; v <= last + step / 2 && i < 100; v += step, i++) {
    // Round away the error of repeated addition (0.1 + 0.2).
    values.push(Number(v.toPrecision(12)));
  }
  return { min: values[0], max: values[values.length - 1], step, values };
}

/** A linear map from `domain` to `range`. */
export function linearScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d0 === d1) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

export interface Point {
  x: number;
  y: number;
}

const r = (n: number) => Math.round(n * 10) / 10;

/** An SVG path through the points (`M x y L x y …`). */
export function linePath(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)} ${r(p.y)}`).join(' ');
}

/** The line closed down to `baseY`, for an area under it. */
export function areaPath(points: readonly Point[], baseY: number): string {
  if (points.length === 0) return '';
  const first = points[0];
  const last = points[points.length - 1];
  return `${linePath(points)} L${r(last.x)} ${r(baseY)} L${r(first.x)} ${r(baseY)} Z`;
}

/** The index of the point nearest to `x` (points in ascending x). */
export function nearestIndex(xs: readonly number[], x: number): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
  return best;
}

/**
 * Where a chart's keyboard cursor goes on `key`, from `active` (none: the latest point),
 * over `length` points: arrows step, Home and End jump, Escape clears (`null`). `undefined`
 * when the key is not the chart's, so the page keeps it.
 */
export function stepIndex(key: string, active: number | null, length: number): number | null | undefined {
  if (length === 0) return undefined;
  const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowDown: -1, ArrowUp: 1 };
  if (key in moves) return Math.max(0, Math.min(length - 1, (active ?? length - 1) + moves[key]));
  if (key === 'Home') return 0;
  if (key === 'End') return length - 1;
  if (key === 'Escape') return null;
  return undefined;
}

/** Where each group of bars goes: its band's start and width, and each bar's. */
export interface BarLayout {
  band: number;
  bar: number;
  /** The left edge of group `i`'s first bar. */
  groupX: (i: number) => number;
}

/**
 * Lays `groups` groups of `perGroup` bars side by side across `[x0, x1]`, with a gap
 * between groups; bars are at most `maxBar` wide.
 */
export function barLayout(groups: number, perGroup: number, x0: number, x1: number, maxBar = 28): BarLayout {
  const band = (x1 - x0) / Math.max(1, groups);
  const bar = Math.max(2, Math.min(maxBar, (band * 0.72) / perGroup));
  const used = bar * perGroup;
  return { band, bar, groupX: (i) => x0 + band * i + (band - used) / 2 };
}

/** The periods the overview offers. */
export type Period = '3m' | '1y' | 'all';
export type Step = 'day' | 'week' | 'month';

/** What to ask `ledger.net_worth` for. */
export interface SeriesPlan {
  from: string;
  to: string;
  step: Step;
}

/** A step that gives a smooth line without too many points (the API takes at most 1,000). */
export function stepFor(from: string, to: string): Step {
  const days = daysBetween(from, to);
  if (days <= 120) return 'day';
  if (days <= 3 * 366) return 'week';
  return 'month';
}

/**
 * The series for a period ending `to`: the last three months, the last year, or
 * everything since `first` (the first day with anything in the books; a month back when
 * not known).
 */
export function planSeries(period: Period, to: string, first: string | null): SeriesPlan {
  let from: string;
  if (period === '3m') from = addMonths(to, -3);
  else if (period === '1y') from = addMonths(to, -12);
  else from = first && first < to ? first : addMonths(to, -1);
  return { from, to, step: stepFor(from, to) };
}

/** One bar group of the income and expenses chart: a month, or a year. */
export interface Bucket {
  from: string;
  to: string;
  /** `Nov`, or `2026` for a year. */
  label: string;
  /** `November 2026`: for tooltips and the value list. */
  title: string;
}

/** Most monthly bars; a longer period gets one bar a year. */
export const MAX_MONTH_BARS = 24;

/**
 * The months of a period ending `to` (the last one runs to `to`): 3 for `3m`, 12 for
 * `1y`; for `all`, every month since `first`, or every year when that is more than
 * {@link MAX_MONTH_BARS} months.
 */
export function buckets(period: Period, to: string, first: string | null): Bucket[] {
  const count = period === '3m' ? 3 : period === '1y' ? 12 : null;
  let start: string;
  if (count !== null) start = addMonths(monthStart(to), -(count - 1));
  else start = monthStart(first && first < to ? first : to);
  const months = (Number(to.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(start.slice(5, 7)) + 1;
  const out: Bucket[] = [];
  if (months > MAX_MONTH_BARS) {
    for (let y = Number(start.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
      const from = y === Number(start.slice(0, 4)) ? start : `${y}-01-01`;
      const end = y === Number(to.slice(0, 4)) ? to : `${y}-12-31`;
      out.push({ from, to: end, label: String(y), title: String(y) });
    }
    return out;
  }
  for (let m = start; m <= to; m = addMonths(m, 1)) {
    const end = monthEnd(m) < to ? monthEnd(m) : to;
    out.push({ from: m, to: end, label: formatMonthShort(m), title: formatMonthYear(m) });
  }
  return out;
}

/** A label on the time axis. */
export interface TimeTick {
  day: number;
  label: string;
}

/**
 * Labels for a time axis from `from` to `to`, at most `max`: days (`12 Nov`) over a short
 * span, months (`Nov`, with the year on January and the first label) over a longer one,
 * years over many.
 */
export function timeTicks(from: string, to: string, max: number): TimeTick[] {
  const span = daysBetween(from, to);
  const limit = Math.max(2, max);
  if (span <= 0) return [{ day: dayNumber(from), label: formatDayShort(from) }];
  if (span <= 62) {
    const every = Math.max(1, Math.ceil(span / (limit - 1)));
    const out: TimeTick[] = [];
    for (let d = from; d <= to; d = addDays(d, every)) out.push({ day: dayNumber(d), label: formatDayShort(d) });
    return out;
  }
  const months = Math.ceil(span / 30.4);
  if (months <= limit * 12) {
    const every = [1, 2, 3, 4, 6, 12].find((n) => months / n <= limit) ?? 12;
    const out: TimeTick[] = [];
    let m = monthStart(from) < from ? addMonths(monthStart(from), 1) : monthStart(from);
    // Align to a multiple of the step (quarters start in Jan, Apr, …).
    while ((Number(m.slice(5, 7)) - 1) % every !== 0) m = addMonths(m, 1);
    for (; m <= to; m = addMonths(m, every)) {
      const withYear = out.length === 0 || m.slice(5, 7) === '01' || every === 12;
      out.push({ day: dayNumber(m), label: withYear ? formatMonthYear(m) : formatMonthShort(m) });
    }
    return out;
  }
  const years = Math.ceil(span / 365.25);
  const every = Math.max(1, Math.ceil(years / limit));
  const out: TimeTick[] = [];
  for (let y = Number(from.slice(0, 4)) + 1; `${y}-01-01` <= to; y += every) out.push({ day: dayNumber(`${y}-01-01`), label: String(y) });
  return out;
}

/**
 * A short label for an axis value: `0`, `950`, `4.5k`, `1.2M` (rounded, so only for
 * axes; the values themselves are shown exactly elsewhere).
 */
export function axisLabel(value: number): string {
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
