// Video rooms on a real database and the Twilio Video stand-in: the rows and jobs each change
// of a telehealth appointment leaves, and what the prepare, close and sweep jobs do.
import { describe, expect, it } from 'vitest'
import {
  cancelAppointmentAsStaff,
  rescheduleAppointmentAsStaff,
} from '~/domain/scheduling/staff-changes.server.ts'
import { db } from '~/utils/db.server.ts'
import { videoRoomCloseQueue, videoRoomPrepareQueue } from '~/utils/queues.server.ts'
import {
  failNextRoomCreates,
  listStandInRooms,
  standInRoomByName,
} from '../../../tests/mocks/twilio/video-rooms.server.ts'
import { unlimited, videoTestFile } from '../../../tests/setup/video.ts'
import {
  closeVideoRoom,
  completeVideoRoom,
  ensureRoomSoon,
  liveVideoRoom,
  planVideoRoomForChange,
  prepareVideoRoom,
  sweepVideoRooms,
  VIDEO_ROOM_LEAD_MINUTES,
} from './rooms.server.ts'
import { createVideoRoom } from './twilio-video.server.ts'

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 8:00 am in Sydney
const MINUTE = 60_000
const deps = { limiter: unlimited }

const file = videoTestFile(NOW)

type JobRow = {
  id: string
  data: { roomId: string }
  singletonKey: string | null
  startAfter: Date
  state: string
}
const jobsOf = (queue: string, roomId: string) =>
  db.$queryRaw<JobRow[]>`
    select id::text, data, singleton_key as "singletonKey", start_after as "startAfter", state
    from pgboss.job where name = ${queue} and data->>'roomId' = ${roomId} order by created_on`

/** The manager cancels the session (its change not yet planned). */
const cancel = (appointment: { id: string; version: number }) =>
  cancelAppointmentAsStaff({
    appointmentId: appointment.id,
    scope: {},
    actorId: file.demo.managerId,
    version: appointment.version,
    reason: 'Psychologist unwell',
    lateByPatient: false,
    now: NOW,
  })

