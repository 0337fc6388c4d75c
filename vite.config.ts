import { vitePlugin as remix } from '@remix-run/dev'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'
import { havenRoutes } from './app/route-files.ts'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

// The Remix Vite plugin replaces remix.config.js (docs/decisions/004-vite-config-instead-of-remix-config.md).
// The dev pages (app/routes/dev+/) exist only in the dev server and the test build
// (HAVEN_BUILD=test, written to build-test/): a production build has none
// (docs/decisions/011-dev-pages-only-in-dev-builds.md).
export default defineConfig(({ command }) => {
  const testBuild = process.env.HAVEN_BUILD === 'test'
  const devPages = command === 'serve' || testBuild
  return {
    server: { port: 3000 },
    // The loopback video port (a stand-in) is imported only behind this; false drops it from the bundle.
    define: { __HAVEN_STANDIN_VIDEO__: JSON.stringify(devPages) },
    build: { target: 'es2022', cssMinify: true },
    plugins: [
      tailwindcss(),
      remix({
        serverModuleFormat: 'esm',
        buildDirectory: testBuild ? 'build-test' : 'build',
        // Routes live in area folders (app/route-files.ts); Remix's own file convention is off.
        ignoredRouteFiles: ['**/*'],
        routes: (defineRoutes) => havenRoutes(defineRoutes, { devPages }),
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
  }
})
