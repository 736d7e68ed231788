import { SvelteMap } from 'svelte/reactivity';
import { call, onNotice, type Methods } from '../api/client';
import type { Notice } from '../transport/types';
import { session } from './session.svelte';

/** An account as `social.profile` shows it: profile, follow and block state, posts here. */
export type ProfileView = Methods['social.profile']['output'];
/** What `social.set_profile` takes. */
export type ProfileInput = Methods['social.set_profile']['input'];
/** A profile picture. */
export type Picture = NonNullable<NonNullable<ProfileView['profile']>['avatar']>;

/** The profile kind: a new one replaces what is known of its author. */
const PROFILE_KIND = 'social.profile';

/**
 * Profiles of the accounts on screen (names and pictures for bylines), read once each
 * and read again when a notice says the account published a new one.
 */
class Profiles {
  private known = new SvelteMap<string, ProfileView | null>();
  private loading = new Map<string, Promise<ProfileView | null>>();
  private unsubscribe: (() => void) | null = null;

  /** Listens for new profiles (idempotent). */
  start(): void {
    this.unsubscribe ??= onNotice((n) => this.onNotice(n));
  }

  /** Stops listening and forgets every profile. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.known.clear();
    this.loading.clear();
  }

  /**
   * What is known of an account (undefined while unknown: it is then read, once). Safe to
   * call while rendering: the read starts after the render.
   */
  get(account: string | null | undefined): ProfileView | null | undefined {
    if (!account) return undefined;
    const view = this.known.get(account);
    if (view === undefined && !this.loading.has(account)) {
      queueMicrotask(() => void this.load(account).catch(() => {}));
    }
    return view;
  }

  /** The account's name, when it published one. */
  name(account: string | null | undefined): string | null {
    return this.get(account)?.profile?.name || null;
  }

  /**
   * The name to show for an account: `hint` (a post's `author_name`), else its profile's,
   * else this account's own name; null when none is known (show its short id).
   */
  displayName(account: string | null | undefined, hint?: string | null): string | null {
    if (hint) return hint;
    const name = this.name(account);
    if (name) return name;
    return account && account === session.account ? (session.identity?.name ?? null) : null;
  }

  /** The account's picture, when it has one. */
  picture(account: string | null | undefined): Picture | null {
    return this.get(account)?.profile?.avatar ?? null;
  }

  /**
   * Reads an account's profile (again, with `fresh`). Rejects with the API error; a
   * byline that could not be read simply shows no name.
   */
  load(account: string, fresh = false): Promise<ProfileView | null> {
    const running = this.loading.get(account);
    if (running && !fresh) return running;
    const promise = call('social.profile', { account })
      .then((view) => {
        this.known.set(account, view);
        return view;
      })
      .catch((e: unknown) => {
        if (!this.known.has(account)) this.known.set(account, null);
        session.handle(e);
        throw e;
      })
      .finally(() => {
        if (this.loading.get(account) === promise) this.loading.delete(account);
      });
    this.loading.set(account, promise);
    return promise;
  }

  /** Takes in a view the node returned (after following, blocking, saving a profile). */
  set(view: ProfileView): void {
    this.known.set(view.account, view);
  }

  /** Changes what is known of an account without reading it again. */
  patch(account: string, change: Partial<ProfileView>): void {
    const view = this.known.get(account);
    if (view) this.known.set(account, { ...view, ...change });
  }

  /** Publishes this account's profile. Throws the API error for the form. */
  async save(input: ProfileInput): Promise<ProfileView> {
    try {
      const view = await call('social.set_profile', input);
      this.set(view);
      return view;
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  private onNotice(notice: Notice): void {
    if (notice.type === 'resync') {
      for (const account of this.known.keys()) void this.load(account, true).catch(() => {});
      return;
    }
    if (notice.type !== 'events') return;
    for (const e of notice.events) {
      if (e.kind === PROFILE_KIND && this.known.has(e.author)) void this.load(e.author, true).catch(() => {});
    }
  }
}

export const profiles = new Profiles();
