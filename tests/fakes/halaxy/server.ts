// A local stand-in for Halaxy's FHIR R4B API on node:http, so the real Halaxy client runs
// against it in tests and in `npm run dev`. Memory only; the process that starts it owns it.
//
//   const halaxy = await startHalaxyStandIn({ port: 0 })
//   halaxy.url                       // http://127.0.0.1:<port>/main/
//   await halaxy.faults.set({ kind: 'drop-after-write', count: 1, match: 'POST Patient' })
//   halaxy.store.all('Patient'); halaxy.requests.count('POST Patient'); halaxy.expireTokens()
//   halaxy.frontEnd.bookAppointment({ … }); await halaxy.webhooks.flush(); halaxy.webhooks.deliveries()
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { type AddressInfo } from 'node:net'
import { HALAXY_STANDIN_DEFAULTS } from '../../../app/domain/halaxy/client.server.ts'
import { FaultState, type FaultControl } from './faults.ts'
import { FhirError, operationOutcome } from './fhir.ts'
import { createFrontEnd, type HalaxyFrontEnd } from './front-end.ts'
import { handleResource } from './resources.ts'
import { defaultSeed, type HalaxySeed } from './seed.ts'
import { HalaxyStore } from './store.ts'
import { WebhookSender, type HalaxyWebhooks, type WebhookOptions } from './webhooks.ts'

export type { Fault, FaultControl, FaultKind } from './faults.ts'
export type { HalaxySeed } from './seed.ts'
export { defaultSeed } from './seed.ts'
export { HalaxyStore } from './store.ts'
export type {
  FrontEndAppointmentChanges,
  FrontEndBooking,
  FrontEndInvoiceChanges,
  FrontEndPatientChanges,
  HalaxyFrontEnd,
} from './front-end.ts'
export type {
  HalaxyWebhookEvent,
  HalaxyWebhooks,
  WebhookDelivery,
  WebhookOptions,
  WebhookTarget,
} from './webhooks.ts'
export { HALAXY_WEBHOOK_EVENTS } from './webhooks.ts'

/** The credentials the stand-in accepts unless told otherwise: the client's stand-in defaults. */
export const HALAXY_STANDIN_CLIENT = {
  clientId: HALAXY_STANDIN_DEFAULTS.clientId,
  clientSecret: HALAXY_STANDIN_DEFAULTS.clientSecret,
}

/** The port `npm run dev` should start it on, so readHalaxyConfig's stand-in default reaches it. */
export const HALAXY_STANDIN_PORT = Number(new URL(HALAXY_STANDIN_DEFAULTS.baseUrl).port)

export type HalaxyStandInOptions = {
  /** 0 (the default) picks a free port. */
  port?: number
  host?: string
  /** Halaxy allows 500 per key per sliding minute. */
  rateLimitPerMinute?: number
  /** The sliding window; tests may shorten it. */
  rateLimitWindowMs?: number
  tokenTtlSeconds?: number
  clients?: { clientId: string; clientSecret: string }[]
  /** Reference data; each list given replaces the default one. */
  seed?: Partial<HalaxySeed>
  pageSize?: number
  /** Where front-end changes are announced: `url` is a base the event name is appended to. */
  webhooks?: WebhookOptions
}

export type RequestRecord = {
  method: string
  /** Below the base, without the query, e.g. 'Patient/100001'. */
  path: string
  /** "METHOD path", what fault matches and counts use. */
  key: string
  query: string
  at: number
  status?: number
  /** What happened instead of an answer. */
  outcome?: 'answered' | 'dropped' | 'held'
  userAgent?: string
}

export type RequestLog = {
  list(): RequestRecord[]
  /** Requests whose key is `match` or below it ('GET Patient' counts 'GET Patient/1' too); all without. */
  count(match?: string): number
  reset(): void
}

export type HalaxyStandIn = {
  url: string
  port: number
  faults: FaultControl
  store: HalaxyStore
  requests: RequestLog
  /** Halaxy's webhooks (front-end changes only): the target, pause/resume, the delivery log. */
  webhooks: HalaxyWebhooks
  /** Halaxy's own web UI: each change is stored and fires its webhook. */
  frontEnd: HalaxyFrontEnd
  /** Every token issued so far answers 401 expired from now on. */
  expireTokens(): void
  stop(): Promise<void>
}

