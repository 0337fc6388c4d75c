// Invoices as staff read them: the manager's payments list and invoice page, a psychologist's
// own sessions with their Medicare items and rebates, and both as CSV.
import { z } from 'zod'
import { type Prisma } from '~/generated/prisma/client.ts'
import { InvoiceStatus } from '~/generated/prisma/enums.ts'
import { db } from '~/utils/db.server.ts'
import { formatAud } from '~/utils/money.ts'
import { DEFAULT_TIME_ZONE } from '../scheduling/directory.ts'
import { addDays, instantToZoned, zonedDateTimeToInstant } from '../scheduling/zoned-time.ts'
import { refundableCents } from './invoice-math.ts'
import { medicareRateOn } from './medicare.ts'
import { calendarDaySchema } from './settings.ts'

const day = calendarDaySchema('')

/** Filters come from the address bar, so anything unexpected falls back to "any". */
const invoiceFilterSchema = z.object({
  status: z.enum(InvoiceStatus).optional().catch(undefined),
  psychologist: z.string().max(64).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
})

type InvoiceFilter = z.infer<typeof invoiceFilterSchema>

export function parseInvoiceFilter(searchParams: URLSearchParams): InvoiceFilter {
  const raw = Object.fromEntries([...searchParams].filter(([, value]) => value !== ''))
  const filter = invoiceFilterSchema.parse(raw)
  // A range typed back to front still means the days between.
  if (filter.from && filter.to && filter.from > filter.to)
    return { ...filter, from: filter.to, to: filter.from }
  return filter
}

/** Rows shown on a page; the totals always cover the whole filtered set. */
const PAGE_ROWS = 500

/**
 * Invoices by date of service (a day in the practice's zone), newest first. `psychologistId`
 * scopes the list to one psychologist's sessions whatever the filter says; `everyRow` (the
 * CSV) lifts the page limit.
 */
export async function invoiceReport(
  filter: InvoiceFilter,
  scope: { psychologistId?: string; everyRow?: boolean } = {},
) {
  const startOf = (date: string) =>
    zonedDateTimeToInstant({ date, minute: 0 }, DEFAULT_TIME_ZONE) ?? new Date(`${date}T00:00:00Z`)
  const where: Prisma.InvoiceWhereInput = {
    status: filter.status,
    appointment: {
      psychologistId: scope.psychologistId ?? filter.psychologist,
      startsAt: {
        gte: filter.from ? startOf(filter.from) : undefined,
        lt: filter.to ? startOf(addDays(filter.to, 1)) : undefined,
      },
    },
  }
  const [invoices, totals, rates] = await Promise.all([
    db.invoice.findMany({
      where,
      orderBy: [{ appointment: { startsAt: 'desc' } }, { number: 'desc' }],
      take: scope.everyRow ? undefined : PAGE_ROWS,
      select: {
        id: true,
        number: true,
        status: true,
        totalCents: true,
        paidCents: true,
        refundedCents: true,
        patient: { select: { name: true } },
        lines: { select: { medicareItemNumber: true }, orderBy: { serviceDate: 'asc' }, take: 1 },
        payments: { where: { disputeStatus: { not: null } }, select: { disputeStatus: true } },
        appointment: {
          select: { startsAt: true, timeZone: true, psychologist: { select: { name: true } } },
        },
      },
    }),
    db.invoice.aggregate({ where, _count: true, _sum: { paidCents: true, refundedCents: true } }),
    db.medicareItem.findMany({ select: { itemNumber: true, effectiveFrom: true, rebateCents: true } }),
  ])
  const collectedCents = totals._sum.paidCents ?? 0
  const refundedCents = totals._sum.refundedCents ?? 0
  return {
    rows: invoices.map((invoice) => {
      const itemNumber = invoice.lines[0]?.medicareItemNumber ?? null
      const serviceDay = instantToZoned(invoice.appointment.startsAt, invoice.appointment.timeZone).date
      return {
        id: invoice.id,
        number: invoice.number,
        status: invoice.status,
        patient: invoice.patient.name,
        psychologist: invoice.appointment.psychologist.name,
        serviceDate: invoice.appointment.startsAt.toISOString(),
        serviceDay,
        timeZone: invoice.appointment.timeZone,
        itemNumber,
        rebateCents: itemNumber ? (medicareRateOn(rates, itemNumber, serviceDay)?.rebateCents ?? null) : null,
        totalCents: invoice.totalCents,
        paidCents: invoice.paidCents,
        refundedCents: invoice.refundedCents,
        dispute: invoice.payments[0]?.disputeStatus ?? null,
      }
    }),
    count: totals._count,
    truncated: totals._count > invoices.length,
    totals: { collectedCents, refundedCents, netCents: collectedCents - refundedCents },
  }
}

