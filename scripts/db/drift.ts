// Drift check: does the migrated database match what schema.prisma declares? This stands in
// for `prisma migrate diff`, which needs Prisma's downloadable schema engine. Both sides are
// reduced to the same plain shape (tables, columns, enums, indexes, foreign keys) and compared.
//
// The expected side follows the SQL Prisma Migrate generates for PostgreSQL: default type per
// scalar or the @db native type, scalar lists as nullable arrays, Prisma's constraint names
// (<table>_pkey, <table>_<columns>_key|_idx), onDelete Restrict/SetNull and onUpdate Cascade
// unless stated. Hand-written constraints Prisma cannot express (exclusion and check
// constraints) are deliberately not compared.
import fs from 'node:fs/promises'
import path from 'node:path'
import prismaSchemaWasm from '@prisma/prisma-schema-wasm'
import pg from 'pg'

type ReferentialAction = 'Cascade' | 'Restrict' | 'NoAction' | 'SetNull' | 'SetDefault'

type ColumnShape = {
  /** As PostgreSQL's format_type prints it, unquoted and without the schema: "timestamp(3) with time zone", "text[]". */
  type: string
  nullable: boolean
  /** Normalised default expression (casts and quotes removed), or null for none. */
  default: string | null
  /** Set on the expected side when the default cannot be compared textually (e.g. a DateTime literal). */
  defaultNotCompared?: boolean
}

type IndexShape = {
  table: string
  name: string
  /** Column names in order, " DESC" appended for descending ones. */
  columns: string[]
  unique: boolean
  primary: boolean
  method: string
  /** WHERE clause of a partial index (never declared by Prisma). */
  predicate: string | null
}

type ForeignKeyShape = {
  table: string
  columns: string[]
  referencedTable: string
  referencedColumns: string[]
  onDelete: ReferentialAction
  onUpdate: ReferentialAction
}

type SchemaShape = {
  tables: Record<string, Record<string, ColumnShape>>
  enums: Record<string, string[]>
  indexes: IndexShape[]
  foreignKeys: ForeignKeyShape[]
  /** Things the check cannot model; each is reported as a difference rather than silently skipped. */
  unsupported: string[]
}

// ───────────────────────────── expected: schema.prisma via DMMF ─────────────────────────────

type DmmfDefault = string | number | boolean | unknown[] | { name: string; args: unknown[] }

type DmmfField = {
  name: string
  dbName?: string | null
  kind: 'scalar' | 'enum' | 'object' | 'unsupported'
  isList: boolean
  isRequired: boolean
  isUpdatedAt: boolean
  type: string
  nativeType?: [string, string[]] | null
  default?: DmmfDefault
  relationName?: string
  relationFromFields?: string[]
  relationToFields?: string[]
  relationOnDelete?: ReferentialAction
  relationOnUpdate?: ReferentialAction
}

type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] }
type DmmfEnum = { name: string; dbName?: string | null; values: { name: string; dbName: string | null }[] }
type DmmfIndex = {
  model: string
  type: 'id' | 'unique' | 'normal' | 'fulltext'
  dbName?: string
  algorithm?: string
  fields: { name: string; sortOrder?: 'asc' | 'desc' }[]
}
type Datamodel = { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] }

/** Prisma's datamodel (DMMF) for a schema, from the schema engine's Wasm build. */
export function readDatamodel(schemaText: string, fileName = 'schema.prisma'): Datamodel {
  const dmmf = JSON.parse(
    prismaSchemaWasm.get_dmmf(JSON.stringify({ prismaSchema: [[fileName, schemaText]] })),
  ) as {
    datamodel: Datamodel
  }
  return dmmf.datamodel
}

const DEFAULT_SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
}

