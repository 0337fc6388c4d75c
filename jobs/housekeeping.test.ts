import { expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { LOGIN_ATTEMPT_RETENTION_MS } from '~/domain/identity/login.server.ts'
import { RATE_LIMIT_RETENTION_MS } from '~/utils/rate-limit.server.ts'
import { ABANDONED_SIGNUP_MS, handleHousekeeping } from './housekeeping.ts'

it('sweeps expired sessions, sign-in attempts past keeping, old request counts, abandoned sign-ups and past Halaxy busy time, and nothing else', async () => {
  const longAgo = new Date(Date.now() - ABANDONED_SIGNUP_MS - 60_000)
  const user = await db.user.create({ data: { email: 'keep@example.com', name: 'Kim Keep' } })
  await db.session.createMany({
    data: [
      { userId: user.id, tokenHash: 'expired', expiresAt: new Date(Date.now() - 1000) },
      { userId: user.id, tokenHash: 'live', expiresAt: new Date(Date.now() + 60_000) },
    ],
  })
  await db.loginAttempt.createMany({
    data: [
      {
        emailKey: 'old@example.com',
        outcome: 'failed',
        createdAt: new Date(Date.now() - LOGIN_ATTEMPT_RETENTION_MS - 60_000),
      },
      // Past the throttle window but still kept as evidence.
      { emailKey: 'recent@example.com', outcome: 'failed', createdAt: longAgo },
    ],
  })
  await db.rateLimitEvent.createMany({
    data: [
      { bucket: 'signup:ip', key: 'old', createdAt: new Date(Date.now() - RATE_LIMIT_RETENTION_MS - 60_000) },
      { bucket: 'signup:ip', key: 'recent' },
    ],
  })
  await db.verification.createMany({
    data: [
      { purpose: 'signup', email: 'abandoned@example.com', createdAt: longAgo },
      { purpose: 'signup', email: 'fresh@example.com' },
      { purpose: 'password_reset', email: 'keep@example.com', userId: user.id, createdAt: longAgo },
    ],
  })

  const day = 24 * 60 * 60 * 1000
  await db.halaxyBusyBlock.createMany({
    data: [
      {
        halaxyId: 'past',
        psychologistId: user.id,
        startsAt: new Date(Date.now() - 3 * day),
        endsAt: new Date(Date.now() - 2 * day),
      },
      {
        halaxyId: 'today',
        psychologistId: user.id,
        startsAt: new Date(Date.now() - 2 * 3_600_000),
        endsAt: new Date(Date.now() - 3_600_000),
      },
      {
        halaxyId: 'coming',
        psychologistId: user.id,
        startsAt: new Date(Date.now() + day),
        endsAt: new Date(Date.now() + day + 3_600_000),
      },
    ],
  })

  await handleHousekeeping()

  expect((await db.session.findMany()).map((session) => session.tokenHash)).toEqual(['live'])
  expect((await db.loginAttempt.findMany()).map((attempt) => attempt.emailKey)).toEqual([
    'recent@example.com',
  ])
  expect((await db.rateLimitEvent.findMany()).map((event) => event.key)).toEqual(['recent'])
  expect((await db.verification.findMany({ orderBy: { email: 'asc' } })).map((v) => v.email)).toEqual([
    'fresh@example.com',
    'keep@example.com',
  ])
  expect(
    (await db.halaxyBusyBlock.findMany({ orderBy: { startsAt: 'asc' } })).map((b) => b.halaxyId),
  ).toEqual(['today', 'coming'])
})
