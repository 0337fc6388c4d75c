import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'

// The CLI writes the generated client for the runtime in @prisma/client, which runs through the
// adapter, and the drift check reads the schema with the engine build the CLI uses: one release
// for all of them. Upgrading one alone is easy to do by accident (@prisma/client 7.10.1 was
// never published, so "latest" of each gave a mix).
type Manifest = { dependencies: Record<string, string>; devDependencies: Record<string, string> }
type Lockfile = { packages: Record<string, { version: string; dependencies?: Record<string, string> }> }

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Manifest
const lockfile = JSON.parse(
  readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'),
) as Lockfile
const declared = { ...manifest.dependencies, ...manifest.devDependencies }
const locked = (name: string) => lockfile.packages[`node_modules/${name}`]

const PRISMA_PACKAGES = ['prisma', '@prisma/client', '@prisma/adapter-pg']

test('prisma, @prisma/client and @prisma/adapter-pg are pinned to one version', () => {
  const versions = PRISMA_PACKAGES.map((name) => `${name}@${declared[name]}`)
  const version = declared.prisma!
  expect(version).toMatch(/^\d+\.\d+\.\d+$/)
  expect(versions).toEqual(PRISMA_PACKAGES.map((name) => `${name}@${version}`))
  expect(PRISMA_PACKAGES.map((name) => `${name}@${locked(name)?.version}`)).toEqual(versions)
})

test("the drift check parses the schema with the CLI's own engine build", () => {
  const engines = locked('@prisma/engines')?.dependencies?.['@prisma/engines-version']
  expect(engines).toBeTruthy()
  expect(declared['@prisma/prisma-schema-wasm']).toBe(engines)
  expect(locked('@prisma/prisma-schema-wasm')?.version).toBe(engines)
})
