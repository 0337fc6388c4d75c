import { type LoaderFunctionArgs } from '@remix-run/node'
import { invoiceCsv, invoiceReport, parseInvoiceFilter } from '~/domain/billing/reports.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/payments[.]csv.ts']

// The payments list as a spreadsheet, with the same filters as the page.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  const filter = parseInvoiceFilter(new URL(request.url).searchParams)
  const { rows } = await invoiceReport(filter, { everyRow: true })
  return new Response(invoiceCsv(rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="haven-payments.csv"',
      'Cache-Control': 'private, no-store',
    },
  })
}
