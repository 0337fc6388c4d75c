// Invoices: one per appointment, raised with the booking in the booking's own transaction,
// numbered per practice without gaps, carrying the Medicare item the session falls under.
import { type Tx } from '~/utils/db.server.ts'
import { audit } from '../audit/audit.server.ts'
import { instantToZoned } from '../scheduling/zoned-time.ts'
import { formatInvoiceNumber } from './invoice-math.ts'
import { medicareItemFor } from './medicare.ts'

/** Takes the practice's next invoice number; the row lock makes concurrent invoices wait their turn. */
async function nextInvoiceNumber(tx: Tx) {
  const [row] = await tx.$queryRaw<{ prefix: string; sequence: number }[]>`
    update "Practice" set "nextInvoiceNumber" = "nextInvoiceNumber" + 1, "updatedAt" = now()
    where id = 'practice'
    returning "invoicePrefix" as prefix, "nextInvoiceNumber" - 1 as sequence`
  if (!row) throw new Error('The practice row is missing (migration 20261201070200_billing_rules adds it)')
  return formatInvoiceNumber(row.prefix, row.sequence)
}

/**
 * Issues the invoice for a new appointment: one line for the session at the appointment's
 * fee, with its Medicare item number when one applies.
 */
export async function issueInvoiceForAppointment(tx: Tx, appointmentId: string, actorId: string | null) {
  const appointment = await tx.appointment.findUniqueOrThrow({
    where: { id: appointmentId },
    include: {
      appointmentType: { select: { name: true } },
      psychologist: { select: { name: true, psychologist: { select: { registrationType: true } } } },
    },
  })
  const registrationType = appointment.psychologist.psychologist?.registrationType
  const minutes = (appointment.endsAt.getTime() - appointment.startsAt.getTime()) / 60_000
  const item = registrationType
    ? medicareItemFor(await tx.medicareItem.findMany({ where: { active: true } }), {
        registrationType,
        modality: appointment.modality,
        minutes,
        serviceDay: instantToZoned(appointment.startsAt, appointment.timeZone).date,
      })
    : null
  const invoice = await tx.invoice.create({
    data: {
      number: await nextInvoiceNumber(tx),
      appointmentId: appointment.id,
      patientId: appointment.patientId,
      status: 'issued',
      issuedAt: new Date(),
      totalCents: appointment.feeCents,
      lines: {
        create: {
          description: `${appointment.appointmentType.name} (${minutes} minutes) with ${appointment.psychologist.name}`,
          medicareItemNumber: item?.itemNumber ?? null,
          unitCents: appointment.feeCents,
          amountCents: appointment.feeCents,
          serviceDate: appointment.startsAt,
        },
      },
    },
  })
  await audit(tx, { actorId, action: 'invoice.issued', entity: 'invoice', entityId: invoice.id })
  return invoice
}
