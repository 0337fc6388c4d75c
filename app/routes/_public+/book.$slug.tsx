import { randomUUID } from 'node:crypto'
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ActionForm, FormAlert, linkClass, ReplyAlert, SubmitButton } from '~/components/forms.tsx'
import { CheckoutUnavailableError, startCheckout } from '~/domain/billing/payments.server.ts'
import { bookAppointment, bookingContext, checkSlot } from '~/domain/scheduling/booking.server.ts'
import { directoryFiltersSchema, MODALITY_LABELS } from '~/domain/scheduling/directory.ts'
import { CANCELLATION_NOTICE_HOURS, HOLD_MINUTES } from '~/domain/scheduling/policy.ts'
import { offeredSlot, type OfferedSlot, type SlotRefusal } from '~/domain/scheduling/slots.ts'
import { handleAction, orNotFound } from '~/utils/action.server.ts'
import { getClientIp } from '~/utils/client-ip.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { formatZonedTime } from '~/utils/time.ts'
import { formatAud } from '~/utils/money.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['_public+/book.$slug.tsx']

export const meta: MetaFunction = () => [{ title: 'Book a session · Haven' }]

const SlotSchema = z.object({
  type: z.string().min(1).max(64),
  location: z.string().min(1).max(64),
  start: z.iso.datetime().transform((value) => new Date(value)),
  tz: directoryFiltersSchema.shape.tz,
})

// Hidden fields only: a refusal names the one thing to do.
const INCOMPLETE = { error: 'That booking form was not complete. Please choose the time again.' }

const BookSchema = z.object({
  intent: z.literal('book'),
  type: z.string(INCOMPLETE).min(1, INCOMPLETE).max(64, INCOMPLETE),
  location: z.string(INCOMPLETE).min(1, INCOMPLETE).max(64, INCOMPLETE),
  start: z.iso.datetime(INCOMPLETE).transform((value) => new Date(value)),
  tz: directoryFiltersSchema.shape.tz,
  requestKey: z.uuid(INCOMPLETE),
})

/** Links that choose another time, with the same session type and time zone. */
function alternativeLinks(slug: string, type: string, tz: string, slots: OfferedSlot[]) {
  return slots.map((slot) => ({
    label: `${formatZonedTime(slot.start, tz)}, ${MODALITY_LABELS[slot.modality].toLowerCase()}`,
    href: `/book/${slug}?${new URLSearchParams({ type, location: slot.locationId, start: slot.start, tz })}`,
  }))
}

// Signed-in patients only: a visitor is sent to sign in and comes straight back here.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  const parsed = SlotSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  invariantResponse(parsed.success, 'That booking link is not complete.', 400)
  const slug = params.slug ?? ''
  const context = await orNotFound(
    bookingContext({ slug, appointmentTypeId: parsed.data.type, locationId: parsed.data.location }),
  )
  const { available, alternatives } = await checkSlot(context, parsed.data.start)
  const tz = parsed.data.tz
  return {
    slug,
    psychologist: context.profile.user.name,
    type: {
      id: context.type.id,
      name: context.type.name,
      minutes: context.type.durationMinutes,
      fee: formatAud(context.feeCents),
    },
    location: { id: context.location.id, name: context.location.name, address: context.location.address },
    modality: MODALITY_LABELS[context.modality],
    start: parsed.data.start.toISOString(),
    when: formatZonedTime(parsed.data.start, tz),
    tz,
    available,
    alternatives: alternatives.map(offeredSlot),
    requestKey: randomUUID(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: BookSchema,
    perform: async (input, user) => {
      const appointment = await bookAppointment({
        patientId: user.id,
        slug: params.slug ?? '',
        appointmentTypeId: input.type,
        locationId: input.location,
        start: input.start,
        requestKey: input.requestKey,
        holdMinutes: HOLD_MINUTES,
        ip: getClientIp(request),
      })
      if (appointment.status !== 'held') {
        return redirectWithNotice('/patient/appointments', 'Your session is booked.')
      }
      // The time is held; the booking is confirmed when Stripe says the payment succeeded.
      try {
        const { url } = await startCheckout({ appointmentId: appointment.id, patientId: user.id })
        return redirect(url)
      } catch (error) {
        // The booking stands (its time is held): the pay page offers to try again.
        if (!(error instanceof CheckoutUnavailableError)) throw error
        return redirect(`/patient/appointments/${appointment.id}/pay?error=unavailable`)
      }
    },
  })
}

