import { getFormProps } from '@conform-to/react'
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ActionForm, ErrorList, FormAlert, replyFor, useValidatedForm } from '~/components/forms.tsx'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { formatAud } from '~/utils/money.ts'
import { type DevViewer, requireDevPage } from '~/utils/dev-pages.server.ts'
import { listCheckoutSessions } from '../../../tests/mocks/stripe/checkout-sessions.server.ts'
import { listDeliveredEvents, stripeWebhookUrl } from '../../../tests/mocks/stripe/events.server.ts'
import { getStripeFault, setStripeFault } from '../../../tests/mocks/stripe/faults.server.ts'
import { listRefunds } from '../../../tests/mocks/stripe/refunds.server.ts'
import { clearStripeStandIn, stripeStandInDir } from '../../../tests/mocks/stripe/store.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'

// Dev-only: what the Stripe stand-in holds (sessions, refunds, the webhook events it sent)
// and its fault switch. 404 unless HAVEN_STANDINS=true and the browser is on this computer;
// it shows everyone's payments, so a signed-in non-manager gets a 404 too.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? [{ title: 'Stripe · Haven (stand-ins)' }]
    : (matches.find((match) => match.id === 'root')?.meta ?? [])

const sydneyTime = new Intl.DateTimeFormat('en-AU', {
  timeZone: 'Australia/Sydney',
  dateStyle: 'medium',
  timeStyle: 'medium',
})

const shown = 50

const when = (seconds: number) => {
  const at = new Date(seconds * 1000)
  return { at: at.toISOString(), label: sydneyTime.format(at) }
}

const POLICY = ROUTE_POLICIES['dev+/stripe._index.tsx']

/** Everyone's payments: for the developer (signed out) and managers only. */
function requireWholeView({ onlyTo }: DevViewer) {
  invariantResponse(onlyTo === undefined, 'Not Found', 404)
}

export async function loader(args: LoaderFunctionArgs) {
  requireWholeView(await requireDevPage(args))
  const [sessions, refunds, events, fault] = await Promise.all([
    listCheckoutSessions(),
    listRefunds(),
    listDeliveredEvents(),
    getStripeFault(),
  ])
  return {
    folder: stripeStandInDir(),
    fault: fault ?? 'none',
    webhookUrl: stripeWebhookUrl(),
    sessions: sessions.slice(0, shown).map(({ session, lineItems }) => ({
      id: session.id,
      created: when(session.created),
      amount: formatAud(session.amount_total ?? 0),
      description: lineItems.map((item) => item.name).join(', '),
      status: session.status ?? 'open',
      paymentStatus: session.payment_status,
      paymentIntent: typeof session.payment_intent === 'string' ? session.payment_intent : null,
    })),
    refunds: refunds.slice(0, shown).map((refund) => ({
      id: refund.id,
      created: when(refund.created),
      amount: formatAud(refund.amount),
      status: refund.status ?? 'pending',
      paymentIntent: typeof refund.payment_intent === 'string' ? refund.payment_intent : null,
    })),
    events: events
      .slice(-shown)
      .reverse()
      .map(({ event, delivery }) => {
        const last = delivery.attempts.at(-1)
        return {
          id: event.id,
          type: event.type,
          created: when(event.created),
          objectId: (event.data.object as { id?: string }).id ?? '',
          delivery: delivery.state,
          attempts: delivery.attempts.length,
          lastOutcome: last ? (last.error ?? `answered ${last.status}`) : null,
        }
      }),
  }
}

const FaultSchema = z.object({
  intent: z.literal('fault'),
  fault: z.enum(['none', 'down', '500'], { error: 'Choose a fault, or none.' }),
})
const StandInAction = z.discriminatedUnion('intent', [FaultSchema, z.object({ intent: z.literal('clear') })])

export async function action({ request, context }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    context,
    // The stand-in's records are everyone's: a viewer who sees only their own finds nothing here.
    load: async (viewer) => requireWholeView(viewer),
    schema: StandInAction,
    perform: async (input) => {
      if (input.intent === 'clear') await clearStripeStandIn()
      else await setStripeFault(input.fault === 'none' ? null : input.fault)
      return redirect('/dev/stripe')
    },
  })
}

const faultChoices = [
  { value: 'none', label: 'None: the stand-in answers normally' },
  { value: 'down', label: 'Down: every call fails to connect' },
  { value: '500', label: '500: every call answers with a Stripe api_error' },
] as const

const button = 'rounded border border-stone-400 px-3 py-1.5 text-sm font-medium hover:bg-stone-100'
const th = 'py-2 pr-4 font-semibold'
const td = 'py-2 pr-4 align-top'

function When({ created }: { created: { at: string; label: string } }) {
  return <time dateTime={created.at}>{created.label}</time>
}

