// The manager's billing settings: what receipts print, the Medicare items with their rates by
// date, and each psychologist's own fees. Every change is audited with field names, not values.
import { type Practice } from '~/generated/prisma/client.ts'
import { db } from '~/utils/db.server.ts'
import { isUniqueViolation } from '~/utils/db-errors.server.ts'
import { DomainError, NotFoundError } from '~/domain/errors.ts'
import { audit } from '../audit/audit.server.ts'
import { DEFAULT_TIME_ZONE } from '../scheduling/directory.ts'
import { instantToZoned } from '../scheduling/zoned-time.ts'
import { dayLabel } from './labels.ts'
import { medicareRateOn } from './medicare.ts'
import {
  type FeeChange,
  type MedicareItemInput,
  type MedicareRateInput,
  type PracticeInput,
} from './settings.ts'

/** A refusal the manager can act on, with the field it belongs to: it clashes with what is saved. */
export class BillingSettingsError extends DomainError {
  constructor(field: string, message: string) {
    super('conflict', message, field)
  }
}

/** No such Medicare item, rate or psychologist. */
export class BillingRecordNotFoundError extends NotFoundError {}

const PRACTICE_FIELDS = [
  'name',
  'abn',
  'address',
  'phone',
  'email',
  'invoicePrefix',
  'lateCancellationRefundPercent',
] as const

export function practiceDetails() {
  return db.practice.findUniqueOrThrow({ where: { id: 'practice' } })
}

export async function updatePracticeDetails(actorId: string, input: Omit<PracticeInput, 'intent'>) {
  return updatePracticeFields(
    actorId,
    'practice.updated',
    Object.fromEntries(PRACTICE_FIELDS.map((field) => [field, input[field]])) as Pick<
      PracticeInput,
      (typeof PRACTICE_FIELDS)[number]
    >,
  )
}

type PracticeFields = Omit<Practice, 'id' | 'updatedAt'>

/**
 * Saves some of the practice's settings, audited with the names of the fields that changed
 * (never their values); nothing is written when nothing changed.
 */
export async function updatePracticeFields<Fields extends Partial<PracticeFields>>(
  actorId: string,
  action: string,
  data: Fields,
) {
  return db.$transaction(async (tx) => {
    const before = await tx.practice.findUniqueOrThrow({ where: { id: 'practice' } })
    const changed = (Object.keys(data) as (keyof PracticeFields)[]).filter(
      (field) => before[field] !== data[field],
    )
    if (changed.length === 0) return before
    const practice = await tx.practice.update({ where: { id: 'practice' }, data })
    await audit(tx, {
      actorId,
      action,
      entity: 'practice',
      entityId: practice.id,
      detail: { fields: changed },
    })
    return practice
  })
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

/** Today in the practice's zone: indexation starts on a calendar day there. */
export function practiceToday(now = new Date()) {
  return instantToZoned(now, DEFAULT_TIME_ZONE).date
}

/** Medicare items by item number, each with its rates oldest first and the one in force today marked. */
export async function medicareItemGroups(today = practiceToday()) {
  const rows = await db.medicareItem.findMany({ orderBy: [{ itemNumber: 'asc' }, { effectiveFrom: 'asc' }] })
  const byNumber = new Map<string, typeof rows>()
  for (const row of rows) byNumber.set(row.itemNumber, [...(byNumber.get(row.itemNumber) ?? []), row])
  return [...byNumber.entries()].map(([itemNumber, rates]) => {
    const latest = rates[rates.length - 1]!
    const inForce = medicareRateOn(rates, itemNumber, today)
    return {
      itemNumber,
      description: latest.description,
      registrationType: latest.registrationType,
      service: latest.service,
      minMinutes: latest.minMinutes,
      maxMinutes: latest.maxMinutes,
      active: latest.active,
      rates: rates.map((rate) => ({
        id: rate.id,
        effectiveFrom: isoDay(rate.effectiveFrom),
        scheduleFeeCents: rate.scheduleFeeCents,
        rebateCents: rate.rebateCents,
        inForce: rate.id === inForce?.id,
        upcoming: isoDay(rate.effectiveFrom) > today,
      })),
    }
  })
}

/**
 * A new rate for an item from a day on (the 1 July indexation). Invoices keep the item number
 * they were issued with, and rebates are read from the rate in force on each service day, so
 * sessions before that day are untouched.
 */
export async function addMedicareRate(actorId: string, input: Omit<MedicareRateInput, 'intent'>) {
  const duplicate = new BillingSettingsError(
    'effectiveFrom',
    `Item ${input.itemNumber} already has a rate from ${dayLabel(input.effectiveFrom)}. Choose another day, or remove that rate first if it has not started.`,
  )
  try {
    return await db.$transaction(async (tx) => {
      const latest = await tx.medicareItem.findFirst({
        where: { itemNumber: input.itemNumber },
        orderBy: { effectiveFrom: 'desc' },
      })
      if (!latest) throw new BillingRecordNotFoundError()
      const effectiveFrom = new Date(`${input.effectiveFrom}T00:00:00Z`)
      const existing = await tx.medicareItem.findUnique({
        where: { itemNumber_effectiveFrom: { itemNumber: input.itemNumber, effectiveFrom } },
        select: { id: true },
      })
      if (existing) throw duplicate
      const rate = await tx.medicareItem.create({
        data: {
          itemNumber: latest.itemNumber,
          description: latest.description,
          registrationType: latest.registrationType,
          service: latest.service,
          minMinutes: latest.minMinutes,
          maxMinutes: latest.maxMinutes,
          active: latest.active,
          effectiveFrom,
          scheduleFeeCents: input.scheduleFee,
          rebateCents: input.rebate,
        },
      })
      await audit(tx, {
        actorId,
        action: 'medicare_item.rate_added',
        entity: 'medicare_item',
        entityId: rate.id,
        detail: { itemNumber: rate.itemNumber, effectiveFrom: input.effectiveFrom },
      })
      return rate
    })
  } catch (error) {
    // Two managers adding the same day at once: the unique key settles it.
    if (isUniqueViolation(error)) throw duplicate
    throw error
  }
}

/**
 * Removes a rate that has not started yet (a mistyped indexation). Rates in force or past
 * stay: receipts read their rebate from them.
 */
export async function removeUpcomingMedicareRate(actorId: string, rateId: string, today = practiceToday()) {
  await db.$transaction(async (tx) => {
    const rate = await tx.medicareItem.findUnique({ where: { id: rateId } })
    if (!rate) throw new BillingRecordNotFoundError()
    if (isoDay(rate.effectiveFrom) <= today)
      throw new BillingSettingsError(
        'rate',
        'That rate has started, so it stays for the sessions it covered. Add a new rate from a later day instead.',
      )
    await tx.medicareItem.delete({ where: { id: rate.id } })
    await audit(tx, {
      actorId,
      action: 'medicare_item.rate_removed',
      entity: 'medicare_item',
      entityId: rate.id,
      detail: { itemNumber: rate.itemNumber, effectiveFrom: isoDay(rate.effectiveFrom) },
    })
  })
}

/** The item's description and the session lengths it covers, for all its rates. */
export async function updateMedicareItem(actorId: string, input: Omit<MedicareItemInput, 'intent'>) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.medicareItem.updateMany({
      where: { itemNumber: input.itemNumber },
      data: {
        description: input.description,
        minMinutes: input.minMinutes,
        maxMinutes: input.maxMinutes ?? null,
      },
    })
    if (count === 0) throw new BillingRecordNotFoundError()
    await audit(tx, {
      actorId,
      action: 'medicare_item.updated',
      entity: 'medicare_item',
      entityId: input.itemNumber,
      detail: { fields: ['description', 'minMinutes', 'maxMinutes'] },
    })
  })
}

