import { expect, it } from 'vitest'
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
