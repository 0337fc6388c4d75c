/**
 * What a domain rule says when it refuses. Routes never translate error classes one by one:
 * the action pipeline (app/utils/action.server.ts) turns the kind into the status and the
 * form's answer, and `field` puts the message next to the field it is about.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'refused' | 'rate-limited'

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly field?: string,
    /** Anything the page can offer instead (other times, say); plain JSON. */
    readonly details?: unknown,
  ) {
    super(message)
    this.name = new.target.name
  }
}

/** Not there, or not this person's to see: the same answer, so a guessed id reveals nothing. */
export class NotFoundError extends DomainError {
  constructor(message = 'We could not find that.') {
    super('not-found', message)
  }
}

/** Too many requests; says how long until the next one would be accepted. */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `Too many requests. Please try again in ${minutesText(retryAfterSeconds)}.`,
  ) {
    super('rate-limited', message)
  }
}

export function minutesText(seconds: number) {
  const minutes = Math.max(1, Math.ceil(seconds / 60))
  return `${minutes} minute${minutes === 1 ? '' : 's'}`
}

/**
 * The HTTP status each kind answers with. A refusal is the form's answer, like a field that
 * failed validation (400); a conflict means the record changed or was taken meanwhile.
 */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, number> = {
  'not-found': 404,
  conflict: 409,
  refused: 400,
  'rate-limited': 429,
}
