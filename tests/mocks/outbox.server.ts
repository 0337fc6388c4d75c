import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

type OutboxAttachment = {
  filename: string
  contentType: string
  /** Base64, as Resend received it. */
  content: string
}

/** One email the Resend stand-in accepted, stored as `<id>.json` in the outbox folder. */
type OutboxMessage = {
  id: string
  to: string[]
  from: string
  subject: string
  html: string
  /** Empty when the email was sent without a plain-text version. */
  text: string
  /** ISO 8601, UTC. */
  createdAt: string
  idempotencyKey: string | null
  /** Only when the email had any. */
  attachments?: OutboxAttachment[]
  /** Only when the email had any. */
  headers?: Record<string, string>
}

/** Read on every call, so a test can point HAVEN_OUTBOX_DIR at its own folder. */
export function outboxDir() {
  return process.env.HAVEN_OUTBOX_DIR || path.join(os.tmpdir(), 'haven-outbox', 'dev')
}

// Ids come from URLs on the dev pages: only this shape may become a file name.
const idPattern = /^[A-Za-z0-9-]{1,64}$/

let lastCreatedAtMs = 0

// Strictly increasing within a process, so "newest first" holds for sends in the same millisecond.
function nextCreatedAt() {
  lastCreatedAtMs = Math.max(Date.now(), lastCreatedAtMs + 1)
  return new Date(lastCreatedAtMs).toISOString()
}

export async function recordOutboxMessage(
  message: Omit<OutboxMessage, 'id' | 'createdAt'>,
): Promise<OutboxMessage> {
  const dir = outboxDir()
  await fs.mkdir(dir, { recursive: true })
  const { to, from, subject, html, text, idempotencyKey, attachments, headers } = message
  const record: OutboxMessage = {
    id: randomUUID(),
    to,
    from,
    subject,
    html,
    text,
    createdAt: nextCreatedAt(),
    idempotencyKey,
    ...(attachments ? { attachments } : {}),
    ...(headers ? { headers } : {}),
  }
  // Write then rename, so a reader never sees half a file.
  const partial = path.join(dir, `.${record.id}.json.partial`)
  await fs.writeFile(partial, JSON.stringify(record, null, 2))
  await fs.rename(partial, path.join(dir, `${record.id}.json`))
  return record
}

async function readMessage(file: string): Promise<OutboxMessage | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as OutboxMessage
  } catch (error) {
    if (isMissing(error)) return null
    throw error
  }
}

async function messageFiles(dir: string) {
  try {
    const names = await fs.readdir(dir)
    return names.filter((name) => name.endsWith('.json') && !name.startsWith('.'))
  } catch (error) {
    if (isMissing(error)) return []
    throw error
  }
}

function isMissing(error: unknown) {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT'
}

/** The bare address of "Name <addr@example.com>" or "addr@example.com", lower-cased. */
function bareAddress(recipient: string) {
  const angled = /<([^<>]+)>\s*$/.exec(recipient)
  return (angled?.[1] ?? recipient).trim().toLowerCase()
}

function isAddressedTo(message: OutboxMessage, to: string | undefined) {
  return to === undefined || message.to.some((recipient) => bareAddress(recipient) === bareAddress(to))
}

/** Recorded emails, newest first; `to` keeps those addressed to that recipient. */
export async function listOutbox({ to }: { to?: string } = {}): Promise<OutboxMessage[]> {
  const dir = outboxDir()
  const files = await messageFiles(dir)
  const messages = (await Promise.all(files.map((name) => readMessage(path.join(dir, name))))).filter(
    (message): message is OutboxMessage => message !== null,
  )
  return messages
    .filter((message) => isAddressedTo(message, to))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

/** One recorded email; with `to`, only if it was addressed to that recipient. */
export async function getOutboxMessage(
  id: string,
  { to }: { to?: string } = {},
): Promise<OutboxMessage | null> {
  if (!idPattern.test(id)) return null
  const message = await readMessage(path.join(outboxDir(), `${id}.json`))
  return message && isAddressedTo(message, to) ? message : null
}

/** Deletes the recorded emails (only files this outbox wrote, never the folder itself). */
export async function clearOutbox(): Promise<void> {
  const dir = outboxDir()
  const files = await messageFiles(dir)
  await Promise.all(files.map((name) => fs.rm(path.join(dir, name), { force: true })))
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** Every distinct href in an email's HTML, in order of appearance. */
export function extractLinks(html: string): string[] {
  const links = [...html.matchAll(/\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map((match) =>
    (match[1] ?? match[2] ?? '').replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
      if (body.startsWith('#x') || body.startsWith('#X'))
        return String.fromCodePoint(parseInt(body.slice(2), 16))
      if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10))
      return entities[body.toLowerCase()] ?? entity
    }),
  )
  return [...new Set(links.filter((link) => link !== ''))]
}
