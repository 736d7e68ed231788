/**
 * Addresses inside the Apps tab (hash routes). Components link with these, never by
 * writing `#/apps/…` themselves.
 */

/** What the Apps tab shows for a path. */
export type AppsPage =
  | { view: 'list'; install: boolean }
  | { view: 'open'; id: string }
  | { view: 'settings'; id: string };

const part = (s: string) => encodeURIComponent(s);
const ID = /^[a-z][a-z0-9-]{1,31}$/;

export const appsHref = (): string => '#/apps';
/** The list with the install dialog open. */
export const installHref = (): string => '#/apps/install';
/** An app, open full-size. */
export const openAppHref = (id: string): string => `#/apps/open/${part(id)}`;
/** An app's settings: permissions, its script's state, uninstall. */
export const appSettingsHref = (id: string): string => `#/apps/settings/${part(id)}`;

/** The page an Apps path names; anything unknown is the list. */
export function appsPage(path: readonly string[]): AppsPage {
  const [what, id] = path;
  if (what === 'install') return { view: 'list', install: true };
  if ((what === 'open' || what === 'settings') && id && ID.test(id)) return { view: what, id };
  return { view: 'list', install: false };
}
