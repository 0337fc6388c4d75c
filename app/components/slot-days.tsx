import { Link } from '@remix-run/react'
import { MODALITY_LABELS } from '~/domain/scheduling/directory.ts'
import { type Modality } from '~/domain/scheduling/slots.ts'
import { dayKey, formatClockTime, formatDayHeading } from '~/utils/time.ts'

export type OfferedTime = { start: string; modality: Modality; locationId: string }

/**
 * Offered times grouped under their day, each a link: choosing a time is following a link,
 * so it works without JavaScript and reads as "9:00 am, Telehealth, <action>" to a screen reader.
 */
export function SlotDays({
  slots,
  timeZone,
  hrefFor,
  action,
  empty,
}: {
  slots: OfferedTime[]
  timeZone: string
  hrefFor: (slot: OfferedTime) => string
  action: string
  empty: string
}) {
  const days = new Map<string, OfferedTime[]>()
  for (const slot of slots) {
    const key = dayKey(slot.start, timeZone)
    days.set(key, [...(days.get(key) ?? []), slot])
  }
  if (days.size === 0) return <p className="mt-3 text-stone-700">{empty}</p>
  return (
    <div className="mt-3 space-y-4">
      {[...days.entries()].map(([day, daySlots]) => (
        <div key={day}>
          <h3 className="font-medium text-stone-900">{formatDayHeading(daySlots[0]!.start, timeZone)}</h3>
          <ul className="mt-2 flex flex-wrap gap-2">
            {daySlots.map((slot) => (
              <li key={`${slot.start}-${slot.locationId}`}>
                <Link
                  to={hrefFor(slot)}
                  className="inline-block rounded-md border border-stone-300 px-3 py-1.5 text-sm hover:border-brand-600 hover:bg-brand-50"
                >
                  <time dateTime={slot.start}>{formatClockTime(slot.start, timeZone)}</time>
                  <span className="sr-only">
                    , {MODALITY_LABELS[slot.modality]}, {action}
                  </span>
                  <span aria-hidden="true" className="ml-1 text-stone-500">
                    {slot.modality === 'telehealth' ? 'video' : 'in person'}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  )
}
