import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useSyncExternalStore, type ReactNode } from 'react'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { linkClass } from '~/components/forms.tsx'
import { serviceDateLabel } from '~/domain/billing/labels.ts'
import { patientInvoiceDocument } from '~/domain/billing/receipts.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { formatAud } from '~/utils/money.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/invoices.$invoiceId.tsx']

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.kind === 'receipt' ? 'Receipt' : 'Invoice'} ${data.number} · Haven`
      : 'Invoice · Haven',
  },
]

// Only the patient's own invoice: anyone else's id is simply not found.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const invoiceId = params.invoiceId ?? ''
  const document = invoiceId.length <= 64 ? await patientInvoiceDocument(invoiceId, user.id) : null
  invariantResponse(document, 'We could not find that invoice.', 404)
  return document
}

const TITLES = { receipt: 'Receipt', invoice: 'Invoice', void: 'Cancelled invoice' } as const

const noSubscription = () => () => {}

/** Printing is the browser's own command; the button is only a shortcut, shown once scripts run. */
function PrintButton() {
  const scripted = useSyncExternalStore(
    noSubscription,
    () => typeof window.print === 'function',
    () => false,
  )
  if (!scripted)
    return <p className="text-sm text-stone-600">To keep a copy, use your browser&apos;s Print command.</p>
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-800"
    >
      Print or save as PDF
    </button>
  )
}

function Row({
  label,
  children,
  strong = false,
}: {
  label: ReactNode
  children: ReactNode
  strong?: boolean
}) {
  return (
    <div className={`flex justify-between gap-4 py-1 ${strong ? 'font-semibold text-stone-900' : ''}`}>
      <dt>{label}</dt>
      <dd className="text-right">{children}</dd>
    </div>
  )
}

export default function InvoiceDocumentPage() {
  const invoice = useLoaderData<typeof loader>()
  const day = (instant: string) => serviceDateLabel(instant, invoice.timeZone)
  return (
    // While this page prints, the site's header and navigation are left off the paper.
    <div className="max-w-3xl space-y-4 print:max-w-none print:[body:has(&)_nav]:hidden print:[body:has(&)>header]:hidden">
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link to="/patient/invoices" className={linkClass}>
          All invoices and receipts
        </Link>
        <PrintButton />
      </div>
      <article
        aria-labelledby="document-title"
        className="space-y-6 rounded-xl border border-stone-200 bg-white p-6 shadow-sm print:border-0 print:p-0 print:shadow-none"
      >
        <div className="flex flex-wrap justify-between gap-4">
          <div>
            <h1 id="document-title" className="text-2xl font-semibold tracking-tight text-stone-900">
              {TITLES[invoice.kind]} {invoice.number}
            </h1>
            <p className="text-sm text-stone-600">
              Issued <time dateTime={invoice.issuedAt}>{day(invoice.issuedAt)}</time>
            </p>
          </div>
          <address className="text-sm text-stone-700 not-italic sm:text-right">
            <span className="block font-semibold text-stone-900">{invoice.practice.name}</span>
            <span className="block">ABN {invoice.practice.abn}</span>
            <span className="block">{invoice.practice.address}</span>
            <span className="block">{invoice.practice.phone}</span>
            <span className="block">{invoice.practice.email}</span>
          </address>
        </div>

        <dl className="grid gap-4 text-sm sm:grid-cols-2">
          <div>
            <dt className="font-medium text-stone-500">Patient</dt>
            <dd className="text-stone-900">
              {invoice.patient.name}
              {invoice.patient.medicare ? (
                <span className="block">
                  Medicare card {invoice.patient.medicare.number}, IRN {invoice.patient.medicare.irn}
                </span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt className="font-medium text-stone-500">Provider</dt>
            <dd className="text-stone-900">
              {invoice.psychologist.name}, {invoice.psychologist.registration}
              {invoice.psychologist.providerNumber ? (
                <span className="block">Medicare provider number {invoice.psychologist.providerNumber}</span>
              ) : null}
            </dd>
          </div>
          {invoice.referral ? (
            <div className="sm:col-span-2">
              <dt className="font-medium text-stone-500">Referral</dt>
              <dd className="text-stone-900">
                {invoice.referral.referrerName} (provider number {invoice.referral.referrerProviderNumber}),
                dated{' '}
                <time dateTime={invoice.referral.referralDate}>
                  {serviceDateLabel(`${invoice.referral.referralDate}T00:00:00Z`, 'UTC')}
                </time>
              </dd>
            </div>
          ) : null}
        </dl>

        <table className="w-full text-left text-sm">
          <caption className="sr-only">Services</caption>
          <thead className="border-b border-stone-200 text-stone-500">
            <tr>
              <th scope="col" className="py-2 font-medium">
                Date of service
              </th>
              <th scope="col" className="py-2 font-medium">
                Service
              </th>
              <th scope="col" className="py-2 font-medium">
                Medicare item
              </th>
              <th scope="col" className="py-2 text-right font-medium">
                Fee
              </th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((line) => (
              <tr key={line.id} className="border-b border-stone-100">
                <td className="py-2">
                  <time dateTime={line.serviceDate}>{day(line.serviceDate)}</time>
                </td>
                <td className="py-2">{line.description}</td>
                <td className="py-2">{line.itemNumber ?? 'None'}</td>
                <td className="py-2 text-right">{formatAud(line.amountCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <div className="ml-auto max-w-sm text-sm">
          <dl className="text-stone-700">
            <Row label="Fee charged" strong>
              {formatAud(invoice.totalCents)}
            </Row>
            <Row label="GST">{formatAud(0)}</Row>
            {invoice.paidCents > 0 ? (
              <Row
                label={
                  <>
                    Paid
                    {invoice.paidAt ? (
                      <>
                        {' '}
                        on <time dateTime={invoice.paidAt}>{day(invoice.paidAt)}</time>
                      </>
                    ) : null}
                  </>
                }
              >
                {formatAud(invoice.paidCents)}
              </Row>
            ) : null}
            {invoice.refunds.map((refund) => (
              <Row
                key={refund.id}
                label={
                  refund.settled ? (
                    <>
                      Refunded on <time dateTime={refund.at}>{day(refund.at)}</time>
                    </>
                  ) : (
                    'Refund on its way'
                  )
                }
              >
                −{formatAud(refund.amountCents)}
              </Row>
            ))}
            {invoice.kind === 'invoice' ? (
              <Row label="Amount due" strong>
                {formatAud(invoice.amountDueCents)}
              </Row>
            ) : null}
          </dl>
          <p className="mt-1 text-stone-600">GST-free: psychology services</p>
          {invoice.kind === 'void' ? (
            <p className="mt-1 text-stone-600">This invoice was cancelled: nothing is owed.</p>
          ) : null}
        </div>

        {invoice.estimate ? (
          <section
            aria-labelledby="rebate-title"
            className="rounded-lg bg-stone-50 p-4 text-sm print:bg-white"
          >
            <h2 id="rebate-title" className="font-semibold text-stone-900">
              Your estimated Medicare rebate
            </h2>
            <dl className="mt-2 max-w-sm text-stone-700">
              <Row label="Estimated rebate">{formatAud(invoice.estimate.rebateCents)}</Row>
              <Row label="Estimated out-of-pocket (gap)">{formatAud(invoice.estimate.gapCents)}</Row>
            </dl>
            <p className="mt-2 text-stone-600">
              This is an estimate from the Medicare rate for the item on the day of service. Medicare decides
              the rebate when you claim.
            </p>
          </section>
        ) : null}
      </article>
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        404: {
          title: 'We could not find that invoice',
          body: 'The link may be old. All your invoices and receipts are listed under Invoices and receipts.',
        },
      }}
    />
  )
}
