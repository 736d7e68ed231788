// The Balance sheet tab against a real `supernet serve` (no mocked API), in Debian's
// Chromium: import an hledger journal with two commodities and a few months of
// transactions (a refused one first: its line is named and nothing changes), read the
// totals of the overview and the balance sheet, add a transaction in everyday words, open
// an account's register, add a market price and see the total in euros change — at desktop and phone sizes, light and dark, with screenshots
// kept and an accessibility check of each screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { axe, browser, cli, freshDir, serve, shot, watchPage, TIMEOUT } from './harness.mjs';

let node;
let chromium;
const problems = [];

/** `YYYY-MM-DD` of the local day `months` months before today, on day `day`. */
function day(months, dayOfMonth) {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - months, dayOfMonth);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const today = day(0, new Date().getDate());

/**
 * Three months of a household's books, in EUR and USD, dated back from today. At the end:
 *   Checking 2500 + 3 × (3200 − 950) = 9250.00 EUR; Cash 120.00 EUR; Brokerage 812.50 USD
 *   Credit card −300 − 3 × 84.35 = −553.05 EUR
 *   assets 9370.00 EUR + 812.50 USD; owed 553.05 EUR; net worth 8816.95 EUR + 812.50 USD
 *   (in EUR at 0.90 a dollar: 8816.95 + 731.25 = 9548.20 EUR)
 */
function journal() {
  const lines = [
    `P ${day(3, 1)} USD 0.90 EUR`,
    '',
    `${day(3, 1)} Opening balances`,
    '    Assets:Bank:Checking      2500.00 EUR',
    '    Assets:Cash                120.00 EUR',
    '    Assets:Brokerage           800.00 USD',
    '    Liabilities:Credit card   -300.00 EUR',
    '    Equity:Opening balances',
  ];
  for (const m of [3, 2, 1]) {
    lines.push(
      '',
      `${day(m, 5)} Rent`,
      '    Expenses:Housing:Rent      950.00 EUR',
      '    Assets:Bank:Checking',
      '',
      `${day(m, 12)} Groceries`,
      '    Expenses:Food:Groceries     84.35 EUR',
      '    Liabilities:Credit card',
      '',
      `${day(m, 25)} Salary`,
      '    Assets:Bank:Checking      3200.00 EUR',
      '    Income:Salary',
    );
  }
  lines.push('', `${day(1, 15)} Dividend`, '    Assets:Brokerage            12.50 USD', '    Income:Dividends', '');
  return lines.join('\n');
}

before(async () => {
  const dir = freshDir('books');
  await cli(dir, ['init', '--no-passphrase', '--name', 'Alice']);
  node = await serve(dir);
  chromium = await browser();
});

after(async () => {
  await chromium?.close();
  await node?.stop();
});

async function open(viewport, options = {}) {
  const context = await chromium.newContext({ viewport, ...options });
  const page = await context.newPage();
  watchPage(page, problems);
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(await cli(node.dataDir, ['link']));
  await page.locator('a[href="#/books"]').first().click();
  await page.getByRole('heading', { name: 'Balance sheet', level: 1 }).waitFor();
  return { context, page };
}

/** A screenshot once nothing moves (dialogs fade in). */
async function snap(page, name) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await shot(page, name);
}

async function expectNoSeriousA11yViolations(page, screen) {
  assert.deepEqual(await axe(page), [], `accessibility problems on the ${screen} screen`);
}

/** The text of an element with its non-breaking spaces made plain. */
async function text(locator) {
  return (await locator.innerText()).replace(/\u00a0/g, ' ').replace(/\u2212/g, '-');
}

