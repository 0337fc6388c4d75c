import { standInsEnabled } from '~/utils/standins.server.ts'
import {
  type FhirAppointment,
  type FhirBundle,
  type FhirInvoice,
  type FhirOperationOutcome,
  type FhirParameters,
  type FhirPatient,
  type HalaxyReferenceResource,
  type HalaxyReferenceType,
  type MergePatch,
} from './fhir-types.ts'
import {
  createHalaxyRateLimiter,
  DEFAULT_HALAXY_RATE_LIMIT,
  type HalaxyRateLimiter,
} from './rate-limit.server.ts'

// The one place that speaks to Halaxy (FHIR R4B over HTTPS). It never logs: patient details are
// personal. Every request takes a slot from the shared rate limiter first; errors come back
// classified, with Halaxy's own words (its OperationOutcome), which staff may be shown.

export type HalaxyConfig = {
  /** e.g. https://au-api.halaxy.com/main/ (always ending in '/'). */
  baseUrl: string | undefined
  clientId: string | undefined
  clientSecret: string | undefined
  /** Halaxy refuses requests without "Vendor (contact email)". */
  userAgent: string
  timeoutMs: number
  /** Shared by every Haven process: keep it under Halaxy's 500 per minute. */
  rateLimitPerMinute: number
  /** Longest a request waits for a rate-limit slot or a 429's retry-after before giving up (retryably). */
  maxWaitMs: number
}

export type HalaxyErrorKind =
  'network' | 'timeout' | 'rate_limited' | 'server' | 'auth' | 'not_found' | 'validation' | 'conflict'

export type HalaxyError = {
  kind: HalaxyErrorKind
  retryable: boolean
  /** Halaxy's HTTP status; null when no answer came. */
  status: number | null
  retryAfterSeconds?: number
  /** Halaxy's own words (OperationOutcome diagnostics), or what went wrong on the way. */
  message: string
  /** Halaxy may have acted on the request (timeout, connection lost after sending, a 5xx):
   * before creating again, look for what the first attempt may have made. */
  sent: boolean
}

export type HalaxyResult<T> = { ok: true; resource: T } | { ok: false; error: HalaxyError }

export type HalaxyRequestOptions = {
  body?: unknown
  contentType?: string
  query?: Record<string, string | string[] | undefined>
}

export type PatientQuery = {
  family?: string
  given?: string
  /** YYYY-MM-DD */
  birthdate?: string
  email?: string
  /** Only patients changed after this moment. */
  updatedAfter?: Date | string
}

export type AppointmentQuery = {
  patient?: string
  practitionerRole?: string
  /** Appointments starting at or after. */
  from?: Date | string
  /** Appointments starting before. */
  to?: Date | string
  updatedAfter?: Date | string
}

/** Where `npm run dev` starts the Halaxy stand-in, and the credentials it accepts. */
export const HALAXY_STANDIN_DEFAULTS = {
  baseUrl: 'http://127.0.0.1:4455/main/',
  clientId: 'haven-standin',
  clientSecret: 'haven-standin-secret',
  /** What the stand-in sends as its webhooks' Authentication Header (HALAXY_WEBHOOK_SECRET's stand-in default). */
  webhookSecret: 'haven-standin-webhook-secret',
} as const

export const HALAXY_USER_AGENT = 'Haven Psychology (support@havenpsychology.com.au)'

export function readHalaxyConfig(env: Record<string, string | undefined> = process.env): HalaxyConfig {
  const standIns = standInsEnabled(env)
  const baseUrl = env.HALAXY_BASE_URL || (standIns ? HALAXY_STANDIN_DEFAULTS.baseUrl : undefined)
  const rateLimit = Number(env.HALAXY_RATE_LIMIT_PER_MINUTE)
  return {
    baseUrl: baseUrl ? withTrailingSlash(baseUrl) : undefined,
    clientId: env.HALAXY_CLIENT_ID || (standIns ? HALAXY_STANDIN_DEFAULTS.clientId : undefined),
    clientSecret: env.HALAXY_CLIENT_SECRET || (standIns ? HALAXY_STANDIN_DEFAULTS.clientSecret : undefined),
    userAgent: HALAXY_USER_AGENT,
    timeoutMs: 15_000,
    rateLimitPerMinute: Number.isInteger(rateLimit) && rateLimit > 0 ? rateLimit : DEFAULT_HALAXY_RATE_LIMIT,
    maxWaitMs: 65_000,
  }
}

export function isHalaxyConfigured(config: HalaxyConfig) {
  return Boolean(config.baseUrl && config.clientId && config.clientSecret)
}

type Deps = { limiter?: HalaxyRateLimiter; fetch?: typeof fetch }