const REFUSED: Record<SlotRefusal['reason'], string> = {
  taken: 'Sorry, someone booked that time a moment ago. Here are the next free times.',
  unavailable: 'That time is no longer available. Here are the next free times.',
}

function Alternatives({ links }: { links: { label: string; href: string }[] }) {
  if (links.length === 0) return <p className="text-stone-700">No other free times in the next two weeks.</p>
  return (
    <ul className="space-y-2">
      {links.map((link) => (
        <li key={link.href}>
          <Link to={link.href} className={linkClass}>
            {link.label}
          </Link>
        </li>
      ))}
    </ul>
  )
}

export default function BookPage() {
  const booking = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const slotRefusal = actionData?.details as SlotRefusal | undefined
  const linksTo = (slots: OfferedSlot[]) => alternativeLinks(booking.slug, booking.type.id, booking.tz, slots)
  return (
    <main id="main" className="mx-auto w-full max-w-xl flex-1 space-y-6 px-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight text-stone-900">
        {booking.available ? 'Check and confirm your booking' : 'That time is no longer available'}
      </h1>
      {slotRefusal ? (
        <>
          <FormAlert errors={[REFUSED[slotRefusal.reason]]} />
          <Alternatives links={linksTo(slotRefusal.alternatives)} />
        </>
      ) : (
        <ReplyAlert reply={actionData} />
      )}
      <dl className="grid grid-cols-[8rem_1fr] gap-y-2 rounded-xl border border-stone-200 bg-white p-5 text-sm shadow-sm">
        <dt className="text-stone-500">Psychologist</dt>
        <dd>{booking.psychologist}</dd>
        <dt className="text-stone-500">Session</dt>
        <dd>
          {booking.type.name}, {booking.type.minutes} minutes
        </dd>
        <dt className="text-stone-500">When</dt>
        <dd>
          <time dateTime={booking.start}>{booking.when}</time>
        </dd>
        <dt className="text-stone-500">Where</dt>
        <dd>
          {booking.modality}
          {booking.location.address ? `, ${booking.location.address}` : ''}
        </dd>
        <dt className="text-stone-500">Fee</dt>
        <dd>{booking.type.fee}</dd>
      </dl>
      {booking.available && !actionData ? (
        <ActionForm
          intent="book"
          fields={{
            type: booking.type.id,
            location: booking.location.id,
            start: booking.start,
            tz: booking.tz,
            requestKey: booking.requestKey,
          }}
          reply={actionData}
          className="space-y-3"
        >
          <p className="text-sm text-stone-600">
            Next you pay securely with Stripe; we hold the time for {HOLD_MINUTES} minutes while you do. You
            can cancel or change for free up to {CANCELLATION_NOTICE_HOURS} hours before the session, and a
            cancellation with notice is refunded in full.
          </p>
          <SubmitButton pendingText="Holding your time…">Continue to payment</SubmitButton>
        </ActionForm>
      ) : null}
      {!booking.available && !actionData ? <Alternatives links={linksTo(booking.alternatives)} /> : null}
      <p className="text-sm">
        <Link
          to={`/psychologists/${booking.slug}?tz=${encodeURIComponent(booking.tz)}`}
          className={linkClass}
        >
          Back to {booking.psychologist}&apos;s times
        </Link>
      </p>
    </main>
  )
}

export function ErrorBoundary() {
  return (
    <main id="main" className="mx-auto w-full max-w-xl flex-1 px-4 py-10">
      <GeneralErrorBoundary
        statusPages={{
          400: {
            title: 'That booking link is not complete',
            body: "Choose a time again from the psychologist's page.",
          },
          403: {
            title: 'Booking is for patients',
            body: "Sessions are booked from a patient's own account. Sign in with yours to book.",
          },
          404: {
            title: 'We could not find that session',
            body: 'The psychologist may no longer offer it, or the link may be old. Choose a time again from the list of psychologists.',
          },
        }}
      />
    </main>
  )
}
