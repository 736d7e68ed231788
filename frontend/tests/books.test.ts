// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { areaPath, axisLabel, barLayout, buckets, linePath, linearScale, MAX_MONTH_BARS, nearestIndex, niceTicks, planSeries, stepFor, stepIndex, timeTicks } from '../src/lib/books/chart';
import { addDays, addMonths, daysBetween, isIsoDate, monthEnd, monthStart, today } from '../src/lib/books/dates';
import {
  addDecimal,
  amountOf,
  compareDecimal,
  formatAmount,
  formatAmounts,
  formatDecimal,
  isSymbol,
  MINUS,
  negateDecimal,
  parseDecimal,
  parseUserAmount,
  subtractAmounts,
  subtractDecimal,
  sumAmounts,
} from '../src/lib/books/decimal';
import {
  balanceOf,
  buildAdvanced,
  buildEveryday,
  commoditiesOf,
  errorPlace,
  everydayField,
  guessCurrency,
  kindOfName,
  mainCommodity,
  qualifyAccount,
  suggestions,
  tidyAccount,
  type EverydayForm,
} from '../src/lib/books/entry';
import { excerpt, exportFileName, guessFormat, HTTP_IMPORT_LIMIT, importProblems, importSummary, tooLargeForHttp } from '../src/lib/books/importing';
import { accountHref, booksPage } from '../src/lib/books/routes';
import { buildTree, collapseAll, initialCollapsed, toggle, visibleRows, type ReportRow } from '../src/lib/books/tree';

const EN = { group: ',', decimal: '.' };
const DE = { group: '.', decimal: ',' };

describe('decimal strings', () => {
  it('reads plain decimals and refuses anything else', () => {
    expect(parseDecimal('-12.50')).toEqual({ units: -1250n, scale: 2 });
    expect(parseDecimal('3')).toEqual({ units: 3n, scale: 0 });
    expect(parseDecimal('.5')).toEqual({ units: 5n, scale: 1 });
    for (const bad of ['', '-', '1,5', '1e3', 'abc', '1.2.3', ' . ']) expect(parseDecimal(bad)).toBeNull();
  });

  it('adds and subtracts exactly, keeping the larger scale', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(addDecimal('0.10', '0.2')).toBe('0.30');
    expect(addDecimal('4805.70', '-300.00')).toBe('4505.70');
    expect(subtractDecimal('1', '1.005')).toBe('-0.005');
    expect(addDecimal('99999999999999999999.99', '0.01')).toBe('100000000000000000000.00');
    expect(negateDecimal('-12.50')).toBe('12.50');
    expect(negateDecimal('0.00')).toBe('0.00');
    expect(compareDecimal('2.50', '2.5')).toBe(0);
    expect(compareDecimal('-1', '0.001')).toBe(-1);
  });

  it('sums amounts commodity by commodity', () => {
    const a = [
      { amount: '10.00', commodity: 'EUR' },
      { amount: '2', commodity: 'USD' },
    ];
    const b = [{ amount: '-0.01', commodity: 'EUR' }];
    expect(sumAmounts(a, b)).toEqual([
      { amount: '9.99', commodity: 'EUR' },
      { amount: '2', commodity: 'USD' },
    ]);
    expect(subtractAmounts(a, a)).toEqual([
      { amount: '0.00', commodity: 'EUR' },
      { amount: '0', commodity: 'USD' },
    ]);
    expect(amountOf(a, 'USD')).toBe('2');
    expect(amountOf(a, 'GBP')).toBe('0');
  });

  it('formats with grouping and every decimal, never through floating point', () => {
    expect(formatDecimal('1234567.891', { separators: EN })).toBe('1,234,567.891');
    expect(formatDecimal('-1234.50', { separators: DE })).toBe(`${MINUS}1.234,50`);
    expect(formatDecimal('12.30', { sign: 'always', separators: EN })).toBe('+12.30');
    expect(formatDecimal('0.00', { sign: 'always', separators: EN })).toBe('0.00');
    // More digits than a double holds: kept as they are.
    expect(formatDecimal('12345678901234567.89', { separators: EN })).toBe('12,345,678,901,234,567.89');
    expect(formatDecimal('not a number', { separators: EN })).toBe('not a number');
  });

  it('puts symbols before and codes after the number', () => {
    expect(formatAmount('1234.5', 'EUR', { separators: EN })).toBe('1,234.5\u00a0EUR');
    expect(formatAmount('-12.00', '$', { separators: EN })).toBe(`${MINUS}$12.00`);
    expect(formatAmount('5', '€', { sign: 'always', separators: EN })).toBe('+€5');
    expect(formatAmount('7', '', { separators: EN })).toBe('7');
    expect(isSymbol('$')).toBe(true);
    expect(isSymbol('BTC')).toBe(false);
    expect(formatAmounts([], { separators: EN })).toBe('0');
    expect(formatAmounts([{ amount: '1', commodity: 'A' }, { amount: '2', commodity: 'B' }], { separators: EN })).toBe('1\u00a0A, 2\u00a0B');
  });

  it('reads amounts as people type them', () => {
    const read = (t: string, sep = EN, allowNegative = false) => parseUserAmount(t, { separators: sep, allowNegative });
    expect(read('12')).toEqual({ ok: true, amount: '12' });
    expect(read(' 12,50 ')).toEqual({ ok: true, amount: '12.50' });
    expect(read('1,234.56')).toEqual({ ok: true, amount: '1234.56' });
    expect(read('1.234,56')).toEqual({ ok: true, amount: '1234.56' });
    expect(read('1 234,56')).toEqual({ ok: true, amount: '1234.56' });
    expect(read("1'234.50")).toEqual({ ok: true, amount: '1234.50' });
    expect(read('1,000')).toEqual({ ok: true, amount: '1000' });
    expect(read('1,000', DE)).toEqual({ ok: true, amount: '1.000' });
    expect(read('1.000', DE)).toEqual({ ok: true, amount: '1000' });
    expect(read('0012.5')).toEqual({ ok: true, amount: '12.5' });
    expect(read('.5')).toEqual({ ok: true, amount: '0.5' });
    expect(read('-5', EN, true)).toEqual({ ok: true, amount: '-5' });
    expect(read('\u22125', EN, true)).toEqual({ ok: true, amount: '-5' });
    expect(read('-5').ok).toBe(false);
    expect(read('').ok).toBe(false);
    expect(read('12 EUR').ok).toBe(false);
    expect(read('1e5').ok).toBe(false);
  });
});

