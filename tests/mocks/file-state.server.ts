import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/**
 * State kept in JSON files, for stand-ins whose web and worker processes (and each copy of
 * their modules the bundlers make) must share one vendor. No msw here: the dev pages import
 * the state modules, and msw is not installed in production.
 */

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

/** Every JSON file in `folder` (none when it does not exist). */
export async function readJsonFiles<T>(folder: string): Promise<T[]> {
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

export function isMissing(error: unknown) {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT'
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * One writer at a time across processes: a lock folder in `dir` (mkdir is atomic). Nothing slow
 * may happen inside it (webhooks are sent after it is released), so a lock older than a few
 * seconds was left by a process that died.
 */
export async function withFolderLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  await fs.mkdir(dir, { recursive: true })
  const lock = path.join(dir, '.lock')
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
      if (Date.now() > giveUpAt) throw new Error(`a stand-in's state stayed locked: ${lock}`)
      await sleep(3 + Math.random() * 7)
    }
  }
  try {
    return await work()
  } finally {
    await fs.rm(lock, { recursive: true, force: true })
  }
}

const folderName = /^[A-Za-z0-9._-]{1,64}$/

/**
 * A stand-in's state folder: os.tmpdir()/<vendor>/<the variable's value, or 'dev'>. Read on every
 * call, so a test (or an e2e run) can give itself a folder by setting the variable.
 */
export function standInStateDir(variable: string, vendor: string) {
  const name = process.env[variable] || 'dev'
  if (!folderName.test(name) || name === '.' || name === '..') {
    throw new Error(`${variable} must be a folder name (letters, digits, . _ -), not a path`)
  }
  return path.join(os.tmpdir(), vendor, name)
}
