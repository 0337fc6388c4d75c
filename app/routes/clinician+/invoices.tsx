import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { linkClass } from '~/components/forms.tsx'
import { INVOICE_STATUS_LABELS, serviceDateLabel } from '~/domain/billing/labels.ts'
import { invoiceReport, parseInvoiceFilter } from '~/domain/billing/reports.server.ts'
import { formatAud } from '~/utils/money.ts'
import { InvoiceTable } from '~/components/invoice-table.tsx'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'

const POLICY = ROUTE_POLICIES['clinician+/invoices.tsx']

export const meta: MetaFunction = () => [{ title: 'Your invoices · Haven' }]

// Only the sessions this psychologist held: the scope comes from the session, never the address.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const { from, to } = parseInvoiceFilter(new URL(request.url).searchParams)
  const report = await invoiceReport({ from, to }, { psychologistId: user.id })
  return { from, to, ...report }
}

const inputClass = 'mt-1 block rounded-md border border-stone-300 bg-white px-3 py-2'

export default function ClinicianInvoicesPage() {
  const { from, to, rows, count, truncated } = useLoaderData<typeof loader>()
  const query = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString()
  return (
    <>
      <PageHeader title="Your invoices">
        The invoices for your sessions, with the Medicare item each falls under and the rebate the item paid
        on the day.
      </PageHeader>
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="from" className="block text-sm font-medium text-stone-800">
            Sessions from
          </label>
          <input id="from" name="from" type="date" defaultValue={from ?? ''} className={inputClass} />
        </div>
        <div>
          <label htmlFor="to" className="block text-sm font-medium text-stone-800">
            To
          </label>
          <input id="to" name="to" type="date" defaultValue={to ?? ''} className={inputClass} />
        </div>
        <button
          type="submit"
          className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          Show
        </button>
        <a
          href={`/clinician/invoices.csv${query ? `?${query}` : ''}`}
          className={`py-2 text-sm ${linkClass}`}
        >
          Download as CSV
        </a>
      </Form>
      {truncated ? (
        <p className="mb-2 text-sm text-stone-600">
          Showing the latest {rows.length} of {count}; the CSV has all of them.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-stone-700">No invoices for your sessions in that time.</p>
      ) : (
        <InvoiceTable
          caption="Invoices for your sessions, newest first"
          columns={[
            { label: 'Invoice' },
            { label: 'Date of service' },
            { label: 'Patient' },
            { label: 'Medicare item' },
            { label: 'Rebate for the item', amount: true },
            { label: 'Fee', amount: true },
            { label: 'Paid', amount: true },
            { label: 'Status' },
          ]}
        >
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap text-stone-900">
                {row.number}
              </th>
              <td className="px-3 py-2 whitespace-nowrap text-stone-700">
                <time dateTime={row.serviceDate}>{serviceDateLabel(row.serviceDate, row.timeZone)}</time>
              </td>
              <td className="px-3 py-2 text-stone-700">{row.patient}</td>
              <td className="px-3 py-2 text-stone-700">{row.itemNumber ?? 'None'}</td>
              <td className="px-3 py-2 text-right text-stone-700">
                {row.rebateCents === null ? '—' : formatAud(row.rebateCents)}
              </td>
              <td className="px-3 py-2 text-right text-stone-700">{formatAud(row.totalCents)}</td>
              <td className="px-3 py-2 text-right text-stone-700">{formatAud(row.paidCents)}</td>
              <td className="px-3 py-2 text-stone-700">{INVOICE_STATUS_LABELS[row.status]}</td>
            </tr>
          ))}
        </InvoiceTable>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
