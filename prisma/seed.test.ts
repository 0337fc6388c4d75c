import { expect, test } from 'vitest'
import { verifyPassword } from '~/domain/identity/password.server.ts'
import { db } from '~/utils/db.server.ts'
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoPractice } from './seed.ts'

test('seeds the demo practice, and seeding again changes nothing', async () => {
  await seedDemoPractice(db)
  const countsAfterFirstRun = await counts()
  await seedDemoPractice(db)

  expect(await counts()).toEqual(countsAfterFirstRun)
  expect(countsAfterFirstRun).toEqual({
    users: 15,
    managers: 1,
    psychologists: 4,
    clinical: 2,
    registered: 2,
    patients: 10,
    locations: 2,
    appointmentTypes: 4,
  })
})

test('the demo practice looks like a Sydney clinic', async () => {
  await seedDemoPractice(db)

  const locations = await db.location.findMany({ orderBy: { name: 'asc' } })
  expect(locations.map(({ name, kind, timeZone }) => ({ name, kind, timeZone }))).toEqual([
    { name: 'Haven Sydney CBD', kind: 'clinic', timeZone: 'Australia/Sydney' },
    { name: 'Telehealth', kind: 'telehealth', timeZone: 'Australia/Sydney' },
  ])
  expect(locations[0]!.address).toMatch(/George St(reet)?, Sydney NSW 2000/)

  const types = await db.appointmentType.findMany({ orderBy: { durationMinutes: 'asc' } })
  expect(types.map(({ name, durationMinutes, feeCents }) => [name, durationMinutes, feeCents])).toEqual([
    ['Short review', 30, 15_000],
    ['Standard session', 50, 24_000],
    ['Initial consultation', 60, 26_000],
    ['Extended session', 80, 36_000],
  ])
  for (const type of types) expect(type.modalities).toEqual(['in_person', 'telehealth'])
  expect(types.filter((type) => type.isDefault).map((type) => type.name)).toEqual(['Standard session'])

  const profiles = await db.psychologistProfile.findMany()
  for (const profile of profiles) {
    expect(profile.ahpraNumber).toMatch(/^PSY\d{10}$/)
    expect(profile.medicareProviderNumber).toMatch(/^\d{6}[0-9A-Z][A-Z]$/)
    expect(profile.bio.length).toBeGreaterThan(50)
    expect(profile.modalities.length).toBeGreaterThan(0)
  }
})

test('every demo login signs in with the demo password and holds its role', async () => {
  await seedDemoPractice(db)

  for (const login of DEMO_LOGINS) {
    const user = await db.user.findUniqueOrThrow({
      where: { email: login.email },
      include: { password: true, roles: { include: { role: true } } },
    })
    expect(user.name).toBe(login.name)
    expect(user.roles.map((userRole) => userRole.role.name)).toEqual([login.role])
    expect(await verifyPassword(user.password!.hash, DEMO_PASSWORD), login.email).toBe(true)
  }
})

async function counts() {
  const withRole = (name: string) => db.user.count({ where: { roles: { some: { role: { name } } } } })
  return {
    users: await db.user.count(),
    managers: await withRole('manager'),
    psychologists: await withRole('psychologist'),
    clinical: await db.psychologistProfile.count({ where: { registrationType: 'clinical' } }),
    registered: await db.psychologistProfile.count({ where: { registrationType: 'registered' } }),
    patients: await withRole('patient'),
    locations: await db.location.count(),
    appointmentTypes: await db.appointmentType.count(),
  }
}
