import { Prisma } from '~/generated/prisma/client.ts'

// Constraint violations arrive through the pg adapter in two shapes: unique keys as P2002,
// and anything else (the booking exclusion constraint, 23P01) as P2039 carrying the
// original SQLSTATE. Read them here and nowhere else.

function originalCode(error: Prisma.PrismaClientKnownRequestError): string | undefined {
  const cause = (error.meta as { driverAdapterError?: { cause?: { originalCode?: string } } } | undefined)
    ?.driverAdapterError?.cause
  return cause?.originalCode
}

export function isUniqueViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

/** Another live appointment already holds (part of) that time. */
export function isOverlapViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return (
    error instanceof Prisma.PrismaClientKnownRequestError &&
    (originalCode(error) === '23P01' || (error.code === 'P2039' && /23P01|exclusion/i.test(error.message)))
  )
}

/**
 * A trigger of the clinical record refused a change (SQLSTATE HV001): a signed note's content, an
 * addendum, a note's deletion. The migration 20261206090000_clinical_notes raises it.
 */
export function isRecordLockViolation(error: unknown): boolean {
  if (!(
    error instanceof Prisma.PrismaClientKnownRequestError ||
    error instanceof Prisma.PrismaClientUnknownRequestError
  )) {
    return false
  }
  const code = error instanceof Prisma.PrismaClientKnownRequestError ? originalCode(error) : undefined
  return (
    code === 'HV001' ||
    /HV001|signed and locked|never deleted|cannot be changed once written/.test(error.message)
  )
}