describe('account trees', () => {
  const row = (account: string, amount = '1'): ReportRow => ({
    account,
    name: account.split(':').pop()!,
    depth: account.split(':').length - 1,
    balance: [{ amount, commodity: 'EUR' }],
    own: [],
  });
  const rows = ['Assets', 'Assets:Bank', 'Assets:Bank:Checking', 'Assets:Bank:Savings', 'Assets:Cash'].map((a) => row(a));

  it('links rows to their parents', () => {
    const tree = buildTree(rows);
    expect(tree.map((r) => [r.account, r.parent, r.hasChildren])).toEqual([
      ['Assets', null, true],
      ['Assets:Bank', 'Assets', true],
      ['Assets:Bank:Checking', 'Assets:Bank', false],
      ['Assets:Bank:Savings', 'Assets:Bank', false],
      ['Assets:Cash', 'Assets', false],
    ]);
  });

  it('leaves out a sole root (the heading says it) and moves the rest up', () => {
    const tree = buildTree(rows, { dropSoleRoot: true });
    expect(tree.map((r) => [r.account, r.depth, r.parent])).toEqual([
      ['Assets:Bank', 0, null],
      ['Assets:Bank:Checking', 1, 'Assets:Bank'],
      ['Assets:Bank:Savings', 1, 'Assets:Bank'],
      ['Assets:Cash', 0, null],
    ]);
    // Two roots (declared types): both stay.
    expect(buildTree([row('Assets'), row('Assets:A'), row('Cash'), row('Cash:B')], { dropSoleRoot: true })).toHaveLength(4);
    // A root alone stays.
    expect(buildTree([row('Assets')], { dropSoleRoot: true })).toHaveLength(1);
  });

  it('hides what is under a collapsed row, however deep', () => {
    const tree = buildTree(rows);
    expect(visibleRows(tree, new Set(['Assets:Bank'])).map((r) => r.account)).toEqual(['Assets', 'Assets:Bank', 'Assets:Cash']);
    expect(visibleRows(tree, new Set(['Assets'])).map((r) => r.account)).toEqual(['Assets']);
    expect(visibleRows(tree, toggle(toggle(new Set(), 'Assets'), 'Assets'))).toHaveLength(5);
    expect([...collapseAll(tree, true)]).toEqual(['Assets', 'Assets:Bank']);
    expect(collapseAll(tree, false).size).toBe(0);
  });

  it('opens small trees whole and big ones to the first level', () => {
    expect(initialCollapsed(buildTree(rows)).size).toBe(0);
    const many = [row('Expenses'), ...Array.from({ length: 8 }, (_, i) => [row(`Expenses:G${i}`), row(`Expenses:G${i}:X`)]).flat()];
    const tree = buildTree(many);
    const collapsed = initialCollapsed(tree);
    expect(collapsed.has('Expenses')).toBe(false);
    expect(collapsed.has('Expenses:G0')).toBe(true);
    expect(visibleRows(tree, collapsed)).toHaveLength(9);
  });
});

