// Signs a person in without the sign-in form, for journeys where signing in is not what they
// test: the app's own createSession makes the session in the e2e server's database, and its
// cookie goes into the browser. Journeys about signing in (access, sign-up, password reset)
// still use the form (fixtures.ts signIn).
import { type Page } from '@playwright/test'
import { expect } from './test.ts'
import type * as Auth from '../../app/utils/auth.server.ts'
import type * as Database from '../../app/utils/db.server.ts'
import { E2E_BASE_URL, E2E_DATABASE_URL, E2E_SESSION_SECRET } from './settings.ts'

type AppModules = {
  db: typeof Database.db
  createSession: typeof Auth.createSession
}

let modules: Promise<AppModules> | undefined

/** Points this process's app code at the e2e server's database and secret (before any of it loads). */
export function useE2eServerEnv() {
  Object.assign(process.env, {
    DATABASE_URL: E2E_DATABASE_URL,
    SESSION_SECRET: E2E_SESSION_SECRET,
    APP_URL: E2E_BASE_URL,
    HAVEN_STANDINS: 'true',
    LOG_LEVEL: 'warn',
  })
}

/** The app's modules, loaded once per worker against the e2e server's database and secret. */
function appModules() {
  modules ??= (async () => {
    useE2eServerEnv()
    const [{ db }, { createSession }] = await Promise.all([
      import('../../app/utils/db.server.ts'),
      import('../../app/utils/auth.server.ts'),
    ])
    return { db, createSession }
  })()
  return modules
}

/** Signs `email` in and opens their home page, where the sign-in form would have led. */
export async function signInAs(page: Page, email: string) {
  const { db, createSession } = await appModules()
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })
  const setCookie = await createSession(user.id, new Request(E2E_BASE_URL))
  const pair = setCookie.split(';')[0]!
  const split = pair.indexOf('=')
  await page.context().addCookies([
    {
      name: pair.slice(0, split),
      value: pair.slice(split + 1),
      url: E2E_BASE_URL,
      httpOnly: true,
      sameSite: 'Lax',
    },
  ])
  // The sign-in page sends a signed-in person on to their own area.
  await page.goto('/login')
  await expect(page).not.toHaveURL(/\/login/)
}
