// The dev pages (dev server and test build only): they answer only a browser on this computer,
// and a signed-in person who isn't a manager sees only their own mail
// (docs/decisions/011-dev-pages-only-in-dev-builds.md).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { loader as attachmentLoader } from '~/routes/dev+/outbox.$id.attachments.$index.ts'
import { loader as messageHtmlLoader } from '~/routes/dev+/outbox.$id[.]html.tsx'
import { loader as messageLoader } from '~/routes/dev+/outbox.$id.tsx'
import { action as clearAction, loader as outboxLoader } from '~/routes/dev+/outbox._index.tsx'
import { loader as stripeLoader } from '~/routes/dev+/stripe._index.tsx'
import { loader as checkoutLoader } from '~/routes/dev+/stripe.checkout.$sessionId.tsx'
import { db } from '~/utils/db.server.ts'
import { initEnv } from '~/utils/env.server.ts'
import { seedDemoPractice } from '../../prisma/seed.ts'
import { listOutbox, recordOutboxMessage } from '../../tests/mocks/outbox.server.ts'
import { cookieFor } from '../../tests/setup/route-calls.ts'
import { stubDeployedEnv } from '../../tests/setup/deployed-env.ts'
import { isFromThisComputer } from './dev-pages.server.ts'

type OutboxRecord = Parameters<typeof recordOutboxMessage>[0]
const calendar = 'BEGIN:VCALENDAR\r\nSUMMARY:Séance\r\nEND:VCALENDAR\r\n'
const calendarBase64 = Buffer.from(calendar, 'utf8').toString('base64')

type Visit = {
  peer?: string
  host?: string
  headers?: Record<string, string>
  as?: string
  /** A form posted, as the page's button sends it. */
  form?: Record<string, string>
}

let cookies: Record<string, string>
let toPatient: string
let toOther: string

beforeAll(async () => {
  await seedDemoPractice(db)
  cookies = {}
  for (const email of ['patient1@haven.test', 'manager@haven.test']) {
    cookies[email] = await cookieFor(email)
  }
  const email = (to: string, subject: string, extra: Partial<OutboxRecord> = {}) =>
    recordOutboxMessage({
      to: [to],
      from: 'Haven <hello@haven.test>',
      subject,
      html: `<p>${subject}: <a href="http://localhost:3000/reset-password?token=t">reset</a></p>`,
      text: subject,
      idempotencyKey: null,
      ...extra,
    })
  toPatient = (
    await email('Pat One <patient1@haven.test>', 'Your link', {
      attachments: [{ filename: 'Séance.ics', contentType: 'text/calendar', content: calendarBase64 }],
      headers: { 'List-Unsubscribe': '<https://haven.test/unsubscribe/t>' },
    })
  ).id
  toOther = (await email('patient2@haven.test', 'Someone else’s link')).id
})

afterEach(() => {
  vi.unstubAllEnvs()
  initEnv()
})

/** A dev page's loader or action arguments, as server.ts passes them for this visit. */
function visit(path: string, { peer = '127.0.0.1', host = 'localhost:3000', headers, as, form }: Visit = {}) {
  const request = new Request(`http://localhost:3000${path}`, {
    method: form ? 'POST' : 'GET',
    body: form ? new URLSearchParams(form) : undefined,
    headers: { host, ...(as ? { cookie: cookies[as]! } : {}), ...headers },
  })
  const [id = '', , index = ''] = path.split('/').slice(3)
  return {
    request,
    params: { id: id.replace(/\.html$/, ''), sessionId: id, index },
    context: { cspNonce: 'test-nonce', peerAddress: peer },
  }
}

const subjectsOf = async (loaded: ReturnType<typeof outboxLoader>) =>
  (await loaded).messages.map((message) => message.subject).sort()

describe('isFromThisComputer', () => {
  it.each([
    ['127.0.0.1', 'localhost:3000'],
    ['::1', 'localhost:3000'],
    ['::ffff:127.0.0.1', '127.0.0.1:3000'],
    ['::1', '[::1]:3000'],
    ['127.0.0.1', 'LOCALHOST'],
  ])('a browser on this computer (%s asking for %s)', (peer, host) => {
    expect(isFromThisComputer(new Request('http://localhost/', { headers: { host } }), peer)).toBe(true)
  })

  it.each([
    ['another computer', '192.168.1.20', 'localhost:3000', {}],
    ['an IPv6 neighbour', 'fe80::1', 'localhost:3000', {}],
    ['an unknown peer', undefined, 'localhost:3000', {}],
    ['a DNS-rebinding page', '127.0.0.1', 'evil.example:3000', {}],
    ['a look-alike name', '127.0.0.1', 'localhost.evil.example', {}],
    ['no Host at all', '127.0.0.1', '', {}],
    ['a local proxy (X-Forwarded-For)', '127.0.0.1', 'localhost:3000', { 'x-forwarded-for': '203.0.113.9' }],
    ['a local proxy (X-Forwarded-Host)', '127.0.0.1', 'localhost:3000', { 'x-forwarded-host': 'haven.dev' }],
    ['a local proxy (Forwarded)', '::1', 'localhost:3000', { forwarded: 'for=203.0.113.9' }],
  ])('refuses %s', (_name, peer, host, headers) => {
    const request = new Request('http://localhost/', { headers: { host, ...headers } })
    expect(isFromThisComputer(request, peer)).toBe(false)
  })
})