describe('chart geometry', () => {
  it('finds round ticks that cover the values', () => {
    expect(niceTicks(0, 100, 4).values).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 100, 2).values).toEqual([0, 50, 100]);
    const t = niceTicks(3056, 6191.7, 4);
    expect(t.min).toBeLessThanOrEqual(3056);
    expect(t.max).toBeGreaterThanOrEqual(6191.7);
    expect(t.values).toEqual([3000, 4000, 5000, 6000, 7000]);
    expect(niceTicks(-120, 80, 4).values).toEqual([-150, -100, -50, 0, 50, 100]);
    expect(niceTicks(0.1, 0.3, 2).values).toEqual([0.1, 0.2, 0.3]);
    // A flat series gets room around it; bars start at zero.
    expect(niceTicks(500, 500).values.length).toBeGreaterThan(1);
    expect(niceTicks(0, 0, 4, true).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(200, 950, 4, true).min).toBe(0);
  });

  it('scales and draws paths', () => {
    const x = linearScale([0, 10], [50, 150]);
    expect(x(5)).toBe(100);
    expect(linearScale([1, 1], [0, 10])(1)).toBe(5);
    const pts = [
      { x: 0, y: 10 },
      { x: 5.04, y: 2 },
    ];
    expect(linePath(pts)).toBe('M0 10 L5 2');
    expect(areaPath(pts, 20)).toBe('M0 10 L5 2 L5 20 L0 20 Z');
    expect(areaPath([], 0)).toBe('');
    expect(nearestIndex([0, 10, 20], 14)).toBe(1);
    expect(nearestIndex([0, 10, 20], 16)).toBe(2);
  });

  it('moves a chart cursor with the keys and leaves other keys to the page', () => {
    expect(stepIndex('ArrowLeft', null, 5)).toBe(3);
    expect(stepIndex('ArrowRight', null, 5)).toBe(4);
    expect(stepIndex('ArrowLeft', 0, 5)).toBe(0);
    expect(stepIndex('ArrowUp', 2, 5)).toBe(3);
    expect(stepIndex('Home', 3, 5)).toBe(0);
    expect(stepIndex('End', 0, 5)).toBe(4);
    expect(stepIndex('Escape', 2, 5)).toBeNull();
    expect(stepIndex('Tab', 2, 5)).toBeUndefined();
    expect(stepIndex('ArrowLeft', null, 0)).toBeUndefined();
  });

  it('lays bars out inside their bands', () => {
    const l = barLayout(4, 2, 0, 400, 26);
    expect(l.band).toBe(100);
    expect(l.bar).toBe(26);
    expect(l.groupX(0)).toBe(24);
    expect(l.groupX(3) + 2 * l.bar).toBeLessThanOrEqual(400);
    expect(barLayout(100, 2, 0, 300).bar).toBe(2);
  });

  it('picks a step that fits the period (the API takes 1,000 points at most)', () => {
    expect(stepFor('2026-08-25', '2026-11-25')).toBe('day');
    expect(stepFor('2025-11-25', '2026-11-25')).toBe('week');
    expect(stepFor('1990-01-01', '2026-11-25')).toBe('month');
    expect(planSeries('3m', '2026-11-25', null)).toEqual({ from: '2026-08-25', to: '2026-11-25', step: 'day' });
    expect(planSeries('1y', '2026-11-25', null)).toEqual({ from: '2025-11-25', to: '2026-11-25', step: 'week' });
    expect(planSeries('all', '2026-11-25', '2020-03-01').step).toBe('month');
    expect(planSeries('all', '2026-11-25', null).from).toBe('2026-10-25');
    // Weekly points over three years stay under 1,000.
    expect(daysBetween('2023-11-25', '2026-11-25') / 7).toBeLessThan(1000);
  });

  it('splits a period into months (or years when long)', () => {
    const three = buckets('3m', '2026-11-25', null);
    expect(three.map((b) => [b.from, b.to])).toEqual([
      ['2026-09-01', '2026-09-30'],
      ['2026-10-01', '2026-10-31'],
      ['2026-11-01', '2026-11-25'],
    ]);
    expect(buckets('1y', '2026-11-25', null)).toHaveLength(12);
    expect(buckets('1y', '2026-11-25', null)[0].from).toBe('2025-12-01');
    expect(buckets('all', '2026-11-25', '2026-08-03').map((b) => b.from)).toEqual(['2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01']);
    const years = buckets('all', '2026-11-25', '2019-05-10');
    expect(years.length).toBe(8);
    expect(years[0]).toMatchObject({ from: '2019-05-01', to: '2019-12-31', label: '2019' });
    expect(years.at(-1)).toMatchObject({ from: '2026-01-01', to: '2026-11-25' });
    expect(buckets('all', '2026-11-25', addMonths('2026-11-25', -(MAX_MONTH_BARS - 1))).length).toBe(MAX_MONTH_BARS);
  });

  it('labels the time axis without crowding it', () => {
    const days = timeTicks('2026-11-01', '2026-11-25', 5);
    expect(days.length).toBeLessThanOrEqual(5);
    expect(days.length).toBeGreaterThanOrEqual(3);
    const months = timeTicks('2025-11-25', '2026-11-25', 6);
    expect(months.length).toBeLessThanOrEqual(6);
    expect(months.length).toBeGreaterThanOrEqual(4);
    expect(timeTicks('2000-01-01', '2026-11-25', 6).length).toBeLessThanOrEqual(6);
    expect(timeTicks('2026-01-01', '2026-01-01', 6)).toHaveLength(1);
    expect(axisLabel(4500)).toMatch(/^4\.5\s?K$/i);
  });
});

