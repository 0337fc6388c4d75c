import { defineConfig } from 'prisma/config'

// Prisma 7 reads connection settings from here, not from schema.prisma. The URL is read
// straight from the environment because `prisma generate` runs without one.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'tsx prisma/seed.ts',
  },
  datasource: {
    url: process.env.DATABASE_URL ?? '',
  },
})
