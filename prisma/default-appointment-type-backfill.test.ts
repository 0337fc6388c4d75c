import pg from 'pg'
import { afterAll, expect, test } from 'vitest'
import { databaseBefore } from '../tests/setup/migrations.ts'

let scratch: Awaited<ReturnType<typeof databaseBefore>> | undefined

afterAll(() => scratch?.drop())

test('the type the code picked by name, Standard session, becomes the marked default', async () => {
  scratch = await databaseBefore('20261203170000_default_appointment_type')
  const client = new pg.Client({ connectionString: scratch.url })
  await client.connect()
  try {
    await client.query(`
      INSERT INTO "AppointmentType" ("id", "name", "durationMinutes", "feeCents", "modalities") VALUES
        ('t_short', 'Short review', 30, 15000, '{telehealth}'),
        ('t_standard', 'Standard session', 50, 24000, '{in_person,telehealth}'),
        ('t_long', 'Extended session', 80, 36000, '{in_person}');
    `)
    await scratch.applyIt()
    const { rows } = await client.query(
      `SELECT "id", "isDefault" FROM "AppointmentType" ORDER BY "durationMinutes"`,
    )
    expect(rows).toEqual([
      { id: 't_short', isDefault: null },
      { id: 't_standard', isDefault: true },
      { id: 't_long', isDefault: null },
    ])
  } finally {
    await client.end()
  }
})
