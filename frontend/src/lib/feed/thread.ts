/**
 * A thread as people read it: the comments (which arrive oldest first, each naming its
 * parent) placed under what they answer, in reading order, with a placeholder wherever a
 * comment answers something that is not shown (deleted, hidden, or not on this node), and
 * the comments the reader hid put back in place, marked, when the reader asks to see them.
 */

/** What the nesting needs of a comment. */
export interface ThreadPost {
  id: string;
  author: string;
  author_name?: string | null;
  created_at: number;
  reply_to?: { root: string; parent: string; author: string } | null;
}

/** A post of the thread deleted by its author. */
export interface ThreadTombstone {
  id: string;
  author: string;
  deleted_at: number;
}

/** Levels of indentation at most: deeper answers line up with the last level. */
export const MAX_DEPTH = 4;

/** One row of a thread, in reading order. */
export type ThreadEntry<P extends ThreadPost = ThreadPost> = {
  /** Indentation, 0 (answers the root) to {@link MAX_DEPTH}. */
  depth: number;
  /**
   * Who the row answers, when indentation no longer shows it (the row sits at the last
   * level, under something that is not its parent).
   */
  replyingTo: { account: string; name: string | null } | null;
} & (
  | {
      kind: 'post';
      id: string;
      post: P;
      /** A comment the reader hid, shown because they asked to see hidden ones. */
      hidden: boolean;
    }
  | { kind: 'deleted'; id: string; author: string; deleted_at: number }
  | { kind: 'hidden'; id: string }
  | { kind: 'missing'; id: string }
);

interface Node<P extends ThreadPost> {
  id: string;
  post: P | null;
  created_at: number;
  children: Node<P>[];
}

const byTime = <P extends ThreadPost>(a: Node<P>, b: Node<P>) =>
  a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Orders and nests a thread's comments under the root `rootId`. Comments whose parent is
 * neither the root nor a comment here get a placeholder for that parent: `deleted` (with
 * when) when a tombstone names it, `hidden` when the reader hid it, else `missing`.
 * `revealed` are comments the reader hid, to show in their place (marked `hidden`).
 */
export function nestThread<P extends ThreadPost>(
  rootId: string,
  comments: readonly P[],
  deleted: readonly ThreadTombstone[] = [],
  hidden: ReadonlySet<string> = new Set(),
  revealed: readonly P[] = [],
): ThreadEntry<P>[] {
  const nodes = new Map<string, Node<P>>();
  const shownHidden = new Set<string>();
  for (const post of comments) {
    if (post.id !== rootId) nodes.set(post.id, { id: post.id, post, created_at: post.created_at, children: [] });
  }
  for (const post of revealed) {
    if (post.id === rootId || nodes.has(post.id)) continue;
    nodes.set(post.id, { id: post.id, post, created_at: post.created_at, children: [] });
    shownHidden.add(post.id);
  }
  const top: Node<P>[] = [];
  const placeholders = new Map<string, Node<P>>();
  for (const node of [...nodes.values()]) {
    const parent = node.post?.reply_to?.parent ?? rootId;
    if (parent === rootId) {
      top.push(node);
      continue;
    }
    let holder = nodes.get(parent) ?? placeholders.get(parent);
    if (!holder) {
      // Not here: it goes where its first answer would have found it, under the root.
      holder = { id: parent, post: null, created_at: node.created_at, children: [] };
      placeholders.set(parent, holder);
      top.push(holder);
    }
    holder.children.push(node);
  }

  const tombstones = new Map(deleted.map((t) => [t.id, t]));
  const out: ThreadEntry<P>[] = [];
  const seen = new Set<string>();
  const walk = (list: Node<P>[], depth: number, parent: Node<P> | null) => {
    for (const node of [...list].sort(byTime)) {
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      const level = Math.min(depth, MAX_DEPTH);
      // Past the last level the indentation no longer says what a row answers: say it.
      const replyingTo =
        depth > MAX_DEPTH && parent?.post
          ? { account: parent.post.author, name: parent.post.author_name ?? null }
          : null;
      if (node.post) {
        out.push({ kind: 'post', id: node.id, post: node.post, hidden: shownHidden.has(node.id), depth: level, replyingTo });
      } else {
        const tomb = tombstones.get(node.id);
        if (tomb) out.push({ kind: 'deleted', id: node.id, author: tomb.author, deleted_at: tomb.deleted_at, depth: level, replyingTo });
        else if (hidden.has(node.id)) out.push({ kind: 'hidden', id: node.id, depth: level, replyingTo });
        else out.push({ kind: 'missing', id: node.id, depth: level, replyingTo });
      }
      walk(node.children, depth + 1, node);
    }
  };
  walk(top, 0, null);
  return out;
}

/** The quiet line under a thread that stands for the comments the reader hid. */
export function hiddenRepliesLine(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'reply' : 'replies'} hidden by you`;
}
