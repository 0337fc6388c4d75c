import { getFormProps, getInputProps, getTextareaProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import {
  type ActionReplyData,
  Field,
  FormAlert,
  linkClass,
  ReplyAlert,
  TextareaField,
  useValidatedForm,
} from '~/components/forms.tsx'
import {
  INVOICE_STATUS_LABELS,
  PAYMENT_STATUS_LABELS,
  REFUND_STATUS_LABELS,
  serviceDateLabel,
} from '~/domain/billing/labels.ts'
import { requestRefund } from '~/domain/billing/refunds.server.ts'
import { invoiceForStaff } from '~/domain/billing/reports.server.ts'
import { handleAction } from '~/utils/action.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { dollarsSchema, formatAud } from '~/utils/money.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { formatZonedTime } from '~/utils/time.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/invoices.$invoiceId.tsx']

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.number ?? 'Invoice'} · Haven` },
]

async function loadInvoice(invoiceId: string | undefined) {
  const invoice = invoiceId && invoiceId.length <= 64 ? await invoiceForStaff(invoiceId) : null
  invariantResponse(invoice, 'No such invoice', 404)
  return invoice
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  return loadInvoice(params.invoiceId)
}

const RefundSchema = z.object({
  intent: z.literal('refund'),
  amount: dollarsSchema({ missing: 'Enter the amount to refund', minCents: 1 }),
  reason: z
    .string({ error: 'Give a reason for the refund' })
    .trim()
    .min(1, 'Give a reason for the refund')
    .max(500, 'Keep the reason under 500 characters'),
})

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: RefundSchema,
    perform: async ({ amount, reason }, actor) => {
      const invoice = await loadInvoice(params.invoiceId)
      await requestRefund({ invoiceId: invoice.id, amountCents: amount, reason, actorId: actor.id })
      return redirectWithNotice(
        `/manager/invoices/${invoice.id}`,
        'The refund is on its way to Stripe. Its status below updates when Stripe confirms it.',
      )
    },
  })
}

export default function ManagerInvoicePage() {
  const invoice = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const tz = invoice.appointment.timeZone
  const when = (instant: string) => formatZonedTime(instant, tz)
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={`Invoice ${invoice.number}`}>
        <Link to="/manager/payments" className={linkClass}>
          All payments
        </Link>
      </PageHeader>
      <dl className="grid grid-cols-[10rem_1fr] gap-y-2 rounded-xl border border-stone-200 bg-white p-5 text-sm shadow-sm">
        <dt className="text-stone-500">Patient</dt>
        <dd>
          <Link to={`/manager/patients/${invoice.patient.id}`} className={linkClass}>
            {invoice.patient.name}
          </Link>{' '}
          ({invoice.patient.email})
        </dd>
        <dt className="text-stone-500">Session</dt>
        <dd>
          <Link to={`/manager/appointments/${invoice.appointment.id}`} className={linkClass}>
            <time dateTime={invoice.appointment.startsAt}>
              {serviceDateLabel(invoice.appointment.startsAt, tz)}
            </time>
          </Link>{' '}
          with {invoice.appointment.psychologist}
        </dd>
        <dt className="text-stone-500">Status</dt>
        <dd>{INVOICE_STATUS_LABELS[invoice.status]}</dd>
        <dt className="text-stone-500">Total</dt>
        <dd>{formatAud(invoice.totalCents)} (GST-free)</dd>
        <dt className="text-stone-500">Paid</dt>
        <dd>
          {formatAud(invoice.paidCents)}
          {invoice.paidAt ? <> on {when(invoice.paidAt)}</> : null}
        </dd>
        <dt className="text-stone-500">Refunded</dt>
        <dd>
          {formatAud(invoice.refundedCents)}
          {invoice.inFlightCents > 0 ? <>, and {formatAud(invoice.inFlightCents)} on its way</> : null}
        </dd>
      </dl>

      <Card title="Lines">
        <ul className="space-y-1">
          {invoice.lines.map((line) => (
            <li key={line.id}>
              {line.description}: {formatAud(line.amountCents)}
              {line.itemNumber ? ` (Medicare item ${line.itemNumber})` : ' (no Medicare item)'}
            </li>
          ))}
        </ul>
      </Card>

      <section aria-labelledby="payments-title">
        <h2 id="payments-title" className="text-base font-semibold text-stone-900">
          Payments
        </h2>
        {invoice.payments.length === 0 ? (
          <p className="mt-2 text-sm text-stone-700">No payment attempts yet.</p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm">
            {invoice.payments.map((payment) => (
              <li key={payment.id} className="rounded-lg border border-stone-200 bg-white p-3">
                <p className="font-medium text-stone-900">
                  {formatAud(payment.amountCents)}: {PAYMENT_STATUS_LABELS[payment.status]}, started{' '}
                  <time dateTime={payment.createdAt}>{when(payment.createdAt)}</time>
                  {payment.disputeStatus ? (
                    <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">
                      Disputed ({payment.disputeStatus})
                    </span>
                  ) : null}
                </p>
                <p className="font-mono text-xs break-all text-stone-600">
                  {payment.checkoutSessionId ? `Checkout ${payment.checkoutSessionId}` : null}
                  {payment.checkoutSessionId && payment.paymentIntentId ? ' · ' : null}
                  {payment.paymentIntentId ? `Payment ${payment.paymentIntentId}` : null}
                </p>
                {payment.failureMessage ? (
                  <p className="text-red-800">Stripe said: {payment.failureMessage}</p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="refunds-title">
        <h2 id="refunds-title" className="text-base font-semibold text-stone-900">
          Refunds
        </h2>
        {invoice.refunds.length === 0 ? (
          <p className="mt-2 text-sm text-stone-700">No refunds.</p>
        ) : (
          <ul className="mt-2 space-y-2 text-sm">
            {invoice.refunds.map((refund) => (
              <li key={refund.id} className="rounded-lg border border-stone-200 bg-white p-3">
                <p className="font-medium text-stone-900">
                  {formatAud(refund.amountCents)}: {REFUND_STATUS_LABELS[refund.status]}
                </p>
                <p className="text-stone-700">
                  {refund.reason} (by {refund.requestedBy},{' '}
                  <time dateTime={refund.createdAt}>{when(refund.createdAt)}</time>)
                </p>
                {refund.stripeRefundId ? (
                  <p className="font-mono text-xs text-stone-600">Refund {refund.stripeRefundId}</p>
                ) : null}
                {refund.failureMessage ? (
                  <p className="text-red-800">Stripe said: {refund.failureMessage}</p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section
        aria-labelledby="refund-title"
        className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
      >
        <h2 id="refund-title" className="text-base font-semibold text-stone-900">
          Refund
        </h2>
        {invoice.refundableCents > 0 ? (
          // Keyed by what is left to refund, so the amount shows it once a refund is made.
          <RefundForm key={invoice.refundableCents} refundableCents={invoice.refundableCents} reply={reply} />
        ) : (
          <>
            <ReplyAlert reply={reply} />
            <p className="mt-2 text-sm text-stone-700">
              {invoice.paidCents === 0
                ? 'Nothing has been paid on this invoice, so there is nothing to refund.'
                : 'Everything paid has been refunded, or the refunds are on their way.'}
            </p>
          </>
        )}
      </section>
    </div>
  )
}

function RefundForm({ refundableCents, reply }: { refundableCents: number; reply: ActionReplyData }) {
  const [form, fields] = useValidatedForm('refund', RefundSchema, reply?.result, {
    amount: formatAud(refundableCents, { bare: true }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-3 max-w-md space-y-3">
      <FormAlert id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="refund" />
      <Field
        label="Amount ($)"
        hint={`Up to ${formatAud(refundableCents)} can be refunded.`}
        errors={fields.amount.errors}
        inputProps={{ ...getInputProps(fields.amount, { type: 'text' }), inputMode: 'decimal' }}
      />
      <TextareaField
        label="Reason"
        hint="Kept with the refund, for the practice's records."
        errors={fields.reason.errors}
        textareaProps={{ ...getTextareaProps(fields.reason), rows: 2 }}
      />
      <button
        type="submit"
        className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-800"
      >
        Refund through Stripe
      </button>
    </Form>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        403: {
          title: 'Refunds are for the practice manager',
          body: 'Only staff who look after the practice’s payments can see invoices and refund them.',
        },
        404: {
          title: 'We could not find that invoice',
          body: 'The link may be old. Every invoice is listed under Payments.',
        },
      }}
    />
  )
}
