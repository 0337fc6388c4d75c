// Measures how long `npm run dev` takes to serve its first page: cold (no database folder,
// no Vite cache) and warm (everything in place), and optionally how long `npm test` takes.
// Runs beside a normal dev server: its own Postgres folder and port, and web port 3300.
//   npm run bench:startup              cold + warm dev start
//   npm run bench:startup -- --test    also time a full `npm test`
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const WEB_PORT = 3300
const env = {
  ...process.env,
  PORT: String(WEB_PORT),
  HAVEN_DEV_PG_NAME: 'bench',
  HAVEN_DEV_PG_PORT: '5436',
  HAVEN_OUTBOX_DIR: path.join(os.tmpdir(), 'haven-outbox', 'bench'),
  LOG_LEVEL: 'warn',
}

async function firstPage(started: number, child: ChildProcess) {
  const deadline = started + 180_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited with ${child.exitCode}`)
    try {
      const response = await fetch(`http://localhost:${WEB_PORT}/`)
      if (response.ok && (await response.text()).includes('Haven')) return Date.now() - started
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('no page within 180 s')
}

/** Stops the whole process group (npm, the dev runner, web, worker), as Ctrl-C would. */
async function stop(child: ChildProcess) {
  if (child.exitCode !== null || !child.pid) return
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    process.kill(-child.pid!, 'SIGINT')
  })
  // Web and database must be down before the next start is timed, or it would reuse them.
  for (const port of [WEB_PORT, Number(env.HAVEN_DEV_PG_PORT)]) {
    if (!(await portClosed(port))) throw new Error(`port ${port} is still open after stopping npm run dev`)
  }
}

async function portClosed(port: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (!open) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

async function timeDevStart(label: string) {
  const started = Date.now()
  const child = spawn('npm', ['run', 'dev', '--silent'], { env, stdio: 'ignore', detached: true })
  try {
    const ms = await firstPage(started, child)
    console.log(`${label}: first page after ${(ms / 1000).toFixed(1)} s`)
    return ms
  } finally {
    await stop(child)
  }
}

async function timeCommand(label: string, command: string, args: string[]) {
  const started = Date.now()
  const code = await new Promise<number | null>((resolve) => {
    spawn(command, args, { stdio: 'inherit' }).once('exit', resolve)
  })
  const ms = Date.now() - started
  console.log(`${label}: ${(ms / 1000).toFixed(1)} s (exit ${code})`)
  return ms
}

fs.rmSync(path.join(os.tmpdir(), 'haven-pg', 'bench'), { recursive: true, force: true })
fs.rmSync(path.join('node_modules', '.vite'), { recursive: true, force: true })
await timeDevStart('cold start (new database, no Vite cache)')
await timeDevStart('warm restart')
if (process.argv.includes('--test')) await timeCommand('npm test', 'npm', ['test'])
