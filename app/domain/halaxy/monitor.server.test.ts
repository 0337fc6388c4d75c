import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type AppointmentStatus, type HalaxyEntity, type SyncState } from '~/generated/prisma/client.ts'
import { action as recordAction, loader as recordLoader } from '~/routes/manager+/sync.$linkId.tsx'
import { action as syncAction, loader as syncLoader } from '~/routes/manager+/sync._index.tsx'
import { db } from '~/utils/db.server.ts'
import { getBoss } from '~/utils/jobs.server.ts'
import { halaxyPushQueue } from '~/utils/queues.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import {
  cookieFor,
  loadPage,
  postForm,
  routeContext as context,
  routeRequest,
  signedInCookie,
  userWithOnly,
} from '../../../tests/setup/route-calls.ts'
import {
  describeAge,
  fullResync,
  parseSyncFilter,
  retryAllFailed,
  retryLink,
  syncOverview,
  syncRecord,
  syncRecords,
  syncStates,
  SyncRetryRefusedError,
} from './monitor.server.ts'

const NOW = new Date('2026-03-02T01:00:00Z')
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000)

let managerId: string
let patient: { id: string; name: string }
let psychologist: { id: string; name: string; email: string }
let appointmentIds: Record<string, string>

async function createAppointment(status: AppointmentStatus, dayOffset: number) {
  const type = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
  const location = await db.location.findFirstOrThrow({ where: { active: true } })
  const startsAt = new Date(Date.UTC(2020, 0, 6 + dayOffset, 23, 0))
  const appointment = await db.appointment.create({
    data: {
      patientId: patient.id,
      psychologistId: psychologist.id,
      appointmentTypeId: type.id,
      locationId: location.id,
      modality: 'in_person',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 50 * 60_000),
      timeZone: 'Australia/Sydney',
      status,
      feeCents: 22_000,
      holdExpiresAt: status === 'held' ? startsAt : null,
    },
  })
  return appointment.id
}

beforeAll(async () => {
  await seedDemoPractice(db)
  managerId = (await db.user.findFirstOrThrow({ where: { roles: { some: { roleId: 'role_manager' } } } })).id
  patient = await db.user.findUniqueOrThrow({
    where: { email: 'patient1@haven.test' },
    select: { id: true, name: true },
  })
  psychologist = await db.user.findFirstOrThrow({
    where: { psychologist: { slug: 'daniel-tran' } },
    select: { id: true, name: true, email: true },
  })
  appointmentIds = {
    confirmed: await createAppointment('confirmed', 0),
    held: await createAppointment('held', 1),
    cancelledNeverSent: await createAppointment('cancelled', 2),
    cancelledInHalaxy: await createAppointment('cancelled', 3),
    expired: await createAppointment('expired', 4),
  }
})

beforeEach(async () => {
  await db.halaxyLink.deleteMany()
})

async function link(
  entity: HalaxyEntity,
  havenId: string,
  state: SyncState,
  extra: { pendingSince?: Date; halaxyId?: string; lastError?: string; updatedAt?: Date } = {},
) {
  return db.halaxyLink.create({
    data: {
      id: `hl_${entity}_${havenId}`,
      entity,
      havenId,
      state,
      attempts: state === 'synced' ? 0 : 3,
      ...extra,
    },
  })
}

const pushesFor = async (havenId: string) =>
  (await queuedJobs(halaxyPushQueue.name)).filter((job) => job.data.havenId === havenId)

