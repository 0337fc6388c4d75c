import { getFormProps, getInputProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import {
  ActionForm,
  type ActionReplyData,
  Field,
  FormAlert,
  ReplyAlert,
  replyFor,
  useValidatedForm,
} from '~/components/forms.tsx'
import { dayLabel, REGISTRATION_LABELS, SERVICE_LABELS } from '~/domain/billing/labels.ts'
import { medicareItemSchema, medicareRateSchema } from '~/domain/billing/settings.ts'
import { formatAud } from '~/utils/money.ts'
import type { loader } from '../billing.tsx'

type ItemGroup = Awaited<ReturnType<typeof loader>>['items'][number]

const buttonClass =
  'rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-100'

/** The Medicare items by registration, each with its rates by date and its own forms. */
export function MedicareItems({
  items,
  nextIndexation,
  reply,
}: {
  items: ItemGroup[]
  nextIndexation: string
  reply: ActionReplyData
}) {
  return (
    <section id="medicare" aria-labelledby="medicare-title" className="scroll-mt-6 space-y-4">
      <div>
        <h2 id="medicare-title" className="text-lg font-semibold text-stone-900">
          Medicare items
        </h2>
        <p className="mt-1 text-sm text-stone-600">
          Each invoice names the item a session falls under, and receipts read the rebate in force on the day
          of service. For the 1 July indexation add a new rate from that day: earlier sessions keep the rate
          they had.
        </p>
      </div>
      {(['clinical', 'registered'] as const).map((registration) => (
        <div key={registration} className="space-y-3">
          <h3 className="text-base font-semibold text-stone-800">{REGISTRATION_LABELS[registration]}s</h3>
          {items
            .filter((item) => item.registrationType === registration)
            .map((item) => (
              <MedicareItemCard
                key={item.itemNumber}
                item={item}
                nextIndexation={nextIndexation}
                reply={reply}
              />
            ))}
        </div>
      ))}
    </section>
  )
}

function MedicareItemCard({
  item,
  nextIndexation,
  reply,
}: {
  item: ItemGroup
  nextIndexation: string
  reply: ActionReplyData
}) {
  const row = { itemNumber: item.itemNumber }
  const rateReply = replyFor(reply, 'add-rate', row)
  const itemReply = replyFor(reply, 'edit-item', row)
  // A rate that started meanwhile has no remove button left: its refusal is said on the item.
  const removeGone = !item.rates.some(
    (rate) => !rate.inForce && rate.upcoming && replyFor(reply, 'remove-rate', { ...row, rateId: rate.id }),
  )
  const titleId = `item-${item.itemNumber}-title`
  return (
    <article
      id={`item-${item.itemNumber}`}
      aria-labelledby={titleId}
      className="scroll-mt-6 rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h4 id={titleId} className="font-semibold text-stone-900">
            Item {item.itemNumber}
            {item.active ? null : (
              <span className="ml-2 rounded bg-stone-200 px-1.5 py-0.5 text-xs font-medium text-stone-700">
                Switched off
              </span>
            )}
          </h4>
          <p className="text-sm text-stone-700">{item.description}</p>
          <p className="text-sm text-stone-500">
            Put on invoices for: {SERVICE_LABELS[item.service].toLowerCase()} sessions of{' '}
            {item.maxMinutes === null
              ? `${item.minMinutes} minutes or more`
              : `${item.minMinutes} to under ${item.maxMinutes} minutes`}
          </p>
        </div>
        <ActionForm
          intent="switch-item"
          fields={{ ...row, active: item.active ? 'off' : 'on' }}
          row={row}
          reply={reply}
        >
          <button type="submit" className={buttonClass}>
            {item.active ? 'Switch off' : 'Switch on'}
            <span className="sr-only"> item {item.itemNumber}</span>
          </button>
        </ActionForm>
      </div>
      {removeGone ? <ReplyAlert reply={reply} intent="remove-rate" row={row} /> : null}
      <RatesTable item={item} reply={reply} />
      {/* Keyed by the rates: once a rate is added the panel closes and its fields are empty. */}
      <details key={item.rates.length} className="mt-3" open={Boolean(rateReply)}>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">
          Add a rate from a date<span className="sr-only"> for item {item.itemNumber}</span>
        </summary>
        <AddRateForm itemNumber={item.itemNumber} nextIndexation={nextIndexation} reply={rateReply} />
      </details>
      {/* Keyed by what is saved: once a save succeeds the panel closes and its fields show it. */}
      <details
        key={`${item.description}|${item.minMinutes}|${item.maxMinutes}`}
        className="mt-2"
        open={Boolean(itemReply)}
      >
        <summary className="cursor-pointer text-sm font-medium text-brand-700">
          Edit the item<span className="sr-only"> {item.itemNumber}</span>
        </summary>
        <EditItemForm item={item} reply={itemReply} />
      </details>
    </article>
  )
}

function RatesTable({ item, reply }: { item: ItemGroup; reply: ActionReplyData }) {
  return (
    <table className="mt-3 w-full text-left text-sm">
      <caption className="sr-only">Rates of item {item.itemNumber} by the day they start</caption>
      <thead className="text-stone-500">
        <tr>
          <th scope="col" className="py-1 font-medium">
            From
          </th>
          <th scope="col" className="py-1 font-medium">
            Schedule fee
          </th>
          <th scope="col" className="py-1 font-medium">
            Rebate
          </th>
          <th scope="col" className="py-1 font-medium">
            <span className="sr-only">State</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {item.rates.map((rate) => (
          <tr key={rate.id} className="border-t border-stone-100">
            <td className="py-1.5">
              <time dateTime={rate.effectiveFrom}>{dayLabel(rate.effectiveFrom)}</time>
            </td>
            <td className="py-1.5">{formatAud(rate.scheduleFeeCents)}</td>
            <td className="py-1.5">{formatAud(rate.rebateCents)}</td>
            <td className="py-1.5 text-right">
              {rate.inForce ? (
                <span className="font-medium text-brand-800">In force today</span>
              ) : rate.upcoming ? (
                <ActionForm
                  intent="remove-rate"
                  fields={{ rateId: rate.id, itemNumber: item.itemNumber }}
                  row={{ rateId: rate.id, itemNumber: item.itemNumber }}
                  reply={reply}
                  className="inline"
                >
                  <span className="mr-2 text-stone-600">Not started</span>
                  <button type="submit" className="text-sm font-medium text-stone-700 underline">
                    Remove<span className="sr-only"> the rate from {dayLabel(rate.effectiveFrom)}</span>
                  </button>
                </ActionForm>
              ) : (
                <span className="text-stone-500">Earlier</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

type FormReply = ReturnType<typeof replyFor>

function AddRateForm({
  itemNumber,
  nextIndexation,
  reply,
}: {
  itemNumber: string
  nextIndexation: string
  reply: FormReply
}) {
  const [form, fields] = useValidatedForm(`add-rate-${itemNumber}`, medicareRateSchema, reply, {
    effectiveFrom: nextIndexation,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-3 space-y-3">
      <FormAlert id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="add-rate" />
      <input type="hidden" name="itemNumber" value={itemNumber} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field
          label="First day"
          errors={fields.effectiveFrom.errors}
          inputProps={getInputProps(fields.effectiveFrom, { type: 'date' })}
        />
        <Field
          label="Schedule fee ($)"
          errors={fields.scheduleFee.errors}
          inputProps={{ ...getInputProps(fields.scheduleFee, { type: 'text' }), inputMode: 'decimal' }}
        />
        <Field
          label="Rebate ($)"
          hint="Usually 85% of the schedule fee"
          errors={fields.rebate.errors}
          inputProps={{ ...getInputProps(fields.rebate, { type: 'text' }), inputMode: 'decimal' }}
        />
      </div>
      <button type="submit" className={buttonClass}>
        Add the rate<span className="sr-only"> for item {itemNumber}</span>
      </button>
    </Form>
  )
}

function EditItemForm({ item, reply }: { item: ItemGroup; reply: FormReply }) {
  const [form, fields] = useValidatedForm(`edit-item-${item.itemNumber}`, medicareItemSchema, reply, {
    description: item.description,
    minMinutes: String(item.minMinutes),
    maxMinutes: item.maxMinutes === null ? '' : String(item.maxMinutes),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-3 space-y-3">
      <FormAlert id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="edit-item" />
      <input type="hidden" name="itemNumber" value={item.itemNumber} />
      <Field
        label="Description"
        errors={fields.description.errors}
        inputProps={getInputProps(fields.description, { type: 'text' })}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="At least (minutes)"
          errors={fields.minMinutes.errors}
          inputProps={{ ...getInputProps(fields.minMinutes, { type: 'number' }), min: 0, max: 480 }}
        />
        <Field
          label="Shorter than (minutes)"
          hint="Leave empty for no upper limit"
          errors={fields.maxMinutes.errors}
          inputProps={{ ...getInputProps(fields.maxMinutes, { type: 'number' }), min: 1, max: 480 }}
        />
      </div>
      <button type="submit" className={buttonClass}>
        Save the item<span className="sr-only"> {item.itemNumber}</span>
      </button>
    </Form>
  )
}
