import { call, onNotice, type Methods } from '../api/client';
import { addMonths, today } from '../books/dates';
import { buckets, planSeries, type Bucket, type Period } from '../books/chart';
import { commoditiesOf, mainCommodity, type AddDraft } from '../books/entry';
import type { BooksFormat } from '../books/importing';
import { describeError, type ErrorInfo } from '../errors';
import { session } from './session.svelte';

/** An account as `ledger.accounts` lists it. */
export type LedgerAccount = Methods['ledger.accounts']['output']['accounts'][number];
/** The balance sheet at a date. */
export type BalanceSheet = Methods['ledger.balance_sheet']['output'];
/** The income statement of a period. */
export type IncomeStatement = Methods['ledger.income_statement']['output'];
/** One report section (an account tree with its total). */
export type Section = BalanceSheet['assets'];
/** Net worth over time. */
export type NetWorthSeries = Methods['ledger.net_worth']['output'];
/** A page of an account's register. */
export type RegisterPage = Methods['ledger.register']['output'];
/** One row of a register. */
export type RegisterRow = RegisterPage['rows'][number];
/** A transaction in the books. */
export type Transaction = Methods['ledger.add']['output'];
/** What an import added. */
export type ImportResult = Methods['ledger.import']['output'];
/** A market price in the books. */
export type Price = Methods['ledger.prices']['output']['prices'][number];
/** What `ledger.set_price` takes. */
export type NewPrice = Methods['ledger.set_price']['input'];
/** A balance assertion that does not hold. */
export type CheckFailure = Methods['ledger.check']['output']['failures'][number];

/** Where the "Show amounts in" choice is kept on this device. */
const SHOW_IN_KEY = 'supernet.books.show-in';
/** How long after a change elsewhere (a wallet payment) the books are re-read. */
const RELOAD_AFTER_MS = 1500;
/** How far back "All" looks for the first entry (the API takes at most 1,000 points a series). */
const FIRST_LOOKBACK_MONTHS = 960;
/** Income statements asked for at once while filling the bar chart. */
const PARALLEL = 4;

function readShowIn(): string | null {
  try {
    return localStorage.getItem(SHOW_IN_KEY);
  } catch {
    return null;
  }
}

/**
 * The books as the Balance sheet tab sees them: the accounts (with which commodities the
 * books hold), the "Show amounts in" choice, and a version that goes up whenever the books
 * change (from this tab, or a wallet payment recorded by the node) so reports re-read.
 */
export class Books {
  accounts = $state.raw<LedgerAccount[]>([]);
  /** Balance assertions that no longer hold (a wallet payment can make one fail). */
  failures = $state.raw<CheckFailure[]>([]);
  state = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<ErrorInfo | null>(null);
  /** Goes up after every change to the books. */
  version = $state(0);
  /** Convert every amount into this commodity (null: each commodity on its own). */
  private chosen = $state<string | null>(readShowIn());

  /** Every commodity the books hold, most held first. */
  readonly commodities = $derived(commoditiesOf(this.accounts));
  /** The commodity most of the books are in. */
  readonly main = $derived(mainCommodity(this.accounts));
  /** Whether the books have nothing in them yet. */
  readonly empty = $derived(this.state === 'ready' && this.accounts.length === 0);

  /** The first day anything happened (for "All"); undefined until looked up. */
  private first: string | null | undefined = undefined;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;

  /** The commodity amounts are converted into, when the books hold it. */
  get showIn(): string | null {
    return this.chosen !== null && this.commodities.includes(this.chosen) ? this.chosen : null;
  }

  set showIn(commodity: string | null) {
    this.chosen = commodity;
    try {
      if (commodity === null) localStorage.removeItem(SHOW_IN_KEY);
      else localStorage.setItem(SHOW_IN_KEY, commodity);
    } catch {
      // Not kept: it still applies now.
    }
  }

  async load(): Promise<void> {
    const n = ++this.seq;
    if (this.state !== 'ready') this.state = 'loading';
    try {
      const [{ accounts }, failures] = await Promise.all([
        call('ledger.accounts', {}),
        // Only a warning: the books show without it.
        call('ledger.check', {}).then(
          (c) => c.failures,
          () => [] as CheckFailure[],
        ),
      ]);
      if (n !== this.seq) return;
      this.accounts = accounts;
      this.failures = failures;
      this.error = null;
      this.state = 'ready';
    } catch (e) {
      if (n !== this.seq) return;
      session.handle(e);
      this.error = describeError(e);
      this.state = 'error';
    }
  }

  /** Loads now, and again after changes the node reports, until the returned function is called. */
  watch(): () => void {
    void this.load();
    const stop = onNotice((notice) => {
      if ((notice.type === 'events' && notice.count > 0) || notice.type === 'books' || notice.type === 'resync') this.reloadSoon();
    });
    return () => {
      stop();
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  private reloadSoon(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.changed();
    }, RELOAD_AFTER_MS);
  }

