import fs from 'node:fs/promises'
import { createServer } from 'node:http'
import { type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startStandIns } from '../../../tests/mocks/index.ts'
import { clearOutbox, getOutboxMessage, listOutbox } from '../../../tests/mocks/outbox.server.ts'
import { readEmailConfig, sendEmail, type EmailConfig, type OutgoingEmail } from './email.server.ts'

// The real adapter and the real Resend SDK, answered by the Resend stand-in through msw.

const config: EmailConfig = {
  apiKey: 're_test_key',
  from: 'Haven Psychology <no-reply@haven.test>',
  timeoutMs: 5_000,
}

const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  to: 'patient@example.com',
  subject: 'Reset your Haven Psychology password',
  html: '<p>Choose a new password: <a href="https://haven.test/reset?token=t1">reset</a></p>',
  text: 'Choose a new password: https://haven.test/reset?token=t1',
  idempotencyKey: 'message-1',
  ...overrides,
})

let outboxDir: string
let stopStandIns: () => void
const savedOutboxDir = process.env.HAVEN_OUTBOX_DIR

beforeAll(async () => {
  outboxDir = await fs.mkdtemp(path.join(os.tmpdir(), 'haven-outbox-test-'))
  process.env.HAVEN_OUTBOX_DIR = outboxDir
  delete process.env.RESEND_BASE_URL
  stopStandIns = startStandIns()
})

afterAll(async () => {
  stopStandIns()
  if (savedOutboxDir === undefined) delete process.env.HAVEN_OUTBOX_DIR
  else process.env.HAVEN_OUTBOX_DIR = savedOutboxDir
  await fs.rm(outboxDir, { recursive: true, force: true })
})

beforeEach(async () => {
  await clearOutbox()
})

