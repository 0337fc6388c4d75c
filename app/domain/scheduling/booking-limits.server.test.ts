import { randomUUID } from 'node:crypto'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { action as book } from '~/routes/_public+/book.$slug.tsx'
import { type ActionReply } from '~/utils/action.server.ts'
import { CLIENT_IP_HEADER } from '~/utils/client-ip.server.ts'
import { db } from '~/utils/db.server.ts'
import { RateLimitedError } from '~/domain/errors.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { signedInCookie } from '../../../tests/setup/route-calls.ts'
import { offeredSlots } from '../../../tests/setup/scheduling.ts'
import { bookAppointment, BOOKING_LIMITS } from './booking.server.ts'
import { releaseHold } from './holds.server.ts'
import { HOLD_MINUTES, MAX_LIVE_HOLDS_PER_PATIENT } from './policy.ts'
import { type Slot } from './slots.ts'

// A patient may hold only a few times while paying, and one address may make only so many
// holds an hour: one person can no longer keep a psychologist's week off the calendar.

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 8:00 am in Sydney
let typeId: string
const patients: string[] = []

beforeAll(async () => {
  await seedDemoPractice(db)
  typeId = (await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })).id
  for (let n = 1; n <= 9; n++) {
    patients.push((await db.user.findUniqueOrThrow({ where: { email: `patient${n}@haven.test` } })).id)
  }
})

const hold = (patientId: string, slot: Slot, options: { ip?: string; now?: Date; slug?: string } = {}) =>
  bookAppointment({
    patientId,
    slug: options.slug ?? 'hannah-kowalski',
    appointmentTypeId: typeId,
    locationId: slot.locationId,
    start: slot.start,
    requestKey: randomUUID(),
    holdMinutes: HOLD_MINUTES,
    ip: options.ip,
    now: options.now ?? NOW,
  })

describe('live holds per patient', () => {
  it(`refuses a patient's hold past ${MAX_LIVE_HOLDS_PER_PATIENT}, saying why and until when, and allows one once a hold ends`, async () => {
    const patientId = patients[0]!
    const slots = await offeredSlots('hannah-kowalski', NOW)
    const first = await hold(patientId, slots[0]!)
    await hold(patientId, slots[1]!)
    const refused = await hold(patientId, slots[2]!).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(RateLimitedError)
    expect((refused as RateLimitedError).message).toBe(
      `You already have ${MAX_LIVE_HOLDS_PER_PATIENT} times held while you pay. Pay for one of them (Your appointments) or wait ${HOLD_MINUTES} minutes for an unpaid one to be released, then choose this time again.`,
    )
    expect((refused as RateLimitedError).retryAfterSeconds).toBe(HOLD_MINUTES * 60)
    // Other psychologists' times count too: the cap is the patient's.
    const elsewhere = await offeredSlots('daniel-tran', NOW)
    await expect(hold(patientId, elsewhere[0]!, { slug: 'daniel-tran' })).rejects.toBeInstanceOf(
      RateLimitedError,
    )
    expect(await db.appointment.count({ where: { patientId, status: 'held' } })).toBe(
      MAX_LIVE_HOLDS_PER_PATIENT,
    )

    // A released hold frees a place; so does one whose time ran out.
    await releaseHold({ appointmentId: first.id, now: NOW })
    await expect(hold(patientId, slots[2]!)).resolves.toMatchObject({ status: 'held' })
    const later = new Date(NOW.getTime() + (HOLD_MINUTES + 1) * 60_000)
    await expect(hold(patientId, slots[3]!, { now: later })).resolves.toMatchObject({ status: 'held' })
  })

  it('holds at most the cap when one patient asks for many times at once', async () => {
    const patientId = patients[1]!
    const slots = (await offeredSlots('james-okafor', NOW)).slice(0, 8)
    const outcomes = await Promise.allSettled(
      slots.map((slot) => hold(patientId, slot, { slug: 'james-okafor' })),
    )
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(
      MAX_LIVE_HOLDS_PER_PATIENT,
    )
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(RateLimitedError)
    }
    expect(await db.appointment.count({ where: { patientId, status: 'held' } })).toBe(
      MAX_LIVE_HOLDS_PER_PATIENT,
    )
  })
})

describe('holds per client address', () => {
  it(`refuses an address after ${BOOKING_LIMITS.perIp.limit} holds in an hour, whichever patients make them`, async () => {
    const ip = '203.0.113.40'
    const slots = (await offeredSlots('daniel-tran', NOW)).slice(5)
    const fromOneAddress = patients.slice(2)
    for (let n = 0; n < BOOKING_LIMITS.perIp.limit; n++) {
      const made = await hold(fromOneAddress[n % fromOneAddress.length]!, slots[n]!, {
        ip,
        slug: 'daniel-tran',
      })
      // Let go at once, so no patient reaches their own cap: only the address's count grows.
      await releaseHold({ appointmentId: made.id, now: NOW })
    }
    const slotIndex = BOOKING_LIMITS.perIp.limit
    const refused = await hold(fromOneAddress[1]!, slots[slotIndex]!, { ip, slug: 'daniel-tran' }).catch(
      (error: unknown) => error,
    )
    expect(refused).toBeInstanceOf(RateLimitedError)
    expect((refused as RateLimitedError).retryAfterSeconds).toBe(60 * 60)
    // Another address is unaffected.
    await expect(
      hold(fromOneAddress[1]!, slots[slotIndex]!, { ip: '198.51.100.40', slug: 'daniel-tran' }),
    ).resolves.toMatchObject({ status: 'held' })
  })
})

describe('the booking page', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('answers a hold past the cap with 429, Retry-After and the message', async () => {
    const patientId = patients[8]!
    await db.appointment.updateMany({ where: { patientId, status: 'held' }, data: { status: 'expired' } })
    // The page books at the clock's time: pin it.
    vi.useFakeTimers({ toFake: ['Date'], now: NOW })
    const now = NOW
    const slots = await offeredSlots('amelia-nguyen', now)
    for (const slot of slots.slice(0, MAX_LIVE_HOLDS_PER_PATIENT)) {
      await hold(patientId, slot, { slug: 'amelia-nguyen', now })
    }
    const cookie = await signedInCookie(patientId)
    const slot = slots[MAX_LIVE_HOLDS_PER_PATIENT]!
    const response = (await book({
      request: new Request('http://localhost:3000/book/amelia-nguyen', {
        method: 'POST',
        headers: {
          cookie,
          [CLIENT_IP_HEADER]: '203.0.113.41',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          type: typeId,
          location: slot.locationId,
          start: slot.start.toISOString(),
          tz: 'Australia/Sydney',
          requestKey: randomUUID(),
        }),
      }),
      params: { slug: 'amelia-nguyen' },
      context: { cspNonce: 'test-nonce' },
    })) as unknown as { data: ActionReply; init: ResponseInit }
    expect(response.init.status).toBe(429)
    expect(Number(new Headers(response.init.headers).get('retry-after'))).toBeGreaterThan(0)
    expect(response.data.result.error?.['']).toEqual([
      expect.stringMatching(/^You already have 2 times held while you pay/),
    ])
    expect(response.data.details).toBeUndefined()
  })
})
