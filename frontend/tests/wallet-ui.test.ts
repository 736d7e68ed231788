import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../src/App.svelte';
import PostCard from '../src/components/feed/PostCard.svelte';
import { session } from '../src/lib/stores/session.svelte';
import { wallet } from '../src/lib/stores/wallet.svelte';
import { fakeHash } from '../src/lib/transport/fake';
import { ApiError } from '../src/lib/transport/types';
import { ACCOUNT, fakeNode, MENTIONED, OTHER, post } from './fixtures';

afterEach(() => wallet.stop());

const COMMUNITY = 'c'.repeat(64);
const ASSET = 'a'.repeat(64);
const IMAGE = 'b'.repeat(64);

/** Decimal text to cents and back (2 decimals), as the node counts. */
const cents = (text: string) => Math.round(Number(text) * 100);
const text = (n: number) => `${n < 0 ? '-' : ''}${Math.floor(Math.abs(n) / 100)}.${String(Math.abs(n) % 100).padStart(2, '0')}`;

interface FakeTransfer {
  id: string;
  from: string;
  to: string;
  direction: string;
  currency: string;
  symbol: string;
  amount: string;
  minor: number;
  memo?: string;
  created_at: number;
  status: string;
  notarizations: number;
  quorum: number;
  reason?: string;
}

/**
 * A fake node with a wallet: the network's currency (balance, limit 100, pending
 * payments), a list of transfers served newest first in pages with cursors, a community
 * currency not joined yet, and one asset with a picture.
 */
