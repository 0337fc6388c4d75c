// Runs `prisma generate` offline: the CLI insists on a schema engine binary it would
// otherwise download, so it is pointed at a stub that only answers `--version`.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const prismaBin = path.join(root, 'node_modules', '.bin', 'prisma')
if (!existsSync(prismaBin)) {
  console.log('prisma-generate: prisma CLI not installed yet, skipping')
  process.exit(0)
}
const result = spawnSync(prismaBin, ['generate'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, 'scripts', 'prisma-engine-stub.mjs'),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
})
process.exit(result.status ?? 1)
