import { call, onNotice, type Methods } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';
import { shortId } from '../format';
import type { Notice } from '../transport/types';
import { ApiError } from '../transport/types';
import { mergeTransfers, NO_FILTERS, transfersInput, type HistoryFilters } from '../wallet/history';
import { parsePayLink, type PayRequest } from '../wallet/links';
import { profiles } from './profiles.svelte';
import { session } from './session.svelte';

/** Where this account stands in one currency. */
export type Balance = Methods['coin.balances']['output']['balances'][number];
/** Why an account is frozen. */
export type Freeze = NonNullable<Methods['coin.balances']['output']['frozen']>;
/** A currency as the node shows it. */
export type Currency = Methods['coin.currencies']['output']['currencies'][number];
/** One payment, to or from this account. */
export type Transfer = Methods['coin.transfers']['output']['transfers'][number];
/** A unique asset. */
export type Asset = Methods['assets.list']['output']['assets'][number];
/** An asset's history. */
export type Provenance = Methods['assets.provenance']['output'];
/** What `coin.pay` takes. */
export type PayInput = Methods['coin.pay']['input'];
/** What `coin.create_currency` takes. */
export type NewCurrency = Methods['coin.create_currency']['input'];
/** What `coin.vouch` returns: the operation written. */
export type Vouched = Methods['coin.vouch']['output'];
/** What `coin.request` returns. */
export type PaymentRequest = Methods['coin.request']['output'];

/** A currency to choose from in a form. */
export interface CurrencyOption {
  id: string;
  name: string;
  symbol: string;
  decimals: number;
}

type Status = 'idle' | 'loading' | 'ready' | 'error';

/** Transfers per page of the history (the node allows up to 500). */
export const HISTORY_PAGE = 30;
/** Payments the home lists. */
const RECENT = 5;
/** How long a burst of notices is gathered before anything is read again. */
const NOTICE_DELAY_MS = 250;
/** The network's own currency. */
export const NET = 'net';

/** Whether a notice may change what the wallet shows. */
export function touchesWallet(notice: Notice): boolean {
  switch (notice.type) {
    case 'events':
      return notice.events.some((e) => e.kind.startsWith('coin.') || e.kind.startsWith('assets.')) || notice.count > notice.events.length;
    case 'removed':
    case 'resync':
      return true;
    default:
      return false;
  }
}

/** The name to show for an account: its profile's, else its short id. */
export function accountName(account: string | null | undefined): string {
  if (!account) return '';
  if (account === session.account) return 'you';
  return profiles.displayName(account) ?? shortId(account);
}

/** A sentence: first letter up, a full stop at the end. */
function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const first = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** Codes whose node message says exactly what is wrong (over the limit, frozen, a bad field). */
const SPECIFIC = new Set(['over_limit', 'frozen', 'invalid_input', 'not_found', 'permission_denied']);

/**
 * An error of a wallet action for people: for refusals the node explains precisely (over
 * the credit limit, frozen, a field it refused), its own sentence, with account ids given
 * as names; otherwise what the code means, with the node's message beneath.
 */
export function walletError(error: unknown): ErrorInfo {
  const info = describeError(error);
  if (!SPECIFIC.has(info.code) || !info.detail) return info;
  const text = info.detail.replace(/sn1[02-9ac-hj-np-z]{58}/g, (id) => accountName(id));
  return { code: info.code, text: sentence(text), detail: '' };
}

/**
 * The payment history: pages newest first, read with the filters; more as the list
 * scrolls; the first page again when a change notice arrives.
 */
export class History {
  filters = $state<HistoryFilters>({ ...NO_FILTERS });
  items = $state.raw<Transfer[]>([]);
  next = $state<string | null>(null);
  status = $state<Status>('idle');
  error = $state<ErrorInfo | null>(null);
  loadingMore = $state(false);
  /** Counts reads: an answer to an older one (filters changed since) is dropped. */
  private generation = 0;

  /** Reads the first page with the current filters. */
  async load(): Promise<void> {
    const generation = ++this.generation;
    this.status = 'loading';
    this.error = null;
    try {
      const page = await call('coin.transfers', transfersInput(this.filters, HISTORY_PAGE));
      if (generation !== this.generation) return;
      this.items = page.transfers;
      this.next = page.next ?? null;
      this.status = 'ready';
    } catch (e) {
      if (generation !== this.generation) return;
      session.handle(e);
      this.error = describeError(e);
      this.status = 'error';
    }
  }

