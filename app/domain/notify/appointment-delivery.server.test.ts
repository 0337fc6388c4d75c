// Appointment messages end to end on a real database and the real adapters against their
// stand-ins: planned by the consumer of changes, built and sent by deliverMessage as the worker
// calls it, recorded in the outbox as Resend and Twilio would have them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { startStandIns } from '../../../tests/mocks/index.ts'
import { clearOutbox, listOutbox } from '../../../tests/mocks/outbox.server.ts'
import { deliverTwilioCallbacks, takeTwilioCallbacks } from '../../../tests/mocks/twilio/webhooks.server.ts'
import { cancelAndPlan, letPatientBeTexted, moveAndPlan, slotPicker } from '../../../tests/setup/messages.ts'
import { routeContext } from '../../../tests/setup/route-calls.ts'
import { bookSlot, offeredSlots, seedSchedulingDemo } from '../../../tests/setup/scheduling.ts'
import { action as statusAction } from '../../routes/webhooks+/twilio.status.ts'
import { planAppointmentMessages } from './appointment-messages.server.ts'
import { deliverMessage, RetryableDeliveryError } from './messages.server.ts'

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 8:00 am in Sydney
const HOUR = 3_600_000
const MOBILE = '+61412555003'
let patientId: string
let patientEmail: string
let managerId: string
let typeId: string
let slots: ReturnType<typeof slotPicker>
let stopStandIns: () => void

beforeAll(async () => {
  stopStandIns = startStandIns()
  ;({ patientId, managerId, typeId } = await seedSchedulingDemo())
  patientEmail = (await db.user.findUniqueOrThrow({ where: { id: patientId } })).email
  slots = slotPicker(await offeredSlots('daniel-tran', NOW), NOW)
  await letPatientBeTexted(patientId, { mobile: MOBILE, legalFirstName: 'Riley', legalLastName: 'Patel' })
})
afterAll(() => stopStandIns())
beforeEach(async () => {
  await clearOutbox()
  takeTwilioCallbacks()
})

async function booked(modality: 'telehealth' | 'in_person') {
  const slot = slots.take(modality)
  const appointment = await bookSlot({
    patientId,
    slug: 'daniel-tran',
    appointmentTypeId: typeId,
    slot,
    now: NOW,
  })
  await planAppointmentMessages({ appointmentId: appointment.id, version: appointment.version }, NOW)
  return appointment
}

/** Sends every message of the appointment that is due by `at`, as the worker would. */
async function sendDue(appointmentId: string, at: Date) {
  const due = await db.message.findMany({
    where: { appointmentId, status: 'queued', OR: [{ sendAt: null }, { sendAt: { lte: at } }] },
    orderBy: { createdAt: 'asc' },
  })
  for (const message of due) await deliverMessage(message.id, at)
  return due.length
}

