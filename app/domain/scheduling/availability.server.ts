import { db } from '~/utils/db.server.ts'
import {
  generateSlots,
  nextAvailable,
  type Interval,
  type Slot,
  type SlotRequest,
  type WeeklyRule,
} from './slots.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** Statuses that occupy a psychologist's time; a hold counts until it expires. */
export const LIVE_STATUSES = ['held', 'confirmed', 'completed', 'no_show'] as const

type Psychologist = {
  userId: string
  bufferMinutes: number
  minNoticeMinutes: number
  horizonDays: number
}

async function loadRules(psychologistIds: string[]) {
  const rules = await db.availabilityRule.findMany({
    where: { psychologistId: { in: psychologistIds }, location: { active: true } },
    include: { location: { select: { id: true, kind: true, timeZone: true } } },
  })
  const byPsychologist = new Map<string, WeeklyRule[]>()
  for (const rule of rules) {
    const list = byPsychologist.get(rule.psychologistId) ?? []
    list.push({
      weekday: rule.weekday,
      startMinute: rule.startMinute,
      endMinute: rule.endMinute,
      timeZone: rule.location.timeZone,
      locationId: rule.location.id,
      modality: rule.location.kind === 'clinic' ? 'in_person' : 'telehealth',
    })
    byPsychologist.set(rule.psychologistId, list)
  }
  return byPsychologist
}

/** Busy time per psychologist between two instants: live appointments and time off. */
async function loadBusy(
  psychologistIds: string[],
  from: Date,
  to: Date,
  now: Date,
  excludeAppointmentId?: string,
) {
  const [appointments, timeOff] = await Promise.all([
    db.appointment.findMany({
      where: {
        psychologistId: { in: psychologistIds },
        ...(excludeAppointmentId ? { id: { not: excludeAppointmentId } } : {}),
        status: { in: [...LIVE_STATUSES] },
        startsAt: { lt: to },
        endsAt: { gt: from },
        OR: [{ status: { not: 'held' } }, { holdExpiresAt: { gt: now } }],
      },
      select: { psychologistId: true, startsAt: true, endsAt: true },
    }),
    db.timeOff.findMany({
      where: { psychologistId: { in: psychologistIds }, startsAt: { lt: to }, endsAt: { gt: from } },
      select: { psychologistId: true, startsAt: true, endsAt: true },
    }),
  ])
  const byPsychologist = new Map<string, Interval[]>()
  for (const busy of [...appointments, ...timeOff]) {
    const list = byPsychologist.get(busy.psychologistId) ?? []
    list.push({ start: busy.startsAt, end: busy.endsAt })
    byPsychologist.set(busy.psychologistId, list)
  }
  return byPsychologist
}

export type SlotQuery = {
  durationMinutes: number
  now?: Date
  from?: Date
  to?: Date
  modality?: 'in_person' | 'telehealth'
  locationId?: string
  /** An appointment being moved: its own time does not count as busy. */
  excludeAppointmentId?: string
}

/** Everything the pure slot engine needs, for several psychologists in three queries. */
export async function slotRequestsFor(psychologists: Psychologist[], query: SlotQuery) {
  const now = query.now ?? new Date()
  const ids = psychologists.map((psychologist) => psychologist.userId)
  const furthest = Math.max(1, ...psychologists.map((psychologist) => psychologist.horizonDays))
  // Busy time just outside the window still matters: a session near its edge needs the buffer
  // clear on both sides, and may run past the window's end.
  const padMs =
    (Math.max(0, ...psychologists.map((psychologist) => psychologist.bufferMinutes)) +
      query.durationMinutes) *
    60_000
  const from = new Date((query.from ?? now).getTime() - padMs)
  const to = new Date((query.to ?? new Date(now.getTime() + (furthest + 1) * DAY_MS)).getTime() + padMs)
  const [rules, busy] = await Promise.all([
    loadRules(ids),
    loadBusy(ids, from, to, now, query.excludeAppointmentId),
  ])
  return new Map<string, SlotRequest>(
    psychologists.map((psychologist) => [
      psychologist.userId,
      {
        rules: rules.get(psychologist.userId) ?? [],
        busy: busy.get(psychologist.userId) ?? [],
        durationMinutes: query.durationMinutes,
        bufferMinutes: psychologist.bufferMinutes,
        minNoticeMinutes: psychologist.minNoticeMinutes,
        horizonDays: psychologist.horizonDays,
        now,
        from: query.from,
        to: query.to,
        modality: query.modality,
        locationId: query.locationId,
      },
    ]),
  )
}

export async function availableSlots(psychologist: Psychologist, query: SlotQuery): Promise<Slot[]> {
  const request = (await slotRequestsFor([psychologist], query)).get(psychologist.userId)!
  return generateSlots(request)
}

export async function nextAvailableSlots(psychologists: Psychologist[], query: SlotQuery) {
  const requests = await slotRequestsFor(psychologists, query)
  return new Map(
    psychologists.map((psychologist) => [
      psychologist.userId,
      nextAvailable(requests.get(psychologist.userId)!),
    ]),
  )
}
