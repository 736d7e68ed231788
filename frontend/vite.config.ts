import type { ProxyOptions } from 'vite';
import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Stamps the built `sw.js` (copied from `public/`) with this build's id and the list of
 * files that make up the app shell, so every build gets its own cache and a new build
 * replaces the old service worker.
 */
function serviceWorkerStamp(): Plugin {
  let outDir = 'dist';
  return {
    name: 'supernet-service-worker-stamp',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      const path = join(outDir, 'sw.js');
      if (!existsSync(path)) this.error('public/sw.js was not copied to the build');
      const files = Object.keys(bundle)
        .filter((name) => !name.endsWith('.map'))
        .sort();
      const hash = createHash('sha256');
      for (const name of files) {
        const item = bundle[name];
        hash.update(name);
        hash.update(item.type === 'chunk' ? item.code : item.source);
      }
      const build = hash.digest('hex').slice(0, 16);
      const shell = ['/index.html', ...files.filter((f) => f.startsWith('assets/')).map((f) => `/${f}`)];
      const source = readFileSync(path, 'utf8');
      const buildMarker = "'__SUPERNET_BUILD__'";
      const shellMarker = "['/index.html'] /* __SUPERNET_SHELL__ */";
      if (!source.includes(buildMarker) || !source.includes(shellMarker)) {
        this.error('public/sw.js lacks the build markers');
      }
      writeFileSync(
        path,
        source.replace(buildMarker, JSON.stringify(build)).replace(shellMarker, JSON.stringify(shell)),
      );
    },
  };
}

/** The gateway's Content-Security-Policy (crates/node/src/gateway/web.rs), for `vite preview`. */
const GATEWAY_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Sends `/api` (with the notices' WebSocket) and `/blobs` to a running `supernet serve`.
 * The gateway refuses cookie-carrying requests from another origin, so each proxied
 * request says it comes from the gateway's own (the session cookie is the host's, whatever
 * the port: sign in through the node's link, then open this server on the same host).
 */
function gatewayProxy(target: string | undefined): Record<string, ProxyOptions> | undefined {
  if (!target) return undefined;
  const origin = new URL(target).origin;
  const configure: ProxyOptions['configure'] = (proxy) => {
    proxy.on('proxyReq', (req) => req.setHeader('origin', origin));
    proxy.on('proxyReqWs', (req) => req.setHeader('origin', origin));
  };
  return {
    '/api': { target, ws: true, changeOrigin: true, configure },
    // Files (images, playback with range requests, downloads).
    '/blobs': { target, changeOrigin: true, configure },
  };
}

export default defineConfig({
  plugins: [svelte(), svelteTesting(), serviceWorkerStamp()],
  // Tauri serves the build from its own origin; relative paths are not needed, "/" works
  // for both the gateway and the desktop window.
  base: '/',
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Nothing inlined as data: URLs, no inline polyfill: the CSP is `default-src 'self'`.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    port: 5173,
    strictPort: true,
    // In development the API and files live on a running `supernet serve`; point at it with
    // SUPERNET_GATEWAY=http://127.0.0.1:PORT (sign in through its link on that origin
    // first, or use the Tauri window).
    proxy: gatewayProxy(process.env.SUPERNET_GATEWAY),
  },
  // `vite preview` (the built app) goes through the same proxy, under the gateway's policy.
  preview: {
    port: 4173,
    strictPort: true,
    proxy: gatewayProxy(process.env.SUPERNET_GATEWAY),
    headers: { 'Content-Security-Policy': GATEWAY_CSP },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    restoreMocks: true,
  },
});
