import { bareId, HALAXY_INVOICE_APPOINTMENT, isHalaxyExtension, type FhirInvoice } from '../fhir.ts'

// Halaxy's invoices read back against Haven's. Halaxy raises its own invoice when a booking
// carries a fee and they cannot be written through its API, so Haven only compares. Pure.

type InvoiceComparison = {
  halaxyInvoiceId: string
  /** Null when Halaxy's invoice carries no total yet. */
  halaxyTotalCents: number | null
  halaxyStatus: FhirInvoice['status']
  matches: boolean
  /** Halaxy's total minus Haven's: positive when Halaxy asks for more. Null without a Halaxy total. */
  differenceCents: number | null
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/

/**
 * Dollars as Halaxy writes them (85, 145.25, "98.95") → integer cents, read from the decimal
 * digits rather than multiplied as a float. Digits past the cent round half away from zero.
 */
export function dollarsToCentsExact(value: number | string): number | null {
  const text = String(value).trim()
  const match = DECIMAL.exec(text)
  if (!match) {
    const number = typeof value === 'number' ? value : Number(text)
    return Number.isFinite(number) ? Math.round(number * 100) : null
  }
  const [, sign = '', whole = '0', fraction = ''] = match
  const cents = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'))
  const roundUp = fraction.length > 2 && Number(fraction[2]) >= 5 ? 1 : 0
  const magnitude = cents + roundUp
  return sign === '-' && magnitude !== 0 ? -magnitude : magnitude
}

/**
 * Haven's invoice against Halaxy's for the same appointment. Halaxy's total is totalGross
 * (psychology is GST-free, so it equals totalNet), else totalNet. A total in another
 * currency never matches.
 */
export function invoiceComparison(
  havenInvoice: { totalCents: number },
  halaxyInvoice: FhirInvoice,
): InvoiceComparison {
  const money =
    halaxyInvoice.totalGross?.value !== undefined ? halaxyInvoice.totalGross : halaxyInvoice.totalNet
  const halaxyTotalCents = money?.value === undefined ? null : dollarsToCentsExact(money.value)
  const inAud = !money?.currency || money.currency.toUpperCase() === 'AUD'
  const differenceCents = halaxyTotalCents === null ? null : halaxyTotalCents - havenInvoice.totalCents
  return {
    halaxyInvoiceId: halaxyInvoice.id,
    halaxyTotalCents,
    halaxyStatus: halaxyInvoice.status,
    matches: inAud && differenceCents === 0,
    differenceCents,
  }
}

/** The id of the appointment an Invoice was raised for (Halaxy's invoice-appointment extension), if named. */
export function invoiceAppointmentId(invoice: Pick<FhirInvoice, 'extension'>): string | null {
  const appointment = (invoice.extension ?? []).find((extension) =>
    isHalaxyExtension(extension, HALAXY_INVOICE_APPOINTMENT),
  )?.valueReference?.reference
  return appointment ? bareId(appointment) || null : null
}
