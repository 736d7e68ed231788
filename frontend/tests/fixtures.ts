import { ApiError } from '../src/lib/transport/types';
import { fakeHash, FakeTransport } from '../src/lib/transport/fake';
import { setTransport } from '../src/lib/api/client';
import type { Post } from '../src/lib/api/client';

export const ACCOUNT = 'sn1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v9ccrydpk8qarc0jqsz4lzq';
export const OTHER = 'sn1zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygx';

export const WORDS = Array.from({ length: 24 }, (_, i) => `word${i + 1}`);

/** A post made at `created_at` (ms), with a 64-hex id derived from `n`. */
export function post(n: number, created_at: number, extra: Partial<Post> = {}): Post {
  return { id: n.toString(16).padStart(64, '0'), author: OTHER, created_at, text: `post ${n}`, ...extra };
}

/** A fake node: identity in `state`, posts served newest first with cursors. */
export function fakeNode(options: { state?: 'none' | 'locked' | 'unlocked'; posts?: Post[]; protected?: boolean } = {}) {
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
  };
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
    'social.feed': (input: { limit?: number; before?: string }) => {
      const all = sorted();
      const start = input.before ? Number(input.before) : 0;
      const limit = input.limit ?? 50;
      const page = all.slice(start, start + limit);
      const end = start + page.length;
      return { posts: page, ...(page.length === limit ? { next: String(end) } : {}) };
    },
    'social.post': (input: { text: string; title?: string | null; attachments?: { hash: string; name?: string; mime?: string }[] }) => {
      if (node.state !== 'unlocked') throw new ApiError('locked', 'the key is locked');
      const attachments = (input.attachments ?? []).map((a) => ({
        hash: a.hash,
        name: a.name ?? 'file',
        mime: a.mime ?? 'application/octet-stream',
        size: transport.uploads.find((_, i) => fakeHash(i + 1) === a.hash)?.file.size ?? 0,
      }));
      const p = post(1000 + node.posts.length, Date.now(), {
        author: ACCOUNT,
        text: input.text,
        ...(input.title ? { title: input.title } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
      });
      node.posts.push(p);
      return p;
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
