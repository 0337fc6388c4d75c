import pg from 'pg'
import { afterAll, expect, test } from 'vitest'
import { databaseBefore } from '../tests/setup/migrations.ts'

let scratch: Awaited<ReturnType<typeof databaseBefore>> | undefined

afterAll(() => scratch?.drop())

test('the consent history begins with every decision already recorded', async () => {
  scratch = await databaseBefore('20261203120000_consent_history')
  const client = new pg.Client({ connectionString: scratch.url })
  await client.connect()
  try {
    await client.query(`
      INSERT INTO "User" ("id", "email", "name", "updatedAt") VALUES ('u_1', 'sam@example.com', 'Sam', now());
      INSERT INTO "ConsentRecord" ("id", "userId", "policyId", "accepted", "decidedAt") VALUES
        ('cr_1', 'u_1', 'policy_privacy_v1', true, '2026-11-20T01:00:00Z'),
        ('cr_2', 'u_1', 'policy_sms_v1', false, '2026-11-21T02:00:00Z');
    `)
    await scratch.applyIt()
    const { rows } = await client.query(
      `SELECT "userId", "kind", "version", "accepted", "decidedAt", "actorId", "source"
       FROM "ConsentDecision" ORDER BY "decidedAt"`,
    )
    expect(rows).toEqual([
      {
        userId: 'u_1',
        kind: 'privacy',
        version: 1,
        accepted: true,
        decidedAt: new Date('2026-11-20T01:00:00Z'),
        actorId: 'u_1',
        source: 'backfill',
      },
      {
        userId: 'u_1',
        kind: 'sms',
        version: 1,
        accepted: false,
        decidedAt: new Date('2026-11-21T02:00:00Z'),
        actorId: 'u_1',
        source: 'backfill',
      },
    ])
  } finally {
    await client.end()
  }
})
