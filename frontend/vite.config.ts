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
    proxy: process.env.SUPERNET_GATEWAY
      ? {
          '/api': { target: process.env.SUPERNET_GATEWAY, ws: true, changeOrigin: true },
          // Files (images, playback with range requests, downloads).
          '/blobs': { target: process.env.SUPERNET_GATEWAY, changeOrigin: true },
        }
      : undefined,
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    restoreMocks: true,
  },
});
