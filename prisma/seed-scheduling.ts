// Demo working hours and public profiles: each psychologist works set days at the Sydney
// clinic and offers telehealth on others, so the directory and booking have real availability.
import { type PrismaClient } from '../app/generated/prisma/client.ts'

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

type Hours = { weekday: number; start: string; end: string; at: 'clinic' | 'telehealth' }

const SCHEDULES: {
  email: string
  slug: string
  gender: string
  languages: string[]
  focusAreas: string[]
  hours: Hours[]
}[] = [
  {
    email: 'dr.amelia.nguyen@haven.test',
    slug: 'amelia-nguyen',
    gender: 'female',
    languages: ['English'],
    focusAreas: ['Anxiety', 'Depression', 'Trauma and PTSD'],
    hours: [
      { weekday: 1, start: '09:00', end: '17:00', at: 'clinic' },
      { weekday: 2, start: '09:00', end: '17:00', at: 'clinic' },
      { weekday: 4, start: '12:00', end: '20:00', at: 'telehealth' },
    ],
  },
  {
    email: 'dr.james.okafor@haven.test',
    slug: 'james-okafor',
    gender: 'male',
    languages: ['English'],
    focusAreas: ['Depression', 'Burnout', "Men's mental health"],
    hours: [
      { weekday: 2, start: '08:00', end: '16:00', at: 'telehealth' },
      { weekday: 3, start: '09:00', end: '17:00', at: 'clinic' },
      { weekday: 5, start: '09:00', end: '14:00', at: 'clinic' },
    ],
  },
  {
    email: 'hannah.kowalski@haven.test',
    slug: 'hannah-kowalski',
    gender: 'female',
    languages: ['English', 'Polish'],
    focusAreas: ['Stress', 'Perfectionism', 'Life transitions'],
    hours: [
      { weekday: 1, start: '13:00', end: '20:00', at: 'telehealth' },
      { weekday: 3, start: '09:00', end: '17:00', at: 'clinic' },
      { weekday: 6, start: '09:00', end: '13:00', at: 'telehealth' },
    ],
  },
  {
    email: 'daniel.tran@haven.test',
    slug: 'daniel-tran',
    gender: 'male',
    languages: ['English', 'Vietnamese'],
    focusAreas: ['Grief and loss', 'Relationships', 'Adjustment to illness'],
    hours: [
      { weekday: 4, start: '09:00', end: '17:00', at: 'clinic' },
      { weekday: 5, start: '10:00', end: '18:00', at: 'telehealth' },
    ],
  },
]

const minutes = (time: string) => {
  const [hours = 0, mins = 0] = time.split(':').map(Number)
  return hours * 60 + mins
}

export async function seedDemoSchedules(tx: Tx) {
  const clinic = await tx.location.findFirstOrThrow({ where: { kind: 'clinic' } })
  const telehealth = await tx.location.findFirstOrThrow({ where: { kind: 'telehealth' } })
  for (const schedule of SCHEDULES) {
    const user = await tx.user.findUniqueOrThrow({ where: { email: schedule.email } })
    await tx.psychologistProfile.update({
      where: { userId: user.id },
      data: {
        slug: schedule.slug,
        gender: schedule.gender,
        languages: schedule.languages,
        focusAreas: schedule.focusAreas,
      },
    })
    // Replaced whole, so running the seed again leaves exactly these hours.
    await tx.availabilityRule.deleteMany({ where: { psychologistId: user.id } })
    await tx.availabilityRule.createMany({
      data: schedule.hours.map((hours) => ({
        psychologistId: user.id,
        locationId: hours.at === 'clinic' ? clinic.id : telehealth.id,
        weekday: hours.weekday,
        startMinute: minutes(hours.start),
        endMinute: minutes(hours.end),
      })),
    })
  }
}
