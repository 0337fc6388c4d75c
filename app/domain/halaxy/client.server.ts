import { z } from 'zod'
import { type Env, getEnv } from '~/utils/env.server.ts'
import { standInsEnabled } from '~/utils/standins.server.ts'
import { parseRetryAfter } from '~/utils/vendor-errors.ts'
import {
  FHIR_ID,
  FhirAppointmentSchema,
  FhirBundleSchema,
  FhirChargeItemDefinitionSchema,
  FhirDocumentReferenceSchema,
  FhirHealthcareServiceSchema,
  FhirIdSchema,
  FhirInvoiceSchema,
  FhirOperationOutcomeSchema,
  FhirOrganizationSchema,
  FhirPatientSchema,
  FhirPractitionerRoleSchema,
  type FhirAppointment,
  type FhirChargeItemDefinition,
  type FhirDocumentReference,
  type FhirHealthcareService,
  type FhirOrganization,
  type FhirParameters,
  type FhirPatient,
  type FhirPractitionerRole,
  type MergePatch,
} from './fhir.ts'
import { createVendorRateLimiter, type VendorRateLimiter } from '../vendor-rate-limit.server.ts'

/** Headroom under Halaxy's 500 a minute: a request in flight when the window turns still counts there. */
export const DEFAULT_HALAXY_RATE_LIMIT = 480

// The one place that speaks to Halaxy (FHIR R4B over HTTPS). It never logs: patient details are
// personal. Every request takes a slot from the shared rate limiter first; errors come back
// classified, with Halaxy's own words (its OperationOutcome), which staff may be shown. Every
// answer is parsed with the FHIR schemas before anyone reads it: one Haven cannot read is an
// error, never a guess (a create answered without an id must not pass for a record made).

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

type HalaxyErrorKind =
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

type HalaxyRequestOptions = {
  body?: unknown
  contentType?: string
  query?: Record<string, string | string[] | undefined>
}

type PatientQuery = {
  family?: string
  given?: string
  /** YYYY-MM-DD */
  birthdate?: string
  email?: string
  /** Only patients changed after this moment. */
  updatedAfter?: Date | string
}

