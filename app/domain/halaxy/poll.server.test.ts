// The poll that heals missed webhooks, against the local Halaxy stand-in and a real database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { type HalaxyStandIn } from '../../../tests/fakes/halaxy/server.ts'
import { startHalaxyPractice } from '../../../tests/setup/halaxy-practice.ts'
import { type HalaxyClient } from './client.server.ts'
import { inboundOverview } from './monitor.server.ts'
import { pollHalaxy } from './poll.server.ts'

type Practice = Awaited<ReturnType<typeof startHalaxyPractice>>

let halaxy: HalaxyStandIn
let client: HalaxyClient

let madeInHalaxy: Practice['madeInHalaxy']

beforeAll(async () => {
  ;({ halaxy, client, madeInHalaxy } = await startHalaxyPractice())
})

afterAll(async () => {
  await halaxy.stop()
})

beforeEach(() => halaxy.faults.clear())

const HOUR = 3_600_000

describe('the poll', () => {
  it('reads a newly mapped psychologist’s upcoming Halaxy sessions, then whatever changed since', async () => {
    const start = new Date(Date.now() + 40 * 24 * HOUR)
    const before = madeInHalaxy(start)
    const first = await pollHalaxy(client)
    expect(first.ok).toBe(true)
    // Each session is applied once, though both the backfill and the changes since list it.
    expect(first.counts['busy-block']).toBe(await db.halaxyBusyBlock.count())
    expect(await db.halaxyBusyBlock.count({ where: { halaxyId: before.id } })).toBe(1)
    expect((await db.halaxyInbound.findUniqueOrThrow({ where: { id: 'halaxy' } })).backfilledRoles).toEqual([
      'PR-2002',
    ])

    // A webhook that never came: the next poll finds the change by its lastUpdated.
    const after = madeInHalaxy(new Date(start.getTime() + 3 * HOUR))
    const requestsBefore = halaxy.requests.count('GET Appointment')
    const second = await pollHalaxy(client)
    expect(second.ok).toBe(true)
    expect(halaxy.requests.count('GET Appointment') - requestsBefore).toBe(1) // no second backfill
    expect(await db.halaxyBusyBlock.count({ where: { halaxyId: after.id } })).toBe(1)
  })

  it('keeps its place when Halaxy is down, and says so on the monitor', async () => {
    const cursor = (await db.halaxyInbound.findUniqueOrThrow({ where: { id: 'halaxy' } })).appointmentsCursor
    const missed = madeInHalaxy(new Date(Date.now() + 50 * 24 * HOUR))
    await halaxy.faults.set({ kind: '5xx' })
    const failed = await pollHalaxy(client)
    expect(failed.ok).toBe(false)
    const state = await db.halaxyInbound.findUniqueOrThrow({ where: { id: 'halaxy' } })
    expect(state.appointmentsCursor).toEqual(cursor)
    expect((await inboundOverview()).lastPollError).toMatch(/unavailable/)
    await halaxy.faults.clear()
    expect((await pollHalaxy(client)).ok).toBe(true)
    expect(await db.halaxyBusyBlock.count({ where: { halaxyId: missed.id } })).toBe(1)
    expect((await inboundOverview()).lastPollError).toBe('')
  })
})
