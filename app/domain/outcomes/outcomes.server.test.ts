// Outcome measures end to end on a real database: a psychologist asks, the patient is told (email
// and text, once), completes, is scored and banded, and a risk rule raises the flag.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { NotFoundError } from '~/domain/errors.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { deliverMessage } from '~/domain/notify/messages.server.ts'
import { planAppointmentMessages } from '~/domain/notify/appointment-messages.server.ts'
import { getSessionUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { startStandIns } from '../../../tests/mocks/index.ts'
import { clearOutbox, listOutbox } from '../../../tests/mocks/outbox.server.ts'
import { letPatientBeTexted, moveAndPlan, slotPicker } from '../../../tests/setup/messages.ts'
import { signedInCookie } from '../../../tests/setup/route-calls.ts'
import { bookSlot, offeredSlots, seedSchedulingDemo } from '../../../tests/setup/scheduling.ts'
import { AlreadyAssignedError, assignQuestionnaire, stopQuestionnaire } from './assignments.server.ts'
import { planAssignmentMessages } from './reminders.server.ts'
import {
  completeQuestionnaire,
  NoLongerDueError,
  patientQuestionnaires,
  questionnaireToComplete,
} from './responses.server.ts'
import { outcomesForPatient } from './results.server.ts'

const NOW = new Date('2026-12-07T00:00:00Z') // Monday 11:00 am in Sydney
const HOUR = 3_600_000
const access = { ipAddress: '203.0.113.9', path: '/clinician/patients/x' }
const patientAccess = { ipAddress: '203.0.113.10', path: '/patient/questionnaires/x' }

let patientId: string
let otherPatientId: string
let patientEmail: string
let psychologist: SessionUser
let stranger: SessionUser
let typeId: string
let slots: ReturnType<typeof slotPicker>
/** The patient's one session with Daniel, booked first. */
let session: Awaited<ReturnType<typeof book>>
let stopStandIns: () => void

async function sessionUser(userId: string) {
  const cookie = await signedInCookie(userId)
  return (await getSessionUser(new Request('http://localhost:3000/', { headers: { cookie } })))!
}

async function book(at = NOW) {
  const appointment = await bookSlot({
    patientId,
    slug: 'daniel-tran',
    appointmentTypeId: typeId,
    slot: slots.take(),
    now: at,
  })
  await planAppointmentMessages({ appointmentId: appointment.id, version: appointment.version }, at)
  return appointment
}

const answersOf = (count: number, value: number) => Array.from({ length: count }, () => value)
const messagesOf = (assignmentId: string) =>
  db.message.findMany({
    where: { questionnaireAssignmentId: assignmentId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })

beforeAll(async () => {
  stopStandIns = startStandIns()
  const demo = await seedSchedulingDemo()
  ;({ patientId, otherPatientId, typeId } = demo)
  patientEmail = (await db.user.findUniqueOrThrow({ where: { id: patientId } })).email
  slots = slotPicker(await offeredSlots('daniel-tran', NOW), NOW)
  await letPatientBeTexted(patientId, { mobile: '+61412555017', legalFirstName: 'Riley' })
  psychologist = await sessionUser(demo.psychologists['daniel-tran']!)
  stranger = await sessionUser(demo.psychologists['hannah-kowalski']!)
  // Booking puts Daniel on the patient's care team.
  session = await book()
})
afterAll(() => stopStandIns())
beforeEach(async () => {
  await clearOutbox()
})

describe('a questionnaire asked once', () => {
  it('is due at once, announced once by email and text without naming it, and done when completed', async () => {
    const assignment = await assignQuestionnaire({
      patientId,
      actor: psychologist,
      access,
      questionnaire: 'phq9',
      schedule: 'once',
      now: NOW,
    })
    expect((await patientQuestionnaires(patientId, NOW)).due).toEqual([
      expect.objectContaining({ assignmentId: assignment.id, name: 'PHQ-9', key: 'once', session: null }),
    ])

    // Planned again (a retried request): still one email and one text.
    await db.$transaction((tx) => planAssignmentMessages(tx, { ...assignment, schedule: 'once' }, NOW))
    const planned = await messagesOf(assignment.id)
    expect(planned.map((message) => [message.channel, message.status, message.dedupeKey])).toEqual([
      ['email', 'queued', `questionnaire-due:${assignment.id}:email`],
      ['sms', 'queued', `questionnaire-due:${assignment.id}:sms`],
    ])
    await deliverMessage(planned[0]!.id, NOW)
    const [email] = await listOutbox({ to: patientEmail })
    expect(email).toMatchObject({ subject: 'A short questionnaire from Haven Psychology' })
    expect(email!.text).toContain('Your psychologist has asked you to complete a short questionnaire.')
    expect(email!.text).toContain('http://localhost:3000/patient/questionnaires')
    expect(`${email!.subject}${email!.html}`).not.toMatch(/PHQ|depress/i)

    const completed = await completeQuestionnaire({
      patientId,
      assignmentId: assignment.id,
      occasion: 'once',
      answers: [1, 2, 1, 2, 0, 1, 2, 1, 1],
      access: patientAccess,
      now: NOW,
    })
    expect(completed).toMatchObject({ outcome: 'completed', crisis: true })
    const response = await db.questionnaireResponse.findFirstOrThrow({
      where: { assignmentId: assignment.id },
    })
    expect(response).toMatchObject({
      total: 11,
      scaleScores: [11],
      bands: ['moderate'],
      answers: [1, 2, 1, 2, 0, 1, 2, 1, 1],
    })
    expect(
      await db.riskFlag.findMany({ where: { patientId, acknowledgedAt: null }, select: { reason: true } }),
    ).toEqual([{ reason: 'phq9_item9' }])

    // The same form again (a double click, the back button): nothing more is saved.
    const again = await completeQuestionnaire({
      patientId,
      assignmentId: assignment.id,
      occasion: 'once',
      answers: answersOf(9, 0),
      access: patientAccess,
      now: NOW,
    })
    expect(again).toEqual({ outcome: 'already' })
    expect(await db.questionnaireResponse.count({ where: { assignmentId: assignment.id } })).toBe(1)
    expect((await patientQuestionnaires(patientId, NOW)).due).toEqual([])
    expect((await questionnaireToComplete(patientId, assignment.id, NOW)).due).toBeNull()

    // The text not yet sent goes no more; the assignment has ended, so the PHQ-9 can be asked anew.
    await deliverMessage(planned[1]!.id, NOW)
    expect(await db.message.findUniqueOrThrow({ where: { id: planned[1]!.id } })).toMatchObject({
      status: 'skipped',
      skipReason: 'Already completed',
    })
    expect(
      await db.questionnaireAssignment.findUniqueOrThrow({ where: { id: assignment.id } }),
    ).toMatchObject({
      active: null,
      endedAt: NOW,
    })
    const audited = await db.auditEvent.findFirstOrThrow({
      where: { action: 'questionnaire.completed', entityId: response.id },
    })
    expect(audited).toMatchObject({ actorId: patientId, patientId, ipAddress: '203.0.113.10' })
    expect(JSON.stringify(audited.detail)).not.toMatch(/answers|total|moderate/)
  })

  it('raises the severe flag for a severe DASS-21 subscale, and not for a mild one', async () => {
    await db.riskFlag.updateMany({ where: { patientId }, data: { acknowledgedAt: NOW } })
    const mild = await assignQuestionnaire({
      patientId,
      actor: psychologist,
      access,
      questionnaire: 'dass21',
      schedule: 'once',
      now: NOW,
    })
    const mildAnswers = answersOf(21, 0)
    mildAnswers[2] = 3
    mildAnswers[4] = 2 // depression (3 + 2) × 2 = 10: mild
    expect(
      await completeQuestionnaire({
        patientId,
        assignmentId: mild.id,
        occasion: 'once',
        answers: mildAnswers,
        access: patientAccess,
        now: NOW,
      }),
    ).toMatchObject({ crisis: false })
    expect(await db.riskFlag.count({ where: { patientId, acknowledgedAt: null } })).toBe(0)

    const severe = await assignQuestionnaire({
      patientId,
      actor: psychologist,
      access,
      questionnaire: 'dass21',
      schedule: 'once',
      now: NOW,
    })
    const severeAnswers = answersOf(21, 0)
    for (const item of [2, 4, 7, 9, 15]) severeAnswers[item - 1] = 2 // anxiety 10 × 2 = 20: extremely severe
    expect(
      await completeQuestionnaire({
        patientId,
        assignmentId: severe.id,
        occasion: 'once',
        answers: severeAnswers,
        access: patientAccess,
        now: NOW,
      }),
    ).toMatchObject({ crisis: true })
    const response = await db.questionnaireResponse.findFirstOrThrow({ where: { assignmentId: severe.id } })
    expect(response).toMatchObject({
      total: 20,
      scaleScores: [0, 20, 0],
      bands: ['normal', 'extremely_severe', 'normal'],
    })
    expect(
      await db.riskFlag.findMany({ where: { patientId, acknowledgedAt: null }, select: { reason: true } }),
    ).toEqual([{ reason: 'measure_severe' }])
  })
})

describe('a questionnaire before every session', () => {
  it('is due from 72 hours before each session, asked once per session, and again after a move', async () => {
    const assignment = await assignQuestionnaire({
      patientId,
      actor: psychologist,
      access,
      questionnaire: 'gad7',
      schedule: 'before_each_session',
      now: NOW,
    })
    expect((await patientQuestionnaires(patientId, NOW)).due).toEqual([])
    const opens = new Date(session.startsAt.getTime() - 72 * HOUR)
    const due = await patientQuestionnaires(patientId, opens)
    expect(due.due).toEqual([
      expect.objectContaining({
        assignmentId: assignment.id,
        key: session.id,
        session: expect.objectContaining({ startsAt: session.startsAt.toISOString() }),
      }),
    ])

    // The session's own planner runs again (a re-delivered job): the asks are not doubled.
    await planAppointmentMessages({ appointmentId: session.id, version: session.version }, NOW)
    const forSession = (await messagesOf(assignment.id)).filter(
      (message) => message.appointmentId === session.id,
    )
    expect(forSession.map((message) => [message.channel, message.dedupeKey])).toEqual([
      ['email', `questionnaire-due:${assignment.id}:${session.id}:v${session.version}:email`],
      ['sms', `questionnaire-due:${assignment.id}:${session.id}:v${session.version}:sms`],
    ])
    for (const message of forSession)
      expect(message.sendAt!.getTime()).toBeGreaterThanOrEqual(opens.getTime())

    // Moved: the old asks are dropped, new ones planned for its new time.
    const later = slots.take()
    await moveAndPlan(session.id, psychologist.id, later.start, NOW)
    const afterMove = (await messagesOf(assignment.id)).filter(
      (message) => message.appointmentId === session.id,
    )
    expect(afterMove.map((message) => [message.status, message.dedupeKey!.split(':').at(-2)])).toEqual([
      ['skipped', `v${session.version}`],
      ['skipped', `v${session.version}`],
      ['queued', `v${session.version + 1}`],
      ['queued', `v${session.version + 1}`],
    ])

    // Completed before it: not due again for that session; its ask is not sent.
    const dueAt = new Date(later.start.getTime() - HOUR)
    await completeQuestionnaire({
      patientId,
      assignmentId: assignment.id,
      occasion: session.id,
      answers: answersOf(7, 1),
      access: patientAccess,
      now: dueAt,
    })
    expect((await patientQuestionnaires(patientId, dueAt)).due).toEqual([])
    const email = afterMove[2]!
    await deliverMessage(email.id, dueAt)
    expect(await db.message.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({
      status: 'skipped',
      skipReason: 'Already completed',
    })
    // A form for a session that is over and was never answered saves nothing.
    await expect(
      completeQuestionnaire({
        patientId,
        assignmentId: assignment.id,
        occasion: 'a-past-session',
        answers: answersOf(7, 1),
        access: patientAccess,
        now: dueAt,
      }),
    ).rejects.toThrow(NoLongerDueError)
  })

  it('plans an ask for a session booked after the assignment', async () => {
    const assignment = await db.questionnaireAssignment.findFirstOrThrow({
      where: { patientId, questionnaire: 'gad7', active: true },
    })
    const session = await book()
    const asks = await db.message.findMany({
      where: { questionnaireAssignmentId: assignment.id, appointmentId: session.id },
    })
    expect(asks.map((message) => message.channel).sort()).toEqual(['email', 'sms'])
  })
})

describe('who may do what', () => {
  it('refuses a second running assignment of the same questionnaire', async () => {
    await expect(
      assignQuestionnaire({
        patientId,
        actor: psychologist,
        access,
        questionnaire: 'gad7',
        schedule: 'once',
        now: NOW,
      }),
    ).rejects.toThrow(AlreadyAssignedError)
  })

  it("keeps a patient out of another patient's questionnaire: not found, nothing saved", async () => {
    const assignment = await db.questionnaireAssignment.findFirstOrThrow({
      where: { patientId, active: true },
    })
    await expect(questionnaireToComplete(otherPatientId, assignment.id, NOW)).rejects.toThrow(NotFoundError)
    await expect(
      completeQuestionnaire({
        patientId: otherPatientId,
        assignmentId: assignment.id,
        occasion: 'once',
        answers: answersOf(7, 0),
        access: patientAccess,
        now: NOW,
      }),
    ).rejects.toThrow(NotFoundError)
  })

  it('lets only the care team assign or read, and audits every read with whose record and from where', async () => {
    await expect(outcomesForPatient(patientId, stranger, access, NOW)).rejects.toThrow(NotFoundError)
    await expect(
      assignQuestionnaire({
        patientId,
        actor: stranger,
        access,
        questionnaire: 'k10',
        schedule: 'once',
        now: NOW,
      }),
    ).rejects.toThrow(NotFoundError)

    const before = await db.auditEvent.count({ where: { action: 'questionnaire.results_read', patientId } })
    const outcomes = await outcomesForPatient(patientId, psychologist, access, NOW)
    expect(outcomes.series.map((series) => [series.questionnaire, series.points.length])).toEqual([
      ['phq9', 1],
      ['gad7', 1],
      ['dass21', 2],
    ])
    expect(outcomes.series[0]!.points[0]).toMatchObject({ total: 11, watchedItems: [{ item: 9, value: 1 }] })
    expect(outcomes.assignable).toEqual(['phq9', 'dass21', 'k10'])
    const reads = await db.auditEvent.findMany({
      where: { action: 'questionnaire.results_read', patientId },
      orderBy: { at: 'asc' },
    })
    expect(reads).toHaveLength(before + 1)
    expect(reads.at(-1)).toMatchObject({
      actorId: psychologist.id,
      ipAddress: '203.0.113.9',
      path: '/clinician/patients/x',
    })
  })

  it('stops an assignment: no longer due, its waiting asks skipped, audited', async () => {
    const assignment = await db.questionnaireAssignment.findFirstOrThrow({
      where: { patientId, questionnaire: 'gad7', active: true },
    })
    await stopQuestionnaire({ patientId, actor: psychologist, access, assignmentId: assignment.id, now: NOW })
    expect(
      await db.message.count({ where: { questionnaireAssignmentId: assignment.id, status: 'queued' } }),
    ).toBe(0)
    expect((await patientQuestionnaires(patientId, new Date(NOW.getTime() + 24 * 7 * HOUR))).due).toEqual([])
    expect(
      await db.auditEvent.count({
        where: {
          action: 'questionnaire.stopped',
          entityId: assignment.id,
          patientId,
          ipAddress: '203.0.113.9',
        },
      }),
    ).toBe(1)
    // Stopping twice is harmless; another patient's id is not found.
    await stopQuestionnaire({ patientId, actor: psychologist, access, assignmentId: assignment.id, now: NOW })
    await expect(
      stopQuestionnaire({ patientId, actor: psychologist, access, assignmentId: 'not-there', now: NOW }),
    ).rejects.toThrow(NotFoundError)
  })
})