// Tokens last 15 minutes; one is replaced a minute before it runs out.
const tokenRefreshMarginMs = 60_000
// A 429 is retried this often (after its retry-after) before the caller gets it back.
const maxRateLimitRetries = 3
// Search results are followed through at most this many pages.
const maxPages = 50
const fhirId = /^[A-Za-z0-9\-.]{1,64}$/
const mergePatchType = 'application/merge-patch+json'
const fhirType = 'application/fhir+json'

export class HalaxyClient {
  private readonly limiter: HalaxyRateLimiter
  private readonly fetch: typeof fetch
  private token: { value: string; refreshAt: number } | undefined
  private pendingToken: Promise<HalaxyResult<string>> | undefined

  constructor(
    readonly config: HalaxyConfig,
    deps: Deps = {},
  ) {
    this.limiter = deps.limiter ?? createHalaxyRateLimiter({ limit: config.rateLimitPerMinute })
    this.fetch = deps.fetch ?? globalThis.fetch.bind(globalThis)
  }

  /** Any request to Halaxy: `path` is below the base (e.g. 'Patient/123') or a URL Halaxy gave (a next page). */
  async request<T>(
    method: string,
    path: string,
    options: HalaxyRequestOptions = {},
  ): Promise<HalaxyResult<T>> {
    const missing = this.missingConfig()
    if (missing) return failure('auth', null, `${missing} is not set`, false)
    const url = this.url(path, options.query)
    if (!url)
      return failure('validation', null, 'only URLs below the Halaxy base address are requested', false)

    let refreshed = false
    let rateLimitRetries = 0
    for (;;) {
      const token = await this.accessToken()
      if (!token.ok) return token
      const headers: Record<string, string> = {
        accept: fhirType,
        authorization: `Bearer ${token.resource}`,
      }
      let body: string | undefined
      if (options.body !== undefined) {
        headers['content-type'] = options.contentType ?? (method === 'PATCH' ? mergePatchType : fhirType)
        body = JSON.stringify(options.body)
      }
      const answer = await this.send(method, url, headers, body)
      if (!answer.ok) return answer

      const { status, json, responseHeaders } = answer.resource
      if (status >= 200 && status < 300) return { ok: true, resource: json as T }
      // An expired token is replaced once and the request sent again; a second refusal is final.
      if (status === 401 && !refreshed && saysExpired(json, responseHeaders)) {
        refreshed = true
        this.token = undefined
        continue
      }
      const error = classify(status, json, responseHeaders)
      if (status === 429 && rateLimitRetries < maxRateLimitRetries) {
        const waitSeconds = error.retryAfterSeconds ?? 1
        if (waitSeconds * 1000 <= this.config.maxWaitMs) {
          rateLimitRetries += 1
          // Every process holds off, not only this one; the next slot is taken after the pause.
          await this.limiter.pause(waitSeconds)
          continue
        }
      }
      return { ok: false, error }
    }
  }

  createPatient(patient: FhirPatient) {
    return this.request<FhirPatient>('POST', 'Patient', { body: patient })
  }

  readPatient(id: string) {
    return this.withId(id, () => this.request<FhirPatient>('GET', `Patient/${id}`))
  }

  patchPatient(id: string, patch: MergePatch<FhirPatient>) {
    return this.withId(id, () => this.request<FhirPatient>('PATCH', `Patient/${id}`, { body: patch }))
  }

  searchPatients(query: PatientQuery) {
    return this.search<FhirPatient>('Patient', {
      family: query.family,
      given: query.given,
      birthdate: query.birthdate,
      email: query.email,
      ...changedSince(query.updatedAfter),
    })
  }

  /** Books through $book; Halaxy also raises an invoice when a charge-item-definition-id is given. */
  bookAppointment(parameters: FhirParameters) {
    return this.request<FhirAppointment>('POST', 'Appointment/$book', { body: parameters })
  }

  readAppointment(id: string) {
    return this.withId(id, () => this.request<FhirAppointment>('GET', `Appointment/${id}`))
  }

  /** Reschedule (start/end) or cancel (the patient participant's status extension; arrays are replaced whole). */
  patchAppointment(id: string, patch: MergePatch<FhirAppointment>) {
    return this.withId(id, () => this.request<FhirAppointment>('PATCH', `Appointment/${id}`, { body: patch }))
  }

  searchAppointments(query: AppointmentQuery) {
    const date = [
      query.from === undefined ? undefined : `ge${instant(query.from)}`,
      query.to === undefined ? undefined : `lt${instant(query.to)}`,
    ].filter((value): value is string => value !== undefined)
    return this.search<FhirAppointment>('Appointment', {
      patient: query.patient,
      'practitioner-role': query.practitionerRole,
      date,
      ...changedSince(query.updatedAfter),
    })
  }

