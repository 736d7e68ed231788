/**
 * Addresses inside the Wallet tab (hash routes). Components link with these, never by
 * writing `#/wallet/…` themselves.
 */

/** The Wallet tab's sections. */
export type WalletSection = 'home' | 'history' | 'assets' | 'currencies';

/** What the Wallet tab shows for a path. */
export interface WalletPage {
  section: WalletSection;
  /** Open the send dialog, to this account when given (`#/wallet/send/<account>`). */
  send: { to: string | null } | null;
  /** An asset's provenance (`#/wallet/assets/<id>`). */
  asset: string | null;
}

const part = (s: string) => encodeURIComponent(s);

export const walletHref = (section: WalletSection = 'home'): string => (section === 'home' ? '#/wallet' : `#/wallet/${section}`);
/** The send dialog, to an account when given. */
export const sendHref = (to?: string | null): string => (to ? `#/wallet/send/${part(to)}` : '#/wallet/send');
/** An asset's history. */
export const assetHref = (id: string): string => `#/wallet/assets/${part(id)}`;

const SECTIONS: readonly WalletSection[] = ['history', 'assets', 'currencies'];
const ID = /^[0-9a-f]{64}$/;

/** The page a Wallet path names; anything unknown is the home. */
export function walletPage(path: readonly string[]): WalletPage {
  const [what, arg] = path;
  if (what === 'send') return { section: 'home', send: { to: arg || null }, asset: null };
  if (what === 'assets' && arg && ID.test(arg)) return { section: 'assets', send: null, asset: arg };
  if ((SECTIONS as readonly string[]).includes(what)) return { section: what as WalletSection, send: null, asset: null };
  return { section: 'home', send: null, asset: null };
}
