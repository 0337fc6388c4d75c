import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { linkClass } from '~/components/forms.tsx'
import { TimeZoneSelect } from '~/components/time-zone-picker.tsx'
import { MODALITY_LABELS, parseDirectoryFilters } from '~/domain/scheduling/directory.ts'
import { focusAreaOptions, listPsychologists } from '~/domain/scheduling/directory.server.ts'
import { formatSlotTime, zoneAbbreviation } from '~/utils/time.ts'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'

export const meta: MetaFunction = () => [
  { title: 'Find a psychologist · Haven Psychology' },
  {
    name: 'description',
    content: 'Psychologists in Sydney and by telehealth, with their next available times.',
  },
]

// Public: anyone may browse psychologists before signing up.
export async function loader({ request }: LoaderFunctionArgs) {
  const filters = parseDirectoryFilters(new URL(request.url).searchParams)
  const [psychologists, focusAreas] = await Promise.all([listPsychologists(filters), focusAreaOptions()])
  return {
    filters,
    focusAreas,
    psychologists: psychologists.map((psychologist) => ({
      ...psychologist,
      nextAvailable: psychologist.nextAvailable
        ? {
            start: psychologist.nextAvailable.start.toISOString(),
            modality: psychologist.nextAvailable.modality,
          }
        : null,
    })),
  }
}

const selectClass = 'mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2'

export default function Directory() {
  const { filters, focusAreas, psychologists } = useLoaderData<typeof loader>()
  return (
    <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
      <h1 className="text-3xl font-semibold tracking-tight text-stone-900">Find a psychologist</h1>
      <p className="mt-2 max-w-2xl text-stone-700">
        Every Haven psychologist is registered with AHPRA. Clinical psychologists hold an endorsement in
        clinical psychology; Medicare rebates differ between the two.
      </p>
      <Form
        method="get"
        className="mt-6 grid gap-4 rounded-xl border border-stone-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6"
      >
        <div>
          <label htmlFor="focus" className="block text-sm font-medium text-stone-800">
            Area of focus
          </label>
          <select id="focus" name="focus" defaultValue={filters.focus ?? ''} className={selectClass}>
            <option value="">Any</option>
            {focusAreas.map((area) => (
              <option key={area} value={area}>
                {area}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="modality" className="block text-sm font-medium text-stone-800">
            How to meet
          </label>
          <select id="modality" name="modality" defaultValue={filters.modality ?? ''} className={selectClass}>
            <option value="">Either</option>
            <option value="telehealth">Telehealth</option>
            <option value="in_person">In person</option>
          </select>
        </div>
        <div>
          <label htmlFor="registration" className="block text-sm font-medium text-stone-800">
            Registration
          </label>
          <select
            id="registration"
            name="registration"
            defaultValue={filters.registration ?? ''}
            className={selectClass}
          >
            <option value="">Any</option>
            <option value="clinical">Clinical psychologist</option>
            <option value="registered">Registered psychologist</option>
          </select>
        </div>
        <div>
          <label htmlFor="gender" className="block text-sm font-medium text-stone-800">
            Psychologist
          </label>
          <select id="gender" name="gender" defaultValue={filters.gender ?? ''} className={selectClass}>
            <option value="">Any</option>
            <option value="female">A woman</option>
            <option value="male">A man</option>
          </select>
        </div>
        <div>
          <label htmlFor="within" className="block text-sm font-medium text-stone-800">
            Available within
          </label>
          <select
            id="within"
            name="within"
            defaultValue={filters.within?.toString() ?? ''}
            className={selectClass}
          >
            <option value="">Any time</option>
            <option value="7">A week</option>
            <option value="14">Two weeks</option>
            <option value="30">A month</option>
          </select>
        </div>
        <TimeZoneSelect value={filters.tz} />
        <div className="sm:col-span-3 lg:col-span-6">
          <button
            type="submit"
            className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
          >
            Show psychologists
          </button>
        </div>
      </Form>

      <p className="mt-6 text-sm text-stone-600" aria-live="polite">
        {psychologists.length === 1 ? '1 psychologist' : `${psychologists.length} psychologists`}
      </p>
      {psychologists.length === 0 ? (
        <p className="mt-4 text-stone-700">No psychologist matches all of those. Try fewer filters.</p>
      ) : (
        <ul className="mt-4 grid gap-4 md:grid-cols-2">
          {psychologists.map((psychologist) => (
            <li key={psychologist.slug} className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
              <h2 className="text-lg font-semibold text-stone-900">
                <Link
                  to={`/psychologists/${psychologist.slug}?tz=${encodeURIComponent(filters.tz)}`}
                  className={linkClass}
                >
                  {psychologist.name}
                </Link>
              </h2>
              <p className="text-sm text-stone-600">
                {psychologist.registrationType === 'clinical'
                  ? 'Clinical psychologist'
                  : 'Registered psychologist'}
                {' · '}
                {psychologist.offers.map((kind) => MODALITY_LABELS[kind]).join(' · ')}
              </p>
              <p className="mt-2 text-sm text-stone-700">{psychologist.focusAreas.join(', ')}</p>
              <p className="mt-1 text-sm text-stone-600">Speaks {psychologist.languages.join(', ')}</p>
              <p className="mt-3 text-sm">
                {psychologist.nextAvailable ? (
                  <>
                    Next available:{' '}
                    <strong>
                      {formatSlotTime(psychologist.nextAvailable.start, filters.tz)}{' '}
                      {zoneAbbreviation(psychologist.nextAvailable.start, filters.tz)}
                    </strong>{' '}
                    ({MODALITY_LABELS[psychologist.nextAvailable.modality].toLowerCase()})
                  </>
                ) : (
                  'No times open in the next few months.'
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </main>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
