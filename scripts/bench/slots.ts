// Slot generation for one psychologist over a 90-day horizon (the figure: median
// under 5 ms). A realistic week: Monday to Friday 9–5 at the Sydney clinic plus two
// telehealth evenings, ~300 busy intervals, 50-minute sessions with a 10-minute buffer.
//   npx tsx scripts/bench/slots.ts
import {
  generateSlots,
  type Interval,
  type SlotRequest,
  type WeeklyRule,
} from '../../app/domain/scheduling/slots.ts'

const now = new Date('2026-11-30T21:00:00Z') // Monday 8:00 am in Sydney
const clinic = (weekday: number): WeeklyRule => ({
  weekday,
  startMinute: 9 * 60,
  endMinute: 17 * 60,
  timeZone: 'Australia/Sydney',
  locationId: 'clinic',
  modality: 'in_person',
})
const evening = (weekday: number): WeeklyRule => ({
  weekday,
  startMinute: 17 * 60,
  endMinute: 20 * 60,
  timeZone: 'Australia/Sydney',
  locationId: 'telehealth',
  modality: 'telehealth',
})

// Deterministic "random" bookings on the hour between 9 and 4 over the horizon.
let seed = 42
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
const busy: Interval[] = Array.from({ length: 300 }, () => {
  const dayOffset = Math.floor(random() * 90)
  const hour = 9 + Math.floor(random() * 8)
  const start = new Date(now.getTime() + dayOffset * 86_400_000 + (hour - 8) * 3_600_000)
  return { start, end: new Date(start.getTime() + 50 * 60_000) }
})

const request: SlotRequest = {
  rules: [1, 2, 3, 4, 5].map(clinic).concat([evening(2), evening(4)]),
  busy,
  durationMinutes: 50,
  bufferMinutes: 10,
  minNoticeMinutes: 24 * 60,
  horizonDays: 90,
  now,
}

for (let warmUp = 0; warmUp < 20; warmUp++) generateSlots(request)
const runs = 200
const timings: number[] = []
let count = 0
for (let run = 0; run < runs; run++) {
  const started = performance.now()
  count = generateSlots(request).length
  timings.push(performance.now() - started)
}
timings.sort((a, b) => a - b)
const percentile = (p: number) => timings[Math.min(runs - 1, Math.floor((p / 100) * runs))]!
console.log(
  `slots: 90-day horizon, 1 psychologist, ${busy.length} busy intervals, ${count} slots — ` +
    `median ${percentile(50).toFixed(2)} ms, p95 ${percentile(95).toFixed(2)} ms (${runs} runs)`,
)
