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
