import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { type AppointmentStatus } from '~/generated/prisma/client.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import {
  CalendarFeedChangedError,
  calendarFeedStatus,
  feedFor,
  feedTokenSchema,
  issueCalendarFeed,
  patientInitials,
  revokeCalendarFeed,
} from './calendar-feed.server.ts'

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 8:00 am in Sydney
const HOUR_MS = 60 * 60_000
const DAY_MS = 24 * HOUR_MS

let jamesId: string
let ameliaId: string
let patientId: string
let typeId: string
let clinicId: string
let telehealthId: string

beforeAll(async () => {
  await seedDemoPractice(db)
  const id = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).id
  jamesId = await id('dr.james.okafor@haven.test')
  ameliaId = await id('dr.amelia.nguyen@haven.test')
  patientId = await id('patient2@haven.test') // Liam Papadopoulos
  typeId = (await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })).id
  clinicId = (await db.location.findFirstOrThrow({ where: { kind: 'clinic' } })).id
  telehealthId = (await db.location.findFirstOrThrow({ where: { kind: 'telehealth' } })).id
})

/** An appointment starting `hoursFromNow` after NOW, written directly: the feed only reads them. */
function appointment(
  hoursFromNow: number,
  overrides: {
    status?: AppointmentStatus
    psychologistId?: string
    telehealth?: boolean
    version?: number
  } = {},
) {
  const startsAt = new Date(NOW.getTime() + hoursFromNow * HOUR_MS)
  const status = overrides.status ?? 'confirmed'
  return db.appointment.create({
    data: {
      patientId,
      psychologistId: overrides.psychologistId ?? jamesId,
      appointmentTypeId: typeId,
      locationId: overrides.telehealth ? telehealthId : clinicId,
      modality: overrides.telehealth ? 'telehealth' : 'in_person',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 50 * 60_000),
      timeZone: 'Australia/Sydney',
      status,
      holdExpiresAt: status === 'held' ? new Date(NOW.getTime() + 10 * 60_000) : null,
      cancelledAt: status.includes('cancelled') ? NOW : null,
      cancelReason: status.includes('cancelled') ? 'Feeling unwell after the panic attack' : '',
      version: overrides.version ?? 1,
      feeCents: 24_000,
    },
  })
}

const tokenOf = (url: string) => /\/calendar-feed\/([\w-]+)\.ics$/.exec(url)![1]!
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
const unfold = (file: string) => file.replace(/\r\n /g, '')

describe('the calendar feed secret', () => {
  it('is random, shown once as an address, and stored only as its SHA-256', async () => {
    const { url, webcalUrl } = await issueCalendarFeed(jamesId, { replace: false })
    const token = tokenOf(url)
    expect(url).toBe(`http://localhost:3000/calendar-feed/${token}.ics`)
    expect(webcalUrl).toBe(`webcal://localhost:3000/calendar-feed/${token}.ics`)
    expect(feedTokenSchema.safeParse(token).success).toBe(true)

    const profile = await db.psychologistProfile.findUniqueOrThrow({ where: { userId: jamesId } })
    expect(profile.calendarFeedTokenHash).toBe(sha256(token))
    expect(await calendarFeedStatus(jamesId)).toEqual({ on: true, since: profile.calendarFeedCreatedAt })
    const audits = await db.auditEvent.findMany({ where: { entityId: jamesId } })
    expect(audits.map((event) => event.action)).toContain('calendar_feed.created')
    expect(JSON.stringify(audits)).not.toContain(token)

    const second = tokenOf((await issueCalendarFeed(ameliaId, { replace: false })).url)
    expect(second).not.toBe(token)
    await revokeCalendarFeed(ameliaId)
  })

  it('stops working the moment it is replaced, and when the feed is turned off', async () => {
    const old = tokenOf((await issueCalendarFeed(jamesId, { replace: true })).url)
    expect(await feedFor(old, NOW)).toContain('BEGIN:VCALENDAR')

    const current = tokenOf((await issueCalendarFeed(jamesId, { replace: true })).url)
    expect(await feedFor(old, NOW)).toBeNull()
    expect(await feedFor(current, NOW)).toContain('BEGIN:VCALENDAR')

    expect(await revokeCalendarFeed(jamesId)).toBe(true)
    expect(await feedFor(current, NOW)).toBeNull()
    expect(await calendarFeedStatus(jamesId)).toEqual({ on: false, since: null })
    expect(await revokeCalendarFeed(jamesId)).toBe(false)

    const actions = (
      await db.auditEvent.findMany({ where: { entityId: jamesId }, orderBy: { at: 'asc' } })
    ).map((event) => event.action)
    expect(actions.filter((action) => action === 'calendar_feed.replaced')).toHaveLength(2)
    expect(actions.filter((action) => action === 'calendar_feed.revoked')).toHaveLength(1)
  })

  it('refuses to turn on a feed that is on, or to replace one that is off', async () => {
    await expect(issueCalendarFeed(jamesId, { replace: true })).rejects.toBeInstanceOf(
      CalendarFeedChangedError,
    )
    const { url } = await issueCalendarFeed(jamesId, { replace: false })
    await expect(issueCalendarFeed(jamesId, { replace: false })).rejects.toBeInstanceOf(
      CalendarFeedChangedError,
    )
    // The refused attempt left the working address alone.
    expect(await feedFor(tokenOf(url), NOW)).not.toBeNull()
    await revokeCalendarFeed(jamesId)
  })

  it('answers nothing for an unknown secret or a psychologist who no longer works here', async () => {
    expect(await feedFor('A'.repeat(43), NOW)).toBeNull()
    expect(feedTokenSchema.safeParse('not a token').success).toBe(false)
    expect(feedTokenSchema.safeParse('A'.repeat(44)).success).toBe(false)

    const token = tokenOf((await issueCalendarFeed(ameliaId, { replace: false })).url)
    await db.user.update({ where: { id: ameliaId }, data: { status: 'deactivated' } })
    expect(await feedFor(token, NOW)).toBeNull()
    await db.user.update({ where: { id: ameliaId }, data: { status: 'active' } })
    expect(await feedFor(token, NOW)).not.toBeNull()
    await revokeCalendarFeed(ameliaId)
  })
})

