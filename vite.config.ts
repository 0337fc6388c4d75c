import { vitePlugin as remix } from '@remix-run/dev'
import tailwindcss from '@tailwindcss/vite'
import path from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'
import { havenRoutes } from './app/route-files.ts'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

// twilio-video's only string evaluation (its noise-cancellation loader, twilio-video.js#1885)
// runs when the SDK loads and Haven's CSP refuses it: that module is swapped for one that
// loads nothing, in the build (Rollup) and in the dev server's dependency bundling (esbuild).
const TWILIO_DYNAMIC_IMPORT = path.resolve('app/components/video/twilio-dynamic-import.cjs')
const isTwilioDynamicImport = (source: string, importer: string | undefined) =>
  /^\.\/util\/dynamicimport(\.js)?$/.test(source) &&
  /[\\/]node_modules[\\/]twilio-video[\\/]/.test(importer ?? '')

function twilioVideoWithoutEval(): Plugin {
  return {
    name: 'haven:twilio-video-without-eval',
    enforce: 'pre',
    resolveId: (source, importer) => (isTwilioDynamicImport(source, importer) ? TWILIO_DYNAMIC_IMPORT : null),
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
    optimizeDeps: {
      esbuildOptions: {
        plugins: [
          {
            name: 'haven:twilio-video-without-eval',
            setup(build) {
              build.onResolve({ filter: /^\.\/util\/dynamicimport(\.js)?$/ }, ({ path: source, importer }) =>
                isTwilioDynamicImport(source, importer) ? { path: TWILIO_DYNAMIC_IMPORT } : undefined,
              )
            },
          },
        ],
      },
    },
    plugins: [
      twilioVideoWithoutEval(),
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
