/**
 * What a domain rule says when it refuses. Routes never translate error classes one by one:
 * the action pipeline (app/utils/action.server.ts) turns the kind into the status and the
 * form's answer, and `field` puts the message next to the field it is about.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'refused' | 'rate-limited' | 'unavailable'

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

/**
 * A service Haven needs for this (a vendor) could not be asked or did not answer: nothing was
 * done, and trying again later may work. Says when, if the service did.
 */
export class UnavailableError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
    field?: string,
  ) {
    super('unavailable', message, field)
  }
}

export function minutesText(seconds: number) {
  const minutes = Math.max(1, Math.ceil(seconds / 60))
  return `${minutes} minute${minutes === 1 ? '' : 's'}`
}

/**
 * The HTTP status each kind answers with. A refusal is the form's answer, like a field that
 * failed validation (400); a conflict means the record changed or was taken meanwhile; a service
 * that could not be reached is the server's trouble, not the form's (503).
 */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, number> = {
  'not-found': 404,
  conflict: 409,
  refused: 400,
  'rate-limited': 429,
  unavailable: 503,
}
