import { call, onNotice, type Post } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';
import { mergePosts, overlaps, removePosts } from '../feed/merge';
import type { Notice } from '../transport/types';
import { session } from './session.svelte';
import { toasts } from './toasts.svelte';
import type { AttachmentInput } from './uploads.svelte';

/** Posts per page. */
export const PAGE_SIZE = 30;
/** How many pages a refresh reads at most to join the newest posts to those loaded. */
const MAX_CATCH_UP_PAGES = 5;
/** The kind of event that is a post. */
const POST_KIND = 'social.post';

/**
 * The timeline: pages loaded so far (newest first), the cursor of the next older page,
 * and live updates from change notices.
 */
export class FeedStore {
  posts = $state.raw<Post[]>([]);
  /** Cursor of the next older page; null when everything is loaded. */
  next = $state<string | null>(null);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  loadingMore = $state(false);
  error = $state<ErrorInfo | null>(null);

  private unsubscribe: (() => void) | null = null;
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;

  /** Loads the first page and starts listening to notices (idempotent). */
  start(): void {
    if (!this.unsubscribe) this.unsubscribe = onNotice((n) => this.onNotice(n));
    if (this.status === 'idle' || this.status === 'error') void this.loadFirst();
  }

  /** Stops listening and forgets what was loaded. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.posts = [];
    this.next = null;
    this.status = 'idle';
    this.error = null;
    this.loadingMore = false;
  }

  async loadFirst(): Promise<void> {
    this.status = 'loading';
    this.error = null;
    try {
      const page = await call('social.feed', { limit: PAGE_SIZE });
      this.posts = mergePosts([], page.posts);
      this.next = page.next ?? null;
      this.status = 'ready';
    } catch (e) {
      session.handle(e);
      this.error = describeError(e);
      this.status = 'error';
    }
  }

  /** Loads the next older page. */
  async loadMore(): Promise<void> {
    if (!this.next || this.loadingMore || this.status !== 'ready') return;
    this.loadingMore = true;
    try {
      const page = await call('social.feed', { limit: PAGE_SIZE, before: this.next });
      this.posts = mergePosts(this.posts, page.posts);
      this.next = page.next ?? null;
    } catch (e) {
      if (!session.handle(e)) toasts.error(e, 'Could not load older posts');
    } finally {
      this.loadingMore = false;
    }
  }

  /**
   * Reads the newest posts and merges them on top of those loaded, keeping older pages.
   * When more arrived than a page holds, reads on until it reaches a loaded post; if it
   * cannot within a few pages, starts over from the newest.
   */
  refreshNewest(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        await this.readNewest();
      } while (this.refreshAgain);
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async readNewest(): Promise<void> {
    if (this.status !== 'ready') {
      await this.loadFirst();
      return;
    }
    try {
      let fresh: Post[] = [];
      let cursor: string | null = null;
      let joined = false;
      for (let i = 0; i < MAX_CATCH_UP_PAGES; i++) {
        const page: { posts: Post[]; next?: string | null } = await call('social.feed', {
          limit: PAGE_SIZE,
          ...(cursor ? { before: cursor } : {}),
        });
        fresh = fresh.concat(page.posts);
        cursor = page.next ?? null;
        joined = overlaps(this.posts, page.posts) || !cursor;
        if (joined) break;
      }
      if (joined) {
        this.posts = mergePosts(this.posts, fresh);
        // Nothing was loaded before: the cursor of what was just read is the way on.
        if (this.next === null && this.posts.length === fresh.length) this.next = cursor;
      } else {
        this.posts = mergePosts([], fresh);
        this.next = cursor;
      }
    } catch (e) {
      if (!session.handle(e)) toasts.error(e, 'Could not update the feed');
    }
  }

  /**
   * Publishes a post (with files already uploaded); it appears at once. Throws the API
   * error for the composer.
   */
  async publish(text: string, title: string | null, attachments: readonly AttachmentInput[] = []): Promise<Post> {
    try {
      // Without files the request stays as it was: older nodes refuse unknown fields.
      const files = attachments.map((a) => (a.mime ? { hash: a.hash, name: a.name, mime: a.mime } : { hash: a.hash, name: a.name }));
      const post = await call('social.post', files.length > 0 ? { text, title, attachments: files } : { text, title });
      this.posts = mergePosts(this.posts, [post]);
      return post;
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  private onNotice(notice: Notice): void {
    switch (notice.type) {
      case 'events':
        if (notice.events.some((e) => e.kind === POST_KIND) || notice.count > notice.events.length) {
          void this.refreshNewest();
        }
        break;
      case 'removed':
        this.posts = removePosts(this.posts, notice.ids);
        break;
      case 'resync':
        void this.refreshNewest();
        break;
    }
  }
}

export const feed = new FeedStore();
