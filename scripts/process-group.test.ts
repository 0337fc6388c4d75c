import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'

let dir: string

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// Ctrl-C in a terminal sends SIGINT to the whole process group, and tsx relays it to its child
// once more. `npm run dev` must still get to onExit (which stops the embedded PostgreSQL).
test('a second SIGINT while the processes are stopping still lets the clean-up run', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-process-group-'))
  const marker = path.join(dir, 'cleaned-up')
  // A child that takes a moment to stop, as the web and worker processes do.
  const child = path.join(dir, 'child.mjs')
  fs.writeFileSync(
    child,
    "process.on('SIGTERM', () => setTimeout(() => process.exit(0), 400)); process.on('SIGINT', () => {}); setInterval(() => {}, 1000); console.log('ready')",
  )
  const runner = path.join(dir, 'runner.ts')
  fs.writeFileSync(
    runner,
    `import fs from 'node:fs'
import { nodeProcess, runTogether } from ${JSON.stringify(path.resolve('scripts/process-group.ts'))}
runTogether([nodeProcess('child', ${JSON.stringify(child)})], process.env, async () => {
  fs.writeFileSync(${JSON.stringify(marker)}, 'done')
  process.exit(0)
})`,
  )
  const group = spawn(path.resolve('node_modules/.bin/tsx'), [runner], { detached: true, stdio: 'pipe' })
  await new Promise<void>((resolve) =>
    group.stdout!.on('data', (chunk) => String(chunk).includes('ready') && resolve()),
  )
  const exited = new Promise<number | null>((resolve) => group.once('exit', (code) => resolve(code)))

  process.kill(-group.pid!, 'SIGINT')
  await sleep(100)
  process.kill(-group.pid!, 'SIGINT')

  expect(await exited).toBe(0)
  expect(fs.readFileSync(marker, 'utf8')).toBe('done')
})
