// The payments issue's figure: the time from Stripe's paid webhook reaching Haven to the
// appointment being confirmed, over 100 payments. Each payment runs the real path: a held
// booking, a Checkout Session on the Stripe stand-in, a signed `checkout.session.completed`
// posted to the webhook route, the event stored and queued, and the worker (pg-boss, in
// this process) re-reading the session and confirming the booking.
//   npx tsx scripts/bench/payment-confirmation.ts
import { randomBytes, randomUUID } from 'node:crypto'
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
  const patients = await Promise.all(
    Array.from({ length: PAYMENTS }, (_, index) =>
      db.user.create({
        data: { email: `payer${index}@example.com`, name: `Payer ${index}` },
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

  const worker = await startWorker(databaseUrl)
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
  }
  timings.sort((a, b) => a - b)
  const at = (quantile: number) =>
    timings[Math.min(timings.length - 1, Math.floor(quantile * timings.length))]!
  console.log(
    `paid webhook → confirmed appointment, ${timings.length} payments: median ${at(0.5).toFixed(0)} ms, ` +
      `p95 ${at(0.95).toFixed(0)} ms, max ${timings.at(-1)!.toFixed(0)} ms (the worker is woken by LISTEN/NOTIFY)`,
  )
  await worker.stop({ graceful: false })
  await stopBoss()
  await clearStripeStandIn()
  stopStandIns()
  await disconnectDb()
} finally {
  postgres.stop()
}
