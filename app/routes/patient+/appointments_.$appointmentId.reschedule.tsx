import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ActionForm, FormAlert, linkClass, ReplyAlert, SubmitButton } from '~/components/forms.tsx'
import { SlotDays, type OfferedTime } from '~/components/slot-days.tsx'
import { TimeZoneSelect } from '~/components/time-zone-picker.tsx'
import { rescheduleAppointmentAsPatient, rescheduleOptions } from '~/domain/scheduling/reschedule.server.ts'
import { directoryFiltersSchema, MODALITY_LABELS } from '~/domain/scheduling/directory.ts'
import { patientsAppointment } from '~/domain/scheduling/patient-appointments.server.ts'
import { offeredSlot, type SlotRefusal } from '~/domain/scheduling/slots.ts'
import { handleAction } from '~/utils/action.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
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

// Hidden fields only: a refusal names the one thing to do.
const INCOMPLETE = { error: 'That form was not complete. Please choose the time again.' }

const MoveSchema = z.object({
  intent: z.literal('reschedule'),
  version: z.coerce.number(INCOMPLETE).int(INCOMPLETE).min(1, INCOMPLETE),
  start: z.iso.datetime(INCOMPLETE).transform((value) => new Date(value)),
  tz: directoryFiltersSchema.shape.tz,
})

const NOT_FOUND = 'We could not find that appointment.'

const when = (instant: Date | string, timeZone: string) => formatZonedTime(instant, timeZone)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const searchParams = new URL(request.url).searchParams
  const view = ViewSchema.parse(Object.fromEntries(searchParams))
  const options = await rescheduleOptions({
    appointmentId: params.appointmentId ?? '',
    patientId: user.id,
    week: view.week,
  })
  invariantResponse(options, NOT_FOUND, 404)
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
    slots: slots.map(offeredSlot),
    chosen: chosen ? { start: chosen.start.toISOString(), label: when(chosen.start, tz) } : null,
    chosenGone: Boolean(view.start && !chosen),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    load: (user) => patientsAppointment(user.id, params.appointmentId ?? ''),
    schema: MoveSchema,
    perform: async ({ version, start }, user, _submission, appointment) => {
      await rescheduleAppointmentAsPatient({
        appointmentId: appointment.id,
        patientId: user.id,
        version,
        start,
      })
      return redirectWithNotice(
        '/patient/appointments',
        'Your session has moved. Your calendar file has the new time.',
      )
    },
  })
}

const REFUSED: Record<SlotRefusal['reason'], string> = {
  taken: 'Sorry, that time was taken a moment ago. Your session has not moved. Here are the next free times.',
  unavailable: 'That time is no longer free. Your session has not moved. Here are the next free times.',
}

export default function ReschedulePage() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const slotRefusal = actionData?.details as SlotRefusal | undefined
  const chooseHref = (slot: OfferedTime) =>
    `?${new URLSearchParams({ week: String(page.week), tz: page.tz, start: slot.start })}`
  const weekHref = (week: number) => `?${new URLSearchParams({ week: String(week), tz: page.tz })}`
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Move your session">{page.summary}</PageHeader>
      <p className="text-stone-800">
        Booked for <time dateTime={page.current.start}>{page.current.label}</time>.
      </p>
      {slotRefusal ? (
        <>
          <FormAlert errors={[REFUSED[slotRefusal.reason]]} />
          <SlotDays
            slots={slotRefusal.alternatives}
            timeZone={page.tz}
            hrefFor={chooseHref}
            action="move to this time"
            empty=""
          />
        </>
      ) : (
        <ReplyAlert reply={actionData} />
      )}
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
          <ActionForm
            intent="reschedule"
            fields={{ version: page.version, start: page.chosen.start, tz: page.tz }}
            reply={actionData}
            className="flex flex-wrap items-center gap-4"
          >
            <div className="w-48">
              <SubmitButton pendingText="Moving…">Move my session</SubmitButton>
            </div>
            <Link to={weekHref(page.week)} className={linkClass}>
              Choose another time
            </Link>
          </ActionForm>
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

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        404: {
          title: 'We could not find that appointment',
          body: 'It may have been cancelled or moved already. Your appointments are listed under Appointments.',
        },
      }}
    />
  )
}
