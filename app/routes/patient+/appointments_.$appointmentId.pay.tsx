import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ActionForm, FormAlert, linkClass, Notice, ReplyAlert, SubmitButton } from '~/components/forms.tsx'
import { paymentPage, startCheckout } from '~/domain/billing/payments.server.ts'
import { MODALITY_LABELS } from '~/domain/scheduling/directory.ts'
import { handleAction } from '~/utils/action.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { formatAud } from '~/utils/money.ts'
import { formatClockTime, formatZonedTime } from '~/utils/time.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/appointments_.$appointmentId.pay.tsx']

// While Stripe has not confirmed yet, the page looks again by itself (JavaScript or not).
export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: 'Payment · Haven' },
  ...(page?.waiting ? [{ httpEquiv: 'refresh', content: '3' }] : []),
]

const ViewSchema = z.object({ session_id: z.string().max(200).optional().catch(undefined) })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const view = ViewSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const page = await paymentPage({
    appointmentId: params.appointmentId ?? '',
    patientId: user.id,
    sessionId: view.session_id,
  })
  invariantResponse(page, 'We could not find that booking.', 404)
  const waiting =
    page.status === 'held' &&
    Boolean(view.session_id) &&
    page.payment?.status !== 'failed' &&
    page.payment?.status !== 'expired'
  return { ...page, waiting }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: z.object({ intent: z.literal('pay') }),
    perform: async (_input, user) => {
      const { url } = await startCheckout({ appointmentId: params.appointmentId ?? '', patientId: user.id })
      return redirect(url)
    },
  })
}

export default function PaymentPage() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const when = formatZonedTime(page.start, page.timeZone)
  const unreachable = searchParams.get('error') === 'unavailable' && !actionData
  const payable = page.status === 'held' && page.invoice && !page.timeTakenRefund && !page.waiting
  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title={page.status === 'confirmed' ? 'Your session is confirmed' : 'Pay for your session'}>
        {page.summary}, <time dateTime={page.start}>{when}</time>,{' '}
        {MODALITY_LABELS[page.modality].toLowerCase()}
      </PageHeader>
      {/* Paid meanwhile (in another tab): the pay button is gone, so its refusal is said here. */}
      {payable ? null : <ReplyAlert reply={actionData} />}
      {unreachable ? (
        <FormAlert
          errors={[
            'We could not reach the payment service just now. Your time is still held: please try again in a moment.',
          ]}
        />
      ) : null}

      {page.status === 'confirmed' ? (
        <>
          <Notice>
            Payment received{page.invoice ? ` (${formatAud(page.invoice.paidCents)})` : ''}. Your session is
            confirmed.
          </Notice>
          <p className="flex flex-wrap gap-4 text-sm">
            {page.invoice ? (
              <Link to={`/patient/invoices/${page.invoice.id}`} className={linkClass}>
                Your receipt
              </Link>
            ) : null}
            <Link to="/patient/appointments" className={linkClass}>
              Your appointments
            </Link>
          </p>
        </>
      ) : page.timeTakenRefund ? (
        <FormAlert
          errors={[
            `Sorry: your payment arrived after the hold had ended and someone else had booked that time. Your payment of ${formatAud(page.timeTakenRefund.amountCents)} is being refunded in full to your card (this usually takes 5 to 10 business days).`,
          ]}
        />
      ) : page.waiting ? (
        <p role="status" className="rounded-md border border-stone-200 bg-white p-4 text-stone-800">
          Waiting for the payment to be confirmed. This page checks again every few seconds.{' '}
          <Link to={`?${searchParams.toString()}`} className={linkClass} reloadDocument>
            Check now
          </Link>
        </p>
      ) : page.status === 'held' && page.invoice ? (
        <section className="space-y-3 rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
          {searchParams.get('cancelled') && !actionData ? (
            <p role="status" className="text-sm text-amber-800">
              You left the payment page without paying. Nothing was charged.
            </p>
          ) : null}
          {page.payment?.status === 'failed' && !unreachable && !actionData ? (
            <p role="status" className="text-sm text-amber-800">
              The last payment attempt did not go through. You can try again.
            </p>
          ) : null}
          <p className="text-stone-800">
            Your time is held
            {page.holdExpiresAt ? (
              <>
                {' '}
                until{' '}
                <time dateTime={page.holdExpiresAt}>
                  {formatClockTime(page.holdExpiresAt, page.timeZone)}
                </time>
              </>
            ) : null}
            . Pay {formatAud(page.invoice.owedCents)} to confirm it (invoice {page.invoice.number}, GST-free).
          </p>
          <ActionForm intent="pay" reply={actionData} className="w-56">
            <SubmitButton pendingText="Opening payment…">
              Pay {formatAud(page.invoice.owedCents)}
            </SubmitButton>
          </ActionForm>
          <p className="text-sm text-stone-600">Payments are handled securely by Stripe.</p>
        </section>
      ) : (
        <FormAlert
          errors={[
            page.status === 'expired'
              ? 'The hold on this time ended before it was paid for, so the time was released. Nothing was charged.'
              : 'This booking was cancelled.',
          ]}
        />
      )}
      {page.status !== 'confirmed' && page.status !== 'held' ? (
        <p className="text-sm">
          <Link to="/psychologists" className={linkClass}>
            Choose a time again
          </Link>
        </p>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        404: {
          title: 'We could not find that booking',
          body: 'The link may be old. Your sessions, and any waiting to be paid for, are listed under Appointments.',
        },
      }}
    />
  )
}
