// The Messages part of "Your details", with JavaScript off: a plain form post saves the reminder
// choices and records the text-message answer as the SMS consent; the page says what always comes
// by email, when texts need a mobile, and when the patient has replied STOP.
import type * as RemixReact from '@remix-run/react'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { smsAllowed } from '~/domain/patients/consents.server.ts'
import { updatedWhileReadingMessage } from '~/domain/patients/consents.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { databaseSnapshot } from '../../../tests/setup/database-snapshot.ts'
import { cookieFor, loadPage, postForm } from '../../../tests/setup/route-calls.ts'
import ProfilePage, { action, loader } from './profile.tsx'

const rendered = vi.hoisted(() => ({ loaderData: undefined as unknown, actionData: undefined as unknown }))
vi.mock('@remix-run/react', async (importActual) => ({
  ...(await importActual<typeof RemixReact>()),
  Form: (props: Record<string, unknown>) => createElement('form', props),
  Link: ({ to, ...props }: Record<string, unknown>) => createElement('a', { href: to, ...props }),
  useNavigation: () => ({ state: 'idle' }),
  useSearchParams: () => [new URLSearchParams()],
  useLoaderData: () => rendered.loaderData,
  useActionData: () => rendered.actionData,
}))

let patient: { id: string }
let cookie: string

beforeAll(async () => {
  await seedDemoPractice(db)
  patient = await db.user.findUniqueOrThrow({ where: { email: 'patient1@haven.test' } })
  cookie = await cookieFor('patient1@haven.test')
})

const save = (fields: Record<string, string>) =>
  postForm(action, { path: '/patient/profile', cookie, fields: { intent: 'messages', ...fields } })

async function page() {
  const answer = await loadPage(loader, { path: '/patient/profile', cookie })
  rendered.loaderData = answer.body
  rendered.actionData = undefined
  return renderToString(createElement(ProfilePage)).replaceAll('<!-- -->', '')
}

describe('the form, posted without JavaScript', () => {
  it('saves the reminder choices and records "no texts" as the SMS consent', async () => {
    // An unticked box is not sent at all.
    const answer = await save({ sms: 'no', policyVersionsShown: 'sms:1', smsReminders: 'on' })
    expect(answer).toMatchObject({
      status: 302,
      location: '/patient/profile#messages',
      notice: { message: 'Your message choices are saved.' },
    })
    expect(await db.patientProfile.findUniqueOrThrow({ where: { userId: patient.id } })).toMatchObject({
      emailReminders: false,
      smsReminders: true,
    })
    expect(await smsAllowed(patient.id)).toBe(false)
    expect(
      await db.consentDecision.findFirst({
        where: { userId: patient.id, kind: 'sms' },
        orderBy: { decidedAt: 'desc' },
      }),
    ).toMatchObject({ accepted: false, source: 'consents_page' })

    await save({ sms: 'yes', policyVersionsShown: 'sms:1', emailReminders: 'on', smsReminders: 'on' })
    expect(await smsAllowed(patient.id)).toBe(true)
  })

  it('asks for the text-message answer, and again when the SMS terms changed while reading', async () => {
    const before = await databaseSnapshot()
    expect(await save({ policyVersionsShown: 'sms:1', emailReminders: 'on' })).toMatchObject({
      status: 400,
      body: { result: { error: { sms: ['Choose whether we may text you'] } } },
    })
    expect(await save({ sms: 'no', policyVersionsShown: 'sms:0' })).toMatchObject({
      status: 400,
      body: { result: { error: { sms: [updatedWhileReadingMessage('sms')] } } },
    })
    expect(await databaseSnapshot()).toEqual(before)
  })
})

describe('the page', () => {
  it('shows the choices as plain form fields, and what always comes by email', async () => {
    await db.patientProfile.update({
      where: { userId: patient.id },
      data: { emailReminders: true, smsReminders: false },
    })
    const html = await page()
    const section = html.slice(html.indexOf('id="messages"'), html.indexOf('id="agreements"'))
    expect(section).toContain('always come by email')
    expect(section).toMatch(/<form method="post"/)
    const input = (name: string, value: string) =>
      section.match(new RegExp(`<input[^>]*name="${name}"[^>]*value="${value}"/>`))?.[0]
    expect(input('emailReminders', 'on')).toMatch(/type="checkbox".*checked=""/)
    expect(input('smsReminders', 'on')).not.toContain('checked')
    expect(input('sms', 'yes')).toMatch(/type="radio".*checked=""/)
    expect(input('sms', 'no')).not.toContain('checked')
    expect(section).toContain('name="policyVersionsShown" value="sms:1"')
    expect(section).not.toContain('replied STOP')
    expect(section).not.toContain('Texts need a mobile number')
  })

  it('says when the patient replied STOP, and that texts need a mobile', async () => {
    await db.patientProfile.update({
      where: { userId: patient.id },
      data: { smsOptedOutAt: new Date('2026-03-02T23:30:00Z'), mobile: '' },
    })
    const html = await page()
    expect(html).toContain(
      'You replied STOP to our texts on 3 Mar 2026, 10:30 am, so we send you no texts. To turn texts back on, reply START to our last text message.',
    )
    expect(html).toContain('Texts need a mobile number.')
  })
})
