// The demo practice: a small Sydney clinic with a manager, four psychologists and ten
// patients, so every page has believable data on a fresh database. Safe to run repeatedly:
// every write is an upsert keyed on a unique field. Roles come from the migrations.
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PrismaPg } from '@prisma/adapter-pg'
import { hashPassword } from '../app/domain/identity/password.server.ts'
import { seedDemoBilling } from './seed-billing.ts'
import { seedDemoIntakes } from './seed-intakes.ts'
import { seedDemoHalaxyMappings } from './seed-halaxy.ts'
import { seedDemoSchedules } from './seed-scheduling.ts'
import {
  LocationKind,
  PrismaClient,
  RegistrationType,
  SessionModality,
} from '../app/generated/prisma/client.ts'

/** Every demo login shares this password (shown in the README; demo data only). */
export const DEMO_PASSWORD = 'Haven-demo-2026!'

type DemoRole = 'manager' | 'psychologist' | 'patient'
type DemoLogin = { email: string; role: DemoRole; name: string }

type DemoPsychologist = DemoLogin & {
  role: 'psychologist'
  registrationType: RegistrationType
  // Plausible formats (PSY + 10 digits; 6-digit stem + location + check character), not real registrations.
  ahpraNumber: string
  medicareProviderNumber: string
  title: string
  bio: string
  modalities: string[]
}

const MANAGER: DemoLogin = { email: 'manager@haven.test', role: 'manager', name: 'Sophie Whitfield' }

const PSYCHOLOGISTS: DemoPsychologist[] = [
  {
    email: 'dr.amelia.nguyen@haven.test',
    role: 'psychologist',
    name: 'Dr Amelia Nguyen',
    registrationType: RegistrationType.clinical,
    ahpraNumber: 'PSY0001843271',
    medicareProviderNumber: '2447381K',
    title: 'Clinical Psychologist',
    bio:
      'Amelia works with adults living with anxiety, depression and the after-effects of trauma. ' +
      'She trained at UNSW and spent eight years in public mental health before joining Haven.',
    modalities: ['CBT', 'EMDR', 'Schema therapy'],
  },
  {
    email: 'dr.james.okafor@haven.test',
    role: 'psychologist',
    name: 'Dr James Okafor',
    registrationType: RegistrationType.clinical,
    ahpraNumber: 'PSY0002217654',
    medicareProviderNumber: '2519044B',
    title: 'Clinical Psychologist',
    bio:
      'James helps adults and older adolescents with mood disorders, emotional regulation and burnout. ' +
      'He has a particular interest in men’s mental health and in working with shift workers.',
    modalities: ['ACT', 'DBT skills', 'CBT'],
  },
  {
    email: 'hannah.kowalski@haven.test',
    role: 'psychologist',
    name: 'Hannah Kowalski',
    registrationType: RegistrationType.registered,
    ahpraNumber: 'PSY0002590318',
    medicareProviderNumber: '4382157J',
    title: 'Psychologist',
    bio:
      'Hannah supports university students and young professionals through stress, perfectionism ' +
      'and life transitions, in person in the CBD or by telehealth.',
    modalities: ['CBT', 'ACT', 'Mindfulness-based therapy'],
  },
  {
    email: 'daniel.tran@haven.test',
    role: 'psychologist',
    name: 'Daniel Tran',
    registrationType: RegistrationType.registered,
    ahpraNumber: 'PSY0002978402',
    medicareProviderNumber: '2290563T',
    title: 'Psychologist',
    bio:
      'Daniel works with adults facing grief, relationship difficulties and adjustment after illness. ' +
      'He offers sessions in English and Vietnamese.',
    modalities: ['Interpersonal therapy', 'CBT', 'Solution-focused therapy'],
  },
]

// `.test` is a reserved top-level domain, so a demo address can never reach a real inbox.
const PATIENT_NAMES = [
  'Olivia Bennett',
  'Liam Papadopoulos',
  'Charlotte Singh',
  'Noah Fitzgerald',
  'Mia Castellano',
  'Jack Whitehouse',
  'Isla Nakamura',
  'Ethan McAllister',
  'Zara Haddad',
  'Lucas Petrovic',
]
const PATIENTS: DemoLogin[] = PATIENT_NAMES.map((name, index) => ({
  email: `patient${index + 1}@haven.test`,
  role: 'patient',
  name,
}))

