/**
 * Importing and exporting the books as text: which format a file is in, the problems the
 * API names by line, the lines they point at, and the files an export is saved as.
 */

export type BooksFormat = 'hledger' | 'beancount';

/** What each format is called, for people. */
export const FORMAT_LABEL: Record<BooksFormat, string> = {
  hledger: 'hledger journal',
  beancount: 'beancount',
};

/** The file name ending each format is saved with. */
export const FORMAT_EXTENSION: Record<BooksFormat, string> = {
  hledger: '.journal',
  beancount: '.beancount',
};

/** The endings the file picker offers. */
export const IMPORT_ACCEPT = '.journal,.hledger,.ledger,.j,.dat,.beancount,.bean,.txt';

/**
 * The format of a file: by its name's ending when it tells, else by its text (beancount
 * writes `open`, `option`, quoted narrations, or `*` after a date followed by a quote).
 */
export function guessFormat(name: string | null, text: string): BooksFormat {
  const lower = (name ?? '').toLowerCase();
  if (/\.(beancount|bean)$/.test(lower)) return 'beancount';
  if (/\.(journal|hledger|ledger|j|dat)$/.test(lower)) return 'hledger';
  const beancount = /^(\d{4}-\d{2}-\d{2}\s+(open|close|balance|pad|commodity|price|note|document|event)\b|option\s+"|plugin\s+"|\d{4}-\d{2}-\d{2}\s+[*!]\s+")/m;
  return beancount.test(text) ? 'beancount' : 'hledger';
}

/** One problem the API found. */
export interface Problem {
  /** The line it is on (1-based), when it says. */
  line: number | null;
  message: string;
}

/**
 * The problems of a refused import, one per line of the API's message
 * (`line 5: "2026-13-01" is not a date…`), without its first line ("… was not imported
 * (nothing changed):").
 */
export function importProblems(message: string): Problem[] {
  const lines = message.split('\n');
  const body = /was not imported/.test(lines[0]) ? lines.slice(1) : lines;
  return body
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /^line (\d+): (.*)$/s.exec(l);
      return m ? { line: Number(m[1]), message: m[2] } : { line: null, message: l };
    });
}

/** A line of the text with its number. */
export interface NumberedLine {
  number: number;
  text: string;
  /** Whether it is the line the problem is on. */
  current: boolean;
}

/** The line `line` of `text` with `around` lines either side (fewer at the ends). */
export function excerpt(text: string, line: number, around = 1): NumberedLine[] {
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) return [];
  const out: NumberedLine[] = [];
  for (let n = Math.max(1, line - around); n <= Math.min(lines.length, line + around); n++) {
    out.push({ number: n, text: lines[n - 1], current: n === line });
  }
  return out;
}

/** `books-2026-11-25.journal` */
export function exportFileName(format: BooksFormat, day: string): string {
  return `books-${day}${FORMAT_EXTENSION[format]}`;
}

/**
 * The most a browser may send the node in one request: the gateway's cap (1 MiB), less
 * room for the rest of the request around the text.
 */
export const HTTP_IMPORT_LIMIT = 1024 * 1024 - 4096;

/** Whether `text`, sent as JSON, is more than the gateway takes (the desktop app has no such cap). */
export function tooLargeForHttp(text: string): boolean {
  return new TextEncoder().encode(JSON.stringify(text)).length > HTTP_IMPORT_LIMIT;
}

/** `4 transactions, 1 price and 8 accounts`: what an import added, in words. */
export function importSummary(s: { transactions: number; prices: number; accounts: number; checks?: number; assertions?: number }): string {
  const n = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString()} ${count === 1 ? one : many}`;
  const parts = [n(s.transactions, 'transaction')];
  if (s.prices > 0) parts.push(n(s.prices, 'price'));
  if (s.accounts > 0) parts.push(n(s.accounts, 'new account'));
  const checks = (s.checks ?? 0) + (s.assertions ?? 0);
  if (checks > 0) parts.push(n(checks, 'balance check'));
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