function walletNode(options: { balance?: number; frozen?: boolean; transfers?: number } = {}) {
  const fake = fakeNode({ profiles: { [OTHER]: { name: 'Bob', bio: '', links: [] }, [MENTIONED]: { name: 'Carol', bio: '', links: [] } } });
  fake.node.following = [OTHER, MENTIONED];
  const now = Date.now();
  const state = {
    balance: options.balance ?? -1200,
    limit: 10_000,
    pendingOut: 0,
    transfers: [] as FakeTransfer[],
    joined: false,
    assets: [
      {
        id: ASSET,
        name: 'Harbour at dusk',
        description: 'Oil on canvas',
        file: { hash: IMAGE, name: 'harbour.jpg', mime: 'image/jpeg', size: 1000 },
        minter: ACCOUNT,
        minted_at: now - 86_400_000,
        owner: ACCOUNT,
        head: ASSET,
        transfers: 0,
      },
    ] as Record<string, unknown>[],
  };
  for (let i = 0; i < (options.transfers ?? 2); i++) {
    const out = i % 2 === 0;
    state.transfers.push({
      id: (i + 1).toString(16).padStart(64, '0'),
      from: out ? ACCOUNT : OTHER,
      to: out ? OTHER : ACCOUNT,
      direction: out ? 'out' : 'in',
      currency: 'net',
      symbol: 'ŧ',
      amount: `${i + 1}.00`,
      minor: (i + 1) * 100,
      ...(i === 0 ? { memo: 'Coffee beans' } : {}),
      created_at: now - (i + 1) * 60_000,
      status: 'confirmed',
      notarizations: 0,
      quorum: 0,
    });
  }
  const available = () => Math.max(0, state.balance + state.limit - state.pendingOut);
  const balances = () => ({
    account: ACCOUNT,
    ...(options.frozen
      ? { frozen: { seq: 7, a: 'e'.repeat(64), a_at: now - 5000, b: 'f'.repeat(64), b_at: now - 4000, found_at: now - 3000, reason: `${ACCOUNT} signed two different operations at seq 7` } }
      : {}),
    balances: [
      {
        currency: 'net',
        symbol: 'ŧ',
        decimals: 2,
        balance: text(state.balance),
        limit: text(state.limit),
        available: text(available()),
        pending_out: text(state.pendingOut),
        pending_in: '0.00',
        received: '0.00',
      },
      ...(state.joined
        ? [{ currency: COMMUNITY, symbol: 'H', decimals: 0, balance: '0', limit: '10', available: '10', pending_out: '0', pending_in: '0', received: '0' }]
        : []),
    ],
  });
  const currencies = () => ({
    currencies: [
      { id: 'net', name: 'Supernet credit', symbol: 'ŧ', decimals: 2, start_limit: '100.00', growth: '0.1', vouching: true, notaries: [], quorum: 0, joined: true },
      { id: COMMUNITY, name: 'Village hours', symbol: 'H', decimals: 0, start_limit: '10', growth: '0', vouching: false, notaries: [OTHER, MENTIONED], quorum: 2, creator: OTHER, joined: state.joined },
    ],
  });
  const sorted = () => [...state.transfers].sort((a, b) => b.created_at - a.created_at);
  fake.transport
    .on('social.following', () => ({ accounts: fake.node.following }))
    .on('coin.balances', balances)
    .on('coin.currencies', currencies)
    .on('coin.transfers', (input: { limit?: number; before?: string; direction?: string; currency?: string; counterparty?: string; status?: string; from?: number; to?: number }) => {
      const all = sorted().filter(
        (t) =>
          (!input.from || t.created_at >= input.from) &&
          (!input.to || t.created_at <= input.to) &&
          (!input.direction || t.direction === input.direction) &&
          (!input.currency || t.currency === input.currency) &&
          (!input.status || t.status === input.status) &&
          (!input.counterparty || t.from === input.counterparty || t.to === input.counterparty),
      );
      const start = input.before ? Number(input.before) : 0;
      const limit = input.limit ?? 50;
      const page = all.slice(start, start + limit);
      return { transfers: page, ...(page.length === limit ? { next: String(start + limit) } : {}) };
    })
    .on('coin.pay', (input: { to: string; amount: string; currency?: string; memo?: string }) => {
      if (input.to === ACCOUNT) throw new ApiError('invalid_input', 'an account does not pay itself');
      const amount = cents(input.amount);
      const after = state.balance - state.pendingOut - amount;
      if (after < -state.limit) {
        throw new ApiError(
          'over_limit',
          `Paying ${input.amount} ŧ to ${input.to} would take your balance to ${text(after)} ŧ, below your limit of -100.00 ŧ; you can pay at most ${text(available())} ŧ now`,
        );
      }
      state.pendingOut += amount;
      const transfer: FakeTransfer = {
        id: fakeHash(100 + state.transfers.length),
        from: ACCOUNT,
        to: input.to,
        direction: 'out',
        currency: input.currency ?? 'net',
        symbol: 'ŧ',
        amount: input.amount,
        minor: amount,
        ...(input.memo ? { memo: input.memo } : {}),
        created_at: Date.now(),
        status: 'pending',
        notarizations: 0,
        quorum: 0,
      };
      state.transfers.push(transfer);
      return transfer;
    })
    .on('coin.request', (input: { amount: string; currency?: string; memo?: string }) => {
      const link = `supernet://pay?to=${ACCOUNT}&amount=${input.amount}&currency=${input.currency ?? 'net'}${input.memo ? `&memo=${encodeURIComponent(input.memo)}` : ''}`;
      return { to: ACCOUNT, amount: input.amount, currency: input.currency ?? 'net', ...(input.memo ? { memo: input.memo } : {}), link };
    })
    .on('coin.parse_request', (input: { link: string }) => {
      const url = new URL(input.link.replace('supernet://pay?', 'https://x/?'));
      const to = url.searchParams.get('to');
      if (!to) throw new ApiError('invalid_input', 'the link does not say whom to pay (to=…)');
      return { to, amount: url.searchParams.get('amount'), currency: url.searchParams.get('currency') ?? 'net', memo: url.searchParams.get('memo'), link: input.link };
    })
    .on('coin.join', (input: { currency: string }) => {
      state.joined = true;
      return { currency: currencies().currencies.find((c) => c.id === input.currency) };
    })
    .on('coin.create_currency', (input: { name: string; symbol: string; decimals?: number }) => ({
      id: 'd'.repeat(64),
      name: input.name,
      symbol: input.symbol,
      decimals: input.decimals ?? 2,
      start_limit: '50',
      growth: '0',
      vouching: false,
      notaries: [],
      quorum: 0,
      creator: ACCOUNT,
      joined: true,
    }))
    .on('assets.list', () => ({ assets: state.assets }))
    .on('assets.mint', (input: { name: string; description?: string; file?: { hash: string; name?: string; mime?: string } }) => {
      const asset = {
        id: '9'.repeat(64),
        name: input.name,
        description: input.description ?? '',
        ...(input.file ? { file: { hash: input.file.hash, name: input.file.name ?? 'file', mime: input.file.mime ?? 'application/octet-stream', size: 3 } } : {}),
        minter: ACCOUNT,
        minted_at: Date.now(),
        owner: ACCOUNT,
        head: '9'.repeat(64),
        transfers: 0,
      };
      state.assets.unshift(asset);
      return asset;
    })
    .on('assets.transfer', (input: { asset: string; to: string }) => {
      const asset = state.assets.find((a) => a.id === input.asset)!;
      state.assets = state.assets.filter((a) => a.id !== input.asset);
      return { ...asset, owner: input.to, transfers: 1 };
    })
    .on('assets.provenance', (input: { asset: string }) => ({
      asset: { ...state.assets[0], id: input.asset, owner: OTHER, transfers: 1, frozen: { prev: ASSET, a: '1'.repeat(64), b: '2'.repeat(64), reason: `${OTHER} signed two transfers of this asset from one state` } },
      history: [{ id: '1'.repeat(64), from: ACCOUNT, to: OTHER, at: now - 1000 }],
      stray: 1,
    }));
  /** The payee's node countersigns a pending payment; a notice says so. */
  const countersign = (id: string) => {
    const t = state.transfers.find((x) => x.id === id)!;
    t.status = 'confirmed';
    state.pendingOut -= t.minor;
    state.balance -= t.minor;
    fake.transport.emit({ type: 'events', count: 1, events: [{ id: 'r'.repeat(64), kind: 'coin.op', author: t.to }] });
  };
  return { ...fake, state, countersign };
}

