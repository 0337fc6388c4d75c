import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { linkClass } from '~/components/forms.tsx'
import { SlotDays } from '~/components/slot-days.tsx'
import { TimeZoneSelect } from '~/components/time-zone-picker.tsx'
import { feesCentsFor } from '~/domain/billing/fees.server.ts'
import { defaultAppointmentType } from '~/domain/scheduling/appointment-types.ts'
import { availableSlots } from '~/domain/scheduling/availability.server.ts'
import { DEFAULT_TIME_ZONE, directoryFiltersSchema, MODALITY_LABELS } from '~/domain/scheduling/directory.ts'
import { getPsychologistBySlug } from '~/domain/scheduling/directory.server.ts'
import { zoneAbbreviation } from '~/utils/time.ts'
import { formatAud } from '~/utils/money.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'

const DAY_MS = 24 * 60 * 60 * 1000
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.name} · Haven Psychology` : 'Psychologist · Haven Psychology' },
]

const ViewSchema = z.object({
  type: z.string().max(64).optional().catch(undefined),
  modality: z.enum(['in_person', 'telehealth']).optional().catch(undefined),
  week: z.coerce.number().int().min(0).max(52).catch(0),
  tz: directoryFiltersSchema.shape.tz,
})

// Public: a psychologist's profile and their free times, a week at a time.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await getPsychologistBySlug(params.slug ?? '')
  invariantResponse(found, 'Not found', 404)
  const { profile, offers, types } = found
  const view = ViewSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const type = types.find((candidate) => candidate.id === view.type) ?? defaultAppointmentType(types)
  const now = new Date()
  const from = new Date(now.getTime() + view.week * 7 * DAY_MS)
  // Each psychologist's own fee where they have one, else the practice's.
  const fees = await feesCentsFor(profile.userId, types)
  const slots = type
    ? await availableSlots(profile, {
        durationMinutes: type.durationMinutes,
        now,
        from,
        to: new Date(from.getTime() + 7 * DAY_MS),
        modality: view.modality,
      })
    : []
  return {
    name: profile.user.name,
    slug: profile.slug!,
    title: profile.title,
    bio: profile.bio,
    registrationType: profile.registrationType,
    languages: profile.languages,
    focusAreas: profile.focusAreas,
    approaches: profile.modalities,
    acceptingNewPatients: profile.acceptingNewPatients,
    offers,
    types: types.map((t) => ({
      id: t.id,
      name: t.name,
      durationMinutes: t.durationMinutes,
      fee: formatAud(fees.get(t.id) ?? t.feeCents),
    })),
    view: { ...view, type: type?.id ?? '', tz: view.tz ?? DEFAULT_TIME_ZONE },
    lastWeek: Math.floor(profile.horizonDays / 7),
    slots: slots.map((slot) => ({
      start: slot.start.toISOString(),
      modality: slot.modality,
      locationId: slot.locationId,
    })),
  }
}

export default function PsychologistProfile() {
  const data = useLoaderData<typeof loader>()
  const { view } = data
  const weekLink = (week: number) => {
    const params = new URLSearchParams({ type: view.type, tz: view.tz, week: String(week) })
    if (view.modality) params.set('modality', view.modality)
    return `?${params.toString()}`
  }
  const zone = data.slots[0]
    ? zoneAbbreviation(data.slots[0].start, view.tz)
    : zoneAbbreviation(new Date(), view.tz)
  return (
    <main id="main" className="mx-auto w-full max-w-4xl flex-1 space-y-6 px-4 py-8">
      <p className="text-sm">
        <Link to={`/psychologists?tz=${encodeURIComponent(view.tz)}`} className={linkClass}>
          All psychologists
        </Link>
      </p>
      <header>
        <h1 className="text-3xl font-semibold tracking-tight text-stone-900">{data.name}</h1>
        <p className="mt-1 text-stone-600">
          {data.registrationType === 'clinical' ? 'Clinical psychologist' : 'Registered psychologist'}
          {' · '}
          {data.offers.map((kind) => MODALITY_LABELS[kind]).join(' · ')}
        </p>
      </header>
      <section aria-labelledby="about" className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
        <h2 id="about" className="text-lg font-semibold text-stone-900">
          About
        </h2>
        <p className="mt-2 text-stone-700">{data.bio}</p>
        <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
          <dt className="text-stone-500">Areas of focus</dt>
          <dd>{data.focusAreas.join(', ')}</dd>
          <dt className="text-stone-500">Approach</dt>
          <dd>{data.approaches.join(', ')}</dd>
          <dt className="text-stone-500">Languages</dt>
          <dd>{data.languages.join(', ')}</dd>
        </dl>
      </section>
      <section aria-labelledby="fees" className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
        <h2 id="fees" className="text-lg font-semibold text-stone-900">
          Sessions and fees
        </h2>
        <table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">Appointment types, lengths and fees</caption>
          <thead className="text-stone-500">
            <tr>
              <th scope="col" className="py-1 font-medium">
                Session
              </th>
              <th scope="col" className="py-1 font-medium">
                Length
              </th>
              <th scope="col" className="py-1 font-medium">
                Fee
              </th>
            </tr>
          </thead>
          <tbody>
            {data.types.map((type) => (
              <tr key={type.id} className="border-t border-stone-100">
                <td className="py-1.5">{type.name}</td>
                <td className="py-1.5">{type.durationMinutes} minutes</td>
                <td className="py-1.5">{type.fee}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-sm text-stone-600">
          With a GP referral and Mental Health Treatment Plan, Medicare pays part of the fee.
        </p>
      </section>
      <section aria-labelledby="times" className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
        <h2 id="times" className="text-lg font-semibold text-stone-900">
          Available times
        </h2>
        <Form method="get" className="mt-3 grid gap-3 sm:grid-cols-4">
          <div>
            <label htmlFor="type" className="block text-sm font-medium text-stone-800">
              Session
            </label>
            <select
              id="type"
              name="type"
              defaultValue={view.type}
              className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2"
            >
              {data.types.map((type) => (
                <option key={type.id} value={type.id}>
                  {type.name} ({type.durationMinutes} min)
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="modality" className="block text-sm font-medium text-stone-800">
              How to meet
            </label>
            <select
              id="modality"
              name="modality"
              defaultValue={view.modality ?? ''}
              className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2"
            >
              <option value="">Either</option>
              {data.offers.map((kind) => (
                <option key={kind} value={kind}>
                  {MODALITY_LABELS[kind]}
                </option>
              ))}
            </select>
          </div>
          <TimeZoneSelect value={view.tz} />
          <div className="flex items-end">
            <button
              type="submit"
              className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
            >
              Show times
            </button>
          </div>
        </Form>
        <p className="mt-4 text-sm text-stone-600">Times are shown in {zone}.</p>
        <SlotDays
          slots={data.slots}
          timeZone={view.tz}
          action="book this time"
          empty="No free times this week."
          hrefFor={(slot) =>
            `/book/${data.slug}?${new URLSearchParams({ type: view.type, location: slot.locationId, start: slot.start, tz: view.tz })}`
          }
        />
        <nav aria-label="Weeks" className="mt-5 flex justify-between text-sm">
          {view.week > 0 ? (
            <Link to={weekLink(view.week - 1)} className={linkClass}>
              Earlier week
            </Link>
          ) : (
            <span />
          )}
          {view.week < data.lastWeek ? (
            <Link to={weekLink(view.week + 1)} className={linkClass}>
              Later week
            </Link>
          ) : null}
        </nav>
      </section>
    </main>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        404: {
          title: 'We could not find that psychologist',
          body: 'They may no longer be taking bookings through Haven. See everyone who is on the directory.',
        },
      }}
    />
  )
}
