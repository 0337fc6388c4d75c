// The demo practice's Halaxy mappings, matching the records the local Halaxy stand-in starts
// with (tests/fakes/halaxy/run.ts), so bookings made in `npm run dev` arrive in it. Loaded by
// runDemoSeed only: tests set up their own mappings.
import { type PrismaClient } from '../app/generated/prisma/client.ts'

export const DEMO_HALAXY_ROLES: Record<string, { id: string; name: string }> = {
  'amelia-nguyen': { id: 'PR-2101', name: 'Dr Amelia Nguyen' },
  'james-okafor': { id: 'PR-2102', name: 'Dr James Okafor' },
  'hannah-kowalski': { id: 'PR-2103', name: 'Hannah Kowalski' },
  'daniel-tran': { id: 'PR-2104', name: 'Daniel Tran' },
}

export const DEMO_HALAXY_SERVICES: Record<string, string> = {
  'Initial consultation': 'HS-3101',
  'Standard session': 'HS-3102',
  'Extended session': 'HS-3103',
  'Short review': 'HS-3104',
}

export async function seedDemoHalaxyMappings(db: PrismaClient) {
  const profiles = await db.psychologistProfile.findMany({
    where: { slug: { in: Object.keys(DEMO_HALAXY_ROLES) } },
  })
  const types = await db.appointmentType.findMany({
    where: { name: { in: Object.keys(DEMO_HALAXY_SERVICES) } },
  })
  const rows = [
    ...profiles.map((profile) => ({
      kind: 'psychologist',
      havenId: profile.userId,
      halaxyId: DEMO_HALAXY_ROLES[profile.slug!]!.id,
      label: DEMO_HALAXY_ROLES[profile.slug!]!.name,
    })),
    ...types.map((type) => ({
      kind: 'appointment_type',
      havenId: type.id,
      halaxyId: DEMO_HALAXY_SERVICES[type.name]!,
      label: type.name,
    })),
  ]
  const firstTime = (await db.halaxyMapping.count()) === 0
  // A mapping the manager changed is left as they set it.
  await db.halaxyMapping.createMany({ data: rows, skipDuplicates: true })
  // The demo practice sends signed notes to its (local) Halaxy from the start; a manager who
  // turns that off on the Halaxy settings page keeps it off across restarts.
  if (firstTime) {
    await db.practice.update({ where: { id: 'practice' }, data: { halaxyNoteMirroring: true } })
  }
}
