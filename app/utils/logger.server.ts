import pino, { type Logger } from 'pino'
import { getEnv } from './env.server.ts'
import { onFirstUse } from './on-first-use.ts'

// Structured JSON logs. Personal data never goes in: log ids, not names, emails or
// phone numbers; log paths without their query strings (tokens travel there).
// The redaction list is a safety net for mistakes, not the policy.
function createLogger() {
  const env = getEnv()
  return pino({
    level: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
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
}

let instance: Logger | undefined

/**
 * The one logger of this process, created on first use: the web and worker entries import it
 * before they validate the environment, whose LOG_LEVEL it reads.
 */
export const logger = onFirstUse(() => (instance ??= createLogger()))

// Paths whose own segments are secrets: a calendar feed's address is its only key.
const SECRET_PATHS: [RegExp, string][] = [[/^\/calendar-feed\/[^/]+$/, '/calendar-feed/[secret].ics']]

/** Strips the query string, where tokens and search terms live, and secrets in the path itself. */
export function loggablePath(url: string) {
  const queryStart = url.indexOf('?')
  const path = queryStart === -1 ? url : url.slice(0, queryStart)
  return SECRET_PATHS.find(([pattern]) => pattern.test(path))?.[1] ?? path
}
