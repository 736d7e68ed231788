import { SvelteMap } from 'svelte/reactivity';
import { call, onNotice } from '../api/client';
import { chatError } from '../chat/errors';
import { fileKey, MAX_CHAT_FILES, opensByItself } from '../chat/files';
import { firstUnreadId, joinNewest, mergeMessages, removeMessages } from '../chat/messages';
import type { ChatFile, ChatMessage, Conversation, PendingMessage } from '../chat/types';
import { describeError, type ErrorInfo } from '../errors';
import type { Notice } from '../transport/types';
import { profiles } from './profiles.svelte';
import { session } from './session.svelte';
import { toasts } from './toasts.svelte';
import { Uploads } from './uploads.svelte';

/** Messages per page (the node's default; it allows up to 500). */
export const MESSAGE_PAGE = 50;
/** How long a burst of notices is gathered before anything is read again (one read per burst). */
const NOTICE_DELAY_MS = 250;
/** Kinds whose events change conversations: a message, or an epoch (members, name, lifetime). */
const CHAT_KINDS = new Set(['chat.message', 'chat.group']);

type Status = 'idle' | 'loading' | 'ready' | 'error';

/** Whether a notice may change what the Chat tab shows. */
export function touchesChat(notice: Notice): boolean {
  switch (notice.type) {
    case 'events':
      return notice.events.some((e) => CHAT_KINDS.has(e.kind)) || notice.count > notice.events.length;
    case 'removed':
    case 'resync':
      return true;
    default:
      return false;
  }
}

/** The name to show for an account in a chat: its profile's, else the name the node gave. */
export function chatName(account: string, hint?: string | null): string | null {
  return profiles.displayName(account) ?? hint ?? null;
}

const activity = (c: Conversation) => c.last?.created_at ?? 0;

/** Newest activity first, as the node lists them (stable for equal times). */
function sortConversations(list: readonly Conversation[]): Conversation[] {
  return [...list].sort((a, b) => activity(b) - activity(a));
}

const isVisible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';

/** Files of messages opened at once (each fetches and decrypts a file on the node). */
const CONCURRENT_OPENS = 3;

/**
 * Where opening a message's file stands: waiting its turn, being fetched and opened, opened
 * (the file as the node now shows it), or failed (with why).
 */
export type FileOpening =
  | { status: 'queued' }
  | { status: 'opening' }
  | { status: 'ready'; file: ChatFile }
  | { status: 'error'; error: ErrorInfo };

/**
 * One open conversation: its header (members, name, lifetime), its messages (pages read
 * newest first, older ones as the view scrolls up), the messages being sent, and where
 * the "unread" line goes. It is marked read when it opens and as messages arrive while it
 * is on screen.
 */
export class OpenConversation {
  info = $state.raw<Conversation | null>(null);
  /** Newest first. */
  messages = $state.raw<ChatMessage[]>([]);
  /** Being sent, oldest first. */
  pending = $state.raw<PendingMessage[]>([]);
  /** Cursor of the next older page; null when the start of the conversation is loaded. */
  next = $state<string | null>(null);
  status = $state<Status>('idle');
  error = $state<ErrorInfo | null>(null);
  loadingOlder = $state(false);
  /** Where the "unread" line goes (the oldest unread message) and how many it counts. */
  unreadMark = $state.raw<{ id: string; count: number } | null>(null);
  /** Messages of others that arrived while open (for the screen reader's announcement). */
  arrived = $state.raw<ChatMessage[]>([]);
  /** The files picked for the next message (this conversation's own; they outlive the view). */
  uploads = $state.raw<Uploads>(new Uploads(MAX_CHAT_FILES));
  /** Files of messages being opened, opened or that failed to, by {@link fileKey}. */
  readonly opening = new SvelteMap<string, FileOpening>();

  private closed = false;
  private sent = 0;
  /** Files opened (or tried) by themselves: each once, whatever a later page says. */
  private readonly tried = new Set<string>();
  /** Files waiting for their turn to open. */
  private readonly queue: { message: string; index: number }[] = [];
  private running = 0;

  constructor(
    readonly conv: string,
    private store: ChatStore,
  ) {
    this.uploads = store.draftFiles(conv);
  }

  private get me(): string | null {
    return session.account;
  }

  /** Reads the newest page and marks the conversation read. */
  async load(): Promise<void> {
    this.status = 'loading';
    this.error = null;
    try {
      const page = await call('chat.messages', { conv: this.conv, limit: MESSAGE_PAGE });
      if (this.closed) return;
      this.messages = mergeMessages([], page.messages);
      this.next = page.next ?? null;
      this.info = page.conversation;
      this.openSmallFiles(page.messages);
      const unread = page.conversation.unread;
      const id = firstUnreadId(this.messages, unread, this.me);
      this.unreadMark = id ? { id, count: unread } : null;
      this.status = 'ready';
      this.store.upsert(page.conversation);
      await this.markReadIfSeen();
    } catch (e) {
      if (this.closed) return;
      session.handle(e);
      this.error = chatError(e, 'read');
      this.status = 'error';
    }
  }

