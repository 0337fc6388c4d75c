import { pruneLoginFailures } from '~/domain/identity/login.server.ts'
import { db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'

export async function handleHousekeeping() {
  const failures = await pruneLoginFailures()
  const sessions = await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } })
  logger.info({ loginFailures: failures.count, sessions: sessions.count }, 'housekeeping done')
}
