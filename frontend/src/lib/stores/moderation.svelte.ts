import { call, type Methods, type Post } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';
import { announce } from './postbus';
import { profiles } from './profiles.svelte';
import { session } from './session.svelte';
import { toasts } from './toasts.svelte';

/** Everything in force: blocked accounts, and the muted accounts, words, hashtags, hidden replies and block lists. */
export type ModerationView = Methods['social.moderation']['output'];

/**
 * What this node blocks, mutes and hides. Every change answers with everything in force,
 * which replaces what is shown; lists of posts are told what to drop or read again.
 */
class ModerationStore {
  blocked = $state.raw<string[]>([]);
  muted = $state.raw<string[]>([]);
  words = $state.raw<string[]>([]);
  tags = $state.raw<string[]>([]);
  hidden = $state.raw<string[]>([]);
  /** The hidden replies still on this node, newest first (the others are only ids in `hidden`). */
  hiddenReplies = $state.raw<Post[]>([]);
  /** Accounts whose reports act as a block list here. */
  lists = $state.raw<string[]>([]);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<ErrorInfo | null>(null);
  /** Changes under way, by what they change (`mute:sn1…`, `word:spoiler`). */
  working = $state<Record<string, boolean>>({});

  /** Hidden replies no longer on this node (deleted or expired since): only their ids are left. */
  get hiddenGone(): string[] {
    const here = new Set(this.hiddenReplies.map((p) => p.id));
    return this.hidden.filter((id) => !here.has(id));
  }

  /** Replies this account hid, as a set. */
  get hiddenSet(): Set<string> {
    return new Set(this.hidden);
  }

  async load(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    this.error = null;
    try {
      this.apply(await call('social.moderation', {}));
      this.status = 'ready';
    } catch (e) {
      session.handle(e);
      this.error = describeError(e);
      this.status = 'error';
    }
  }

  /** Loads once (for views that only need to know, such as a thread's hidden replies). */
  ensure(): void {
    if (this.status === 'idle') void this.load();
  }

  block(account: string): Promise<boolean> {
    return this.change(`block:${account}`, () => call('social.block', { account }), 'Could not block', () => {
      profiles.patch(account, { blocked: true, following: false, hidden: 'blocked' });
      announce({ type: 'author-hidden', account });
      toasts.info('Blocked');
    });
  }

  unblock(account: string): Promise<boolean> {
    return this.change(`block:${account}`, () => call('social.unblock', { account }), 'Could not unblock', () => {
      profiles.patch(account, { blocked: false });
      void profiles.load(account, true).catch(() => {});
      announce({ type: 'filters' });
      toasts.info('Unblocked');
    });
  }

  mute(account: string): Promise<boolean> {
    return this.change(`mute:${account}`, () => call('social.mute', { account }), 'Could not mute', () => {
      profiles.patch(account, { hidden: 'muted' });
      announce({ type: 'author-hidden', account });
      toasts.info('Muted');
    });
  }

  unmute(account: string): Promise<boolean> {
    return this.change(`mute:${account}`, () => call('social.unmute', { account }), 'Could not unmute', () => {
      void profiles.load(account, true).catch(() => {});
      announce({ type: 'filters' });
      toasts.info('Unmuted');
    });
  }

  /** Mutes a word or phrase, or a hashtag when it starts with `#`. */
  muteWord(word: string): Promise<boolean> {
    return this.change(`word:${word}`, () => call('social.mute_word', { word }), 'Could not mute that', () => {
      announce({ type: 'filters' });
    });
  }

  unmuteWord(word: string): Promise<boolean> {
    return this.change(`word:${word}`, () => call('social.unmute_word', { word }), 'Could not unmute that', () => {
      announce({ type: 'filters' });
    });
  }

  /**
   * Uses an account's reports as a block list (the node follows the account to receive
   * them). Resolves to the error to show beside the field, or null when it worked.
   */
  async followList(account: string): Promise<ErrorInfo | null> {
    const key = `list:${account}`;
    if (this.working[key]) return null;
    this.working = { ...this.working, [key]: true };
    try {
      this.apply(await call('social.follow_list', { account }));
      this.status = 'ready';
      void profiles.load(account, true).catch(() => {});
      announce({ type: 'filters' });
      toasts.info('Block list in use');
      return null;
    } catch (e) {
      return session.handle(e) ? null : describeError(e);
    } finally {
      this.done(key);
    }
  }

  unfollowList(account: string): Promise<boolean> {
    return this.change(`list:${account}`, () => call('social.unfollow_list', { account }), 'Could not stop using the block list', () => {
      announce({ type: 'filters' });
      toasts.info('Block list no longer used');
    });
  }

  /** Hides a comment in a thread this account started (or shows it again). */
  hideReply(id: string, hidden: boolean): Promise<boolean> {
    return this.change(`hide:${id}`, () => call('social.hide_reply', { id, hidden }), hidden ? 'Could not hide the comment' : 'Could not show the comment', () => {
      announce({ type: 'filters' });
      toasts.info(hidden ? 'Comment hidden' : 'Comment shown again');
    });
  }

  /** Forgets everything (sign-out, tests). */
  reset(): void {
    this.blocked = [];
    this.muted = [];
    this.words = [];
    this.tags = [];
    this.hidden = [];
    this.hiddenReplies = [];
    this.lists = [];
    this.status = 'idle';
    this.error = null;
    this.working = {};
  }

  private async change(key: string, run: () => Promise<ModerationView>, failure: string, done: () => void): Promise<boolean> {
    if (this.working[key]) return false;
    this.working = { ...this.working, [key]: true };
    try {
      this.apply(await run());
      this.status = 'ready';
      done();
      return true;
    } catch (e) {
      if (!session.handle(e)) toasts.error(e, failure);
      return false;
    } finally {
      this.done(key);
    }
  }

  private done(key: string): void {
    const { [key]: _, ...rest } = this.working;
    this.working = rest;
  }

  private apply(view: ModerationView): void {
    this.blocked = view.blocked;
    this.muted = view.settings.muted ?? [];
    this.words = view.settings.words ?? [];
    this.tags = view.settings.tags ?? [];
    this.hidden = view.settings.hidden ?? [];
    this.hiddenReplies = view.hidden_replies ?? [];
    this.lists = view.settings.lists ?? [];
  }
}

export const moderation = new ModerationStore();
