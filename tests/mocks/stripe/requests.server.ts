import { randomBytes } from 'node:crypto'

// What every endpoint of the stand-in shares: Stripe's ids, its error bodies, and its
// form-encoded parameters, read and checked the way Stripe does.

/** What Stripe would answer: an HTTP status and a JSON body (errors as `{ error: {…} }`). */
export type StripeApiResponse = { status: number; body: unknown; replayed?: boolean }

export type Form = { [key: string]: FormValue }
export type FormValue = string | FormValue[] | Form

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function stripeId(prefix: string, length = 24) {
  const bytes = randomBytes(length)
  return prefix + Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('')
}

export function stripeError(
  status: number,
  type: 'invalid_request_error' | 'idempotency_error' | 'api_error' | 'card_error',
  message: string,
  details: { code?: string; param?: string } = {},
): StripeApiResponse {
  return {
    status,
    body: {
      error: {
        type,
        message,
        ...details,
        ...(details.code
          ? { doc_url: `https://docs.stripe.com/error-codes/${details.code.replace(/_/g, '-')}` }
          : {}),
      },
    },
  }
}

export const invalid = (message: string, details: { code?: string; param?: string } = {}) =>
  stripeError(400, 'invalid_request_error', message, details)

export class InvalidRequest extends Error {
  constructor(readonly response: StripeApiResponse) {
    super('invalid request')
  }
}

export function fail(message: string, details: { code?: string; param?: string } = {}): never {
  throw new InvalidRequest(invalid(message, details))
}

/**
 * Parses Stripe's form encoding: `line_items[0][price_data][unit_amount]=4000`,
 * `metadata[invoiceId]=inv_1`, `payment_method_types[0]=card`. Numbered keys become arrays.
 */
export function parseStripeForm(body: string): Form {
  const root: Form = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const [head, ...rest] = key.split('[')
    const segments = [head ?? '', ...rest.map((part) => part.replace(/\]$/, ''))]
    let node: Form = root
    segments.forEach((segment, index) => {
      const name = segment === '' ? String(Object.keys(node).length) : segment
      if (index === segments.length - 1) {
        node[name] = value
        return
      }
      const next = node[name]
      if (typeof next === 'object' && !Array.isArray(next)) node = next
      else node = node[name] = {}
    })
  }
  return arraysFromNumberedKeys(root) as Form
}

function arraysFromNumberedKeys(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value
  const keys = Object.keys(value)
  const converted: Form = {}
  for (const key of keys) converted[key] = arraysFromNumberedKeys(value[key] as FormValue)
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((key) => converted[key] as FormValue)
  }
  return converted
}

/** The allowed parameters: `true` any value, `'map'` string keys and values, a nested shape, or `[shape]`. */
export type Shape = true | 'map' | { [key: string]: Shape } | [Shape]

export function rejectUnknown(value: FormValue, shape: Shape, prefix: string) {
  if (shape === true) return
  if (shape === 'map') {
    if (typeof value !== 'object' || Array.isArray(value)) {
      if (value === '') return // an empty string unsets, as in Stripe
      fail(`Invalid object`, { code: 'parameter_invalid_empty', param: prefix })
    }
    for (const [key, entry] of Object.entries(value)) {
      if (typeof entry !== 'string') fail(`Invalid string: ${prefix}[${key}]`, { param: `${prefix}[${key}]` })
    }
    return
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) fail(`Invalid array`, { param: prefix })
    value.forEach((item, index) => rejectUnknown(item, shape[0], `${prefix}[${index}]`))
    return
  }
  if (typeof value !== 'object' || Array.isArray(value)) fail(`Invalid object`, { param: prefix })
  for (const [key, entry] of Object.entries(value)) {
    const param = prefix ? `${prefix}[${key}]` : key
    const inner = shape[key]
    if (inner === undefined)
      fail(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param })
    rejectUnknown(entry, inner, param)
  }
}

export function text(form: Form, key: string, param = key): string | undefined {
  const value = form[key]
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string') fail(`Invalid string: ${param}`, { param })
  return value
}

export function integer(form: Form, key: string, param = key): number | undefined {
  const value = text(form, key, param)
  if (value === undefined) return undefined
  if (!/^-?\d+$/.test(value)) fail(`Invalid integer: ${value}`, { code: 'parameter_invalid_integer', param })
  return Number(value)
}

export function metadataOf(form: Form, key: string, param = key): Record<string, string> {
  const value = form[key]
  if (value === undefined || value === '') return {}
  const entries = Object.entries(value as Form).filter(([, entry]) => entry !== '') as Array<[string, string]>
  if (entries.length > 50) fail('Metadata can have up to 50 keys.', { param })
  for (const [name, entry] of entries) {
    if (name.length > 40) fail(`Metadata keys can have up to 40 characters.`, { param: `${param}[${name}]` })
    if (entry.length > 500)
      fail(`Metadata values can have up to 500 characters.`, { param: `${param}[${name}]` })
  }
  return Object.fromEntries(entries)
}

export function isUrl(value: string) {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
