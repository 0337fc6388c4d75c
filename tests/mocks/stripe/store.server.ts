import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/**
 * Where the Stripe stand-in keeps its state: JSON files, so the web and worker processes (and
 * each copy of these modules the bundlers make) share one Stripe. No msw in the state modules:
 * the dev pages import them, and msw is not installed in production (handlers.ts is the HTTP side).
 */

const namePattern = /^[A-Za-z0-9._-]{1,64}$/
// Ids arrive in URLs: only this shape may become a file name.
const idPattern = /^[A-Za-z0-9_]{1,128}$/

/** Read on every call, so a test can give itself a folder with HAVEN_STRIPE_DIR=<name>. */
export function stripeStandInDir() {
  const name = process.env.HAVEN_STRIPE_DIR || 'dev'
  if (!namePattern.test(name) || name === '.' || name === '..') {
    throw new Error('HAVEN_STRIPE_DIR must be a folder name (letters, digits, . _ -), not a path')
  }
  return path.join(os.tmpdir(), 'haven-stripe', name)
}

const kinds = ['sessions', 'payments', 'refunds', 'disputes', 'events', 'idempotency'] as const
type Kind = (typeof kinds)[number]

export class Store {
  constructor(readonly dir: string) {}

  file(kind: Kind, id: string) {
    return path.join(this.dir, kind, `${id}.json`)
  }

  async read<T>(kind: Kind, id: string): Promise<T | null> {
    if (!idPattern.test(id)) return null
    return readJson<T>(this.file(kind, id))
  }

  async write(kind: Kind, id: string, value: unknown) {
    await writeJson(this.file(kind, id), value)
  }

  async list<T>(kind: Kind): Promise<T[]> {
    const folder = path.join(this.dir, kind)
    let names: string[]
    try {
      names = await fs.readdir(folder)
    } catch (error) {
      if (isMissing(error)) return []
      throw error
    }
    const values: Array<T | null> = await Promise.all(
      names
        .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
        .map((name) => readJson<T>(path.join(folder, name))),
    )
    return values.filter((value) => value !== null)
  }

  async nextSequence() {
    const file = path.join(this.dir, 'sequence.json')
    const next = ((await readJson<number>(file)) ?? 0) + 1
    await writeJson(file, next)
    return next
  }

  /**
   * One writer at a time across processes: a lock folder (mkdir is atomic). Nothing slow
   * happens inside it (webhooks are sent after it is released), so a lock older than a
   * few seconds was left by a process that died.
   */
  async locked<T>(work: () => Promise<T>): Promise<T> {
    await fs.mkdir(this.dir, { recursive: true })
    const lock = path.join(this.dir, '.lock')
    const giveUpAt = Date.now() + 10_000
    for (;;) {
      try {
        await fs.mkdir(lock)
        break
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error
        const since = await fs.stat(lock).then(
          (stat) => stat.mtimeMs,
          () => null,
        )
        if (since !== null && Date.now() - since > 5_000) {
          await fs.rm(lock, { recursive: true, force: true })
          continue
        }
        if (Date.now() > giveUpAt) throw new Error(`the Stripe stand-in's state stayed locked: ${lock}`)
        await sleep(3 + Math.random() * 7)
      }
    }
    try {
      return await work()
    } finally {
      await fs.rm(lock, { recursive: true, force: true })
    }
  }
}

export function currentStore() {
  return new Store(stripeStandInDir())
}

export async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T
  } catch (error) {
    if (isMissing(error)) return null
    throw error
  }
}

// Write then rename, so a reader in another process never sees half a file.
export async function writeJson(file: string, value: unknown) {
  await fs.mkdir(path.dirname(file), { recursive: true })
  const partial = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(4).toString('hex')}.partial`,
  )
  await fs.writeFile(partial, JSON.stringify(value, null, 2))
  await fs.rename(partial, file)
}

function isMissing(error: unknown) {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT'
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Forgets every session, payment, refund, event and saved idempotent reply, and the fault. */
export async function clearStripeStandIn(): Promise<void> {
  const store = currentStore()
  await store.locked(async () => {
    await Promise.all(
      kinds.map((kind) => fs.rm(path.join(store.dir, kind), { recursive: true, force: true })),
    )
    await fs.rm(path.join(store.dir, 'sequence.json'), { force: true })
    await fs.rm(path.join(store.dir, 'fault.json'), { force: true })
  })
}
