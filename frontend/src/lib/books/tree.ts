/**
 * Account trees of the reports. The API gives each section as a list in depth-first order
 * (parents first) with each account's depth; these functions find each row's parent and
 * children and which rows show when some are collapsed.
 */
import type { Amount } from './decimal';

/** One account of a report, as the API gives it. */
export interface ReportRow {
  /** Full name, `Assets:Bank:Checking`. */
  account: string;
  /** Last component, `Checking`. */
  name: string;
  /** 0 for a top-level account. */
  depth: number;
  /** With its subaccounts. */
  balance: Amount[];
  /** Its own postings only. */
  own: Amount[];
}

/** A row with what the tree knows about it. */
export interface TreeRow extends ReportRow {
  /** The full name of the row above it in the tree, null at the top. */
  parent: string | null;
  /** Whether it has subaccounts. */
  hasChildren: boolean;
}

/**
 * Links each row to its parent. When `dropSoleRoot` is set and the section has exactly
 * one top-level account (`Assets`), that account is left out and the others move up a
 * level: the section's own heading already says it, with the same total.
 */
export function buildTree(rows: readonly ReportRow[], options: { dropSoleRoot?: boolean } = {}): TreeRow[] {
  let list = [...rows];
  const roots = list.filter((r) => r.depth === 0);
  if (options.dropSoleRoot && roots.length === 1 && list.length > 1) {
    list = list.filter((r) => r !== roots[0]).map((r) => ({ ...r, depth: r.depth - 1 }));
  }
  const out: TreeRow[] = [];
  const stack: TreeRow[] = [];
  for (const row of list) {
    while (stack.length > 0 && stack[stack.length - 1].depth >= row.depth) stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1] : null;
    if (parent) parent.hasChildren = true;
    const node: TreeRow = { ...row, parent: parent?.account ?? null, hasChildren: false };
    out.push(node);
    stack.push(node);
  }
  return out;
}

/** The rows that show: those with no collapsed row above them. */
export function visibleRows(rows: readonly TreeRow[], collapsed: ReadonlySet<string>): TreeRow[] {
  const byName = new Map(rows.map((r) => [r.account, r]));
  const hidden = (row: TreeRow): boolean => {
    for (let p = row.parent; p !== null; p = byName.get(p)?.parent ?? null) {
      if (collapsed.has(p)) return true;
    }
    return false;
  };
  return rows.filter((r) => !hidden(r));
}

/**
 * What starts collapsed: nothing in a small tree (up to `small` rows); otherwise every
 * account with subaccounts at `openDepth` or deeper, so the first levels show.
 */
export function initialCollapsed(rows: readonly TreeRow[], options: { small?: number; openDepth?: number } = {}): Set<string> {
  const small = options.small ?? 12;
  const openDepth = options.openDepth ?? 1;
  if (rows.length <= small) return new Set();
  return new Set(rows.filter((r) => r.hasChildren && r.depth >= openDepth).map((r) => r.account));
}

/** `collapsed` with `account` toggled (a new set). */
export function toggle(collapsed: ReadonlySet<string>, account: string): Set<string> {
  const next = new Set(collapsed);
  if (next.has(account)) next.delete(account);
  else next.add(account);
  return next;
}

/** Every row with children collapsed, or none. */
export function collapseAll(rows: readonly TreeRow[], collapse: boolean): Set<string> {
  return collapse ? new Set(rows.filter((r) => r.hasChildren).map((r) => r.account)) : new Set();
}