  /** Reads the next older page. */
  async loadOlder(): Promise<void> {
    if (!this.next || this.loadingOlder || this.status !== 'ready') return;
    this.loadingOlder = true;
    try {
      const page = await call('chat.messages', { conv: this.conv, limit: MESSAGE_PAGE, before: this.next });
      if (this.closed) return;
      this.messages = mergeMessages(this.messages, page.messages);
      this.next = page.next ?? null;
      this.openSmallFiles(page.messages);
    } catch (e) {
      if (!this.closed && !session.handle(e)) toasts.error(e, 'Could not load older messages');
    } finally {
      this.loadingOlder = false;
    }
  }

  /** Reads the newest page again and joins it to what is loaded (after a change notice). */
  async refresh(): Promise<void> {
    if (this.status === 'error') return this.load();
    if (this.status !== 'ready') return;
    try {
      const page = await call('chat.messages', { conv: this.conv, limit: MESSAGE_PAGE });
      if (this.closed) return;
      const had = new Set(this.messages.map((m) => m.id));
      const { messages, joined } = joinNewest(this.messages, page.messages);
      this.messages = messages;
      if (!joined) this.next = page.next ?? null;
      this.info = page.conversation;
      this.openSmallFiles(page.messages);
      const fresh = page.messages.filter((m) => !had.has(m.id) && m.author !== this.me);
      if (fresh.length > 0) this.arrived = fresh;
      if (page.conversation.unread > 0 && !isVisible() && !this.unreadMark) {
        const id = firstUnreadId(this.messages, page.conversation.unread, this.me);
        if (id) this.unreadMark = { id, count: page.conversation.unread };
      }
      await this.markReadIfSeen();
    } catch (e) {
      if (!this.closed) session.handle(e);
    }
  }

  /** Marks the conversation read, if it has unread messages and the window is on screen. */
  async markReadIfSeen(): Promise<void> {
    if (!this.info || this.info.unread === 0 || !isVisible() || this.closed) return;
    this.info = { ...this.info, unread: 0 };
    await this.store.markRead(this.conv);
  }

  /**
   * Sends a message with the files uploaded so far: it shows at once as being sent, and
   * the composer starts afresh. Throws the API error (the composer shows it); then the
   * files are back in the composer, with any picked meanwhile.
   */
  async send(text: string, ttl: number | null = null): Promise<ChatMessage> {
    const files = this.uploads;
    const attachments = files.attachments;
    const pending: PendingMessage = {
      id: `pending-${++this.sent}`,
      author: this.me ?? '',
      created_at: Date.now(),
      text,
      files: files.items
        .filter((i) => i.status === 'done' && i.stored)
        .map((i) => ({ name: i.name, mime: i.mime ?? i.stored?.mime ?? null, size: i.size })),
    };
    if (attachments.length > 0) this.uploads = this.store.freshDraft(this.conv);
    this.pending = [...this.pending, pending];
    let sent = false;
    try {
      const input: { conv: string; text: string; attachments?: typeof attachments; ttl?: number } = { conv: this.conv, text };
      if (attachments.length > 0) input.attachments = attachments;
      // A lifetime for this one message; otherwise the conversation's applies.
      if (ttl !== null) input.ttl = ttl;
      const message = await call('chat.send', input);
      sent = true;
      if (!this.closed) {
        this.messages = mergeMessages(this.messages, [message]);
        // Writing is reading: the unread line has done its work.
        this.unreadMark = null;
      }
      this.store.noteSent(this.conv, message);
      return message;
    } catch (e) {
      session.handle(e);
      throw e;
    } finally {
      this.pending = this.pending.filter((p) => p.id !== pending.id);
      if (attachments.length > 0) {
        if (sent) files.clear();
        else this.uploads = this.store.restoreDraft(this.conv, files);
      }
    }
  }

  /** A message's file as it stands now: opened here, or as the message says. */
  fileOf(message: ChatMessage, index: number): ChatFile | null {
    const state = this.opening.get(fileKey(message.id, index));
    if (state?.status === 'ready') return state.file;
    return message.files?.[index] ?? null;
  }

  /**
   * Opens a message's file on the node (fetching its sealed copy first when needed), so it
   * can be shown; its state is in {@link opening}. Opening it again after a failure retries.
   */
  openFile(message: string, index: number): void {
    const key = fileKey(message, index);
    const state = this.opening.get(key);
    if (state && state.status !== 'error') return;
    this.tried.add(key);
    this.opening.set(key, { status: 'queued' });
    this.queue.push({ message, index });
    this.pump();
  }