const roomsOf = (appointmentId: string) =>
  db.videoRoom.findMany({ where: { appointmentId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })

describe('planning a room from the appointment', () => {
  it('gives a confirmed telehealth session one live room with opaque names, prepared 30 minutes before', async () => {
    const appointment = await file.demo.bookTelehealth()

    const [room, ...others] = await roomsOf(appointment.id)
    expect(others).toEqual([])
    expect(room).toMatchObject({
      status: 'preparing',
      live: true,
      appointmentVersion: appointment.version,
      startsAt: appointment.startsAt,
      uniqueName: expect.stringMatching(/^rm_[a-z2-7]{24}$/),
      patientIdentity: expect.stringMatching(/^id_[a-z2-7]{24}$/),
      psychologistIdentity: expect.stringMatching(/^id_[a-z2-7]{24}$/),
      attempts: 0,
    })
    expect(await jobsOf(videoRoomPrepareQueue.name, room!.id)).toEqual([
      expect.objectContaining({
        singletonKey: room!.id,
        startAfter: new Date(appointment.startsAt.getTime() - VIDEO_ROOM_LEAD_MINUTES * MINUTE),
      }),
    ])
  })

  it('adds nothing when the change is delivered again', async () => {
    const appointment = await file.demo.bookTelehealth()
    const change = { appointmentId: appointment.id, version: appointment.version }

    expect(await planVideoRoomForChange(change, NOW)).toBe('kept')

    const rooms = await roomsOf(appointment.id)
    expect(rooms).toHaveLength(1)
    expect(await jobsOf(videoRoomPrepareQueue.name, rooms[0]!.id)).toHaveLength(1)
  })

  it('gives an in-person session none', async () => {
    const appointment = await file.demo.bookTelehealth('in_person')
    expect(await roomsOf(appointment.id)).toEqual([])
  })
})

describe('the prepare job', () => {
  it('creates the room at Twilio and marks it ready', async () => {
    const appointment = await file.demo.bookTelehealth()
    const room = (await liveVideoRoom(appointment.id))!

    expect(await prepareVideoRoom(room.id, deps)).toBe('ready')

    const ready = (await liveVideoRoom(appointment.id))!
    const atTwilio = await standInRoomByName(room.uniqueName)
    expect(ready).toMatchObject({
      status: 'ready',
      twilioSid: atTwilio?.sid,
      readyAt: expect.any(Date),
      attempts: 1,
      lastError: '',
    })
    expect(atTwilio).toMatchObject({ status: 'in-progress', maxParticipants: 2, mediaRegion: 'au1' })
    // Run again (a re-delivered job): nothing more is made.
    expect(await prepareVideoRoom(room.id, deps)).toBe('not-preparing')
    expect((await listStandInRooms()).filter((made) => made.uniqueName === room.uniqueName)).toHaveLength(1)
  })

  it('finds a create whose answer was lost and adopts it: never two rooms', async () => {
    const appointment = await file.demo.bookTelehealth()
    const room = (await liveVideoRoom(appointment.id))!
    await failNextRoomCreates(1, 'lost')

    expect(await prepareVideoRoom(room.id, deps)).toBe('adopted')

    const made = (await listStandInRooms()).filter((candidate) => candidate.uniqueName === room.uniqueName)
    expect(made).toHaveLength(1)
    expect(await liveVideoRoom(appointment.id)).toMatchObject({ status: 'ready', twilioSid: made[0]!.sid })
  })

  it('adopts the room an earlier lost create made when Twilio answers 53113 Room exists', async () => {
    const appointment = await file.demo.bookTelehealth()
    const room = (await liveVideoRoom(appointment.id))!
    // An earlier attempt made it at Twilio, and neither its answer nor a lookup came back.
    const earlier = await createVideoRoom({ uniqueName: room.uniqueName, maxParticipants: 2 })
    if (!earlier.ok) throw new Error(earlier.error)

    expect(await prepareVideoRoom(room.id, deps)).toBe('adopted')

    expect(await liveVideoRoom(appointment.id)).toMatchObject({
      status: 'ready',
      twilioSid: earlier.room.sid,
    })
    expect((await listStandInRooms()).filter((made) => made.uniqueName === room.uniqueName)).toHaveLength(1)
  })

  it('records a 5xx with Twilio’s words and throws for pg-boss to retry; the retry makes it ready', async () => {
    const appointment = await file.demo.bookTelehealth()
    const room = (await liveVideoRoom(appointment.id))!
    await failNextRoomCreates(2, '500')

    await expect(prepareVideoRoom(room.id, deps)).rejects.toThrow(
      'Twilio Video: 20500 (500): Internal Server Error',
    )
    await expect(prepareVideoRoom(room.id, deps)).rejects.toThrow()
    expect(await liveVideoRoom(appointment.id)).toMatchObject({
      status: 'preparing',
      attempts: 2,
      lastError: '20500 (500): Internal Server Error',
      lastAttemptAt: expect.any(Date),
    })

    expect(await prepareVideoRoom(room.id, deps)).toBe('ready')
    expect(await liveVideoRoom(appointment.id)).toMatchObject({ status: 'ready', attempts: 3, lastError: '' })
  })
})

describe('the prepare job under Twilio’s 429', () => {
  it('holds every process’s writes off for the Retry-After, then retries', async () => {
    const appointment = await file.demo.bookTelehealth()
    const room = (await liveVideoRoom(appointment.id))!
    const pauses: number[] = []
    const limiter = { ...unlimited, pause: (seconds: number) => Promise.resolve(void pauses.push(seconds)) }
    await failNextRoomCreates(1, '429')

    await expect(prepareVideoRoom(room.id, { limiter })).rejects.toThrow('20429 (429): Too Many Requests')

    expect(pauses).toEqual([1])
    expect(await liveVideoRoom(appointment.id)).toMatchObject({ status: 'preparing', attempts: 1 })
  })
})

describe('a cancelled, moved or ended session', () => {
  it('cancelled: the room ends and a job completes it at Twilio', async () => {
    const appointment = await file.demo.bookTelehealth()
    const room = (await liveVideoRoom(appointment.id))!
    await prepareVideoRoom(room.id, deps)
    await cancel(appointment)

    expect(
      await planVideoRoomForChange({ appointmentId: appointment.id, version: appointment.version + 1 }, NOW),
    ).toBe('ended')

    expect(await liveVideoRoom(appointment.id)).toBeNull()
    expect(await db.videoRoom.findUniqueOrThrow({ where: { id: room.id } })).toMatchObject({
      status: 'ended',
      live: null,
      endReason: 'cancelled',
      endedAt: NOW,
    })
    expect(await jobsOf(videoRoomCloseQueue.name, room.id)).toHaveLength(1)
    expect(await closeVideoRoom(room.id, deps)).toBe('closed')
    expect(await standInRoomByName(room.uniqueName)).toMatchObject({ status: 'completed' })
  })

  it('cancelled before Twilio made it: ended without a close job; a create racing it is completed', async () => {
    const appointment = await file.demo.bookTelehealth()
    const room = (await liveVideoRoom(appointment.id))!
    await cancel(appointment)
    await planVideoRoomForChange({ appointmentId: appointment.id, version: appointment.version + 1 }, NOW)

    expect(await jobsOf(videoRoomCloseQueue.name, room.id)).toEqual([])
    expect(await prepareVideoRoom(room.id, deps)).toBe('not-preparing')
    expect(
      await listStandInRooms().then((rooms) => rooms.some((made) => made.uniqueName === room.uniqueName)),
    ).toBe(false)
  })

  it('moved: the room for the old time ends and a new one is planned for the new time', async () => {
    const appointment = await file.demo.bookTelehealth()
    const old = (await liveVideoRoom(appointment.id))!
    await prepareVideoRoom(old.id, deps)
    const start = file.demo.slots.take('telehealth').start
    await rescheduleAppointmentAsStaff({
      appointmentId: appointment.id,
      scope: {},
      actorId: file.demo.managerId,
      version: appointment.version,
      start,
      reason: 'Patient rang',
      now: NOW,
    })

    expect(
      await planVideoRoomForChange({ appointmentId: appointment.id, version: appointment.version + 1 }, NOW),
    ).toBe('replaced')

    const [ended, replacement] = await roomsOf(appointment.id)
    expect(ended).toMatchObject({ id: old.id, status: 'ended', endReason: 'moved' })
    expect(replacement).toMatchObject({ live: true, status: 'preparing', startsAt: start })
    expect(replacement!.uniqueName).not.toBe(old.uniqueName)
    expect(await jobsOf(videoRoomCloseQueue.name, old.id)).toHaveLength(1)
    expect(await jobsOf(videoRoomPrepareQueue.name, replacement!.id)).toEqual([
      expect.objectContaining({ startAfter: new Date(start.getTime() - VIDEO_ROOM_LEAD_MINUTES * MINUTE) }),
    ])
  })

  it('End session: the room ends as completed, audited, and is completed at Twilio', async () => {
    const appointment = await file.demo.bookTelehealth()
    const room = (await liveVideoRoom(appointment.id))!
    await prepareVideoRoom(room.id, deps)

    const ended = await completeVideoRoom(appointment.id, appointment.psychologistId, NOW)

    expect(ended).toMatchObject({ id: room.id, status: 'ended', endReason: 'completed' })
    expect(await completeVideoRoom(appointment.id, appointment.psychologistId, NOW)).toBeNull()
    expect(
      await db.auditEvent.findMany({ where: { action: 'video-room.completed', entityId: appointment.id } }),
    ).toEqual([expect.objectContaining({ actorId: appointment.psychologistId, detail: { roomId: room.id } })])
    await closeVideoRoom(room.id, deps)
    expect(await standInRoomByName(room.uniqueName)).toMatchObject({ status: 'completed' })
  })
})

describe('ensureRoomSoon (the session page, when Twilio ended the room early)', () => {
  it('makes a room due now when none is live, and returns the live one otherwise', async () => {
    const appointment = await file.demo.bookTelehealth()
    const first = (await liveVideoRoom(appointment.id))!
    expect(await ensureRoomSoon(appointment.id, NOW)).toMatchObject({ id: first.id })

    await db.videoRoom.update({
      where: { id: first.id },
      data: { status: 'ended', live: null, endedAt: NOW, endReason: 'twilio' },
    })
    const later = new Date(appointment.startsAt.getTime() - 5 * MINUTE)
    const again = await ensureRoomSoon(appointment.id, later)

    expect(again).toMatchObject({ live: true, status: 'preparing' })
    expect(again!.id).not.toBe(first.id)
    expect(await jobsOf(videoRoomPrepareQueue.name, again!.id)).toEqual([
      expect.objectContaining({ startAfter: later }),
    ])
  })
})

describe('after the psychologist ends the session', () => {
  it('no page still open on it makes another room', async () => {
    const appointment = await file.demo.bookTelehealth()
    const room = (await liveVideoRoom(appointment.id))!
    await completeVideoRoom(appointment.id, appointment.psychologistId, NOW)
    expect(await ensureRoomSoon(appointment.id, NOW)).toBeNull()
    expect(await liveVideoRoom(appointment.id)).toBeNull()
    expect(await db.videoRoom.count({ where: { appointmentId: appointment.id } })).toBe(1)
    expect((await db.videoRoom.findUniqueOrThrow({ where: { id: room.id } })).endReason).toBe('completed')
  })
})

describe('the sweeper', () => {
  it('gives a due room whose job was lost a job again, and leaves rooms not due alone', async () => {
    const appointment = await file.demo.bookTelehealth()
    const room = (await liveVideoRoom(appointment.id))!
    await db.$executeRaw`delete from pgboss.job where data->>'roomId' = ${room.id}`

    const early = new Date(appointment.startsAt.getTime() - (VIDEO_ROOM_LEAD_MINUTES + 5) * MINUTE)
    await sweepVideoRooms(early)
    expect(await jobsOf(videoRoomPrepareQueue.name, room.id)).toEqual([])
    const due = new Date(appointment.startsAt.getTime() - (VIDEO_ROOM_LEAD_MINUTES - 2) * MINUTE)
    expect(await sweepVideoRooms(due)).toBeGreaterThanOrEqual(1)

    expect(await jobsOf(videoRoomPrepareQueue.name, room.id)).toEqual([
      expect.objectContaining({ singletonKey: room.id, state: 'created' }),
    ])
    // A room tried a moment ago is left to its own retries.
    await db.videoRoom.update({ where: { id: room.id }, data: { lastAttemptAt: due } })
    await db.$executeRaw`delete from pgboss.job where data->>'roomId' = ${room.id}`
    await sweepVideoRooms(due)
    expect(await jobsOf(videoRoomPrepareQueue.name, room.id)).toEqual([])
  })
})
