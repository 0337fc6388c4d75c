import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { FormAlert, linkClass, SubmitButton } from '~/components/forms.tsx'
import { SlotDays, type OfferedTime } from '~/components/slot-days.tsx'
import { TimeZoneSelect } from '~/components/time-zone-picker.tsx'
import {
  AppointmentActionError,
  BookingNotFoundError,
  SlotUnavailableError,
  StaleAppointmentError,
} from '~/domain/scheduling/appointment-errors.ts'
import { rescheduleAppointmentAsPatient, rescheduleOptions } from '~/domain/scheduling/reschedule.server.ts'
import { directoryFiltersSchema, MODALITY_LABELS } from '~/domain/scheduling/directory.ts'
import { type Slot } from '~/domain/scheduling/slots.ts'
import { readFormData } from '~/utils/form-data.server.ts'
import { formatZonedTime, zoneAbbreviation } from '~/utils/time.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/appointments_.$appointmentId.reschedule.tsx']

export const meta: MetaFunction = () => [{ title: 'Move your session · Haven' }]

const ViewSchema = z.object({
  week: z.coerce.number().int().min(0).max(52).catch(0),
  tz: directoryFiltersSchema.shape.tz,
  start: z.iso
    .datetime()
    .transform((value) => new Date(value))
    .optional()
    .catch(undefined),
})

const MoveSchema = z.object({
  version: z.coerce.number().int().min(1),
  start: z.iso.datetime().transform((value) => new Date(value)),
  tz: directoryFiltersSchema.shape.tz,
})

const when = (instant: Date | string, timeZone: string) => formatZonedTime(instant, timeZone)

const offered = (slots: Slot[]): OfferedTime[] =>
  slots.map((slot) => ({
    start: slot.start.toISOString(),
    modality: slot.modality,
    locationId: slot.locationId,
  }))

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const searchParams = new URL(request.url).searchParams
  const view = ViewSchema.parse(Object.fromEntries(searchParams))
  const options = await rescheduleOptions({
    appointmentId: params.appointmentId ?? '',
    patientId: user.id,
    week: view.week,
  })
  if (!options) throw new Response('Not found', { status: 404 })
  const { appointment, decision, slots, lastWeek } = options
  // Times read in the appointment's own zone until the patient picks another.
  const tz = searchParams.has('tz') ? view.tz : appointment.timeZone
  const chosen = view.start ? slots.find((slot) => slot.start.getTime() === view.start!.getTime()) : undefined
  return {
    id: appointment.id,
    version: appointment.version,
    summary: `${appointment.appointmentType.name} with ${appointment.psychologist.name}, ${MODALITY_LABELS[appointment.modality].toLowerCase()}`,
    current: { start: appointment.startsAt.toISOString(), label: when(appointment.startsAt, tz) },
    refusal: decision.allowed ? null : decision.reason,
    week: view.week,
    lastWeek,
    tz,
    slots: offered(slots),
    chosen: chosen ? { start: chosen.start.toISOString(), label: when(chosen.start, tz) } : null,
    chosenGone: Boolean(view.start && !chosen),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, POLICY.intents.reschedule)
  const parsed = MoveSchema.safeParse(Object.fromEntries(await readFormData(request)))
  if (!parsed.success)
    return data(
      { error: 'That form was not complete. Please choose the time again.', alternatives: [] },
      { status: 400 },
    )
  const appointmentId = params.appointmentId ?? ''
  try {
    await rescheduleAppointmentAsPatient({
      appointmentId,
      patientId: user.id,
      version: parsed.data.version,
      start: parsed.data.start,
    })
    return redirect(`/patient/appointments?moved=${encodeURIComponent(appointmentId)}`)
  } catch (error) {
    if (error instanceof SlotUnavailableError)
      return data(
        {
          error:
            error.reason === 'taken'
              ? 'Sorry, that time was taken a moment ago. Your session has not moved. Here are the next free times.'
              : 'That time is no longer free. Your session has not moved. Here are the next free times.',
          alternatives: offered(error.alternatives),
        },
        { status: 409 },
      )
    if (error instanceof StaleAppointmentError || error instanceof AppointmentActionError)
      return data({ error: error.message, alternatives: [] }, { status: 409 })
    if (error instanceof BookingNotFoundError) throw new Response('Not found', { status: 404 })
    throw error
  }
}