describe('syncOverview', () => {
  it('counts links by state and ages the oldest waiting change', async () => {
    await link('patient', patient.id, 'pending', { pendingSince: minutesAgo(3) })
    await link('appointment', appointmentIds.confirmed!, 'pending', { pendingSince: minutesAgo(42) })
    await link('appointment', appointmentIds.held!, 'synced', { halaxyId: 'EA-1' })
    await link('appointment', appointmentIds.cancelledInHalaxy!, 'failed', { pendingSince: minutesAgo(600) })
    await link('appointment', appointmentIds.expired!, 'needs_attention')

    const overview = await syncOverview(NOW, {
      baseUrl: undefined,
      clientId: undefined,
      clientSecret: undefined,
      userAgent: 'test',
      timeoutMs: 1,
      rateLimitPerMinute: 1,
      maxWaitMs: 1,
    })
    expect(overview.counts).toEqual({ pending: 2, synced: 1, failed: 1, needs_attention: 1 })
    // A failed change is not "waiting": it waits for a person, and shows under failed.
    expect(overview.oldestPendingSince).toEqual(minutesAgo(42))
    expect(overview.oldestPendingAge).toBe('42 minutes')
    expect(overview.configured).toBe(false)
  })

  it('reports nothing waiting when every link is synced', async () => {
    await link('patient', patient.id, 'synced', { halaxyId: 'P-1' })
    const overview = await syncOverview(NOW)
    expect(overview.counts).toEqual({ pending: 0, synced: 1, failed: 0, needs_attention: 0 })
    expect(overview.oldestPendingAge).toBeNull()
    expect(overview.configured).toBe(true)
  })

  it('says how long in words', () => {
    expect(describeAge(20_000)).toBe('less than a minute')
    expect(describeAge(60_000)).toBe('1 minute')
    expect(describeAge(3 * 60 * 60_000)).toBe('3 hours')
    expect(describeAge(5 * 24 * 60 * 60_000)).toBe('5 days')
  })
})

describe('syncRecords', () => {
  it('names each record in words a manager knows, problems first, with nothing clinical', async () => {
    await link('patient', patient.id, 'synced', { halaxyId: 'P-1', updatedAt: minutesAgo(1) })
    await link('appointment', appointmentIds.confirmed!, 'failed', {
      lastError: 'Patient not found',
      updatedAt: minutesAgo(30),
    })
    await link('appointment', appointmentIds.held!, 'needs_attention', { updatedAt: minutesAgo(5) })
    await link('appointment', 'gone-appointment', 'pending', { updatedAt: minutesAgo(2) })

    const { rows, count, pageCount } = await syncRecords({})
    expect(count).toBe(4)
    expect(pageCount).toBe(1)
    expect(rows.map((row) => row.havenId)).toEqual([
      appointmentIds.held,
      appointmentIds.confirmed,
      'gone-appointment',
      patient.id,
    ])
    const byHavenId = Object.fromEntries(rows.map((row) => [row.havenId, row]))
    expect(byHavenId[patient.id]!.record).toBe(patient.name)
    expect(byHavenId[appointmentIds.confirmed!]).toMatchObject({
      record: `Tue, 7 Jan, 10:00 am AEDT: ${patient.name} with ${psychologist.name} (Confirmed)`,
      state: 'failed',
      lastError: 'Patient not found',
      attempts: 3,
    })
    expect(byHavenId['gone-appointment']!.record).toBe('No longer in Haven')

    const profile = await db.patientProfile.findUniqueOrThrow({ where: { userId: patient.id } })
    const shown = JSON.stringify(rows)
    for (const clinical of [profile.reasonForVisit, profile.medicareNumber!, profile.mobile]) {
      expect(clinical).not.toBe('')
      expect(shown).not.toContain(clinical)
    }
  })

  it('filters by state and entity, and falls back on nonsense in the address bar', async () => {
    await link('patient', patient.id, 'failed')
    await link('appointment', appointmentIds.confirmed!, 'failed')
    await link('appointment', appointmentIds.held!, 'synced')

    expect((await syncRecords({ state: 'failed' })).rows.map((row) => row.havenId).sort()).toEqual(
      [patient.id, appointmentIds.confirmed].sort(),
    )
    expect(
      (await syncRecords({ state: 'failed', entity: 'patient' })).rows.map((row) => row.havenId),
    ).toEqual([patient.id])
    expect(parseSyncFilter(new URLSearchParams('state=failed&entity=patient&page=2'))).toEqual({
      state: 'failed',
      entity: 'patient',
      page: 2,
    })
    expect(parseSyncFilter(new URLSearchParams("state=drop+table&entity=note&page=-4'"))).toEqual({
      state: undefined,
      entity: undefined,
      page: 1,
    })
  })
})