type InvoiceReportRow = Awaited<ReturnType<typeof invoiceReport>>['rows'][number]

/** Everything about one invoice for the manager: its payments, refunds and what is left to refund. */
export async function invoiceForStaff(invoiceId: string) {
  const invoice = await db.invoice.findUnique({
    where: { id: invoiceId },
    include: {
      lines: { orderBy: { serviceDate: 'asc' } },
      patient: { select: { id: true, name: true, email: true } },
      appointment: {
        select: {
          id: true,
          startsAt: true,
          timeZone: true,
          status: true,
          psychologist: { select: { name: true } },
        },
      },
      payments: { orderBy: { createdAt: 'asc' } },
      refunds: { orderBy: { createdAt: 'asc' }, include: { requestedBy: { select: { name: true } } } },
    },
  })
  if (!invoice) return null
  const inFlightCents = invoice.refunds
    .filter((refund) => refund.status === 'requested' || refund.status === 'pending')
    .reduce((sum, refund) => sum + refund.amountCents, 0)
  return {
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    issuedAt: invoice.issuedAt?.toISOString() ?? null,
    paidAt: invoice.paidAt?.toISOString() ?? null,
    totalCents: invoice.totalCents,
    paidCents: invoice.paidCents,
    refundedCents: invoice.refundedCents,
    refundableCents: refundableCents(invoice, { inFlightCents }),
    inFlightCents,
    patient: invoice.patient,
    appointment: {
      id: invoice.appointment.id,
      startsAt: invoice.appointment.startsAt.toISOString(),
      timeZone: invoice.appointment.timeZone,
      status: invoice.appointment.status,
      psychologist: invoice.appointment.psychologist.name,
    },
    lines: invoice.lines.map((line) => ({
      id: line.id,
      description: line.description,
      itemNumber: line.medicareItemNumber,
      amountCents: line.amountCents,
    })),
    payments: invoice.payments.map((payment) => ({
      id: payment.id,
      status: payment.status,
      amountCents: payment.amountCents,
      checkoutSessionId: payment.checkoutSessionId,
      paymentIntentId: payment.paymentIntentId,
      failureMessage: payment.failureMessage,
      disputeStatus: payment.disputeStatus,
      createdAt: payment.createdAt.toISOString(),
    })),
    refunds: invoice.refunds.map((refund) => ({
      id: refund.id,
      amountCents: refund.amountCents,
      status: refund.status,
      reason: refund.reason,
      stripeRefundId: refund.stripeRefundId,
      failureMessage: refund.failureMessage,
      requestedBy: refund.requestedBy?.name ?? 'Haven (automatic)',
      createdAt: refund.createdAt.toISOString(),
    })),
  }
}

const dollars = (cents: number | null) => (cents === null ? '' : formatAud(cents, { bare: true }))

// A cell starting with one of these is run as a formula by spreadsheet apps.
const FORMULA_START = /^[=+\-@\t\r]/

function csvCell(value: string) {
  const safe = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The rows as CSV (RFC 4180, CRLF), amounts in dollars, dates as the service day. */
export function invoiceCsv(rows: readonly InvoiceReportRow[]) {
  const header = [
    'Invoice',
    'Date of service',
    'Patient',
    'Psychologist',
    'Medicare item',
    'Fee (AUD)',
    'Medicare rebate for the item (AUD)',
    'Paid (AUD)',
    'Refunded (AUD)',
    'Status',
    'Dispute',
  ]
  const lines = rows.map((row) => [
    row.number,
    row.serviceDay,
    row.patient,
    row.psychologist,
    row.itemNumber ?? '',
    dollars(row.totalCents),
    dollars(row.rebateCents),
    dollars(row.paidCents),
    dollars(row.refundedCents),
    row.status,
    row.dispute ?? '',
  ])
  return [header, ...lines].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