  /** The invoices Halaxy raised for an appointment (Haven cannot create them). */
  findInvoicesForAppointment(appointmentId: string) {
    return this.withId(appointmentId, () =>
      this.search<FhirInvoice>('Invoice', { appointment: appointmentId }),
    )
  }

  readInvoice(id: string) {
    return this.withId(id, () => this.request<FhirInvoice>('GET', `Invoice/${id}`))
  }

  /** Invoices changed after a moment (the inbound poll). */
  searchInvoices(query: { updatedAfter: Date | string }) {
    return this.search<FhirInvoice>('Invoice', changedSince(query.updatedAfter))
  }

  /** Halaxy's own lists, for the manager's pickers. */
  list<K extends HalaxyReferenceType>(resourceType: K) {
    return this.search<HalaxyReferenceResource[K]>(resourceType, {})
  }

  /** Every match of a search, following Halaxy's next links. */
  async search<T>(
    resourceType: string,
    query: Record<string, string | string[] | undefined>,
  ): Promise<HalaxyResult<T[]>> {
    const found: T[] = []
    let page = await this.request<FhirBundle<T>>('GET', resourceType, { query })
    for (let pages = 1; ; pages++) {
      if (!page.ok) return page
      for (const entry of page.resource.entry ?? []) {
        if (entry.search?.mode !== 'include') found.push(entry.resource)
      }
      const next = page.resource.link?.find((link) => link.relation === 'next')?.url
      if (!next || pages >= maxPages) return { ok: true, resource: found }
      page = await this.request<FhirBundle<T>>('GET', next)
    }
  }

  private withId<T>(id: string, run: () => Promise<HalaxyResult<T>>): Promise<HalaxyResult<T>> {
    if (!fhirId.test(id))
      return Promise.resolve(failure('validation', null, `'${id}' is not a Halaxy id`, false))
    return run()
  }

  private missingConfig() {
    if (!this.config.baseUrl) return 'HALAXY_BASE_URL'
    if (!this.config.clientId) return 'HALAXY_CLIENT_ID'
    if (!this.config.clientSecret) return 'HALAXY_CLIENT_SECRET'
    return undefined
  }

  private url(path: string, query: HalaxyRequestOptions['query'] = {}) {
    const base = this.config.baseUrl!
    const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(path.replace(/^\/+/, ''), base)
    // The bearer token only ever goes to Halaxy.
    if (!url.toString().startsWith(base)) return undefined
    for (const [name, value] of Object.entries(query)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined && item !== '') url.searchParams.append(name, item)
      }
    }
    return url
  }

  /** The cached token, or a new one (concurrent callers share one token request). */
  private async accessToken(): Promise<HalaxyResult<string>> {
    if (this.token && Date.now() < this.token.refreshAt) return { ok: true, resource: this.token.value }
    this.pendingToken ??= this.fetchToken().finally(() => (this.pendingToken = undefined))
    return this.pendingToken
  }

  private async fetchToken(): Promise<HalaxyResult<string>> {
    const answer = await this.send(
      'POST',
      new URL('oauth/token', this.config.baseUrl),
      { accept: 'application/json', 'content-type': 'application/json' },
      JSON.stringify({
        grant_type: 'client_credentials',
        client_id: this.config.clientId,
        client_secret: this.config.clientSecret,
      }),
    )
    if (!answer.ok) return answer
    const { status, json, responseHeaders } = answer.resource
    const token = json as { access_token?: unknown; expires_in?: unknown } | undefined
    if (status !== 200 || typeof token?.access_token !== 'string') {
      // A token request creates nothing, so it is never "sent" in the sense that matters.
      const error = classify(status === 200 ? 502 : status, json, responseHeaders)
      return { ok: false, error: { ...error, sent: false } }
    }
    const lifetimeMs = (typeof token.expires_in === 'number' ? token.expires_in : 900) * 1000
    this.token = {
      value: token.access_token,
      refreshAt: Date.now() + Math.max(0, lifetimeMs - tokenRefreshMarginMs),
    }
    return { ok: true, resource: token.access_token }
  }

  private async send(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<HalaxyResult<{ status: number; json: unknown; responseHeaders: Headers }>> {
    const slot = await this.limiter.acquire({ maxWaitMs: this.config.maxWaitMs })
    if (!slot.ok) {
      return failure(
        'rate_limited',
        null,
        'Haven is at its Halaxy request limit; try again shortly',
        true,
        false,
        Math.ceil(slot.retryAfterMs / 1000),
      )
    }
    try {
      const response = await this.fetch(url, {
        method,
        headers: { ...headers, 'user-agent': this.config.userAgent },
        body,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      })
      const text = await response.text()
      return {
        ok: true,
        resource: { status: response.status, json: parseJson(text), responseHeaders: response.headers },
      }
    } catch (error) {
      return networkFailure(error)
    }
  }
}

