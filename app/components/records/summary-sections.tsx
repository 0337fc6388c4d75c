import { linkClass } from '~/components/forms.tsx'
import { SUMMARY_SECTIONS, type SummaryContent } from '~/domain/records/summaries.ts'

type Worksheet = { id: string; fileName: string; mimeType: string; sizeBytes: number }

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
}

export const fileSizeText = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`

/**
 * A shared summary as the patient reads it: each written section as plain text (React escapes
 * it; pasted markup shows as the characters typed) with its line breaks, then its worksheets.
 */
export function SummarySections({
  content,
  worksheets,
  worksheetHref,
}: {
  content: SummaryContent
  worksheets: Worksheet[]
  worksheetHref: (worksheetId: string) => string
}) {
  const written = SUMMARY_SECTIONS.filter(({ key }) => content[key].trim() !== '')
  return (
    <div className="space-y-6">
      {written.map(({ key, label }) => (
        <section key={key} aria-labelledby={`summary-${key}`}>
          <h2 id={`summary-${key}`} className="text-lg font-semibold text-stone-900">
            {label}
          </h2>
          <p className="mt-2 break-words whitespace-pre-wrap text-stone-800">{content[key]}</p>
        </section>
      ))}
      {worksheets.length > 0 ? (
        <section aria-labelledby="summary-worksheets">
          <h2 id="summary-worksheets" className="text-lg font-semibold text-stone-900">
            Worksheets
          </h2>
          <ul className="mt-2 space-y-1">
            {worksheets.map((worksheet) => (
              <li key={worksheet.id}>
                <a href={worksheetHref(worksheet.id)} download className={linkClass}>
                  {worksheet.fileName}
                </a>{' '}
                <span className="text-sm text-stone-600">
                  ({TYPE_NAMES[worksheet.mimeType] ?? 'file'}, {fileSizeText(worksheet.sizeBytes)})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
