import { onNotice, transport } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';
import type { Notice } from '../transport/types';
import { session } from '../stores/session.svelte';
import { readCatalog } from './permissions';
import type { AppInspection, AppMethods, AppView, PermissionInfo } from './types';

/** Calls an `apps.*` method (typed locally until the generated types carry them). */
export async function appsCall<M extends keyof AppMethods>(method: M, input: AppMethods[M]['input']): Promise<AppMethods[M]['output']> {
  return (await transport().call(method, input)) as AppMethods[M]['output'];
}

/** How long a burst of `apps` notices is gathered before the list is read again. */
const NOTICE_DELAY_MS = 200;

/** `supernet://app/<ticket>`, or a bare ticket. */
export const APP_LINK_PREFIX = 'supernet://app/';

/** Whether text looks like an app link or a bare iroh-blobs ticket (the node says for sure). */
export function looksLikeAppLink(text: string): boolean {
  const t = text.trim();
  return t.startsWith(APP_LINK_PREFIX) ? t.length > APP_LINK_PREFIX.length : /^blob[a-z0-9]{20,}$/i.test(t);
}

/**
 * Where the page loads an app's files from: the gateway's `/miniapp/<id>/…`. In a browser
 * on the gateway that is the same origin (relative URLs work); in the desktop window it is
 * the node's loopback gateway, the same base media plays from.
 */
export async function gatewayUrl(path: string): Promise<string | null> {
  if (/^https?:\/\//.test(path)) return path;
  const t = transport();
  if (t.kind === 'tauri') {
    const base = await (t as unknown as { gatewayBase(): Promise<string | null> }).gatewayBase();
    return base ? `${base}${path}` : null;
  }
  return path;
}

/**
 * The installed mini-apps: read when the Apps tab opens, read again when the node says an
 * app changed (notice `apps`: installed, updated by `supernet app dev`, granted, an
 * incident, a suspension). An open app's frame reloads when its bundle's hash changes.
 */
class Apps {
  list = $state.raw<AppView[]>([]);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<ErrorInfo | null>(null);
  /** Permissions in plain words, from the node (empty until read, or if it cannot say). */
  catalog = $state.raw<PermissionInfo[]>([]);

  private users = 0;
  private stopNotices: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private catalogAsked = false;

  /** One more view shows apps: listen and read (idempotent per view). */
  show(): void {
    this.users += 1;
    if (this.users > 1) return;
    this.stopNotices = onNotice((n) => this.onNotice(n));
    void this.refresh();
    void this.loadCatalog();
  }

  /** One view fewer: the last one stops listening. */
  hide(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0) return;
    this.stopNotices?.();
    this.stopNotices = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Forgets everything (sign-out, tests). */
  reset(): void {
    this.users = 1;
    this.hide();
    this.list = [];
    this.status = 'idle';
    this.error = null;
    this.catalog = [];
    this.catalogAsked = false;
  }

  get(id: string | null | undefined): AppView | undefined {
    return id ? this.list.find((a) => a.id === id) : undefined;
  }

  async refresh(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    try {
      const { apps } = await appsCall('apps.list', {});
      this.list = [...apps].sort((a, b) => a.name.localeCompare(b.name));
      this.status = 'ready';
      this.error = null;
    } catch (e) {
      session.handle(e);
      this.error = describeError(e);
      this.status = 'error';
    }
  }

  private async loadCatalog(): Promise<void> {
    if (this.catalogAsked) return;
    this.catalogAsked = true;
    try {
      this.catalog = readCatalog(await appsCall('api.permissions', {}));
    } catch {
      // An older node: the UI's own words stand in (lib/apps/permissions.ts).
    }
  }

  private onNotice(notice: Notice): void {
    if (notice.type !== 'apps' && notice.type !== 'resync') return;
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, NOTICE_DELAY_MS);
  }

  /** Replaces one app's view (after install, grant, resume). */
  private put(view: AppView): AppView {
    const others = this.list.filter((a) => a.id !== view.id);
    this.list = [...others, view].sort((a, b) => a.name.localeCompare(b.name));
    return view;
  }

  /** Fetches and verifies a link's bundle; installs nothing. Throws the API error. */
  inspect(link: string): Promise<AppInspection> {
    return appsCall('apps.inspect', { link: link.trim() });
  }

  /** Installs (or updates) from a link with these permissions granted. Throws the API error. */
  async install(link: string, grant: string[]): Promise<AppView> {
    const view = await appsCall('apps.install', { link: link.trim(), grant });
    return this.put(view);
  }

  /** Grants or revokes one permission. Throws the API error. */
  async grant(id: string, permission: string, granted: boolean): Promise<AppView> {
    return this.put(await appsCall('apps.grant', { id, permission, granted }));
  }

  /** Lifts a suspension of the app's script. Throws the API error. */
  async resume(id: string): Promise<AppView> {
    return this.put(await appsCall('apps.resume', { id }));
  }

  /** Uninstalls: its script stops, its data goes. Throws the API error. */
  async uninstall(id: string): Promise<void> {
    await appsCall('apps.uninstall', { id });
    this.list = this.list.filter((a) => a.id !== id);
  }
}

export const apps = new Apps();