  /** Sets the filters and reads again. */
  filter(change: Partial<HistoryFilters>): Promise<void> {
    this.filters = { ...this.filters, ...change };
    return this.load();
  }

  /** Reads the next older page. */
  async loadMore(): Promise<void> {
    if (!this.next || this.loadingMore || this.status !== 'ready') return;
    const generation = this.generation;
    this.loadingMore = true;
    try {
      const page = await call('coin.transfers', transfersInput(this.filters, HISTORY_PAGE, this.next));
      if (generation !== this.generation) return;
      this.items = mergeTransfers(this.items, page.transfers);
      this.next = page.next ?? null;
    } catch (e) {
      if (generation === this.generation) {
        session.handle(e);
        this.error = describeError(e);
      }
    } finally {
      this.loadingMore = false;
    }
  }

  /** Reads the first page again and joins it to what is loaded (after a change). */
  async refresh(): Promise<void> {
    if (this.status === 'idle') return;
    if (this.status !== 'ready') return this.load();
    const generation = this.generation;
    try {
      const page = await call('coin.transfers', transfersInput(this.filters, HISTORY_PAGE));
      if (generation !== this.generation) return;
      this.items = mergeTransfers(this.items, page.transfers);
      if (this.items.length <= page.transfers.length) this.next = page.next ?? null;
    } catch (e) {
      session.handle(e);
    }
  }

  reset(): void {
    this.generation += 1;
    this.filters = { ...NO_FILTERS };
    this.items = [];
    this.next = null;
    this.status = 'idle';
    this.error = null;
    this.loadingMore = false;
  }
}

/**
 * The wallet: balances per currency (and whether this account is frozen), the currencies
 * known here, the history, the assets owned, and every action (pay, request, create and
 * join a currency, mint and hand on assets). It reads again when notices say coin or
 * asset events arrived.
 */
export class Wallet {
  balances = $state.raw<Balance[]>([]);
  frozen = $state.raw<Freeze | null>(null);
  /** The latest payments, for the home. */
  recent = $state.raw<Transfer[]>([]);
  status = $state<Status>('idle');
  error = $state<ErrorInfo | null>(null);
  currencies = $state.raw<Currency[]>([]);
  currenciesStatus = $state<Status>('idle');
  currenciesError = $state<ErrorInfo | null>(null);
  assets = $state.raw<Asset[]>([]);
  assetsStatus = $state<Status>('idle');
  assetsError = $state<ErrorInfo | null>(null);
  /** The accounts this one follows (whom to pay, at a click). */
  following = $state.raw<string[]>([]);
  followingStatus = $state<Status>('idle');
  readonly history = new History();

  private unsubscribe: (() => void) | null = null;
  /** How many screens show the wallet (the tab, a send dialog over the feed). */
  private watchers = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  /** A screen shows the wallet: notices are followed, and what the home shows is read. */
  show(): void {
    this.watchers += 1;
    if (this.unsubscribe) return;
    this.unsubscribe = onNotice((n) => this.onNotice(n));
    // Notices were not followed meanwhile: whatever was read may be stale.
    void Promise.all([
      this.loadBalances(),
      this.loadCurrencies(),
      this.loadFollowing(),
      this.history.refresh(),
      this.assetsStatus === 'idle' ? Promise.resolve() : this.loadAssets(),
    ]);
  }

