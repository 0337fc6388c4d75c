// Server time of the public directory and profile pages (the issue's figure): 50 psychologists
// and 100,000 past and future appointments. Calls the route modules' loaders the way the server
// does and reports p50/p95/max per case. Runs on its own embedded database.
//   npx tsx scripts/bench/directory-pages.ts              200 timed runs per case
//   npx tsx scripts/bench/directory-pages.ts --runs=50    fewer runs
//   npx tsx scripts/bench/directory-pages.ts --keep       leave the database up afterwards (Ctrl-C stops it)
import os from 'node:os'
import pg from 'pg'
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts'
import { applyMigrations, createDatabase, dropDatabase } from '../db/migrate.ts'
import { setBenchEnv } from './bench-env.ts'

const PSYCHOLOGISTS = 50
const APPOINTMENTS = 100_000
const PATIENTS = 2_000
const FUTURE_DAYS = 90
const PAST_DAYS = 730
const WARM_UP_RUNS = 20
const SYDNEY = 'Australia/Sydney'

const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}`))
const RUNS = Number(option('runs')?.split('=')[1] ?? 200)
const KEEP = Boolean(option('keep'))

// A seeded generator, so every run builds the same practice.
let seed = 20_261_201
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
const pickSome = <T>(items: readonly T[], count: number): T[] => {
  const left = [...items]
  const chosen: T[] = []
  while (chosen.length < count && left.length > 0)
    chosen.push(left.splice(Math.floor(random() * left.length), 1)[0]!)
  return chosen
}

const FEMALE = ['Grace', 'Priya', 'Chloe', 'Mei', 'Aisha', 'Sarah', 'Emily', 'Lucy', 'Ruby', 'Fatima', 'Ella']
const FEMALE_MORE = ['Sofia', 'Leila', 'Anika', 'Georgia', 'Harriet', 'Yuki', 'Maria', 'Claire', 'Nadia']
const MALE = ['Thomas', 'Raj', 'Ben', 'Oliver', 'Samuel', 'Ahmed', 'William', 'Marco', 'Kenji', 'Luca']
const MALE_MORE = ['Patrick', 'Nathan', 'Joel', 'Hamish', 'Tariq', 'Minh', 'Callum', 'Dimitri']
const SURNAMES = [
  'Anderson',
  'Bui',
  'Chen',
  'Costa',
  'Dasgupta',
  'Edwards',
  'Farah',
  'Gallagher',
  'Ho',
  'Ivanova',
  'Jovanovic',
  'Kaur',
  'Lim',
  'Moretti',
  'Nair',
  "O'Brien",
  'Park',
  'Quinn',
  'Russo',
  'Sato',
  'Thompson',
  'Usman',
  'Vu',
  'Walsh',
  'Xu',
  'Young',
  'Zhou',
  'Abbott',
  'Brennan',
  'Cooper',
]
const FOCUS_AREAS = [
  'Anxiety',
  'Depression',
  'Trauma and PTSD',
  'Burnout',
  "Men's mental health",
  'Stress',
  'Perfectionism',
  'Life transitions',
  'Grief and loss',
  'Relationships',
  'Adjustment to illness',
  'Eating disorders',
  'ADHD',
  'Sleep',
  'Perinatal mental health',
  'OCD',
  'Chronic pain',
]
const APPROACHES = [
  'CBT',
  'ACT',
  'EMDR',
  'Schema therapy',
  'DBT skills',
  'Mindfulness-based therapy',
  'Interpersonal therapy',
  'Solution-focused therapy',
  'Compassion-focused therapy',
  'Psychodynamic therapy',
]
const OTHER_LANGUAGES = [
  'Mandarin',
  'Cantonese',
  'Vietnamese',
  'Arabic',
  'Greek',
  'Italian',
  'Hindi',
  'Spanish',
  'Korean',
]

type Window = { start: number; end: number; at: 'clinic' | 'telehealth' }
const hours = (from: number, to: number, at: Window['at']): Window => ({ start: from * 60, end: to * 60, at })
const CLINIC_DAYS = [
  hours(9, 17, 'clinic'),
  hours(8, 16, 'clinic'),
  hours(8.5, 16.5, 'clinic'),
  hours(10, 18, 'clinic'),
]
const TELEHEALTH_DAYS = [hours(12, 20, 'telehealth'), hours(7, 13, 'telehealth'), hours(9, 15, 'telehealth')]
const EVENING = hours(17, 21, 'telehealth')

/**
 * How full a diary is: booked solid for the first `fullDays`, then each hour taken with
 * `occupancy` (thinning towards the horizon). Waitlisted psychologists have nothing free at all,
 * which is the directory's worst case: the search for "next available" walks the whole horizon.
 */
type Busyness = { kind: 'waitlisted' | 'busy' | 'steady' | 'quiet'; fullDays: number; occupancy: number }
const busyness = (index: number): Busyness => {
  if (index % 17 === 3) return { kind: 'waitlisted', fullDays: FUTURE_DAYS + 5, occupancy: 1 }
  if (index % 5 === 0) return { kind: 'busy', fullDays: 14 + Math.floor(random() * 28), occupancy: 0.85 }
  if (index % 3 === 1) return { kind: 'quiet', fullDays: 0, occupancy: 0.1 + random() * 0.1 }
  return { kind: 'steady', fullDays: Math.floor(random() * 6), occupancy: 0.6 + random() * 0.25 }
}

function workingWeek(offers: 'clinic' | 'telehealth' | 'both'): { weekday: number; window: Window }[] {
  const days = pickSome([1, 2, 3, 4, 5], 3 + Math.floor(random() * 3)).sort()
  const week = days.flatMap((weekday, index) => {
    const clinicDay = offers === 'clinic' || (offers === 'both' && index % 2 === 0)
    if (!clinicDay) return [{ weekday, window: pick(TELEHEALTH_DAYS) }]
    const day = pick(CLINIC_DAYS)
    const evening = offers === 'both' && day.end <= EVENING.start && random() < 0.4
    return [{ weekday, window: day }, ...(evening ? [{ weekday, window: EVENING }] : [])]
  })
  if (random() < 0.2)
    week.push({ weekday: 6, window: hours(9, 13, offers === 'clinic' ? 'clinic' : 'telehealth') })
  return week
}

async function seedPractice(client: pg.Client) {
  const { rows: locations } = await client.query<{ id: string; kind: 'clinic' | 'telehealth' }>(
    `SELECT id, kind FROM "Location" WHERE active ORDER BY name`,
  )
  const locationId = (kind: Window['at']) => locations.find((location) => location.kind === kind)!.id
  const { rows: existing } = await client.query<{ userId: string }>(
    `SELECT p."userId" FROM "PsychologistProfile" p JOIN "User" u ON u.id = p."userId"
     WHERE p.slug IS NOT NULL AND u.status = 'active' ORDER BY p.slug`,
  )

  // Psychologists: the demo's four keep their own hours; the others get generated ones.
  const profiles: { userId: string; demo: boolean; busyness: Busyness }[] = []
  const takenSlugs = new Set<string>()
  const users: unknown[][] = []
  const psychologistRows: unknown[][] = []
  const rules: unknown[][] = []
  existing.forEach(({ userId }, index) => profiles.push({ userId, demo: true, busyness: busyness(index) }))
  for (let index = existing.length; index < PSYCHOLOGISTS; index++) {
    const female = random() < 0.6
    const first = pick(female ? [...FEMALE, ...FEMALE_MORE] : [...MALE, ...MALE_MORE])
    const last = pick(SURNAMES)
    let slug = `${first}-${last}`.toLowerCase().replace(/[^a-z-]/g, '')
    if (takenSlugs.has(slug)) slug = `${slug}-${index}`
    takenSlugs.add(slug)
    const clinical = random() < 0.45
    const userId = `bench_psy_${index}`
    const offers = pick(['clinic', 'telehealth', 'both', 'both'] as const)
    users.push([userId, `${slug}@bench.haven.test`, `${clinical ? 'Dr ' : ''}${first} ${last}`, 'active'])
    psychologistRows.push([
      userId,
      clinical ? 'clinical' : 'registered',
      `PSY${String(3_000_000_000 + index).padStart(10, '0')}`,
      `${700_000 + index}${index % 10}${'ABCDEFGHJKLMNPQRTWXY'[index % 20]}`,
      clinical ? 'Clinical Psychologist' : 'Psychologist',
      `${first} works with adults and young people in Sydney and by telehealth.`,
      pickSome(APPROACHES, 2 + Math.floor(random() * 2)),
      slug,
      // A few leave gender blank, as the demo allows.
      random() < 0.05 ? '' : female ? 'female' : 'male',
      random() < 0.35 ? ['English', pick(OTHER_LANGUAGES)] : ['English'],
      pickSome(FOCUS_AREAS, 2 + Math.floor(random() * 3)),
      random() < 0.9,
      pick([10, 10, 10, 15, 5, 0]),
      pick([1440, 1440, 1440, 720, 2880]),
      pick([90, 90, 90, 90, 60, 120]),
    ])
    for (const { weekday, window } of workingWeek(offers)) {
      rules.push([
        `bench_rule_${rules.length}`,
        userId,
        locationId(window.at),
        weekday,
        window.start,
        window.end,
      ])
    }
    profiles.push({ userId, demo: false, busyness: busyness(index) })
  }
  // Not in the directory: a former psychologist and one without a public profile yet.
  users.push(['bench_psy_former', 'former@bench.haven.test', 'Dr Former Colleague', 'deactivated'])
  users.push(['bench_psy_private', 'private@bench.haven.test', 'New Colleague', 'active'])
  for (const [number, userId, slug] of [
    [1, 'bench_psy_former', 'former-colleague'],
    [2, 'bench_psy_private', null],
  ] as const) {
    psychologistRows.push([
      userId,
      'registered',
      `PSY900000000${number}`,
      null,
      'Psychologist',
      '',
      ['CBT'],
      slug,
      'female',
      ['English'],
      ['Anxiety'],
      true,
      10,
      1440,
      90,
    ])
    rules.push([`bench_rule_${rules.length}`, userId, locationId('clinic'), 2, 540, 1020])
  }
  for (let index = 0; index < PATIENTS; index++) {
    users.push([`bench_pat_${index}`, `patient${index}@bench.haven.test`, `Bench Patient ${index}`, 'active'])
  }

  const columns = (rows: unknown[][]) => rows[0]!.map((_, column) => rows.map((row) => row[column]))
  await client.query(
    `INSERT INTO "User" (id, email, name, status, "updatedAt")
     SELECT id, email, name, status::"UserStatus", now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, email, name, status)`,
    columns(users),
  )
  await client.query(
    `INSERT INTO "UserRole" ("userId", "roleId")
     SELECT id, CASE WHEN id LIKE 'bench_psy_%' THEN 'role_psychologist' ELSE 'role_patient' END FROM "User" WHERE id LIKE 'bench_%'`,
  )
  await client.query(
    `INSERT INTO "PsychologistProfile" ("userId", "registrationType", "ahpraNumber", "medicareProviderNumber", title, bio,
       modalities, slug, gender, languages, "focusAreas", "acceptingNewPatients", "bufferMinutes", "minNoticeMinutes", "horizonDays", "updatedAt")
     SELECT t."userId", t.registration::"RegistrationType", t.ahpra, t.medicare, t.title, t.bio,
       string_to_array(t.modalities, '|'), t.slug, t.gender, string_to_array(t.languages, '|'), string_to_array(t.focus, '|'),
       t.accepting, t.buffer, t.notice, t.horizon, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::text[], $12::boolean[], $13::int[], $14::int[], $15::int[])
       AS t("userId", registration, ahpra, medicare, title, bio, modalities, slug, gender, languages, focus, accepting, buffer, notice, horizon)`,
    columns(psychologistRows).map((values, column) =>
      [6, 9, 10].includes(column) ? values.map((list) => (list as string[]).join('|')) : values,
    ),
  )
  await client.query(
    `INSERT INTO "AvailabilityRule" (id, "psychologistId", "locationId", weekday, "startMinute", "endMinute")
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[])`,
    columns(rules),
  )

  // How full each diary is, for the SQL below.
  await client.query(
    `CREATE TEMP TABLE bench_busyness (psychologist_id text PRIMARY KEY, full_days int, occupancy float8, leave_day int)`,
  )
  await client.query(
    `INSERT INTO bench_busyness SELECT * FROM unnest($1::text[], $2::int[], $3::float8[], $4::int[])`,
    columns(
      profiles.map((profile) => [
        profile.userId,
        profile.busyness.fullDays,
        profile.busyness.occupancy,
        // A week's leave ahead for about one in four.
        random() < 0.25 ? 20 + Math.floor(random() * 55) : null,
      ]),
    ),
  )
  await client.query(
    `INSERT INTO "TimeOff" (id, "psychologistId", "startsAt", "endsAt", reason)
     SELECT 'bench_leave_' || psychologist_id, psychologist_id,
       ((now() AT TIME ZONE $1)::date + leave_day)::timestamp AT TIME ZONE $1,
       ((now() AT TIME ZONE $1)::date + leave_day + 7)::timestamp AT TIME ZONE $1, 'Leave'
     FROM bench_busyness WHERE leave_day IS NOT NULL`,
    [SYDNEY],
  )

  // Every working hour of every rule, from two years back to the end of the horizon, in each
  // location's wall-clock time. One appointment per hour at most, each within its hour, so live
  // appointments can never overlap; a cancelled one may share the hour with its replacement.
  await client.query(
    `CREATE TEMP TABLE bench_patient AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM "User" WHERE id LIKE 'bench_pat_%'`,
  )
  await client.query(
    `CREATE TEMP TABLE bench_hour AS
     WITH today AS (SELECT (now() AT TIME ZONE $1)::date AS d)
     SELECT r."psychologistId" AS psychologist_id, l.id AS location_id, l.kind, l."timeZone" AS time_zone,
            (day + make_interval(mins => minute)) AT TIME ZONE l."timeZone" AS starts_at,
            b.full_days, b.occupancy,
            hashtext(r."psychologistId" || r.id || day::text || minute) AS h
     FROM "AvailabilityRule" r
     JOIN "Location" l ON l.id = r."locationId"
     JOIN bench_busyness b ON b.psychologist_id = r."psychologistId"
     CROSS JOIN today
     CROSS JOIN LATERAL generate_series((today.d - $2::int)::timestamp, (today.d + $3::int + 1)::timestamp, interval '1 day') AS day
     CROSS JOIN LATERAL generate_series(r."startMinute", r."endMinute" - 60, 60) AS minute
     WHERE extract(isodow FROM day) = r.weekday`,
    [SYDNEY, PAST_DAYS, FUTURE_DAYS],
  )
  // Hours the demo seed has already booked stay theirs.
  await client.query(
    `DELETE FROM bench_hour k USING "Appointment" a
     WHERE a."psychologistId" = k.psychologist_id AND a.status IN ('held', 'confirmed', 'completed', 'no_show')
       AND tstzrange(a."startsAt", a."endsAt", '[)') && tstzrange(k.starts_at, k.starts_at + interval '1 hour', '[)')`,
  )
  // Independent uniform draws in [0, 1) from the hour's hash.
  const draw = (salt: number) => `(abs(hashtext(h::text || '${salt}')::float8) / 2147483648.0)`
  const typeName = `CASE WHEN ${draw(3)} < 0.75 THEN 'Standard session' WHEN ${draw(3)} < 0.87 THEN 'Initial consultation' ELSE 'Short review' END`
  const insert = (source: string, status: string, where: string, extra = '') => `
    INSERT INTO "Appointment" (id, "patientId", "psychologistId", "appointmentTypeId", "locationId", modality,
      "startsAt", "endsAt", "timeZone", status, "holdExpiresAt", version, "feeCents", "cancelledAt", "createdAt", "updatedAt")
    SELECT 'bench_appt_' || md5(k.psychologist_id || k.starts_at::text || ${status}), p.id, k.psychologist_id, t.id, k.location_id,
      CASE WHEN k.kind = 'clinic' THEN 'in_person' ELSE 'telehealth' END::"SessionModality",
      k.starts_at, k.starts_at + make_interval(mins => t."durationMinutes"), k.time_zone,
      (${status})::"AppointmentStatus",
      CASE WHEN (${status}) = 'held' THEN now() + CASE WHEN ${draw(4)} < 0.5 THEN interval '10 minutes' ELSE interval '-1 hour' END END,
      CASE WHEN (${status}) IN ('cancelled', 'late_cancelled') THEN 2 ELSE 1 END, t."feeCents",
      CASE WHEN (${status}) IN ('cancelled', 'late_cancelled') THEN least(now(), k.starts_at - interval '2 days') END,
      least(now(), k.starts_at) - interval '20 days', now()
    FROM ${source} k
    JOIN "AppointmentType" t ON t.name = ${typeName}
    JOIN bench_patient p ON p.n = abs(k.h) % ${PATIENTS}
    WHERE ${where}
    ${extra}`
  const ahead = `k.starts_at >= now() AND k.starts_at < now() + interval '${FUTURE_DAYS} days'`
  const dayAhead = `extract(epoch FROM k.starts_at - now()) / 86400`
  const onLeave = `EXISTS (SELECT 1 FROM "TimeOff" o WHERE o."psychologistId" = k.psychologist_id AND o."startsAt" < k.starts_at + interval '1 hour' AND o."endsAt" > k.starts_at)`
  await client.query(
    insert(
      'bench_hour',
      `CASE WHEN ${draw(2)} < 0.01 THEN 'held' ELSE 'confirmed' END`,
      `${ahead} AND NOT ${onLeave} AND (${dayAhead} < k.full_days OR ${draw(1)} < k.occupancy * (1 - 0.3 * ${dayAhead} / ${FUTURE_DAYS}))`,
    ),
  )
  await client.query(insert('bench_hour', `'cancelled'`, `${ahead} AND ${draw(5)} < 0.08`))
  const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM "Appointment"`)
  const pastNeeded = APPOINTMENTS - Number(rows[0]!.count)
  // The past: the most recent hours first, as a practice's history fills back from today.
  await client.query(`
    CREATE TEMP TABLE bench_past AS
    SELECT k.*, CASE WHEN ${draw(5)} < 0.1 THEN CASE WHEN ${draw(6)} < 0.3 THEN 'late_cancelled' ELSE 'cancelled' END
                     WHEN ${draw(1)} < 0.8 THEN CASE WHEN ${draw(2)} < 0.06 THEN 'no_show' ELSE 'completed' END END AS status
    FROM bench_hour k WHERE k.starts_at < now()`)
  await client.query(`DELETE FROM bench_past WHERE status IS NULL`)
  const { rows: past } = await client.query<{ count: string }>(`SELECT count(*) FROM bench_past`)
  if (Number(past[0]!.count) < pastNeeded)
    throw new Error(`only ${past[0]!.count} past hours for ${pastNeeded} appointments`)
  await client.query(
    insert('bench_past', 'k.status', 'true', `ORDER BY k.starts_at DESC LIMIT ${pastNeeded}`),
  )
  await client.query('ANALYZE')
  return profiles
}