function nativeTypeName([name, args]: [string, string[]]) {
  const withArgs = (base: string, suffix = '') =>
    args.length > 0 ? `${base}(${args.join(',')})${suffix}` : `${base}${suffix}`
  switch (name) {
    case 'Text':
      return 'text'
    case 'VarChar':
      return withArgs('character varying')
    case 'Char':
      return withArgs('character')
    case 'Uuid':
      return 'uuid'
    case 'Xml':
      return 'xml'
    case 'Inet':
      return 'inet'
    case 'Citext':
      return 'citext'
    case 'Integer':
      return 'integer'
    case 'SmallInt':
      return 'smallint'
    case 'BigInt':
      return 'bigint'
    case 'Oid':
      return 'oid'
    case 'DoublePrecision':
      return 'double precision'
    case 'Real':
      return 'real'
    case 'Decimal':
      return withArgs('numeric')
    case 'Money':
      return 'money'
    case 'Timestamp':
      return withArgs('timestamp', ' without time zone')
    case 'Timestamptz':
      return withArgs('timestamp', ' with time zone')
    case 'Date':
      return 'date'
    case 'Time':
      return withArgs('time', ' without time zone')
    case 'Timetz':
      return withArgs('time', ' with time zone')
    case 'Boolean':
      return 'boolean'
    case 'Bit':
      return withArgs('bit')
    case 'VarBit':
      return withArgs('bit varying')
    case 'Json':
      return 'json'
    case 'JsonB':
      return 'jsonb'
    case 'ByteA':
      return 'bytea'
    default:
      return name.toLowerCase()
  }
}

/** PostgreSQL's identifier limit; Prisma shortens generated names to fit it. */
const MAX_IDENTIFIER = 63

function prismaConstraintName(table: string, columns: string[], suffix: 'pkey' | 'key' | 'idx') {
  const base = suffix === 'pkey' ? table : [table, ...columns].join('_')
  return `${base.slice(0, MAX_IDENTIFIER - suffix.length - 1)}_${suffix}`
}

