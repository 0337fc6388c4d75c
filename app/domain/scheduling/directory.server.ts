import { db } from '~/utils/db.server.ts'
import { defaultAppointmentType } from './appointment-types.ts'
import { nextAvailableSlots } from './availability.server.ts'
import { type Slot } from './slots.ts'
import { type DirectoryFilters } from './directory.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** The types a patient may book, shortest first. */
function activeAppointmentTypes() {
  return db.appointmentType.findMany({ where: { active: true }, orderBy: { durationMinutes: 'asc' } })
}

const profileSelect = {
  userId: true,
  slug: true,
  title: true,
  bio: true,
  registrationType: true,
  gender: true,
  languages: true,
  focusAreas: true,
  modalities: true,
  acceptingNewPatients: true,
  bufferMinutes: true,
  minNoticeMinutes: true,
  horizonDays: true,
  user: {
    select: {
      name: true,
      availability: { select: { location: { select: { kind: true } } } },
    },
  },
} as const

function offered(availability: { location: { kind: 'clinic' | 'telehealth' } }[]) {
  const kinds = new Set(
    availability.map(({ location }) => (location.kind === 'clinic' ? 'in_person' : 'telehealth')),
  )
  return (['in_person', 'telehealth'] as const).filter((kind) => kinds.has(kind))
}

/** The public directory: active psychologists with a profile, filtered, each with their next free time. */
export async function listPsychologists(filters: DirectoryFilters, now = new Date()) {
  const [types, profiles] = await Promise.all([
    activeAppointmentTypes(),
    db.psychologistProfile.findMany({
      where: {
        slug: { not: null },
        user: { status: 'active' },
        ...(filters.registration ? { registrationType: filters.registration } : {}),
        ...(filters.gender ? { gender: filters.gender } : {}),
        ...(filters.focus ? { focusAreas: { has: filters.focus } } : {}),
      },
      select: profileSelect,
      orderBy: { user: { name: 'asc' } },
    }),
  ])
  // "Next available" is for the session most people book.
  const type = defaultAppointmentType(types)
  const withModality = profiles.filter(
    (profile) => !filters.modality || offered(profile.user.availability).includes(filters.modality),
  )
  const latest = filters.within ? now.getTime() + filters.within * DAY_MS : Infinity
  const next = type
    ? await nextAvailableSlots(withModality, {
        durationMinutes: type.durationMinutes,
        now,
        // A time after the window would be dropped below anyway, so it is not looked for.
        to: filters.within ? new Date(latest + 1) : undefined,
        modality: filters.modality,
      })
    : new Map<string, Slot | null>()
  return withModality
    .map((profile) => ({
      slug: profile.slug!,
      name: profile.user.name,
      title: profile.title,
      registrationType: profile.registrationType,
      gender: profile.gender,
      languages: profile.languages,
      focusAreas: profile.focusAreas,
      approaches: profile.modalities,
      offers: offered(profile.user.availability),
      nextAvailable: next.get(profile.userId) ?? null,
    }))
    .filter((row) => !filters.within || (row.nextAvailable && row.nextAvailable.start.getTime() <= latest))
}

export async function focusAreaOptions() {
  const rows = await db.psychologistProfile.findMany({
    where: { slug: { not: null } },
    select: { focusAreas: true },
  })
  return [...new Set(rows.flatMap((row) => row.focusAreas))].sort()
}

export async function getPsychologistBySlug(slug: string) {
  const [profile, types] = await Promise.all([
    db.psychologistProfile.findFirst({
      where: { slug, user: { status: 'active' } },
      select: profileSelect,
    }),
    activeAppointmentTypes(),
  ])
  if (!profile) return null
  return { profile, offers: offered(profile.user.availability), types }
}
