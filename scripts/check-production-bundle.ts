// `npm test` runs this right after `npm run build`: the production build must hold no dev page,
// no stand-in and nothing that could load one, no browser script the CSP would refuse, and must
// refuse HAVEN_STANDINS=true
// (docs/decisions/011-dev-pages-only-in-dev-builds.md). `tsx scripts/check-production-bundle.ts [dir]`.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { freePortsSync } from './free-ports.ts'

/** What must never be in a production build, each with a pattern that finds it in bundled text. */
const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  { what: 'a dev page route', pattern: /routes\/dev(\+\/|\.)/ },
  { what: 'the dev outbox', pattern: /dev\/outbox/ },
  { what: 'the Stripe stand-in pages', pattern: /dev\/stripe/ },
  { what: 'the loopback video port', pattern: /dev\/video/ },
  { what: 'msw', pattern: /["'`]msw(\/[\w/-]*)?["'`]/ },
  { what: 'a stand-in module', pattern: /tests\/(mocks|fakes)\// },
  {
    what: 'stand-in code',
    pattern:
      /\b(startStandIns|recordOutboxMessage|listOutbox|payCheckoutSession|simulateInboundSms|sendStatusCallbacks|setupServer|standInRoomByName|standInParticipantConnected|standInParticipantDisconnected|failNextRoomCreates)\b/,
  },
]

// Text the bundlers write; images and fonts can't name a module.
const TEXT = /\.(js|mjs|cjs|map|json|css|html|txt)$/

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
}

/** Every forbidden thing found under `dir`, as "file: what". */
export function findStandIns(dir: string): string[] {
  const found: string[] = []
  for (const file of filesUnder(dir)) {
    const name = path.relative(dir, file)
    if (/standins?\./i.test(path.basename(file))) found.push(`${name}: a stand-in bundle`)
    if (!TEXT.test(file)) continue
    const text = fs.readFileSync(file, 'utf8')
    for (const { what, pattern } of FORBIDDEN) if (pattern.test(text)) found.push(`${name}: ${what}`)
  }
  return found
}

// The pages' CSP has no 'unsafe-eval': a browser script that evaluates a string fails there
// (twilio-video did, vite.config.ts).
const STRING_EVALUATION = /\bnew Function\(|(?<![.\w$])eval\(/

/** Browser scripts under `dir`/client that evaluate strings, as "file: what". */
export function findStringEvaluation(dir: string): string[] {
  const client = path.join(dir, 'client')
  if (!fs.existsSync(client)) return []
  return filesUnder(client)
    .filter((file) => file.endsWith('.js') && STRING_EVALUATION.test(fs.readFileSync(file, 'utf8')))
    .map((file) => `${path.relative(dir, file)}: code evaluated from a string (the CSP refuses it)`)
}

/** Starts an entry point with stand-ins asked for; it must stop at once, saying why. */
function refusesStandIns(entry: string): string | null {
  const [port] = freePortsSync(1)
  const result = spawnSync(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: 'postgresql://127.0.0.1:1/never',
      APP_URL: `http://localhost:${port}`,
      SESSION_SECRET: 'check-production-bundle-0123456789abcdef',
      // Required in production: present, so the refusal is the stand-ins' and nothing else's.
      RECORDS_ENCRYPTION_KEYS: `check:${Buffer.alloc(32).toString('base64')}`,
      HAVEN_STANDINS: 'true',
      LOG_LEVEL: 'silent',
    },
    encoding: 'utf8',
    timeout: 20_000,
    killSignal: 'SIGKILL',
  })
  if (result.status === 1 && /HAVEN_STANDINS/.test(result.stderr)) return null
  const outcome = result.error ? 'was still running after 20 s' : `exited with ${result.status}`
  return `${entry} with HAVEN_STANDINS=true ${outcome} instead of refusing to start`
}

function main(dir: string) {
  const entries = ['app/server.js', 'app/worker.js', 'server/index.js'].map((file) => path.join(dir, file))
  const missing = entries.filter((file) => !fs.existsSync(file))
  if (missing.length > 0) {
    console.error(
      `No production build in ${dir}/ (missing ${missing.join(', ')}): run \`npm run build\` first.`,
    )
    process.exit(1)
  }
  const problems = [
    ...findStandIns(dir),
    ...findStringEvaluation(dir),
    ...entries.slice(0, 2).flatMap((entry) => refusesStandIns(entry) ?? []),
  ]
  if (problems.length > 0) {
    console.error(
      `The production build in ${dir}/ holds dev-only or CSP-breaking code:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    )
    process.exit(1)
  }
  console.log(`${dir}/ holds no dev pages, stand-ins or string evaluation, and refuses HAVEN_STANDINS=true.`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv[2] ?? 'build')
