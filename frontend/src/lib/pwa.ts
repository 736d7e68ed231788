/**
 * Registers the service worker (public/sw.js) that keeps the app shell for offline use.
 * Only for the HTTP gateway (the desktop window has its files locally), only in a built
 * app, and only where service workers are allowed (a secure context; localhost counts).
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD) return;
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((e: unknown) => {
      console.warn('the offline cache is not available:', e);
    });
  });
}
