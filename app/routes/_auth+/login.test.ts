import { describe, expect, it } from 'vitest'
import { hashPassword } from '~/domain/identity/password.server.ts'
import { db } from '~/utils/db.server.ts'
import { routeContext as context, routeRequest, signedInCookie } from '../../../tests/setup/route-calls.ts'
import { action, loader } from './login.tsx'

const PASSWORD = 'correct horse battery'

async function patient(email: string) {
  return db.user.create({
    data: {
      email,
      name: 'Sam Citizen',
      password: { create: { hash: await hashPassword(PASSWORD) } },
      roles: { create: { role: { connect: { name: 'patient' } } } },
    },
  })
}

function signIn(email: string, redirectTo: string) {
  return action({
    request: routeRequest('/login', undefined, { intent: 'sign-in', email, password: PASSWORD, redirectTo }),
    params: {},
    context,
  })
}

function locationOf(result: unknown) {
  expect(result).toBeInstanceOf(Response)
  const response = result as Response
  expect(response.status).toBe(302)
  return response.headers.get('location')
}

describe('/login and its redirectTo', () => {
  let people = 0

  it('goes back to a page of this site after signing in', async () => {
    await patient('back@example.com')
    expect(locationOf(await signIn('back@example.com', '/patient/appointments?week=2'))).toBe(
      '/patient/appointments?week=2',
    )
  })

  it.each([
    ['a tab that a browser would drop', '/\t/evil.example'],
    ['CR/LF', '/patient\r\n/evil.example'],
    ['a bare carriage return', '/\r/evil.example'],
    ['an encoded double slash', '/%2F%2Fevil.example'],
    ['a backslash', '/\\evil.example'],
    ['an absolute URL', 'https://evil.example/patient'],
  ])('sends someone home, never elsewhere and never to an error, for %s', async (_name, redirectTo) => {
    const email = `redirect-${++people}@example.com`
    await patient(email)
    expect(locationOf(await signIn(email, redirectTo))).toBe('/patient')
  })

  it('refuses a form holding a NUL byte with a 400, and signs nobody in', async () => {
    await patient('nul@example.com')
    const answer = await signIn('nul@example.com', '/patient\0').catch((thrown: unknown) => thrown)
    expect(answer).toBeInstanceOf(Response)
    expect((answer as Response).status).toBe(400)
    expect((answer as Response).headers.get('set-cookie')).toBeNull()
  })

  it('shows the sign-in page for a redirectTo holding CR/LF, and sends the signed-in home', async () => {
    const search = `?redirectTo=${encodeURIComponent('/\r\n/evil.example')}`
    await expect(
      loader({ request: routeRequest(`/login${search}`), params: {}, context }),
    ).resolves.toBeNull()

    const user = await patient('already@example.com')
    const cookie = await signedInCookie(user.id)
    const refused = await loader({
      request: routeRequest(`/login${search}`, cookie),
      params: {},
      context,
    }).catch((thrown: unknown) => thrown)
    expect(locationOf(refused)).toBe('/patient')
  })
})
