import { ApiError } from '../src/lib/transport/types';
import { fakeHash, FakeTransport } from '../src/lib/transport/fake';
import { setTransport } from '../src/lib/api/client';
import type { Methods, Post } from '../src/lib/api/client';

/** A published profile. */
export type Profile = NonNullable<Methods['social.profile']['output']['profile']>;
/** One notification. */
export type Notification = Methods['social.notifications']['output']['items'][number];

export const ACCOUNT = 'sn1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v9ccrydpk8qarc0jqsz4lzq';
export const OTHER = 'sn1zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygx';
/** A real account id (valid bech32m), for mentions. */
export const MENTIONED = 'sn1xdc8hcgtrqut89x4vd95rfc7wt9988vn7vcnv60v8eg3a3pukems2y32cj';

export const WORDS = Array.from({ length: 24 }, (_, i) => `word${i + 1}`);

/** A post made at `created_at` (ms), with a 64-hex id derived from `n`. */
export function post(n: number, created_at: number, extra: Partial<Post> = {}): Post {
  return { id: n.toString(16).padStart(64, '0'), author: OTHER, created_at, text: `post ${n}`, ...extra };
}

/** A fake node: identity in `state`, posts served newest first with cursors. */
export function fakeNode(
  options: {
    state?: 'none' | 'locked' | 'unlocked';
    posts?: Post[];
    protected?: boolean;
    profiles?: Record<string, Profile>;
    notifications?: Notification[];
  } = {},
) {
  const storage = {
    used: 3_000_000,
    quota: 1_000_000_000,
    events: 2_000_000,
    shares: 0,
    pins: 1_000_000,
    by_author: [
      { author: OTHER, bytes: 1_500_000, files: 2 },
      { author: ACCOUNT, bytes: 500_000, files: 1 },
    ],
    transfers: [] as unknown[],
    endpoint: 'e'.repeat(64),
  };
  const kept = [
    { hash: 'a'.repeat(64), size: 1_500_000, have: 1_500_000, complete: true, reasons: [{ kind: 'event', event: 'f'.repeat(64), author: OTHER }] },
    { hash: 'b'.repeat(64), size: 1_000_000, have: 1_000_000, complete: true, reasons: [{ kind: 'pin' }] },
    { hash: 'c'.repeat(64), size: 4_000_000, have: 1_000_000, complete: false, reasons: [{ kind: 'share' }, { kind: 'event', event: 'e'.repeat(64), author: ACCOUNT }] },
  ];
  const node = {
    state: options.state ?? 'unlocked',
    protected: options.protected ?? true,
    name: 'Alice' as string | null,
    posts: [...(options.posts ?? [])],
    passphrase: 'correct horse',
    storage,
    kept,
    deleted: [] as { id: string; author: string; deleted_at: number; request: string }[],
    versions: {} as Record<string, { created_at: number; text: string; title?: string | null }[]>,
    profiles: { ...(options.profiles ?? {}) } as Record<string, Profile>,
    following: [] as string[],
    notifications: [...(options.notifications ?? [])] as Notification[],
    blocked: [] as string[],
    muted: [] as string[],
    words: [] as string[],
    tags: [] as string[],
    hidden: [] as string[],
    lists: [] as string[],
    reports: [] as unknown[],
  };
  const page = (all: Post[], input: { limit?: number; before?: string }) => {
    const start = input.before ? Number(input.before) : 0;
    const limit = input.limit ?? 50;
    const posts = all.slice(start, start + limit);
    return { posts, ...(posts.length === limit ? { next: String(start + limit) } : {}) };
  };
  const own = (id: string) => {
    const p = node.posts.find((x) => x.id === id);
    if (!p) throw new ApiError('not_found', `no post ${id}`);
    if (p.author !== ACCOUNT) throw new ApiError('permission_denied', `${id} was written by ${p.author}: only its author can change it`);
    return p;
  };
  const react = (id: string, reaction: string, on: boolean) => {
    const p = node.posts.find((x) => x.id === id);
    if (!p) throw new ApiError('not_found', `no post ${id}`);
    const list = [...(p.reactions ?? [])];
    const i = list.findIndex((r) => r.reaction === reaction);
    if (on && !(i >= 0 && list[i].mine)) {
      if (i >= 0) list[i] = { ...list[i], count: list[i].count + 1, mine: true };
      else list.push({ reaction, count: 1, mine: true });
    }
    if (!on && i >= 0 && list[i].mine) {
      if (list[i].count === 1) list.splice(i, 1);
      else list[i] = { ...list[i], count: list[i].count - 1, mine: false };
    }
    p.reactions = list;
    return p;
  };
  const profileView = (account: string) => ({
    account,
    ...(node.profiles[account] ? { profile: node.profiles[account] } : {}),
    following: node.following.includes(account),
    blocked: node.blocked.includes(account),
    ...(node.blocked.includes(account) ? { hidden: 'blocked' } : node.muted.includes(account) ? { hidden: 'muted' } : {}),
    posts: node.posts.filter((p) => p.author === account).length,
  });
  const moderationView = () => ({
    blocked: [...node.blocked],
    settings: { muted: [...node.muted], words: [...node.words], tags: [...node.tags], hidden: [...node.hidden], lists: [...node.lists] },
    hidden_replies: node.posts.filter((p) => node.hidden.includes(p.id)).sort((a, b) => b.created_at - a.created_at),
  });
  const view = () => ({
    state: node.state,
    protected: node.protected,
    ...(node.state === 'none' ? {} : { account: ACCOUNT, name: node.name, created_at: 1_700_000_000_000 }),
  });
  const sorted = () =>
    [...node.posts].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const transport = new FakeTransport({
    'identity.get': () => view(),
    'identity.create': (input: { name?: string | null; passphrase?: string | null }) => {
      if (node.state !== 'none') throw new ApiError('already_exists', 'this node already has an account');
      node.state = 'unlocked';
      node.protected = input.passphrase != null;
      node.name = input.name ?? null;
      return { account: ACCOUNT, recovery_phrase: WORDS.join(' ') };
    },
    'identity.unlock': (input: { passphrase: string }) => {
      if (input.passphrase !== node.passphrase) throw new ApiError('wrong_passphrase', 'the passphrase does not open the keystore');
      node.state = 'unlocked';
      return view();
    },
    'identity.lock': () => {
      node.state = 'locked';
      return view();
    },
    'social.timeline': (input: { limit?: number; before?: string }) => page(sorted().filter((p) => !p.reply_to), input),
    'social.feed': (input: { limit?: number; before?: string; author?: string; replies?: boolean }) =>
      page(
        sorted().filter((p) => (input.author ? p.author === input.author && (input.replies || !p.reply_to) : !p.reply_to)),
        input,
      ),
    'social.tag': (input: { tag: string; limit?: number; before?: string }) =>
      page(sorted().filter((p) => (p.tags ?? []).includes(input.tag.replace(/^#/, '').toLowerCase())), input),
    'social.search': (input: { query: string; limit?: number; before?: string }) => {
      const words = input.query.toLowerCase().split(/\s+/).filter(Boolean);
      return page(sorted().filter((p) => words.every((w) => p.text.toLowerCase().includes(w))), input);
    },
    'social.thread': (input: { id: string }) => {
      const found = node.posts.find((p) => p.id === input.id);
      const rootId = found?.reply_to?.root ?? input.id;
      const root = node.posts.find((p) => p.id === rootId) ?? null;
      if (!found && !node.deleted.some((t) => t.id === input.id)) throw new ApiError('not_found', `no post ${input.id}`);
      const comments = node.posts
        .filter((p) => p.reply_to?.root === rootId && !node.hidden.includes(p.id))
        .sort((a, b) => a.created_at - b.created_at);
      const here = new Set([rootId, ...comments.map((c) => c.id)]);
      const missing = new Set([...comments.map((c) => c.reply_to!.parent), ...(root ? [] : [rootId])].filter((id) => !here.has(id) || (id === rootId && !root)));
      const hidden = node.posts
        .filter((p) => p.reply_to?.root === rootId && node.hidden.includes(p.id))
        .sort((a, b) => a.created_at - b.created_at);
      return { root, root_id: rootId, comments, deleted: node.deleted.filter((t) => missing.has(t.id)), hidden, more: false };
    },
    'social.post': (input: {
      text: string;
      title?: string | null;
      attachments?: { hash: string; name?: string; mime?: string }[];
      reply_to?: string;
      quote?: string;
    }) => {
      if (node.state !== 'unlocked') throw new ApiError('locked', 'the key is locked');
      const attachments = (input.attachments ?? []).map((a) => ({
        hash: a.hash,
        name: a.name ?? 'file',
        mime: a.mime ?? 'application/octet-stream',
        size: transport.uploads.find((_, i) => fakeHash(i + 1) === a.hash)?.file.size ?? 0,
      }));
      const parent = input.reply_to ? node.posts.find((p) => p.id === input.reply_to) : undefined;
      if (input.reply_to && !parent) throw new ApiError('not_found', `no post ${input.reply_to}`);
      const quoted = input.quote ? node.posts.find((p) => p.id === input.quote) : undefined;
      const p = post(1000 + node.posts.length, Date.now(), {
        author: ACCOUNT,
        text: input.text,
        ...(input.title ? { title: input.title } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
        ...(parent ? { reply_to: { root: parent.reply_to?.root ?? parent.id, parent: parent.id, author: parent.author } } : {}),
        ...(quoted
          ? { quote: { id: quoted.id, found: true, author: quoted.author, text: quoted.text, created_at: quoted.created_at } }
          : {}),
      });
      if (parent) parent.replies = (parent.replies ?? 0) + 1;
      node.posts.push(p);
      return p;
    },
    'social.react': (input: { id: string; reaction: string }) => ({ post: react(input.id, input.reaction, true) }),
    'social.unreact': (input: { id: string; reaction: string }) => ({ post: react(input.id, input.reaction, false) }),
    'social.edit': (input: { id: string; text: string; title?: string | null }) => {
      const p = own(input.id);
      node.versions[p.id] = [...(node.versions[p.id] ?? [{ created_at: p.created_at, text: p.text, title: p.title }])];
      p.text = input.text;
      if (input.title !== undefined) p.title = input.title;
      p.edited_at = Date.now();
      node.versions[p.id].push({ created_at: p.edited_at, text: p.text, title: p.title });
      return p;
    },
    'social.history': (input: { id: string }) => {
      const p = node.posts.find((x) => x.id === input.id);
      if (!p) throw new ApiError('not_found', `no post ${input.id}`);
      return { versions: node.versions[p.id] ?? [{ created_at: p.created_at, text: p.text, title: p.title }] };
    },
    'social.delete': (input: { id: string }) => {
      const p = own(input.id);
      node.posts = node.posts.filter((x) => x.id !== p.id);
      const deleted_at = Date.now();
      node.deleted.push({ id: p.id, author: p.author, deleted_at, request: 'd'.repeat(64) });
      return { id: p.id, deleted_at };
    },
    'social.profile': (input: { account?: string }) => profileView(input.account ?? ACCOUNT),
    'social.set_profile': (input: { name: string; bio?: string; links?: string[]; avatar?: { hash: string; name?: string; mime?: string } }) => {
      node.profiles[ACCOUNT] = {
        name: input.name,
        bio: input.bio ?? '',
        links: input.links ?? [],
        ...(input.avatar ? { avatar: { hash: input.avatar.hash, name: input.avatar.name ?? 'avatar', mime: input.avatar.mime ?? 'image/png', size: 1 } } : {}),
      };
      return profileView(ACCOUNT);
    },
    'social.follow': (input: { account: string }) => {
      if (!node.following.includes(input.account)) node.following.push(input.account);
      return { account: input.account, following: true };
    },
    'social.unfollow': (input: { account: string }) => {
      node.following = node.following.filter((a) => a !== input.account);
      return { account: input.account, following: false };
    },
    'social.unread': () => ({ notifications: node.notifications.filter((n) => n.unread).length }),
    'social.notifications': (input: { limit?: number; before?: string }) => {
      const start = input.before ? Number(input.before) : 0;
      const limit = input.limit ?? 50;
      const items = node.notifications.slice(start, start + limit);
      return {
        items,
        unread: node.notifications.filter((n) => n.unread).length,
        ...(items.length === limit ? { next: String(start + limit) } : {}),
      };
    },
    'social.notifications_seen': () => {
      node.notifications = node.notifications.map((n) => ({ ...n, unread: false }));
      return { notifications: 0 };
    },
    'social.moderation': () => moderationView(),
    'social.block': (input: { account: string }) => {
      node.blocked.push(input.account);
      node.following = node.following.filter((a) => a !== input.account);
      return moderationView();
    },
    'social.unblock': (input: { account: string }) => {
      node.blocked = node.blocked.filter((a) => a !== input.account);
      return moderationView();
    },
    'social.mute': (input: { account: string }) => {
      node.muted.push(input.account);
      return moderationView();
    },
    'social.unmute': (input: { account: string }) => {
      node.muted = node.muted.filter((a) => a !== input.account);
      return moderationView();
    },
    'social.mute_word': (input: { word: string }) => {
      const w = input.word.trim().toLowerCase();
      if (!w) throw new ApiError('invalid_input', 'a muted word or phrase has 1 to 100 characters');
      if (w.startsWith('#')) node.tags.push(w.slice(1));
      else node.words.push(w);
      return moderationView();
    },
    'social.unmute_word': (input: { word: string }) => {
      const w = input.word.trim().toLowerCase();
      node.tags = node.tags.filter((t) => `#${t}` !== w);
      node.words = node.words.filter((x) => x !== w);
      return moderationView();
    },
    'social.hide_reply': (input: { id: string; hidden?: boolean }) => {
      node.hidden = input.hidden === false ? node.hidden.filter((h) => h !== input.id) : [...node.hidden, input.id];
      return moderationView();
    },
    'social.follow_list': (input: { account: string }) => {
      if (input.account === ACCOUNT) throw new ApiError('invalid_input', "that is this node's own account");
      if (!node.lists.includes(input.account)) node.lists.push(input.account);
      if (!node.following.includes(input.account)) node.following.push(input.account);
      return moderationView();
    },
    'social.unfollow_list': (input: { account: string }) => {
      node.lists = node.lists.filter((a) => a !== input.account);
      return moderationView();
    },
    'social.report': (input: { account: string; reason: string; block?: boolean }) => {
      node.reports.push(input);
      if (input.block !== false) node.blocked.push(input.account);
      return { report: 'r'.repeat(64) };
    },
    'node.info': () => ({ version: '0.1.0', account: ACCOUNT, name: node.name, local_only: true, data_dir: '/tmp/sn', events: node.posts.length, apps: [] }),
    'blobs.status': () => node.storage,
    'blobs.list': () => ({ blobs: node.kept }),
    'blobs.unpin': (input: { hash: string }) => {
      const before = node.kept.length;
      node.kept = node.kept.filter((k) => k.hash !== input.hash || !k.reasons.some((r) => r.kind === 'pin'));
      return { removed: node.kept.length < before };
    },
    'blobs.unshare': (input: { hash: string }) => {
      const entry = node.kept.find((k) => k.hash === input.hash);
      if (!entry) return { removed: false };
      entry.reasons = entry.reasons.filter((r) => r.kind !== 'share');
      return { removed: true };
    },
    'api.methods': () => ({ contract_version: 1, methods: [{ name: 'a' }, { name: 'b' }], error_codes: [] }),
  });
  setTransport(transport);
  return { node, transport };
}
