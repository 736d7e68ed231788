import { DEFAULT_TAB, TAB_IDS, type TabId } from './nav';

/** Where the app is: a tab, and the path inside it (`#/feed/post/<id>` → feed, [post, id]). */
export interface Route {
  tab: TabId;
  path: string[];
}

/** `#/feed/tag/rust` → `{tab: 'feed', path: ['tag', 'rust']}`; anything unknown → null. */
export function parseRoute(hash: string): Route | null {
  const [route] = hash.replace(/^#\/?/, '').split('?');
  const [id, ...rest] = route.split('/');
  if (!(TAB_IDS as readonly string[]).includes(id)) return null;
  const path = rest.filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  return { tab: id as TabId, path };
}

/** `#/profile` → `profile`; anything unknown → null. */
export function parseHash(hash: string): TabId | null {
  return parseRoute(hash)?.tab ?? null;
}

/**
 * Hash routing (`#/feed`, `#/feed/post/<id>`, `#/profile`): works the same on the gateway,
 * in the Tauri window and offline, with nothing for the server to route. Hashes that are
 * not routes (such as `#main` of the skip link) leave the view as it is.
 */
class Router {
  current = $state<TabId>(DEFAULT_TAB);
  /** The path inside the tab (decoded parts). */
  path = $state.raw<string[]>([]);
  /** The routes visited in this app, as far as the browser's Back leads (to go back in the app). */
  private trail: string[] = [];

  /** Whether the browser's Back returns to a page of this app. */
  get canGoBack(): boolean {
    return this.trail.length > 1;
  }

  init(): () => void {
    this.trail = [location.hash];
    this.apply(parseRoute(location.hash) ?? { tab: DEFAULT_TAB, path: [] });
    const onChange = () => {
      // Back to the route before: the trail shortens; anything else lengthens it.
      if (this.trail.at(-2) === location.hash) this.trail.pop();
      else this.trail.push(location.hash);
      const next = parseRoute(location.hash);
      if (next) this.apply(next);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }

  private apply(route: Route): void {
    const changed = route.tab !== this.current || route.path.join('/') !== this.path.join('/');
    this.current = route.tab;
    if (changed) this.path = route.path;
  }
}

export const router = new Router();