type Case = { name: string; run: () => Promise<number> }
/** `shown`: psychologists listed, or free times on the profile's week. */
type Result = { name: string; shown?: number; timings: number[] }

const percentile = (sorted: number[], fraction: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!

function table(results: Result[]) {
  const lines = [['case', 'shown', 'p50 ms', 'p95 ms', 'max ms']]
  for (const result of results) {
    const sorted = [...result.timings].sort((a, b) => a - b)
    lines.push([
      result.name,
      result.shown === undefined ? '' : String(result.shown),
      percentile(sorted, 0.5).toFixed(1),
      percentile(sorted, 0.95).toFixed(1),
      sorted[sorted.length - 1]!.toFixed(1),
    ])
  }
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)))
  return lines
    .map((line) =>
      line
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  '),
    )
    .join('\n')
}

const postgres = await startEmbeddedPostgres({ name: 'bench-directory', port: 5438, ephemeral: true })
try {
  await dropDatabase(postgres.url('postgres'), 'haven_bench_directory')
  await createDatabase(postgres.url('postgres'), 'haven_bench_directory')
  const databaseUrl = postgres.url('haven_bench_directory')
  setBenchEnv(databaseUrl)
  await applyMigrations(databaseUrl)
  const seeding = performance.now()
  const { runDemoSeed } = await import('../../prisma/seed.ts')
  await runDemoSeed(databaseUrl)
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const profiles = await seedPractice(client).finally(() => client.end())
  const seedMs = performance.now() - seeding

  const { db, disconnectDb } = await import('../../app/utils/db.server.ts')
  const directory = await import('../../app/routes/_public+/psychologists._index.tsx')
  const profilePage = await import('../../app/routes/_public+/psychologists.$slug.tsx')

  const summary = await db.$queryRaw<{ when: string; status: string; count: bigint }[]>`
    SELECT CASE WHEN "startsAt" < now() THEN 'past' ELSE 'future' END AS when, status::text, count(*)
    FROM "Appointment" GROUP BY 1, 2 ORDER BY 1 DESC, 3 DESC`
  const total = summary.reduce((sum, row) => sum + Number(row.count), 0)
  const listed = await db.psychologistProfile.count({
    where: { slug: { not: null }, user: { status: 'active' } },
  })
  console.log(
    `directory pages: ${listed} listed psychologists, ${total.toLocaleString('en-AU')} appointments ` +
      `(${summary.map((row) => `${row.when} ${row.status} ${Number(row.count)}`).join(', ')}); seeded in ${(seedMs / 1000).toFixed(1)} s`,
  )

  const slugs = await db.psychologistProfile.findMany({ select: { userId: true, slug: true } })
  const slugOf = (userId: string) => slugs.find((row) => row.userId === userId)!.slug!
  const firstOf = (kind: Busyness['kind']) =>
    profiles.find((profile) => !profile.demo && profile.busyness.kind === kind)!
  // What the Express server passes every request (server.ts); these loaders do not read it.
  const args = { context: { cspNonce: 'bench' }, params: {} }
  const directoryCase = (name: string, query: string): Case => ({
    name: `directory ${name}`,
    run: async () => {
      const data = await directory.loader({
        ...args,
        request: new Request(`http://localhost/psychologists${query}`),
      })
      return data.psychologists.length
    },
  })
  const profileCase = (name: string, userId: string, query = ''): Case => {
    const slug = slugOf(userId)
    return {
      name: `profile ${name} (${slug})`,
      run: async () => {
        const data = await profilePage.loader({
          ...args,
          params: { slug },
          request: new Request(`http://localhost/psychologists/${slug}${query}`),
        })
        return data.slots.length
      },
    }
  }
  const cases: Case[] = [
    directoryCase('no filters', ''),
    directoryCase('focus=Anxiety', '?focus=Anxiety'),
    directoryCase('modality=telehealth', '?modality=telehealth'),
    directoryCase('modality=in_person', '?modality=in_person'),
    directoryCase('registration=clinical', '?registration=clinical'),
    directoryCase('gender=male', '?gender=male'),
    directoryCase('within=7', '?within=7'),
    directoryCase(
      'combined',
      '?focus=Depression&modality=telehealth&registration=clinical&within=14&tz=Australia%2FPerth',
    ),
    profileCase('waitlisted', firstOf('waitlisted').userId),
    profileCase('busy', firstOf('busy').userId),
    profileCase('steady', firstOf('steady').userId),
    profileCase('quiet', firstOf('quiet').userId),
    profileCase('busy, week 6', firstOf('busy').userId, '?week=6'),
    profileCase('demo', profiles[0]!.userId),
  ]

  for (let run = 0; run < WARM_UP_RUNS; run++) for (const entry of cases) await entry.run()
  // Round robin, so a slow moment on the machine is shared by every case alike.
  const results: Result[] = cases.map((entry) => ({ name: entry.name, timings: [] }))
  // Other work on the machine shows in the tail: say how busy it was.
  const loadAverage = () => os.loadavg()[0]!.toFixed(1)
  const loadBefore = loadAverage()
  const started = performance.now()
  for (let run = 0; run < RUNS; run++) {
    for (const [index, entry] of cases.entries()) {
      const before = performance.now()
      const shown = await entry.run()
      results[index]!.timings.push(performance.now() - before)
      results[index]!.shown = shown
    }
  }
  const wallMs = performance.now() - started
  const group = (name: string, prefix: string) => ({
    name,
    timings: results.filter((result) => result.name.startsWith(prefix)).flatMap((result) => result.timings),
  })
  console.log(
    `\n${RUNS} runs per case after ${WARM_UP_RUNS} warm-up runs; ${os.cpus().length} cores, Node ${process.versions.node}; ${(wallMs / 1000).toFixed(1)} s; ` +
      `load average ${loadBefore} before, ${loadAverage()} after\n`,
  )
  console.log(
    table([
      ...results,
      group('all directory', 'directory'),
      group('all profile', 'profile'),
      group('overall', ''),
    ]),
  )
  await disconnectDb()

  if (KEEP) {
    console.log(`\nDatabase left up at ${databaseUrl} (Ctrl-C to stop)`)
    // An interval keeps the process alive until then (a bare pending promise would not).
    const alive = setInterval(() => {}, 60_000)
    await new Promise((resolve) => process.once('SIGINT', resolve))
    clearInterval(alive)
  }
} finally {
  postgres.stop()
}
