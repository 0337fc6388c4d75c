// Bundles the Node entry points next to Remix's build:
// <dir>/app/{server,worker,migrate,rotate-record-key}.js.
// The production build (build/) swaps the stand-in loader for one that refuses to start, so it
// holds no stand-in code; the test build (HAVEN_BUILD=test, build-test/) bundles the stand-ins
// (docs/decisions/011-dev-pages-only-in-dev-builds.md).
import path from 'node:path'
import { build, type Plugin } from 'esbuild'

const testBuild = process.env.HAVEN_BUILD === 'test'
const outdir = testBuild ? 'build-test/app' : 'build/app'

const withoutStandIns: Plugin = {
  name: 'without-standins',
  setup(bundler) {
    bundler.onResolve({ filter: /\/standins-loader\.server\.ts$/ }, () => ({
      path: path.resolve('app/utils/no-standins.server.ts'),
    }))
  },
}

await build({
  entryPoints: {
    server: 'server.ts',
    worker: 'jobs/worker.ts',
    migrate: 'scripts/db/migrate-cli.ts',
    'rotate-record-key': 'scripts/rotate-record-key.ts',
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  plugins: testBuild ? [] : [withoutStandIns],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
})
console.log(
  `Bundled ${outdir}/{server,worker,migrate,rotate-record-key}.js${testBuild ? ' with the stand-ins' : ''}`,
)
