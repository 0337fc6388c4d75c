// The worker process entry: runs every queue's handler, from the same image as the web.
import { disconnectDb } from '~/utils/db.server.ts'
import { initEnv } from '~/utils/env.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { loadStandIns } from '~/utils/standins-loader.server.ts'
import { startWorker } from './start-worker.ts'

async function main() {
  let env
  try {
    env = initEnv()
  } catch (error) {
    console.error((error as Error).message)
    process.exit(1)
  }
  if (env.HAVEN_STANDINS) await loadStandIns()
  const boss = await startWorker(env.DATABASE_URL)
  logger.info('Haven worker started')

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'worker stopping: finishing jobs in hand')
    // Jobs in hand get time to finish; anything unfinished is retried by the next worker.
    await boss.stop({ graceful: true, timeout: 20_000 }).catch(() => undefined)
    await disconnectDb()
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
}

await main()