const statesOf = async (appointmentId: string) =>
  (
    await db.message.findMany({ where: { appointmentId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
  ).map((message) => `${message.template} ${message.channel} ${message.status}`)

describe('the booking confirmation', () => {
  it('emails the patient with the calendar file and the join link, texts them, and tells the psychologist', async () => {
    const appointment = await booked('telehealth')
    await sendDue(appointment.id, NOW)

    const [email] = await listOutbox({ to: patientEmail })
    expect(email).toMatchObject({ channel: 'email', subject: expect.stringContaining('is confirmed') })
    expect(email!.attachments).toEqual([
      expect.objectContaining({ filename: 'haven-session.ics', contentType: 'text/calendar; charset=utf-8' }),
    ])
    const calendar = Buffer.from(email!.attachments![0]!.content, 'base64').toString('utf8')
    expect(calendar).toContain(`UID:${appointment.id}@haven`)
    expect(calendar).toContain('DTSTART;TZID=Australia/Sydney:')
    expect(email!.text).toContain(`http://localhost:3000/patient/appointments/${appointment.id}/session`)

    const [sms] = await listOutbox({ to: MOBILE })
    expect(sms).toMatchObject({ channel: 'sms' })
    expect(sms!.text).toMatch(
      /^Haven Psychology: session confirmed for .+ AEDT\. Details: http:\/\/localhost:3000\/patient\/appointments$/,
    )

    const psychologist = await db.user.findUniqueOrThrow({ where: { id: appointment.psychologistId } })
    const [staffEmail] = await listOutbox({ to: psychologist.email })
    expect(staffEmail!.subject).toContain('new booking')
    expect(staffEmail!.text).toContain('Riley P.')
    expect(staffEmail!.text).not.toContain('Patel')

    const rows = await db.message.findMany({
      where: {
        appointmentId: appointment.id,
        template: { in: ['appointment-confirmed', 'psychologist-new-booking'] },
      },
    })
    expect(
      rows.every(
        (row) =>
          row.status === 'sent' && row.appointmentStartsAt?.getTime() === appointment.startsAt.getTime(),
      ),
    ).toBe(true)
  })

  it('follows the SMS through Twilio’s signed status callbacks to delivered', async () => {
    const appointment = await booked('in_person')
    await sendDue(appointment.id, NOW)
    const responses = await deliverTwilioCallbacks((request) =>
      statusAction({ request, params: {}, context: routeContext }),
    )
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200])
    const sms = await db.message.findFirstOrThrow({
      where: { appointmentId: appointment.id, channel: 'sms', template: 'appointment-confirmed' },
    })
    expect(sms).toMatchObject({
      status: 'delivered',
      vendorStatus: 'delivered',
      deliveredAt: expect.any(Date),
    })
  })
})

describe('changes', () => {
  it('a move undone within the delay sends nothing; the reminders go for the time kept', async () => {
    const appointment = await booked('in_person')
    await sendDue(appointment.id, NOW)
    await clearOutbox()
    await moveAndPlan(appointment.id, managerId, slots.take('in_person').start, NOW)
    await moveAndPlan(appointment.id, managerId, appointment.startsAt, NOW)
    await sendDue(appointment.id, new Date(NOW.getTime() + 3 * 60_000))
    expect(await listOutbox()).toEqual([])
    const notices = await db.message.findMany({
      where: { appointmentId: appointment.id, template: { contains: 'moved' } },
    })
    expect(notices.map((notice) => [notice.status, notice.skipReason])).toEqual(
      Array(3).fill(['skipped', 'The session is back at the time already given']),
    )
    // The clock run to the session: the reminders for the (unchanged) time go, once each.
    await sendDue(appointment.id, new Date(appointment.startsAt.getTime() - 60_000))
    expect((await listOutbox()).map((message) => message.channel).sort()).toEqual(['email', 'sms'])
  })

  it('a cancelled session gets its notice, with the refund in words, and never a reminder', async () => {
    const appointment = await booked('in_person')
    await sendDue(appointment.id, NOW)
    await cancelAndPlan(appointment.id, appointment.psychologistId, NOW)
    await clearOutbox()
    // Run the clock past the session: only the notice goes.
    await sendDue(appointment.id, new Date(appointment.startsAt.getTime() + HOUR))
    const sent = await listOutbox()
    expect(sent.map((message) => message.channel).sort()).toEqual(['email', 'sms'])
    const email = sent.find((message) => message.channel === 'email')!
    expect(email.subject).toContain('is cancelled')
    expect(email.text).toMatch(/had to cancel/)
    expect(email.attachments?.[0]?.filename).toBe('haven-session.ics')
    expect(Buffer.from(email.attachments![0]!.content, 'base64').toString('utf8')).toContain('METHOD:CANCEL')
    expect(await statesOf(appointment.id)).toEqual([
      'appointment-confirmed email sent',
      'appointment-confirmed sms sent',
      'psychologist-new-booking email sent',
      'appointment-reminder email skipped',
      'appointment-reminder sms skipped',
      'appointment-cancelled email sent',
      'appointment-cancelled sms sent',
    ])
  })
})

describe('vendor faults', () => {
  it('a 5xx from Resend is retried with the vendor’s words kept, and the next try sends it', async () => {
    const appointment = await booked('in_person')
    await db.user.update({ where: { id: patientId }, data: { email: 'riley+fail-500@example.com' } })
    const confirmation = await db.message.findFirstOrThrow({
      where: { appointmentId: appointment.id, channel: 'email', template: 'appointment-confirmed' },
    })
    await expect(deliverMessage(confirmation.id, NOW)).rejects.toBeInstanceOf(RetryableDeliveryError)
    expect(await db.message.findUniqueOrThrow({ where: { id: confirmation.id } })).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: expect.stringContaining('internal_server_error (500)'),
    })
    await db.user.update({ where: { id: patientId }, data: { email: patientEmail } })
    await expect(deliverMessage(confirmation.id, NOW)).resolves.toEqual({ status: 'sent' })
    expect(await db.message.findUniqueOrThrow({ where: { id: confirmation.id } })).toMatchObject({
      status: 'sent',
      attempts: 2,
      lastError: null,
      toAddress: patientEmail,
    })
  })

  it('Twilio refusing an opted-out number fails the SMS and turns texts off for the patient', async () => {
    const appointment = await booked('in_person')
    await db.patientProfile.update({ where: { userId: patientId }, data: { mobile: '+61400021610' } })
    const sms = await db.message.findFirstOrThrow({
      where: { appointmentId: appointment.id, channel: 'sms', template: 'appointment-confirmed' },
    })
    await expect(deliverMessage(sms.id, NOW)).resolves.toEqual({ status: 'failed' })
    expect((await db.message.findUniqueOrThrow({ where: { id: sms.id } })).lastError).toContain('21610')
    const profile = await db.patientProfile.findUniqueOrThrow({ where: { userId: patientId } })
    expect(profile.smsOptedOutAt).toBeInstanceOf(Date)
    // The next text for this patient is skipped, with why.
    const reminder = await db.message.findFirstOrThrow({
      where: { appointmentId: appointment.id, channel: 'sms', template: 'appointment-reminder' },
    })
    await expect(deliverMessage(reminder.id, NOW)).resolves.toEqual({ status: 'skipped' })
    expect((await db.message.findUniqueOrThrow({ where: { id: reminder.id } })).skipReason).toBe(
      'The patient replied STOP',
    )
    await db.patientProfile.update({
      where: { userId: patientId },
      data: { mobile: MOBILE, smsOptedOutAt: null },
    })
  })
})
