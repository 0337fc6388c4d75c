import pino from 'pino'

// Structured JSON logs. Personal data never goes in: log ids, not names, emails or
// phone numbers; log paths without their query strings (tokens travel there).
// The redaction list is a safety net for mistakes, not the policy.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: {
    paths: [
      'email',
      '*.email',
      'to',
      '*.to',
      'password',
      '*.password',
      'token',
      '*.token',
      'phone',
      '*.phone',
      'name',
      '*.name',
      'headers.cookie',
      'headers.authorization',
    ],
    censor: '[redacted]',
  },
})

// Paths whose own segments are secrets: a calendar feed's address is its only key.
const SECRET_PATHS: [RegExp, string][] = [[/^\/calendar-feed\/[^/]+$/, '/calendar-feed/[secret].ics']]

/** Strips the query string, where tokens and search terms live, and secrets in the path itself. */
export function loggablePath(url: string) {
  const queryStart = url.indexOf('?')
  const path = queryStart === -1 ? url : url.slice(0, queryStart)
  return SECRET_PATHS.find(([pattern]) => pattern.test(path))?.[1] ?? path
}
