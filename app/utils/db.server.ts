import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '~/generated/prisma/client.ts'

export type Db = PrismaClient
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

let client: PrismaClient | undefined

function createClient() {
  const connectionString = process.env.DATABASE_URL
  if (!connectionString) {
    throw new Error(
      'DATABASE_URL is not set. `npm run dev` starts an embedded PostgreSQL and sets it for you.',
    )
  }
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) })
}

/**
 * The one Prisma client of this process, created on first use so that tests and
 * scripts can point DATABASE_URL at their own database before anything connects.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    client ??= createClient()
    const value = Reflect.get(client, property, client) as unknown
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(client) : value
  },
})

export async function disconnectDb() {
  if (!client) return
  const current = client
  client = undefined
  await current.$disconnect()
}