/** A switched-off item is no longer put on new invoices; those already issued keep it. */
export async function setMedicareItemActive(actorId: string, itemNumber: string, active: boolean) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.medicareItem.updateMany({ where: { itemNumber }, data: { active } })
    if (count === 0) throw new BillingRecordNotFoundError()
    await audit(tx, {
      actorId,
      action: active ? 'medicare_item.switched_on' : 'medicare_item.switched_off',
      entity: 'medicare_item',
      entityId: itemNumber,
    })
  })
}

/** Each active psychologist × active appointment type: their own fee, or null for the type's. */
export async function feeGrid() {
  const [psychologists, types, fees] = await Promise.all([
    db.user.findMany({
      where: {
        status: 'active',
        roles: { some: { role: { name: 'psychologist' } } },
        psychologist: { isNot: null },
      },
      select: { id: true, name: true, psychologist: { select: { registrationType: true } } },
      orderBy: { name: 'asc' },
    }),
    db.appointmentType.findMany({
      where: { active: true },
      select: { id: true, name: true, durationMinutes: true, feeCents: true },
      orderBy: { durationMinutes: 'asc' },
    }),
    db.psychologistFee.findMany({
      select: { psychologistId: true, appointmentTypeId: true, feeCents: true },
    }),
  ])
  const own = new Map(fees.map((fee) => [`${fee.psychologistId}|${fee.appointmentTypeId}`, fee.feeCents]))
  return {
    types,
    psychologists: psychologists.map((psychologist) => ({
      id: psychologist.id,
      name: psychologist.name,
      registrationType: psychologist.psychologist!.registrationType,
      fees: Object.fromEntries(
        types.map((type) => [type.id, own.get(`${psychologist.id}|${type.id}`) ?? null]),
      ) as Record<string, number | null>,
    })),
  }
}

/** Sets (a number) or clears (null: the type's fee applies) a psychologist's own fees. */
export async function setPsychologistFees(actorId: string, psychologistId: string, changes: FeeChange[]) {
  return db.$transaction(async (tx) => {
    const psychologist = await tx.user.findFirst({
      where: {
        id: psychologistId,
        status: 'active',
        roles: { some: { role: { name: 'psychologist' } } },
      },
      select: { id: true },
    })
    if (!psychologist) throw new BillingRecordNotFoundError()
    const types = await tx.appointmentType.findMany({
      where: { id: { in: changes.map((change) => change.appointmentTypeId) }, active: true },
      select: { id: true },
    })
    const known = new Set(types.map((type) => type.id))
    const current = new Map(
      (await tx.psychologistFee.findMany({ where: { psychologistId } })).map((fee) => [
        fee.appointmentTypeId,
        fee.feeCents,
      ]),
    )
    const set: string[] = []
    const cleared: string[] = []
    for (const { appointmentTypeId, feeCents } of changes) {
      if (!known.has(appointmentTypeId)) continue
      const before = current.get(appointmentTypeId) ?? null
      if (before === feeCents) continue
      const key = { psychologistId_appointmentTypeId: { psychologistId, appointmentTypeId } }
      if (feeCents === null) {
        await tx.psychologistFee.delete({ where: key })
        cleared.push(appointmentTypeId)
      } else {
        await tx.psychologistFee.upsert({
          where: key,
          create: { psychologistId, appointmentTypeId, feeCents },
          update: { feeCents },
        })
        set.push(appointmentTypeId)
      }
    }
    if (set.length || cleared.length)
      await audit(tx, {
        actorId,
        action: 'psychologist_fee.updated',
        entity: 'user',
        entityId: psychologistId,
        detail: { set, cleared },
      })
    return { set: set.length, cleared: cleared.length }
  })
}
