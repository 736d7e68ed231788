import { call, onNotice, type Methods, type Post } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';
import { replacePost } from '../feed/merge';
import type { Notice } from '../transport/types';
import { onPostChange, type PostChange } from './postbus';
import { touchesPosts } from './posts.svelte';
import { session } from './session.svelte';

/** A post of a thread deleted by its author: which, and when. */
export type Tombstone = Methods['social.thread']['output']['deleted'][number];

/**
 * One thread: its first post, the comments (oldest first), what was deleted, kept current
 * from change notices and from what this app writes.
 */
export class ThreadStore {
  rootId = $state<string | null>(null);
  root = $state.raw<Post | null>(null);
  comments = $state.raw<Post[]>([]);
  deleted = $state.raw<Tombstone[]>([]);
  /** Comments this node's user hid, oldest first (left out of `comments`). */
  hidden = $state.raw<Post[]>([]);
  /** Whether the node holds more comments than it sent. */
  more = $state(false);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<ErrorInfo | null>(null);

  private id: string | null = null;
  private stops: (() => void)[] = [];
  private reading: Promise<void> | null = null;
  private readAgain = false;
  private generation = 0;

  /** Shows the thread of a post (or of a comment: its root's) and follows changes. */
  open(id: string): void {
    if (this.stops.length === 0) {
      this.stops.push(onNotice((n) => this.onNotice(n)));
      this.stops.push(onPostChange((c) => this.onChange(c)));
    }
    if (id === this.id && this.status === 'ready') return;
    this.id = id;
    this.generation++;
    this.root = null;
    this.rootId = null;
    this.comments = [];
    this.deleted = [];
    this.hidden = [];
    this.more = false;
    this.status = 'loading';
    void this.refresh();
  }

  close(): void {
    for (const stop of this.stops) stop();
    this.stops = [];
    this.id = null;
    this.generation++;
    this.status = 'idle';
  }

  /** Reads the thread again (requests while one runs are joined into one more). */
  refresh(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.readAgain = false;
        await this.read();
      } while (this.readAgain);
    })().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async read(): Promise<void> {
    const id = this.id;
    if (!id) return;
    const generation = this.generation;
    try {
      const thread = await call('social.thread', { id });
      if (generation !== this.generation) return;
      this.rootId = thread.root_id;
      this.root = thread.root ?? null;
      this.comments = thread.comments;
      this.deleted = thread.deleted;
      this.hidden = thread.hidden ?? [];
      this.more = thread.more;
      this.status = 'ready';
      this.error = null;
    } catch (e) {
      if (generation !== this.generation) return;
      session.handle(e);
      if (this.status !== 'ready') {
        this.error = describeError(e);
        this.status = 'error';
      }
    }
  }

  private onChange(change: PostChange): void {
    switch (change.type) {
      case 'created':
        if (change.post.reply_to && change.post.reply_to.root === this.rootId) {
          if (!this.comments.some((c) => c.id === change.post.id)) this.comments = [...this.comments, change.post];
          // The parent's count of replies changed too.
          void this.refresh();
        }
        break;
      case 'updated':
        if (this.root?.id === change.post.id) this.root = change.post;
        this.comments = replacePost(this.comments, change.post) as Post[];
        this.hidden = replacePost(this.hidden, change.post) as Post[];
        break;
      case 'deleted':
      case 'author-hidden':
      case 'filters':
        if (this.rootId) void this.refresh();
        break;
    }
  }

  private onNotice(notice: Notice): void {
    if (!this.id) return;
    if (notice.type === 'removed' || touchesPosts(notice)) void this.refresh();
  }
}
