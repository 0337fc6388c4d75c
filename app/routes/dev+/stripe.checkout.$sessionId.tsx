import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ActionForm } from '~/components/forms.tsx'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { formatAud } from '~/utils/money.ts'
import { requireDevPage } from '~/utils/dev-pages.server.ts'
import {
  getCheckoutSession,
  payCheckoutSession,
  type CheckoutSessionRecord,
} from '../../../tests/mocks/stripe/checkout-sessions.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'

const POLICY = ROUTE_POLICIES['dev+/stripe.checkout.$sessionId.tsx']

// Dev-only: the local stand-in of Stripe's hosted Checkout page, where a Checkout Session's
// `url` leads. 404 unless HAVEN_STANDINS=true and the browser is on this computer; like Stripe's
// own page, anyone holding the session's unguessable id may pay it.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? [{ title: `Pay ${data.amount} · Stripe Checkout (local stand-in)` }]
    : (matches.find((match) => match.id === 'root')?.meta ?? [])

const sydneyTime = new Intl.DateTimeFormat('en-AU', {
  timeZone: 'Australia/Sydney',
  dateStyle: 'medium',
  timeStyle: 'short',
})

// Stripe swaps this template variable for the session id in success_url.
function successUrlOf({ id, success_url }: CheckoutSessionRecord['session']) {
  return (success_url ?? '/')
    .replaceAll('{CHECKOUT_SESSION_ID}', id)
    .replaceAll('%7BCHECKOUT_SESSION_ID%7D', id)
}

export async function loader(args: LoaderFunctionArgs) {
  await requireDevPage(args)
  const record = await getCheckoutSession(args.params.sessionId ?? '')
  invariantResponse(record, 'Not Found', 404)
  const { session, lineItems } = record
  return {
    status: session.status,
    paymentStatus: session.payment_status,
    amount: formatAud(session.amount_total ?? 0),
    description: lineItems.map((item) => item.name).join(', '),
    email: session.customer_email,
    cancelUrl: session.cancel_url,
    successUrl: successUrlOf(session),
    expiresAt: new Date(session.expires_at * 1000).toISOString(),
    expiresWhen: sydneyTime.format(new Date(session.expires_at * 1000)),
  }
}

const CheckoutIntent = z.object({ intent: z.enum(['pay', 'decline']) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = params.sessionId ?? ''
  return handleAction(request, {
    policy: POLICY,
    context,
    load: async () => {
      const record = await getCheckoutSession(id)
      invariantResponse(record, 'Not Found', 404)
      return record
    },
    schema: CheckoutIntent,
    perform: async ({ intent }, _viewer, _submission, record) => {
      // A declined card leaves the session open; Stripe tells the customer and nothing else.
      if (intent === 'decline')
        return { declined: record.session.status === 'open' ? 'Your card was declined.' : null }
      const paid = await payCheckoutSession(id, { outcome: 'paid' })
      if (!paid.ok) {
        invariantResponse(paid.reason !== 'not_found', 'Not Found', 404)
        return { declined: null } // the page now shows the session as complete or expired
      }
      return redirect(successUrlOf(paid.session))
    },
  })
}

const primaryButton =
  'w-full rounded-md bg-indigo-600 px-4 py-3 text-base font-semibold text-white shadow-sm hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-700'
const secondaryButton =
  'w-full rounded-md border border-stone-300 bg-white px-4 py-2.5 text-sm font-medium text-stone-800 hover:bg-stone-100'
const link = 'font-medium text-indigo-700 underline underline-offset-4 hover:text-indigo-800'

export default function StandInCheckout() {
  const session = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const declined = answer && 'declined' in answer ? answer.declined : null
  const reply = answer && 'result' in answer ? answer : undefined

  return (
    <main id="main" className="mx-auto w-full max-w-lg flex-1 px-4 py-8 text-stone-900">
      <p
        role="note"
        className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
      >
        <strong>Local stand-in of Stripe Checkout.</strong> No card is charged and nothing leaves this
        computer. Real deployments send customers to Stripe instead.
      </p>

      <section
        aria-labelledby="checkout-heading"
        className="mt-6 rounded-lg border border-stone-200 p-6 shadow-sm"
      >
        <h1 id="checkout-heading" className="text-sm font-medium text-stone-600">
          Pay Haven Psychology
        </h1>
        <p className="mt-1 text-3xl font-semibold">
          {session.amount} <span className="text-base font-normal text-stone-600">AUD</span>
        </p>

        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-semibold">For</dt>
          <dd>{session.description}</dd>
          {session.email ? (
            <>
              <dt className="font-semibold">Email</dt>
              <dd className="break-all">{session.email}</dd>
            </>
          ) : null}
          <dt className="font-semibold">Open until</dt>
          <dd>
            <time dateTime={session.expiresAt}>{session.expiresWhen}</time> (Sydney time)
          </dd>
        </dl>

        {session.status === 'open' ? (
          <>
            {declined ? (
              <p
                role="alert"
                className="mt-6 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800"
              >
                {declined} Try another card.
              </p>
            ) : null}
            <div className="mt-6 space-y-3">
              <ActionForm intent="pay" reply={reply}>
                <button type="submit" className={primaryButton}>
                  Pay {session.amount}
                </button>
                <p className="mt-1 text-xs text-stone-600">
                  Uses the test card 4242 4242 4242 4242, which always succeeds.
                </p>
              </ActionForm>
              <ActionForm intent="decline" reply={reply}>
                <button type="submit" className={secondaryButton}>
                  Pay with a card that is declined
                </button>
              </ActionForm>
            </div>
            {session.cancelUrl ? (
              <p className="mt-6 text-center text-sm">
                <a href={session.cancelUrl} className={link}>
                  Cancel and go back
                </a>
              </p>
            ) : null}
          </>
        ) : session.status === 'complete' ? (
          <div role="status" className="mt-6 space-y-3 text-sm">
            <p className="font-semibold">
              {session.paymentStatus === 'paid'
                ? 'This Checkout Session is complete: it has been paid.'
                : 'This Checkout Session is complete; its payment is still being confirmed.'}
            </p>
            <p>
              <a href={session.successUrl} className={link}>
                Return to Haven
              </a>
            </p>
          </div>
        ) : (
          <div role="status" className="mt-6 space-y-3 text-sm">
            <p className="font-semibold">This Checkout Session has expired. Nothing was charged.</p>
            {session.cancelUrl ? (
              <p>
                <a href={session.cancelUrl} className={link}>
                  Go back to Haven
                </a>
              </p>
            ) : null}
          </div>
        )}
      </section>
    </main>
  )
}

export function ErrorBoundary() {
  return (
    <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-12">
      <GeneralErrorBoundary />
    </main>
  )
}
