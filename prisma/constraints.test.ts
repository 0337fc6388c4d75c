import pg from 'pg'
import { expect, test } from 'vitest'

// Every foreign key needs an index that starts with its columns: without one, deleting or
// updating the referenced row scans the whole referencing table, and joins from the parent
// are slow. Listed from the catalogue, so a foreign key added later is held to it too.
test('every foreign key has an index that starts with its columns', async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    const { rows } = await client.query<{ name: string }>(`
      SELECT c.conrelid::regclass || '.' || string_agg(a.attname, ',' ORDER BY k.ord) AS name
      FROM pg_constraint c
      CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.contype = 'f'
        AND c.connamespace = 'public'::regnamespace
        AND NOT EXISTS (
          SELECT 1 FROM pg_index i
          WHERE i.indrelid = c.conrelid
            AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
            AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey
        )
      GROUP BY c.oid, c.conrelid
      ORDER BY 1`)
    expect(rows.map((row) => row.name)).toEqual([])
  } finally {
    await client.end()
  }
})

test('an appointment type needs a length and a fee that is not negative', async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    const insert = (duration: number, fee: number) =>
      client.query(
        `INSERT INTO "AppointmentType" (id, name, "durationMinutes", "feeCents", modalities) VALUES ($1, $1, $2, $3, '{in_person}')`,
        [`type-${duration}-${fee}`, duration, fee],
      )
    await expect(insert(0, 100)).rejects.toThrow(/AppointmentType_durationMinutes_positive/)
    await expect(insert(50, -1)).rejects.toThrow(/AppointmentType_feeCents_not_negative/)
    await expect(insert(50, 0)).resolves.toBeTruthy()
  } finally {
    await client.end()
  }
})
