import { onNotice, type Post } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';
import { mergePosts, overlaps, removePosts, replacePost } from '../feed/merge';
import type { Notice } from '../transport/types';
import { onPostChange, type PostChange } from './postbus';
import { session } from './session.svelte';
import { toasts } from './toasts.svelte';

/** Posts per page. */
export const PAGE_SIZE = 30;
/** How many pages a refresh reads at most to join the newest posts to those loaded. */
const MAX_CATCH_UP_PAGES = 5;

/** One page of posts, newest first, and the cursor of the next older page. */
export interface PostPage {
  posts: Post[];
  next?: string | null;
}

/** Reads one page: the newest when `before` is null. */
export type PageReader = (before: string | null, limit: number) => Promise<PostPage>;

/** How a list follows changes. */
export interface PagesOptions {
  /** Whether a post just written here belongs in this list (added at once). */
  accepts?: (post: Post) => boolean;
  /** Whether a change notice may touch this list (then its newest page is read again). */
  refreshOn?: (notice: Notice) => boolean;
  /** What the toast says when reading older posts fails. */
  what?: string;
}

/** Kinds whose events change what a list of posts shows (new posts, reactions, edits, names). */
const SOCIAL_KINDS = new Set(['social.post', 'social.react', 'social.edit', 'social.profile']);

/** Whether a notice may change a list of posts. */
export function touchesPosts(notice: Notice): boolean {
  switch (notice.type) {
    case 'events':
      return notice.events.some((e) => SOCIAL_KINDS.has(e.kind) || e.kind === 'node.delete') || notice.count > notice.events.length;
    case 'resync':
      return true;
    default:
      return false;
  }
}

/**
 * A list of posts read a page at a time (keyset cursors): the pages loaded so far, newest
 * first, the cursor of the next older page, and live updates from change notices and from
 * what this app itself changes (new posts, reactions, edits, deletions).
 */
export class PostPages {
  posts = $state.raw<Post[]>([]);
  /** Cursor of the next older page; null when everything is loaded. */
  next = $state<string | null>(null);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  loadingMore = $state(false);
  error = $state<ErrorInfo | null>(null);

  private stops: (() => void)[] = [];
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  /** Bumped by every fresh start, so answers to an older start are dropped. */
  private generation = 0;

  constructor(
    private read: PageReader,
    private options: PagesOptions = {},
  ) {}

  /** Loads the first page and starts following changes (idempotent). */
  start(): void {
    this.follow();
    if (this.status === 'idle' || this.status === 'error') void this.loadFirst();
  }

  private follow(): void {
    if (this.stops.length > 0) return;
    this.stops.push(onNotice((n) => this.onNotice(n)));
    this.stops.push(onPostChange((c) => this.onChange(c)));
  }

  /** Stops following changes and forgets what was loaded. */
  stop(): void {
    for (const stop of this.stops) stop();
    this.stops = [];
    this.generation++;
    this.posts = [];
    this.next = null;
    this.status = 'idle';
    this.error = null;
    this.loadingMore = false;
  }

  /** Reads the list again from its newest page, for a different reader (another search). */
  restart(read: PageReader): void {
    this.follow();
    this.read = read;
    this.generation++;
    this.posts = [];
    this.next = null;
    this.status = 'idle';
    void this.loadFirst();
  }

  async loadFirst(): Promise<void> {
    const generation = this.generation;
    this.status = 'loading';
    this.error = null;
    try {
      const page = await this.read(null, PAGE_SIZE);
      if (generation !== this.generation) return;
      this.posts = mergePosts([], page.posts);
      this.next = page.next ?? null;
      this.status = 'ready';
    } catch (e) {
      if (generation !== this.generation) return;
      session.handle(e);
      this.error = describeError(e);
      this.status = 'error';
    }
  }

  /** Loads the next older page. */
  async loadMore(): Promise<void> {
    if (!this.next || this.loadingMore || this.status !== 'ready') return;
    const generation = this.generation;
    this.loadingMore = true;
    try {
      const page = await this.read(this.next, PAGE_SIZE);
      if (generation !== this.generation) return;
      this.posts = mergePosts(this.posts, page.posts);
      this.next = page.next ?? null;
    } catch (e) {
      if (generation === this.generation && !session.handle(e)) toasts.error(e, this.options.what ?? 'Could not load older posts');
    } finally {
      if (generation === this.generation) this.loadingMore = false;
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
    const generation = this.generation;
    try {
      let fresh: Post[] = [];
      let cursor: string | null = null;
      let joined = false;
      for (let i = 0; i < MAX_CATCH_UP_PAGES; i++) {
        const page = await this.read(cursor, PAGE_SIZE);
        fresh = fresh.concat(page.posts);
        cursor = page.next ?? null;
        joined = overlaps(this.posts, page.posts) || !cursor;
        if (joined) break;
      }
      if (generation !== this.generation) return;
      if (joined) {
        // Loaded posts newer than the oldest fresh one that the node no longer lists
        // (deleted, or hidden by a mute) go.
        const oldest = fresh.at(-1);
        const listed = new Set(fresh.map((p) => p.id));
        const kept = oldest
          ? this.posts.filter((p) => listed.has(p.id) || p.created_at < oldest.created_at || (p.created_at === oldest.created_at && p.id < oldest.id))
          : this.posts;
        this.posts = mergePosts(cursor === null && fresh.length === 0 ? [] : kept, fresh);
        // Nothing was loaded before: the cursor of what was just read is the way on.
        if (this.next === null && this.posts.length === fresh.length) this.next = cursor;
      } else {
        this.posts = mergePosts([], fresh);
        this.next = cursor;
      }
    } catch (e) {
      if (generation === this.generation && !session.handle(e)) toasts.error(e, 'Could not update the posts');
    }
  }

  /** Takes in a post written here, if it belongs. */
  add(post: Post): void {
    if (this.status === 'ready' && this.options.accepts?.(post)) this.posts = mergePosts(this.posts, [post]);
  }

  private onChange(change: PostChange): void {
    switch (change.type) {
      case 'created':
        this.add(change.post);
        break;
      case 'updated':
        this.posts = replacePost(this.posts, change.post) as Post[];
        break;
      case 'deleted':
        this.posts = removePosts(this.posts, [change.id]);
        break;
      case 'author-hidden':
        this.posts = this.posts.filter((p) => p.author !== change.account);
        break;
      case 'filters':
        void this.refreshNewest();
        break;
    }
  }

  private onNotice(notice: Notice): void {
    if (notice.type === 'removed') {
      this.posts = removePosts(this.posts, notice.ids);
      return;
    }
    if ((this.options.refreshOn ?? touchesPosts)(notice)) void this.refreshNewest();
  }
}
