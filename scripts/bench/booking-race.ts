// 50 patients try to book the same time at once (the figure): exactly one booking,
// the others a clean "just taken", and the wall time. Runs on its own embedded database.
//   npx tsx scripts/bench/booking-race.ts
import { randomUUID } from 'node:crypto'
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts'
import { applyMigrations, createDatabase, dropDatabase } from '../db/migrate.ts'
import { setBenchEnv } from './bench-env.ts'

const ATTEMPTS = 50
const postgres = await startEmbeddedPostgres({ name: 'bench', port: 5437, ephemeral: true })
try {
  await dropDatabase(postgres.url('postgres'), 'haven_bench')
  await createDatabase(postgres.url('postgres'), 'haven_bench')
  const databaseUrl = postgres.url('haven_bench')
  setBenchEnv(databaseUrl)
  await applyMigrations(databaseUrl)

  const { runDemoSeed } = await import('../../prisma/seed.ts')
  await runDemoSeed(databaseUrl)
  const { db, disconnectDb } = await import('../../app/utils/db.server.ts')
  const { stopBoss } = await import('../../app/utils/jobs.server.ts')
  const { slotRequestsFor } = await import('../../app/domain/scheduling/availability.server.ts')
  const { bookAppointment } = await import('../../app/domain/scheduling/booking.server.ts')
  const { SlotUnavailableError } = await import('../../app/domain/scheduling/appointment-errors.ts')
  const { generateSlots } = await import('../../app/domain/scheduling/slots.ts')

  const psychologist = await db.psychologistProfile.findFirstOrThrow({ where: { slug: 'amelia-nguyen' } })
  const type = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
  const request = (await slotRequestsFor([psychologist], { durationMinutes: type.durationMinutes })).get(
    psychologist.userId,
  )!
  const [slot] = generateSlots(request)
  if (!slot) throw new Error('no free slot to race for')

  // 50 distinct patients, so each attempt is a genuine competitor.
  const patients = await Promise.all(
    Array.from({ length: ATTEMPTS }, (_, index) =>
      db.user.create({
        data: { email: `racer${index}@example.com`, name: `Racer ${index}` },
        select: { id: true },
      }),
    ),
  )
  // Warm the pools and the queue client, as a running web process has them.
  await db.$queryRaw`select 1`
  await (await import('../../app/utils/jobs.server.ts')).getBoss()

  const started = performance.now()
  const results = await Promise.allSettled(
    patients.map((patient) =>
      bookAppointment({
        patientId: patient.id,
        slug: 'amelia-nguyen',
        appointmentTypeId: type.id,
        locationId: slot.locationId,
        start: slot.start,
        requestKey: randomUUID(),
      }),
    ),
  )
  const wallMs = performance.now() - started
  const booked = results.filter((result) => result.status === 'fulfilled').length
  const justTaken = results.filter(
    (result) => result.status === 'rejected' && result.reason instanceof SlotUnavailableError,
  ).length
  const other = results.length - booked - justTaken
  const firstOther = results.find(
    (result) => result.status === 'rejected' && !(result.reason instanceof SlotUnavailableError),
  )
  if (firstOther && firstOther.status === 'rejected') console.error(String(firstOther.reason).slice(0, 300))
  const stored = await db.appointment.count({
    where: { psychologistId: psychologist.userId, startsAt: slot.start },
  })
  console.log(
    `booking race: ${ATTEMPTS} concurrent attempts for one time — ${booked} booked, ${justTaken} told "just taken", ` +
      `${other} other errors, ${stored} appointment stored; wall time ${wallMs.toFixed(0)} ms`,
  )
  await stopBoss()
  await disconnectDb()
  if (booked !== 1 || stored !== 1 || other !== 0) process.exitCode = 1
} finally {
  postgres.stop()
}
