import { type LoaderFunctionArgs } from '@remix-run/node'
import { invoiceCsv, invoiceReport, parseInvoiceFilter } from '~/domain/billing/reports.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['clinician+/invoices[.]csv.ts']

// A psychologist's own sessions as a spreadsheet: the session's psychologist is always the
// signed-in one, whatever the address asks for.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const filter = parseInvoiceFilter(new URL(request.url).searchParams)
  const { rows } = await invoiceReport(filter, { psychologistId: user.id, everyRow: true })
  return new Response(invoiceCsv(rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="haven-my-invoices.csv"',
      'Cache-Control': 'private, no-store',
    },
  })
}
