/**
 * Entering a transaction in everyday words ("I spent 12.50 EUR from my bank account on
 * groceries") and turning it into balanced double-entry postings; and the checks of the
 * advanced form, where each posting is written out.
 */
import { negateDecimal, parseUserAmount, signOf, sumAmounts, isZero, type Amount, type Separators } from './decimal';
import { isIsoDate } from './dates';

/** The kinds of account the API knows. */
export type AccountKind = 'asset' | 'liability' | 'equity' | 'income' | 'expense';

/** An account in the books (what `ledger.accounts` lists). */
export interface KnownAccount {
  account: string;
  type: string;
  postings?: number;
}

/** What happened, in everyday words. */
export type EntryKind = 'spent' | 'received' | 'moved';

/** Which accounts fit a field of the form. */
export type Role = 'money' | 'expense' | 'income';

/** The two account fields of each kind: where the money came from, and where it went. */
export const FIELDS: Record<EntryKind, { from: { role: Role; label: string; placeholder: string }; to: { role: Role; label: string; placeholder: string } }> = {
  spent: {
    from: { role: 'money', label: 'Paid from', placeholder: 'Assets:Bank' },
    to: { role: 'expense', label: 'Spent on', placeholder: 'Expenses:Groceries' },
  },
  received: {
    from: { role: 'income', label: 'Received for', placeholder: 'Income:Salary' },
    to: { role: 'money', label: 'Received into', placeholder: 'Assets:Bank' },
  },
  moved: {
    from: { role: 'money', label: 'From', placeholder: 'Assets:Bank' },
    to: { role: 'money', label: 'To', placeholder: 'Assets:Savings' },
  },
};

/** The account kinds each role takes. */
export const ROLE_KINDS: Record<Role, AccountKind[]> = {
  money: ['asset', 'liability'],
  expense: ['expense'],
  income: ['income'],
};

/** Where a new account of a role goes when its name says nothing. */
const ROLE_ROOT: Record<Role, string> = {
  money: 'Assets',
  expense: 'Expenses',
  income: 'Income',
};

/** The first components the books read as a type (any case), as hledger does. */
const TYPE_WORDS: Record<string, AccountKind> = {
  asset: 'asset',
  assets: 'asset',
  liability: 'liability',
  liabilities: 'liability',
  debt: 'liability',
  debts: 'liability',
  equity: 'equity',
  income: 'income',
  revenue: 'income',
  revenues: 'income',
  expense: 'expense',
  expenses: 'expense',
};

/** What each kind of account is, in plain words. */
export const KIND_WORDS: Record<AccountKind, string> = {
  asset: 'something you own',
  liability: 'something you owe',
  equity: 'a starting balance',
  income: 'money coming in',
  expense: 'money going out',
};

/** The type a name implies (its first component), or null. */
export function kindOfName(name: string): AccountKind | null {
  return TYPE_WORDS[name.split(':')[0].trim().toLowerCase()] ?? null;
}

/** `Assets : Bank` → `Assets:Bank`: spaces around colons and at the ends removed. */
export function tidyAccount(name: string): string {
  return name
    .split(':')
    .map((part) => part.trim().replace(/\s+/g, ' '))
    .join(':')
    .replace(/^:+|:+$/g, '');
}

/** The accounts that fit a role, most used first. */
export function suggestions(accounts: readonly KnownAccount[], role: Role): string[] {
  const kinds = ROLE_KINDS[role];
  return accounts
    .filter((a) => kinds.includes(a.type as AccountKind))
    .sort((a, b) => (b.postings ?? 0) - (a.postings ?? 0) || a.account.localeCompare(b.account))
    .map((a) => a.account);
}

/** What an account field resolves to. */
export interface Qualified {
  /** The full name to record. */
  account: string;
  /** Whether it is not in the books yet (recording it opens it). */
  isNew: boolean;
  /** Its kind, when it can be told. */
  kind: AccountKind | null;
}

