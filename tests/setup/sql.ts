import pg from 'pg'
import { vi } from 'vitest'

/**
 * The SQL this process sends to PostgreSQL while `run` runs: statement text only (values are
 * parameters, so two runs for different people compare equal when they did the same work).
 */
export async function statementsOf(run: () => Promise<unknown>) {
  const query = vi.spyOn(pg.Client.prototype, 'query')
  try {
    await run()
    return query.mock.calls.map(([statement]: unknown[]) =>
      typeof statement === 'string' ? statement : (statement as { text: string }).text,
    )
  } finally {
    query.mockRestore()
  }
}