describe('syncRecord', () => {
  it('lists the attempts newest first, with Halaxy’s words', async () => {
    const created = await link('appointment', appointmentIds.confirmed!, 'failed')
    await db.syncAttempt.createMany({
      data: [
        { linkId: created.id, at: minutesAgo(20), operation: 'book', outcome: 'retryable', httpStatus: 503 },
        {
          linkId: created.id,
          at: minutesAgo(10),
          operation: 'book',
          outcome: 'permanent',
          httpStatus: 422,
          message: 'PractitionerRole not at this clinic',
        },
      ],
    })
    const record = await syncRecord(created.id)
    expect(record?.history.map((attempt) => [attempt.outcome, attempt.httpStatus, attempt.message])).toEqual([
      ['permanent', 422, 'PractitionerRole not at this clinic'],
      ['retryable', 503, ''],
    ])
    expect(record?.retryable).toBe(true)
    expect(await syncRecord('no-such-link')).toBeNull()
  })
})

describe('retries', () => {
  it('retries one record: marks it pending, queues its push and audits the manager', async () => {
    const created = await link('appointment', appointmentIds.confirmed!, 'failed', { halaxyId: 'EA-9' })
    await retryLink(created.id, managerId, NOW)

    expect(await db.halaxyLink.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      state: 'pending',
      halaxyId: 'EA-9',
      nextAttemptAt: null,
    })
    expect((await pushesFor(appointmentIds.confirmed!)).map((job) => job.data)).toEqual([
      { entity: 'appointment', havenId: appointmentIds.confirmed },
    ])
    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: 'halaxy.retry', entityId: created.id },
    })
    expect(event.actorId).toBe(managerId)
  })

  it('brings forward a push that is waiting out its retry backoff, rather than queue a second', async () => {
    const created = await link('appointment', appointmentIds.confirmed!, 'needs_attention', {
      halaxyId: 'EA-8',
    })
    const singletonKey = `appointment:${appointmentIds.confirmed}`
    // Only this test's job for the record (an earlier test queued one too).
    await db.$executeRaw`delete from pgboss.job where name = ${halaxyPushQueue.name} and singleton_key = ${singletonKey}`
    const boss = await getBoss()
    await boss.send(
      halaxyPushQueue.name,
      { entity: 'appointment', havenId: appointmentIds.confirmed },
      { singletonKey, startAfter: 110 },
    )
    const waiting = () =>
      db.$queryRaw<{ startAfter: Date }[]>`
        select start_after as "startAfter" from pgboss.job
        where name = ${halaxyPushQueue.name} and singleton_key = ${singletonKey} and state in ('created', 'retry')`
    expect((await waiting())[0]!.startAfter.getTime()).toBeGreaterThan(Date.now() + 100_000)

    await retryLink(created.id, managerId, NOW)

    const [job, ...others] = await waiting()
    expect(others).toHaveLength(0)
    expect(job!.startAfter.getTime()).toBeLessThanOrEqual(Date.now())
  })

  it('refuses to retry an invoice or a link that is gone', async () => {
    const invoiceLink = await link('invoice', 'some-invoice', 'failed')
    await expect(retryLink(invoiceLink.id, managerId)).rejects.toBeInstanceOf(SyncRetryRefusedError)
    await expect(retryLink('no-such-link', managerId)).rejects.toBeInstanceOf(SyncRetryRefusedError)
    expect((await db.halaxyLink.findUniqueOrThrow({ where: { id: invoiceLink.id } })).state).toBe('failed')
  })

  it('retries every failed and needs-attention record, and leaves the rest alone', async () => {
    const synced = await link('appointment', appointmentIds.held!, 'synced', { halaxyId: 'EA-2' })
    const waiting = await link('appointment', appointmentIds.expired!, 'pending', {
      pendingSince: minutesAgo(7),
    })
    await link('appointment', appointmentIds.confirmed!, 'failed')
    await link('patient', patient.id, 'needs_attention')
    // Changed in Halaxy: waits for the manager's decision on that record, not a bulk retry.
    const drifted = await link('appointment', appointmentIds.cancelledInHalaxy!, 'needs_attention', {
      halaxyId: 'EA-9',
    })
    await db.halaxyLink.update({ where: { id: drifted.id }, data: { driftFields: ['status'] } })

    expect(await retryAllFailed(managerId, NOW)).toEqual({ count: 2 })
    expect((await db.halaxyLink.findUniqueOrThrow({ where: { id: drifted.id } })).state).toBe(
      'needs_attention',
    )

    const states = Object.fromEntries(
      (await db.halaxyLink.findMany()).map((row) => [row.havenId, [row.state, row.updatedAt.getTime()]]),
    )
    expect(states[appointmentIds.confirmed!]![0]).toBe('pending')
    expect(states[patient.id]![0]).toBe('pending')
    expect(states[appointmentIds.held!]).toEqual(['synced', synced.updatedAt.getTime()])
    expect(states[appointmentIds.expired!]).toEqual(['pending', waiting.updatedAt.getTime()])
    expect(await pushesFor(patient.id)).toHaveLength(1)
    expect(await pushesFor(appointmentIds.held!)).toHaveLength(0)
    expect(
      await db.auditEvent.findFirst({ where: { action: 'halaxy.retry_all_failed', actorId: managerId } }),
    ).toMatchObject({ detail: { count: 2 } })
  })
})

