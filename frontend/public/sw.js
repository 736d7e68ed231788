// Supernet's service worker: keeps the app shell (index.html and the built files it
// loads) so the UI opens offline. It never touches the API, sign-in links or public
// pages: those always go to the node.
//
// The build stamps BUILD and SHELL (see vite.config.ts), so each build has its own cache
// and replaces the previous one.

const BUILD = '__SUPERNET_BUILD__';
const SHELL = ['/index.html'] /* __SUPERNET_SHELL__ */;
const CACHE = `supernet-shell-${BUILD}`;
const CACHE_PREFIX = 'supernet-shell-';

/** Paths that always go to the network, untouched. */
const NEVER = [/^\/api(\/|$)/, /^\/login(\/|$|\?)/, /^\/@/, /^\/auth(\/|$)/, /^\/sw\.js$/];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((path) => new Request(path, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(CACHE_PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (NEVER.some((pattern) => pattern.test(url.pathname))) return;

  // Pages: the network first (a new build shows at once), the cached shell offline.
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(() =>
        caches.match('/index.html', { cacheName: CACHE }).then((cached) => cached || Response.error()),
      ),
    );
    return;
  }

  // The shell's files: named by content hash, so a cached copy is always right.
  if (SHELL.includes(url.pathname)) {
    event.respondWith(
      caches.match(request, { cacheName: CACHE }).then((cached) => cached || fetch(request)),
    );
  }
  // Anything else (icons, the manifest): the network, as usual.
});