const clients = new Map<string, HalaxyClient>()

/** The process's client for a configuration, so its token is reused across jobs and requests. */
/**
 * Records changed after a moment, oldest change first: a search cut short (too many pages)
 * then ends at a change, so the poll's cursor never skips one it did not read.
 */
function changedSince(updatedAfter: Date | string | undefined): Record<string, string | undefined> {
  if (updatedAfter === undefined) return {}
  return { _lastUpdated: `gt${instant(updatedAfter)}`, _sort: '_lastUpdated' }
}

export function getHalaxyClient(config: HalaxyConfig = readHalaxyConfig()) {
  const key = JSON.stringify(config)
  let client = clients.get(key)
  if (!client) clients.set(key, (client = new HalaxyClient(config)))
  return client
}

function classify(status: number, json: unknown, headers: Headers): HalaxyError {
  const message = describeOutcome(json) || `Halaxy answered HTTP ${status}`
  const retryAfterSeconds = parseRetryAfter(headers.get('retry-after'))
  if (status === 429) {
    return {
      kind: 'rate_limited',
      retryable: true,
      status,
      message,
      sent: false,
      retryAfterSeconds: retryAfterSeconds ?? 1,
    }
  }
  if (status === 408) return { kind: 'timeout', retryable: true, status, message, sent: true }
  if (status >= 500) {
    // 503 means Halaxy turned the request away; any other 5xx may have come after a write.
    return {
      kind: 'server',
      retryable: true,
      status,
      message,
      sent: status !== 503,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    }
  }
  if (status === 401 || status === 403)
    return { kind: 'auth', retryable: false, status, message, sent: false }
  if (status === 404 || status === 410)
    return { kind: 'not_found', retryable: false, status, message, sent: false }
  if (status === 409 || status === 412)
    return { kind: 'conflict', retryable: false, status, message, sent: false }
  return { kind: 'validation', retryable: false, status, message, sent: false }
}

function networkFailure(error: unknown): { ok: false; error: HalaxyError } {
  const name = error instanceof Error ? error.name : ''
  if (name === 'TimeoutError' || name === 'AbortError') {
    return failure('timeout', null, 'Halaxy did not answer in time', true, true)
  }
  const code = causeCode(error)
  // Refused or unresolvable: the request never left. Anything else (reset, closed) may have arrived.
  const neverSent = [
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'UND_ERR_CONNECT_TIMEOUT',
  ].includes(code ?? '')
  const reason = code ? ` (${code})` : ''
  return failure(
    'network',
    null,
    neverSent ? `Halaxy could not be reached${reason}` : `the connection to Halaxy was lost${reason}`,
    true,
    !neverSent,
  )
}

function causeCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

function failure(
  kind: HalaxyErrorKind,
  status: number | null,
  message: string,
  retryable: boolean,
  sent = false,
  retryAfterSeconds?: number,
): { ok: false; error: HalaxyError } {
  return {
    ok: false,
    error: {
      kind,
      retryable,
      status,
      message,
      sent,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    },
  }
}

function saysExpired(json: unknown, headers: Headers) {
  const outcome = json as FhirOperationOutcome | undefined
  const issues = outcome?.resourceType === 'OperationOutcome' ? outcome.issue : []
  return (
    issues.some(
      (issue) => issue.code === 'expired' || /expired/i.test(issue.diagnostics ?? issue.details?.text ?? ''),
    ) || /expired/i.test(headers.get('www-authenticate') ?? '')
  )
}

/** Halaxy's words: the OperationOutcome's diagnostics (or an OAuth error's description). */
function describeOutcome(json: unknown) {
  if (!json || typeof json !== 'object') return ''
  const outcome = json as FhirOperationOutcome & { error?: unknown; error_description?: unknown }
  if (outcome.resourceType === 'OperationOutcome' && Array.isArray(outcome.issue)) {
    return outcome.issue
      .map((issue) => issue.diagnostics ?? issue.details?.text ?? issue.code)
      .filter(Boolean)
      .join('; ')
      .slice(0, 1000)
  }
  const oauth = outcome.error_description ?? outcome.error
  return typeof oauth === 'string' ? oauth.slice(0, 1000) : ''
}

function parseRetryAfter(value: string | null) {
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000))
}

function parseJson(text: string): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function instant(value: Date | string) {
  return value instanceof Date ? value.toISOString() : value
}

function withTrailingSlash(url: string) {
  return url.endsWith('/') ? url : `${url}/`
}
