import { getFormProps, getInputProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { type ActionReplyData, Field, FormAlert, replyFor, useValidatedForm } from '~/components/forms.tsx'
import { practiceSchema } from '~/domain/billing/settings.ts'
import type { loader } from '../billing.tsx'

type Practice = Awaited<ReturnType<typeof loader>>['practice']

/** What receipts print about the practice, and how invoices are numbered. */
export function PracticeForm({ practice, reply }: { practice: Practice; reply: ActionReplyData }) {
  const [form, fields] = useValidatedForm(
    'practice-details',
    practiceSchema,
    replyFor(reply, 'practice'),
    practice,
  )
  return (
    <section id="practice" aria-labelledby="practice-title" className="scroll-mt-6">
      <h2 id="practice-title" className="text-lg font-semibold text-stone-900">
        Practice details for receipts
      </h2>
      <Form
        method="post"
        {...getFormProps(form)}
        className="mt-3 max-w-2xl space-y-4 rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
      >
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="practice" />
        <Field
          label="Practice name"
          errors={fields.name.errors}
          inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'organization' }}
        />
        <Field
          label="ABN"
          hint="11 digits, checked against the ATO's check digits"
          errors={fields.abn.errors}
          inputProps={{
            ...getInputProps(fields.abn, { type: 'text' }),
            autoComplete: 'off',
            inputMode: 'numeric',
          }}
        />
        <Field
          label="Address"
          errors={fields.address.errors}
          inputProps={{ ...getInputProps(fields.address, { type: 'text' }), autoComplete: 'street-address' }}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Phone"
            errors={fields.phone.errors}
            inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'off' }}
          />
          <Field
            label="Email"
            errors={fields.email.errors}
            inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Invoice prefix"
            hint={`The next invoice is number ${practice.nextInvoiceNumber}; numbering carries on if the prefix changes.`}
            errors={fields.invoicePrefix.errors}
            inputProps={{
              ...getInputProps(fields.invoicePrefix, { type: 'text' }),
              autoComplete: 'off',
              maxLength: 8,
            }}
          />
          <Field
            label="Late-cancellation refund (%)"
            hint="The share of the fee refunded when a patient cancels inside the notice window. 0: none."
            errors={fields.lateCancellationRefundPercent.errors}
            inputProps={{
              ...getInputProps(fields.lateCancellationRefundPercent, { type: 'number' }),
              autoComplete: 'off',
              min: 0,
              max: 100,
              step: 1,
              inputMode: 'numeric',
            }}
          />
        </div>
        <button
          type="submit"
          className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-800"
        >
          Save practice details
        </button>
      </Form>
    </section>
  )
}
