/**
 * Addresses inside the Balance sheet tab (hash routes), and what a path names. Components
 * link with these, never by writing `#/books/…` themselves.
 */

/** What the tab shows for a path. */
export type BooksPage =
  | { view: 'overview' }
  | { view: 'sheet' }
  | { view: 'income' }
  | { view: 'prices' }
  | { view: 'account'; account: string };

export const overviewHref = (): string => '#/books';
/** The balance sheet report. */
export const sheetHref = (): string => '#/books/sheet';
/** The income statement report. */
export const incomeHref = (): string => '#/books/income';
/** The prices the books know, and adding one. */
export const pricesHref = (): string => '#/books/prices';
/** An account's register. */
export const accountHref = (account: string): string => `#/books/account/${encodeURIComponent(account)}`;

/** The page a Balance sheet path names; anything unknown is the overview. */
export function booksPage(path: readonly string[]): BooksPage {
  const [what, arg] = path;
  if (what === 'sheet') return { view: 'sheet' };
  if (what === 'income') return { view: 'income' };
  if (what === 'prices') return { view: 'prices' };
  if (what === 'account' && arg) return { view: 'account', account: arg };
  return { view: 'overview' };
}
