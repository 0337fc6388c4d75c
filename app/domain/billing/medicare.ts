// Which Medicare item a session falls under: by the psychologist's registration, how the
// session is held, its length, and the items in force on the day of service.
import {
  type MedicareService,
  type RegistrationType,
  type SessionModality,
} from '~/generated/prisma/enums.ts'

export type MedicareItemRow = {
  itemNumber: string
  description: string
  registrationType: RegistrationType
  service: MedicareService
  minMinutes: number
  maxMinutes: number | null
  scheduleFeeCents: number
  rebateCents: number
  /** The first day the row applies (a date, stored at UTC midnight). */
  effectiveFrom: Date
  active: boolean
}

const SERVICE_FOR: Record<SessionModality, MedicareService> = { in_person: 'in_rooms', telehealth: 'video' }

/**
 * The item for an individual session, or null when none fits (e.g. a 15-minute check-in).
 * `serviceDay` is the date of service in the practice's zone, "YYYY-MM-DD": indexation
 * starts on a calendar day, not an instant.
 */
export function medicareItemFor(
  items: readonly MedicareItemRow[],
  session: {
    registrationType: RegistrationType
    modality: SessionModality
    minutes: number
    serviceDay: string
  },
): MedicareItemRow | null {
  const service = SERVICE_FOR[session.modality]
  const candidates = items.filter(
    (item) =>
      item.active &&
      item.registrationType === session.registrationType &&
      item.service === service &&
      session.minutes >= item.minMinutes &&
      (item.maxMinutes === null || session.minutes < item.maxMinutes) &&
      item.effectiveFrom.toISOString().slice(0, 10) <= session.serviceDay,
  )
  // The latest row in force that day wins (the newest indexation).
  return candidates.reduce<MedicareItemRow | null>(
    (best, item) => (best === null || item.effectiveFrom > best.effectiveFrom ? item : best),
    null,
  )
}

/**
 * The rate of one item in force on a day of service (switched off or not: a rebate is what
 * the item paid that day), or null when the item had no rate yet.
 */
export function medicareRateOn<Row extends Pick<MedicareItemRow, 'itemNumber' | 'effectiveFrom'>>(
  items: readonly Row[],
  itemNumber: string,
  serviceDay: string,
): Row | null {
  return items.reduce<Row | null>(
    (best, item) =>
      item.itemNumber === itemNumber &&
      item.effectiveFrom.toISOString().slice(0, 10) <= serviceDay &&
      (best === null || item.effectiveFrom > best.effectiveFrom)
        ? item
        : best,
    null,
  )
}
