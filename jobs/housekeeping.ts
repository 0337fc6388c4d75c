import { pruneLoginAttempts } from '~/domain/identity/login.server.ts'
import { db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { pruneRateLimitEvents } from '~/utils/rate-limit.server.ts'

export const ABANDONED_SIGNUP_MS = 7 * 24 * 60 * 60 * 1000

export async function handleHousekeeping() {
  const loginAttempts = await pruneLoginAttempts()
  const rateLimitEvents = await pruneRateLimitEvents(db)
  const sessions = await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } })
  // A sign-up nobody finished holds only an email address; keep it no longer than needed.
  const abandonedSignups = await db.verification.deleteMany({
    where: { purpose: 'signup', usedAt: null, createdAt: { lt: new Date(Date.now() - ABANDONED_SIGNUP_MS) } },
  })
  // Sessions booked in Halaxy only matter while they can block a time Haven would offer.
  const pastHalaxyBusy = await db.halaxyBusyBlock.deleteMany({
    where: { endsAt: { lt: new Date(Date.now() - 24 * 60 * 60 * 1000) } },
  })
  logger.info(
    {
      loginAttempts: loginAttempts.count,
      rateLimitEvents: rateLimitEvents.count,
      sessions: sessions.count,
      abandonedSignups: abandonedSignups.count,
      pastHalaxyBusy: pastHalaxyBusy.count,
    },
    'housekeeping done',
  )
}