describe('the dev pages', () => {
  const notFound = { status: 404 }

  it('do not exist for a browser on another computer, nor behind a proxy', async () => {
    for (const away of [{ peer: '192.168.1.20' }, { headers: { 'x-forwarded-for': '203.0.113.9' } }]) {
      await expect(outboxLoader(visit('/dev/outbox', away))).rejects.toMatchObject(notFound)
      await expect(messageLoader(visit(`/dev/outbox/${toPatient}`, away))).rejects.toMatchObject(notFound)
      await expect(messageHtmlLoader(visit(`/dev/outbox/${toPatient}.html`, away))).rejects.toMatchObject(
        notFound,
      )
      await expect(
        attachmentLoader(visit(`/dev/outbox/${toPatient}/attachments/0`, away)),
      ).rejects.toMatchObject(notFound)
      await expect(stripeLoader(visit('/dev/stripe', away))).rejects.toMatchObject(notFound)
      await expect(checkoutLoader(visit('/dev/stripe/checkout/cs_x', away))).rejects.toMatchObject(notFound)
      await expect(
        clearAction(visit('/dev/outbox', { ...away, form: { intent: 'clear' }, as: 'manager@haven.test' })),
      ).rejects.toMatchObject(notFound)
      // Whatever is sent: the page is not there before its body is read.
      const json = visit('/dev/outbox', away)
      const request = new Request(json.request, { method: 'POST', body: '{"intent":"clear"}' })
      await expect(clearAction({ ...json, request })).rejects.toMatchObject(notFound)
    }
    expect(await listOutbox()).toHaveLength(2)
  })

  it('do not exist without the stand-ins, even on this computer', async () => {
    stubDeployedEnv()
    initEnv()
    await expect(outboxLoader(visit('/dev/outbox'))).rejects.toMatchObject(notFound)
    await expect(stripeLoader(visit('/dev/stripe'))).rejects.toMatchObject(notFound)
  })

  it('show all the mail to the developer at this computer, signed out, and to a manager', async () => {
    const all = ['Someone else’s link', 'Your link']
    expect(await subjectsOf(outboxLoader(visit('/dev/outbox')))).toEqual(all)
    expect(await subjectsOf(outboxLoader(visit('/dev/outbox', { as: 'manager@haven.test' })))).toEqual(all)
    expect((await messageLoader(visit(`/dev/outbox/${toOther}`))).subject).toBe('Someone else’s link')
    expect((await outboxLoader(visit('/dev/outbox'))).canClear).toBe(true)
    await expect(stripeLoader(visit('/dev/stripe', { as: 'manager@haven.test' }))).resolves.toBeDefined()
  })

  it("never show a signed-in patient someone else's mail, nor everyone's payments", async () => {
    const patient = { as: 'patient1@haven.test' }
    const outbox = await outboxLoader(visit('/dev/outbox', patient))
    expect(outbox.messages.map((message) => message.subject)).toEqual(['Your link'])
    expect(outbox.canClear).toBe(false)
    expect((await messageLoader(visit(`/dev/outbox/${toPatient}`, patient))).subject).toBe('Your link')
    await expect(messageLoader(visit(`/dev/outbox/${toOther}`, patient))).rejects.toMatchObject(notFound)
    await expect(messageHtmlLoader(visit(`/dev/outbox/${toOther}.html`, patient))).rejects.toMatchObject(
      notFound,
    )
    const attachment = await attachmentLoader(visit(`/dev/outbox/${toPatient}/attachments/0`, patient))
    expect(attachment.status).toBe(200)
    await expect(
      attachmentLoader(visit(`/dev/outbox/${toOther}/attachments/0`, patient)),
    ).rejects.toMatchObject(notFound)
    await expect(
      clearAction(visit('/dev/outbox', { ...patient, form: { intent: 'clear' } })),
    ).rejects.toMatchObject({
      status: 403,
    })
    expect(await listOutbox()).toHaveLength(2)
    await expect(stripeLoader(visit('/dev/stripe', patient))).rejects.toMatchObject(notFound)
  })
})

describe('an email with attachments', () => {
  it('lists its attachments and headers on its page', async () => {
    const message = await messageLoader(visit(`/dev/outbox/${toPatient}`))
    expect(message.attachments).toEqual([
      {
        filename: 'Séance.ics',
        contentType: 'text/calendar',
        bytes: Buffer.byteLength(calendar),
        href: `/dev/outbox/${toPatient}/attachments/0`,
      },
    ])
    expect(message.headers).toEqual([['List-Unsubscribe', '<https://haven.test/unsubscribe/t>']])

    const plain = await messageLoader(visit(`/dev/outbox/${toOther}`))
    expect(plain.attachments).toEqual([])
    expect(plain.headers).toEqual([])
  })

  it('downloads each attachment as sent, never to be run on the app’s origin', async () => {
    const response = await attachmentLoader(visit(`/dev/outbox/${toPatient}/attachments/0`))

    expect(await response.text()).toBe(calendar)
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/calendar',
      'content-length': String(Buffer.byteLength(calendar)),
      'content-disposition': `attachment; filename="S_ance.ics"; filename*=UTF-8''S%C3%A9ance.ics`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'no-store',
    })
  })

  it.each(['1', '-1', '00', '0x0', 'length', ''])('has no attachment %j', async (index) => {
    await expect(
      attachmentLoader(visit(`/dev/outbox/${toPatient}/attachments/${index}`)),
    ).rejects.toMatchObject({ status: 404 })
  })

  it('has no attachments for an email sent without any', async () => {
    await expect(attachmentLoader(visit(`/dev/outbox/${toOther}/attachments/0`))).rejects.toMatchObject({
      status: 404,
    })
  })
})
