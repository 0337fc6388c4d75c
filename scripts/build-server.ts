// Bundles the Node entry points next to Remix's build: build/app/{server,worker,migrate}.js,
// and the stand-ins apart (build/app/standins.js), which the production image leaves out.
import { build } from 'esbuild'

await build({
  entryPoints: {
    server: 'server.ts',
    worker: 'jobs/worker.ts',
    migrate: 'scripts/db/migrate-cli.ts',
    standins: 'tests/mocks/index.ts',
  },
  outdir: 'build/app',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
})
console.log('Bundled build/app/{server,worker,migrate,standins}.js')
