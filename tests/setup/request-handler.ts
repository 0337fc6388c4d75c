import { createRequestHandler, type AppLoadContext, type ServerBuild } from '@remix-run/node'
import { createServer } from 'vite'
import { type disconnectDb } from '~/utils/db.server.ts'
import { type initEnv } from '~/utils/env.server.ts'
import { type stopBoss } from '~/utils/jobs.server.ts'

/**
 * Remix's own request handler over the app as `npm run dev` builds it (vite.config.ts, dev
 * pages included), in this process, so a test can send it Requests: page URLs, single-fetch
 * `.data` URLs and form posts, with no port and no Express. The build runs in Vite's module
 * graph, apart from the test's own, so its database client and queue are its own: `close`
 * stops them before the test file's database is dropped.
 */
export async function startRequestHandler() {
  const vite = await createServer({
    server: { middlewareMode: true, hmr: false },
    appType: 'custom',
    logLevel: 'error',
  })
  const load = <Module>(id: string) => vite.ssrLoadModule(id) as Promise<Module>
  try {
    const build = await load<ServerBuild>('virtual:remix/server-build')
    // Production mode: errors reach the browser as they would in production (no messages, no stacks).
    const handle = createRequestHandler(build, 'production')
    return {
      handle: (request: Request, context: AppLoadContext) => handle(request, context),
      /** The app validates its environment once, as at boot; after a test changes it, again. */
      async rereadEnv() {
        ;(await load<{ initEnv: typeof initEnv }>('/app/utils/env.server.ts')).initEnv()
      },
      async close() {
        await (await load<{ stopBoss: typeof stopBoss }>('/app/utils/jobs.server.ts')).stopBoss()
        await (await load<{ disconnectDb: typeof disconnectDb }>('/app/utils/db.server.ts')).disconnectDb()
        await vite.close()
      },
    }
  } catch (error) {
    await vite.close()
    throw error
  }
}
