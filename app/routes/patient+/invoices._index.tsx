import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { linkClass } from '~/components/forms.tsx'
import { INVOICE_STATUS_LABELS, serviceDateLabel } from '~/domain/billing/labels.ts'
import { patientInvoices } from '~/domain/billing/receipts.server.ts'
import { formatAud } from '~/utils/money.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/invoices._index.tsx']

export const meta: MetaFunction = () => [{ title: 'Invoices and receipts · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  return { invoices: await patientInvoices(user.id) }
}

export default function PatientInvoicesPage() {
  const { invoices } = useLoaderData<typeof loader>()
  return (
    <div className="max-w-4xl">
      <PageHeader title="Invoices and receipts">
        One for each session. A paid one is your receipt: it has what Medicare needs for you to claim your
        rebate.
      </PageHeader>
      {invoices.length === 0 ? (
        <p className="text-stone-700">No invoices yet. One is issued when you book a session.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-stone-200 text-sm">
            <caption className="sr-only">Your invoices, newest session first</caption>
            <thead className="bg-stone-50 text-left text-stone-600">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">
                  Invoice
                </th>
                <th scope="col" className="px-4 py-3 font-medium">
                  Date of service
                </th>
                <th scope="col" className="px-4 py-3 font-medium">
                  Psychologist
                </th>
                <th scope="col" className="px-4 py-3 text-right font-medium">
                  Amount
                </th>
                <th scope="col" className="px-4 py-3 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-3 text-right font-medium">
                  Paid
                </th>
                <th scope="col" className="px-4 py-3 text-right font-medium">
                  Refunded
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {invoices.map((invoice) => (
                <tr key={invoice.id}>
                  <th scope="row" className="px-4 py-3 text-left font-medium whitespace-nowrap">
                    <Link to={`/patient/invoices/${invoice.id}`} className={linkClass}>
                      {invoice.number}
                      <span className="sr-only">{invoice.paidCents > 0 ? ' (receipt)' : ' (invoice)'}</span>
                    </Link>
                  </th>
                  <td className="px-4 py-3 whitespace-nowrap text-stone-700">
                    <time dateTime={invoice.serviceDate}>
                      {serviceDateLabel(invoice.serviceDate, invoice.timeZone)}
                    </time>
                  </td>
                  <td className="px-4 py-3 text-stone-700">{invoice.psychologist}</td>
                  <td className="px-4 py-3 text-right text-stone-700">{formatAud(invoice.totalCents)}</td>
                  <td className="px-4 py-3 text-stone-700">{INVOICE_STATUS_LABELS[invoice.status]}</td>
                  <td className="px-4 py-3 text-right text-stone-700">{formatAud(invoice.paidCents)}</td>
                  <td className="px-4 py-3 text-right text-stone-700">
                    {invoice.refundedCents > 0 ? formatAud(invoice.refundedCents) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
