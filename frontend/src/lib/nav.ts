import type { IconName } from '../components/ui/icons';

/**
 * The app's tabs, in navigation order. A new tab is one entry here plus its view in
 * components/shell/views.ts. `short` is the label on a phone's tab bar, where a long one does
 * not fit.
 */
export const TABS = [
  { id: 'feed', label: 'Feed', icon: 'feed' },
  { id: 'chat', label: 'Chat', icon: 'chat' },
  { id: 'wallet', label: 'Wallet', icon: 'wallet' },
  { id: 'books', label: 'Balance sheet', short: 'Books', icon: 'chart' },
  { id: 'notifications', label: 'Notifications', short: 'Alerts', icon: 'bell' },
  { id: 'files', label: 'Files', icon: 'folder' },
  { id: 'apps', label: 'Apps', icon: 'apps' },
  { id: 'profile', label: 'Profile', icon: 'profile' },
] as const satisfies readonly { id: string; label: string; icon: IconName; short?: string }[];

export type TabId = (typeof TABS)[number]['id'];
export const TAB_IDS: readonly TabId[] = TABS.map((t) => t.id);
export const DEFAULT_TAB: TabId = 'feed';

export function tabHref(id: TabId): string {
  return `#/${id}`;
}
