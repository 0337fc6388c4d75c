import { vitePlugin as remix } from '@remix-run/dev'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

// The Remix Vite plugin replaces remix.config.js (docs/decisions/004-vite-config-instead-of-remix-config.md).
export default defineConfig({
  server: { port: 3000 },
  build: { target: 'es2022', cssMinify: true },
  plugins: [
    tailwindcss(),
    remix({
      serverModuleFormat: 'esm',
      ignoredRouteFiles: ['**/*.test.{ts,tsx}', '**/.*'],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
  ],
})
