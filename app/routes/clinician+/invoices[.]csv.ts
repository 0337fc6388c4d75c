import { type LoaderFunctionArgs } from '@remix-run/node'
import { invoiceCsv, invoiceReport, parseInvoiceFilter } from '~/domain/billing/reports.server.ts'
import { requireUser } from '~/domain/identity/session.server.ts'

// A psychologist's own sessions as a spreadsheet: the session's psychologist is always the
// signed-in one, whatever the address asks for.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: 'psychologist', permission: 'read:invoice:own' })
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
