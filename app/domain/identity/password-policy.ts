import { z } from 'zod'

export const PASSWORD_MIN_LENGTH = 10

// A handful of the passwords attackers try first; length does most of the work.
const COMMON_PASSWORDS = new Set([
  'password1234',
  'password123',
  'passw0rd123',
  'qwerty12345',
  'qwertyuiop',
  '1234567890',
  '12345678910',
  'iloveyou123',
  'letmein1234',
  'welcome123',
  'abc1234567',
  'haven12345',
])

/** Client-safe: the same rule runs in the browser (Conform) and on the server. */
export const newPasswordSchema = z
  .string({ error: 'Choose a password' })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200, 'Use at most 200 characters')
  .refine((password) => !COMMON_PASSWORDS.has(password.toLowerCase()), {
    message: 'That password is too common. Try a short phrase of a few words.',
  })
  .refine((password) => new Set(password).size >= 4, {
    message: 'That password is too easy to guess. Mix in more different characters.',
  })

export function withConfirmation<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({
      ...shape,
      password: newPasswordSchema,
      confirmPassword: z.string({ error: 'Type the password again' }),
    })
    .refine(
      (value) =>
        (value as { password: string }).password === (value as { confirmPassword: string }).confirmPassword,
      {
        path: ['confirmPassword'],
        message: 'The two passwords do not match',
      },
    )
}
