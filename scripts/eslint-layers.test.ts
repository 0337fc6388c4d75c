// The layer rules in eslint.config.js, run through ESLint's own API on small sources placed (by
// file path) in each layer: a wrong-way import is an error, a right-way one lints clean.
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint()
})

/** The messages of one rule for `code` as if it were the file at `filePath`. */
async function lint(filePath: string, code: string, ruleId = '@typescript-eslint/no-restricted-imports') {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter((message) => message.ruleId === ruleId)
}

async function allMessages(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath })
  return result?.messages ?? []
}

describe('the domain', () => {
  const file = 'app/domain/scheduling/example.server.ts'

  it.each([
    ['Remix', `import { redirect } from '@remix-run/node'\nexport const go = () => redirect('/')\n`],
    [
      'the worker (top-level jobs/)',
      `import { handleReleaseHolds } from '../../../jobs/release-holds.ts'\nexport const run = handleReleaseHolds\n`,
    ],
    ['a route', `import { loader } from '~/routes/_auth+/login.tsx'\nexport const load = loader\n`],
    ['a component', `import { Notice } from '~/components/forms.tsx'\nexport const shown = Notice\n`],
    ['React', `import { useState } from 'react'\nexport const hook = useState\n`],
    [
      'the HTTP guards',
      `import { requireUser } from '~/utils/auth.server.ts'\nexport const guard = requireUser\n`,
    ],
    [
      'the test harness',
      `import { queuedJobs } from '../../../tests/setup/jobs.ts'\nexport const jobs = queuedJobs\n`,
    ],
  ])('may not import %s', async (_what, code) => {
    expect(await lint(file, code)).toHaveLength(1)
  })

  it('may import utils, the queues it enqueues to, and its own modules', async () => {
    const code = [
      `import { type Tx } from '~/utils/db.server.ts'`,
      `import { enqueue } from '~/utils/jobs.server.ts'`,
      `import { appointmentChangedQueue } from '~/utils/queues.server.ts'`,
      `import { type SessionUser } from '~/domain/identity/session.server.ts'`,
      `import { generateSlots } from './slots.ts'`,
      `export const uses = [enqueue, appointmentChangedQueue, generateSlots]`,
      `export type Uses = [Tx, SessionUser]`,
      ``,
    ].join('\n')
    expect(await allMessages(file, code)).toEqual([])
  })

  it('lets its tests drive routes and job handlers', async () => {
    const code = `import { loader } from '~/routes/_auth+/login.tsx'\nimport { handleReleaseHolds } from '../../../jobs/release-holds.ts'\nexport const uses = [loader, handleReleaseHolds]\n`
    expect(await lint('app/domain/scheduling/example.server.test.ts', code)).toEqual([])
  })
})

describe('utils', () => {
  it('may not import a route', async () => {
    const code = `import { loader } from '~/routes/_auth+/login.tsx'\nexport const load = loader\n`
    expect(await lint('app/utils/example.server.ts', code)).toHaveLength(1)
  })
})

describe('components', () => {
  const file = 'app/components/example.tsx'

  it('may not import a server module, which would reach the browser', async () => {
    const code = `import { patientSummary } from '~/domain/patients/summary.server.ts'\nexport const load = patientSummary\n`
    expect(await lint(file, code)).toHaveLength(1)
  })

  it('may import a server module’s types, which are erased', async () => {
    const code = `import { type PatientSummary } from '~/domain/patients/summary.server.ts'\nexport type Shown = PatientSummary\n`
    expect(await lint(file, code)).toEqual([])
  })
})

describe('routes', () => {
  const code = `import { listOutbox } from '../../../tests/mocks/outbox.server.ts'\nexport const list = listOutbox\n`

  it('may not import the test harness', async () => {
    expect(await lint('app/routes/_auth+/login.tsx', code)).toHaveLength(1)
  })

  it('except the dev pages, which show what the local stand-ins recorded', async () => {
    expect(await lint('app/routes/dev+/outbox._index.tsx', code)).toEqual([])
  })
})

describe('configuration', () => {
  const code = `export const key = process.env.STRIPE_SECRET_KEY\n`

  it('is read from the validated environment, not process.env, in the app', async () => {
    expect(await lint('app/domain/billing/example.server.ts', code, 'no-restricted-properties')).toHaveLength(
      1,
    )
    expect(await lint('app/utils/example.server.ts', code, 'no-restricted-properties')).toHaveLength(1)
  })

  it('is validated from process.env in one place', async () => {
    expect(await lint('app/utils/env.server.ts', code, 'no-restricted-properties')).toEqual([])
  })
})
