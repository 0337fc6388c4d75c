import { db } from './db.server.ts'
import { getBoss } from './jobs.server.ts'

async function probe(check: () => Promise<unknown>, timeoutMs = 3_000): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)
      }),
    ])
    return 'ok'
  } catch {
    return 'down'
  } finally {
    clearTimeout(timer)
  }
}

export async function checkHealth() {
  const [database, queue] = await Promise.all([
    probe(() => db.$queryRaw`select 1`),
    probe(async () => (await getBoss()).getQueues()),
  ])
  return { ok: database === 'ok' && queue === 'ok', database, queue }
}
