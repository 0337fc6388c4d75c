// The calendar feed page's buttons, as the page sends them.
import { beforeAll, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { cookieFor, postForm } from '../../../tests/setup/route-calls.ts'
import { action } from './calendar-feed.tsx'

let cookie: string

beforeAll(async () => {
  await seedDemoPractice(db)
  cookie = await cookieFor('dr.amelia.nguyen@haven.test')
})

const press = (intent: string) =>
  postForm(action, { path: '/clinician/calendar-feed', cookie, fields: { intent } })

const feedIsOn = async () =>
  (
    await db.psychologistProfile.findFirstOrThrow({
      where: { user: { email: 'dr.amelia.nguyen@haven.test' } },
    })
  ).calendarFeedTokenHash !== null

it('shows a new address once, in the answer itself', async () => {
  const answer = await press('turn-on')
  expect(answer).toMatchObject({
    status: 200,
    notice: null,
    body: { created: { url: expect.stringMatching(/\/calendar-feed\/[\w-]{43}\.ics$/) } },
  })
  expect(await feedIsOn()).toBe(true)
})

it('answers a second "turn on" (another tab) as a conflict, and keeps the address', async () => {
  const answer = await press('turn-on')
  expect(answer).toMatchObject({
    status: 409,
    body: { result: { error: { '': [expect.stringMatching(/already on/)] } } },
  })
  expect(await feedIsOn()).toBe(true)
})

it('turns the feed off and says so on the page with a flash notice', async () => {
  expect(await press('turn-off')).toMatchObject({
    status: 302,
    location: '/clinician/calendar-feed',
    notice: { message: 'Your calendar feed is off. Its address no longer works.' },
  })
  expect(await feedIsOn()).toBe(false)
})
