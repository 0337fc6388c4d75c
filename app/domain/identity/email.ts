import { z } from 'zod'

/** Emails are compared and stored trimmed and lower-cased. */
export function normaliseEmail(email: string) {
  return email.trim().toLowerCase()
}

export const emailSchema = z
  .string({ error: 'Enter your email address' })
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'That email address is too long')
  .pipe(z.email({ error: 'Enter an email address like name@example.com' }))
  .transform(normaliseEmail)
