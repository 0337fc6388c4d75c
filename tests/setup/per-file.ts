// Vitest setupFiles entry, run before each test file: gives the file its own database, cloned
// from the migrated template, and fails any test that calls console.error unexpectedly.
import { randomBytes } from 'node:crypto'
import { format } from 'node:util'
import { afterAll, afterEach, beforeEach, inject } from 'vitest'
import { disconnectDb } from '~/utils/db.server.ts'
import { stopBoss } from '~/utils/jobs.server.ts'
import { createDatabase, databaseUrl, dropDatabase } from '../../scripts/db/migrate.ts'

const serverUrl = inject('testDatabaseServerUrl')
const database = `t_${randomBytes(6).toString('hex')}`

// Set before any test code runs; the app's Prisma client reads it on first use.
process.env.DATABASE_URL = databaseUrl(serverUrl, database)
await createDatabase(serverUrl, database, { template: inject('testTemplateDatabase') })

afterAll(async () => {
  // The web-side pg-boss client (started by any enqueue) holds connections too.
  await stopBoss()
  await disconnectDb()
  await dropDatabase(serverUrl, database)
})

// CONVENTIONS.md: a console.error during a test fails it unless the test expects it. A test
// expects it by mocking console.error (vi.spyOn(console, 'error')…); calls that reach this
// function through such a spy are therefore not counted.
const printError = console.error.bind(console)
let unexpectedErrors: string[] = []

function recordConsoleError(...args: unknown[]) {
  if (console.error === recordConsoleError) unexpectedErrors.push(format(...args))
  printError(...args)
}

beforeEach(() => {
  unexpectedErrors = []
  console.error = recordConsoleError
})

afterEach(() => {
  const errors = unexpectedErrors
  unexpectedErrors = []
  if (errors.length > 0) {
    throw new Error(
      `console.error was called during this test (mock it with vi.spyOn(console, 'error') if that is expected):\n` +
        errors.map((error) => `  ${error}`).join('\n'),
    )
  }
})
