import { DEFAULT_TAB, TAB_IDS, type TabId } from './nav';

/** `#/profile` → `profile`; anything unknown → null. */
export function parseHash(hash: string): TabId | null {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (TAB_IDS as readonly string[]).includes(id) ? (id as TabId) : null;
}

/**
 * Hash routing (`#/feed`, `#/profile`): works the same on the gateway, in the Tauri
 * window and offline, with nothing for the server to route. Hashes that are not routes
 * (such as `#main` of the skip link) leave the view as it is.
 */
class Router {
  current = $state<TabId>(DEFAULT_TAB);

  init(): () => void {
    this.current = parseHash(location.hash) ?? DEFAULT_TAB;
    const onChange = () => {
      const next = parseHash(location.hash);
      if (next) this.current = next;
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }
}

export const router = new Router();
