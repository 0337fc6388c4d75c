import { z } from 'zod'

/** A day on the calendar, with no time or zone: what a date of birth or a referral date is. */
type CalendarDate = { year: number; month: number; day: number }

// Sydney's calendar date is the same as or later than Brisbane's, Adelaide's and Perth's, so checking
// "not in the future" against Sydney never refuses a date that is already today somewhere on the mainland.
export const AUSTRALIAN_EASTERN_TIME_ZONE = 'Australia/Sydney'

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month)
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The calendar date at the instant `now`, as a clock on the wall in `timeZone` shows it. */
export function calendarDateIn(now: Date, timeZone: string): CalendarDate {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-AU', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  const parts = formatter.formatToParts(now)
  const part = (type: 'year' | 'month' | 'day') => Number(parts.find((p) => p.type === type)?.value)
  return { year: part('year'), month: part('month'), day: part('day') }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** Negative if a is earlier than b, 0 if the same day, positive if later. */
function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day
}

function toIsoDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
// Without JavaScript some browsers show <input type="date"> as a plain text box, and people type the
// Australian way: day first.
const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/

/** Reads "YYYY-MM-DD" or "DD/MM/YYYY" without checking that the day exists (see `isRealDate`). */
export function parseDateInput(input: string): CalendarDate | null {
  const text = input.trim()
  const iso = ISO_DATE.exec(text)
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }
  const dmy = DAY_MONTH_YEAR.exec(text)
  if (dmy) return { year: Number(dmy[3]), month: Number(dmy[2]), day: Number(dmy[1]) }
  return null
}

function isRealDate({ year, month, day }: CalendarDate): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

/** Why a date that reads fine does not exist, in words a patient can act on. */
function impossibleDateMessage({ year, month, day }: CalendarDate): string {
  if (month < 1 || month > 12) return 'Check the month — it should be between 1 and 12'
  if (day < 1) return 'Check the day — it should be 1 or more'
  return `${monthName(month)} ${year} only has ${daysInMonth(year, month)} days — check the day`
}

type DateRules = {
  missing: string
  unreadable: string
  /** Returns a message when the (real) date is not acceptable. */
  check: (date: CalendarDate, today: CalendarDate) => string | null
}

// The clock is read on every parse, so a long-running server never judges dates against the day it started.
function calendarDateSchema(clock: () => Date, rules: DateRules) {
  return z
    .string({ error: rules.missing })
    .trim()
    .min(1, rules.missing)
    .transform((input, ctx) => {
      const date = parseDateInput(input)
      if (!date) {
        ctx.addIssue(rules.unreadable)
        return z.NEVER
      }
      if (!isRealDate(date)) {
        ctx.addIssue(impossibleDateMessage(date))
        return z.NEVER
      }
      const problem = rules.check(date, calendarDateIn(clock(), AUSTRALIAN_EASTERN_TIME_ZONE))
      if (problem) {
        ctx.addIssue(problem)
        return z.NEVER
      }
      return toIsoDate(date)
    })
}

const OLDEST_AGE_YEARS = 120

function dateOfBirthRules(): DateRules {
  return {
    missing: 'Enter your date of birth',
    unreadable: 'Enter your date of birth as day, month and year, like 25/12/1990',
    check(date, today) {
      if (compareCalendarDates(date, today) > 0) return "Your date of birth can't be in the future"
      const oldest = { ...today, year: today.year - OLDEST_AGE_YEARS }
      if (compareCalendarDates(date, oldest) < 0) {
        return `Check the year you were born — ${date.year} is more than ${OLDEST_AGE_YEARS} years ago`
      }
      return null
    },
  }
}

/** `<input type="date">` value (or "DD/MM/YYYY" typed by hand) → "YYYY-MM-DD", judged against `now`. */
export function dateOfBirthSchemaAt(now: Date) {
  return calendarDateSchema(() => now, dateOfBirthRules())
}

export const dateOfBirthSchema = calendarDateSchema(() => new Date(), dateOfBirthRules())

/**
 * Whole years of age on the calendar day that `on` falls in `timeZone`. Someone born on 29 February turns a
 * year older on 1 March in a common year.
 */
export function ageOn(
  dateOfBirth: string,
  on: Date,
  timeZone: string = AUSTRALIAN_EASTERN_TIME_ZONE,
): number {
  const birth = parseDateInput(dateOfBirth)
  if (!birth || !isRealDate(birth)) throw new RangeError(`Not a date of birth: ${dateOfBirth}`)
  const day = calendarDateIn(on, timeZone)
  const hadBirthdayThisYear = day.month > birth.month || (day.month === birth.month && day.day >= birth.day)
  return day.year - birth.year - (hadBirthdayThisYear ? 0 : 1)
}

// Better Access (the MBS items for psychologists on a GP referral) began in November 2006 (Department of
// Health, Evaluation of the Better Access initiative), so an earlier referral date is a typo.
const BETTER_ACCESS_START: CalendarDate = { year: 2006, month: 11, day: 1 }

function referralDateRules(): DateRules {
  return {
    missing: 'Enter the date on the referral',
    unreadable: 'Enter the referral date as day, month and year, like 25/12/2025',
    check(date, today) {
      if (compareCalendarDates(date, today) > 0) {
        return "The referral date can't be in the future — check the date on the referral letter"
      }
      if (compareCalendarDates(date, BETTER_ACCESS_START) < 0) {
        return 'Check the year — Medicare mental health referrals (Better Access) started in November 2006'
      }
      return null
    },
  }
}

export function referralDateSchemaAt(now: Date) {
  return calendarDateSchema(() => now, referralDateRules())
}

export const referralDateSchema = calendarDateSchema(() => new Date(), referralDateRules())
