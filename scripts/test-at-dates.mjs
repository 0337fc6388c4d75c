// Runs the test suites with the machine's clock moved to the dates where date bugs live, to
// prove that no test depends on today's date, weekday or time (CONVENTIONS.md, issue 12).
//   npm run test:dates                      every date, unit/integration suite then journeys
//   npm run test:dates -- --unit            only Vitest      (--e2e: only the journeys)
//   npm run test:dates -- dst-ends monday   only those dates
// Every process (Node, the embedded PostgreSQL, Chromium) sees the same shifted clock:
// libfaketime (Debian's `faketime` package) is preloaded with one fixed offset from now, so
// they agree with each other and time still passes normally. Timers stay on the real clock.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

/** Moments in UTC; the comments say what they are in Sydney, the demo practice's zone. */
const DATES = {
  // Monday 7 Dec 2026, 9:00 am AEDT: the start of a week, nothing booked yet.
  monday: '2026-12-06T22:00:00Z',
  // Friday 4 Dec 2026, 4:30 pm AEDT: 48 hours' notice runs over the weekend.
  'friday-afternoon': '2026-12-04T05:30:00Z',
  // Thursday 31 Dec 2026, 11:55 pm AEDT: the year (and a week) turn during the run.
  'new-years-eve': '2026-12-31T12:55:00Z',
  // Sunday 4 Apr 2027, 2:55 am AEDT: daylight saving ends at 3 am (clocks go back to 2 am).
  'dst-ends': '2027-04-03T15:55:00Z',
  // Sunday 3 Oct 2027, 1:55 am AEST: daylight saving starts at 2 am (clocks go on to 3 am).
  'dst-starts': '2027-10-02T15:55:00Z',
}

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1'

const args = process.argv.slice(2)
const suites = args.includes('--unit')
  ? ['test:unit']
  : args.includes('--e2e')
    ? ['test:e2e']
    : ['test:unit', 'test:e2e']
const named = args.filter((arg) => !arg.startsWith('--'))
const unknown = named.filter((name) => !(name in DATES))
if (unknown.length > 0) {
  console.error(`Unknown date ${unknown.join(', ')}; choose from ${Object.keys(DATES).join(', ')}.`)
  process.exit(2)
}
if (!fs.existsSync(LIBFAKETIME)) {
  console.error(
    'Moving the clock needs libfaketime: run `sudo apt-get install -y faketime`, then this again.',
  )
  process.exit(1)
}

const results = []
for (const name of named.length > 0 ? named : Object.keys(DATES)) {
  for (const suite of suites) {
    // Fixed offset in seconds, "+N": every process shifts by the same amount whenever it starts.
    const offset = Math.round((Date.parse(DATES[name]) - Date.now()) / 1000)
    console.log(`\n==> ${suite} at ${name} (${DATES[name]}, offset ${offset} s)`)
    const started = Date.now()
    const run = spawnSync('npm', ['run', suite], {
      stdio: 'inherit',
      env: {
        ...process.env,
        LD_PRELOAD: [process.env.LD_PRELOAD, LIBFAKETIME].filter(Boolean).join(':'),
        FAKETIME: `${offset >= 0 ? '+' : ''}${offset}`,
        DONT_FAKE_MONOTONIC: '1',
      },
    })
    results.push({ name, suite, ok: run.status === 0, minutes: (Date.now() - started) / 60_000 })
  }
}

console.log('\nTests at shifted dates:')
for (const { name, suite, ok, minutes } of results) {
  console.log(
    `  ${ok ? 'passed' : 'FAILED'}  ${suite.padEnd(10)} ${name.padEnd(17)} ${DATES[name]}  ${minutes.toFixed(1)} min`,
  )
}
const failed = results.filter((result) => !result.ok).length
console.log(`${results.length - failed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
