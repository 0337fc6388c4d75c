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

/**
 * One email the Resend stand-in accepted, or one SMS the Twilio stand-in accepted, stored as
 * `<id>.json` in the outbox folder. An SMS has its number in `to`, the Messaging Service in
 * `from`, its text in `text`, and no subject or HTML.
 */
export type OutboxMessage = {
  id: string
  /** Files written before SMS existed have none: they are emails. */
  channel: 'email' | 'sms'
  to: string[]
  from: string
  subject: string
  html: string
  /** An SMS's text; for an email, empty when it was sent without a plain-text version. */
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
  message: Omit<OutboxMessage, 'id' | 'channel' | 'createdAt'> & {
    /** The vendor's id for it (an SMS's SM… SID); a new UUID when not given. */
    id?: string
    channel?: OutboxMessage['channel']
  },
): Promise<OutboxMessage> {
  const dir = outboxDir()
  await fs.mkdir(dir, { recursive: true })
  const {
    id = randomUUID(),
    channel = 'email',
    to,
    from,
    subject,
    html,
    text,
    idempotencyKey,
    attachments,
    headers,
  } = message
  if (!idPattern.test(id)) throw new Error(`not an outbox id: ${id}`)
  const record: OutboxMessage = {
    id,
    channel,
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
    const stored = JSON.parse(await fs.readFile(file, 'utf8')) as Omit<OutboxMessage, 'channel'> &
      Partial<Pick<OutboxMessage, 'channel'>>
    return { ...stored, channel: stored.channel ?? 'email' }
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

/** The bare address of "Name <addr@example.com>" or "addr@example.com", lower-cased; a number as is. */
function bareAddress(recipient: string) {
  const angled = /<([^<>]+)>\s*$/.exec(recipient)
  return (angled?.[1] ?? recipient).trim().toLowerCase()
}

/** Who may be asked for: one address or number, or several (a person's email and mobile). */
type Recipients = string | readonly string[]

function isAddressedTo(message: OutboxMessage, to: Recipients | undefined) {
  if (to === undefined) return true
  const wanted = new Set((typeof to === 'string' ? [to] : to).map(bareAddress))
  return message.to.some((recipient) => wanted.has(bareAddress(recipient)))
}

/** Recorded emails and SMS, newest first; `to` keeps those addressed to that recipient (or those). */
export async function listOutbox({ to }: { to?: Recipients } = {}): Promise<OutboxMessage[]> {
  const dir = outboxDir()
  const files = await messageFiles(dir)
  const messages = (await Promise.all(files.map((name) => readMessage(path.join(dir, name))))).filter(
    (message): message is OutboxMessage => message !== null,
  )
  return messages
    .filter((message) => isAddressedTo(message, to))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

/** One recorded email or SMS; with `to`, only if it was addressed to that recipient (or one of those). */
export async function getOutboxMessage(
  id: string,
  { to }: { to?: Recipients } = {},
): Promise<OutboxMessage | null> {
  if (!idPattern.test(id)) return null
  const message = await readMessage(path.join(outboxDir(), `${id}.json`))
  return message && isAddressedTo(message, to) ? message : null
}

/** Deletes the recorded emails and SMS (only files this outbox wrote, never the folder itself). */
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
