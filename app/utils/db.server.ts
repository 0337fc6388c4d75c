import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '~/generated/prisma/client.ts'
import { getEnv } from './env.server.ts'
import { onFirstUse } from './on-first-use.ts'

export type Db = PrismaClient
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

let client: PrismaClient | undefined

function createClient() {
  const connectionString = getEnv().DATABASE_URL
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) })
}

/**
 * The one Prisma client of this process, created on first use so that tests and
 * scripts can point DATABASE_URL at their own database before anything connects.
 */
export const db = onFirstUse(() => (client ??= createClient()))

export async function disconnectDb() {
  if (!client) return
  const current = client
  client = undefined
  await current.$disconnect()
}
