// The video session's rules on a real database: who may join and when, the waiting room and the
// token. Rooms are written here as the rooms job leaves them (ready at Twilio), so these tests
// hold the session's own rules; rooms.server.test.ts holds the rooms'.
import { randomUUID } from 'node:crypto'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { bookSlot } from '../../../tests/setup/scheduling.ts'
import { videoDemo } from '../../../tests/setup/video.ts'
import { NotFoundError } from '../errors.ts'
import { sessionIntent, sessionView } from './session.server.ts'
import { readVideoConfig, verifyVideoToken } from './tokens.server.ts'

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 8:00 am in Sydney
const MINUTE = 60_000
let patientId: string
let otherPatientId: string
let typeId: string
let psychologistId: string
let slots: Awaited<ReturnType<typeof videoDemo>>['slots']

beforeAll(async () => {
  let psychologists: Record<string, string>
  ;({ patientId, otherPatientId, typeId, slots, psychologists } = await videoDemo(NOW))
  psychologistId = psychologists['daniel-tran']!
})
afterEach(async () => {
  vi.useRealTimers()
  await db.practice.update({
    where: { id: 'practice' },
    data: { videoAutoAdmit: false, videoJoinOpensMinutes: 15 },
  })
})

/** Tokens are signed with the system clock (Twilio's SDK reads it): set it to the test's moment. */
const clockAt = (moment: Date) => vi.useFakeTimers({ now: moment, toFake: ['Date'] })

/** A confirmed video session with its room ready at Twilio. */
async function videoSession() {
  const slot = slots.take('telehealth')
  const appointment = await bookSlot({
    patientId,
    slug: 'daniel-tran',
    appointmentTypeId: typeId,
    slot,
    now: NOW,
  })
  const room = await db.videoRoom.create({
    data: {
      appointmentId: appointment.id,
      uniqueName: `rm_${randomUUID()}`,
      twilioSid: `RM${randomUUID().replaceAll('-', '')}`,
      status: 'ready',
      readyAt: NOW,
      appointmentVersion: appointment.version,
      startsAt: appointment.startsAt,
      patientIdentity: `id_${randomUUID()}`,
      psychologistIdentity: `id_${randomUUID()}`,
    },
  })
  return { appointment, room, start: slot.start }
}

const patient = { userId: '', role: 'patient' as const }
const asPatient = () => ({ ...patient, userId: patientId })
const asPsychologist = () => ({ userId: psychologistId, role: 'psychologist' as const })
const at = (start: Date, minutes: number) => new Date(start.getTime() + minutes * MINUTE)

describe('joining a video session', () => {
  it('opens 15 minutes before the start: earlier, the page says when, and no token is given', async () => {
    const { appointment, start } = await videoSession()
    const early = await sessionIntent(appointment.id, asPatient(), 'token', at(start, -16))
    expect(early.ok).toBe(false)
    expect(early).not.toHaveProperty('token')
    expect(early.view?.refusal).toMatchObject({
      reason: 'early',
      message: expect.stringMatching(/^You can join from /),
    })
    expect((await sessionView(appointment.id, asPatient(), at(start, -15)))!.refusal).toBeNull()
  })

  it('closes 30 minutes after the booked end', async () => {
    const { appointment, start } = await videoSession()
    expect((await sessionView(appointment.id, asPsychologist(), at(start, 50 + 29)))!.refusal).toBeNull()
    const late = await sessionIntent(appointment.id, asPsychologist(), 'token', at(start, 80))
    expect(late).toMatchObject({ ok: false, view: { refusal: { reason: 'closed' } } })
  })

  it('is nobody else’s: another patient, or another psychologist, finds nothing', async () => {
    const { appointment, start } = await videoSession()
    const other = { userId: otherPatientId, role: 'patient' as const }
    expect(await sessionView(appointment.id, other, at(start, -5))).toBeNull()
    await expect(sessionIntent(appointment.id, other, 'token', at(start, -5))).rejects.toThrow(NotFoundError)
    const otherPsychologist = (
      await db.psychologistProfile.findFirstOrThrow({ where: { slug: { not: 'daniel-tran' } } })
    ).userId
    await expect(
      sessionIntent(
        appointment.id,
        { userId: otherPsychologist, role: 'psychologist' },
        'token',
        at(start, -5),
      ),
    ).rejects.toThrow(NotFoundError)
    // A patient cannot use the psychologist's steps, nor the psychologist the patient's.
    await expect(sessionIntent(appointment.id, asPatient(), 'admit', at(start, -5))).rejects.toThrow(
      NotFoundError,
    )
  })

  it('is refused for a cancelled session', async () => {
    const { appointment, start } = await videoSession()
    await db.appointment.update({
      where: { id: appointment.id },
      data: { status: 'cancelled', cancelledAt: NOW },
    })
    const answer = await sessionIntent(appointment.id, asPatient(), 'token', at(start, -5))
    expect(answer).toMatchObject({ ok: false, view: { refusal: { reason: 'cancelled' } } })
    expect(answer).not.toHaveProperty('token')
  })
})

