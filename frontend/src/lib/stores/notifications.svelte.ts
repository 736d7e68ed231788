import { call, onNotice, type Methods } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';
import { appendPage, mergeNewestPage } from '../feed/merge';
import type { Notice } from '../transport/types';
import { session } from './session.svelte';
import { toasts } from './toasts.svelte';

/** One notification: a reply, mention, quote, reaction or new follower. */
export type NotificationItem = Methods['social.notifications']['output']['items'][number];

/** Notifications per page. */
const PAGE_SIZE = 30;
/** Kinds whose events may notify this account. */
const NOTIFYING = new Set(['social.post', 'social.react', 'social.follow']);
/** How long a burst of notices is gathered before the unread count is read (one call per burst). */
const UNREAD_DELAY_MS = 250;

const key = (n: NotificationItem) => n.event;

/**
 * The notifications: how many are unread (the navigation's badge, kept current from
 * change notices), and the list, a page at a time. Opening the list marks everything seen;
 * what was unread stays marked as such while the list is open.
 */
class NotificationsStore {
  unread = $state(0);
  items = $state.raw<NotificationItem[]>([]);
  next = $state<string | null>(null);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  loadingMore = $state(false);
  error = $state<ErrorInfo | null>(null);

  private unsubscribe: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Whether the list is on screen (then new ones are read into it and marked seen). */
  private open = false;

  /** Reads the unread count and follows notices (idempotent). */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = onNotice((n) => this.onNotice(n));
    void this.refreshUnread();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.open = false;
    this.unread = 0;
    this.items = [];
    this.next = null;
    this.status = 'idle';
    this.error = null;
    this.loadingMore = false;
  }

  async refreshUnread(): Promise<void> {
    try {
      this.unread = (await call('social.unread', {})).notifications;
    } catch (e) {
      // The badge is a hint: a failure leaves the last count (a lost session still counts).
      session.handle(e);
    }
  }

  /** The list is on screen: reads its first page and marks everything seen. */
  async show(): Promise<void> {
    this.open = true;
    await this.loadFirst();
  }

  /** The list left the screen: what was unread is read now. */
  hide(): void {
    this.open = false;
    this.items = this.items.map((n) => (n.unread ? { ...n, unread: false } : n));
  }

  async loadFirst(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    this.error = null;
    try {
      const page = await call('social.notifications', { limit: PAGE_SIZE });
      this.items = this.status === 'ready' ? mergeNewestPage(this.items, page.items, key) : page.items;
      if (this.status !== 'ready') this.next = page.next ?? null;
      this.status = 'ready';
      this.unread = page.unread;
      if (this.open && page.unread > 0) await this.markSeen();
    } catch (e) {
      session.handle(e);
      this.error = describeError(e);
      this.status = 'error';
    }
  }

  async loadMore(): Promise<void> {
    if (!this.next || this.loadingMore || this.status !== 'ready') return;
    this.loadingMore = true;
    try {
      const page = await call('social.notifications', { limit: PAGE_SIZE, before: this.next });
      this.items = appendPage(this.items, page.items, key);
      this.next = page.next ?? null;
    } catch (e) {
      if (!session.handle(e)) toasts.error(e, 'Could not load older notifications');
    } finally {
      this.loadingMore = false;
    }
  }

  async markSeen(): Promise<void> {
    try {
      this.unread = (await call('social.notifications_seen', {})).notifications;
    } catch (e) {
      session.handle(e);
    }
  }

  private onNotice(notice: Notice): void {
    const relevant =
      notice.type === 'resync' ||
      (notice.type === 'events' && (notice.events.some((e) => NOTIFYING.has(e.kind)) || notice.count > notice.events.length));
    if (!relevant) return;
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.open) void this.loadFirst();
      else void this.refreshUnread();
    }, UNREAD_DELAY_MS);
  }
}

export const notifications = new NotificationsStore();
