import { call, type Post } from '../api/client';
import { PAGE_SIZE, PostPages } from './posts.svelte';
import { social } from './social.svelte';
import type { AttachmentInput } from './uploads.svelte';

export { PAGE_SIZE };

/**
 * The home timeline: this account's posts and those of the accounts it follows (top-level
 * posts, newest first), the pages loaded so far, and live updates.
 */
export class FeedStore extends PostPages {
  constructor() {
    super((before, limit) => call('social.timeline', before ? { limit, before } : { limit }), {
      accepts: (post) => !post.reply_to,
    });
  }

  /**
   * Publishes a post (with files already uploaded); it appears at once. Throws the API
   * error for the composer.
   */
  async publish(text: string, title: string | null, attachments: readonly AttachmentInput[] = []): Promise<Post> {
    return social.publish({ text, title, attachments });
  }
}

export const feed = new FeedStore();
