import type { AppView, PermissionInfo } from './types';

/**
 * Permissions in plain words, for when the node cannot say (`api.permissions` answers with
 * its own catalog, which wins). Money ones are marked: an app granted one still needs the
 * person's confirmation for every payment.
 */
const FALLBACK: Record<string, { description: string; money?: boolean }> = {
  'node.read': { description: 'See what this node is: its version, your account id and name' },
  'node.admin': { description: 'Manage this node: accounts, keys and settings' },
  'events.read': { description: 'Read everything stored on this node' },
  'events.write': { description: 'Store and delete any kind of data on this node' },
  'social.read': { description: 'Read posts, profiles and whom you follow' },
  'social.write': { description: 'Post, react, follow and edit your profile as you' },
  'social.moderate': { description: 'Block, mute and report accounts as you' },
  'chat.read': { description: 'Read your chats' },
  'chat.write': { description: 'Send messages in your chats as you' },
  'coin.read': { description: 'See your balances and payments, and make payment requests' },
  'coin.write': { description: 'Join currencies and vouch for others with your credit', money: true },
  'assets.read': { description: 'See the assets you own' },
  'assets.write': { description: 'Mint assets and hand them to others', money: true },
  'ledger.read': { description: 'Read your balance sheet' },
  'ledger.write': { description: 'Add and change entries in your balance sheet', money: true },
  'blobs.read': { description: 'Read files stored on this node' },
  'blobs.write': { description: 'Store and share files from this node' },
};

/** A permission in plain words: the node's catalog first, then ours, then its name. */
export function describePermission(name: string, catalog?: readonly PermissionInfo[] | null): PermissionInfo {
  const known = catalog?.find((p) => p.name === name);
  if (known) return known;
  const own = /^app\.([a-z][a-z0-9-]*)$/.exec(name);
  if (own) return { name, description: `Use the methods of the app “${own[1]}”`, money: false, grantable: true };
  const fallback = FALLBACK[name];
  if (fallback) return { name, description: fallback.description, money: !!fallback.money, grantable: name !== 'node.admin' };
  return { name, description: `“${name}” (this node does not describe it)`, money: false, grantable: false };
}

/** Reads `api.permissions`'s answer, whichever of the two shapes it has. */
export function readCatalog(answer: unknown): PermissionInfo[] {
  const list = Array.isArray(answer) ? answer : (answer as { permissions?: unknown } | null)?.permissions;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (p): p is PermissionInfo =>
      !!p && typeof p === 'object' && typeof (p as PermissionInfo).name === 'string' && typeof (p as PermissionInfo).description === 'string',
  ).map((p) => ({ name: p.name, description: p.description, money: !!p.money, grantable: p.grantable !== false }));
}

/** The app's own namespace: `app.<id>`. */
export const ownNamespace = (id: string): string => `app.${id}`;

/**
 * Whether an app may read events of `kind`: its own kinds always; others through a grant of
 * `events.read` (everything) or `<module>.read` (that module's kinds, e.g. `social.read` for
 * `social.post`).
 */
export function mayRead(app: Pick<AppView, 'id' | 'granted'>, kind: string): boolean {
  if (kind.startsWith(`${ownNamespace(app.id)}.`)) return true;
  if (app.granted.includes('events.read')) return true;
  const module = kind.split('.')[0];
  if (module === 'app') return false;
  return app.granted.includes(`${module}.read`);
}

/**
 * A kind as an app names it in `subscribe`: a bare name (`item`) is one of its own kinds
 * (`app.todo.item`); a name ending in `.*` is every kind under that prefix.
 */
export function fullKind(appId: string, kind: string): string {
  return kind.includes('.') ? kind : `${ownNamespace(appId)}.${kind}`;
}

/** Whether `kind` matches a subscription pattern (exact, or `prefix.*`). */
export function kindMatches(pattern: string, kind: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return kind.startsWith(pattern.slice(0, -1));
  return pattern === kind;
}

/** Whether an app may read every kind a pattern names. */
export function mayReadPattern(app: Pick<AppView, 'id' | 'granted'>, pattern: string): boolean {
  if (pattern === '*') return app.granted.includes('events.read');
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -2);
    if (prefix === ownNamespace(app.id) || prefix.startsWith(`${ownNamespace(app.id)}.`)) return true;
    if (app.granted.includes('events.read')) return true;
    const parts = prefix.split('.');
    return parts[0] !== 'app' && app.granted.includes(`${parts[0]}.read`);
  }
  return mayRead(app, pattern);
}
