import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { diffSchemas, expectedSchema, findDrift, readDatamodel } from '../scripts/db/drift.ts'
import { createDatabase, databaseUrl, dropDatabase } from '../scripts/db/migrate.ts'

const serverUrl = inject('testDatabaseServerUrl')
const scratchDatabases: string[] = []

afterAll(async () => {
  for (const name of scratchDatabases) await dropDatabase(serverUrl, name)
})

/** A migrated copy of the schema, changed by `sql`. */
async function alteredDatabase(sql: string) {
  const name = `scratch_${randomBytes(6).toString('hex')}`
  await createDatabase(serverUrl, name, { template: inject('testTemplateDatabase') })
  scratchDatabases.push(name)
  const url = databaseUrl(serverUrl, name)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
  return url
}

test('the migrated database matches schema.prisma', async () => {
  expect(await findDrift(process.env.DATABASE_URL!)).toEqual([])
})

describe('the drift check', () => {
  test('reports every difference in an altered database', async () => {
    const url = await alteredDatabase(`
      ALTER TABLE "Location" DROP COLUMN "phone";
      ALTER TABLE "Location" ADD COLUMN "fax" TEXT;
      ALTER TABLE "User" ALTER COLUMN "name" DROP NOT NULL;
      ALTER TABLE "Message" ALTER COLUMN "attempts" SET DEFAULT 1;
      ALTER TABLE "AuditEvent" ALTER COLUMN "entity" TYPE VARCHAR(100);
      ALTER TABLE "Session" ALTER COLUMN "expiresAt" TYPE TIMESTAMP(3);
      ALTER TYPE "MessageStatus" ADD VALUE 'bounced';
      DROP INDEX "Session_expiresAt_idx";
      ALTER INDEX "Role_name_key" RENAME TO "Role_name_unique";
      CREATE INDEX "Location_kind_idx" ON "Location"("kind");
      ALTER TABLE "UserRole" DROP CONSTRAINT "UserRole_roleId_fkey";
      ALTER TABLE "UserRole" ADD CONSTRAINT "UserRole_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role"("id") ON DELETE CASCADE ON UPDATE CASCADE;
      ALTER TABLE "Session" DROP CONSTRAINT "Session_userId_fkey";
      CREATE TABLE "Stray" ("id" INTEGER);
    `)

    expect(await findDrift(url)).toEqual([
      'enum MessageStatus has value(s) not in schema.prisma: bounced',
      'column User.name is nullable, schema.prisma says NOT NULL',
      'column Session.expiresAt is timestamp(3) without time zone, schema.prisma says timestamp(3) with time zone',
      'column Location.phone is missing from the database',
      'column Location.fax exists in the database but not in schema.prisma',
      'column Message.attempts default is 1, schema.prisma says 0',
      'column AuditEvent.entity is character varying(100), schema.prisma says text',
      'table Stray exists in the database but not in schema.prisma',
      'unique index Role_name_key on Role(name) is named Role_name_unique in the database',
      'index Session_expiresAt_idx on Session(expiresAt) is missing from the database',
      'index Location_kind_idx on Location(kind) exists in the database but not in schema.prisma',
      'foreign key UserRole(roleId) → Role(id) on delete Cascade, on update Cascade differs: ' +
        'schema.prisma declares foreign key UserRole(roleId) → Role(id) on delete Restrict, on update Cascade',
      'foreign key Session(userId) → User(id) on delete Cascade, on update Cascade is missing from the database',
    ])
  })

  test('leaves hand-written exclusion and check constraints alone', async () => {
    const url = await alteredDatabase(`
      ALTER TABLE "Session" ADD CONSTRAINT "Session_no_overlap"
        EXCLUDE USING gist (tstzrange("createdAt", "expiresAt", '[)') WITH &&);
      ALTER TABLE "AppointmentType" ADD CONSTRAINT "AppointmentType_fee_check" CHECK ("feeCents" >= 0);
    `)

    expect(await findDrift(url)).toEqual([])
  })

  test('derives PostgreSQL types, defaults and Prisma constraint names from schema.prisma', () => {
    const longColumn = 'aVeryLongColumnNameThatGoesOnAndOnAndOnForeverAndEverAndEverMore'
    const shape = expectedSchema(
      readDatamodel(`
        datasource db {
          provider = "postgresql"
        }
        enum Colour {
          red   @map("RED")
          green
          @@map("colour")
        }
        model Paint {
          id        Int      @id @default(autoincrement())
          code      String   @default(uuid()) @db.Uuid
          name      String   @map("paint_name") @db.VarChar(80)
          colour    Colour   @default(red)
          shades    Colour[] @default([green])
          price     Decimal  @db.Decimal(10, 2)
          stock     BigInt   @default(5)
          ratio     Float    @default(1.5)
          madeAt    DateTime @default(now())
          notes     Json?
          tags      String[]
          brandId   Int?
          brand     Brand?   @relation(fields: [brandId], references: [id])
          ownerId   Int
          owner     Brand    @relation("owner", fields: [ownerId], references: [id], onUpdate: Restrict)
          @@unique([name, colour])
          @@index([madeAt(sort: Desc)])
          @@index([name], type: Hash, map: "paint_name_hash")
          @@map("paints")
        }
        model Brand {
          id    Int     @id
          paints Paint[]
          owned  Paint[] @relation("owner")
          aVeryLongColumnNameThatGoesOnAndOnAndOnForeverAndEverAndEverMore String @unique
        }
      `),
    )

    expect(shape.enums).toEqual({ colour: ['RED', 'green'] })
    expect(shape.tables.paints).toEqual({
      id: { type: 'integer', nullable: false, default: 'autoincrement()' },
      code: { type: 'uuid', nullable: false, default: null },
      paint_name: { type: 'character varying(80)', nullable: false, default: null },
      colour: { type: 'colour', nullable: false, default: 'RED' },
      shades: { type: 'colour[]', nullable: true, default: "ARRAY['green']" },
      price: { type: 'numeric(10,2)', nullable: false, default: null },
      stock: { type: 'bigint', nullable: false, default: '5' },
      ratio: { type: 'double precision', nullable: false, default: '1.5' },
      madeAt: { type: 'timestamp(3) without time zone', nullable: false, default: 'now()' },
      notes: { type: 'jsonb', nullable: true, default: null },
      tags: { type: 'text[]', nullable: true, default: null },
      brandId: { type: 'integer', nullable: true, default: null },
      ownerId: { type: 'integer', nullable: false, default: null },
    })
    expect(shape.indexes.map((index) => [index.name, index.columns, index.unique, index.method])).toEqual([
      ['paints_pkey', ['id'], true, 'btree'],
      ['paints_madeAt_idx', ['madeAt DESC'], false, 'btree'],
      ['paint_name_hash', ['paint_name'], false, 'hash'],
      ['paints_paint_name_colour_key', ['paint_name', 'colour'], true, 'btree'],
      ['Brand_pkey', ['id'], true, 'btree'],
      // Shortened to PostgreSQL's 63-character limit the way Prisma does.
      ['Brand_aVeryLongColumnNameThatGoesOnAndOnAndOnForeverAndEver_key', [longColumn], true, 'btree'],
    ])
    expect(shape.foreignKeys).toEqual([
      {
        table: 'paints',
        columns: ['brandId'],
        referencedTable: 'Brand',
        referencedColumns: ['id'],
        onDelete: 'SetNull',
        onUpdate: 'Cascade',
      },
      {
        table: 'paints',
        columns: ['ownerId'],
        referencedTable: 'Brand',
        referencedColumns: ['id'],
        onDelete: 'Restrict',
        onUpdate: 'Restrict',
      },
    ])
  })

  test('compares shapes without a database', () => {
    const column = { type: 'text', nullable: false, default: null }
    const expected = {
      tables: { A: { id: column } },
      enums: {},
      indexes: [],
      foreignKeys: [],
      unsupported: [],
    }

    expect(diffSchemas(expected, structuredClone(expected))).toEqual([])
    expect(
      diffSchemas(expected, { ...expected, tables: { A: { id: { ...column, type: 'uuid' } } } }),
    ).toEqual(['column A.id is uuid, schema.prisma says text'])
  })
})