describe('the waiting room', () => {
  it('keeps the patient waiting until the psychologist lets them in, then gives each their own token', async () => {
    const { appointment, room, start } = await videoSession()
    const now = at(start, -5)

    const waiting = await sessionIntent(appointment.id, asPatient(), 'wait', now)
    expect(waiting.view).toMatchObject({
      otherPartyName: 'Daniel Tran',
      admission: { patientWaiting: true, admitted: false },
      psychologistStatus: 'not-started',
    })
    expect(await sessionIntent(appointment.id, asPatient(), 'token', now)).toMatchObject({
      ok: false,
      message: 'Please wait: Daniel Tran will let you in.',
    })

    const started = await sessionIntent(appointment.id, asPsychologist(), 'start', now)
    expect(started.view).toMatchObject({ admission: { patientWaiting: true, admitted: false } })
    expect((await sessionView(appointment.id, asPatient(), now))!.psychologistStatus).toBe('in-session')
    await sessionIntent(appointment.id, asPsychologist(), 'admit', now)

    const config = readVideoConfig()!
    clockAt(now)
    const patientToken = await sessionIntent(appointment.id, asPatient(), 'token', now)
    const psychologistToken = await sessionIntent(appointment.id, asPsychologist(), 'token', now)
    if (!patientToken.ok || !patientToken.token || !psychologistToken.ok || !psychologistToken.token)
      throw new Error('expected tokens')
    expect(verifyVideoToken(patientToken.token.token, config, now)).toEqual({
      identity: room.patientIdentity,
      roomName: room.uniqueName,
      expiresAt: new Date(now.getTime() + 15 * MINUTE),
    })
    expect(verifyVideoToken(psychologistToken.token.token, config, now)).toMatchObject({
      identity: room.psychologistIdentity,
      roomName: room.uniqueName,
    })
    expect(await db.auditEvent.count({ where: { action: 'video.joined', entityId: appointment.id } })).toBe(2)
    expect(await db.auditEvent.count({ where: { action: 'video.admitted', entityId: appointment.id } })).toBe(
      1,
    )
  })

  it('shows the patient as waiting only while their page keeps asking', async () => {
    const { appointment, start } = await videoSession()
    await sessionIntent(appointment.id, asPatient(), 'wait', at(start, -5))
    const view = (moment: Date) => sessionView(appointment.id, asPsychologist(), moment)
    expect((await view(new Date(at(start, -5).getTime() + 8_000)))!.admission.patientWaiting).toBe(true)
    expect((await view(new Date(at(start, -5).getTime() + 10_000)))!.admission.patientWaiting).toBe(false)
    await sessionIntent(appointment.id, asPatient(), 'wait', at(start, -4))
    await sessionIntent(appointment.id, asPatient(), 'leave', at(start, -4))
    expect((await view(at(start, -4)))!.admission.patientWaiting).toBe(false)
  })

  it('lets the patient straight in when the practice admits automatically', async () => {
    const { appointment, start } = await videoSession()
    await db.practice.update({ where: { id: 'practice' }, data: { videoAutoAdmit: true } })
    const waiting = await sessionIntent(appointment.id, asPatient(), 'wait', at(start, -2))
    expect(waiting.view?.admission).toMatchObject({ admitted: true, autoAdmit: true })
    const answer = await sessionIntent(appointment.id, asPatient(), 'token', at(start, -2))
    expect(answer.ok && answer.token?.identity).toMatch(/^id_/)
  })

  it('gives no token while the room is still being prepared, and says so', async () => {
    const { appointment, room, start } = await videoSession()
    await db.videoRoom.update({ where: { id: room.id }, data: { status: 'preparing', twilioSid: null } })
    const answer = await sessionIntent(appointment.id, asPsychologist(), 'token', at(start, -1))
    expect(answer).toMatchObject({ ok: true, view: { room: { state: 'preparing' } } })
    expect(answer).not.toHaveProperty('token')
  })

  it('lets a joining window that the practice shortened apply at once', async () => {
    const { appointment, start } = await videoSession()
    await db.practice.update({ where: { id: 'practice' }, data: { videoJoinOpensMinutes: 5 } })
    expect((await sessionView(appointment.id, asPatient(), at(start, -10)))!.refusal?.reason).toBe('early')
    expect((await sessionView(appointment.id, asPatient(), at(start, -5)))!.refusal).toBeNull()
  })
})

describe('a network test', () => {
  it('gets a token for a throwaway room that names nobody', async () => {
    const { appointment, room, start } = await videoSession()
    clockAt(at(start, -10))
    const answer = await sessionIntent(appointment.id, asPatient(), 'preflight', at(start, -10))
    if (!answer.ok || !answer.token) throw new Error('expected a token')
    const granted = verifyVideoToken(answer.token.token, readVideoConfig()!, at(start, -10))!
    expect(granted.roomName).toMatch(/^pf_/)
    expect(granted.roomName).not.toBe(room.uniqueName)
    expect(granted.identity).not.toBe(room.patientIdentity)
  })
})
