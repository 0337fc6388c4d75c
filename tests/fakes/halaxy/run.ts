// The Halaxy stand-in as its own process, for `npm run dev` and the e2e server: the web
// process (the manager's pickers) and the worker (the mirror) both talk to it. Its records
// are kept in a file, so they survive a restart as Haven's links to them do.
//   HALAXY_STANDIN_PORT=4455 HALAXY_STANDIN_STATE=/tmp/haven-halaxy/dev.json tsx tests/fakes/halaxy/run.ts
import fs from 'node:fs'
import path from 'node:path'
import { DEMO_HALAXY_ROLES, DEMO_HALAXY_SERVICES } from '../../../prisma/seed-halaxy.ts'
import { defaultSeed, HALAXY_STANDIN_PORT, startHalaxyStandIn } from './server.ts'

const port = Number(process.env.HALAXY_STANDIN_PORT ?? HALAXY_STANDIN_PORT)
const stateFile = process.env.HALAXY_STANDIN_STATE

// The demo practice's own psychologists and session types, as prisma/seed-halaxy.ts maps them.
const seed = defaultSeed()
const [roleTemplate] = seed.practitionerRoles
const [serviceTemplate] = seed.healthcareServices
const standIn = await startHalaxyStandIn({
  port,
  seed: {
    practitionerRoles: [
      ...seed.practitionerRoles,
      ...Object.values(DEMO_HALAXY_ROLES).map((role) => ({
        ...roleTemplate!,
        id: role.id,
        practitioner: { reference: `Practitioner/${role.id.replace('PR-', 'PRAC-')}`, display: role.name },
      })),
    ],
    healthcareServices: [
      ...seed.healthcareServices,
      ...Object.entries(DEMO_HALAXY_SERVICES).map(([name, id]) => ({ ...serviceTemplate!, id, name })),
    ],
  },
})
if (stateFile && fs.existsSync(stateFile))
  standIn.store.restore(JSON.parse(fs.readFileSync(stateFile, 'utf8')))
console.log(`Halaxy stand-in listening at ${standIn.url}`)

let saved = standIn.store.changedAt
function save() {
  if (!stateFile || standIn.store.changedAt === saved) return
  saved = standIn.store.changedAt
  fs.mkdirSync(path.dirname(stateFile), { recursive: true })
  const partial = `${stateFile}.partial`
  fs.writeFileSync(partial, JSON.stringify(standIn.store.snapshot()))
  fs.renameSync(partial, stateFile)
}
const timer = setInterval(save, 1_000)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    clearInterval(timer)
    save()
    await standIn.stop()
    process.exit(0)
  })
}