/**
 * The full account name for what a person typed in a field of `role`: an account in the
 * books (any case; or one whose last part is what was typed, when only one fits the
 * role), a name under a type word (`Expenses:Food`), or a new account under the role's
 * usual place (`Groceries` → `Expenses:Groceries`).
 */
export function qualifyAccount(typed: string, role: Role, accounts: readonly KnownAccount[]): Qualified | null {
  const name = tidyAccount(typed);
  if (!name) return null;
  const kindOf = (a: KnownAccount) => a.type as AccountKind;
  const exact = accounts.find((a) => a.account === name) ?? accounts.find((a) => a.account.toLowerCase() === name.toLowerCase());
  if (exact) return { account: exact.account, isNew: false, kind: kindOf(exact) };
  if (!name.includes(':')) {
    const kinds = ROLE_KINDS[role];
    const byLeaf = accounts.filter(
      (a) => kinds.includes(kindOf(a)) && a.account.split(':').pop()!.toLowerCase() === name.toLowerCase(),
    );
    if (byLeaf.length === 1) return { account: byLeaf[0].account, isNew: false, kind: kindOf(byLeaf[0]) };
  }
  const implied = kindOfName(name);
  if (implied) return { account: name, isNew: true, kind: implied };
  // A top-level name the books already use (declared with its own type).
  const top = name.split(':')[0];
  const sameTop = accounts.find((a) => a.account.split(':')[0] === top);
  if (sameTop && name.includes(':')) return { account: name, isNew: true, kind: kindOf(sameTop) };
  const root = ROLE_ROOT[role];
  return { account: `${root}:${name}`, isNew: true, kind: kindOfName(root) };
}

/** The everyday form's fields. */
export interface EverydayForm {
  kind: EntryKind;
  amount: string;
  commodity: string;
  from: string;
  to: string;
  date: string;
  description: string;
}

/** A posting to send to `ledger.add`. */
export interface PostingDraft {
  account: string;
  amount?: string | null;
  commodity?: string | null;
}

/** What `ledger.add` takes. */
export interface AddDraft {
  date: string;
  description: string;
  postings: PostingDraft[];
}

/** Field names of the everyday form, for its errors. */
export type EverydayField = 'amount' | 'commodity' | 'from' | 'to' | 'date' | 'description';

export type Built = { ok: true; draft: AddDraft; from: Qualified; to: Qualified } | { ok: false; errors: Partial<Record<EverydayField, string>> };

/**
 * The balanced transaction the everyday form describes: the amount goes to the `to`
 * account and comes out of the `from` account (`Expenses:Food 12.50`, `Assets:Bank
 * -12.50`). Errors name the field they are about.
 */