const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`

function expectedDefault(field: DmmfField, enumValueDbName: (value: string) => string): Partial<ColumnShape> {
  const value = field.default
  if (value === undefined) return { default: null }
  const literal = (item: unknown) =>
    field.kind === 'enum' ? enumValueDbName(String(item)) : typeof item === 'string' ? item : String(item)
  if (Array.isArray(value)) {
    const items = value.map((item) =>
      field.kind === 'enum' || typeof item === 'string' ? quoteLiteral(literal(item)) : String(item),
    )
    return { default: `ARRAY[${items.join(', ')}]` }
  }
  if (typeof value === 'object') {
    switch (value.name) {
      case 'now':
        return { default: 'now()' }
      case 'autoincrement':
        return { default: 'autoincrement()' }
      case 'dbgenerated':
        return { default: typeof value.args[0] === 'string' ? normaliseDefault(value.args[0]) : null }
      default:
        // cuid(), uuid(), nanoid(), ulid(): generated by the client, no database default.
        return { default: null }
    }
  }
  if (field.type === 'DateTime' || field.type === 'Bytes' || field.type === 'Decimal') {
    return { default: String(value), defaultNotCompared: true }
  }
  return { default: literal(value) }
}

/** Reduces schema.prisma to the shape its migrations must produce in PostgreSQL. */
export function expectedSchema(datamodel: Datamodel): SchemaShape {
  const shape: SchemaShape = { tables: {}, enums: {}, indexes: [], foreignKeys: [], unsupported: [] }
  const modelsByName = new Map(datamodel.models.map((model) => [model.name, model]))
  const enumsByName = new Map(datamodel.enums.map((enumType) => [enumType.name, enumType]))
  const tableName = (model: DmmfModel) => model.dbName ?? model.name
  const columnName = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((candidate) => candidate.name === fieldName)
    return field?.dbName ?? fieldName
  }

  for (const enumType of datamodel.enums) {
    shape.enums[enumType.dbName ?? enumType.name] = enumType.values.map((value) => value.dbName ?? value.name)
  }

  for (const model of datamodel.models) {
    const table = tableName(model)
    const columns: Record<string, ColumnShape> = {}
    for (const field of model.fields) {
      if (field.kind === 'object') {
        const implicitManyToMany =
          field.isList &&
          (field.relationFromFields ?? []).length === 0 &&
          modelsByName
            .get(field.type)
            ?.fields.some(
              (other) => other.relationName === field.relationName && other.kind === 'object' && other.isList,
            )
        if (implicitManyToMany) {
          shape.unsupported.push(
            `implicit many-to-many relation ${field.relationName} (${model.name}.${field.name}) is not checked; use an explicit join model`,
          )
        }
        continue
      }
      if (field.kind === 'unsupported') {
        shape.unsupported.push(`Unsupported type of ${model.name}.${field.name} is not checked`)
        continue
      }
      const enumType = field.kind === 'enum' ? enumsByName.get(field.type) : undefined
      const baseType = enumType
        ? (enumType.dbName ?? enumType.name)
        : field.nativeType
          ? nativeTypeName(field.nativeType)
          : (DEFAULT_SCALAR_TYPES[field.type] ?? field.type.toLowerCase())
      const enumValueDbName = (value: string) =>
        enumType?.values.find((candidate) => candidate.name === value)?.dbName ?? value
      columns[field.dbName ?? field.name] = {
        type: field.isList ? `${baseType}[]` : baseType,
        // Prisma Migrate never adds NOT NULL to scalar lists.
        nullable: field.isList || !field.isRequired,
        default: null,
        ...expectedDefault(field, enumValueDbName),
      }
    }
    shape.tables[table] = columns

    for (const field of model.fields) {
      const from = field.relationFromFields ?? []
      if (field.kind !== 'object' || from.length === 0) continue
      const referenced = modelsByName.get(field.type)
      if (!referenced) continue
      const optional = from.some(
        (name) => !model.fields.find((candidate) => candidate.name === name)?.isRequired,
      )
      shape.foreignKeys.push({
        table,
        columns: from.map((name) => columnName(model, name)),
        referencedTable: tableName(referenced),
        referencedColumns: (field.relationToFields ?? []).map((name) => columnName(referenced, name)),
        onDelete: field.relationOnDelete ?? (optional ? 'SetNull' : 'Restrict'),
        onUpdate: field.relationOnUpdate ?? 'Cascade',
      })
    }
  }

  for (const index of datamodel.indexes) {
    const model = modelsByName.get(index.model)
    if (!model) continue
    const table = tableName(model)
    const columns = index.fields.map((field) => columnName(model, field.name))
    const suffix = index.type === 'id' ? 'pkey' : index.type === 'normal' ? 'idx' : 'key'
    shape.indexes.push({
      table,
      name: index.dbName ?? prismaConstraintName(table, columns, suffix),
      columns: index.fields.map((field, i) => `${columns[i]}${field.sortOrder === 'desc' ? ' DESC' : ''}`),
      unique: index.type !== 'normal',
      primary: index.type === 'id',
      method: (index.algorithm ?? 'btree').toLowerCase(),
      predicate: null,
    })
  }
  return shape
}

// ───────────────────────────── actual: PostgreSQL's catalog ─────────────────────────────

const REFERENTIAL_ACTIONS: Record<string, ReferentialAction> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
}

const CAST = /::(?:"[^"]+"|[a-z_][a-z0-9_]*(?: [a-z_][a-z0-9_]*)*)(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])*/gi

function isWrappedInParentheses(value: string) {
  if (!value.startsWith('(') || !value.endsWith(')')) return false
  let depth = 0
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '(') depth++
    else if (value[i] === ')') depth--
    if (depth === 0 && i < value.length - 1) return false
  }
  return true
}

/** Makes PostgreSQL's deparsed default comparable with a Prisma default. */
function normaliseDefault(expression: string | null): string | null {
  if (expression === null) return null
  const trimmed = expression.trim()
  if (/^nextval\(/i.test(trimmed)) return 'autoincrement()'
  if (/^(now\(\)|CURRENT_TIMESTAMP)$/i.test(trimmed)) return 'now()'
  let value = trimmed.replace(CAST, '')
  while (isWrappedInParentheses(value)) value = value.slice(1, -1).trim()
  const quoted = /^'(.*)'$/s.exec(value)
  if (quoted) value = quoted[1]!.replaceAll("''", "'")
  return value
}

/** Unquotes identifiers and drops the schema from format_type output: `public."Kind"[]` → `Kind[]`. */
function normaliseType(type: string, schema: string) {
  return type.replace(`${schema}.`, '').replaceAll('"', '')
}

/** Reads one schema of the database at `databaseUrl`, leaving out Prisma's own migrations table. */
async function readDatabaseSchema(databaseUrl: string, schema = 'public'): Promise<SchemaShape> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const shape: SchemaShape = { tables: {}, enums: {}, indexes: [], foreignKeys: [], unsupported: [] }
    const tableFilter = `n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'`

    const columns = await client.query<{
      table: string
      column: string
      type: string
      nullable: boolean
      default: string | null
    }>(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
              NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE ${tableFilter}
        ORDER BY c.relname, a.attnum`,
      [schema],
    )
    const tables = await client.query<{ table: string }>(
      `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${tableFilter}`,
      [schema],
    )
    for (const { table } of tables.rows) shape.tables[table] = {}
    for (const row of columns.rows) {
      shape.tables[row.table]![row.column] = {
        type: normaliseType(row.type, schema),
        nullable: row.nullable,
        default: normaliseDefault(row.default),
      }
    }

    const enums = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
         FROM pg_type t
         JOIN pg_namespace n ON n.oid = t.typnamespace
         JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE n.nspname = $1
        GROUP BY t.typname`,
      [schema],
    )
    for (const row of enums.rows) shape.enums[row.name] = row.values

    const indexes = await client.query<IndexShape>(
      `SELECT c.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
              am.amname AS method, pg_get_expr(x.indpred, x.indrelid) AS predicate,
              ARRAY(
                SELECT COALESCE(a.attname::text, pg_get_indexdef(x.indexrelid, k.ord::int, true))
                       || CASE WHEN o.option & 1 = 1 THEN ' DESC' ELSE '' END
                  FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                  JOIN unnest(x.indoption::int2[]) WITH ORDINALITY AS o(option, ord) USING (ord)
                  LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0
                 ORDER BY k.ord
              ) AS columns
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class c ON c.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_am am ON am.oid = i.relam
        WHERE ${tableFilter}
          -- Exclusion constraints are hand-written invariants Prisma cannot declare.
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype = 'x')
        ORDER BY c.relname, i.relname`,
      [schema],
    )
    shape.indexes = indexes.rows

    const foreignKeys = await client.query<{
      table: string
      columns: string[]
      referencedTable: string
      referencedColumns: string[]
      onDelete: string
      onUpdate: string
    }>(
      `SELECT c.relname AS table, r.relname AS "referencedTable",
              k.confdeltype AS "onDelete", k.confupdtype AS "onUpdate",
              ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord) AS columns,
              ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord)
                AS "referencedColumns"
         FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid
         JOIN pg_class r ON r.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE k.contype = 'f' AND ${tableFilter}
        ORDER BY c.relname, k.conname`,
      [schema],
    )
    shape.foreignKeys = foreignKeys.rows.map((row) => ({
      ...row,
      onDelete: REFERENTIAL_ACTIONS[row.onDelete] ?? 'NoAction',
      onUpdate: REFERENTIAL_ACTIONS[row.onUpdate] ?? 'NoAction',
    }))
    return shape
  } finally {
    await client.end()
  }
}