const base = '/main/'

export async function startHalaxyStandIn(options: HalaxyStandInOptions = {}): Promise<HalaxyStandIn> {
  const host = options.host ?? '127.0.0.1'
  const limit = options.rateLimitPerMinute ?? 500
  const windowMs = options.rateLimitWindowMs ?? 60_000
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 900
  const clients = options.clients ?? [HALAXY_STANDIN_CLIENT]
  const pageSize = options.pageSize ?? 100

  const store = new HalaxyStore()
  const seed = { ...defaultSeed(), ...options.seed }
  for (const resource of [
    ...seed.organizations,
    ...seed.practitionerRoles,
    ...seed.healthcareServices,
    ...seed.chargeItemDefinitions,
  ]) {
    store.put(resource)
  }

  const tokens = new Map<string, { clientId: string; expiresAt: number }>()
  const windows = new Map<string, number[]>()
  const faultState = new FaultState()
  const log: RequestRecord[] = []
  const held = new Set<ServerResponse>()
  let baseUrl = ''

  const remainingFor = (clientKey: string) => {
    const now = Date.now()
    const starts = (windows.get(clientKey) ?? []).filter((at) => at > now - windowMs)
    windows.set(clientKey, starts)
    return starts
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', baseUrl)
    const method = (request.method ?? 'GET').toUpperCase()
    const path = url.pathname.startsWith(base)
      ? decodeURIComponent(url.pathname.slice(base.length))
      : url.pathname
    const key = `${method} ${path}`
    const record: RequestRecord = {
      method,
      path,
      key,
      query: url.search,
      at: Date.now(),
      userAgent: request.headers['user-agent'],
    }
    log.push(record)
    const raw = await readBody(request)

    let remaining = limit
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status
      record.outcome = 'answered'
      response.writeHead(status, {
        'content-type': path === 'oauth/token' ? 'application/json' : 'application/fhir+json; charset=utf-8',
        'x-ratelimit-remaining': String(Math.max(0, remaining)),
        ...headers,
      })
      response.end(JSON.stringify(body))
    }
    const fail = (error: FhirError) =>
      send(error.status, operationOutcome(error.code, error.diagnostics), error.headers)

    if (!url.pathname.startsWith(base))
      return fail(new FhirError(404, 'not-found', `no such endpoint ${path}`))

    // Halaxy refuses any request that doesn't name its sender: "Vendor (contact email)".
    const userAgent = request.headers['user-agent'] ?? ''
    if (!/\([^()]*@[^()]*\)/.test(userAgent)) {
      return fail(
        new FhirError(
          403,
          'forbidden',
          'A User-Agent header naming the application and a contact email is required',
        ),
      )
    }

    const body = parseJson(raw)
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
    const clientKey =
      path === 'oauth/token'
        ? String((body as { client_id?: unknown } | undefined)?.client_id ?? 'anonymous')
        : (tokens.get(bearer ?? '')?.clientId ?? 'anonymous')

    const starts = remainingFor(clientKey)
    if (starts.length >= limit) {
      remaining = 0
      const wait = Math.max(1, Math.ceil(((starts[0] ?? Date.now()) + windowMs - Date.now()) / 1000))
      return fail(
        new FhirError(429, 'throttled', `Rate limit of ${limit} requests per minute exceeded`, {
          'retry-after': String(wait),
        }),
      )
    }
    starts.push(Date.now())
    remaining = limit - starts.length

    const fault = faultState.take(key)
    if (fault?.kind === '5xx') {
      return fail(new FhirError(503, 'transient', 'Halaxy is temporarily unavailable, please try again'))
    }
    if (fault?.kind === '429-burst') {
      remaining = 0
      return fail(new FhirError(429, 'throttled', 'Too many requests, slow down', { 'retry-after': '1' }))
    }
    if (fault?.kind === 'timeout') {
      record.outcome = 'held'
      held.add(response)
      response.on('close', () => held.delete(response))
      return
    }
    const drop = fault?.kind === 'drop-after-write'
    const outcomeOnly = fault?.kind === 'outcome-answer'
    const failAfterWrite = fault?.kind === '500-after-write'
    const answer = (status: number, payload: unknown, headers?: Record<string, string>) => {
      if (outcomeOnly && status < 300)
        return send(status, operationOutcome('informational', 'Done', 'information'), headers)
      if (failAfterWrite && status < 300)
        return fail(new FhirError(500, 'exception', 'An unexpected error occurred'))
      if (!drop) return send(status, payload, headers)
      record.status = status
      record.outcome = 'dropped'
      request.socket.destroy()
    }

    try {
      if (path === 'oauth/token') {
        const token = issueToken(method, body)
        return answer(token.status, token.body)
      }
      const session = bearer ? tokens.get(bearer) : undefined
      if (!session) throw new FhirError(401, 'login', 'A valid bearer token is required')
      if (session.expiresAt <= Date.now()) {
        throw new FhirError(401, 'expired', 'The access token has expired', {
          'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired"',
        })
      }
      if (raw.length > 0 && body === undefined)
        throw new FhirError(400, 'structure', 'The body is not valid JSON')
      const result = handleResource(
        {
          method,
          segments: path.split('/').filter(Boolean),
          query: url.searchParams,
          body,
          contentType: (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase(),
          selfUrl: url,
          baseUrl,
          pageSize,
        },
        store,
      )
      return answer(result.status, result.body, result.headers)
    } catch (error) {
      if (!(error instanceof FhirError)) throw error
      if (drop) return answer(error.status, undefined)
      return fail(error)
    }
  }

  function issueToken(method: string, body: unknown): { status: number; body: unknown } {
    if (method !== 'POST')
      return { status: 405, body: { error: 'invalid_request', error_description: 'POST only' } }
    const fields = (body ?? {}) as Record<string, unknown>
    if (fields.grant_type !== 'client_credentials') {
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' },
      }
    }
    const client = clients.find(
      (candidate) =>
        candidate.clientId === fields.client_id && candidate.clientSecret === fields.client_secret,
    )
    if (!client) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Client authentication failed' },
      }
    }
    const token = randomBytes(24).toString('hex')
    tokens.set(token, { clientId: client.clientId, expiresAt: Date.now() + tokenTtlSeconds * 1000 })
    return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: tokenTtlSeconds } }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('Halaxy stand-in failed on a request:', error)
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/fhir+json' })
        response.end(JSON.stringify(operationOutcome('exception', 'The stand-in failed')))
      } else response.destroy()
    })
  })
  server.keepAliveTimeout = 5_000

  let listening = false
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        listening = true
        resolve((server.address() as AddressInfo).port)
      })
    })
  const closeListener = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve()
      listening = false
      for (const response of held) response.destroy()
      server.close(() => resolve())
      server.closeAllConnections()
    })

  const port = await listen(options.port ?? 0)
  baseUrl = `http://${host}:${port}${base}`
  const webhooks = new WebhookSender(baseUrl, options.webhooks)

  // 'down' closes the listener so connections are refused; leaving it listens on the same port again.
  const applyDown = async () => {
    if (faultState.isDown()) await closeListener()
    else if (!listening) await listen(port)
  }
  const faults: FaultControl = {
    async set(fault) {
      faultState.replace([fault])
      await applyDown()
    },
    async add(fault) {
      faultState.push(fault)
      await applyDown()
    },
    async clear() {
      faultState.replace([])
      await applyDown()
    },
    active: () => faultState.list(),
  }

  let stopped = false
  return {
    url: baseUrl,
    port,
    faults,
    store,
    webhooks,
    frontEnd: createFrontEnd(store, webhooks),
    requests: {
      list: () => log.map((record) => ({ ...record })),
      count: (match) =>
        log.filter((record) => !match || record.key === match || record.key.startsWith(`${match}/`)).length,
      reset: () => void log.splice(0),
    },
    expireTokens() {
      for (const session of tokens.values()) session.expiresAt = 0
    },
    async stop() {
      if (stopped) return
      stopped = true
      await Promise.all([closeListener(), webhooks.close()])
    },
  }
}

function readBody(request: IncomingMessage) {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

function parseJson(raw: string): unknown {
  if (raw.length === 0) return undefined
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return undefined
  }
}
