/**
 * What a domain rule says when it refuses. Routes never translate error classes one by one:
 * the action pipeline (app/utils/action.server.ts) turns the kind into the status and the
 * form's answer, and `field` puts the message next to the field it is about.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'refused'

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

/** The HTTP status each kind answers with. */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, number> = {
  'not-found': 404,
  conflict: 409,
  refused: 422,
}