// ───────────────────────────── comparison ─────────────────────────────

const list = (items: string[]) => items.join(', ')

function describeIndex(index: IndexShape) {
  const kind = index.primary ? 'primary key' : index.unique ? 'unique index' : 'index'
  const method = index.method === 'btree' ? '' : ` using ${index.method}`
  const where = index.predicate ? ` where ${index.predicate}` : ''
  return `${kind} ${index.name} on ${index.table}(${list(index.columns)})${method}${where}`
}

const indexSignature = (index: IndexShape) =>
  JSON.stringify([index.table, index.columns, index.unique, index.primary, index.method, index.predicate])

const foreignKeyKey = (fk: ForeignKeyShape) => `${fk.table}(${list(fk.columns)})`

function describeForeignKey(fk: ForeignKeyShape) {
  return (
    `foreign key ${foreignKeyKey(fk)} → ${fk.referencedTable}(${list(fk.referencedColumns)}) ` +
    `on delete ${fk.onDelete}, on update ${fk.onUpdate}`
  )
}

/** Every way `actual` differs from `expected`, one readable line each; empty when they match. */
export function diffSchemas(expected: SchemaShape, actual: SchemaShape): string[] {
  const differences = [...expected.unsupported]

  for (const [name, values] of Object.entries(expected.enums)) {
    const actualValues = actual.enums[name]
    if (!actualValues) {
      differences.push(`enum ${name} is missing from the database`)
      continue
    }
    const missing = values.filter((value) => !actualValues.includes(value))
    const extra = actualValues.filter((value) => !values.includes(value))
    if (missing.length > 0) differences.push(`enum ${name} lacks value(s) ${list(missing)}`)
    if (extra.length > 0) differences.push(`enum ${name} has value(s) not in schema.prisma: ${list(extra)}`)
  }
  for (const name of Object.keys(actual.enums)) {
    if (!expected.enums[name])
      differences.push(`enum ${name} exists in the database but not in schema.prisma`)
  }

  for (const [table, columns] of Object.entries(expected.tables)) {
    const actualColumns = actual.tables[table]
    if (!actualColumns) {
      differences.push(`table ${table} is missing from the database`)
      continue
    }
    for (const [column, want] of Object.entries(columns)) {
      const have = actualColumns[column]
      const where = `${table}.${column}`
      if (!have) {
        differences.push(`column ${where} is missing from the database`)
        continue
      }
      if (have.type !== want.type)
        differences.push(`column ${where} is ${have.type}, schema.prisma says ${want.type}`)
      if (have.nullable !== want.nullable) {
        differences.push(
          `column ${where} is ${have.nullable ? 'nullable' : 'NOT NULL'}, schema.prisma says ${want.nullable ? 'nullable' : 'NOT NULL'}`,
        )
      }
      if (want.defaultNotCompared) {
        if (have.default === null)
          differences.push(`column ${where} has no default, schema.prisma declares one`)
      } else if (have.default !== want.default) {
        differences.push(
          `column ${where} default is ${have.default ?? '(none)'}, schema.prisma says ${want.default ?? '(none)'}`,
        )
      }
    }
    for (const column of Object.keys(actualColumns)) {
      if (!columns[column])
        differences.push(`column ${table}.${column} exists in the database but not in schema.prisma`)
    }
  }
  for (const table of Object.keys(actual.tables)) {
    if (!expected.tables[table])
      differences.push(`table ${table} exists in the database but not in schema.prisma`)
  }

  const unmatched = [...actual.indexes]
  const take = (predicate: (index: IndexShape) => boolean) => {
    const position = unmatched.findIndex(predicate)
    return position === -1 ? undefined : unmatched.splice(position, 1)[0]
  }
  for (const want of expected.indexes) {
    const sameName = take((index) => index.table === want.table && index.name === want.name)
    if (sameName) {
      if (indexSignature(sameName) !== indexSignature(want)) {
        differences.push(`${describeIndex(sameName)} differs: schema.prisma declares ${describeIndex(want)}`)
      }
      continue
    }
    const sameShape = take((index) => indexSignature(index) === indexSignature(want))
    if (sameShape) differences.push(`${describeIndex(want)} is named ${sameShape.name} in the database`)
    else differences.push(`${describeIndex(want)} is missing from the database`)
  }
  for (const index of unmatched)
    differences.push(`${describeIndex(index)} exists in the database but not in schema.prisma`)

  const actualForeignKeys = new Map(actual.foreignKeys.map((fk) => [foreignKeyKey(fk), fk]))
  for (const want of expected.foreignKeys) {
    const have = actualForeignKeys.get(foreignKeyKey(want))
    actualForeignKeys.delete(foreignKeyKey(want))
    if (!have) differences.push(`${describeForeignKey(want)} is missing from the database`)
    else if (describeForeignKey(have) !== describeForeignKey(want)) {
      differences.push(
        `${describeForeignKey(have)} differs: schema.prisma declares ${describeForeignKey(want)}`,
      )
    }
  }
  for (const fk of actualForeignKeys.values()) {
    differences.push(`${describeForeignKey(fk)} exists in the database but not in schema.prisma`)
  }
  return differences
}

/** Differences between schema.prisma and the database at `databaseUrl`; empty when in sync. */
export async function findDrift(
  databaseUrl: string,
  schemaPath = path.resolve(process.cwd(), 'prisma/schema.prisma'),
): Promise<string[]> {
  const datamodel = readDatamodel(await fs.readFile(schemaPath, 'utf8'), path.basename(schemaPath))
  return diffSchemas(expectedSchema(datamodel), await readDatabaseSchema(databaseUrl))
}