test('import, read the totals, add a transaction in everyday words, at desktop size', async () => {
  const { context, page } = await open({ width: 1280, height: 900 });

  // Empty books explain themselves.
  const empty = page.getByTestId('books-empty');
  await empty.waitFor();
  await snap(page, 'books-1-empty-desktop');
  await expectNoSeriousA11yViolations(page, 'empty books');
  await empty.getByRole('button', { name: 'Import from hledger or beancount' }).click();

  // A journal with a bad date is refused whole, its line named.
  const dialog = page.getByRole('dialog', { name: 'Import books' });
  const bad = journal().replace(`${day(2, 12)} Groceries`, '2026-13-40 Groceries');
  const badLine = bad.split('\n').findIndex((l) => l.startsWith('2026-13-40')) + 1;
  await dialog.getByTestId('import-file-input').setInputFiles({ name: 'household.journal', mimeType: 'text/plain', buffer: Buffer.from(bad) });
  await dialog.getByText('household.journal ·').waitFor();
  await dialog.getByRole('button', { name: 'Import' }).click();
  const refused = dialog.getByTestId('import-problems');
  await refused.waitFor();
  assert.match(await refused.innerText(), new RegExp(`Line ${badLine}:.*not a date`, 's'));
  assert.equal(await text(refused.locator('.excerpt-line.current')), `${badLine}2026-13-40 Groceries`);
  await snap(page, 'books-2-import-refused');
  await expectNoSeriousA11yViolations(page, 'refused import');
  const untouched = JSON.parse(await cli(node.dataDir, ['call', 'ledger.accounts', '{}']));
  assert.deepEqual(untouched.accounts, [], 'a refused import changes nothing');

  // Fixed in place, it goes in.
  await dialog.getByLabel('Text of the books').fill(journal());
  await dialog.getByRole('button', { name: 'Import' }).click();
  const result = dialog.getByTestId('import-result');
  await result.waitFor();
  assert.match(await result.innerText(), /Imported 11 transactions, 1 price and 9 new accounts\./);
  await dialog.getByRole('button', { name: 'Done' }).click();

  // The overview: net worth now, exactly, in each currency.
  const worth = page.getByTestId('net-worth');
  await page.waitForFunction(() => /8,816\.95/.test(document.querySelector('[data-testid="net-worth"]')?.textContent ?? ''));
  assert.equal(await text(worth), '8,816.95 EUR\n812.50 USD');
  await page.getByRole('slider', { name: /Net worth over time in EUR/ }).waitFor();
  await page.getByRole('slider', { name: /Money in and money out in EUR/ }).waitFor();
  await page.getByLabel('3 months').check();
  await page.getByRole('slider', { name: /Net worth over time/ }).hover({ position: { x: 400, y: 100 } });
  await snap(page, 'books-3-overview-desktop');
  await expectNoSeriousA11yViolations(page, 'overview');

  // Converted into euros at the imported price.
  await page.getByLabel('Show amounts in').selectOption('EUR');
  await page.waitForFunction(() => document.querySelector('[data-testid="net-worth"]')?.textContent?.includes('9,548.20'));
  assert.equal(await text(worth), '9,548.20 EUR');
  await page.getByLabel('Show amounts in').selectOption('');
  await page.waitForFunction(() => document.querySelector('[data-testid="net-worth"]')?.textContent?.includes('812.50'));

  // The balance sheet, in plain words, with its totals.
  await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Balance sheet' }).click();
  await page.getByTestId('section-assets').waitFor();
  assert.equal(await text(page.getByTestId('section-assets-total')), '9,370.00 EUR\n812.50 USD');
  assert.equal(await text(page.getByTestId('section-liabilities-total')), '553.05 EUR');
  assert.equal(await text(page.getByTestId('section-equity-total')), '8,816.95 EUR\n812.50 USD');
  assert.equal(await text(page.getByTestId('sheet-worth')), '8,816.95 EUR\n812.50 USD');
  await page.getByTestId('section-equity').getByText('Income less expenses').waitFor();
  await snap(page, 'books-4-balance-sheet-desktop');
  await expectNoSeriousA11yViolations(page, 'balance sheet');

  // I spent 42.50 EUR on books, paid from the checking account.
  await page.getByRole('button', { name: 'Add transaction' }).click();
  const add = page.getByRole('dialog', { name: 'Add a transaction' });
  await add.getByLabel('I spent').check();
  await add.getByLabel('Amount').fill('42,50');
  await add.getByLabel('What was it?').fill('Two novels');
  await add.getByLabel('Paid from').fill('checking');
  await add.getByLabel('Spent on').fill('Books');
  await add.getByText('Recorded in Assets:Bank:Checking').waitFor();
  await add.getByText('New account: Expenses:Books (money going out)').waitFor();
  await snap(page, 'books-5-add-everyday');
  await expectNoSeriousA11yViolations(page, 'add a transaction');
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await add.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('[data-testid="sheet-worth"]')?.textContent?.includes('8,774.45'));
  assert.equal(await text(page.getByTestId('section-assets-total')), '9,327.50 EUR\n812.50 USD');
  const txns = JSON.parse(await cli(node.dataDir, ['call', 'ledger.register', JSON.stringify({ account: 'Expenses:Books' })]));
  assert.deepEqual(
    txns.rows.map((r) => [r.date, r.description, r.amount]),
    [[today, 'Two novels', { amount: '42.50', commodity: 'EUR' }]],
    'the everyday form made balanced postings',
  );

  // The checking account's register: the new one first, with the running balance.
  await page.getByTestId('section-assets').getByRole('link', { name: 'Checking' }).click();
  await page.getByTestId('register-title').filter({ hasText: 'Checking' }).waitFor();
  const first = page.getByTestId('register-row').first();
  assert.match(await text(first), /Two novels[\s\S]*-42\.50 EUR[\s\S]*9,207\.50 EUR/);
  assert.equal(await page.getByTestId('register-row').count(), 8);
  await snap(page, 'books-6-register-desktop');
  await expectNoSeriousA11yViolations(page, 'register');

  // Back on the overview, after the change.
  await page.locator('a[href="#/books"]').first().click();
  await page.waitForFunction(() => document.querySelector('[data-testid="net-worth"]')?.textContent?.includes('8,774.45'));
  await page.getByRole('slider', { name: /Money in and money out/ }).waitFor();
  await snap(page, 'books-7-overview-after-desktop');

  // Everything since the books began (found by the node), and income and expenses.
  await page.getByLabel('All', { exact: true }).check();
  await page.getByRole('slider', { name: /Net worth over time/ }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.overview [role="status"]'));
  await page.getByRole('slider', { name: /Money in and money out/ }).scrollIntoViewIfNeeded();
  await snap(page, 'books-8-overview-all-desktop');
  await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Income & expenses' }).click();
  await page.getByLabel('Last month').check();
  await page.waitForFunction(() => document.querySelector('[data-testid="section-income-total"]')?.textContent?.includes('3,200.00'));
  assert.equal(await text(page.getByTestId('section-expenses-total')), '1,034.35 EUR');
  assert.equal(await text(page.getByTestId('income-net')), '+2,165.65 EUR\n+12.50 USD');
  await snap(page, 'books-9-income-desktop');
  await expectNoSeriousA11yViolations(page, 'income and expenses');

  // The advanced form: each line written out, the empty one filled in.
  await page.getByRole('button', { name: 'Add transaction' }).click();
  const adv = page.getByRole('dialog', { name: 'Add a transaction' });
  await adv.getByRole('tab', { name: 'Advanced' }).click();
  await adv.getByLabel('Description').fill('Shares');
  await adv.getByLabel('Account').nth(0).fill('Assets:Brokerage');
  await adv.getByLabel('Amount').nth(0).fill('-100');
  await adv.getByLabel('Currency').nth(0).fill('USD');
  await adv.getByLabel('Account').nth(1).fill('Assets:Bank:Checking');
  await adv.getByLabel('Amount').nth(1).fill('90');
  // Two currencies the opposite way: an exchange (the node infers the rate, as hledger does).
  await adv.getByTestId('balance-status').filter({ hasText: 'An exchange: 100 USD for 90 EUR.' }).waitFor();
  await snap(page, 'books-10-add-advanced-desktop');
  await expectNoSeriousA11yViolations(page, 'advanced form');
  await adv.getByRole('button', { name: 'Add', exact: true }).click();
  await adv.waitFor({ state: 'detached' });
  const broker = JSON.parse(await cli(node.dataDir, ['call', 'ledger.register', JSON.stringify({ account: 'Assets:Brokerage', limit: 1 })]));
  assert.deepEqual(broker.rows[0].amount, { amount: '-100', commodity: 'USD' });
  assert.deepEqual(broker.rows[0].balance, [{ amount: '712.50', commodity: 'USD' }]);

  // Prices: the imported one is listed; everything added up in euros with it; a new price
  // (refused first, the node's words at the field) changes that total.
  //   net worth now 8864.45 EUR + 712.50 USD: at 0.90 → 9505.70 EUR; at 0.92 → 9519.95 EUR
  await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Prices' }).click();
  await page.getByRole('heading', { name: 'Why prices?' }).waitFor();
  const priceRows = page.getByTestId('price-row');
  await priceRows.first().waitFor();
  assert.equal(await priceRows.count(), 1);
  assert.match(await text(priceRows.first()), /1 USD = 0\.90 EUR/);
  await page.getByTestId('prices-conversion').getByRole('button', { name: 'Show all in EUR' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="prices-net-worth"]')?.textContent?.includes('9,505.70'));
  assert.equal(await text(page.getByTestId('prices-net-worth')), '9,505.70 EUR');
  await snap(page, 'books-16-prices-desktop');
  await expectNoSeriousA11yViolations(page, 'prices');

  await page.getByTestId('add-price').click();
  const addPrice = page.getByRole('dialog', { name: 'Add a price' });
  await addPrice.getByLabel('1 unit of').fill('USD');
  await addPrice.getByLabel('is worth').fill('0.9234567890123456789');
  await addPrice.getByLabel('in', { exact: true }).fill('EUR');
  await addPrice.getByRole('button', { name: 'Save price' }).click();
  const priceInput = addPrice.getByLabel('is worth');
  await page.waitForFunction((el) => el.getAttribute('aria-invalid') === 'true', await priceInput.elementHandle());
  const priceError = page.locator(`#${await priceInput.getAttribute('aria-describedby')}`);
  assert.match(await priceError.innerText(), /^"0\.9234567890123456789" is not a decimal amount: .*at most 24 digits and 18 decimals$/);
  await snap(page, 'books-17-price-refused-desktop');
  await priceInput.fill('0.92');
  assert.equal(await priceInput.getAttribute('aria-invalid'), null, 'the refusal goes once the price is changed');
  const preview = addPrice.getByTestId('price-preview');
  assert.match(await text(preview), new RegExp(`1 USD = 0\\.92 EUR on[\\s\\S]*and so 1 EUR = 1\\.086957 USD`));
  await snap(page, 'books-18-add-price-desktop');
  await expectNoSeriousA11yViolations(page, 'add a price');
  await addPrice.getByRole('button', { name: 'Save price' }).click();
  await addPrice.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('[data-testid="prices-net-worth"]')?.textContent?.includes('9,519.95'));
  assert.equal(await priceRows.count(), 2);
  assert.match(await text(priceRows.first()), /1 USD = 0\.92 EUR/, 'the newest first');
  const converted = JSON.parse(await cli(node.dataDir, ['call', 'ledger.balance_sheet', JSON.stringify({ commodity: 'EUR' })]));
  assert.deepEqual(converted.net_worth, [{ amount: '9519.95', commodity: 'EUR' }], 'the node adds up as the screen says');
  const stored = JSON.parse(await cli(node.dataDir, ['call', 'ledger.prices', '{}']));
  assert.deepEqual(stored.prices.find((p) => p.date === today), { date: today, commodity: 'USD', price: '0.92', quote: 'EUR' });
  await snap(page, 'books-19-prices-after-desktop');
  await page.getByRole('button', { name: 'Show each currency apart again' }).click();
  await context.close();
});

