import { beforeAll, beforeEach } from 'vitest'
import { type VendorRateLimiter } from '~/domain/vendor-rate-limit.server.ts'
import { db } from '~/utils/db.server.ts'
import { planVideoRoomForChange } from '~/domain/telehealth/rooms.server.ts'
import { bookSlot, offeredSlots, seedSchedulingDemo } from './scheduling.ts'
import { slotPicker } from './messages.ts'
import { takeTwilioCallbacks } from '../mocks/twilio/webhooks.server.ts'
import { standInsForThisFile } from './route-calls.ts'

// For the video room tests: confirmed telehealth sessions of the demo practice, planned as the
// appointment-changed consumer plans them.

/** A limiter that never waits: the rooms tests are about rooms, the limiter has its own. */
export const unlimited: VendorRateLimiter = {
  limit: 1_000,
  windowMs: 1_000,
  acquire: () => Promise.resolve({ ok: true, at: new Date(), waitedMs: 0 }),
  pause: () => Promise.resolve(),
}

/** Seeds the demo practice and hands out Daniel Tran's telehealth times (72 h after `now` on). */
export async function videoDemo(now: Date) {
  const seeded = await seedSchedulingDemo()
  const slots = slotPicker(await offeredSlots('daniel-tran', now), now)
  return {
    ...seeded,
    slots,
    /** A confirmed telehealth session, its change planned. */
    async bookTelehealth(modality: 'telehealth' | 'in_person' = 'telehealth') {
      const appointment = await bookSlot({
        patientId: seeded.patientId,
        slug: 'daniel-tran',
        appointmentTypeId: seeded.typeId,
        slot: slots.take(modality),
        now,
      })
      await planVideoRoomForChange({ appointmentId: appointment.id, version: appointment.version }, now)
      return db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })
    },
  }
}

/**
 * For a test file about video rooms: the stand-ins (a Twilio Video state of its own), the demo
 * practice, and no Twilio callbacks left over from the test before. Read `.demo` inside tests.
 */
export function videoTestFile(now: Date) {
  const file = {} as { demo: Awaited<ReturnType<typeof videoDemo>> }
  standInsForThisFile()
  beforeAll(async () => {
    file.demo = await videoDemo(now)
  })
  beforeEach(() => {
    takeTwilioCallbacks()
  })
  return file
}