  /** The books changed: every report re-reads. */
  changed(): void {
    this.first = undefined;
    this.version += 1;
    void this.load();
  }

  /** Adds a transaction (rejects with the API's error, the books unchanged). */
  async add(draft: AddDraft): Promise<Transaction> {
    const txn = await call('ledger.add', draft);
    this.changed();
    return txn;
  }

  /** Deletes a transaction. */
  async remove(id: number): Promise<void> {
    await call('ledger.delete', { id });
    this.changed();
  }

  /** Imports a journal, all or nothing. */
  async importText(text: string, format: BooksFormat): Promise<ImportResult> {
    const result = await call('ledger.import', { text, format });
    this.changed();
    return result;
  }

  /** Every market price the books know. */
  async prices(): Promise<Price[]> {
    return (await call('ledger.prices', {})).prices;
  }

  /**
   * Sets a price (replacing the one of the same pair and day); every report re-reads, as
   * conversions change. Rejects with the API's error, the books unchanged.
   */
  async setPrice(price: NewPrice): Promise<Price> {
    const saved = await call('ledger.set_price', price);
    this.changed();
    return saved;
  }

  /** The books as text. */
  async exportText(format: BooksFormat): Promise<string> {
    return (await call('ledger.export', { format })).text;
  }

  /**
   * The day before the first day net worth was not empty, so a chart of "All" starts
   * from nothing; null for books without assets or debts.
   */
  async firstDay(to: string): Promise<string | null> {
    if (this.first !== undefined) return this.first;
    const from = addMonths(to, -FIRST_LOOKBACK_MONTHS);
    const { points } = await call('ledger.net_worth', { from, to, step: 'month' });
    const i = points.findIndex((p) => p.net_worth.length > 0);
    this.first = i < 0 ? null : points[Math.max(0, i - 1)].date;
    return this.first;
  }

  /** Back to the start (tests). */
  reset(): void {
    this.accounts = [];
    this.failures = [];
    this.state = 'idle';
    this.error = null;
    this.version = 0;
    this.first = undefined;
    this.chosen = readShowIn();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

export const books = new Books();

/**
 * A report being read: its last result stays on screen while a newer one loads, and an
 * answer that comes after a newer request is dropped.
 */
export class Report<T> {
  data = $state.raw<T | null>(null);
  state = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<ErrorInfo | null>(null);
  /** A newer result is on its way (the old one still shows). */
  refreshing = $state(false);
  private seq = 0;

  async run(fetch: () => Promise<T>): Promise<void> {
    const n = ++this.seq;
    if (this.data === null) this.state = 'loading';
    this.refreshing = this.data !== null;
    try {
      const data = await fetch();
      if (n !== this.seq) return;
      this.data = data;
      this.error = null;
      this.state = 'ready';
    } catch (e) {
      if (n !== this.seq) return;
      session.handle(e);
      this.error = describeError(e);
      this.state = 'error';
    } finally {
      if (n === this.seq) this.refreshing = false;
    }
  }
}

/** Income and expenses of one bar of the chart. */
export interface Flow {
  bucket: Bucket;
  income: IncomeStatement['net'];
  expenses: IncomeStatement['net'];
  net: IncomeStatement['net'];
}

/** What the overview shows: net worth over the period, and income and expenses by month. */
export interface Overview {
  period: Period;
  series: NetWorthSeries;
  flows: Flow[];
  /** Commodities no price converts into the one chosen. */
  missing: string[];
}

/** Runs `tasks` with at most `limit` at once, keeping their order. */
async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

/** Reads what the overview charts for `period`, converted into `commodity` when given. */
export async function loadOverview(period: Period, commodity: string | null, to: string = today()): Promise<Overview> {
  const first = period === 'all' ? await books.firstDay(to) : null;
  const plan = planSeries(period, to, first);
  const target = commodity ?? undefined;
  const [series, flows] = await Promise.all([
    call('ledger.net_worth', { ...plan, commodity: target }),
    inBatches(
      buckets(period, to, first).map((bucket) => async (): Promise<Flow & { missing: string[] }> => {
        const s = await call('ledger.income_statement', { from: bucket.from, to: bucket.to, commodity: target });
        return { bucket, income: s.income.total, expenses: s.expenses.total, net: s.net, missing: s.missing_prices };
      }),
      PARALLEL,
    ),
  ]);
  const missing = new Set(series.missing_prices);
  for (const f of flows) for (const m of f.missing) missing.add(m);
  return {
    period,
    series,
    flows: flows.map(({ missing: _m, ...f }) => f),
    missing: [...missing].sort(),
  };
}