test('the overview and the balance sheet at phone size, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await open({ width: 360, height: 780 }, { colorScheme, deviceScaleFactor: 2 });
    await page.getByTestId('net-worth').waitFor();
    await page.getByRole('slider', { name: /Net worth over time in EUR/ }).waitFor();
    await page.getByRole('slider', { name: /Money in and money out/ }).waitFor();
    await snap(page, `books-11-overview-phone-${colorScheme}`);
    await page.getByRole('slider', { name: /Money in and money out/ }).scrollIntoViewIfNeeded();
    await snap(page, `books-12-charts-phone-${colorScheme}`);
    await expectNoSeriousA11yViolations(page, `overview (phone, ${colorScheme})`);
    let width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `nothing overflows the phone's width on the overview (page is ${width}px wide)`);

    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Balance sheet' }).click();
    await page.getByTestId('section-assets').waitFor();
    await snap(page, `books-13-balance-sheet-phone-${colorScheme}`);
    await expectNoSeriousA11yViolations(page, `balance sheet (phone, ${colorScheme})`);
    width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `nothing overflows the phone's width on the balance sheet (page is ${width}px wide)`);

    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Prices' }).click();
    await page.getByTestId('price-row').first().waitFor();
    await snap(page, `books-20-prices-phone-${colorScheme}`);
    await expectNoSeriousA11yViolations(page, `prices (phone, ${colorScheme})`);
    width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `nothing overflows the phone's width on the prices (page is ${width}px wide)`);
    await page.getByTestId('add-price').click();
    const addPrice = page.getByRole('dialog', { name: 'Add a price' });
    await addPrice.getByLabel('1 unit of').fill('EUR');
    await addPrice.getByLabel('is worth').fill('1.08');
    await addPrice.getByLabel('in', { exact: true }).fill('USD');
    await addPrice.getByTestId('price-preview').waitFor();
    await snap(page, `books-21-add-price-phone-${colorScheme}`);
    await expectNoSeriousA11yViolations(page, `add a price (phone, ${colorScheme})`);
    await addPrice.getByRole('button', { name: 'Cancel' }).click();
    await addPrice.waitFor({ state: 'detached' });

    if (colorScheme === 'light') {
      await page.getByRole('button', { name: 'Add transaction' }).click();
      await page.getByRole('dialog', { name: 'Add a transaction' }).getByLabel('Amount').waitFor();
      await snap(page, 'books-14-add-phone');
      await page.getByRole('dialog', { name: 'Add a transaction' }).getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Income & expenses' }).click();
      await page.getByTestId('section-expenses').waitFor();
      await snap(page, 'books-15-income-phone');
      await expectNoSeriousA11yViolations(page, 'income and expenses (phone)');
    }
    await context.close();
  }
});

test('no page broke its Content-Security-Policy or threw', () => {
  assert.deepEqual(problems, []);
});