describe('sendEmail', () => {
  it('sends through Resend and returns its id; the stand-in records the email', async () => {
    const result = await sendEmail(email(), config)

    expect(result).toEqual({ ok: true, providerId: expect.any(String) })
    if (!result.ok) return
    const recorded = await getOutboxMessage(result.providerId)
    expect(recorded).toEqual({
      id: result.providerId,
      channel: 'email',
      to: ['patient@example.com'],
      from: 'Haven Psychology <no-reply@haven.test>',
      subject: 'Reset your Haven Psychology password',
      html: email().html,
      text: email().text,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      idempotencyKey: 'message-1',
    })
    expect(await listOutbox({ to: 'Patient@Example.com' })).toHaveLength(1)
    expect(await listOutbox({ to: 'someone-else@example.com' })).toHaveLength(0)
  })

  it('sends once per idempotency key, so a retry after a lost reply is not a second email', async () => {
    const first = await sendEmail(email(), config)
    const retry = await sendEmail(email(), config)

    expect(retry).toEqual(first)
    expect(await listOutbox()).toHaveLength(1)
  })

  it('lists the outbox newest first', async () => {
    await sendEmail(email({ subject: 'first', idempotencyKey: 'a' }), config)
    await sendEmail(email({ subject: 'second', idempotencyKey: 'b' }), config)

    expect((await listOutbox()).map((message) => message.subject)).toEqual(['second', 'first'])
  })

  it('treats a 500 as retryable and never puts the address in the error', async () => {
    const result = await sendEmail(email({ to: 'pat+fail-500@example.com' }), config)

    expect(result).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/500/) })
    expect(JSON.stringify(result)).not.toContain('pat+fail-500@example.com')
    expect(await listOutbox()).toHaveLength(0)
  })

  it('treats a 429 as retryable and passes on Retry-After', async () => {
    const result = await sendEmail(email({ to: 'pat+fail-429@example.com' }), config)

    expect(result).toEqual({
      ok: false,
      retryable: true,
      error: expect.stringMatching(/^rate_limit_exceeded \(429\)/),
      retryAfterSeconds: 1,
    })
  })

  it('treats a 422 validation error as permanent', async () => {
    const result = await sendEmail(email({ to: 'pat+fail-400@example.com' }), config)

    expect(result).toEqual({
      ok: false,
      retryable: false,
      error: expect.stringMatching(/^validation_error \(422\)/),
    })
  })

  it('treats a timeout as retryable', async () => {
    const result = await sendEmail(email({ to: 'pat+fail-timeout@example.com' }), {
      ...config,
      timeoutMs: 200,
    })

    expect(result).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/no response/) })
  })

  it('passes attachments and headers to Resend; the stand-in records them', async () => {
    // Non-ASCII text checks the file goes out as UTF-8 and comes back whole.
    const calendar = 'BEGIN:VCALENDAR\r\nSUMMARY:Session with Dr Zoë Ng\r\nEND:VCALENDAR\r\n'
    const result = await sendEmail(
      email({
        attachments: [
          { filename: 'haven-session.ics', content: calendar, contentType: 'text/calendar; method=REQUEST' },
        ],
        headers: {
          'List-Unsubscribe': '<https://haven.test/unsubscribe/tok_1>',
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      }),
      config,
    )

    expect(result).toEqual({ ok: true, providerId: expect.any(String) })
    if (!result.ok) return
    const recorded = await getOutboxMessage(result.providerId)
    expect(recorded?.attachments).toEqual([
      {
        filename: 'haven-session.ics',
        contentType: 'text/calendar; method=REQUEST',
        content: Buffer.from(calendar, 'utf8').toString('base64'),
      },
    ])
    expect(Buffer.from(recorded!.attachments![0]!.content, 'base64').toString('utf8')).toBe(calendar)
    expect(recorded?.headers).toEqual({
      'List-Unsubscribe': '<https://haven.test/unsubscribe/tok_1>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    })
  })

  it('refuses a second email under the same key with other attachments', async () => {
    const ics = (summary: string) => [
      { filename: 'haven-session.ics', content: `SUMMARY:${summary}`, contentType: 'text/calendar' },
    ]
    const first = await sendEmail(email({ attachments: ics('first') }), config)
    const retry = await sendEmail(email({ attachments: ics('first') }), config)
    const changed = await sendEmail(email({ attachments: ics('second') }), config)

    expect(retry).toEqual(first)
    expect(changed).toEqual({
      ok: false,
      retryable: false,
      error: expect.stringMatching(/^invalid_idempotent_request \(409\)/),
    })
    expect(await listOutbox()).toHaveLength(1)
  })

  it('gets a permanent validation error for an attachment Resend would refuse', async () => {
    const result = await sendEmail(
      email({ attachments: [{ filename: '', content: 'BEGIN:VCALENDAR', contentType: 'text/calendar' }] }),
      config,
    )

    expect(result).toEqual({
      ok: false,
      retryable: false,
      error: 'validation_error (422): Invalid or missing `attachments.0.filename` field.',
    })
    expect(await listOutbox()).toHaveLength(0)
  })

  it('fails permanently without an API key', async () => {
    const result = await sendEmail(email(), { ...config, apiKey: undefined })

    expect(result).toEqual({ ok: false, retryable: false, error: 'RESEND_API_KEY is not set' })
    expect(await listOutbox()).toHaveLength(0)
  })
})

describe('the Resend stand-in', () => {
  const post = (body: object) =>
    fetch('https://api.resend.com/emails', {
      method: 'POST',
      headers: { authorization: 'Bearer re_test_key', 'content-type': 'application/json' },
      body: JSON.stringify({
        from: 'Haven <no-reply@haven.test>',
        to: 'patient@example.com',
        subject: 'Your session',
        html: '<p>Hi</p>',
        ...body,
      }),
    })

  it.each([
    [
      'content that is not base64',
      { attachments: [{ filename: 'a.ics', content: 'not base64!' }] },
      'attachments.0.content',
    ],
    ['no content', { attachments: [{ filename: 'a.ics' }] }, 'attachments.0.content'],
    [
      'a malformed content type',
      { attachments: [{ filename: 'a.ics', content: 'QQ==', content_type: 'calendar' }] },
      'attachments.0.content_type',
    ],
    [
      'a header value with a line break',
      { headers: { 'X-Entity-Ref-ID': 'a\r\nBcc: x@example.com' } },
      'headers.X-Entity-Ref-ID',
    ],
    ['an empty header name', { headers: { '': 'x' } }, 'headers.'],
  ])('refuses %s with Resend’s validation error', async (_what, body, field) => {
    const response = await post(body)

    expect(response.status).toBe(422)
    expect(await response.json()).toEqual({
      statusCode: 422,
      name: 'validation_error',
      message: `Invalid or missing \`${field}\` field.`,
    })
    expect(await listOutbox()).toHaveLength(0)
  })
})

describe('readEmailConfig', () => {
  it('reads the key and sender, with a default sender', () => {
    expect(
      readEmailConfig({ RESEND_API_KEY: 're_live', EMAIL_FROM: 'Haven <hello@haven.example>' }),
    ).toMatchObject({
      apiKey: 're_live',
      from: 'Haven <hello@haven.example>',
    })
    expect(readEmailConfig({})).toMatchObject({
      apiKey: undefined,
      from: 'Haven Psychology <no-reply@haven.test>',
    })
  })

  it('uses a placeholder key only with the stand-ins', () => {
    expect(readEmailConfig({ HAVEN_STANDINS: true }).apiKey).toBe('re_standin_local')
    expect(readEmailConfig({ HAVEN_STANDINS: false }).apiKey).toBeUndefined()
  })
})

describe('startStandIns', () => {
  it('returns the running instance when called twice', () => {
    expect(startStandIns()).toBe(stopStandIns)
  })

  it('errors an unhandled request to the internet instead of letting it out', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})

    await expect(fetch('https://example.com/anything')).rejects.toThrow()
    expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('https://example.com/anything'))
  })

  it('reports a send to an unknown Resend host as a retryable failure, not a leak', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
    process.env.RESEND_BASE_URL = 'https://resend.example.net'
    try {
      const result = await sendEmail(email(), config)

      expect(result).toMatchObject({
        ok: false,
        retryable: true,
        error: expect.stringMatching(/no response/),
      })
      expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('https://resend.example.net/emails'))
      expect(await listOutbox()).toHaveLength(0)
    } finally {
      delete process.env.RESEND_BASE_URL
    }
  })

  it('lets requests to the app’s own local services through', async () => {
    const server = createServer((_request, response) => response.end('local ok'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const response = await fetch(`http://127.0.0.1:${port}/health`)
      expect(await response.text()).toBe('local ok')
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
