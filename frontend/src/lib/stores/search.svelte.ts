import { call } from '../api/client';
import { PostPages } from './posts.svelte';

/** How long typing pauses before the search runs. */
export const SEARCH_DELAY_MS = 300;

/**
 * The feed's search: what is typed, and the results of what was typed last (debounced),
 * newest first, a page at a time. Kept while the app is open, so going back from a result
 * finds the results where they were.
 */
class SearchStore {
  /** What is in the box. */
  query = $state('');
  /** What the results are for (trimmed; empty: no search). */
  active = $state('');
  readonly results = new PostPages((before, limit) => this.read(before, limit), {
    // Results stay as they were found; reactions and edits still show.
    accepts: () => false,
    refreshOn: () => false,
    what: 'Could not load more results',
  });
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** Takes what was typed; the search runs once typing pauses. */
  type(query: string): void {
    this.query = query;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, SEARCH_DELAY_MS);
  }

  /** Runs the search for what is typed now (Enter). */
  run(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const next = this.query.trim();
    if (next === this.active) return;
    this.active = next;
    if (next) this.results.restart((before, limit) => this.read(before, limit));
    else this.results.stop();
  }

  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.query = '';
    this.active = '';
    this.results.stop();
  }

  private read(before: string | null, limit: number) {
    const query = this.active;
    return call('social.search', before ? { query, limit, before } : { query, limit });
  }
}

export const search = new SearchStore();