  /** A screen stopped showing it: with none left, notices are no longer followed (what was read is kept). */
  hide(): void {
    this.watchers = Math.max(0, this.watchers - 1);
    if (this.watchers > 0) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Forgets everything (signing out, tests). */
  stop(): void {
    this.watchers = 1;
    this.hide();
    this.balances = [];
    this.frozen = null;
    this.recent = [];
    this.status = 'idle';
    this.error = null;
    this.currencies = [];
    this.currenciesStatus = 'idle';
    this.currenciesError = null;
    this.assets = [];
    this.assetsStatus = 'idle';
    this.assetsError = null;
    this.following = [];
    this.followingStatus = 'idle';
    this.history.reset();
  }

  /** Reads balances, currencies and whom this account follows, unless read already. */
  async ensure(): Promise<void> {
    const work: Promise<void>[] = [];
    if (this.status === 'idle' || this.status === 'error') work.push(this.loadBalances());
    if (this.currenciesStatus === 'idle' || this.currenciesStatus === 'error') work.push(this.loadCurrencies());
    if (this.followingStatus === 'idle' || this.followingStatus === 'error') work.push(this.loadFollowing());
    await Promise.all(work);
  }

  async loadBalances(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    this.error = null;
    try {
      const [out, recent] = await Promise.all([call('coin.balances', {}), call('coin.transfers', { limit: RECENT })]);
      this.balances = out.balances;
      this.recent = recent.transfers;
      this.frozen = out.frozen ?? null;
      this.status = 'ready';
    } catch (e) {
      session.handle(e);
      this.error = describeError(e);
      this.status = 'error';
    }
  }

  async loadCurrencies(): Promise<void> {
    if (this.currenciesStatus !== 'ready') this.currenciesStatus = 'loading';
    this.currenciesError = null;
    try {
      this.currencies = (await call('coin.currencies', {})).currencies;
      this.currenciesStatus = 'ready';
    } catch (e) {
      session.handle(e);
      this.currenciesError = describeError(e);
      this.currenciesStatus = 'error';
    }
  }

  async loadAssets(): Promise<void> {
    if (this.assetsStatus !== 'ready') this.assetsStatus = 'loading';
    this.assetsError = null;
    try {
      this.assets = (await call('assets.list', {})).assets;
      this.assetsStatus = 'ready';
    } catch (e) {
      session.handle(e);
      this.assetsError = describeError(e);
      this.assetsStatus = 'error';
    }
  }

  async loadFollowing(): Promise<void> {
    if (this.followingStatus !== 'ready') this.followingStatus = 'loading';
    try {
      this.following = (await call('social.following', {})).accounts;
      this.followingStatus = 'ready';
    } catch (e) {
      // Picking from a list is a convenience: an id can still be pasted.
      session.handle(e);
      this.followingStatus = 'error';
    }
  }

  /** A currency known here, by id. */
  currency(id: string | null | undefined): Currency | undefined {
    return this.currencies.find((c) => c.id === (id || NET));
  }

  /** This account's balance in a currency, if it holds it. */
  balance(id: string | null | undefined): Balance | undefined {
    return this.balances.find((b) => b.currency === (id || NET));
  }

  /** The decimals and symbol of a currency (from the balances, else the currencies). */
  unit(id: string | null | undefined): { decimals: number; symbol: string; name: string } {
    const b = this.balance(id);
    const c = this.currency(id);
    return {
      decimals: b?.decimals ?? c?.decimals ?? 2,
      symbol: b?.symbol ?? c?.symbol ?? '',
      name: c?.name ?? (id === NET || !id ? 'Supernet credit' : 'Unknown currency'),
    };
  }

  /**
   * The currencies a form offers: those this account holds (the network's first), and
   * `extra` (a currency a payment link names) when it is known here.
   */
  options(extra?: string | null): CurrencyOption[] {
    const list: CurrencyOption[] = this.balances.map((b) => ({
      id: b.currency,
      name: this.currency(b.currency)?.name ?? (b.currency === NET ? 'Supernet credit' : b.symbol),
      symbol: b.symbol,
      decimals: b.decimals,
    }));
    if (!list.some((o) => o.id === NET)) {
      const net = this.currency(NET);
      list.unshift({ id: NET, name: net?.name ?? 'Supernet credit', symbol: net?.symbol ?? 'ŧ', decimals: net?.decimals ?? 2 });
    }
    const known = extra ? this.currency(extra) : undefined;
    if (known && !list.some((o) => o.id === known.id)) {
      list.push({ id: known.id, name: known.name, symbol: known.symbol, decimals: known.decimals });
    }
    return list;
  }

  /**
   * Pays an account. The payment is pending until the payee's node countersigns it; the
   * balances are read again at once. Throws the API error for the form.
   */
  async pay(input: { to: string; amount: string; currency: string; memo: string }): Promise<Transfer> {
    const request: PayInput = { to: input.to, amount: input.amount };
    if (input.currency && input.currency !== NET) request.currency = input.currency;
    if (input.memo.trim()) request.memo = input.memo.trim();
    try {
      const transfer = await call('coin.pay', request);
      void this.loadBalances();
      void this.history.refresh();
      return transfer;
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  /**
   * Vouches for an account: lends it `amount` of this account's credit limit in
   * `currency` (one whose rules allow vouching). The limit is lower at once; the balances
   * are read again. Throws the API error for the form.
   */
  async vouch(input: { for: string; amount: string; currency: string }): Promise<Vouched> {
    const request: Methods['coin.vouch']['input'] = { for: input.for, amount: input.amount };
    if (input.currency && input.currency !== NET) request.currency = input.currency;
    try {
      const out = await call('coin.vouch', request);
      await this.loadBalances();
      return out;
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  /**
   * The currencies one may vouch in: those held whose rules allow it (the network's
   * does, also before the currencies are read).
   */
  vouchOptions(): CurrencyOption[] {
    return this.options().filter((o) => this.currency(o.id)?.vouching ?? o.id === NET);
  }

  /** A payment request as a link. Throws the API error. */
  async request(input: { amount: string; currency: string; memo: string }): Promise<PaymentRequest> {
    const request: Methods['coin.request']['input'] = { amount: input.amount };
    if (input.currency && input.currency !== NET) request.currency = input.currency;
    if (input.memo.trim()) request.memo = input.memo.trim();
    try {
      return await call('coin.request', request);
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  /**
   * Reads a payment link: by the node, or here when the node cannot (an older one, or
   * unreachable for a moment). Throws an ApiError saying what is wrong with the link.
   */
  async readLink(link: string): Promise<PayRequest> {
    try {
      return await call('coin.parse_request', { link: link.trim() });
    } catch (e) {
      const code = e instanceof ApiError ? e.code : '';
      if (code !== 'unknown_method' && code !== 'unavailable') throw e;
      try {
        return parsePayLink(link);
      } catch (problem) {
        throw new ApiError('invalid_input', problem instanceof Error ? problem.message : String(problem));
      }
    }
  }

  /** Defines a community currency (and joins it). Throws the API error. */
  async createCurrency(input: NewCurrency): Promise<Currency> {
    try {
      const currency = await call('coin.create_currency', input);
      await Promise.all([this.loadCurrencies(), this.loadBalances()]);
      return currency;
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  /** Joins a currency. Throws the API error. */
  async join(currency: string): Promise<Currency> {
    try {
      const out = await call('coin.join', { currency });
      await Promise.all([this.loadCurrencies(), this.loadBalances()]);
      return out.currency;
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  /** Mints an asset. Throws the API error. */
  async mint(input: Methods['assets.mint']['input']): Promise<Asset> {
    try {
      const asset = await call('assets.mint', input);
      this.assets = [asset, ...this.assets.filter((a) => a.id !== asset.id)];
      void this.loadAssets();
      return asset;
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  /** Hands an asset to another account. Throws the API error. */
  async transferAsset(asset: string, to: string): Promise<Asset> {
    try {
      const out = await call('assets.transfer', { asset, to });
      this.assets = this.assets.filter((a) => a.id !== asset);
      void this.loadAssets();
      return out;
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  /** An asset's history. Throws the API error. */
  async provenance(asset: string): Promise<Provenance> {
    try {
      return await call('assets.provenance', { asset });
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  private onNotice(notice: Notice): void {
    if (!touchesWallet(notice)) return;
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sync(notice);
    }, NOTICE_DELAY_MS);
  }

  /** Reads again what is shown: balances, the history and assets once read, currencies. */
  private sync(notice: Notice): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const currencies = notice.type !== 'events' || notice.events.some((e) => e.kind === 'coin.currency' || e.kind === 'coin.op');
    this.running = (async () => {
      do {
        this.again = false;
        const work: Promise<void>[] = [this.loadBalances(), this.history.refresh()];
        if (this.assetsStatus !== 'idle') work.push(this.loadAssets());
        if (currencies && this.currenciesStatus !== 'idle') work.push(this.loadCurrencies());
        await Promise.all(work);
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}

export const wallet = new Wallet();
