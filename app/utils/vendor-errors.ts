// What every vendor adapter does with a failure: read Retry-After, and name an unexpected throw.

/** Retry-After as seconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()) {
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000))
}

/** "Name: message" of a thrown error, or its text; adapters redact it before it is stored. */
export function describeError(error: unknown) {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
