// The real worker as its own process, for halaxy-mirror.ts's kill scenario: the parent sets
// DATABASE_URL and the HALAXY_* variables, SIGKILLs this process at random and starts it again.
// BENCH_HALAXY_WORK (JSON) replaces the halaxy queue's work options, to try other settings.
import { startWorker } from '../../jobs/start-worker.ts'

const worker = await startWorker(process.env.DATABASE_URL!)
if (process.env.BENCH_HALAXY_WORK) {
  const [{ halaxyPushQueue }, { handleHalaxyPush }] = await Promise.all([
    import('../../app/utils/queues.server.ts'),
    import('../../jobs/halaxy.ts'),
  ])
  await worker.offWork(halaxyPushQueue.name)
  await worker.work(
    halaxyPushQueue.name,
    JSON.parse(process.env.BENCH_HALAXY_WORK) as object,
    handleHalaxyPush,
  )
}
console.log('worker ready')
process.once('SIGTERM', () => {
  void worker.stop({ graceful: false }).finally(() => process.exit(0))
})
