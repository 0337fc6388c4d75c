import { afterEach, describe, expect, it, vi } from 'vitest'
import { loggablePath } from './logger.server.ts'

it('logs paths without their query strings', () => {
  expect(loggablePath('/reset-password?token=abc123')).toBe('/reset-password')
  expect(loggablePath('/psychologists/amelia-nguyen')).toBe('/psychologists/amelia-nguyen')
})

it('never logs a calendar feed secret, which is part of the path', () => {
  expect(loggablePath('/calendar-feed/Zx9_secret-value.ics')).toBe('/calendar-feed/[secret].ics')
  expect(loggablePath('/calendar-feed/Zx9_secret-value.ics?x=1')).toBe('/calendar-feed/[secret].ics')
  expect(loggablePath('/clinician/calendar-feed')).toBe('/clinician/calendar-feed')
})

describe('the logger', () => {
  afterEach(() => {
    delete process.env.LOG_LEVEL
    vi.resetModules()
  })

  // The module, not the logger: awaiting the logger itself would ask it for `then`, a first use.
  async function freshModule() {
    vi.resetModules()
    return import('./logger.server.ts')
  }

  it('logs at the level the validated environment names, and is silent under tests by default', async () => {
    expect((await freshModule()).logger.level).toBe('silent')
    process.env.LOG_LEVEL = 'warn'
    expect((await freshModule()).logger.level).toBe('warn')
  })

  it('reads the environment on first use, not on import (the entry points import it before validating)', async () => {
    process.env.LOG_LEVEL = 'loud'
    const { logger } = await freshModule()
    expect(() => logger.info('hello')).toThrowError(/LOG_LEVEL/)
  })
})