export default function StripeStandIn() {
  const { folder, fault, webhookUrl, sessions, refunds, events } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const [faultForm, faultFields] = useValidatedForm('fault', FaultSchema, replyFor(reply, 'fault'))
  return (
    <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 text-stone-900">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="text-2xl font-semibold">Stripe stand-in</h1>
        <ActionForm intent="clear" reply={reply}>
          <button type="submit" className={button}>
            Clear everything
          </button>
        </ActionForm>
      </div>
      <p className="mt-2 text-sm text-stone-700">
        What the app did with the local Stripe stand-in, newest first. Times are Sydney time. Stored in{' '}
        <code className="rounded bg-stone-100 px-1">{folder}</code>. Webhooks go to{' '}
        {webhookUrl ? (
          <code className="rounded bg-stone-100 px-1">{webhookUrl}</code>
        ) : (
          'nowhere (HAVEN_STRIPE_WEBHOOK_URL is unset): events are only recorded'
        )}
        .
      </p>

      <Form method="post" {...getFormProps(faultForm)} className="mt-6 rounded border border-stone-300 p-4">
        <FormAlert id={faultForm.errorId} errors={faultForm.errors} />
        <input type="hidden" name="intent" value="fault" />
        <fieldset>
          <legend className="font-semibold">Fault for every call to Stripe</legend>
          <div className="mt-2 space-y-1 text-sm">
            {faultChoices.map((choice) => (
              <label key={choice.value} className="flex items-center gap-2">
                <input
                  type="radio"
                  name={faultFields.fault.name}
                  value={choice.value}
                  defaultChecked={fault === choice.value}
                />
                {choice.label}
              </label>
            ))}
          </div>
          <ErrorList errors={faultFields.fault.errors} />
        </fieldset>
        <button type="submit" className={`${button} mt-3`}>
          Apply
        </button>
        <p className="mt-2 text-xs text-stone-600">
          Now: <strong>{fault}</strong>. Or per session: a customer email with <code>+stripe-down@</code> or{' '}
          <code>+stripe-500@</code> fails only its creation.
        </p>
      </Form>

      <section aria-labelledby="sessions-heading" className="mt-8">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Checkout Sessions
        </h2>
        {sessions.length === 0 ? (
          <p className="mt-2 text-sm text-stone-700">No sessions yet.</p>
        ) : (
          <table className="mt-2 w-full border-collapse text-left text-sm">
            <caption className="sr-only">Checkout Sessions, newest first</caption>
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className={th}>
                  Created
                </th>
                <th scope="col" className={th}>
                  Session
                </th>
                <th scope="col" className={th}>
                  For
                </th>
                <th scope="col" className={th}>
                  Amount
                </th>
                <th scope="col" className={th}>
                  Status
                </th>
                <th scope="col" className={th}>
                  Payment
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.id} className="border-b border-stone-200">
                  <td className={`${td} whitespace-nowrap`}>
                    <When created={session.created} />
                  </td>
                  <td className={`${td} break-all`}>
                    <Link
                      to={`/dev/stripe/checkout/${session.id}`}
                      className="font-medium text-brand-700 underline underline-offset-4 hover:text-brand-800"
                    >
                      {session.id}
                    </Link>
                  </td>
                  <td className={td}>{session.description}</td>
                  <td className={`${td} whitespace-nowrap`}>{session.amount}</td>
                  <td className={td}>{session.status}</td>
                  <td className={`${td} break-all`}>
                    {session.paymentStatus}
                    {session.paymentIntent ? ` (${session.paymentIntent})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="refunds-heading" className="mt-8">
        <h2 id="refunds-heading" className="text-lg font-semibold">
          Refunds
        </h2>
        {refunds.length === 0 ? (
          <p className="mt-2 text-sm text-stone-700">No refunds yet.</p>
        ) : (
          <table className="mt-2 w-full border-collapse text-left text-sm">
            <caption className="sr-only">Refunds, newest first</caption>
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className={th}>
                  Created
                </th>
                <th scope="col" className={th}>
                  Refund
                </th>
                <th scope="col" className={th}>
                  Payment
                </th>
                <th scope="col" className={th}>
                  Amount
                </th>
                <th scope="col" className={th}>
                  Status
                </th>
              </tr>
            </thead>
            <tbody>
              {refunds.map((refund) => (
                <tr key={refund.id} className="border-b border-stone-200">
                  <td className={`${td} whitespace-nowrap`}>
                    <When created={refund.created} />
                  </td>
                  <td className={`${td} break-all`}>{refund.id}</td>
                  <td className={`${td} break-all`}>{refund.paymentIntent}</td>
                  <td className={`${td} whitespace-nowrap`}>{refund.amount}</td>
                  <td className={td}>{refund.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="events-heading" className="mt-8">
        <h2 id="events-heading" className="text-lg font-semibold">
          Webhook events
        </h2>
        {events.length === 0 ? (
          <p className="mt-2 text-sm text-stone-700">No events yet.</p>
        ) : (
          <table className="mt-2 w-full border-collapse text-left text-sm">
            <caption className="sr-only">Webhook events, newest first, with how their delivery went</caption>
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className={th}>
                  Created
                </th>
                <th scope="col" className={th}>
                  Type
                </th>
                <th scope="col" className={th}>
                  Object
                </th>
                <th scope="col" className={th}>
                  Delivery
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} className="border-b border-stone-200">
                  <td className={`${td} whitespace-nowrap`}>
                    <When created={event.created} />
                  </td>
                  <td className={td}>
                    <code>{event.type}</code>
                    <div className="text-xs break-all text-stone-600">{event.id}</div>
                  </td>
                  <td className={`${td} break-all`}>{event.objectId}</td>
                  <td className={td}>
                    {event.delivery === 'not_sent' ? 'recorded only' : event.delivery}
                    {event.attempts > 0 ? (
                      <div className="text-xs text-stone-600">
                        {event.attempts} {event.attempts === 1 ? 'attempt' : 'attempts'}; last:{' '}
                        {event.lastOutcome}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
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