describe('fullResync', () => {
  it('marks every patient seen or with a finished intake, and every appointment Halaxy should hold, once', async () => {
    await link('appointment', appointmentIds.cancelledInHalaxy!, 'synced', { halaxyId: 'EA-cancelled' })

    const expectedPatients = (
      await db.$queryRaw<{ id: string }[]>`
        select u.id from "User" u
        left join "PatientProfile" p on p."userId" = u.id
        where p."intakeSubmittedAt" is not null
           or exists (select 1 from "Appointment" a where a."patientId" = u.id
                      and a.status in ('confirmed', 'completed', 'no_show'))`
    )
      .map((row) => row.id)
      .sort()
    const expectedAppointments = [
      ...(
        await db.appointment.findMany({
          where: { status: { in: ['confirmed', 'completed', 'no_show'] } },
          select: { id: true },
        })
      ).map((row) => row.id),
      appointmentIds.cancelledInHalaxy!,
    ].sort()
    expect(expectedPatients.length).toBeGreaterThan(1)

    const counts = await fullResync(managerId, NOW)
    expect(counts).toEqual({ patients: expectedPatients.length, appointments: expectedAppointments.length })

    const marked = async (entity: HalaxyEntity) =>
      (await db.halaxyLink.findMany({ where: { entity, state: 'pending' }, select: { havenId: true } }))
        .map((row) => row.havenId)
        .sort()
    expect(await marked('patient')).toEqual(expectedPatients)
    expect(await marked('appointment')).toEqual(expectedAppointments)
    for (const left of [appointmentIds.held!, appointmentIds.cancelledNeverSent!, appointmentIds.expired!])
      expect(await db.halaxyLink.findFirst({ where: { havenId: left } })).toBeNull()
    // The link that already had a Halaxy id keeps it: the worker patches rather than creates.
    expect(
      await db.halaxyLink.findUniqueOrThrow({
        where: { entity_havenId: { entity: 'appointment', havenId: appointmentIds.cancelledInHalaxy! } },
      }),
    ).toMatchObject({ state: 'pending', halaxyId: 'EA-cancelled' })

    // Again: the same records, still one link and one queued push each.
    expect(await fullResync(managerId, NOW)).toEqual(counts)
    expect(await db.halaxyLink.count()).toBe(expectedPatients.length + expectedAppointments.length)
    const jobs = await queuedJobs(halaxyPushQueue.name)
    for (const havenId of [...expectedPatients, ...expectedAppointments])
      expect(jobs.filter((job) => job.data.havenId === havenId)).toHaveLength(1)
    expect(await db.auditEvent.count({ where: { action: 'halaxy.full_resync', actorId: managerId } })).toBe(2)
  })
})

