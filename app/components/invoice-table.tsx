import { type ReactNode } from 'react'

type InvoiceColumn = { label: string; amount?: boolean }

/** The frame of an invoice list: a captioned table whose money columns line up on the right. */
export function InvoiceTable({
  caption,
  columns,
  children,
}: {
  caption: string
  columns: InvoiceColumn[]
  children: ReactNode
}) {
  return (
    <div className="overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-stone-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-stone-50 text-left text-stone-600">
          <tr>
            {columns.map((column) => (
              <th
                key={column.label}
                scope="col"
                className={`px-3 py-3 font-medium ${column.amount ? 'text-right' : ''}`}
              >
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">{children}</tbody>
      </table>
    </div>
  )
}
