// What a patient sees of their bills: the list, and each invoice as a printable receipt that
// carries what Medicare asks for on a rebate claim. Never any clinical detail: no reason for
// the visit, no notes, no outcome measures, no referral type or treatment plan.
import { db } from '~/utils/db.server.ts'
import { formatMedicareNumber } from '../patients/medicare.ts'
import { formatAustralianPhone } from '../patients/phone.ts'
import { instantToZoned } from '../scheduling/zoned-time.ts'
import { formatAbn } from './abn.ts'
import { rebateAndGap } from './invoice-math.ts'
import { medicareRateOn } from './medicare.ts'
import { REGISTRATION_LABELS } from './labels.ts'

/** A patient's invoices, newest session first. Drafts were never sent, so they are not shown. */
export async function patientInvoices(patientId: string) {
  const invoices = await db.invoice.findMany({
    where: { patientId, status: { not: 'draft' } },
    orderBy: { appointment: { startsAt: 'desc' } },
    select: {
      id: true,
      number: true,
      status: true,
      totalCents: true,
      paidCents: true,
      refundedCents: true,
      appointment: {
        select: { startsAt: true, timeZone: true, psychologist: { select: { name: true } } },
      },
    },
  })
  return invoices.map((invoice) => ({
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    serviceDate: invoice.appointment.startsAt.toISOString(),
    timeZone: invoice.appointment.timeZone,
    psychologist: invoice.appointment.psychologist.name,
    totalCents: invoice.totalCents,
    paidCents: invoice.paidCents,
    refundedCents: invoice.refundedCents,
  }))
}

const dayStart = (day: string) => new Date(`${day}T00:00:00Z`)

/**
 * One invoice as its patient reads and prints it, or null when it is not theirs (so a
 * guessed id reveals nothing). Paid at all: a receipt; unpaid: an invoice with the amount
 * due. The rebate is an estimate, shown only with a Medicare card and a referral on file.
 */
export async function patientInvoiceDocument(invoiceId: string, patientId: string) {
  const invoice = await db.invoice.findFirst({
    where: { id: invoiceId, patientId, status: { not: 'draft' } },
    include: {
      lines: { orderBy: { serviceDate: 'asc' } },
      refunds: {
        where: { status: { in: ['requested', 'pending', 'succeeded'] } },
        orderBy: { createdAt: 'asc' },
        select: { id: true, amountCents: true, status: true, updatedAt: true },
      },
      patient: {
        select: {
          name: true,
          patient: {
            select: {
              legalFirstName: true,
              legalLastName: true,
              medicareNumber: true,
              medicareIrn: true,
            },
          },
        },
      },
      appointment: {
        select: {
          timeZone: true,
          startsAt: true,
          psychologist: {
            select: {
              name: true,
              psychologist: { select: { registrationType: true, medicareProviderNumber: true } },
            },
          },
        },
      },
    },
  })
  if (!invoice) return null
  const { timeZone } = invoice.appointment
  const serviceDay = instantToZoned(invoice.appointment.startsAt, timeZone).date
  const profile = invoice.patient.patient
  const itemNumbers = invoice.lines.flatMap((line) =>
    line.medicareItemNumber ? [line.medicareItemNumber] : [],
  )
  const [practice, referral, rates] = await Promise.all([
    db.practice.findUniqueOrThrow({ where: { id: 'practice' } }),
    // The referral that covers the session: the latest one written by the day of service.
    db.referral.findFirst({
      where: { patientId, referralDate: { lte: dayStart(serviceDay) } },
      orderBy: { referralDate: 'desc' },
      select: { referrerName: true, referrerProviderNumber: true, referralDate: true },
    }),
    db.medicareItem.findMany({
      where: { itemNumber: { in: itemNumbers } },
      select: { itemNumber: true, effectiveFrom: true, rebateCents: true },
    }),
  ])
  const canClaim = Boolean(profile?.medicareNumber) && referral !== null
  const legalName = [profile?.legalFirstName, profile?.legalLastName].filter(Boolean).join(' ')
  const psychologist = invoice.appointment.psychologist
  const itemRebates = invoice.lines.flatMap((line) => {
    const lineDay = instantToZoned(line.serviceDate, timeZone).date
    const rate = line.medicareItemNumber ? medicareRateOn(rates, line.medicareItemNumber, lineDay) : null
    return rate ? [rate.rebateCents] : []
  })
  // What the patient was charged in the end: a refund lowers the fee Medicare pays against.
  const netFeeCents = invoice.totalCents - invoice.refundedCents
  return {
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    kind:
      invoice.status === 'void'
        ? ('void' as const)
        : invoice.paidCents > 0
          ? ('receipt' as const)
          : ('invoice' as const),
    issuedAt: (invoice.issuedAt ?? invoice.createdAt).toISOString(),
    paidAt: invoice.paidAt?.toISOString() ?? null,
    timeZone,
    practice: {
      name: practice.name,
      abn: formatAbn(practice.abn),
      address: practice.address,
      phone: formatAustralianPhone(practice.phone),
      email: practice.email,
    },
    psychologist: {
      name: psychologist.name,
      registration: psychologist.psychologist
        ? REGISTRATION_LABELS[psychologist.psychologist.registrationType]
        : 'Psychologist',
      providerNumber: psychologist.psychologist?.medicareProviderNumber ?? null,
    },
    patient: {
      name: legalName || invoice.patient.name,
      medicare:
        profile?.medicareNumber && profile.medicareIrn
          ? { number: formatMedicareNumber(profile.medicareNumber), irn: profile.medicareIrn }
          : null,
    },
    referral: canClaim
      ? {
          referrerName: referral.referrerName,
          referrerProviderNumber: referral.referrerProviderNumber,
          referralDate: referral.referralDate.toISOString().slice(0, 10),
        }
      : null,
    lines: invoice.lines.map((line) => ({
      id: line.id,
      description: line.description,
      itemNumber: line.medicareItemNumber,
      serviceDate: line.serviceDate.toISOString(),
      amountCents: line.amountCents,
    })),
    totalCents: invoice.totalCents,
    paidCents: invoice.paidCents,
    refundedCents: invoice.refundedCents,
    amountDueCents: invoice.status === 'void' ? 0 : invoice.totalCents - invoice.paidCents,
    refunds: invoice.refunds.map((refund) => ({
      id: refund.id,
      amountCents: refund.amountCents,
      settled: refund.status === 'succeeded',
      at: refund.updatedAt.toISOString(),
    })),
    estimate:
      canClaim && itemRebates.length > 0 && netFeeCents > 0 && invoice.status !== 'void'
        ? rebateAndGap(
            netFeeCents,
            itemRebates.reduce((sum, rebate) => sum + rebate, 0),
          )
        : null,
  }
}
