import { call, type Methods, type Post } from '../api/client';
import { announce } from './postbus';
import { session } from './session.svelte';
import { toasts } from './toasts.svelte';
import type { AttachmentInput } from './uploads.svelte';

/** One version of a post, from `social.history`. */
export type PostVersion = Methods['social.history']['output']['versions'][number];

/** What a new post says: text (Markdown), a title for a blog post, files, and what it answers or quotes. */
export interface NewPost {
  text: string;
  title?: string | null;
  attachments?: readonly AttachmentInput[];
  /** Makes it a comment on this post. */
  reply_to?: string | null;
  /** Quotes (with text) or reposts (without) this post. */
  quote?: string | null;
  /** Who can read it (default everyone); anything else is encrypted to them. */
  audience?: 'public' | 'followers' | 'private';
  /** When every honest node deletes it (ms since the epoch). */
  expires_at?: number | null;
}

/** The reactions offered in the picker: the common ones, in this order. */
export const COMMON_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '🔥'] as const;

/** A post as a quote shows it (the composer's preview of what it quotes). */
export function asQuoted(post: Post): NonNullable<Post['quote']> {
  return {
    id: post.id,
    found: true,
    author: post.author,
    author_name: post.author_name,
    title: post.title,
    text: post.text,
    attachments: post.attachments,
    created_at: post.created_at,
  };
}

/** A post with a reaction of this account added or withdrawn (what the node will answer). */
export function withReaction(post: Post, reaction: string, on: boolean): Post {
  const list = [...(post.reactions ?? [])];
  const i = list.findIndex((r) => r.reaction === reaction);
  if (on) {
    if (i >= 0 && list[i].mine) return post;
    if (i >= 0) list[i] = { ...list[i], count: list[i].count + 1, mine: true };
    else list.push({ reaction, count: 1, mine: true });
  } else {
    if (i < 0 || !list[i].mine) return post;
    if (list[i].count <= 1) list.splice(i, 1);
    else list[i] = { ...list[i], count: list[i].count - 1, mine: false };
  }
  return { ...post, reactions: list };
}

/**
 * Everything this account does to posts: write, react, edit, delete. Each change is
 * announced to every list showing posts (see postbus.ts). API errors are thrown for the
 * caller to show in place, except for reactions (a toast: there is no place to show it).
 */
class Social {
  /** Reactions being sent, by post id and reaction (a second click waits for the first). */
  private reacting = new Set<string>();

  /** Publishes a post, comment, quote or repost. */
  async publish(input: NewPost): Promise<Post> {
    // Without extras the request stays as it was: older nodes refuse unknown fields.
    const files = (input.attachments ?? []).map((a) => (a.mime ? { hash: a.hash, name: a.name, mime: a.mime } : { hash: a.hash, name: a.name }));
    const request: Methods['social.post']['input'] = { text: input.text, title: input.title ?? null };
    if (files.length > 0) request.attachments = files;
    if (input.reply_to) request.reply_to = input.reply_to;
    if (input.quote) request.quote = input.quote;
    if (input.audience && input.audience !== 'public') request.audience = input.audience;
    if (input.expires_at) request.expires_at = input.expires_at;
    try {
      const post = await call('social.post', request);
      announce({ type: 'created', post });
      return post;
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  /** Reposts a post as it is (a quote without words). */
  async repost(post: Post): Promise<Post | null> {
    try {
      const repost = await this.publish({ text: '', quote: post.id });
      toasts.info('Reposted');
      return repost;
    } catch (e) {
      toasts.error(e, 'Could not repost');
      return null;
    }
  }

  /** Adds this account's reaction, or withdraws it if it is there: shown at once, then as the node says. */
  async toggleReaction(post: Post, reaction: string): Promise<void> {
    const key = `${post.id}:${reaction}`;
    if (this.reacting.has(key)) return;
    const on = !(post.reactions ?? []).some((r) => r.reaction === reaction && r.mine);
    this.reacting.add(key);
    announce({ type: 'updated', post: withReaction(post, reaction, on) });
    try {
      const answer = await call(on ? 'social.react' : 'social.unreact', { id: post.id, reaction });
      announce({ type: 'updated', post: answer.post });
    } catch (e) {
      announce({ type: 'updated', post });
      if (!session.handle(e)) toasts.error(e, on ? 'Could not react' : 'Could not take the reaction back');
    } finally {
      this.reacting.delete(key);
    }
  }

  /** Changes one of this account's posts (its text and title); earlier versions stay in its history. */
  async edit(post: Post, text: string, title: string | null): Promise<Post> {
    try {
      const input: Methods['social.edit']['input'] = { id: post.id, text };
      if (title !== null) input.title = title;
      const edited = await call('social.edit', input);
      announce({ type: 'updated', post: edited });
      return edited;
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  /** Every version of a post, the original first. */
  async history(id: string): Promise<PostVersion[]> {
    try {
      return (await call('social.history', { id })).versions;
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }

  /** Deletes one of this account's posts here and asks every node that holds it to do the same. */
  async remove(post: Post, reason?: string): Promise<void> {
    try {
      const input: Methods['social.delete']['input'] = { id: post.id };
      if (reason?.trim()) input.reason = reason.trim();
      await call('social.delete', input);
      announce({ type: 'deleted', id: post.id });
    } catch (e) {
      session.handle(e);
      throw e;
    }
  }
}

export const social = new Social();
