import { currentPolicies, recordConsentDecisions } from '~/domain/patients/consents.server.ts'
import { planAppointmentMessages } from '~/domain/notify/appointment-messages.server.ts'
import {
  cancelAppointmentAsStaff,
  rescheduleAppointmentAsStaff,
} from '~/domain/scheduling/staff-changes.server.ts'
import { type Slot } from '~/domain/scheduling/slots.ts'
import { db } from '~/utils/db.server.ts'

// For the messages tests over the demo practice: a patient who may be texted, offered times no
// other test in the file has taken, and staff changes planned as the worker plans them.

/** Gives the patient an Australian mobile (and a state, so their zone is known) and their yes to texts. */
export async function letPatientBeTexted(
  patientId: string,
  contact: { mobile: string; [field: string]: string },
) {
  const sms = (await currentPolicies()).find((policy) => policy.kind === 'sms')!
  await db.$transaction((tx) =>
    recordConsentDecisions(tx, {
      userId: patientId,
      decisions: [{ policyId: sms.id, accepted: true }],
      source: 'consents_page',
    }),
  )
  const data = { state: 'NSW', ...contact }
  await db.patientProfile.upsert({
    where: { userId: patientId },
    create: { userId: patientId, ...data },
    update: data,
  })
}

/** Hands out offered times at least `minHours` after `now`, each once (moves take theirs too). */
export function slotPicker(slots: Slot[], now: Date, minHours = 72) {
  const used = new Set<number>()
  return {
    take(modality?: Slot['modality']) {
      const slot = slots.find(
        (candidate) =>
          candidate.start.getTime() - now.getTime() > minHours * 3_600_000 &&
          !used.has(candidate.start.getTime()) &&
          (!modality || candidate.modality === modality),
      )
      if (!slot) throw new Error('no free offered time left for this test file')
      used.add(slot.start.getTime())
      return slot
    },
    markTaken(start: Date) {
      used.add(start.getTime())
    },
  }
}

/** The manager moves the session to `start`, and its change is planned. */
export async function moveAndPlan(appointmentId: string, actorId: string, start: Date, now: Date) {
  const current = await db.appointment.findUniqueOrThrow({ where: { id: appointmentId } })
  await rescheduleAppointmentAsStaff({
    appointmentId,
    scope: {},
    actorId,
    version: current.version,
    start,
    reason: 'Patient rang',
    now,
  })
  return planAppointmentMessages({ appointmentId, version: current.version + 1 }, now)
}

/** Staff (the manager, or the psychologist themself) cancel the session, and its change is planned. */
export async function cancelAndPlan(appointmentId: string, actorId: string, now: Date) {
  const current = await db.appointment.findUniqueOrThrow({ where: { id: appointmentId } })
  const byPsychologist = actorId === current.psychologistId
  await cancelAppointmentAsStaff({
    appointmentId,
    scope: byPsychologist ? { psychologistId: actorId } : {},
    actorId,
    version: current.version,
    reason: byPsychologist ? 'Unwell' : 'Psychologist unwell',
    lateByPatient: false,
    now,
  })
  return planAppointmentMessages({ appointmentId, version: current.version + 1 }, now)
}