describe('syncStates', () => {
  it('maps each linked appointment to its state and leaves unlinked ones out', async () => {
    await link('appointment', appointmentIds.confirmed!, 'synced', { halaxyId: 'EA-1' })
    await link('appointment', appointmentIds.held!, 'failed')
    await link('patient', appointmentIds.expired!, 'synced')
    expect(
      await syncStates([appointmentIds.confirmed!, appointmentIds.held!, appointmentIds.expired!]),
    ).toEqual({ [appointmentIds.confirmed!]: 'synced', [appointmentIds.held!]: 'failed' })
    expect(await syncStates([])).toEqual({})
  })
})

describe('the sync monitor pages', () => {
  const managerEmail = async () => (await db.user.findUniqueOrThrow({ where: { id: managerId } })).email
  const syncPage = (cookie: string, path = '/manager/sync') =>
    syncLoader({ request: routeRequest(path, cookie), params: {}, context })
  const postSync = (cookie: string, fields: Record<string, string>) =>
    postForm(syncAction, { path: '/manager/sync', cookie, fields })
  const postRecord = (cookie: string, linkId: string, fields: Record<string, string>) =>
    postForm(recordAction, { path: `/manager/sync/${linkId}`, cookie, fields, params: { linkId } })

  it('keeps psychologists out of every loader and action', async () => {
    const cookie = await cookieFor(psychologist.email)
    const created = await link('appointment', appointmentIds.confirmed!, 'failed')
    expect((await loadPage(syncLoader, { path: '/manager/sync', cookie })).status).toBe(403)
    expect((await postSync(cookie, { intent: 'retry-all-failed' })).status).toBe(403)
    const params = { linkId: created.id }
    expect(
      (await loadPage(recordLoader, { path: `/manager/sync/${created.id}`, cookie, params })).status,
    ).toBe(403)
    expect((await postRecord(cookie, created.id, { intent: 'retry' })).status).toBe(403)
    expect((await db.halaxyLink.findUniqueOrThrow({ where: { id: created.id } })).state).toBe('failed')
  })

  it('answers bad input with 400 or 404, never a 500', async () => {
    const cookie = await cookieFor(await managerEmail())
    const page = await syncPage(cookie, '/manager/sync?state=nope&page=zz&done=resync-all')
    expect(page.filter).toEqual({ state: undefined, entity: undefined, page: 1 })
    // What was done is a flash notice now: the address says nothing.
    expect(page).not.toHaveProperty('done')
    expect((await postSync(cookie, { intent: 'drop' })).status).toBe(400)
    expect(await postSync(cookie, { intent: 'full-resync' })).toMatchObject({
      status: 400,
      body: { result: { error: { confirm: ['Tick the box to confirm the full re-sync.'] } } },
    })
    expect(await db.halaxyLink.count()).toBe(0)
    expect(
      (await loadPage(recordLoader, { path: '/manager/sync/nope', cookie, params: { linkId: 'nope' } }))
        .status,
    ).toBe(404)
    const invoiceLink = await link('invoice', 'some-invoice', 'failed')
    expect(await postRecord(cookie, invoiceLink.id, { intent: 'retry' })).toMatchObject({
      status: 409,
      body: { result: { error: { '': [expect.stringMatching(/^Invoices are read back from Halaxy/)] } } },
    })
  })

  it('queues a full re-sync for the worker and answers at once; a second request adds nothing', async () => {
    const cookie = await cookieFor(await managerEmail())
    const form = { intent: 'full-resync', confirm: 'yes' }
    const answer = await postSync(cookie, form)
    expect(answer.location).toBe('/manager/sync')
    expect(answer.notice).toEqual({
      path: '/manager/sync',
      message: expect.stringMatching(/^Full re-sync started/),
    })
    await postSync(cookie, form)
    expect(await queuedJobs('halaxy-resync-v1')).toHaveLength(1)
    expect(await db.halaxyLink.count()).toBe(0) // nothing marked in the request itself
    const page = await syncPage(cookie)
    expect(page.resyncRunning).toBe(true)
  })

  it('resolves a change made in Halaxy from the record page, and refuses when nothing differs', async () => {
    const cookie = await cookieFor(await managerEmail())
    const created = await link('patient', patient.id, 'needs_attention', { halaxyId: 'HX-1' })
    await db.halaxyLink.update({
      where: { id: created.id },
      data: { driftFields: ['telecom'], driftVersion: '4', lastError: 'Changed in Halaxy: phone or email.' },
    })
    const leave = () => postRecord(cookie, created.id, { intent: 'leave-halaxy' })
    const answer = await leave()
    expect(answer.location).toBe(`/manager/sync/${created.id}`)
    expect(answer.notice).toEqual({
      path: `/manager/sync/${created.id}`,
      message: 'Halaxy’s version is left as it is. A later change in Halaxy will show here again.',
    })
    expect(await db.halaxyLink.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      state: 'synced',
      driftFields: [],
      driftDismissedVersion: '4',
    })
    expect(await leave()).toMatchObject({
      status: 409,
      body: {
        result: { error: { '': ['Nothing differs in Halaxy any more; the page was out of date.'] } },
      },
    })
    expect((await postRecord(cookie, created.id, { intent: 'send-haven' })).status).toBe(409)
    expect(await db.auditEvent.count({ where: { action: 'halaxy.drift_left', entityId: created.id } })).toBe(
      1,
    )
  })

  it('retries from the record page and redirects back to it', async () => {
    const cookie = await cookieFor(await managerEmail())
    const created = await link('patient', patient.id, 'failed')
    const answer = await postRecord(cookie, created.id, { intent: 'retry' })
    expect(answer.status).toBe(302)
    expect(answer.location).toBe(`/manager/sync/${created.id}`)
    expect(answer.notice).toMatchObject({
      message: 'It will be sent to Halaxy again shortly. Its attempts below update as the worker runs.',
    })
    expect((await db.halaxyLink.findUniqueOrThrow({ where: { id: created.id } })).state).toBe('pending')
  })

  it('guards each decision by its own permission: sending again is not deciding about a change made in Halaxy', async () => {
    const operator = await userWithOnly('sync-operator', ['read:sync:any', 'update:sync:any'])
    const cookie = await signedInCookie(operator.id)
    const created = await link('patient', patient.id, 'needs_attention', { halaxyId: 'HX-2' })
    await db.halaxyLink.update({
      where: { id: created.id },
      data: { driftFields: ['telecom'], driftVersion: '5' },
    })
    const send = (intent: string) => postRecord(cookie, created.id, { intent })
    expect((await send('leave-halaxy')).status).toBe(403)
    expect((await send('send-haven')).status).toBe(403)
    expect(await db.halaxyLink.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      driftFields: ['telecom'],
      driftDismissedVersion: null,
    })
    expect((await send('retry')).status).toBe(302)
    expect((await db.halaxyLink.findUniqueOrThrow({ where: { id: created.id } })).state).toBe('pending')
  })
})
