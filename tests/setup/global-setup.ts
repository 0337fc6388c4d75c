// Vitest globalSetup: one embedded PostgreSQL for the whole run, and a migrated template
// database that every test file clones (tests/setup/per-file.ts), which is far faster than
// migrating a database per file.
//
// Several test runs may share the machine (two checkouts, a developer beside CI, an editor's
// watch mode). Each run therefore has a server of its own, in a folder named after its process
// and on a port the kernel says is free, and deletes it at the end; nothing one run does can
// stop another's server or drop its databases. A run that was killed leaves its server behind;
// the next run stops it and deletes its folder (sweepAbandonedRunServers).
import type { TestProject } from 'vitest/node'
import { freePorts } from '../../scripts/free-ports.ts'
import {
  runServerName,
  startEmbeddedPostgres,
  sweepAbandonedRunServers,
} from '../../scripts/db/embedded-postgres.ts'
import { applyMigrations, createDatabase, databaseUrl } from '../../scripts/db/migrate.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the test server's maintenance database. */
    testDatabaseServerUrl: string
    /** Migrated database to clone (CREATE DATABASE … TEMPLATE). */
    testTemplateDatabase: string
  }
}

const TEMPLATE_DATABASE = 'haven_template'

async function startRunServer() {
  await sweepAbandonedRunServers()
  // A port found free can be taken by someone else before PostgreSQL binds it: try another.
  for (let attempt = 1; ; attempt++) {
    const [port] = await freePorts(1)
    try {
      return await startEmbeddedPostgres({ name: runServerName('test'), port: port!, ephemeral: true })
    } catch (error) {
      if (attempt >= 3) throw error
    }
  }
}

export default async function setup(project: TestProject) {
  const server = await startRunServer()
  const serverUrl = server.url('postgres')
  try {
    await createDatabase(serverUrl, TEMPLATE_DATABASE)
    // applyMigrations closes its connection: CREATE DATABASE … TEMPLATE needs the template idle.
    await applyMigrations(databaseUrl(serverUrl, TEMPLATE_DATABASE))
  } catch (error) {
    server.stop()
    throw error
  }
  project.provide('testDatabaseServerUrl', serverUrl)
  project.provide('testTemplateDatabase', TEMPLATE_DATABASE)
  return () => server.stop()
}
