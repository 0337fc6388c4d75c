// The messages issue's first figure: planning and guarding reminders for 10,000 upcoming
// appointments, each moved once and 10% then cancelled, through the real planner (the consumer
// of appointment changes) and the real staff move and cancel. Then the clock is run forward
// through every send job pg-boss holds, in due order, each decided as the worker decides it
// (`decideAppointmentMessage` at the job's moment), and every send is checked against the
// appointment: a reminder for a cancelled session or a time it moved away from is a failure.
//   npx tsx scripts/bench/reminders.ts [appointments]
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts'
import { applyMigrations, createDatabase, dropDatabase } from '../db/migrate.ts'
import { setBenchEnv } from './bench-env.ts'

const APPOINTMENTS = Number(process.argv[2] ?? 10_000)
const CONCURRENCY = 4
const HOUR = 3_600_000
// A fixed clock: the practice's reminders are planned as on this morning (Monday 8 am Sydney).
const NOW = new Date('2026-12-07T21:00:00Z')

const postgres = await startEmbeddedPostgres({ name: 'bench-reminders', port: 5441, ephemeral: true })
try {
  await dropDatabase(postgres.url('postgres'), 'haven_bench_reminders')
  await createDatabase(postgres.url('postgres'), 'haven_bench_reminders')
  const databaseUrl = postgres.url('haven_bench_reminders')
  setBenchEnv(databaseUrl)
  process.env.LOG_LEVEL = 'warn'
  await applyMigrations(databaseUrl)

  const { runDemoSeed } = await import('../../prisma/seed.ts')
  await runDemoSeed(databaseUrl)
  const { db, disconnectDb } = await import('../../app/utils/db.server.ts')
  const { stopBoss } = await import('../../app/utils/jobs.server.ts')
  const { planAppointmentMessages } = await import('../../app/domain/notify/appointment-messages.server.ts')
  const { decideAppointmentMessage } = await import('../../app/domain/notify/appointment-decision.server.ts')
  const { cancelAppointmentAsStaff, rescheduleAppointmentAsStaff } =
    await import('../../app/domain/scheduling/staff-changes.server.ts')
  const { currentPolicies } = await import('../../app/domain/patients/consents.server.ts')
  const { sendEmailQueue, sendSmsQueue } = await import('../../app/utils/queues.server.ts')

  async function inBatches<T>(items: T[], work: (item: T) => Promise<unknown>) {
    let next = 0
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < items.length) await work(items[next++]!)
      }),
    )
  }
  const timed = async (label: string, run: () => Promise<unknown>) => {
    const started = performance.now()
    await run()
    const seconds = (performance.now() - started) / 1000
    console.log(`${label}: ${seconds.toFixed(1)} s`)
    return seconds
  }

  // 500 patients with a mobile and SMS consent, so every reminder kind is planned.
  const manager = await db.user.findUniqueOrThrow({ where: { email: 'manager@haven.test' } })
  const sms = (await currentPolicies(db, NOW)).find((policy) => policy.kind === 'sms')!
  const patients = await Promise.all(
    Array.from({ length: 500 }, (_, index) =>
      db.user.create({
        data: {
          email: `bench-patient-${index}@example.com`,
          name: `Bench Patient ${index}`,
          patient: { create: { mobile: `+6141${String(index).padStart(7, '0')}`, state: 'NSW' } },
        },
        select: { id: true },
      }),
    ),
  )
  await db.consentRecord.createMany({
    data: patients.map((patient) => ({ userId: patient.id, policyId: sms.id, accepted: true })),
  })

  // Appointments two hours apart per psychologist from tomorrow, alternating telehealth and in
  // person: they can each move an hour later without meeting another.
  const psychologists = await db.psychologistProfile.findMany({ where: { slug: { not: null } } })
  const type = await db.appointmentType.findFirstOrThrow({ where: { isDefault: true } })
  const locations = {
    telehealth: await db.location.findFirstOrThrow({ where: { kind: 'telehealth' } }),
    in_person: await db.location.findFirstOrThrow({ where: { kind: { not: 'telehealth' } } }),
  }
  const rows = Array.from({ length: APPOINTMENTS }, (_, index) => {
    const psychologist = psychologists[index % psychologists.length]!
    const startsAt = new Date(NOW.getTime() + 24 * HOUR + Math.floor(index / psychologists.length) * 2 * HOUR)
    const modality = index % 2 === 0 ? ('telehealth' as const) : ('in_person' as const)
    return {
      id: `bench-appointment-${index}`,
      patientId: patients[index % patients.length]!.id,
      psychologistId: psychologist.userId,
      appointmentTypeId: type.id,
      locationId: locations[modality].id,
      modality,
      startsAt,
      endsAt: new Date(startsAt.getTime() + type.durationMinutes * 60_000),
      timeZone: locations[modality].timeZone,
      status: 'confirmed' as const,
      feeCents: 0,
    }
  })
  for (let start = 0; start < rows.length; start += 1_000) {
    const batch = rows.slice(start, start + 1_000)
    await db.appointment.createMany({ data: batch })
    await db.appointmentEvent.createMany({
      data: batch.map((row) => ({ appointmentId: row.id, actorId: row.patientId, kind: 'booked' as const })),
    })
  }
  console.log(
    `${APPOINTMENTS} confirmed appointments, ${psychologists.length} psychologists, ${patients.length} patients`,
  )

  const planSeconds = await timed('planned (confirmations and reminders)', () =>
    inBatches(rows, (row) => planAppointmentMessages({ appointmentId: row.id, version: 1 }, NOW)),
  )
  const moveSeconds = await timed('moved each an hour later, and planned again', () =>
    inBatches(rows, async (row) => {
      await rescheduleAppointmentAsStaff({
        appointmentId: row.id,
        scope: {},
        actorId: manager.id,
        version: 1,
        start: new Date(row.startsAt.getTime() + HOUR),
        reason: 'Bench move',
        now: NOW,
      })
      await planAppointmentMessages({ appointmentId: row.id, version: 2 }, NOW)
    }),
  )
  const cancelled = rows.filter((_, index) => index % 10 === 3)
  const cancelSeconds = await timed(`cancelled ${cancelled.length}, and planned again`, () =>
    inBatches(cancelled, async (row) => {
      await cancelAppointmentAsStaff({
        appointmentId: row.id,
        scope: {},
        actorId: manager.id,
        version: 2,
        reason: 'Bench cancel',
        lateByPatient: false,
        now: NOW,
      })
      await planAppointmentMessages({ appointmentId: row.id, version: 3 }, NOW)
    }),
  )

  const jobs = await db.$queryRaw<{ id: string; messageId: string; startAfter: Date }[]>`
    select id::text, data->>'messageId' as "messageId", start_after as "startAfter"
    from pgboss.job where name in (${sendEmailQueue.name}, ${sendSmsQueue.name}) and state = 'created'
    order by start_after, created_on`
  const byStatus = await db.message.groupBy({ by: ['template', 'status'], _count: true })
  console.log(`send jobs created: ${jobs.length}`)
  for (const row of byStatus.sort((a, b) =>
    `${a.template}${a.status}`.localeCompare(`${b.template}${b.status}`),
  ))
    console.log(`  ${row.template.padEnd(26)} ${row.status.padEnd(8)} ${row._count}`)

  // Run the clock forward through every job, in due order, as the worker would.
  let sent = 0
  let refused = 0
  let alreadyDone = 0
  const wrong: string[] = []
  // Each appointment's jobs in due order (a notice depends on what was sent before it); the
  // appointments side by side, as several workers would take them.
  const byAppointment = new Map<string, typeof jobs>()
  const messageAppointment = new Map(
    (await db.message.findMany({ select: { id: true, appointmentId: true } })).map((row) => [
      row.id,
      row.appointmentId,
    ]),
  )
  for (const job of jobs) {
    const key = messageAppointment.get(job.messageId) ?? job.messageId
    byAppointment.set(key, [...(byAppointment.get(key) ?? []), job])
  }
  const guardSeconds = await timed('clock run forward through every job', () =>
    inBatches([...byAppointment.values()], async (appointmentJobs) => {
      for (const job of appointmentJobs) await runJob(job)
    }),
  )
  async function runJob(job: (typeof jobs)[number]) {
    const at = new Date(Math.max(job.startAfter.getTime(), NOW.getTime()))
    const message = await db.message.findUniqueOrThrow({ where: { id: job.messageId } })
    if (message.status !== 'queued') {
      alreadyDone++
      return
    }
    const decision = await db.$transaction((tx) => decideAppointmentMessage(tx, message, at))
    if (!decision.send) {
      refused++
      await db.message.update({
        where: { id: message.id },
        data: { status: 'skipped', skipReason: decision.reason },
      })
      return
    }
    sent++
    await db.message.update({
      where: { id: message.id },
      data: {
        status: 'sent',
        sentAt: at,
        template: decision.template,
        appointmentStartsAt: decision.facts.startsAt,
      },
    })
    if (message.template !== 'appointment-reminder' && message.template !== 'video-starting-soon') return
    const appointment = await db.appointment.findUniqueOrThrow({ where: { id: message.appointmentId! } })
    if (appointment.status !== 'confirmed')
      wrong.push(`${message.id}: reminder for a ${appointment.status} session`)
    else if (appointment.startsAt.getTime() !== message.appointmentStartsAt?.getTime())
      wrong.push(`${message.id}: reminder for a time the session moved away from`)
  }
  const remindersSent = await db.message.count({
    where: { template: { in: ['appointment-reminder', 'video-starting-soon'] }, status: 'sent' },
  })
  console.log(
    `sent ${sent} (${remindersSent} reminders), refused at send time ${refused}, already decided ${alreadyDone}`,
  )
  console.log(`reminders sent for cancelled or moved-away times: ${wrong.length}`)
  for (const line of wrong.slice(0, 10)) console.log(`  ${line}`)
  console.log(
    `per appointment: plan ${((planSeconds * 1000) / APPOINTMENTS).toFixed(1)} ms, move+plan ${((moveSeconds * 1000) / APPOINTMENTS).toFixed(1)} ms, cancel+plan ${((cancelSeconds * 1000) / cancelled.length).toFixed(1)} ms, guard ${((guardSeconds * 1000) / jobs.length).toFixed(2)} ms a job`,
  )
  await stopBoss()
  await disconnectDb()
  if (wrong.length > 0) process.exitCode = 1
} finally {
  await postgres.stop()
}
