// The one moment the demo's past is counted back from, for every part of the seed: this week's
// Monday, but never later than the week the scheduling tests fix their clocks in (7 December
// 2026), so on any day they find the same past and every offered time still free. Intakes,
// referrals and past sessions all hang from it, so a referral always comes before the sessions
// it covers, whatever day the demo is seeded on.
import {
  addDays,
  instantToZoned,
  isoWeekday,
  zonedDateTimeToInstant,
} from '../app/domain/scheduling/zoned-time.ts'

const LATEST_REFERENCE_MONDAY = '2026-11-30'

/** The reference Monday as a calendar date in `timeZone` (the clinic's). */
export function demoReferenceMonday(timeZone: string, now = new Date()) {
  const today = instantToZoned(now, timeZone).date
  const thisMonday = addDays(today, 1 - isoWeekday(today))
  return thisMonday < LATEST_REFERENCE_MONDAY ? thisMonday : LATEST_REFERENCE_MONDAY
}

/** Midnight at the start of the reference Monday in `timeZone`. */
export function demoReferenceInstant(timeZone: string, now = new Date()) {
  return zonedDateTimeToInstant({ date: demoReferenceMonday(timeZone, now), minute: 0 }, timeZone)!
}