export function buildEveryday(form: EverydayForm, accounts: readonly KnownAccount[], options: { separators?: Separators } = {}): Built {
  const errors: Partial<Record<EverydayField, string>> = {};
  const fields = FIELDS[form.kind];
  const amount = parseUserAmount(form.amount, { separators: options.separators });
  if (!amount.ok) errors.amount = amount.error;
  else if (isZero(amount.amount)) errors.amount = 'Enter an amount more than zero.';
  const commodity = form.commodity.trim();
  if (!commodity) errors.commodity = 'Say which currency, such as EUR.';
  else if (/["\t\n\r;]/.test(commodity)) errors.commodity = 'Write the currency as a code or a symbol, such as EUR or $ (no quotes or ;).';
  const from = qualifyAccount(form.from, fields.from.role, accounts);
  const to = qualifyAccount(form.to, fields.to.role, accounts);
  if (!from) errors.from = `Say which account: ${fields.from.label.toLowerCase()}.`;
  if (!to) errors.to = `Say which account: ${fields.to.label.toLowerCase()}.`;
  if (from && to && from.account === to.account) errors.to = 'Choose two different accounts.';
  if (!isIsoDate(form.date)) errors.date = 'Choose a date.';
  const description = form.description.trim();
  if (!description) errors.description = 'Say in a few words what it was.';
  if (Object.keys(errors).length > 0 || !amount.ok || !from || !to) return { ok: false, errors };
  return {
    ok: true,
    from,
    to,
    draft: {
      date: form.date,
      description,
      postings: [
        { account: to.account, amount: amount.amount, commodity },
        { account: from.account, amount: negateDecimal(amount.amount), commodity },
      ],
    },
  };
}

/** One line of the advanced form. */
export interface PostingLine {
  account: string;
  amount: string;
  commodity: string;
}

/** What the advanced form's lines add up to. */
export interface Balance {
  /** Per commodity, the sum of the amounts given (zero when balanced). */
  sums: Amount[];
  /** How many lines leave the amount out. */
  blanks: number;
  /**
   * Whether the node will take the lines as they are: every sum is zero; or exactly one
   * line is blank (it takes up what is left, in each commodity); or two commodities are
   * exchanged for each other (as hledger infers a conversion).
   */
  balanced: boolean;
  /** What the blank line will be (one amount per commodity left over). */
  inferred: Amount[];
  /** Two commodities exchanged: what went out, and what came in for it. */
  exchange: { gave: Amount; got: Amount } | null;
  /** Lines whose amount could not be read, by index. */
  unreadable: number[];
}

/** Adds up the advanced form's lines, decimal-exactly, as the node will. */
export function balanceOf(lines: readonly PostingLine[], options: { separators?: Separators } = {}): Balance {
  const amounts: Amount[] = [];
  const unreadable: number[] = [];
  let blanks = 0;
  lines.forEach((line, i) => {
    if (!line.account.trim() && !line.amount.trim()) return;
    if (!line.amount.trim()) {
      blanks += 1;
      return;
    }
    const a = parseUserAmount(line.amount, { allowNegative: true, separators: options.separators });
    if (a.ok) amounts.push({ amount: a.amount, commodity: line.commodity.trim() });
    else unreadable.push(i);
  });
  const sums = sumAmounts(amounts);
  const off = sums.filter((s) => !isZero(s.amount));
  const inferred = blanks === 1 ? off.map((s) => ({ amount: negateDecimal(s.amount), commodity: s.commodity })) : [];
  let exchange: Balance['exchange'] = null;
  if (blanks === 0 && off.length === 2) {
    // The node's rule: the first of the two commodities (in line order) is on one line
    // only, and the two go opposite ways.
    const first = amounts.find((a) => off.some((o) => o.commodity === a.commodity))!;
    const own = off.find((o) => o.commodity === first.commodity)!;
    const other = off.find((o) => o.commodity !== first.commodity)!;
    const alone = amounts.filter((a) => a.commodity === first.commodity).length === 1;
    if (alone && signOf(own.amount) !== signOf(other.amount)) {
      exchange = signOf(own.amount) < 0 ? { gave: negated(own), got: other } : { gave: negated(other), got: own };
    }
  }
  const balanced = unreadable.length === 0 && (blanks === 1 || (blanks === 0 && (off.length === 0 || exchange !== null)));
  return { sums, blanks, balanced, inferred, exchange, unreadable };
}

function negated(a: Amount): Amount {
  return { amount: negateDecimal(a.amount), commodity: a.commodity };
}

export type BuiltAdvanced = { ok: true; draft: AddDraft } | { ok: false; errors: string[] };

/** The transaction of the advanced form, checked (the API checks again). */
export function buildAdvanced(
  form: { date: string; description: string; lines: readonly PostingLine[] },
  options: { separators?: Separators } = {},
): BuiltAdvanced {
  const errors: string[] = [];
  if (!isIsoDate(form.date)) errors.push('Choose a date.');
  if (!form.description.trim()) errors.push('Say in a few words what it was.');
  const lines = form.lines.filter((l) => l.account.trim() || l.amount.trim());
  if (lines.length < 2) errors.push('A transaction needs at least two lines: where the money went, and where it came from.');
  const postings: PostingDraft[] = [];
  lines.forEach((line, i) => {
    const account = tidyAccount(line.account);
    if (!account) errors.push(`Line ${i + 1}: say which account.`);
    if (!line.amount.trim()) {
      postings.push({ account });
      return;
    }
    const a = parseUserAmount(line.amount, { allowNegative: true, separators: options.separators });
    if (!a.ok) errors.push(`Line ${i + 1}: ${a.error}`);
    if (!line.commodity.trim()) errors.push(`Line ${i + 1}: say which currency.`);
    postings.push({ account, amount: a.ok ? a.amount : line.amount, commodity: line.commodity.trim() });
  });
  if (lines.filter((l) => !l.amount.trim()).length > 1) errors.push('Leave the amount out on one line at most.');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, draft: { date: form.date, description: form.description.trim(), postings } };
}

/**
 * The commodity most of the books are kept in: the one the most accounts hold (ties:
 * alphabetical), or null for empty books.
 */
export function mainCommodity(accounts: readonly { balance: readonly Amount[] }[]): string | null {
  const counts = new Map<string, number>();
  for (const a of accounts) for (const b of a.balance) counts.set(b.commodity, (counts.get(b.commodity) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return sorted[0]?.[0] ?? null;
}

/** Every commodity in the books, most held first. */
export function commoditiesOf(accounts: readonly { balance: readonly Amount[] }[], extra: readonly string[] = []): string[] {
  const counts = new Map<string, number>();
  for (const a of accounts) for (const b of a.balance) counts.set(b.commodity, (counts.get(b.commodity) ?? 0) + 1);
  for (const c of extra) if (!counts.has(c)) counts.set(c, 0);
  return [...counts]
    .filter(([c]) => c !== '')
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([c]) => c);
}


/** What an API error of `ledger.add` is about: a field, or a line of the postings. */
export interface ErrorPlace {
  /** The posting's index, when the error names one (`postings[1].account`). */
  posting: number | null;
  /** The field: `date`, `description`, `account`, `amount`, `commodity`, … */
  field: string;
}

/** Reads where an API error points (`postings[1].account: …` → posting 1, account). */
export function errorPlace(message: string): ErrorPlace | null {
  const m = /^(?:postings\[(\d+)\]\.)?([a-z_]+)(?:\.[a-z_]+)?:/.exec(message);
  if (!m) return null;
  return { posting: m[1] === undefined ? null : Number(m[1]), field: m[2] };
}

/** The everyday form's field an API error is about (its postings are `to`, then `from`). */
export function everydayField(message: string): EverydayField | null {
  const place = errorPlace(message);
  if (!place) return null;
  if (place.posting === null) return place.field === 'date' || place.field === 'description' ? place.field : null;
  if (place.field === 'account') return place.posting === 0 ? 'to' : 'from';
  if (place.field === 'amount' || place.field === 'commodity') return place.field;
  return null;
}

/** Currencies of some regions (the rest of Europe's euro countries fall back to EUR). */
const REGION_CURRENCY: Record<string, string> = {
  US: 'USD', GB: 'GBP', CA: 'CAD', AU: 'AUD', NZ: 'NZD', CH: 'CHF', JP: 'JPY', CN: 'CNY', IN: 'INR', BR: 'BRL',
  MX: 'MXN', SE: 'SEK', NO: 'NOK', DK: 'DKK', PL: 'PLN', CZ: 'CZK', HU: 'HUF', ZA: 'ZAR', KR: 'KRW', SG: 'SGD',
  HK: 'HKD', TR: 'TRY', IL: 'ILS', RU: 'RUB', UA: 'UAH', AR: 'ARS', CL: 'CLP', CO: 'COP', NG: 'NGN', KE: 'KES',
};

/** A first guess at the currency of someone whose books are empty, from their language's region. */
export function guessCurrency(language: string | undefined): string {
  const region = /[-_]([A-Za-z]{2})\b/.exec(language ?? '')?.[1]?.toUpperCase();
  return (region && REGION_CURRENCY[region]) || 'EUR';
}
