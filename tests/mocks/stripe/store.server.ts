import fs from 'node:fs/promises'
import path from 'node:path'
import { readJson, readJsonFiles, standInStateDir, withFolderLock, writeJson } from '../file-state.server.ts'

/**
 * Where the Stripe stand-in keeps its state: JSON files (../file-state.server.ts), so the web and
 * worker processes share one Stripe (handlers.ts is the HTTP side).
 */

// Ids arrive in URLs: only this shape may become a file name.
const idPattern = /^[A-Za-z0-9_]{1,128}$/

/** Read on every call, so a test can give itself a folder with HAVEN_STRIPE_DIR=<name>. */
export function stripeStandInDir() {
  return standInStateDir('HAVEN_STRIPE_DIR', 'haven-stripe')
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
    return readJsonFiles<T>(path.join(this.dir, kind))
  }

  async nextSequence() {
    const file = path.join(this.dir, 'sequence.json')
    const next = ((await readJson<number>(file)) ?? 0) + 1
    await writeJson(file, next)
    return next
  }

  /** One writer at a time across processes (webhooks are sent after it is released). */
  locked<T>(work: () => Promise<T>): Promise<T> {
    return withFolderLock(this.dir, work)
  }
}

export function currentStore() {
  return new Store(stripeStandInDir())
}

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