describe('dates', () => {
  it('steps by days and months on the calendar', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-25', -12)).toBe('2025-11-25');
    expect(monthStart('2026-11-25')).toBe('2026-11-01');
    expect(monthEnd('2026-02-10')).toBe('2026-02-28');
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(today(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('the everyday form', () => {
  const accounts = [
    { account: 'Assets:Bank:Checking', type: 'asset', postings: 9 },
    { account: 'Assets:Cash', type: 'asset', postings: 2 },
    { account: 'Liabilities:Credit card', type: 'liability', postings: 4 },
    { account: 'Expenses:Food:Groceries', type: 'expense', postings: 5 },
    { account: 'Expenses:Housing:Rent', type: 'expense', postings: 1 },
    { account: 'Income:Salary', type: 'income', postings: 3 },
    { account: 'Aktiva:Konto', type: 'asset', postings: 1 },
  ];
  const form = (extra: Partial<EverydayForm>): EverydayForm => ({
    kind: 'spent',
    amount: '12.50',
    commodity: 'EUR',
    from: 'Assets:Cash',
    to: 'Expenses:Food:Groceries',
    date: '2026-11-20',
    description: 'Market',
    ...extra,
  });

  it('turns "I spent" into money out of one account and into an expense', () => {
    const built = buildEveryday(form({}), accounts, { separators: EN });
    expect(built.ok && built.draft).toEqual({
      date: '2026-11-20',
      description: 'Market',
      postings: [
        { account: 'Expenses:Food:Groceries', amount: '12.50', commodity: 'EUR' },
        { account: 'Assets:Cash', amount: '-12.50', commodity: 'EUR' },
      ],
    });
  });

  it('turns "I received" and "I moved money" into balanced postings', () => {
    const received = buildEveryday(form({ kind: 'received', amount: '3,200.00', from: 'salary', to: 'checking' }), accounts, { separators: EN });
    expect(received.ok && received.draft.postings).toEqual([
      { account: 'Assets:Bank:Checking', amount: '3200.00', commodity: 'EUR' },
      { account: 'Income:Salary', amount: '-3200.00', commodity: 'EUR' },
    ]);
    const moved = buildEveryday(form({ kind: 'moved', amount: '300', from: 'Checking', to: 'Credit card' }), accounts, { separators: EN });
    expect(moved.ok && moved.draft.postings).toEqual([
      { account: 'Liabilities:Credit card', amount: '300', commodity: 'EUR' },
      { account: 'Assets:Bank:Checking', amount: '-300', commodity: 'EUR' },
    ]);
  });

  it('names new accounts where they belong', () => {
    expect(qualifyAccount('Groceries', 'expense', [])).toEqual({ account: 'Expenses:Groceries', isNew: true, kind: 'expense' });
    expect(qualifyAccount('groceries', 'expense', accounts)).toEqual({ account: 'Expenses:Food:Groceries', isNew: false, kind: 'expense' });
    expect(qualifyAccount(' Bank :  Savings ', 'money', accounts)).toEqual({ account: 'Assets:Bank:Savings', isNew: true, kind: 'asset' });
    expect(qualifyAccount('liabilities:loan', 'money', accounts)).toEqual({ account: 'liabilities:loan', isNew: true, kind: 'liability' });
    expect(qualifyAccount('Aktiva:Sparbuch', 'money', accounts)).toEqual({ account: 'Aktiva:Sparbuch', isNew: true, kind: 'asset' });
    expect(qualifyAccount('income:salary', 'income', accounts)).toEqual({ account: 'Income:Salary', isNew: false, kind: 'income' });
    expect(qualifyAccount('  ', 'money', accounts)).toBeNull();
    expect(tidyAccount(' A :  b   c :')).toBe('A:b c');
    expect(kindOfName('Revenues:Sales')).toBe('income');
    expect(kindOfName('Stuff')).toBeNull();
  });

  it('says what is missing, field by field', () => {
    const built = buildEveryday(form({ amount: '', from: '', to: '', date: '2026-02-30', description: ' ', commodity: '' }), accounts, { separators: EN });
    expect(built.ok).toBe(false);
    expect(!built.ok && Object.keys(built.errors).sort()).toEqual(['amount', 'commodity', 'date', 'description', 'from', 'to']);
    const zero = buildEveryday(form({ amount: '0.00' }), accounts, { separators: EN });
    expect(!zero.ok && zero.errors.amount).toMatch(/more than zero/);
    const negative = buildEveryday(form({ amount: '-5' }), accounts, { separators: EN });
    expect(!negative.ok && negative.errors.amount).toMatch(/without a minus/);
    const same = buildEveryday(form({ from: 'Assets:Cash', to: 'cash', kind: 'moved' }), accounts, { separators: EN });
    expect(!same.ok && same.errors.to).toMatch(/two different/);
    const quoted = buildEveryday(form({ commodity: 'E"UR' }), accounts, { separators: EN });
    expect(!quoted.ok && quoted.errors.commodity).toBeTruthy();
  });

  it('suggests the accounts that fit a field, most used first', () => {
    expect(suggestions(accounts, 'money')).toEqual(['Assets:Bank:Checking', 'Liabilities:Credit card', 'Assets:Cash', 'Aktiva:Konto']);
    expect(suggestions(accounts, 'expense')).toEqual(['Expenses:Food:Groceries', 'Expenses:Housing:Rent']);
    expect(suggestions(accounts, 'income')).toEqual(['Income:Salary']);
  });

  it('points API errors at the field they are about', () => {
    expect(errorPlace('postings[1].account: account name "a::b" has an empty component')).toEqual({ posting: 1, field: 'account' });
    expect(errorPlace('postings[0].cost.amount: bad')).toEqual({ posting: 0, field: 'cost' });
    expect(errorPlace('date: "2026-13-01" is not a date')).toEqual({ posting: null, field: 'date' });
    expect(errorPlace('transaction does not balance: off by 9 EUR')).toBeNull();
    expect(everydayField('postings[1].account: x')).toBe('from');
    expect(everydayField('postings[0].account: x')).toBe('to');
    expect(everydayField('postings[0].amount: x')).toBe('amount');
    expect(everydayField('description: at most 1000 characters')).toBe('description');
    expect(everydayField('code: x')).toBeNull();
  });

  it('guesses a currency for empty books and finds the main one', () => {
    expect(guessCurrency('en-US')).toBe('USD');
    expect(guessCurrency('de-CH')).toBe('CHF');
    expect(guessCurrency('fr-FR')).toBe('EUR');
    expect(guessCurrency(undefined)).toBe('EUR');
    const held = [
      { balance: [{ amount: '1', commodity: 'EUR' }] },
      { balance: [{ amount: '1', commodity: 'EUR' }, { amount: '2', commodity: 'USD' }] },
      { balance: [{ amount: '1', commodity: 'AAPL' }] },
    ];
    expect(mainCommodity(held)).toBe('EUR');
    expect(mainCommodity([])).toBeNull();
    expect(commoditiesOf(held, ['GBP'])).toEqual(['EUR', 'AAPL', 'USD', 'GBP']);
  });
});

describe('the advanced form', () => {
  const line = (account: string, amount: string, commodity = 'EUR') => ({ account, amount, commodity });

  it('adds the lines up exactly and says what an empty line becomes', () => {
    const b = balanceOf([line('Expenses:Food', '0.10'), line('Expenses:Drink', '0.20'), line('Assets:Cash', '')], { separators: EN });
    expect(b.inferred).toEqual([{ amount: '-0.30', commodity: 'EUR' }]);
    expect(b.balanced).toBe(true);
    const off = balanceOf([line('A', '10'), line('B', '-9.99')], { separators: EN });
    expect(off.balanced).toBe(false);
    expect(off.sums).toEqual([{ amount: '0.01', commodity: 'EUR' }]);
    const even = balanceOf([line('A', '1,000.00'), line('B', '-1000')], { separators: EN });
    expect(even.balanced).toBe(true);
    expect(balanceOf([line('A', 'x'), line('B', '1')], { separators: EN }).unreadable).toEqual([0]);
    expect(balanceOf([line('', ''), line('', '')]).blanks).toBe(0);
    // One empty line takes up what is left in every commodity, as the node does.
    const both = balanceOf([line('A', '5'), line('B', '2', 'USD'), line('C', '')], { separators: EN });
    expect(both.balanced).toBe(true);
    expect(both.inferred).toEqual([
      { amount: '-5', commodity: 'EUR' },
      { amount: '-2', commodity: 'USD' },
    ]);
    expect(balanceOf([line('A', '1'), line('B', ''), line('C', '')]).balanced).toBe(false);
  });

  it('sees an exchange of two commodities, as hledger infers a conversion', () => {
    const swap = balanceOf([line('Assets:Broker', '-100', 'USD'), line('Assets:Bank', '90', 'EUR')], { separators: EN });
    expect(swap.balanced).toBe(true);
    expect(swap.exchange).toEqual({ gave: { amount: '100', commodity: 'USD' }, got: { amount: '90', commodity: 'EUR' } });
    // Both the same way: not an exchange.
    expect(balanceOf([line('A', '100', 'USD'), line('B', '90', 'EUR')], { separators: EN }).balanced).toBe(false);
    // The first commodity on two lines: the node does not infer it either.
    const split = balanceOf([line('A', '-50', 'USD'), line('A2', '-50', 'USD'), line('B', '90', 'EUR')], { separators: EN });
    expect(split.exchange).toBeNull();
    expect(split.balanced).toBe(false);
    // Three commodities off: no.
    expect(balanceOf([line('A', '-1', 'USD'), line('B', '1', 'EUR'), line('C', '1', 'GBP')], { separators: EN }).balanced).toBe(false);
  });

  it('builds the postings, leaving out the empty amount', () => {
    const built = buildAdvanced(
      { date: '2026-11-01', description: 'Shares', lines: [line('Assets:Broker', '2', 'AAPL'), line('Assets:Bank', ''), line('', '')] },
      { separators: EN },
    );
    expect(built).toEqual({
      ok: true,
      draft: { date: '2026-11-01', description: 'Shares', postings: [{ account: 'Assets:Broker', amount: '2', commodity: 'AAPL' }, { account: 'Assets:Bank' }] },
    });
    const bad = buildAdvanced({ date: '', description: '', lines: [line('A', ''), line('', '5')] }, { separators: EN });
    expect(!bad.ok && bad.errors).toEqual([
      'Choose a date.',
      'Say in a few words what it was.',
      'Line 2: say which account.',
    ]);
    const blanks = buildAdvanced({ date: '2026-11-01', description: 'x', lines: [line('A', ''), line('B', '')] });
    expect(!blanks.ok && blanks.errors).toContain('Leave the amount out on one line at most.');
  });
});

describe('import and export', () => {
  it('tells the format by the file name, else by the text', () => {
    expect(guessFormat('books.beancount', '')).toBe('beancount');
    expect(guessFormat('2026.journal', '2026-01-01 open Assets:Bank')).toBe('hledger');
    expect(guessFormat(null, 'option "title" "Mine"\n')).toBe('beancount');
    expect(guessFormat(null, '2026-01-01 open Assets:Bank EUR\n')).toBe('beancount');
    expect(guessFormat(null, '2026-01-01 * "Shop" "Bread"\n  Expenses:Food  2 EUR\n')).toBe('beancount');
    expect(guessFormat(null, '2026-01-01 * Shop\n  Expenses:Food  2 EUR\n  Assets:Cash\n')).toBe('hledger');
  });

  it('reads the numbered problems of a refused import', () => {
    const message = 'the hledger journal was not imported (nothing changed):\nline 5: "2026-13-01" is not a date: write YYYY-MM-DD\nline 9: transaction does not balance: off by 9 EUR\n… and 2 more';
    expect(importProblems(message)).toEqual([
      { line: 5, message: '"2026-13-01" is not a date: write YYYY-MM-DD' },
      { line: 9, message: 'transaction does not balance: off by 9 EUR' },
      { line: null, message: '… and 2 more' },
    ]);
    expect(importProblems('balance assertion failed')).toEqual([{ line: null, message: 'balance assertion failed' }]);
  });

  it('shows the line a problem is on with its neighbours', () => {
    const text = 'a\nb\nc\nd';
    expect(excerpt(text, 1)).toEqual([
      { number: 1, text: 'a', current: true },
      { number: 2, text: 'b', current: false },
    ]);
    expect(excerpt(text, 3).map((l) => l.number)).toEqual([2, 3, 4]);
    expect(excerpt(text, 9)).toEqual([]);
  });

  it('knows what is too large for the gateway, in bytes', () => {
    expect(tooLargeForHttp('x'.repeat(HTTP_IMPORT_LIMIT - 10))).toBe(false);
    expect(tooLargeForHttp('x'.repeat(HTTP_IMPORT_LIMIT))).toBe(true);
    // Three bytes a character in UTF-8.
    expect(tooLargeForHttp('€'.repeat(Math.ceil(HTTP_IMPORT_LIMIT / 3)))).toBe(true);
    // Line breaks are escaped in JSON (two bytes each).
    expect(tooLargeForHttp('\n'.repeat(HTTP_IMPORT_LIMIT / 2 + 10))).toBe(true);
  });

  it('says what was imported in words and names export files', () => {
    expect(importSummary({ transactions: 4, prices: 1, accounts: 8 })).toBe('4 transactions, 1 price and 8 new accounts');
    expect(importSummary({ transactions: 1, prices: 0, accounts: 0 })).toBe('1 transaction');
    expect(importSummary({ transactions: 0, prices: 2, accounts: 0, checks: 1, assertions: 2 })).toBe('0 transactions, 2 prices and 3 balance checks');
    expect(exportFileName('beancount', '2026-11-25')).toBe('books-2026-11-25.beancount');
    expect(exportFileName('hledger', '2026-11-25')).toBe('books-2026-11-25.journal');
  });
});

describe('routes', () => {
  it('round-trips account names through the hash', () => {
    expect(accountHref('Liabilities:Credit card')).toBe('#/books/account/Liabilities%3ACredit%20card');
    expect(booksPage(['account', 'Liabilities:Credit card'])).toEqual({ view: 'account', account: 'Liabilities:Credit card' });
    expect(booksPage(['sheet'])).toEqual({ view: 'sheet' });
    expect(booksPage(['income'])).toEqual({ view: 'income' });
    expect(booksPage(['nonsense'])).toEqual({ view: 'overview' });
    expect(booksPage(['account'])).toEqual({ view: 'overview' });
  });
});
