import { randomUUID } from 'node:crypto'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FormAlert, linkClass, SubmitButton } from '~/components/forms.tsx'
import { CheckoutUnavailableError, startCheckout } from '~/domain/billing/payments.server.ts'
import {
  bookAppointment,
  bookingContext,
  BookingNotFoundError,
  checkSlot,
  SlotUnavailableError,
} from '~/domain/scheduling/booking.server.ts'
import { directoryFiltersSchema, MODALITY_LABELS } from '~/domain/scheduling/directory.ts'
import { CANCELLATION_NOTICE_HOURS, HOLD_MINUTES } from '~/domain/scheduling/policy.ts'
import { type Slot } from '~/domain/scheduling/slots.ts'
import { readFormData } from '~/utils/form-data.server.ts'
import { getClientIp } from '~/utils/client-ip.server.ts'
import { RateLimitedError } from '~/domain/errors.ts'
import { retryAfterHeaders } from '~/utils/rate-limit.server.ts'
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
const ConfirmSchema = SlotSchema.extend({ requestKey: z.uuid() })

function alternativeLinks(slug: string, type: string, tz: string, slots: Slot[]) {
  return slots.map((slot) => ({
    label: `${formatZonedTime(slot.start, tz)}, ${MODALITY_LABELS[slot.modality].toLowerCase()}`,
    href: `/book/${slug}?${new URLSearchParams({ type, location: slot.locationId, start: slot.start.toISOString(), tz })}`,
  }))
}

async function loadContext(slug: string, input: z.infer<typeof SlotSchema>) {
  try {
    return await bookingContext({ slug, appointmentTypeId: input.type, locationId: input.location })
  } catch (error) {
    if (error instanceof BookingNotFoundError) throw new Response('Not found', { status: 404 })
    throw error
  }
}

// Signed-in patients only: a visitor is sent to sign in and comes straight back here.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  const parsed = SlotSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!parsed.success) throw new Response('That booking link is not complete.', { status: 400 })
  const slug = params.slug ?? ''
  const context = await loadContext(slug, parsed.data)
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
    alternatives: alternativeLinks(slug, context.type.id, tz, alternatives),
    requestKey: randomUUID(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, POLICY.intents.book)
  const parsed = ConfirmSchema.safeParse(Object.fromEntries(await readFormData(request)))
  if (!parsed.success)
    return data(
      { error: 'That booking form was not complete. Please choose the time again.', alternatives: [] },
      { status: 400 },
    )
  const slug = params.slug ?? ''
  try {
    const appointment = await bookAppointment({
      patientId: user.id,
      slug,
      appointmentTypeId: parsed.data.type,
      locationId: parsed.data.location,
      start: parsed.data.start,
      requestKey: parsed.data.requestKey,
      holdMinutes: HOLD_MINUTES,
      ip: getClientIp(request),
    })
    if (appointment.status !== 'held') return redirect(`/patient/appointments?booked=${appointment.id}`)
    // The time is held; the booking is confirmed when Stripe says the payment succeeded.
    try {
      const { url } = await startCheckout({ appointmentId: appointment.id, patientId: user.id })
      return redirect(url)
    } catch (error) {
      if (error instanceof CheckoutUnavailableError)
        return redirect(`/patient/appointments/${appointment.id}/pay?error=unavailable`)
      throw error
    }
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return data(
        { error: error.message, alternatives: null },
        { status: 429, headers: retryAfterHeaders(error) },
      )
    }
    if (error instanceof SlotUnavailableError) {
      return data(
        {
          error:
            error.reason === 'taken'
              ? 'Sorry, someone booked that time a moment ago. Here are the next free times.'
              : 'That time is no longer available. Here are the next free times.',
          alternatives: alternativeLinks(slug, parsed.data.type, parsed.data.tz, error.alternatives),
        },
        { status: 409 },
      )
    }
    if (error instanceof BookingNotFoundError) throw new Response('Not found', { status: 404 })
    throw error
  }
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
  return (
    <main id="main" className="mx-auto w-full max-w-xl flex-1 space-y-6 px-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight text-stone-900">
        {booking.available ? 'Check and confirm your booking' : 'That time is no longer available'}
      </h1>
      {actionData ? (
        <>
          <FormAlert errors={[actionData.error]} />
          {actionData.alternatives ? <Alternatives links={actionData.alternatives} /> : null}
        </>
      ) : null}
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
        <Form method="post" className="space-y-3">
          <input type="hidden" name="type" value={booking.type.id} />
          <input type="hidden" name="location" value={booking.location.id} />
          <input type="hidden" name="start" value={booking.start} />
          <input type="hidden" name="tz" value={booking.tz} />
          <input type="hidden" name="requestKey" value={booking.requestKey} />
          <p className="text-sm text-stone-600">
            Next you pay securely with Stripe; we hold the time for {HOLD_MINUTES} minutes while you do. You
            can cancel or change for free up to {CANCELLATION_NOTICE_HOURS} hours before the session, and a
            cancellation with notice is refunded in full.
          </p>
          <SubmitButton pendingText="Holding your time…">Continue to payment</SubmitButton>
        </Form>
      ) : null}
      {!booking.available && !actionData ? <Alternatives links={booking.alternatives} /> : null}
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
