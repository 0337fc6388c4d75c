// How long the slot engine takes for one psychologist over the whole 90-day horizon (the
// issue's figure: median under 5 ms). A realistic diary: Monday to Friday 9–5 at a Sydney
// clinic plus two telehealth evenings, ~300 busy intervals (sessions and some time off),
// 50-minute sessions with a 10-minute buffer. The horizon crosses the October clock change.
//   npx tsx scripts/bench/slots.ts
import {
  generateSlots,
  type Interval,
  type SlotRequest,
  type WeeklyRule,
} from '../../app/domain/scheduling/slots.ts'
import { addDays, zonedDateTimeToInstant } from '../../app/domain/scheduling/zoned-time.ts'

const SYDNEY = 'Australia/Sydney'
const RUNS = 200
const WARM_UP_RUNS = 50

const workingHours = (
  weekday: number,
  startHour: number,
  endHour: number,
  telehealth: boolean,
): WeeklyRule => ({
  weekday,
  startMinute: startHour * 60,
  endMinute: endHour * 60,
  timeZone: SYDNEY,
  locationId: telehealth ? 'telehealth' : 'sydney-cbd',
  modality: telehealth ? 'telehealth' : 'in_person',
})
const rules = [
  ...[1, 2, 3, 4, 5].map((weekday) => workingHours(weekday, 9, 17, false)),
  workingHours(2, 17, 20, true),
  workingHours(4, 17, 20, true),
]

// Monday 24 August 2026, 8:00 am in Sydney.
const firstDay = '2026-08-24'
const now = zonedDateTimeToInstant({ date: firstDay, minute: 8 * 60 }, SYDNEY)!

// A seeded generator, so every run measures the same diary.
let seed = 20_260_824
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}
const sydney = (date: string, hour: number, minute = 0) =>
  zonedDateTimeToInstant({ date, minute: hour * 60 + minute }, SYDNEY)!

const busy: Interval[] = []
while (busy.length < 290) {
  const date = addDays(firstDay, Math.floor(random() * 90))
  const hour = 9 + Math.floor(random() * 11)
  // Some sessions were booked by staff off the hourly grid.
  const start = sydney(date, hour, random() < 0.2 ? 30 : 0)
  busy.push({ start, end: new Date(start.getTime() + 50 * 60_000) })
}
for (let index = 0; index < 10; index++) {
  const date = addDays(firstDay, Math.floor(random() * 90))
  busy.push({ start: sydney(date, 12), end: sydney(date, 17) }) // an afternoon off
}

const request: SlotRequest = {
  rules,
  busy,
  durationMinutes: 50,
  bufferMinutes: 10,
  minNoticeMinutes: 24 * 60,
  horizonDays: 90,
  now,
}

// Once per process each zone's offsets come from Intl and are cached. To time that too, run
// once under Canberra's zone name, which keeps Sydney's clocks but has nothing cached yet.
const uncachedStarted = performance.now()
generateSlots({ ...request, rules: rules.map((rule) => ({ ...rule, timeZone: 'Australia/Canberra' })) })
const uncached = performance.now() - uncachedStarted
let count = 0
for (let run = 0; run < WARM_UP_RUNS; run++) count = generateSlots(request).length
const timings: number[] = []
for (let run = 0; run < RUNS; run++) {
  const started = performance.now()
  count = generateSlots(request).length
  timings.push(performance.now() - started)
}
timings.sort((a, b) => a - b)
const percentile = (fraction: number) => timings[Math.min(RUNS - 1, Math.ceil(fraction * RUNS) - 1)]!

console.log(
  `slots: 90-day horizon, 1 psychologist, ${busy.length} busy intervals, ${count} slots — ` +
    `median ${percentile(0.5).toFixed(2)} ms, p95 ${percentile(0.95).toFixed(2)} ms (${RUNS} runs; first run with an empty zone cache ${uncached.toFixed(1)} ms)`,
)
