import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../src/App.svelte';
import { books } from '../src/lib/stores/books.svelte';
import { ApiError } from '../src/lib/transport/types';
import { fakeNode } from './fixtures';

// jsdom measures nothing: the charts' `bind:clientWidth` needs the observer to exist (and
// the charts fall back to a default width).
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

afterEach(() => {
  localStorage.clear(); // before the reset, which reads the kept choices
  books.reset();
  vi.unstubAllGlobals();
});

/** Goes to a route as a link would. */
async function go(hash: string) {
  location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  await Promise.resolve();
}

type Amount = { amount: string; commodity: string };
const eur = (amount: string): Amount => ({ amount, commodity: 'EUR' });
const usd = (amount: string): Amount => ({ amount, commodity: 'USD' });
const row = (account: string, balance: Amount[], own: Amount[] = []) => ({
  account,
  name: account.split(':').pop()!,
  depth: account.split(':').length - 1,
  balance,
  own,
});

const ACCOUNTS = [
  { account: 'Assets:Bank:Checking', type: 'asset', balance: [eur('4685.70')], postings: 4 },
  { account: 'Assets:Brokerage', type: 'asset', balance: [usd('800.00')], postings: 1 },
  { account: 'Assets:Cash', type: 'asset', balance: [eur('120.00')], postings: 1 },
  { account: 'Equity:Opening balances', type: 'equity', balance: [eur('-2320.00'), usd('-800.00')], postings: 2 },
  { account: 'Expenses:Food:Groceries', type: 'expense', balance: [eur('64.30')], postings: 1 },
  { account: 'Expenses:Housing:Rent', type: 'expense', balance: [eur('950.00')], postings: 1 },
  { account: 'Income:Salary', type: 'income', balance: [eur('-3200.00')], postings: 1 },
  { account: 'Liabilities:Credit card', type: 'liability', balance: [eur('-300.00')], postings: 1 },
];

/** The balance sheet the real node gives for these books (converted into EUR when asked). */
function sheet(input: { date?: string; commodity?: string }) {
  const c = input.commodity === 'EUR';
  const assets = c ? [eur('5541.70')] : [eur('4805.70'), usd('800.00')];
  return {
    date: input.date ?? '2026-11-25',
    ...(input.commodity ? { commodity: input.commodity } : {}),
    assets: {
      accounts: [
        row('Assets', assets),
        row('Assets:Bank', [eur('4685.70')]),
        row('Assets:Bank:Checking', [eur('4685.70')], [eur('4685.70')]),
        row('Assets:Brokerage', c ? [eur('736.00')] : [usd('800.00')], c ? [eur('736.00')] : [usd('800.00')]),
        row('Assets:Cash', [eur('120.00')], [eur('120.00')]),
      ],
      total: assets,
    },
    liabilities: { accounts: [row('Liabilities', [eur('300.00')]), row('Liabilities:Credit card', [eur('300.00')], [eur('300.00')])], total: [eur('300.00')] },
    equity: {
      accounts: [row('Equity', c ? [eur('3056.00')] : [eur('2320.00'), usd('800.00')]), row('Equity:Opening balances', c ? [eur('3056.00')] : [eur('2320.00'), usd('800.00')])],
      total: c ? [eur('3056.00')] : [eur('2320.00'), usd('800.00')],
    },
    net_worth: c ? [eur('5241.70')] : [eur('4505.70'), usd('800.00')],
    earnings: [eur('2185.70')],
    missing_prices: [],
  };
}

