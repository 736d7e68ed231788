import { afterEach } from 'vitest';
import { feed } from '../src/lib/stores/feed.svelte';
import { moderation } from '../src/lib/stores/moderation.svelte';
import { notifications } from '../src/lib/stores/notifications.svelte';
import { profiles } from '../src/lib/stores/profiles.svelte';
import { search } from '../src/lib/stores/search.svelte';
import { session } from '../src/lib/stores/session.svelte';
import { toasts } from '../src/lib/stores/toasts.svelte';
import { transfers } from '../src/lib/stores/transfers.svelte';
import { draftFiles, sentFiles } from '../src/lib/stores/uploads.svelte';

// Tests of Node scripts run without a DOM (`@vitest-environment node`).
if (typeof window !== 'undefined') {
  // jsdom does not scroll; the timeline's scroll keeping only needs the calls to exist.
  window.scrollTo = () => {};
  window.scrollBy = () => {};
  Element.prototype.scrollIntoView ??= () => {};
  // jsdom has no CSS.escape; views that go to an element by id only need ids escaped.
  if (!globalThis.CSS?.escape) {
    Object.defineProperty(globalThis, 'CSS', {
      configurable: true,
      value: { ...globalThis.CSS, escape: (s: string) => s.replace(/[^\w-]/g, (c) => `\\${c}`) },
    });
  }

  afterEach(() => {
    feed.stop();
    transfers.stop();
    notifications.stop();
    profiles.stop();
    moderation.reset();
    search.clear();
    draftFiles.clear();
    sentFiles.clear();
    session.reset();
    toasts.clear();
    localStorage.clear();
    delete document.documentElement.dataset.theme;
    location.hash = '';
  });
}
