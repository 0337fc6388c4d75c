import { expect, it } from 'vitest'
import { checkHealth } from './health.server.ts'

it('reports the database and the job queue as up', async () => {
  await expect(checkHealth()).resolves.toEqual({ ok: true, database: 'ok', queue: 'ok' })
})