function statement(input: { from: string; to: string; commodity?: string }) {
  const inAugust = input.from <= '2026-08-31' && input.to >= '2026-08-01';
  const inSeptember = input.from <= '2026-09-30' && input.to >= '2026-09-01';
  const income = inAugust ? [eur('3200.00')] : [];
  const spent = inAugust && inSeptember ? '1014.30' : inAugust ? '64.30' : inSeptember ? '950.00' : null;
  const earned = inAugust ? '3200.00' : '0';
  return {
    from: input.from,
    to: input.to,
    income: { accounts: income.length ? [row('Income', income), row('Income:Salary', income, income)] : [], total: income },
    expenses: {
      accounts: spent
        ? [
            row('Expenses', [eur(spent)]),
            ...(inAugust ? [row('Expenses:Food', [eur('64.30')]), row('Expenses:Food:Groceries', [eur('64.30')], [eur('64.30')])] : []),
            ...(inSeptember ? [row('Expenses:Housing', [eur('950.00')]), row('Expenses:Housing:Rent', [eur('950.00')], [eur('950.00')])] : []),
          ]
        : [],
      total: spent ? [eur(spent)] : [],
    },
    net: spent || inAugust ? [eur((Number(earned) - Number(spent ?? 0)).toFixed(2))] : [],
    missing_prices: [],
  };
}

/** A fake node whose books hold the journal of the end-to-end test (or nothing). */
function booksNode(options: { empty?: boolean } = {}) {
  const fake = fakeNode();
  const state = { empty: options.empty ?? false, deleted: [] as number[], failures: [] as { date: string; message: string }[] };
  const t = fake.transport;
  t.on('ledger.check', () => ({ failures: state.failures }));
  t.on('ledger.accounts', () => ({ accounts: state.empty ? [] : ACCOUNTS }));
  t.on('ledger.balance_sheet', sheet);
  t.on('ledger.income_statement', statement);
  t.on('ledger.net_worth', (input: { from: string; to: string; step: string; commodity?: string }) => {
    const worth = (d: string): Amount[] =>
      d < '2026-08-01' ? [] : input.commodity === 'EUR' ? [eur(d < '2026-09-01' ? '3120.00' : '5241.70')] : [eur(d < '2026-09-01' ? '2384.00' : '4505.70'), usd('800.00')];
    const days = [input.from, '2026-07-31', '2026-08-15', '2026-09-15', input.to].filter((d, i, all) => d >= input.from && d <= input.to && all.indexOf(d) === i).sort();
    return { ...(input.commodity ? { commodity: input.commodity } : {}), points: days.map((date) => ({ date, net_worth: worth(date) })), missing_prices: [] };
  });
  t.on('ledger.register', (input: { account: string; limit?: number; before?: string }) => {
    const all = [
      { id: 4, date: '2026-09-05', description: 'Rent', account: 'Assets:Bank:Checking', amount: eur('-950.00'), balance: [eur('4685.70')] },
      { id: 3, date: '2026-08-25', description: 'Salary', account: 'Assets:Bank:Checking', amount: eur('3200.00'), balance: [eur('5635.70')] },
      { id: 2, date: '2026-08-03', description: 'Groceries', account: 'Assets:Bank:Checking', amount: eur('-64.30'), balance: [eur('2435.70')] },
      { id: 1, date: '2026-08-01', description: 'Opening balances', account: 'Assets:Bank:Checking', amount: eur('2500.00'), balance: [eur('2500.00')] },
    ].filter((r) => !state.deleted.includes(r.id));
    const start = input.before ? Number(input.before) : 0;
    const limit = 2; // small pages, to see paging
    const rows = all.slice(start, start + limit);
    return { account: input.account, rows, ...(start + limit < all.length ? { next: String(start + limit) } : {}) };
  });
  t.on('ledger.add', (input: { date: string; description: string; postings: { account: string; amount?: string; commodity?: string }[] }) => {
    if (input.postings.some((p) => p.account.includes('Broken'))) {
      throw new ApiError('invalid_input', 'postings[1].account: account "Assets:Broken" is not under Assets, Liabilities, Equity, Income or Expenses: rename it');
    }
    state.empty = false;
    return { id: 9, date: input.date, status: 'unmarked', description: input.description, postings: input.postings.map((p) => ({ ...p, inferred: false })) };
  });
  t.on('ledger.import', (input: { text: string; format: string }) => {
    if (input.text.includes('2026-13-01')) {
      throw new ApiError('invalid_input', `the ${input.format} journal was not imported (nothing changed):\nline 5: "2026-13-01" is not a date: write YYYY-MM-DD (or YYYY/MM/DD)`);
    }
    state.empty = false;
    return { accounts: 8, transactions: 4, postings: 12, prices: 1, checks: 0, assertions: 0 };
  });
  t.on('ledger.export', (input: { format: string }) => ({ format: input.format, text: `; Personal books (${input.format})\n` }));
  t.on('ledger.delete', (input: { id: number }) => {
    state.deleted.push(input.id);
    return { deleted: { id: input.id, date: '2026-09-05', status: 'unmarked', description: 'Rent', postings: [] } };
  });
  return { ...fake, state };
}

