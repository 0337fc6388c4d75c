// The web process: Express serving the Remix app, with the security headers and checks
// every response needs. In development Vite renders the app; in production the build.
import crypto from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import { type ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type Response as ExpressResponse } from 'express'
import helmet from 'helmet'
import { CLIENT_IP_HEADER } from '~/utils/client-ip.server.ts'
import { initEnv } from '~/utils/env.server.ts'
import { getBoss } from '~/utils/jobs.server.ts'
import { loggablePath, logger } from '~/utils/logger.server.ts'
import { contentSecurityDirectives, isAllowedOrigin } from '~/utils/security.server.ts'
import { loadStandIns } from '~/utils/standins-loader.server.ts'

const env = (() => {
  try {
    return initEnv()
  } catch (error) {
    console.error((error as Error).message)
    process.exit(1)
  }
})()

if (env.HAVEN_STANDINS) await loadStandIns()

const isDev = env.NODE_ENV === 'development'
const here = path.dirname(fileURLToPath(import.meta.url))

const viteDevServer = isDev
  ? await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined

const app = express()
app.disable('x-powered-by')
// Fly's proxy terminates TLS in front of us.
app.set('trust proxy', 1)

// The address Express derived (above) reaches Remix on one header; a client's own copy is replaced.
app.use((req, _res, next) => {
  req.headers[CLIENT_IP_HEADER] = req.ip ?? ''
  next()
})

app.use((req, res, next) => {
  const started = performance.now()
  res.on('finish', () => {
    logger.info(
      {
        method: req.method,
        path: loggablePath(req.originalUrl),
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      },
      'request',
    )
  })
  next()
})

app.use((_req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
  next()
})

const nonce = (_req: unknown, res: unknown) => `'nonce-${(res as ExpressResponse).locals.cspNonce as string}'`

app.use(
  helmet({
    xPoweredBy: false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: { maxAge: 63_072_000, includeSubDomains: true, preload: true },
    contentSecurityPolicy: {
      directives: contentSecurityDirectives({
        isDev,
        nonce,
        upgradeInsecure: !isDev && Boolean(env.FLY_APP_NAME),
      }),
    },
  }),
)

app.use((req, res, next) => {
  const allowed = isAllowedOrigin({
    method: req.method,
    path: req.path,
    appUrl: env.APP_URL,
    origin: req.get('origin'),
    referer: req.get('referer'),
  })
  if (allowed) return next()
  logger.warn({ method: req.method, path: loggablePath(req.originalUrl) }, 'cross-origin request refused')
  res
    .status(403)
    .type('text/plain')
    .send(
      'This form was sent from another website, so Haven did not accept it. Go back to Haven and try again.',
    )
})

// PostgreSQL refuses NUL in text (22021): a %00 in the address would reach a query as a route
// parameter or a search value and be a 500. (Form bodies are checked by readFormData.)
app.use((req, res, next) => {
  if (!req.originalUrl.includes('%00')) return next()
  res.status(400).type('text/plain').send('That address is not valid.')
})

app.use(compression())

if (viteDevServer) {
  app.use(viteDevServer.middlewares)
} else {
  const client = path.resolve(here, '../client')
  app.use('/assets', express.static(path.join(client, 'assets'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(client, { maxAge: '1h' }))
}

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
  : ((await import(/* @vite-ignore */ path.resolve(here, '../server/index.js'))) as ServerBuild)

app.all(
  '*',
  createRequestHandler({
    build,
    mode: env.NODE_ENV,
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce as string,
      peerAddress: req.socket.remoteAddress,
    }),
  }),
)

// Start the queue client now, not inside the first request's transaction.
getBoss().catch((error: unknown) =>
  logger.error({ error: (error as Error).message }, 'job queue not reachable yet'),
)

const server = app.listen(env.PORT, () => {
  logger.info({ port: env.PORT, mode: env.NODE_ENV, standIns: env.HAVEN_STANDINS }, 'Haven web listening')
  if (isDev) console.log(`Haven is running at http://localhost:${env.PORT}`)
})

function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down web')
  server.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 10_000).unref()
}
process.once('SIGTERM', () => shutdown('SIGTERM'))
process.once('SIGINT', () => shutdown('SIGINT'))
