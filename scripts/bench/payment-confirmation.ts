// The payments issue's figure: the time from Stripe's paid webhook reaching Haven to the
// appointment being confirmed, over 100 payments. Each payment runs the real path: a held
// booking, a Checkout Session on the Stripe stand-in, a signed `checkout.session.completed`
// posted to the webhook route, the event stored and queued, and the worker (pg-boss, in
// this process) re-reading the session and confirming the booking. Then the messages issue's
// figure on the same payments: the appointment confirmed → its confirmation email and SMS handed
// to Resend and Twilio (their stand-ins) by the worker, from the database's own timestamps.
//   npx tsx scripts/bench/payment-confirmation.ts
import { randomBytes, randomUUID } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts'
import { applyMigrations, createDatabase, dropDatabase } from '../db/migrate.ts'
import { setBenchEnv } from './bench-env.ts'

const PAYMENTS = 100
const postgres = await startEmbeddedPostgres({ name: 'bench-payments', port: 5439, ephemeral: true })
try {
  await dropDatabase(postgres.url('postgres'), 'haven_bench_payments')
  await createDatabase(postgres.url('postgres'), 'haven_bench_payments')
  const databaseUrl = postgres.url('haven_bench_payments')
  setBenchEnv(databaseUrl)
  process.env.LOG_LEVEL = 'warn'
  process.env.HAVEN_STRIPE_DIR = `bench-${randomBytes(4).toString('hex')}`
  process.env.HAVEN_OUTBOX_DIR = path.join(
    os.tmpdir(),
    'haven-outbox',
    `bench-${randomBytes(4).toString('hex')}`,
  )
  // Events are recorded by the stand-in, and posted to the webhook route by this script.
  delete process.env.HAVEN_STRIPE_WEBHOOK_URL
  await applyMigrations(databaseUrl)

  const { runDemoSeed } = await import('../../prisma/seed.ts')
  await runDemoSeed(databaseUrl)
  const { startStandIns } = await import('../../tests/mocks/index.ts')
  const { listDeliveredEvents } = await import('../../tests/mocks/stripe/events.server.ts')
  const { payCheckoutSession } = await import('../../tests/mocks/stripe/checkout-sessions.server.ts')
  const { clearStripeStandIn } = await import('../../tests/mocks/stripe/store.server.ts')
  const stopStandIns = startStandIns()
  const { db, disconnectDb } = await import('../../app/utils/db.server.ts')
  const { stopBoss } = await import('../../app/utils/jobs.server.ts')
  const { startWorker } = await import('../../jobs/start-worker.ts')
  const { availableSlots } = await import('../../app/domain/scheduling/availability.server.ts')
  const { bookAppointment } = await import('../../app/domain/scheduling/booking.server.ts')
  const { startCheckout } = await import('../../app/domain/billing/payments.server.ts')
  const { action: webhook } = await import('../../app/routes/webhooks+/stripe.ts')

  const type = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
  const profiles = await db.psychologistProfile.findMany({ where: { slug: { not: null } } })
  // Each payer has a mobile and agreed to texts, so each confirmation goes by email and SMS.
  const { currentPolicies } = await import('../../app/domain/patients/consents.server.ts')
  const sms = (await currentPolicies()).find((policy) => policy.kind === 'sms')!
  const patients = await Promise.all(
    Array.from({ length: PAYMENTS }, (_, index) =>
      db.user.create({
        data: {
          email: `payer${index}@example.com`,
          name: `Payer ${index}`,
          patient: { create: { mobile: `+6141200${String(index).padStart(4, '0')}` } },
          consents: { create: { policyId: sms.id, accepted: true } },
        },
        select: { id: true },
      }),
    ),
  )
  // 100 held bookings spread over the psychologists' free times, each with a paid checkout.
  const free = await Promise.all(
    profiles.map(async (profile) => ({
      profile,
      slots: await availableSlots(profile, { durationMinutes: 50 }),
    })),
  )
  const paid: { appointmentId: string; sessionId: string }[] = []
  for (let index = 0; index < PAYMENTS; index++) {
    const { profile, slots } = free[index % free.length]!
    const slot = slots[Math.floor(index / free.length) * 2]!
    const appointment = await bookAppointment({
      patientId: patients[index]!.id,
      slug: profile.slug!,
      appointmentTypeId: type.id,
      locationId: slot.locationId,
      start: slot.start,
      requestKey: randomUUID(),
      holdMinutes: 30,
    })
    const { url } = await startCheckout({ appointmentId: appointment.id, patientId: patients[index]!.id })
    const sessionId = url.split('/').at(-1)!
    await payCheckoutSession(sessionId, { outcome: 'paid' })
    paid.push({ appointmentId: appointment.id, sessionId })
  }
  const events = new Map(
    (await listDeliveredEvents())
      .filter((recorded) => recorded.event.type === 'checkout.session.completed')
      .map((recorded) => [(recorded.event.data.object as { id: string }).id, recorded]),
  )

  // Confirmed → both confirmations handed to the vendors (sentAt is set when the vendor accepted),
  // from the database's own timestamps. Each payment waits for its messages before the next, so
  // every booking is measured as a patient meets it, not behind a backlog of the others.
  const latencies: number[] = []
  async function confirmationsSent(appointmentId: string) {
    const deadline = Date.now() + 60_000
    for (;;) {
      const messages = await db.message.findMany({
        where: { appointmentId, template: 'appointment-confirmed' },
        select: { channel: true, sentAt: true, status: true },
      })
      const sent = messages.filter((message) => message.sentAt)
      if (sent.length === 2) {
        const confirmed = await db.appointmentEvent.findFirstOrThrow({
          where: { appointmentId, kind: 'confirmed' },
        })
        latencies.push(Math.max(...sent.map((message) => message.sentAt!.getTime())) - confirmed.at.getTime())
        return
      }
      if (Date.now() > deadline)
        throw new Error(`confirmations of ${appointmentId} not sent: ${JSON.stringify(messages)}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  const worker = await startWorker(databaseUrl)
  // The holds' own change jobs (nothing to send for a hold) are drained first.
  const waitingChanges = async () =>
    (
      await db.$queryRaw<{ count: bigint }[]>`
        select count(*) from pgboss.job where name = 'appointment-changed-v1' and state in ('created', 'retry', 'active')`
    )[0]!.count
  while ((await waitingChanges()) > 0n) await new Promise((resolve) => setTimeout(resolve, 100))
  const timings: number[] = []
  for (const { appointmentId, sessionId } of paid) {
    const recorded = events.get(sessionId)!
    const started = performance.now()
    const response = await webhook({
      request: new Request('http://localhost:3000/webhooks/stripe', {
        method: 'POST',
        headers: { 'stripe-signature': recorded.signature, 'content-type': 'application/json' },
        body: recorded.payload,
      }),
      params: {},
      context: {} as never,
    })
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}`)
    for (;;) {
      const { status } = await db.appointment.findUniqueOrThrow({
        where: { id: appointmentId },
        select: { status: true },
      })
      if (status === 'confirmed') break
      if (performance.now() - started > 30_000)
        throw new Error(`appointment ${appointmentId} never confirmed`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    timings.push(performance.now() - started)
    await confirmationsSent(appointmentId)
  }
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    const at = (quantile: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]!
    return `median ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`
  }
  console.log(
    `paid webhook → confirmed appointment, ${timings.length} payments: ${summary(timings)} (the worker is woken by LISTEN/NOTIFY)`,
  )

  console.log(
    `confirmed appointment → confirmation email and SMS handed to the vendors, ${latencies.length} bookings: ${summary(latencies)}`,
  )
  await worker.stop({ graceful: false })
  await stopBoss()
  await clearStripeStandIn()
  stopStandIns()
  await disconnectDb()
} finally {
  postgres.stop()
}