/** Who can sign in to the demo, all with DEMO_PASSWORD. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  MANAGER,
  ...PSYCHOLOGISTS.map(({ email, role, name }) => ({ email, role, name })),
  ...PATIENTS,
]

const LOCATIONS = [
  {
    name: 'Haven Sydney CBD',
    kind: LocationKind.clinic,
    timeZone: 'Australia/Sydney',
    address: 'Level 9, 343 George Street, Sydney NSW 2000',
    phone: '+61292706400',
  },
  { name: 'Telehealth', kind: LocationKind.telehealth, timeZone: 'Australia/Sydney', address: '', phone: '' },
]

const BOTH_MODALITIES = [SessionModality.in_person, SessionModality.telehealth]
const APPOINTMENT_TYPES = [
  {
    name: 'Initial consultation',
    description: 'A first meeting to understand what brings you in and agree on a plan.',
    durationMinutes: 60,
    feeCents: 26_000,
  },
  {
    name: 'Standard session',
    description: 'A regular treatment session.',
    durationMinutes: 50,
    feeCents: 24_000,
    isDefault: true,
  },
  {
    name: 'Extended session',
    description: 'A longer session, e.g. for EMDR or schema work.',
    durationMinutes: 80,
    feeCents: 36_000,
  },
  {
    name: 'Short review',
    description: 'A brief check-in on progress or a plan review.',
    durationMinutes: 30,
    feeCents: 15_000,
  },
]

const ROLE_IDS: Record<DemoRole, string> = {
  manager: 'role_manager',
  psychologist: 'role_psychologist',
  patient: 'role_patient',
}

export async function seedDemoPractice(db: PrismaClient) {
  // argon2 is deliberately slow: hash once and share it.
  const passwordHash = await hashPassword(DEMO_PASSWORD)

  await db.$transaction(
    async (tx) => {
      for (const login of DEMO_LOGINS) {
        const user = await tx.user.upsert({
          where: { email: login.email },
          create: { email: login.email, name: login.name },
          update: { name: login.name, status: 'active' },
        })
        await tx.password.upsert({
          where: { userId: user.id },
          create: { userId: user.id, hash: passwordHash },
          update: { hash: passwordHash },
        })
        const roleId = ROLE_IDS[login.role]
        await tx.userRole.upsert({
          where: { userId_roleId: { userId: user.id, roleId } },
          create: { userId: user.id, roleId },
          update: {},
        })

        const profile = PSYCHOLOGISTS.find((psychologist) => psychologist.email === login.email)
        if (profile) {
          const fields = {
            registrationType: profile.registrationType,
            ahpraNumber: profile.ahpraNumber,
            medicareProviderNumber: profile.medicareProviderNumber,
            title: profile.title,
            bio: profile.bio,
            modalities: profile.modalities,
          }
          await tx.psychologistProfile.upsert({
            where: { userId: user.id },
            create: { userId: user.id, ...fields },
            update: fields,
          })
        }
      }

      for (const location of LOCATIONS) {
        await tx.location.upsert({ where: { name: location.name }, create: location, update: location })
      }
      for (const type of APPOINTMENT_TYPES) {
        const fields = { ...type, modalities: BOTH_MODALITIES }
        await tx.appointmentType.upsert({ where: { name: type.name }, create: fields, update: fields })
      }
      await seedDemoIntakes(tx)
      await seedDemoSchedules(tx)
      await seedDemoBilling(tx)
    },
    { timeout: 60_000 },
  )
}

/** Seeds the database at `databaseUrl` with its own short-lived client. */
export async function runDemoSeed(databaseUrl: string) {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) })
  try {
    await seedDemoPractice(db)
    await seedDemoHalaxyMappings(db)
  } finally {
    await db.$disconnect()
  }
}

async function main() {
  let url = process.env.DATABASE_URL
  let stop = () => {}
  if (!url) {
    // Loaded only here: the dev database module imports this one.
    const { ensureDevDatabase } = await import('../scripts/db/dev-database.ts')
    const dev = await ensureDevDatabase({ seed: false })
    url = dev.url
    stop = dev.stop
  }
  try {
    await runDemoSeed(url)
    console.log(`Seeded the demo practice: ${DEMO_LOGINS.length} logins, password ${DEMO_PASSWORD}`)
  } finally {
    stop()
  }
}

function isExecutedDirectly() {
  try {
    return (
      !!process.argv[1] &&
      fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url))
    )
  } catch {
    return false
  }
}

if (isExecutedDirectly()) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
