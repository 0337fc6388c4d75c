import { describe, expect, it } from 'vitest'
import { newPasswordSchema, withConfirmation } from './password-policy.ts'

describe('newPasswordSchema', () => {
  it('accepts a long passphrase', () => {
    expect(newPasswordSchema.safeParse('quiet harbour morning').success).toBe(true)
  })
  it.each([
    ['too short', 'abc12', /at least 10/],
    ['common', 'Password123', /too common/],
    ['repetitive', 'aaaaaaaaaaaa', /too easy/],
  ])('refuses a %s password with a reason', (_label, password, message) => {
    const result = newPasswordSchema.safeParse(password)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toMatch(message)
  })
})

describe('withConfirmation', () => {
  const schema = withConfirmation({})
  it('puts a mismatch on the confirmation field', () => {
    const result = schema.safeParse({
      password: 'quiet harbour morning',
      confirmPassword: 'quiet harbour evening',
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['confirmPassword'])
  })
  it('accepts matching passwords', () => {
    expect(
      schema.safeParse({ password: 'quiet harbour morning', confirmPassword: 'quiet harbour morning' })
        .success,
    ).toBe(true)
  })
})
