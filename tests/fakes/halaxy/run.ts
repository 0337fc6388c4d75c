// The Halaxy stand-in as its own process, for `npm run dev` and the e2e server: the web
// process (the manager's pickers) and the worker (the mirror) both talk to it. Its records
// are kept in a file, so they survive a restart as Haven's links to them do.
// Front-end changes (Halaxy's own UI) fire webhooks at HALAXY_STANDIN_WEBHOOK_URL (a base the
// event name is appended to), with HALAXY_STANDIN_WEBHOOK_AUTH as their Authorization header.
//   HALAXY_STANDIN_PORT=4455 HALAXY_STANDIN_STATE=/tmp/haven-halaxy/dev.json tsx tests/fakes/halaxy/run.ts
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { localIsoWithOffset } from '../../../app/domain/halaxy/mapping/appointment.ts'
import {
  addDays,
  instantToZoned,
  isoWeekday,
  zonedDateTimeToInstant,
} from '../../../app/domain/scheduling/zoned-time.ts'
import { DEMO_HALAXY_ROLES, DEMO_HALAXY_SERVICES } from '../../../prisma/seed-halaxy.ts'
import { defaultSeed, HALAXY_STANDIN_PORT, startHalaxyStandIn } from './server.ts'

const port = Number(process.env.HALAXY_STANDIN_PORT ?? HALAXY_STANDIN_PORT)
const stateFile = process.env.HALAXY_STANDIN_STATE
const webhookUrl = process.env.HALAXY_STANDIN_WEBHOOK_URL
const webhookAuth = process.env.HALAXY_STANDIN_WEBHOOK_AUTH

// The demo practice's own psychologists and session types, as prisma/seed-halaxy.ts maps them.
const seed = defaultSeed()
const [roleTemplate] = seed.practitionerRoles
const [serviceTemplate] = seed.healthcareServices
const standIn = await startHalaxyStandIn({
  port,
  webhooks: webhookUrl ? { url: webhookUrl, authorization: webhookAuth || undefined } : undefined,
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
else if (stateFile) seedSessionsBookedInHalaxy()

/**
 * A new local Halaxy for `npm run dev` starts with two sessions a clinician booked in Halaxy
 * itself (Dr Amelia Nguyen, the next two Tuesdays at 1 pm and 3 pm). No webhook goes out for
 * them (Haven may not be up yet): the worker's first poll finds them, as it would have to.
 */
function seedSessionsBookedInHalaxy() {
  const zone = 'Australia/Sydney'
  const today = instantToZoned(new Date(), zone).date
  const nextTuesday = addDays(today, ((2 - isoWeekday(today) + 7) % 7) + 7)
  standIn.webhooks.pause()
  for (const [week, hour] of [
    [0, 13],
    [1, 15],
  ] as const) {
    const start = zonedDateTimeToInstant({ date: addDays(nextTuesday, week * 7), minute: hour * 60 }, zone)!
    standIn.frontEnd.bookAppointment({
      practitionerRoleId: DEMO_HALAXY_ROLES['amelia-nguyen']!.id,
      start: localIsoWithOffset(start, zone),
      end: localIsoWithOffset(new Date(start.getTime() + 50 * 60_000), zone),
    })
  }
  standIn.webhooks.resume()
}
console.log(`Halaxy stand-in listening at ${standIn.url}`)
if (webhookUrl) console.log(`Halaxy stand-in webhooks go to ${webhookUrl}<event>`)

// A control door for journeys that run against this process: switch faults, read records, and
// act as a clinician in Halaxy's UI (each of those answers once its webhook has been tried).
//   POST /faults {"kind":"5xx","count":1,"match":"POST Appointment/$book"} · DELETE /faults
//   GET /resources/Patient
//   POST /front-end/Appointment {"practitionerRoleId","start","end","patientId"?} → 201
//   PATCH /front-end/Appointment/:id {"start"?,"end"?,"cancelled"?} · DELETE /front-end/Appointment/:id
//   PATCH /front-end/Patient/:id {fields} · PATCH /front-end/Invoice/:id {"totalGross"}
//   POST /webhooks/pause · POST /webhooks/resume · GET /webhooks/deliveries
const controlPort = Number(process.env.HALAXY_STANDIN_CONTROL_PORT ?? port + 1)
const control = http.createServer((request, response) => {
  const answer = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' })
    response.end(JSON.stringify(body))
  }
  let body = ''
  request.on('data', (chunk: Buffer) => (body += chunk.toString()))
  request.on('end', () => {
    const url = new URL(request.url ?? '/', 'http://control')
    void (async () => {
      if (url.pathname === '/faults' && request.method === 'POST') {
        await standIn.faults.set(JSON.parse(body || '{}') as Parameters<typeof standIn.faults.set>[0])
        return answer(200, { faults: standIn.faults.active() })
      }
      if (url.pathname === '/faults' && request.method === 'DELETE') {
        await standIn.faults.clear()
        return answer(200, { faults: [] })
      }
      const resources = /^\/resources\/([A-Za-z]+)$/.exec(url.pathname)
      if (resources && request.method === 'GET') return answer(200, standIn.store.all(resources[1]!))

      const frontEnd = /^\/front-end\/(Appointment|Patient|Invoice)(?:\/([^/]+))?$/.exec(url.pathname)
      if (frontEnd) {
        const [, type, rawId] = frontEnd
        const id = rawId === undefined ? undefined : decodeURIComponent(rawId)
        const changes = (body ? JSON.parse(body) : {}) as never
        const act = () => {
          if (type === 'Appointment' && !id && request.method === 'POST')
            return { status: 201, resource: standIn.frontEnd.bookAppointment(changes) }
          if (!id) return undefined
          if (type === 'Appointment' && request.method === 'PATCH')
            return { status: 200, resource: standIn.frontEnd.updateAppointment(id, changes) }
          if (type === 'Appointment' && request.method === 'DELETE')
            return { status: 200, resource: standIn.frontEnd.deleteAppointment(id) }
          if (type === 'Patient' && request.method === 'PATCH')
            return { status: 200, resource: standIn.frontEnd.updatePatient(id, changes) }
          if (type === 'Invoice' && request.method === 'PATCH')
            return { status: 200, resource: standIn.frontEnd.updateInvoice(id, changes) }
          return undefined
        }
        const before = standIn.webhooks.deliveries().length
        const result = act()
        if (!result) return answer(404, { error: 'unknown control request' })
        // So a journey can look at Haven as soon as this answers.
        await standIn.webhooks.flush()
        for (const delivery of standIn.webhooks.deliveries().slice(before)) {
          if (delivery.error)
            console.warn(`Halaxy stand-in: ${delivery.event} webhook not delivered (${delivery.error})`)
        }
        return answer(result.status, result.resource)
      }

      if (url.pathname === '/webhooks/pause' && request.method === 'POST') {
        standIn.webhooks.pause()
        return answer(200, { paused: true })
      }
      if (url.pathname === '/webhooks/resume' && request.method === 'POST') {
        standIn.webhooks.resume()
        return answer(200, { paused: false })
      }
      if (url.pathname === '/webhooks/deliveries' && request.method === 'GET')
        return answer(200, standIn.webhooks.deliveries())
      return answer(404, { error: 'unknown control request' })
    })().catch((error: unknown) =>
      answer(400, { error: error instanceof Error ? error.message : String(error) }),
    )
  })
})
control.listen(controlPort, '127.0.0.1')

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
    control.close()
    await standIn.stop()
    process.exit(0)
  })
}
