import { getFormProps, getInputProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { type ActionReplyData, Field, FormAlert, replyFor, useValidatedForm } from '~/components/forms.tsx'
import { REGISTRATION_LABELS } from '~/domain/billing/labels.ts'
import { feeRowSchema } from '~/domain/billing/settings.ts'
import { formatAud } from '~/utils/money.ts'
import type { loader } from '../billing.tsx'

type Fees = Awaited<ReturnType<typeof loader>>['fees']

/** Each psychologist's own fee for each kind of session: one form per row. */
export function FeeGrid({ fees, reply }: { fees: Fees; reply: ActionReplyData }) {
  return (
    <section id="fees" aria-labelledby="fees-title" className="scroll-mt-6">
      <h2 id="fees-title" className="text-lg font-semibold text-stone-900">
        Psychologists&apos; fees
      </h2>
      <p className="mt-1 text-sm text-stone-600">
        Each psychologist&apos;s own fee for each kind of session. Leave a box empty to charge the
        practice&apos;s fee shown under the session&apos;s name.
      </p>
      <div className="mt-3 overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-stone-200 text-sm">
          <caption className="sr-only">Fees by psychologist and session</caption>
          <thead className="bg-stone-50 text-left text-stone-600">
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">
                Psychologist
              </th>
              {fees.types.map((type) => (
                <th key={type.id} scope="col" className="px-4 py-3 font-medium">
                  {type.name}
                  <span className="block font-normal text-stone-500">
                    {type.durationMinutes} min · {formatAud(type.feeCents)}
                  </span>
                </th>
              ))}
              <th scope="col" className="px-4 py-3 font-medium">
                <span className="sr-only">Save</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {fees.psychologists.map((psychologist) => (
              // Keyed by what is saved, so the fields show it once a save succeeds.
              <FeeRow
                key={`${psychologist.id}|${JSON.stringify(psychologist.fees)}`}
                psychologist={psychologist}
                types={fees.types}
                reply={replyFor(reply, 'fees', { psychologistId: psychologist.id })}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function FeeRow({
  psychologist,
  types,
  reply,
}: {
  psychologist: Fees['psychologists'][number]
  types: Fees['types']
  reply: ReturnType<typeof replyFor>
}) {
  const [form, fields] = useValidatedForm(
    `fees-${psychologist.id}`,
    feeRowSchema(types.map((type) => type.id)),
    reply,
    {
      fees: Object.fromEntries(
        types.map((type) => {
          const own = psychologist.fees[type.id]
          return [type.id, own === null || own === undefined ? '' : formatAud(own, { bare: true })]
        }),
      ),
    },
  )
  const feeFields = fields.fees.getFieldset()
  return (
    <tr className="align-top">
      <th scope="row" className="px-4 py-3 text-left font-medium text-stone-900">
        {psychologist.name}
        <span className="block font-normal text-stone-500">
          {REGISTRATION_LABELS[psychologist.registrationType]}
        </span>
      </th>
      {types.map((type) => {
        const fee = feeFields[type.id]!
        return (
          <td key={type.id} className="min-w-32 px-4 py-3">
            <Field
              label={
                <span className="sr-only">
                  {psychologist.name}: {type.name} fee ($)
                </span>
              }
              errors={fee.errors}
              inputProps={{
                ...getInputProps(fee, { type: 'text' }),
                inputMode: 'decimal',
                placeholder: formatAud(type.feeCents, { bare: true }),
              }}
            />
          </td>
        )
      })}
      <td className="px-4 py-3">
        <Form method="post" {...getFormProps(form)}>
          <FormAlert id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="fees" />
          <input type="hidden" name="psychologistId" value={psychologist.id} />
          <button
            type="submit"
            className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-100"
          >
            Save<span className="sr-only"> fees for {psychologist.name}</span>
          </button>
        </Form>
      </td>
    </tr>
  )
}
