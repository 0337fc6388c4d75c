import { describe, expect, test } from 'vitest'
import { joinState, joinWindow, joinWindowMessage, secondsUntilClose } from './join-window.ts'

const at = (iso: string) => new Date(iso)
const minutes = (date: Date, count: number) => new Date(date.getTime() + count * 60_000)

describe('the join window', () => {
  const session = { startsAt: at('2026-06-16T00:00:00Z'), endsAt: at('2026-06-16T00:50:00Z') }

  test('opens 15 minutes before the start and closes 30 after the booked end by default', () => {
    const window = joinWindow(session)
    expect(window).toEqual({ opensAt: at('2026-06-15T23:45:00Z'), closesAt: at('2026-06-16T01:20:00Z') })
    expect(joinState(window, minutes(window.opensAt, -1))).toBe('early')
    expect(joinState(window, window.opensAt)).toBe('open')
    expect(joinState(window, minutes(window.closesAt, -1))).toBe('open')
    expect(joinState(window, window.closesAt)).toBe('closed')
  })

  test("follows the practice's settings", () => {
    const window = joinWindow(session, { opensMinutes: 5, closesMinutes: 0 })
    expect(window).toEqual({ opensAt: at('2026-06-15T23:55:00Z'), closesAt: session.endsAt })
    expect(joinState(window, minutes(session.startsAt, -10))).toBe('early')
  })

  test('states its times in the appointment zone, whatever zone it is', () => {
    const window = joinWindow(session)
    // 10:00 am in Brisbane is 8:00 am in Perth and 9:30 am in Darwin.
    expect(joinWindowMessage('early', window, 'Australia/Brisbane')).toBe(
      'You can join from Tue, 16 June, 9:45 am AEST. This page opens the session by itself then.',
    )
    expect(joinWindowMessage('early', window, 'Australia/Perth')).toMatch(/from Tue, 16 June, 7:45 am AWST\./)
    expect(joinWindowMessage('early', window, 'Australia/Darwin')).toMatch(
      /from Tue, 16 June, 9:15 am ACST\./,
    )
    expect(joinWindowMessage('closed', window, 'Australia/Adelaide')).toBe(
      'Joining closed at 10:50 am, after the booked end of the session.',
    )
  })

  test('across the night daylight saving starts keeps the same number of minutes', () => {
    // Sydney: 2:00 am AEST on 4 October 2026 becomes 3:00 am AEDT. A 2:30 am AEDT (3:00 local) session…
    const early = { startsAt: at('2026-10-03T16:00:00Z'), endsAt: at('2026-10-03T16:50:00Z') }
    const window = joinWindow(early)
    expect(early.startsAt.getTime() - window.opensAt.getTime()).toBe(15 * 60_000)
    // …opens at 1:45 am AEST (before the change) and starts at 3:00 am AEDT (after it).
    expect(joinWindowMessage('early', window, 'Australia/Sydney')).toMatch(/from Sun, 4 Oct, 1:45 am AEST\./)
    expect(joinState(window, at('2026-10-03T15:50:00Z'))).toBe('open')
    // And where daylight saving ends (Melbourne, 5 April 2026, 3:00 am AEDT → 2:00 am AEST).
    const autumn = joinWindow({ startsAt: at('2026-04-04T16:00:00Z'), endsAt: at('2026-04-04T16:50:00Z') })
    expect(joinWindowMessage('early', autumn, 'Australia/Melbourne')).toMatch(
      /from Sun, 5 Apr, 2:45 am AEDT\./,
    )
    expect(joinWindowMessage('closed', autumn, 'Australia/Melbourne')).toMatch(/closed at 3:20 am,/)
  })

  test('lets a token live only until the window closes', () => {
    const window = joinWindow(session)
    expect(secondsUntilClose(window, minutes(window.closesAt, -10))).toBe(600)
    expect(secondsUntilClose(window, minutes(window.closesAt, 5))).toBe(0)
  })
})
