import { Link } from '@remix-run/react'
import { linkClass } from '~/components/forms.tsx'
import { type SummarySection } from '~/domain/patients/summary.server.ts'

const dateTime = (iso: string) =>
  new Date(iso).toLocaleString('en-AU', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'Australia/Sydney',
  })

/** The record, section by section; with `editPath` each section links to its form. */
export function SummarySections({
  sections,
  editPath,
  letterId,
}: {
  sections: SummarySection[]
  editPath?: (step: string) => string
  letterId?: string | null
}) {
  return (
    <div className="space-y-4">
      {sections.map((section) => (
        <section
          key={section.step}
          aria-labelledby={`summary-${section.step}`}
          className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
        >
          <div className="flex items-baseline justify-between gap-4">
            <h2 id={`summary-${section.step}`} className="text-base font-semibold text-stone-900">
              {section.title}
            </h2>
            {editPath ? (
              <Link to={editPath(section.step)} className={`${linkClass} text-sm`}>
                Change<span className="sr-only"> {section.title.toLowerCase()}</span>
              </Link>
            ) : null}
          </div>
          {section.rows.some((row) => row.value) ? (
            <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[minmax(0,14rem)_1fr]">
              {section.rows
                .filter((row) => row.value)
                .map((row) => (
                  <div key={row.label} className="contents">
                    <dt className="text-stone-500">{row.label}</dt>
                    <dd className="whitespace-pre-line text-stone-900">
                      {row.label === 'Letter' && letterId ? (
                        <a href={`/files/${letterId}`} className={linkClass} target="_blank" rel="noreferrer">
                          {row.value}
                        </a>
                      ) : (
                        row.value
                      )}
                    </dd>
                  </div>
                ))}
            </dl>
          ) : (
            <p className="mt-2 text-sm text-stone-600">Not answered yet.</p>
          )}
        </section>
      ))}
    </div>
  )
}

export function K10History({
  k10,
}: {
  k10: { id: string; takenAt: string; score: number; band: string; veryHigh: boolean }[]
}) {
  return (
    <section
      aria-labelledby="k10-history"
      className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
    >
      <h2 id="k10-history" className="text-base font-semibold text-stone-900">
        K10 history
      </h2>
      {k10.length === 0 ? (
        <p className="mt-2 text-sm text-stone-600">No K10 yet.</p>
      ) : (
        <table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">K10 scores, newest first</caption>
          <thead className="text-stone-500">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">
                Taken
              </th>
              <th scope="col" className="py-1 pr-4 font-medium">
                Score (10–50)
              </th>
              <th scope="col" className="py-1 font-medium">
                Band
              </th>
            </tr>
          </thead>
          <tbody>
            {k10.map((response) => (
              <tr key={response.id} className="border-t border-stone-100">
                <td className="py-1.5 pr-4">{dateTime(response.takenAt)}</td>
                <td className="py-1.5 pr-4 font-medium">{response.score}</td>
                <td className={`py-1.5 ${response.veryHigh ? 'font-medium text-red-700' : ''}`}>
                  {response.band}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

type ConsentRow = { kind: string; title: string; accepted: boolean | null; decidedAt: string | null }

/** The patient's decision on each current policy, with a link to change them. */
export function AgreementsSummary({ consents, changeTo }: { consents: ConsentRow[]; changeTo: string }) {
  return (
    <section
      aria-labelledby="agreements"
      className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
    >
      <div className="flex items-baseline justify-between">
        <h2 id="agreements" className="text-base font-semibold text-stone-900">
          Agreements
        </h2>
        <Link to={changeTo} className={`${linkClass} text-sm`}>
          Change<span className="sr-only"> agreements</span>
        </Link>
      </div>
      <ul className="mt-3 space-y-1 text-sm">
        {consents.map((consent) => (
          <li key={consent.kind}>
            {consent.title}:{' '}
            {consent.accepted === null
              ? 'not answered yet'
              : `${consent.accepted ? 'agreed' : 'declined'}${consent.decidedAt ? ` ${dateTime(consent.decidedAt)}` : ''}`}
          </li>
        ))}
      </ul>
    </section>
  )
}

export { dateTime as formatDateTime }