describe('the calendar feed', () => {
  it('shows this psychologist’s live sessions and time off, and nothing that would identify the patient', async () => {
    const inPerson = await appointment(24, { version: 3 })
    const video = await appointment(48, { telehealth: true })
    const held = await appointment(72, { status: 'held' })
    const completed = await appointment(-48, { status: 'completed' })
    const noShow = await appointment(-72, { status: 'no_show' })
    const cancelled = await appointment(96, { status: 'cancelled' })
    const lateCancelled = await appointment(120, { status: 'late_cancelled' })
    const expired = await appointment(144, { status: 'expired' })
    const longAgo = await appointment(-31 * 24)
    const farAhead = await appointment(181 * 24)
    const someoneElses = await appointment(24, { psychologistId: ameliaId })
    await db.timeOff.create({
      data: {
        psychologistId: jamesId,
        startsAt: new Date(NOW.getTime() + 10 * DAY_MS),
        endsAt: new Date(NOW.getTime() + 12 * DAY_MS),
        reason: 'Surgery recovery',
      },
    })
    await db.timeOff.create({
      data: {
        psychologistId: ameliaId,
        startsAt: new Date(NOW.getTime() + 20 * DAY_MS),
        endsAt: new Date(NOW.getTime() + 21 * DAY_MS),
        reason: 'Leave',
      },
    })

    const token = tokenOf((await issueCalendarFeed(jamesId, { replace: false })).url)
    const file = unfold((await feedFor(token, NOW))!)

    for (const shown of [inPerson, video, held, completed, noShow])
      expect(file).toContain(`UID:${shown.id}@haven\r\n`)
    for (const hidden of [cancelled, lateCancelled, expired, longAgo, farAhead, someoneElses])
      expect(file).not.toContain(hidden.id)
    expect(file.match(/BEGIN:VEVENT/g)).toHaveLength(6)
    expect(file.match(/SUMMARY:Time off\r\n/g)).toHaveLength(1)

    const start = file.indexOf(`UID:${inPerson.id}@haven`)
    const event = file.slice(start, file.indexOf('END:VEVENT', start))
    expect(event).toContain('SEQUENCE:3')
    expect(event).toContain('DTSTART;TZID=Australia/Sydney:20261208T080000')
    expect(event).toContain('SUMMARY:Standard session · L. P. (in person)')
    expect(event).toContain('LOCATION:Haven Sydney CBD\\, Level 9\\, 343 George Street\\, Sydney NSW 2000')
    expect(event).toContain(`DESCRIPTION:http://localhost:3000/clinician/appointments/${inPerson.id}`)
    expect(file).toContain('SUMMARY:Standard session · L. P. (telehealth)')
    expect(file).toContain('LOCATION:Video session: join from Haven')
    expect(file.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1)

    for (const secret of ['Liam', 'Papadopoulos', 'patient2@', 'Surgery', 'Leave', 'panic', 'Okafor'])
      expect(file).not.toContain(secret)
    await revokeCalendarFeed(jamesId)
  })

  it('shows a hold only while it still holds the time', async () => {
    const hold = await appointment(200, { status: 'held' })
    const token = tokenOf((await issueCalendarFeed(jamesId, { replace: false })).url)
    expect(await feedFor(token, NOW)).toContain(hold.id)
    expect(await feedFor(token, new Date(NOW.getTime() + 11 * 60_000))).not.toContain(hold.id)
    await revokeCalendarFeed(jamesId)
  })
})

describe('patient initials', () => {
  it('keep the first and last names’ initials only', () => {
    expect(patientInitials('Liam Papadopoulos')).toBe('L. P.')
    expect(patientInitials('  mary anne  de la cruz ')).toBe('M. C.')
    expect(patientInitials('Zoë')).toBe('Z.')
    expect(patientInitials('Ōtautahi Ngā')).toBe('Ō. N.')
    expect(patientInitials('')).toBe('')
  })
})
