import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { Field, FormAlert, linkClass, Notice, TextareaField } from '~/components/forms.tsx'
import {
  INVOICE_STATUS_LABELS,
  PAYMENT_STATUS_LABELS,
  REFUND_STATUS_LABELS,
  serviceDateLabel,
} from '~/domain/billing/labels.ts'
import { RefundRefusedError, requestRefund } from '~/domain/billing/refunds.server.ts'
import { invoiceForStaff } from '~/domain/billing/reports.server.ts'
import { readFormData } from '~/utils/form-data.server.ts'
import { dollarsSchema, formatAud } from '~/utils/money.ts'
import { formatZonedTime } from '~/utils/time.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/invoices.$invoiceId.tsx']

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.number ?? 'Invoice'} · Haven` },
]

async function loadInvoice(invoiceId: string | undefined) {
  const invoice = invoiceId && invoiceId.length <= 64 ? await invoiceForStaff(invoiceId) : null
  if (!invoice) throw new Response('Not found', { status: 404 })
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

type RefundRefusal = {
  formError: string
  fieldErrors: Partial<Record<'amount' | 'reason', string[]>>
  values: { amount: string; reason: string }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireAccess(request, POLICY.intents.refund)
  const invoice = await loadInvoice(params.invoiceId)
  const form = Object.fromEntries(await readFormData(request))
  const values = { amount: String(form.amount ?? ''), reason: String(form.reason ?? '') }
  const parsed = RefundSchema.safeParse(form)
  if (!parsed.success)
    return data<RefundRefusal>(
      {
        formError: 'Check the highlighted fields.',
        fieldErrors: z.flattenError(parsed.error).fieldErrors,
        values,
      },
      { status: 400 },
    )
  try {
    await requestRefund({
      invoiceId: invoice.id,
      amountCents: parsed.data.amount,
      reason: parsed.data.reason,
      actorId: actor.id,
    })
  } catch (error) {
    if (error instanceof RefundRefusedError)
      return data<RefundRefusal>({ formError: error.message, fieldErrors: {}, values }, { status: 409 })
    throw error
  }
  return redirect(`/manager/invoices/${invoice.id}?refund=requested`)
}

export default function ManagerInvoicePage() {
  const invoice = useLoaderData<typeof loader>()
  const refusal = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const tz = invoice.appointment.timeZone
  const when = (instant: string) => formatZonedTime(instant, tz)
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={`Invoice ${invoice.number}`}>
        <Link to="/manager/payments" className={linkClass}>
          All payments
        </Link>
      </PageHeader>
      {searchParams.get('refund') === 'requested' && !refusal ? (
        <Notice>The refund is on its way to Stripe. Its status below updates when Stripe confirms it.</Notice>
      ) : null}
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
          <Form method="post" className="mt-3 max-w-md space-y-3">
            <FormAlert errors={[refusal?.formError]} />
            <input type="hidden" name="intent" value="refund" />
            <Field
              label="Amount ($)"
              hint={`Up to ${formatAud(invoice.refundableCents)} can be refunded.`}
              errors={refusal?.fieldErrors.amount}
              inputProps={{
                id: 'refund-amount',
                name: 'amount',
                inputMode: 'decimal',
                required: true,
                defaultValue: refusal?.values.amount ?? formatAud(invoice.refundableCents, { bare: true }),
              }}
            />
            <TextareaField
              label="Reason"
              hint="Kept with the refund, for the practice's records."
              errors={refusal?.fieldErrors.reason}
              textareaProps={{
                id: 'refund-reason',
                name: 'reason',
                rows: 2,
                required: true,
                maxLength: 500,
                defaultValue: refusal?.values.reason,
              }}
            />
            <button
              type="submit"
              className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-800"
            >
              Refund through Stripe
            </button>
          </Form>
        ) : (
          <>
            <FormAlert errors={[refusal?.formError]} />
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
