import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { linkClass } from '~/components/forms.tsx'
import { INVOICE_STATUS_LABELS, serviceDateLabel } from '~/domain/billing/labels.ts'
import { invoiceReport, parseInvoiceFilter } from '~/domain/billing/reports.server.ts'
import { activePsychologists } from '~/domain/scheduling/calendar.server.ts'
import { InvoiceStatus } from '~/generated/prisma/enums.ts'
import { formatAud } from '~/utils/money.ts'
import { InvoiceTable } from '~/components/invoice-table.tsx'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/payments.tsx']

export const meta: MetaFunction = () => [{ title: 'Payments · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  const filter = parseInvoiceFilter(new URL(request.url).searchParams)
  const [report, psychologists] = await Promise.all([invoiceReport(filter), activePsychologists()])
  return { filter, psychologists, ...report }
}

const selectClass = 'mt-1 block rounded-md border border-stone-300 bg-white px-3 py-2'

export default function PaymentsPage() {
  const { filter, psychologists, rows, count, truncated, totals } = useLoaderData<typeof loader>()
  const query = new URLSearchParams(
    Object.entries(filter).flatMap(([key, value]) => (value ? [[key, value]] : [])),
  ).toString()
  return (
    <>
      <PageHeader title="Payments">
        Every invoice by its date of service, with what was paid and refunded. Amounts are GST-free.
      </PageHeader>
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="status" className="block text-sm font-medium text-stone-800">
            Status
          </label>
          <select id="status" name="status" defaultValue={filter.status ?? ''} className={selectClass}>
            <option value="">Any</option>
            {Object.values(InvoiceStatus).map((status) => (
              <option key={status} value={status}>
                {INVOICE_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="psychologist" className="block text-sm font-medium text-stone-800">
            Psychologist
          </label>
          <select
            id="psychologist"
            name="psychologist"
            defaultValue={filter.psychologist ?? ''}
            className={selectClass}
          >
            <option value="">Everyone</option>
            {psychologists.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className="block text-sm font-medium text-stone-800">
            Sessions from
          </label>
          <input id="from" name="from" type="date" defaultValue={filter.from ?? ''} className={selectClass} />
        </div>
        <div>
          <label htmlFor="to" className="block text-sm font-medium text-stone-800">
            To
          </label>
          <input id="to" name="to" type="date" defaultValue={filter.to ?? ''} className={selectClass} />
        </div>
        <button
          type="submit"
          className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          Show
        </button>
        <a href={`/manager/payments.csv${query ? `?${query}` : ''}`} className={`py-2 text-sm ${linkClass}`}>
          Download as CSV
        </a>
      </Form>
      <dl className="mb-4 grid gap-3 sm:grid-cols-4">
        {[
          ['Invoices', String(count)],
          ['Collected', formatAud(totals.collectedCents)],
          ['Refunded', formatAud(totals.refundedCents)],
          ['Net', formatAud(totals.netCents)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-stone-500">{label}</dt>
            <dd className="text-lg font-semibold text-stone-900">{value}</dd>
          </div>
        ))}
      </dl>
      {truncated ? (
        <p className="mb-2 text-sm text-stone-600">
          Showing the latest {rows.length} of {count}; the totals and the CSV cover all of them.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-stone-700">No invoices match.</p>
      ) : (
        <InvoiceTable
          caption="Invoices, newest session first"
          columns={[
            { label: 'Invoice' },
            { label: 'Patient' },
            { label: 'Psychologist' },
            { label: 'Date of service' },
            { label: 'Total', amount: true },
            { label: 'Paid', amount: true },
            { label: 'Refunded', amount: true },
            { label: 'Status' },
          ]}
        >
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">
                <Link to={`/manager/invoices/${row.id}`} className={linkClass}>
                  {row.number}
                </Link>
              </th>
              <td className="px-3 py-2 text-stone-700">{row.patient}</td>
              <td className="px-3 py-2 text-stone-700">{row.psychologist}</td>
              <td className="px-3 py-2 whitespace-nowrap text-stone-700">
                <time dateTime={row.serviceDate}>{serviceDateLabel(row.serviceDate, row.timeZone)}</time>
              </td>
              <td className="px-3 py-2 text-right text-stone-700">{formatAud(row.totalCents)}</td>
              <td className="px-3 py-2 text-right text-stone-700">{formatAud(row.paidCents)}</td>
              <td className="px-3 py-2 text-right text-stone-700">
                {row.refundedCents > 0 ? formatAud(row.refundedCents) : '—'}
              </td>
              <td className="px-3 py-2 text-stone-700">
                {INVOICE_STATUS_LABELS[row.status]}
                {row.dispute ? (
                  <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">
                    Disputed ({row.dispute})
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </InvoiceTable>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        403: {
          title: 'Payments are for the practice manager',
          body: 'Only staff who look after the practice’s payments can see every invoice.',
        },
      }}
    />
  )
}
