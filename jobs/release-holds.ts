import { releaseExpiredHolds } from '~/domain/scheduling/holds.server.ts'
import { logger } from '~/utils/logger.server.ts'

export async function handleReleaseHolds() {
  const released = await releaseExpiredHolds()
  if (released > 0) logger.info({ released }, 'expired holds released')
}