const BAD = `P 2026-08-01 USD 0.92 EUR

2026-08-01 Opening balances
    Assets:Bank:Checking     2500.00 EUR
2026-13-01 Oops
    Equity:Opening balances
`;

describe('the Balance sheet tab', () => {
  it('explains empty books and starts them by import: a refused import names the line and changes nothing', async () => {
    const { transport } = booksNode({ empty: true });
    location.hash = '#/books';
    render(App);
    const empty = await screen.findByTestId('books-empty');
    expect(within(empty).getByRole('heading', { name: 'Your books are empty' })).toBeTruthy();
    expect(within(empty).getByText(/keep track of your money/)).toBeTruthy();
    expect(within(empty).getByRole('button', { name: 'Add your first transaction' })).toBeTruthy();
    await fireEvent.click(within(empty).getByRole('button', { name: 'Import from hledger or beancount' }));

    const dialog = await screen.findByRole('dialog', { name: 'Import books' });
    const text = within(dialog).getByLabelText('Text of the books') as HTMLTextAreaElement;
    await fireEvent.input(text, { target: { value: BAD } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    const problems = await within(dialog).findByTestId('import-problems');
    expect(problems.textContent).toMatch(/Nothing was imported/);
    expect(within(problems).getByText('Line 5:')).toBeTruthy();
    expect(problems.textContent).toMatch(/"2026-13-01" is not a date/);
    // The line it is on, with its neighbours, numbered.
    const current = problems.querySelector('.excerpt-line.current')!;
    expect(current.textContent).toBe('52026-13-01 Oops');
    expect(text.value).toBe(BAD); // kept, to be fixed
    await fireEvent.click(within(problems).getByRole('button', { name: 'Line 5:' }));
    expect(document.activeElement).toBe(text);
    expect(text.value.slice(text.selectionStart, text.selectionEnd)).toBe('2026-13-01 Oops');
    expect(transport.callsTo('ledger.import')).toEqual([{ text: BAD, format: 'hledger' }]);
    expect(transport.callsTo('ledger.accounts')).toHaveLength(1); // nothing reloaded: nothing changed

    // Fixed, it goes in; the dialog says what was added.
    await fireEvent.input(text, { target: { value: BAD.replace('2026-13-01', '2026-10-01') } });
    expect(within(dialog).queryByTestId('import-problems')).toBeNull();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    const result = await within(dialog).findByTestId('import-result');
    expect(result.textContent).toMatch('Imported 4 transactions, 1 price and 8 new accounts.');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(await screen.findByTestId('net-worth')).toBeTruthy();
    expect(screen.queryByTestId('books-empty')).toBeNull();
  });

  it('guesses beancount from a chosen file and reads it into the text', async () => {
    booksNode({ empty: true });
    location.hash = '#/books';
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Import from hledger or beancount' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import books' });
    const input = within(dialog).getByTestId('import-file-input') as HTMLInputElement;
    const file = new File(['2026-01-01 open Assets:Bank EUR\n'], 'mine.beancount');
    await fireEvent.change(input, { target: { files: [file] } });
    await waitFor(() => expect((within(dialog).getByLabelText('Text of the books') as HTMLTextAreaElement).value).toBe('2026-01-01 open Assets:Bank EUR\n'));
    expect((within(dialog).getByLabelText('beancount') as HTMLInputElement).checked).toBe(true);
    expect(within(dialog).getByText(/mine\.beancount · 2 lines/)).toBeTruthy();
  });

  it('shows net worth exactly, charts it over the chosen period, and converts on request', async () => {
    const { transport } = booksNode();
    location.hash = '#/books';
    render(App);
    const worth = await screen.findByTestId('net-worth');
    await waitFor(() => expect(worth.textContent).toContain('4,505.70\u00a0EUR'));
    expect(worth.textContent).toContain('800.00\u00a0USD');
    expect(screen.getByText(/What you own \(/).textContent).toContain('4,805.70\u00a0EUR');

    // The default period is a year, by week; income and expenses by month.
    await waitFor(() => expect(transport.callsTo('ledger.net_worth')).toHaveLength(1));
    const [series] = transport.callsTo('ledger.net_worth') as { from: string; to: string; step: string }[];
    expect(series.step).toBe('week');
    expect(transport.callsTo('ledger.income_statement')).toHaveLength(12);
    const trend = await screen.findByRole('slider', { name: /Net worth over time in EUR/ });
    expect(trend.querySelector('path.line')?.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+ L/);
    // The exact values are listed too, and the arrow keys read them out.
    expect(screen.getAllByText(/^4,505\.70\sEUR$/).length).toBeGreaterThan(1);
    await fireEvent.keyDown(trend, { key: 'Home' });
    expect(trend.getAttribute('aria-valuenow')).toBe('0');
    expect(trend.getAttribute('aria-valuetext')).toMatch(/: 0\u00a0EUR$/);
    await fireEvent.keyDown(trend, { key: 'End' });
    expect(trend.getAttribute('aria-valuetext')).toMatch(/4,505\.70\u00a0EUR$/);
    expect(trend.querySelector('.tip-value')?.textContent).toBe('4,505.70\u00a0EUR');
    const flows = screen.getByRole('slider', { name: /Money in and money out in EUR/ });
    // A year of months asked for; those before the books began are left out (August on).
    expect(flows.querySelectorAll('rect.bar.in').length).toBe(12 - transport.callsTo('ledger.income_statement').findIndex((c) => (c as { from: string }).from.endsWith('-08-01')));
    const totals = screen.getByText('Money in', { selector: 'dt' }).closest('dl')!;
    expect(totals.textContent).toContain('Money in3,200.00\u00a0EUR');
    expect(totals.textContent).toContain('Money out1,014.30\u00a0EUR');

    // Three months: by day.
    await fireEvent.click(screen.getByLabelText('3 months'));
    await waitFor(() => expect(transport.callsTo('ledger.net_worth')).toHaveLength(2));
    expect((transport.callsTo('ledger.net_worth')[1] as { step: string }).step).toBe('day');

    // The chart can be drawn in the other currency…
    await fireEvent.click(screen.getByLabelText('USD'));
    await screen.findByRole('slider', { name: /Net worth over time in USD/ });

    // …or everything converted into one.
    await fireEvent.change(screen.getByLabelText('Show amounts in'), { target: { value: 'EUR' } });
    await waitFor(() => expect(screen.getByTestId('net-worth').textContent).toBe('5,241.70\u00a0EUR'));
    expect(transport.callsTo('ledger.balance_sheet').at(-1)).toEqual({ commodity: 'EUR' });
    expect(localStorage.getItem('supernet.books.show-in')).toBe('EUR');
    expect(screen.queryByLabelText('USD')).toBeNull();
  });

  it('shows the balance sheet in plain words with trees that open and close, and each account’s register', async () => {
    const { transport } = booksNode();
    location.hash = '#/books/sheet';
    render(App);
    const own = await screen.findByTestId('section-assets');
    expect(within(own).getByRole('heading', { name: 'What you own' })).toBeTruthy();
    expect(within(own).getByTestId('section-assets-total').textContent).toBe('4,805.70\u00a0EUR800.00\u00a0USD');
    expect(within(screen.getByTestId('section-liabilities')).getByRole('heading', { name: 'What you owe' })).toBeTruthy();
    expect(screen.getByTestId('section-liabilities-total').textContent).toBe('300.00\u00a0EUR');
    const equity = screen.getByTestId('section-equity');
    expect(within(equity).getByRole('heading', { name: 'Net worth' })).toBeTruthy();
    expect(within(equity).getByText('Income less expenses')).toBeTruthy();
    expect(screen.getByTestId('sheet-worth').textContent).toBe('4,505.70\u00a0EUR800.00\u00a0USD');

    // The sole root ("Assets") is the heading; Bank opens and closes.
    const names = () => within(own).getAllByTestId('account-row').map((r) => r.querySelector('.name')!.textContent);
    expect(names()).toEqual(['Bank', 'Checking', 'Brokerage', 'Cash']);
    const toggle = within(own).getByRole('button', { name: 'Hide the accounts in Assets:Bank' });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    await fireEvent.click(toggle);
    expect(names()).toEqual(['Bank', 'Brokerage', 'Cash']);
    await fireEvent.click(within(own).getByRole('button', { name: 'Expand all' }));
    expect(names()).toHaveLength(4);

    // Another day.
    await fireEvent.input(screen.getByLabelText('On'), { target: { value: '2026-09-30' } });
    await waitFor(() => expect(transport.callsTo('ledger.balance_sheet').at(-1)).toEqual({ date: '2026-09-30' }));

    // An account's register, newest first, a page at a time.
    const link = within(own).getByRole('link', { name: 'Checking' });
    expect(link.getAttribute('href')).toBe('#/books/account/Assets%3ABank%3AChecking');
    await go(link.getAttribute('href')!);
    expect((await screen.findByTestId('register-title')).textContent).toBe('Checking');
    await waitFor(() => expect(screen.getAllByTestId('register-row')).toHaveLength(2));
    expect(screen.getByTestId('register-balance').textContent).toBe('4,685.70\u00a0EUR');
    const first = screen.getAllByTestId('register-row')[0];
    expect(first.textContent).toContain('Rent');
    expect(first.textContent).toContain('\u2212950.00\u00a0EUR');
    await fireEvent.click(screen.getByRole('button', { name: 'Show older transactions' }));
    await waitFor(() => expect(screen.getAllByTestId('register-row')).toHaveLength(4));
    expect(transport.callsTo('ledger.register').at(-1)).toEqual({ account: 'Assets:Bank:Checking', limit: 50, before: '2' });
    expect(screen.queryByRole('button', { name: 'Show older transactions' })).toBeNull();

    // Deleting a transaction asks first, then every report re-reads.
    await fireEvent.click(screen.getByRole('button', { name: /^Delete “Rent”/ }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete this transaction?' });
    await fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(transport.callsTo('ledger.delete')).toEqual([{ id: 4 }]));
    await waitFor(() => expect(screen.queryAllByText('Rent')).toHaveLength(0));
  });

  it('shows income and expenses of a period', async () => {
    const { transport } = booksNode();
    location.hash = '#/books/income';
    render(App);
    await fireEvent.click(await screen.findByLabelText('Other dates'));
    await fireEvent.input(screen.getByLabelText('From'), { target: { value: '2026-08-01' } });
    await fireEvent.input(screen.getByLabelText('To'), { target: { value: '2026-09-30' } });
    await waitFor(() => expect(transport.callsTo('ledger.income_statement').at(-1)).toEqual({ from: '2026-08-01', to: '2026-09-30' }));
    await waitFor(() => expect(screen.getByTestId('section-income-total').textContent).toBe('3,200.00\u00a0EUR'));
    expect(screen.getByTestId('section-expenses-total').textContent).toBe('1,014.30\u00a0EUR');
    expect(screen.getByTestId('income-net').textContent).toBe('+2,185.70\u00a0EUR');
    expect(screen.getByRole('heading', { name: 'What you kept' })).toBeTruthy();
    const out = screen.getByTestId('section-expenses');
    expect(within(out).getAllByTestId('account-row').map((r) => r.querySelector('.name')!.textContent)).toEqual(['Food', 'Groceries', 'Housing', 'Rent']);
  });

  it('adds a transaction in everyday words, and shows the node’s error at its field', async () => {
    const { transport } = booksNode();
    location.hash = '#/books';
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Add transaction' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a transaction' });
    const q = within(dialog);
    expect((q.getByLabelText('I spent', { exact: false }) as HTMLInputElement).checked).toBe(true);
    expect((q.getByLabelText('Currency') as HTMLInputElement).value).toBe('EUR');

    // Nothing filled in: each field says what it needs.
    await fireEvent.click(q.getByRole('button', { name: 'Add' }));
    expect(q.getByText('Enter an amount.')).toBeTruthy();
    expect(q.getByText('Say in a few words what it was.')).toBeTruthy();
    expect(transport.callsTo('ledger.add')).toHaveLength(0);

    await fireEvent.input(q.getByLabelText('Amount'), { target: { value: '12,50' } });
    await fireEvent.input(q.getByLabelText('What was it?'), { target: { value: 'Market' } });
    await fireEvent.input(q.getByLabelText('Paid from'), { target: { value: 'checking' } });
    await fireEvent.input(q.getByLabelText('Spent on'), { target: { value: 'Books' } });
    expect(q.getByText('Recorded in Assets:Bank:Checking')).toBeTruthy();
    expect(q.getByText('New account: Expenses:Books (money going out)')).toBeTruthy();
    expect(q.getByText('Recorded as').parentElement!.textContent).toContain('\u221212.50\u00a0EUR');
    await fireEvent.input(q.getByLabelText('Date'), { target: { value: '2026-11-20' } });
    await fireEvent.click(q.getByRole('button', { name: 'Add' }));
    await waitFor(() =>
      expect(transport.callsTo('ledger.add')).toEqual([
        {
          date: '2026-11-20',
          description: 'Market',
          postings: [
            { account: 'Expenses:Books', amount: '12.50', commodity: 'EUR' },
            { account: 'Assets:Bank:Checking', amount: '-12.50', commodity: 'EUR' },
          ],
        },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a transaction' })).toBeNull());
    await screen.findByText('Added “Market”');

    // The node refuses one: its message shows at the field it names.
    await fireEvent.click(screen.getByRole('button', { name: 'Add transaction' }));
    const again = within(await screen.findByRole('dialog', { name: 'Add a transaction' }));
    await fireEvent.click(again.getByLabelText('I received', { exact: false }));
    await fireEvent.input(again.getByLabelText('Amount'), { target: { value: '5' } });
    await fireEvent.input(again.getByLabelText('What was it?'), { target: { value: 'Refund' } });
    await fireEvent.input(again.getByLabelText('Received for'), { target: { value: 'Assets:Broken' } });
    await fireEvent.input(again.getByLabelText('Received into'), { target: { value: 'Cash' } });
    await fireEvent.click(again.getByRole('button', { name: 'Add' }));
    const from = again.getByLabelText('Received for');
    await waitFor(() => expect(from.getAttribute('aria-invalid')).toBe('true'));
    const note = document.getElementById(from.getAttribute('aria-describedby')!)!;
    expect(note.textContent).toMatch(/^\s*account "Assets:Broken" is not under Assets/); // without the field path
    expect(note.className).toBe('field-error');
    expect(again.getByText('The node refused it: see the field marked above.')).toBeTruthy();
    expect(screen.getByRole('dialog', { name: 'Add a transaction' })).toBeTruthy();
  });

  it('writes each posting out in the advanced form, with the balance shown as it is typed', async () => {
    const { transport } = booksNode();
    location.hash = '#/books';
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Add transaction' }));
    const q = within(await screen.findByRole('dialog', { name: 'Add a transaction' }));
    await fireEvent.click(q.getByRole('tab', { name: 'Advanced' }));
    await fireEvent.input(q.getByLabelText('Description'), { target: { value: 'Split bill' } });
    const accounts = q.getAllByLabelText('Account');
    const amounts = q.getAllByLabelText('Amount');
    await fireEvent.input(accounts[0], { target: { value: 'Expenses:Food' } });
    await fireEvent.input(amounts[0], { target: { value: '30.10' } });
    await fireEvent.input(accounts[1], { target: { value: 'Assets:Cash' } });
    await fireEvent.input(amounts[1], { target: { value: '-30' } });
    expect(q.getByTestId('balance-status').textContent).toMatch(/Off by \+0\.10\u00a0EUR: add \u22120\.10\u00a0EUR somewhere/);
    await fireEvent.click(q.getByRole('button', { name: 'Add a line' }));
    await fireEvent.input(q.getAllByLabelText('Account')[2], { target: { value: 'Assets:Bank:Checking' } });
    expect(q.getByTestId('balance-status').textContent).toMatch(/The empty line will be \u22120\.10\u00a0EUR/);
    await fireEvent.click(q.getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(transport.callsTo('ledger.add')).toHaveLength(1));
    expect(transport.callsTo('ledger.add')[0]).toMatchObject({
      description: 'Split bill',
      postings: [
        { account: 'Expenses:Food', amount: '30.10', commodity: 'EUR' },
        { account: 'Assets:Cash', amount: '-30', commodity: 'EUR' },
        { account: 'Assets:Bank:Checking' },
      ],
    });
  });

  it('exports the books as a file to download or copy', async () => {
    const { transport } = booksNode();
    const created: Blob[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn((b: Blob) => (created.push(b), 'blob:books')), revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    location.hash = '#/books';
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Export' }));
    const q = within(await screen.findByRole('dialog', { name: 'Export books' }));
    await waitFor(() => expect((q.getByTestId('export-text') as HTMLTextAreaElement).value).toBe('; Personal books (hledger)\n'));
    await fireEvent.click(q.getByLabelText('beancount (.beancount)'));
    await waitFor(() => expect((q.getByTestId('export-text') as HTMLTextAreaElement).value).toBe('; Personal books (beancount)\n'));
    expect(transport.callsTo('ledger.export')).toEqual([{ format: 'hledger' }, { format: 'beancount' }]);
    await fireEvent.click(q.getByRole('button', { name: 'Download' }));
    expect(click).toHaveBeenCalledTimes(1);
    expect(await created[0].text()).toBe('; Personal books (beancount)\n');
    expect(q.getByText(/^books-\d{4}-\d{2}-\d{2}\.beancount$/)).toBeTruthy();
  });

  it('re-reads the books when the node reports new events (a wallet payment), and warns of a balance check it broke', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { transport, state } = booksNode();
      location.hash = '#/books';
      render(App);
      await screen.findByTestId('net-worth');
      const before = transport.callsTo('ledger.balance_sheet').length;
      transport.emit({ type: 'events', count: 1, events: [] });
      await vi.advanceTimersByTimeAsync(2000);
      await waitFor(() => expect(transport.callsTo('ledger.balance_sheet').length).toBeGreaterThan(before));
      expect(screen.queryByTestId('books-check')).toBeNull();

      state.failures = [{ date: '2026-11-20', message: 'Assets:Cash holds 95.00 EUR, not the 120.00 EUR asserted' }];
      transport.emit({ type: 'events', count: 1, events: [] });
      await vi.advanceTimersByTimeAsync(2000);
      const warning = await screen.findByTestId('books-check');
      expect(warning.textContent).toMatch(/A balance check in your books no longer\s+holds/);
      expect(warning.textContent).toMatch(/Assets:Cash holds 95\.00 EUR, not the 120\.00 EUR asserted/);
    } finally {
      vi.useRealTimers();
    }
  });
  it('lists the prices, adds one with the node’s error at its field, and adds everything up with them', async () => {
    const { transport } = booksNode();
    const prices = [{ commodity: 'USD', quote: 'EUR', price: '0.92', date: '2026-08-01' }];
    transport
      .on('ledger.prices', () => ({ prices: [...prices] }))
      .on('ledger.set_price', (input: { commodity: string; quote: string; price: string; date: string }) => {
        if (input.price.split('.')[1]?.length > 18) {
          throw new ApiError('invalid_input', `price: "${input.price}" is not a decimal amount: write digits with an optional sign and point (-12.50), at most 24 digits and 18 decimals`);
        }
        // Same pair and day: replaced, as the node does.
        const i = prices.findIndex((p) => p.commodity === input.commodity && p.quote === input.quote && p.date === input.date);
        if (i >= 0) prices[i] = input;
        else prices.push(input);
        return input;
      });
    location.hash = '#/books/prices';
    render(App);
    await screen.findByRole('heading', { name: 'Why prices?' });
    await waitFor(() => expect(screen.getAllByTestId('price-row')).toHaveLength(1));
    expect(screen.getByTestId('price-row').textContent).toContain('1\u00a0USD = 0.92\u00a0EUR');

    // The reports show each currency apart until asked: the prices then add them up.
    await fireEvent.click(within(screen.getByTestId('prices-conversion')).getByRole('button', { name: 'Show all in EUR' }));
    await waitFor(() => expect(screen.getByTestId('prices-net-worth').textContent).toBe('5,241.70\u00a0EUR'));
    expect(transport.callsTo('ledger.balance_sheet').at(-1)).toEqual({ commodity: 'EUR' });
    expect((screen.getByLabelText('Show amounts in') as HTMLSelectElement).value).toBe('EUR');

    await fireEvent.click(screen.getByTestId('add-price'));
    const dialog = screen.getByRole('dialog', { name: 'Add a price' });
    await fireEvent.click(within(dialog).getByRole('button', { name: /Save price/ }));
    expect(within(dialog).getByText('Say which currency or commodity, such as EUR.')).toBeTruthy();
    await fireEvent.input(within(dialog).getByLabelText('1 unit of'), { target: { value: 'USD' } });
    await fireEvent.input(within(dialog).getByLabelText('is worth'), { target: { value: '0.9234567890123456789' } });
    await fireEvent.input(within(dialog).getByLabelText('in'), { target: { value: 'EUR' } });
    expect(within(dialog).getByTestId('price-preview').textContent).toContain('1\u00a0USD = 0.9234567890123456789\u00a0EUR');
    await fireEvent.click(within(dialog).getByRole('button', { name: /Save price/ }));
    // The node's refusal, at the price.
    const price = within(dialog).getByLabelText('is worth');
    await waitFor(() => expect(price.getAttribute('aria-invalid')).toBe('true'));
    const error = document.getElementById(price.getAttribute('aria-describedby')!)!;
    expect(error.textContent).toBe('"0.9234567890123456789" is not a decimal amount: write digits with an optional sign and point (-12.50), at most 24 digits and 18 decimals');
    expect(within(dialog).getByText('The node refused it: see the field marked above.')).toBeTruthy();

    await fireEvent.input(price, { target: { value: '0,93' } });
    // Changed: the refusal was about what was there before.
    expect(price.getAttribute('aria-invalid')).toBeNull();
    expect(within(dialog).queryByText('The node refused it: see the field marked above.')).toBeNull();
    expect(within(dialog).getByTestId('price-preview').textContent).toMatch(/and so 1\u00a0EUR = 1\.075269\u00a0USD/);
    await fireEvent.input(within(dialog).getByLabelText('On'), { target: { value: '2026-08-01' } });
    expect(within(dialog).getByText(/Your books already say 1\sUSD = 0\.92\sEUR on that day: saving replaces it\./)).toBeTruthy();
    await fireEvent.click(within(dialog).getByRole('button', { name: /Save price/ }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a price' })).toBeNull());
    expect(transport.callsTo('ledger.set_price').at(-1)).toEqual({ commodity: 'USD', quote: 'EUR', price: '0.93', date: '2026-08-01' });
    await waitFor(() => expect(screen.getByTestId('price-row').textContent).toContain('1\u00a0USD = 0.93\u00a0EUR'));
    expect(screen.getAllByTestId('price-row')).toHaveLength(1);
  });
});
