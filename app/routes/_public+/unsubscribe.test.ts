// The unsubscribe link of a reminder email, signed out: opening it asks and changes nothing (mail
// scanners open links), the button turns reminders off, a mail client's one-click post does the
// same, and a forged link is a 400 that changes nothing.
import type * as RemixReact from '@remix-run/react'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { unsubscribeToken } from '~/domain/notify/unsubscribe.server.ts'
import { db } from '~/utils/db.server.ts'
import { databaseSnapshot } from '../../../tests/setup/database-snapshot.ts'
import { answerOf, loadPage, ORIGIN } from '../../../tests/setup/route-calls.ts'
import UnsubscribePage, { action, loader } from './unsubscribe.tsx'

// The page renders without a router, as with JavaScript off: plain forms and links.
const rendered = vi.hoisted(() => ({ loaderData: undefined as unknown, actionData: undefined as unknown }))
vi.mock('@remix-run/react', async (importActual) => ({
  ...(await importActual<typeof RemixReact>()),
  Form: (props: Record<string, unknown>) => createElement('form', props),
  Link: ({ to, ...props }: Record<string, unknown>) => createElement('a', { href: to, ...props }),
  useNavigation: () => ({ state: 'idle' }),
  useLoaderData: () => rendered.loaderData,
  useActionData: () => rendered.actionData,
}))

let patientId: string
let token: string

beforeAll(async () => {
  const user = await db.user.create({
    data: { email: 'morgan@example.com', name: 'Morgan Reminders', patient: { create: {} } },
  })
  patientId = user.id
  token = unsubscribeToken(patientId, 'email')
})

beforeEach(async () => {
  await db.patientProfile.update({
    where: { userId: patientId },
    data: { emailReminders: true, smsReminders: true },
  })
})

const preferences = () =>
  db.patientProfile.findUniqueOrThrow({
    where: { userId: patientId },
    select: { emailReminders: true, smsReminders: true },
  })

/** A post to the link, signed out, as a browser (with Origin) or a mail provider (without) sends it. */
function post(query: string, body: string, headers: Record<string, string> = { origin: ORIGIN }) {
  const request = new Request(`${ORIGIN}/unsubscribe${query}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  })
  return answerOf(() => action({ request, params: {}, context: { cspNonce: '' } }))
}

describe('opening the link', () => {
  it('asks whether to stop reminder emails, and changes nothing', async () => {
    const before = await databaseSnapshot()
    const answer = await loadPage(loader, { path: `/unsubscribe?token=${token}` })
    expect(answer).toMatchObject({
      status: 200,
      body: { token, channel: 'email' },
    })
    expect(await databaseSnapshot()).toEqual(before)

    rendered.loaderData = answer.body
    rendered.actionData = undefined
    const html = renderToString(createElement(UnsubscribePage))
    expect(html).toContain('Stop reminder emails from Haven Psychology?')
    expect(html).toMatch(/<form method="post"/)
    expect(html).toContain(`name="token" value="${token}"`)
    // Nothing about the person: the link may have been forwarded.
    expect(html).not.toContain('Morgan')
    expect(html).not.toContain('morgan@example.com')
  })

  it('answers a forged, changed or missing token with a 400', async () => {
    const forged = `${Buffer.from('email:someone').toString('base64url')}.${token.split('.')[1]}`
    for (const query of [`?token=${forged}`, `?token=${token.slice(0, -3)}`, '?token=', '']) {
      expect(await loadPage(loader, { path: `/unsubscribe${query}` }), query).toMatchObject({
        status: 400,
        body: expect.stringContaining('This unsubscribe link is not complete or was changed'),
      })
    }
  })
})

describe('unsubscribing', () => {
  it('turns reminder emails off from the button, without signing in, and says so', async () => {
    const answer = await post(
      `?token=${token}`,
      new URLSearchParams({ intent: 'unsubscribe', token }).toString(),
    )
    expect(answer).toMatchObject({ status: 200, body: { unsubscribed: 'email' } })
    expect(await preferences()).toEqual({ emailReminders: false, smsReminders: true })

    rendered.loaderData = { token, channel: 'email' }
    rendered.actionData = answer.body
    const html = renderToString(createElement(UnsubscribePage)).replaceAll('<!-- -->', '')
    expect(html).toContain('Reminder emails are off')
    expect(html).toContain('You will not get reminder emails from Haven Psychology any more.')
  })

  it('turns reminder texts off for an SMS link', async () => {
    const sms = unsubscribeToken(patientId, 'sms')
    expect(
      await post('', new URLSearchParams({ intent: 'unsubscribe', token: sms }).toString()),
    ).toMatchObject({
      status: 200,
      body: { unsubscribed: 'sms' },
    })
    expect(await preferences()).toEqual({ emailReminders: true, smsReminders: false })
  })

  it("takes a mail client's one-click post (RFC 8058): the token in the link, no Origin, a 200", async () => {
    const answer = await post(`?token=${token}`, 'List-Unsubscribe=One-Click', {})
    expect(answer).toMatchObject({ status: 200, body: { unsubscribed: 'email' } })
    expect(await preferences()).toEqual({ emailReminders: false, smsReminders: true })
  })

  it('refuses a forged token with a 400 and changes nothing', async () => {
    const forged = `${token.slice(0, -3)}xyz`
    const before = await databaseSnapshot()
    for (const attempt of [
      post(`?token=${forged}`, 'List-Unsubscribe=One-Click', {}),
      post('', new URLSearchParams({ intent: 'unsubscribe', token: forged }).toString()),
      post('', 'List-Unsubscribe=One-Click', {}),
    ]) {
      expect(await attempt).toMatchObject({
        status: 400,
        body: {
          result: { error: { '': [expect.stringContaining('This unsubscribe link is not complete')] } },
        },
      })
    }
    expect(await databaseSnapshot()).toEqual(before)
  })
})