  /** Opens the files of these messages that open by themselves (small ones not here yet), once each. */
  openSmallFiles(messages: readonly ChatMessage[]): void {
    for (const m of messages) {
      m.files?.forEach((file, index) => {
        if (opensByItself(file) && !this.tried.has(fileKey(m.id, index))) this.openFile(m.id, index);
      });
    }
  }

  private pump(): void {
    while (this.running < CONCURRENT_OPENS && this.queue.length > 0 && !this.closed) {
      const next = this.queue.shift()!;
      this.running += 1;
      void this.runOpen(next.message, next.index).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async runOpen(message: string, index: number): Promise<void> {
    const key = fileKey(message, index);
    this.opening.set(key, { status: 'opening' });
    try {
      const file = await call('chat.open_file', { message, index });
      this.opening.set(key, { status: 'ready', file });
    } catch (e) {
      session.handle(e);
      this.opening.set(key, { status: 'error', error: chatError(e, 'file') });
    }
  }

  /** Takes in a changed conversation (members, name, lifetime) the node returned. */
  update(conversation: Conversation): void {
    this.info = { ...conversation, unread: this.info?.unread ?? 0 };
  }

  /** Drops messages the node deleted (expired, or deleted by their author). */
  removed(ids: readonly string[]): void {
    this.messages = removeMessages(this.messages, ids);
  }

  /** The view closed: answers still on their way are dropped, and files waiting to open stay closed. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }
}

/**
 * The Chat tab's state: the unread count (the navigation's badge, kept current from change
 * notices), the list of conversations (read when the tab opens, which also publishes this
 * account's chat key so others can write to it), the open conversation, the accounts this
 * one follows (whom it can start a chat with), and every change to conversations.
 */
export class ChatStore {
  unread = $state(0);
  conversations = $state.raw<Conversation[]>([]);
  status = $state<Status>('idle');
  error = $state<ErrorInfo | null>(null);
  /** The accounts this one follows. */
  following = $state.raw<string[]>([]);
  followingStatus = $state<Status>('idle');
  followingError = $state<ErrorInfo | null>(null);
  /** The conversation on screen. */
  active = $state.raw<OpenConversation | null>(null);

  private unsubscribe: (() => void) | null = null;
  /** Each conversation's files picked for its next message (uploads go on while another is open). */
  private readonly drafts = new Map<string, Uploads>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** Whether the tab is on screen (then the list is read again on changes). */
  private showing = false;

  private readonly onVisibility = () => {
    if (isVisible()) void this.active?.markReadIfSeen();
  };

  /** Reads the unread count and follows notices (idempotent). */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = onNotice((n) => this.onNotice(n));
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibility);
    void this.refreshUnread();
  }

  /** Stops listening and forgets everything (signing out, tests). */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibility);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.active?.close();
    this.active = null;
    this.showing = false;
    this.unread = 0;
    this.conversations = [];
    this.status = 'idle';
    this.error = null;
    this.following = [];
    this.followingStatus = 'idle';
    this.followingError = null;
    for (const d of this.drafts.values()) d.clear();
    this.drafts.clear();
  }

  /** A conversation's files for its next message. */
  draftFiles(conv: string): Uploads {
    let draft = this.drafts.get(conv);
    if (!draft) {
      draft = new Uploads(MAX_CHAT_FILES);
      this.drafts.set(conv, draft);
    }
    return draft;
  }

  /** Starts a conversation's next message afresh (the files of the one being sent go with it). */
  freshDraft(conv: string): Uploads {
    const draft = new Uploads(MAX_CHAT_FILES);
    this.drafts.set(conv, draft);
    return draft;
  }

  /**
   * Puts the files of a message that could not be sent back as the conversation's draft,
   * with the files picked since (which upload again into it).
   */
  restoreDraft(conv: string, files: Uploads): Uploads {
    const since = this.drafts.get(conv);
    if (since && since !== files) {
      if (since.items.length > 0) files.add(since.items.map((i) => i.file));
      since.clear();
    }
    this.drafts.set(conv, files);
    // The conversation may have been left and opened again meanwhile.
    if (this.active?.conv === conv) this.active.uploads = files;
    return files;
  }

  /** The tab is on screen: reads the list (publishing this account's chat key) and whom it follows. */
  async show(): Promise<void> {
    this.showing = true;
    await Promise.all([this.loadList(), this.loadFollowing()]);
  }

  /** The tab left the screen. */
  hide(): void {
    this.showing = false;
  }

  /** Opens a conversation (the one on screen); returns it. */
  open(conv: string): OpenConversation {
    if (this.active?.conv === conv) return this.active;
    this.active?.close();
    const open = new OpenConversation(conv, this);
    this.active = open;
    void open.load();
    return open;
  }

  /** The conversation left the screen. */
  close(open: OpenConversation): void {
    open.close();
    if (this.active === open) this.active = null;
  }

  /** A conversation in the list, by id. */
  find(conv: string): Conversation | undefined {
    return this.conversations.find((c) => c.conv === conv);
  }

  async loadList(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    this.error = null;
    try {
      const out = await call('chat.conversations', {});
      this.conversations = sortConversations(
        out.conversations.map((c) => (c.conv === this.active?.conv && this.active.info?.unread === 0 ? { ...c, unread: 0 } : c)),
      );
      this.status = 'ready';
      this.unread = this.conversations.reduce((n, c) => n + c.unread, 0);
    } catch (e) {
      session.handle(e);
      this.error = describeError(e);
      this.status = 'error';
    }
  }

  async loadFollowing(): Promise<void> {
    if (this.followingStatus !== 'ready') this.followingStatus = 'loading';
    this.followingError = null;
    try {
      this.following = (await call('social.following', {})).accounts;
      this.followingStatus = 'ready';
    } catch (e) {
      session.handle(e);
      this.followingError = describeError(e);
      this.followingStatus = 'error';
    }
  }

  async refreshUnread(): Promise<void> {
    try {
      this.unread = (await call('chat.unread', {})).messages;
    } catch (e) {
      // The badge is a hint: a failure leaves the last count.
      session.handle(e);
    }
  }

  /** Marks a conversation read (the badge drops at once, then shows what the node counts). */
  async markRead(conv: string): Promise<void> {
    const item = this.find(conv);
    if (item && item.unread > 0) {
      this.unread = Math.max(0, this.unread - item.unread);
      this.replace({ ...item, unread: 0 });
    }
    try {
      this.unread = (await call('chat.read', { conv })).messages;
    } catch (e) {
      session.handle(e);
    }
  }

  /** Opens (or creates) the direct chat with an account. Throws the API error. */
  async startDirect(account: string): Promise<Conversation> {
    return this.change(() => call('chat.start', { account }));
  }

  /** Creates a group. Throws the API error. */
  async createGroup(name: string, members: string[], ttl: number | null): Promise<Conversation> {
    const input: { name: string; members: string[]; ttl?: number } = { name: name.trim(), members };
    if (ttl !== null) input.ttl = ttl;
    return this.change(() => call('chat.create_group', input));
  }

  async addMember(conv: string, account: string): Promise<Conversation> {
    return this.change(() => call('chat.add_member', { conv, account }));
  }

  async removeMember(conv: string, account: string): Promise<Conversation> {
    return this.change(() => call('chat.remove_member', { conv, account }));
  }

  /**
   * Changes a conversation's default message lifetime (null: messages last) and, for a
   * group, its name. The node sets the lifetime given (none clears it), so a rename passes
   * the lifetime in force.
   */
  async settings(conv: string, ttl: number | null, name?: string): Promise<Conversation> {
    const input: { conv: string; ttl?: number; name?: string } = { conv };
    if (ttl !== null) input.ttl = ttl;
    if (name !== undefined) input.name = name.trim();
    return this.change(() => call('chat.settings', input));
  }

  /** Takes in a conversation the node returned (new or changed). */
  upsert(conversation: Conversation): void {
    const known = this.find(conversation.conv);
    // The open conversation, once read, stays read whatever an older answer says.
    const read = this.active?.conv === conversation.conv && this.active.info?.unread === 0;
    const merged = read ? { ...conversation, unread: 0 } : conversation;
    this.conversations = sortConversations(
      known ? this.conversations.map((c) => (c.conv === conversation.conv ? merged : c)) : [merged, ...this.conversations],
    );
  }

  /** A message was sent in a conversation: it is its newest. */
  noteSent(conv: string, message: ChatMessage): void {
    const item = this.find(conv);
    if (item && activity(item) <= message.created_at) this.upsert({ ...item, last: message });
  }

  private replace(conversation: Conversation): void {
    this.conversations = this.conversations.map((c) => (c.conv === conversation.conv ? conversation : c));
  }

  private async change(run: () => Promise<Conversation>): Promise<Conversation> {
    try {
      const conversation = await run();
      this.upsert(conversation);
      if (this.active?.conv === conversation.conv) this.active.update(conversation);
      return conversation;
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  private onNotice(notice: Notice): void {
    if (!touchesChat(notice)) return;
    if (notice.type === 'removed') this.active?.removed(notice.ids);
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sync();
    }, NOTICE_DELAY_MS);
  }

  /** Reads again what changes touch: the open conversation first (it marks itself read), then the list or the count. */
  private sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.active?.refresh();
        if (this.showing) await this.loadList();
        else await this.refreshUnread();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}

export const chat = new ChatStore();