type AppointmentQuery = {
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

type HalaxyEnv = Pick<
  Env,
  | 'HALAXY_BASE_URL'
  | 'HALAXY_CLIENT_ID'
  | 'HALAXY_CLIENT_SECRET'
  | 'HALAXY_RATE_LIMIT_PER_MINUTE'
  | 'HAVEN_STANDINS'
>

export function readHalaxyConfig(env: Partial<HalaxyEnv> = getEnv()): HalaxyConfig {
  const standIns = standInsEnabled(env)
  const baseUrl = env.HALAXY_BASE_URL || (standIns ? HALAXY_STANDIN_DEFAULTS.baseUrl : undefined)
  return {
    baseUrl: baseUrl ? withTrailingSlash(baseUrl) : undefined,
    clientId: env.HALAXY_CLIENT_ID || (standIns ? HALAXY_STANDIN_DEFAULTS.clientId : undefined),
    clientSecret: env.HALAXY_CLIENT_SECRET || (standIns ? HALAXY_STANDIN_DEFAULTS.clientSecret : undefined),
    userAgent: HALAXY_USER_AGENT,
    timeoutMs: 15_000,
    rateLimitPerMinute: env.HALAXY_RATE_LIMIT_PER_MINUTE ?? DEFAULT_HALAXY_RATE_LIMIT,
    maxWaitMs: 65_000,
  }
}

export function isHalaxyConfigured(config: HalaxyConfig) {
  return Boolean(config.baseUrl && config.clientId && config.clientSecret)
}

type Deps = { limiter?: VendorRateLimiter; fetch?: typeof fetch }

// Tokens last 15 minutes; one is replaced a minute before it runs out.
const tokenRefreshMarginMs = 60_000
// A 429 is retried this often (after its retry-after) before the caller gets it back.
const maxRateLimitRetries = 3
// Search results are followed through at most this many pages.
const maxPages = 50
const mergePatchType = 'application/merge-patch+json'
const fhirType = 'application/fhir+json'

// OAuth's answers: a token, or an error in words.
const TokenSchema = z.object({ access_token: z.string(), expires_in: z.unknown() })
const OAuthErrorSchema = z.object({ error: z.string().optional(), error_description: z.string().optional() })

/** Halaxy's lists the manager picks mappings from. */
type HalaxyReferenceResource = {
  PractitionerRole: FhirPractitionerRole
  HealthcareService: FhirHealthcareService
  Organization: FhirOrganization
  ChargeItemDefinition: FhirChargeItemDefinition
}
const referenceSchemas: { [K in keyof HalaxyReferenceResource]: z.ZodType<HalaxyReferenceResource[K]> } = {
  PractitionerRole: FhirPractitionerRoleSchema,
  HealthcareService: FhirHealthcareServiceSchema,
  Organization: FhirOrganizationSchema,
  ChargeItemDefinition: FhirChargeItemDefinitionSchema,
}

// What Halaxy answers for the records Haven creates carries their id.
const HalaxyPatientSchema = FhirPatientSchema.extend({ id: FhirIdSchema })
const HalaxyAppointmentSchema = FhirAppointmentSchema.extend({ id: FhirIdSchema })
const HalaxyDocumentReferenceSchema = FhirDocumentReferenceSchema.extend({ id: FhirIdSchema })

export class HalaxyClient {
  private readonly limiter: VendorRateLimiter
  private readonly fetch: typeof fetch
  private token: { value: string; refreshAt: number } | undefined
  private pendingToken: Promise<HalaxyResult<string>> | undefined

  constructor(
    readonly config: HalaxyConfig,
    deps: Deps = {},
  ) {
    this.limiter =
      deps.limiter ?? createVendorRateLimiter({ vendor: 'halaxy', limit: config.rateLimitPerMinute })
    this.fetch = deps.fetch ?? globalThis.fetch.bind(globalThis)
  }

  /**
   * Any request to Halaxy: `path` is below the base (e.g. 'Patient/123') or a URL Halaxy gave
   * (a next page). Answers the JSON of a 2xx as it came: the resource methods below parse it.
   */
  async request(
    method: string,
    path: string,
    options: HalaxyRequestOptions = {},
  ): Promise<HalaxyResult<unknown>> {
    const answer = await this.exchange(method, path, options)
    return answer.ok ? { ok: true, resource: answer.resource.json } : answer
  }

  private async exchange(
    method: string,
    path: string,
    options: HalaxyRequestOptions,
  ): Promise<HalaxyResult<{ status: number; json: unknown }>> {
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
      if (status >= 200 && status < 300) return { ok: true, resource: { status, json } }
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
    return this.resource('POST', 'Patient', HalaxyPatientSchema, { body: patient })
  }

  readPatient(id: string) {
    return this.withId(id, () => this.resource('GET', `Patient/${id}`, HalaxyPatientSchema))
  }

  patchPatient(id: string, patch: MergePatch<FhirPatient>) {
    return this.withId(id, () =>
      this.resource('PATCH', `Patient/${id}`, HalaxyPatientSchema, { body: patch }),
    )
  }

  searchPatients(query: PatientQuery) {
    return this.search('Patient', HalaxyPatientSchema, {
      family: query.family,
      given: query.given,
      birthdate: query.birthdate,
      email: query.email,
      ...changedSince(query.updatedAfter),
    })
  }

  /** Books through $book; Halaxy also raises an invoice when a charge-item-definition-id is given. */
  bookAppointment(parameters: FhirParameters) {
    return this.resource('POST', 'Appointment/$book', HalaxyAppointmentSchema, { body: parameters })
  }

  readAppointment(id: string) {
    return this.withId(id, () => this.resource('GET', `Appointment/${id}`, HalaxyAppointmentSchema))
  }

  /** Reschedule (start/end) or cancel (the patient participant's status extension; arrays are replaced whole). */
  patchAppointment(id: string, patch: MergePatch<FhirAppointment>) {
    return this.withId(id, () =>
      this.resource('PATCH', `Appointment/${id}`, HalaxyAppointmentSchema, { body: patch }),
    )
  }

  searchAppointments(query: AppointmentQuery) {
    const date = [
      query.from === undefined ? undefined : `ge${instant(query.from)}`,
      query.to === undefined ? undefined : `lt${instant(query.to)}`,
    ].filter((value): value is string => value !== undefined)
    return this.search('Appointment', HalaxyAppointmentSchema, {
      patient: query.patient,
      'practitioner-role': query.practitionerRole,
      date,
      ...changedSince(query.updatedAfter),
    })
  }

  /** The invoices Halaxy raised for an appointment (Haven cannot create them). */
  findInvoicesForAppointment(appointmentId: string) {
    return this.withId(appointmentId, () =>
      this.search('Invoice', FhirInvoiceSchema, { appointment: appointmentId }),
    )
  }

  readInvoice(id: string) {
    return this.withId(id, () => this.resource('GET', `Invoice/${id}`, FhirInvoiceSchema))
  }

  /** Invoices changed after a moment (the inbound poll). */
  searchInvoices(query: { updatedAfter: Date | string }) {
    return this.search('Invoice', FhirInvoiceSchema, changedSince(query.updatedAfter))
  }

  /** A signed note or addendum. Halaxy cannot read it back or delete it: send it once. */
  createDocumentReference(document: FhirDocumentReference) {
    return this.resource('POST', 'DocumentReference', HalaxyDocumentReferenceSchema, { body: document })
  }

  /** Halaxy's own lists, for the manager's pickers. */
  list<K extends keyof HalaxyReferenceResource>(resourceType: K) {
    return this.search(resourceType, referenceSchemas[resourceType], {})
  }

  /** A request whose answer must be `schema`'s resource: anything else is an error. */
  private async resource<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    options: HalaxyRequestOptions = {},
  ): Promise<HalaxyResult<T>> {
    const answer = await this.exchange(method, path, options)
    if (!answer.ok) return answer
    return parsed(schema, answer.resource.json, { method, status: answer.resource.status })
  }

  /** Every match of a search, following Halaxy's next links. */
  private async search<T>(
    resourceType: string,
    schema: z.ZodType<T>,
    query: Record<string, string | string[] | undefined>,
  ): Promise<HalaxyResult<T[]>> {
    const found: T[] = []
    let page = await this.resource('GET', resourceType, FhirBundleSchema, { query })
    for (let pages = 1; ; pages++) {
      if (!page.ok) return page
      for (const entry of page.resource.entry ?? []) {
        // Only the matches: not resources brought along ('include'), nor warnings ('outcome').
        if (entry.search?.mode === 'include' || entry.search?.mode === 'outcome') continue
        const match = parsed(schema, entry.resource, { method: 'GET', status: 200 })
        if (!match.ok) return match
        found.push(match.resource)
      }
      const next = page.resource.link?.find((link) => link.relation === 'next')?.url
      if (!next || pages >= maxPages) return { ok: true, resource: found }
      page = await this.resource('GET', next, FhirBundleSchema)
    }
  }

  private withId<T>(id: string, run: () => Promise<HalaxyResult<T>>): Promise<HalaxyResult<T>> {
    if (!FHIR_ID.test(id))
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
    const token = TokenSchema.safeParse(json).data
    if (status !== 200 || !token) {
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

/**
 * Records changed after a moment, oldest change first: a search cut short (too many pages)
 * then ends at a change, so the poll's cursor never skips one it did not read.
 */
function changedSince(updatedAfter: Date | string | undefined): Record<string, string | undefined> {
  if (updatedAfter === undefined) return {}
  return { _lastUpdated: `gt${instant(updatedAfter)}`, _sort: '_lastUpdated' }
}

/** The process's client for a configuration, so its token is reused across jobs and requests. */
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

/**
 * Halaxy's answer as the resource it must be. One that is not (a create answered without an
 * id, a field of the wrong kind) fails retryably, and counts as sent when it answered a write:
 * the write may have happened, so a retry looks before it creates again. The message names
 * where the shape differs, never a value.
 */
function parsed<T>(
  schema: z.ZodType<T>,
  json: unknown,
  answer: { method: string; status: number },
): HalaxyResult<T> {
  const result = schema.safeParse(json)
  if (result.success) return { ok: true, resource: result.data }
  const [issue] = result.error.issues
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
  return failure(
    'server',
    answer.status,
    `Halaxy's answer could not be read (${where}${issue?.message ?? 'not the resource asked for'})`,
    true,
    answer.method !== 'GET',
  )
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
  const issues = FhirOperationOutcomeSchema.safeParse(json).data?.issue ?? []
  return (
    issues.some(
      (issue) => issue.code === 'expired' || /expired/i.test(issue.diagnostics ?? issue.details?.text ?? ''),
    ) || /expired/i.test(headers.get('www-authenticate') ?? '')
  )
}

/** Halaxy's words: the OperationOutcome's diagnostics (or an OAuth error's description). */
function describeOutcome(json: unknown) {
  const outcome = FhirOperationOutcomeSchema.safeParse(json)
  if (outcome.success) {
    return outcome.data.issue
      .map((issue) => issue.diagnostics ?? issue.details?.text ?? issue.code)
      .filter(Boolean)
      .join('; ')
      .slice(0, 1000)
  }
  const oauth = OAuthErrorSchema.safeParse(json).data
  return (oauth?.error_description ?? oauth?.error ?? '').slice(0, 1000)
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
