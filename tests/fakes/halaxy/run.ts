// The Halaxy stand-in as its own process, for `npm run dev` and the e2e server: the web
// process (the manager's pickers) and the worker (the mirror) both talk to it. Its records
// are kept in a file, so they survive a restart as Haven's links to them do.
//   HALAXY_STANDIN_PORT=4455 HALAXY_STANDIN_STATE=/tmp/haven-halaxy/dev.json tsx tests/fakes/halaxy/run.ts
import fs from 'node:fs'
import path from 'node:path'
import { HALAXY_STANDIN_PORT, startHalaxyStandIn } from './server.ts'

const port = Number(process.env.HALAXY_STANDIN_PORT ?? HALAXY_STANDIN_PORT)
const stateFile = process.env.HALAXY_STANDIN_STATE

const standIn = await startHalaxyStandIn({ port })
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
