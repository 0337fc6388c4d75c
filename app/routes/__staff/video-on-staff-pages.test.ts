// What staff see of a telehealth session's video on the appointment page: the room's state
// (a failed attempt in Twilio's words), who joined and left when, the attendance suggestion,
// and Start session for the psychologist whose session it is (not for the manager).
import { beforeAll, describe, expect, it } from 'vitest'
import { liveVideoRoom, prepareVideoRoom } from '~/domain/telehealth/rooms.server.ts'
import { loader as clinicianAppointment } from '~/routes/clinician+/appointments.$appointmentId.tsx'
import { loader as managerAppointment } from '~/routes/manager+/appointments.$appointmentId.tsx'
import { action as videoCallback } from '~/routes/webhooks+/twilio.video.ts'
import { db } from '~/utils/db.server.ts'
import {
  failNextRoomCreates,
  standInParticipantConnected,
} from '../../../tests/mocks/twilio/video-rooms.server.ts'
import { deliverTwilioCallbacks } from '../../../tests/mocks/twilio/webhooks.server.ts'
import { cookieFor, loadPage, routeContext } from '../../../tests/setup/route-calls.ts'
import { unlimited, videoTestFile } from '../../../tests/setup/video.ts'

const NOW = new Date('2026-12-06T21:00:00Z')
const deps = { limiter: unlimited }

const file = videoTestFile(NOW)

let cookies: { psychologist: string; manager: string }
beforeAll(async () => {
  cookies = {
    psychologist: await cookieFor('daniel.tran@haven.test'),
    manager: await cookieFor('manager@haven.test'),
  }
})

const page = (appointmentId: string, as: 'psychologist' | 'manager') =>
  loadPage(as === 'psychologist' ? clinicianAppointment : managerAppointment, {
    path: `/x/appointments/${appointmentId}`,
    params: { appointmentId },
    cookie: cookies[as],
  })

describe('the appointment page’s video session', () => {
  it('shows a failed attempt in Twilio’s words and when it is tried again', async () => {
    const appointment = await file.demo.bookTelehealth()
    const room = (await liveVideoRoom(appointment.id))!
    await failNextRoomCreates(1, '500')
    await expect(prepareVideoRoom(room.id, deps)).rejects.toThrow()
    // As pg-boss leaves a failed job: waiting out its backoff.
    await db.$executeRaw`update pgboss.job set state = 'retry', start_after = ${new Date('2030-01-01T00:00:00Z')}
      where singleton_key = ${room.id}`

    const { body } = await page(appointment.id, 'manager')

    expect(body).toMatchObject({
      video: {
        room: {
          status: 'preparing',
          attempts: 1,
          lastError: '20500 (500): Internal Server Error',
          lastAttemptAt: expect.any(String),
          nextAttemptAt: '2030-01-01T00:00:00.000Z',
        },
        participants: [],
        suggestion: null,
        startSessionPath: null,
      },
    })
  })

  it('shows who joined, the suggestion, and Start session for its psychologist', async () => {
    const appointment = await file.demo.bookTelehealth()
    const room = (await liveVideoRoom(appointment.id))!
    await prepareVideoRoom(room.id, deps)
    await standInParticipantConnected({ roomName: room.uniqueName, identity: room.patientIdentity })
    await deliverTwilioCallbacks((request) => videoCallback({ request, params: {}, context: routeContext }))

    const { body } = await page(appointment.id, 'psychologist')

    expect(body).toMatchObject({
      video: {
        room: { status: 'ready', readyAt: expect.any(String) },
        participants: [{ role: 'patient', joinedAt: expect.any(String), leftAt: null }],
        suggestion: 'attended',
        patientJoinedAt: expect.any(String),
        startSessionPath: `/clinician/appointments/${appointment.id}/session`,
      },
    })
    // The manager sees the same, without Start session.
    expect((await page(appointment.id, 'manager')).body).toMatchObject({
      video: { suggestion: 'attended', startSessionPath: null },
    })
  })

  it('is not there for an in-person session', async () => {
    const appointment = await file.demo.bookTelehealth('in_person')
    expect((await page(appointment.id, 'psychologist')).body).toMatchObject({ video: null })
  })
})