export default function ReschedulePage() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const chooseHref = (slot: OfferedTime) =>
    `?${new URLSearchParams({ week: String(page.week), tz: page.tz, start: slot.start })}`
  const weekHref = (week: number) => `?${new URLSearchParams({ week: String(week), tz: page.tz })}`
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Move your session">{page.summary}</PageHeader>
      <p className="text-stone-800">
        Booked for <time dateTime={page.current.start}>{page.current.label}</time>.
      </p>
      {actionData ? (
        <>
          <FormAlert errors={[actionData.error]} />
          {actionData.alternatives.length > 0 ? (
            <SlotDays
              slots={actionData.alternatives}
              timeZone={page.tz}
              hrefFor={chooseHref}
              action="move to this time"
              empty=""
            />
          ) : null}
        </>
      ) : null}
      {page.refusal ? (
        <FormAlert errors={[page.refusal]} />
      ) : page.chosen && !actionData ? (
        <section
          aria-labelledby="confirm-move"
          className="space-y-3 rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
        >
          <h2 id="confirm-move" className="text-lg font-semibold text-stone-900">
            Move to <time dateTime={page.chosen.start}>{page.chosen.label}</time>?
          </h2>
          <p className="text-sm text-stone-600">
            Everything else stays the same, and your calendar file will update. There is no charge for moving
            a session more than 48 hours ahead.
          </p>
          <Form method="post" className="flex flex-wrap items-center gap-4">
            <input type="hidden" name="version" value={page.version} />
            <input type="hidden" name="start" value={page.chosen.start} />
            <input type="hidden" name="tz" value={page.tz} />
            <div className="w-48">
              <SubmitButton pendingText="Moving…">Move my session</SubmitButton>
            </div>
            <Link to={weekHref(page.week)} className={linkClass}>
              Choose another time
            </Link>
          </Form>
        </section>
      ) : (
        <section
          aria-labelledby="times"
          className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
        >
          <h2 id="times" className="text-lg font-semibold text-stone-900">
            Free times
          </h2>
          {page.chosenGone ? (
            <p role="status" className="mt-2 text-sm text-amber-800">
              That time is no longer free. Please choose another.
            </p>
          ) : null}
          <Form method="get" className="mt-3 flex flex-wrap items-end gap-3">
            <input type="hidden" name="week" value={page.week} />
            <TimeZoneSelect value={page.tz} />
            <button
              type="submit"
              className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
            >
              Show times
            </button>
          </Form>
          <p className="mt-4 text-sm text-stone-600">
            Times are shown in {zoneAbbreviation(page.slots[0]?.start ?? page.current.start, page.tz)}.
          </p>
          <SlotDays
            slots={page.slots}
            timeZone={page.tz}
            hrefFor={chooseHref}
            action="move to this time"
            empty="No free times this week."
          />
          <nav aria-label="Weeks" className="mt-5 flex justify-between text-sm">
            {page.week > 0 ? (
              <Link to={weekHref(page.week - 1)} className={linkClass}>
                Earlier week
              </Link>
            ) : (
              <span />
            )}
            {page.week < page.lastWeek ? (
              <Link to={weekHref(page.week + 1)} className={linkClass}>
                Later week
              </Link>
            ) : null}
          </nav>
        </section>
      )}
      <p className="text-sm">
        <Link to="/patient/appointments" className={linkClass}>
          Back to your appointments
        </Link>
      </p>
    </div>
  )
}