async function openWallet(hash = '#/wallet') {
  location.hash = hash;
  render(App);
  await screen.findByRole('heading', { name: 'Wallet', level: 1 });
}

describe('wallet home', () => {
  it('shows a card per currency, a balance below zero in plain words, the credit used, and the latest payments by name', async () => {
    walletNode();
    await openWallet();
    const card = await screen.findByTestId('balance-card');
    expect(within(card).getByRole('heading', { name: 'Supernet credit' })).toBeTruthy();
    expect(within(card).getByTestId('balance-amount').textContent).toMatch(/−12\.00 ŧ$/);
    expect(within(card).getByText('You owe the network 12.00 ŧ; you can go down to −100.00 ŧ. Payments you receive bring you back up.')).toBeTruthy();
    const bar = within(card).getByRole('progressbar', { name: 'Credit used in Supernet credit' });
    expect(bar.getAttribute('aria-valuenow')).toBe('12');
    expect(bar.getAttribute('aria-valuetext')).toBe('12.00 ŧ of 100.00 ŧ credit used');
    expect(within(card).getByText('88.00 ŧ')).toBeTruthy(); // can pay now

    const latest = screen.getByRole('list', { name: 'Latest payments' });
    const rows = await within(latest).findAllByTestId('transfer');
    expect(rows).toHaveLength(2);
    await waitFor(() => expect(within(rows[0]).getByRole('link', { name: 'Bob' })).toBeTruthy());
    expect(within(rows[0]).getByTestId('transfer-memo').textContent).toBe('Coffee beans');
    expect(within(rows[0]).getByTestId('transfer-amount').textContent).toMatch(/−1\.00 ŧ$/);
    expect(within(rows[1]).getByTestId('transfer-amount').textContent).toMatch(/\+2\.00 ŧ$/);
    expect(within(rows[0]).getByTestId('transfer-status').textContent).toMatch(/Final/);
  });

  it('shows a frozen account first, with why, and offers no Send', async () => {
    walletNode({ frozen: true });
    await openWallet();
    const frozen = await screen.findByTestId('frozen');
    expect(frozen.getAttribute('role')).toBe('alert');
    expect(within(frozen).getByRole('heading', { name: 'Your account is frozen' })).toBeTruthy();
    expect(within(frozen).getByText(/signed two different operations at the same step \(7\)/)).toBeTruthy();
    expect((screen.getByTestId('wallet-send') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('sending', () => {
  it('pays someone followed: pick, amount with decimals, memo, a confirmation with the effect on the balance, then pending until countersigned', async () => {
    const { transport, state, countersign } = walletNode();
    await openWallet();
    await screen.findByTestId('balance-card');
    await fireEvent.click(screen.getByTestId('wallet-send'));
    const dialog = screen.getByRole('dialog', { name: 'Send money' });

    // Nothing filled in: the problems show in place.
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(within(dialog).getByText('Choose whom to pay.')).toBeTruthy();
    expect(within(dialog).getByText('Enter an amount.')).toBeTruthy();

    // Bob, by name.
    await fireEvent.input(within(dialog).getByTestId('payee-input'), { target: { value: 'bo' } });
    const options = within(dialog).getAllByTestId('payee-option');
    expect(options).toHaveLength(1);
    await fireEvent.click(options[0]);
    expect(within(within(dialog).getByTestId('payee')).getByText('Bob')).toBeTruthy();

    const amount = within(dialog).getByTestId('amount-input') as HTMLInputElement;
    await fireEvent.input(amount, { target: { value: '1.234' } });
    expect(within(dialog).getByText('This currency counts in at most 2 decimals.')).toBeTruthy();
    await fireEvent.input(amount, { target: { value: '12,5' } });
    expect(within(dialog).queryByText('This currency counts in at most 2 decimals.')).toBeNull();
    await fireEvent.input(within(dialog).getByTestId('memo-input'), { target: { value: 'Lunch on Friday' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));

    const confirm = within(dialog).getByTestId('send-confirm');
    expect(within(confirm).getByTestId('confirm-amount').textContent).toBe('12.50 ŧ');
    expect(within(confirm).getByText('“Lunch on Friday”')).toBeTruthy();
    expect(within(confirm).getByTestId('balance-after').textContent).toBe('−24.50 ŧ');
    expect(within(confirm).getByText(/You will owe the network 24\.50 ŧ — that is fine: you can go down to −100\.00 ŧ/)).toBeTruthy();
    expect(transport.callsTo('coin.pay')).toEqual([]);

    await fireEvent.click(within(dialog).getByTestId('confirm-pay'));
    const done = await within(dialog).findByTestId('send-done');
    expect(transport.callsTo('coin.pay')).toEqual([{ to: OTHER, amount: '12.50', memo: 'Lunch on Friday' }]);
    expect(within(done).getByText(/Sent\s+12\.50 ŧ to Bob/)).toBeTruthy();
    expect(within(done).getByText(/Waiting for Bob to accept it/)).toBeTruthy();

    // Bob's node countersigns; the notice makes the dialog and the card show it.
    countersign(state.transfers.at(-1)!.id);
    await within(dialog).findByText(/Paid\s+12\.50 ŧ to Bob/, undefined, { timeout: 3000 });
    expect(within(done).getByText('Bob accepted it: it is final.')).toBeTruthy();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.getByTestId('balance-amount').textContent).toMatch(/−24\.50 ŧ$/));
  });

  it('takes a pasted account id, and shows the node’s own sentence when a payment is over the limit, with the payee’s name', async () => {
    walletNode();
    await openWallet();
    await screen.findByTestId('balance-card');
    await fireEvent.click(screen.getByTestId('wallet-send'));
    const dialog = screen.getByRole('dialog', { name: 'Send money' });
    // An account id pasted in (Carol's, a real one) is taken at once.
    await fireEvent.input(within(dialog).getByTestId('payee-input'), { target: { value: ` ${MENTIONED} ` } });
    expect(within(within(dialog).getByTestId('payee')).getByText('Carol')).toBeTruthy();
    await fireEvent.input(within(dialog).getByTestId('amount-input'), { target: { value: '500' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(within(dialog).getByText('This is more than your credit allows: you can pay at most 88.00 ŧ now.')).toBeTruthy();
    await fireEvent.click(within(dialog).getByTestId('confirm-pay'));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain(
      'Paying 500.00 ŧ to Carol would take your balance to -512.00 ŧ, below your limit of -100.00 ŧ; you can pay at most 88.00 ŧ now.',
    );
    expect(within(dialog).getByTestId('send-confirm')).toBeTruthy(); // still there, to go back and change it
  });

  it('fills the form from a pasted payment link (read by the node)', async () => {
    const { transport } = walletNode();
    await openWallet();
    await screen.findByTestId('balance-card');
    await fireEvent.click(screen.getByTestId('wallet-send'));
    const dialog = screen.getByRole('dialog', { name: 'Send money' });
    const link = `supernet://pay?to=${MENTIONED}&amount=7.25&currency=net&memo=Concert%20ticket`;
    await fireEvent.input(within(dialog).getByTestId('payee-input'), { target: { value: link } });
    expect(await within(dialog).findByText('Filled in from a payment link. Check it before paying.')).toBeTruthy();
    expect(transport.callsTo('coin.parse_request')).toEqual([{ link }]);
    expect(within(within(dialog).getByTestId('payee')).getByText('Carol')).toBeTruthy();
    expect((within(dialog).getByTestId('amount-input') as HTMLInputElement).value).toBe('7.25');
    expect((within(dialog).getByTestId('memo-input') as HTMLInputElement).value).toBe('Concert ticket');
  });

  it('says so when a link asks for a currency this node does not know', async () => {
    walletNode();
    await openWallet();
    await screen.findByTestId('balance-card');
    await fireEvent.click(screen.getByTestId('wallet-send'));
    const dialog = screen.getByRole('dialog', { name: 'Send money' });
    const link = `supernet://pay?to=${MENTIONED}&amount=2&currency=${'f'.repeat(64)}`;
    await fireEvent.input(within(dialog).getByTestId('payee-input'), { target: { value: link } });
    expect(await within(dialog).findByText(/a currency your node does not know yet/)).toBeTruthy();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(within(dialog).queryByTestId('send-confirm')).toBeNull();
  });

  it('reads a link itself when the node cannot, and says what is wrong with a bad one', async () => {
    const { transport } = walletNode();
    transport.on('coin.parse_request', () => {
      throw new ApiError('unknown_method', 'no method coin.parse_request');
    });
    await openWallet();
    await screen.findByTestId('balance-card');
    await fireEvent.click(screen.getByTestId('wallet-send'));
    const dialog = screen.getByRole('dialog', { name: 'Send money' });
    const input = within(dialog).getByTestId('payee-input');
    await fireEvent.input(input, { target: { value: 'supernet://pay?to=bob&amount=3' } });
    expect(await within(dialog).findByText('The payee in the link is not an account.')).toBeTruthy();
    await fireEvent.input(input, { target: { value: `supernet://pay?to=${MENTIONED}&amount=3&memo=a+b` } });
    await within(dialog).findByText('Filled in from a payment link. Check it before paying.');
    expect((within(dialog).getByTestId('amount-input') as HTMLInputElement).value).toBe('3');
    expect((within(dialog).getByTestId('memo-input') as HTMLInputElement).value).toBe('a b');
  });

  it('opens prefilled from a route, and from a post’s Tip button', async () => {
    walletNode();
    await openWallet(`#/wallet/send/${OTHER}`);
    const dialog = await screen.findByRole('dialog', { name: 'Send money' });
    await waitFor(() => expect(within(within(dialog).getByTestId('payee')).getByText('Bob')).toBeTruthy());
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(location.hash).toBe('#/wallet'));
  });
});

describe('tips on posts', () => {
  it('a post by someone else has a Tip button that opens the send form for its author', async () => {
    walletNode();
    render(PostCard, { post: post(1, Date.now() - 60_000, { author: OTHER, author_name: 'Bob' }) });
    await fireEvent.click(screen.getByRole('button', { name: 'Tip' }));
    const dialog = screen.getByRole('dialog', { name: 'Tip Bob' });
    expect(within(within(dialog).getByTestId('payee')).getByText('Bob')).toBeTruthy();
    expect((within(dialog).getByTestId('memo-input') as HTMLInputElement).value).toBe('Tip for your post');
  });

  it('one’s own post has none', async () => {
    walletNode();
    await session.boot();
    render(PostCard, { post: post(2, Date.now(), { author: ACCOUNT }) });
    expect(screen.queryByRole('button', { name: 'Tip' })).toBeNull();
  });
});

describe('requesting', () => {
  it('makes a link with a QR code and a copy button', async () => {
    const { transport } = walletNode();
    await openWallet();
    await screen.findByTestId('balance-card');
    await fireEvent.click(screen.getByTestId('wallet-request'));
    const dialog = screen.getByRole('dialog', { name: 'Request money' });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    expect(within(dialog).getByText('Enter an amount.')).toBeTruthy();
    await fireEvent.input(within(dialog).getByTestId('amount-input'), { target: { value: '20' } });
    await fireEvent.input(within(dialog).getByLabelText(/What is it for/), { target: { value: 'Taxi' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    const result = await within(dialog).findByTestId('request-result');
    expect(transport.callsTo('coin.request')).toEqual([{ amount: '20.00', memo: 'Taxi' }]);
    const link = within(result).getByTestId('request-link') as HTMLTextAreaElement;
    expect(link.value).toBe(`supernet://pay?to=${ACCOUNT}&amount=20.00&currency=net&memo=Taxi`);
    const qr = await within(result).findByRole('img', { name: 'QR code of the payment link' });
    expect(qr.querySelector('path')?.getAttribute('d')).toMatch(/^M0 0h7v1h-7z/);
    expect(within(dialog).getByRole('button', { name: 'Copy link' })).toBeTruthy();
  });
});

describe('history', () => {
  it('lists by day with names, filters through the node, and loads older pages', async () => {
    const { transport, countersign, state } = walletNode({ transfers: 45 });
    /** The history's latest read (the home's list of the latest payments asks for 5). */
    const lastRead = () => transport.callsTo('coin.transfers').filter((c) => (c as { limit: number }).limit !== 5).at(-1);
    await openWallet('#/wallet/history');
    const lists = await screen.findAllByRole('list', { name: /^Payments on/ });
    expect(lists[0].getAttribute('aria-label')).toBe('Payments on Today');
    expect(screen.getAllByTestId('transfer')).toHaveLength(30);
    expect(lastRead()).toEqual({ limit: 30 });

    await fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('transfer')).toHaveLength(45));
    expect(lastRead()).toEqual({ limit: 30, before: '30' });
    expect(screen.getByText('That is all.')).toBeTruthy();

    await fireEvent.change(screen.getByLabelText('Direction'), { target: { value: 'in' } });
    await waitFor(() => expect(lastRead()).toEqual({ limit: 30, direction: 'in' }));
    await waitFor(() => expect(screen.getAllByTestId('transfer').every((r) => r.dataset.direction === 'in')).toBe(true));

    await fireEvent.change(screen.getByLabelText('With'), { target: { value: OTHER } });
    await waitFor(() => expect(lastRead()).toEqual({ limit: 30, direction: 'in', counterparty: OTHER }));
    await fireEvent.change(screen.getByLabelText('Until'), { target: { value: '2024-03-01' } });
    await waitFor(() =>
      expect(lastRead()).toMatchObject({ counterparty: OTHER, to: new Date(2024, 2, 2).getTime() - 1 }),
    );
    expect(await screen.findByText('No payments match these filters.')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: /Clear filters/ }));
    await waitFor(() => expect(lastRead()).toEqual({ limit: 30 }));
    await waitFor(() => expect(screen.getAllByTestId('transfer')).toHaveLength(30));

    // A payment made meanwhile shows at the top when the notice comes, pending, then final.
    state.transfers.push({ ...state.transfers[0], id: 'e'.repeat(64), created_at: Date.now(), status: 'pending', memo: 'New one', minor: 100 });
    state.pendingOut += 100;
    transport.emit({ type: 'events', count: 1, events: [{ id: 'x'.repeat(64), kind: 'coin.op', author: ACCOUNT }] });
    const row = await screen.findByText('New one', undefined, { timeout: 3000 });
    const li = row.closest('li')!;
    expect(within(li).getByTestId('transfer-status').textContent).toMatch(/Pending/);
    countersign('e'.repeat(64));
    await waitFor(() => expect(within(li).getByTestId('transfer-status').textContent).toMatch(/Final/), { timeout: 3000 });
  });
});

describe('assets', () => {
  it('lists owned assets with their picture, mints one with a file, and hands one on', async () => {
    const { transport } = walletNode();
    await openWallet('#/wallet/assets');
    const card = await screen.findByTestId('asset');
    expect(within(card).getByRole('heading', { name: 'Harbour at dusk' })).toBeTruthy();
    expect(within(card).getByRole('img', { name: 'Harbour at dusk' }).getAttribute('src')).toBe(`/blobs/${IMAGE}?author=${ACCOUNT}&mime=image%2Fjpeg&name=harbour.jpg`);

    await fireEvent.click(screen.getByTestId('mint-open'));
    const dialog = screen.getByRole('dialog', { name: 'Mint an asset' });
    await fireEvent.click(within(dialog).getByRole('button', { name: /^Mint$/ }));
    expect(within(dialog).getByText('Give it a name.')).toBeTruthy();
    await fireEvent.input(within(dialog).getByLabelText('Name'), { target: { value: 'Ticket No. 7' } });
    await fireEvent.input(within(dialog).getByLabelText(/What is it/), { target: { value: 'Front row' } });
    await fireEvent.change(within(dialog).getByTestId('mint-file-input'), { target: { files: [new File(['abc'], 'ticket.png', { type: 'image/png' })] } });
    await within(dialog).findByText('3 B · ready');
    await fireEvent.click(within(dialog).getByRole('button', { name: /^Mint$/ }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Mint an asset' })).toBeNull());
    expect(transport.callsTo('assets.mint')).toEqual([{ name: 'Ticket No. 7', description: 'Front row', file: { hash: fakeHash(1), name: 'ticket.png', mime: 'image/png' } }]);
    await waitFor(() => expect(screen.getAllByTestId('asset')).toHaveLength(2));

    const harbour = screen.getAllByTestId('asset').find((c) => c.textContent?.includes('Harbour'))!;
    await fireEvent.click(within(harbour).getByRole('button', { name: /Hand on/ }));
    const give = screen.getByRole('dialog', { name: 'Hand on “Harbour at dusk”' });
    await fireEvent.click(within(give).getByRole('button', { name: 'Hand it on' }));
    expect(within(give).getByText('Choose whom to give it to.')).toBeTruthy();
    await fireEvent.click(within(give).getAllByTestId('payee-option').find((o) => o.textContent?.includes('Carol'))!);
    expect(within(give).getByText(/Carol becomes its owner/)).toBeTruthy();
    await fireEvent.click(within(give).getByRole('button', { name: 'Hand it on' }));
    await waitFor(() => expect(transport.callsTo('assets.transfer')).toEqual([{ asset: ASSET, to: MENTIONED }]));
  });

  it('shows the provenance: the mint, every change of hands, and a freeze', async () => {
    walletNode();
    await openWallet(`#/wallet/assets/${ASSET}`);
    const dialog = await screen.findByRole('dialog', { name: 'Harbour at dusk' });
    const steps = within(await within(dialog).findByTestId('provenance')).getAllByRole('listitem');
    expect(steps).toHaveLength(2);
    expect(steps[0].textContent).toMatch(/you\s*minted it/);
    await waitFor(() => expect(steps[1].textContent).toMatch(/you\s*handed it to\s*Bob/));
    expect(within(dialog).getByText(/Frozen\./)).toBeTruthy();
    expect(within(dialog).getByText(/1 other hand-over seen here is not part of its history/)).toBeTruthy();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(location.hash).toBe('#/wallet/assets'));
  });
});

describe('currencies', () => {
  it('lists currencies with their rules in words, joins one, and creates one', async () => {
    const { transport } = walletNode();
    await openWallet('#/wallet/currencies');
    const cards = await screen.findAllByTestId('currency');
    expect(cards).toHaveLength(2);
    expect(within(cards[0]).getByText('You hold it')).toBeTruthy();
    expect(within(cards[0]).getByText('Credit grows by 10 ŧ for every 100 ŧ received.')).toBeTruthy();
    await waitFor(() => expect(within(cards[1]).getByText(/2 notaries of 2 must countersign every payment: Bob, Carol\./)).toBeTruthy());
    expect(within(cards[1]).getByText('Created by Bob')).toBeTruthy();
    await fireEvent.click(within(cards[1]).getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(within(screen.getAllByTestId('currency')[1]).getByText('You hold it')).toBeTruthy());
    expect(transport.callsTo('coin.join')).toEqual([{ currency: COMMUNITY }]);

    await fireEvent.click(screen.getByRole('button', { name: /Create a currency/ }));
    const dialog = screen.getByRole('dialog', { name: 'Create a currency' });
    await fireEvent.click(within(dialog).getByRole('button', { name: /Create currency/ }));
    expect(within(dialog).getByText('Give it a name.')).toBeTruthy();
    await fireEvent.input(within(dialog).getByLabelText('Name'), { target: { value: 'Garden hours' } });
    await fireEvent.input(within(dialog).getByLabelText('Symbol'), { target: { value: 'GH' } });
    await fireEvent.change(within(dialog).getByLabelText('Decimals'), { target: { value: '0' } });
    await fireEvent.input(within(dialog).getByLabelText('Starting credit'), { target: { value: '10' } });
    await fireEvent.input(within(dialog).getByLabelText('Credit growth'), { target: { value: '0.5' } });
    expect(within(dialog).getByText('Credit grows by 50 GH for every 100 GH received.')).toBeTruthy();
    await fireEvent.click(within(dialog).getByLabelText(/Members may vouch/));
    const picker = within(dialog).getByRole('list', { name: 'People you follow' });
    await fireEvent.click(within(picker).getAllByRole('checkbox')[0]);
    await fireEvent.click(within(picker).getAllByRole('checkbox')[1]);
    expect((within(dialog).getByLabelText('How many must countersign') as HTMLInputElement).value).toBe('2');
    await fireEvent.click(within(dialog).getByRole('button', { name: /Create currency/ }));
    await waitFor(() => expect(transport.callsTo('coin.create_currency')).toHaveLength(1));
    expect(transport.callsTo('coin.create_currency')[0]).toEqual({
      name: 'Garden hours',
      symbol: 'GH',
      decimals: 0,
      start_limit: '10',
      growth: '0.5',
      vouching: true,
      notaries: [OTHER, MENTIONED],
      quorum: 2,
    });
  });
});

describe('vouching', () => {
  it('vouches for someone in a currency that allows it: what it does in words, the limit before and after, and the node’s refusal in its own words', async () => {
    const { transport, state } = walletNode();
    transport.on('coin.vouch', (input: { for: string; amount: string; currency?: string }) => {
      const amount = cents(input.amount);
      const available = state.balance + state.limit - state.pendingOut;
      if (amount > available) {
        throw new ApiError(
          'over_limit',
          `Vouching ${input.amount} ŧ for ${input.for} would lower your own credit limit below your balance of ${text(state.balance)} ŧ; you can vouch at most ${text(available)} ŧ now`,
        );
      }
      state.limit -= amount;
      return { id: 'f'.repeat(64), seq: 4 };
    });
    await openWallet('#/wallet/currencies');
    const cards = await screen.findAllByTestId('currency');
    // The network's credit allows vouching; Village hours (not held, no vouching) offers none.
    await waitFor(() => expect(within(cards[0]).getByTestId('currency-credit').textContent).toContain('Your credit limit here: 100.00 ŧ.'));
    expect(within(cards[1]).queryByTestId('currency-vouch')).toBeNull();
    await fireEvent.click(within(cards[0]).getByTestId('currency-vouch'));
    const dialog = screen.getByRole('dialog', { name: 'Vouch for someone' });

    await fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(within(dialog).getByText('Choose whom to vouch for.')).toBeTruthy();
    // Carol (a real account id, so the node's sentences name her).
    await fireEvent.click(within(dialog).getAllByTestId('payee-option').find((o) => o.textContent?.includes('Carol'))!);
    expect(within(within(dialog).getByTestId('payee')).getByText('Carol')).toBeTruthy();
    const amount = within(dialog).getByTestId('amount-input') as HTMLInputElement;
    expect(within(dialog).getByText(/You can lend up to 88\.00 ŧ now\./)).toBeTruthy();
    await fireEvent.input(amount, { target: { value: '20' } });
    const explain = within(dialog).getByTestId('vouch-explain');
    expect(explain.textContent).toMatch(/Your credit limit goes down by 20\.00 ŧ \(from 100\.00 ŧ to 80\.00 ŧ\), at\s+once/);
    expect(explain.textContent).toMatch(/Carol’s limit goes up by 20\.00 ŧ once their node accepts the vouch/);
    expect(explain.textContent).toMatch(/Nothing takes a vouch back: your limit stays 20\.00 ŧ lower whether\s+Carol pays their way or never pays back/);

    // More than can be lent: warned, and the node refuses in its own words (names for ids).
    await fireEvent.input(amount, { target: { value: '500' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(within(dialog).getByTestId('vouch-over').textContent).toContain('at most 88.00 ŧ');
    await fireEvent.click(within(dialog).getByTestId('confirm-vouch'));
    const refused = await within(dialog).findByRole('alert');
    expect(refused.textContent).toContain('Vouching 500.00 ŧ for Carol would lower your own credit limit below your balance of -12.00 ŧ; you can vouch at most 88.00 ŧ now.');
    expect(state.limit).toBe(10_000);

    await fireEvent.click(within(dialog).getByRole('button', { name: 'Back' }));
    await fireEvent.input(within(dialog).getByTestId('amount-input'), { target: { value: '20' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(within(dialog).getByTestId('vouch-amount').textContent).toBe('20.00 ŧ');
    expect(within(dialog).getByTestId('vouch-limit-after').textContent).toBe('80.00 ŧ');
    await fireEvent.click(within(dialog).getByTestId('confirm-vouch'));
    const done = await within(dialog).findByTestId('vouch-done');
    expect(within(done).getByText('You vouched 20.00 ŧ for Carol')).toBeTruthy();
    await waitFor(() => expect(within(done).getByTestId('vouch-result').textContent).toMatch(/is now 80\.00 ŧ \(it was 100\.00 ŧ\)/));
    expect(transport.callsTo('coin.vouch')).toEqual([
      { for: MENTIONED, amount: '500.00' },
      { for: MENTIONED, amount: '20.00' },
    ]);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));

    // The currency and the home say what the vouch did to the limit.
    await waitFor(() =>
      expect(within(screen.getAllByTestId('currency')[0]).getByTestId('currency-credit').textContent).toMatch(
        /Your credit limit here: 80\.00 ŧ\. By vouching, you have lent 20\.00 ŧ more of your credit than others have lent you\./,
      ),
    );
    await fireEvent.click(screen.getByRole('link', { name: 'Overview' }));
    const card = await screen.findByTestId('balance-card');
    await waitFor(() => expect(within(card).getByTestId('balance-vouched').textContent).toContain('you have lent 20.00 ŧ'));
    expect(within(card).getByTestId('balance-vouch')).toBeTruthy();
  });
});

describe('navigation', () => {
  it('has eight tabs; a short phone label is hidden from screen readers, the full one is read', async () => {
    walletNode();
    await openWallet();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((l) => l.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Feed',
      'Chat',
      'Wallet',
      'Balance sheet Books',
      'Notifications Alerts',
      'Files',
      'Apps',
      'Profile',
    ]);
    expect(within(nav).getByRole('link', { name: 'Balance sheet' })).toBeTruthy(); // the short one is aria-hidden
    expect(within(nav).getByRole('link', { name: 'Wallet' }).getAttribute('aria-current')).toBe('page');
    const sections = screen.getByRole('navigation', { name: 'Wallet' });
    expect(within(sections).getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
  });
});

