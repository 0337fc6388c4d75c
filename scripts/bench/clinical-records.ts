// The clinical records' figures (issue 16), on an embedded database of their own:
//  1. Saving a draft note as the psychologist types: encryption, the locked update and the audit
//     row, p50/p95 over 1,000 saves of a 3 kB SOAP note.
//  2. The psychologist's patient page for five years of weekly sessions: 260 signed notes, 520
//     addenda and 200 questionnaire results. Server time p50/p95 of the route's loader. Before it
//     is timed, every note's key id is changed to one no key ring holds, so the page would fail if
//     it unsealed any note it does not show (it shows none: a list of dates and states).
//   npx tsx scripts/bench/clinical-records.ts              1,000 saves, 200 page loads
//   npx tsx scripts/bench/clinical-records.ts --saves=200 --loads=50
import os from 'node:os'
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts'
import { applyMigrations, createDatabase, dropDatabase } from '../db/migrate.ts'
import { setBenchEnv } from './bench-env.ts'

const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1]
const SAVES = Number(option('saves') ?? 1_000)
const LOADS = Number(option('loads') ?? 200)
const WEEKS = 260
const ADDENDA_PER_NOTE = 2
const RESULTS = 200
const WARM_UP = 20

const percentile = (sorted: number[], fraction: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!

function figures(timings: number[]) {
  const sorted = [...timings].sort((a, b) => a - b)
  return `p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`
}

const paragraph = (words: number) =>
  Array.from(
    { length: words },
    (_, index) => ['client', 'reports', 'sleep', 'work', 'stress', 'plan'][index % 6],
  ).join(' ')

const postgres = await startEmbeddedPostgres({ name: 'bench-records', port: 5441, ephemeral: true })
try {
  await dropDatabase(postgres.url('postgres'), 'haven_bench_records')
  await createDatabase(postgres.url('postgres'), 'haven_bench_records')
  const databaseUrl = postgres.url('haven_bench_records')
  setBenchEnv(databaseUrl)
  await applyMigrations(databaseUrl)
  const { runDemoSeed } = await import('../../prisma/seed.ts')
  await runDemoSeed(databaseUrl)

  const { db, disconnectDb } = await import('../../app/utils/db.server.ts')
  const { findSessionUser, startSession } = await import('../../app/domain/identity/session.server.ts')
  const notes = await import('../../app/domain/records/notes.server.ts')
  const patientPage = await import('../../app/routes/clinician+/patients.$patientId.tsx')
  const { signedInCookie } = await import('../../tests/setup/route-calls.ts')

  const psychologist = await db.user.findUniqueOrThrow({ where: { email: 'daniel.tran@haven.test' } })
  const patient = await db.user.findUniqueOrThrow({ where: { email: 'patient7@haven.test' } })
  await db.patientProfile.upsert({
    where: { userId: patient.id },
    create: { userId: patient.id },
    update: {},
  })
  await db.careAssignment.upsert({
    where: { patientId_psychologistId: { patientId: patient.id, psychologistId: psychologist.id } },
    create: { patientId: patient.id, psychologistId: psychologist.id },
    update: {},
  })
  const author = (await findSessionUser(await startSession(psychologist.id, null)))!
  const type = await db.appointmentType.findFirstOrThrow({ where: { isDefault: true } })
  const location = await db.location.findFirstOrThrow({ where: { kind: 'telehealth' } })
  const access = { ipAddress: '203.0.113.9', path: '/bench' }

  // Weekly sessions at 6 am Sydney (outside any demo hours, so nothing overlaps), five years back.
  const week = 7 * 24 * 60 * 60_000
  const first = new Date(Date.UTC(new Date().getUTCFullYear() - 5, 0, 5, 19, 0))
  const sessions = Array.from({ length: WEEKS + 1 }, (_, index) => {
    const startsAt = new Date(first.getTime() + index * week)
    return {
      id: `bench_session_${index}`,
      patientId: patient.id,
      psychologistId: psychologist.id,
      appointmentTypeId: type.id,
      locationId: location.id,
      modality: 'telehealth' as const,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 50 * 60_000),
      timeZone: 'Australia/Sydney',
      status: 'completed' as const,
      feeCents: type.feeCents,
    }
  })
  await db.appointment.createMany({ data: sessions })

  const soap = {
    subjective: paragraph(140),
    objective: paragraph(80),
    assessment: paragraph(120),
    plan: paragraph(100),
  }
  const seeding = performance.now()
  for (const [index, session] of sessions.slice(0, WEEKS).entries()) {
    const noteId = await notes.startNote(session.id, 'soap', author, access, new Date())
    await notes.signNote(
      noteId,
      { version: 1, sections: soap, riskLevel: 'low', riskPlan: paragraph(30) },
      author,
      access,
    )
    for (let addendum = 0; addendum < ADDENDA_PER_NOTE; addendum++) {
      await notes.addAddendum(noteId, `${paragraph(40)} (${index}.${addendum})`, author, access)
    }
  }
  // Questionnaire results as the portal stores them: PHQ-9, GAD-7 and DASS-21 in turn, scored.
  const { QUESTIONNAIRES } = await import('../../app/domain/outcomes/catalogue.ts')
  const { scoreQuestionnaire } = await import('../../app/domain/outcomes/questionnaires.ts')
  const kinds = ['phq9', 'gad7', 'dass21'] as const
  await db.questionnaireResponse.createMany({
    data: Array.from({ length: RESULTS }, (_, index) => {
      const definition = QUESTIONNAIRES[kinds[index % kinds.length]!]
      const answers = definition.items.map((_, item) => (index + item) % 3)
      const score = scoreQuestionnaire(definition, answers)
      return {
        patientId: patient.id,
        questionnaire: definition.id,
        answers,
        total: score.total,
        scaleScores: score.scales.map((scale) => scale.score),
        bands: score.scales.map((scale) => scale.band.key),
        completedAt: new Date(first.getTime() + index * week),
      }
    }),
  })
  const counts = {
    notes: await db.clinicalNote.count({ where: { patientId: patient.id } }),
    addenda: await db.clinicalNoteAddendum.count({ where: { note: { patientId: patient.id } } }),
    results: await db.questionnaireResponse.count({ where: { patientId: patient.id } }),
  }
  console.log(
    `clinical records: ${counts.notes} notes, ${counts.addenda} addenda, ${counts.results} questionnaire results for one patient; ` +
      `written through the domain in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  )

  // 1. Draft saves.
  const draftSession = sessions[WEEKS]!
  const draftId = await notes.startNote(draftSession.id, 'soap', author, access, new Date())
  let version = 1
  const saveTimings: number[] = []
  const loadBefore = os.loadavg()[0]!.toFixed(1)
  for (let save = 0; save < SAVES + WARM_UP; save++) {
    const sections = { ...soap, plan: `${soap.plan} ${save}` }
    const before = performance.now()
    const saved = await notes.saveDraft(
      draftId,
      { version, sections, riskLevel: 'low', riskPlan: '' },
      author,
      access,
    )
    if (save >= WARM_UP) saveTimings.push(performance.now() - before)
    version = saved.version
  }

  // 2. The patient page, with no note openable.
  await db.$executeRaw`UPDATE "ClinicalNote" SET "contentKeyId" = 'not-in-any-ring' WHERE "patientId" = ${patient.id}`
  const cookie = await signedInCookie(psychologist.id)
  const load = () =>
    patientPage.loader({
      request: new Request(`http://localhost:3000/clinician/patients/${patient.id}`, {
        headers: { Cookie: cookie },
      }),
      params: { patientId: patient.id },
      context: { cspNonce: 'bench' },
    })
  const firstPage = (await load()) as { notes: { notes: unknown[] } | null }
  if (firstPage.notes?.notes.length !== WEEKS + 1) {
    throw new Error(`The page listed ${firstPage.notes?.notes.length} notes, expected ${WEEKS + 1}`)
  }
  const pageTimings: number[] = []
  for (let run = 0; run < LOADS + WARM_UP; run++) {
    const before = performance.now()
    await load()
    if (run >= WARM_UP) pageTimings.push(performance.now() - before)
  }

  console.log(
    `\n${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.versions.node}; ` +
      `load average ${loadBefore} before, ${os.loadavg()[0]!.toFixed(1)} after\n` +
      `draft save (seal + locked update + audit), ${SAVES} saves: ${figures(saveTimings)}\n` +
      `patient page (${counts.notes} notes listed, none unsealed), ${LOADS} loads: ${figures(pageTimings)}`,
  )
  await disconnectDb()
} finally {
  postgres.stop()
}
