import {
  type InvoiceStatus,
  type MedicareService,
  type PaymentStatus,
  type RefundStatus,
  type RegistrationType,
} from '~/generated/prisma/enums.ts'
import { formatInZone } from '../scheduling/zoned-time.ts'

// Client-safe: how billing states read on the page.

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  issued: 'Awaiting payment',
  paid: 'Paid',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
  void: 'Cancelled',
}

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: 'Waiting for the patient',
  processing: 'Processing',
  succeeded: 'Succeeded',
  failed: 'Failed',
  expired: 'Expired unpaid',
}

export const REFUND_STATUS_LABELS: Record<RefundStatus, string> = {
  requested: 'Queued for Stripe',
  pending: 'Pending at Stripe',
  succeeded: 'Refunded',
  failed: 'Failed',
  canceled: 'Cancelled',
}

export const REGISTRATION_LABELS: Record<RegistrationType, string> = {
  clinical: 'Clinical psychologist',
  registered: 'Registered psychologist',
}

export const SERVICE_LABELS: Record<MedicareService, string> = {
  in_rooms: 'In rooms',
  video: 'Video',
  phone: 'Phone',
  group: 'Group',
}

/** The day of service as printed on receipts, in the session's own zone: "7 December 2026". */
export function serviceDateLabel(instant: string, timeZone: string) {
  return formatInZone(new Date(instant), timeZone, { day: 'numeric', month: 'long', year: 'numeric' })
}

/** A calendar day ("2027-07-01") as the billing settings say it: "1 July 2027". */
export const dayLabel = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString('en-AU', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
