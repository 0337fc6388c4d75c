import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { Field, FormAlert, linkClass, type ListOfErrors, Notice } from '~/components/forms.tsx'
import { formatAbn } from '~/domain/billing/abn.ts'
import { REGISTRATION_LABELS, SERVICE_LABELS } from '~/domain/billing/labels.ts'
import {
  feeFieldName,
  medicareItemSchema,
  medicareRateSchema,
  medicareSwitchSchema,
  nextIndexationDay,
  practiceSchema,
  readFeeRow,
  removeRateSchema,
} from '~/domain/billing/settings.ts'
import {
  addMedicareRate,
  BillingRecordNotFoundError,
  BillingSettingsError,
  feeGrid,
  medicareItemGroups,
  practiceDetails,
  practiceToday,
  removeUpcomingMedicareRate,
  setMedicareItemActive,
  setPsychologistFees,
  updateMedicareItem,
  updatePracticeDetails,
} from '~/domain/billing/settings.server.ts'
import { formatAustralianPhone } from '~/domain/patients/phone.ts'
import { readFormData } from '~/utils/form-data.server.ts'
import { formatAud } from '~/utils/money.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/billing.tsx']

export const meta: MetaFunction = () => [{ title: 'Billing · Haven' }]

// Billing settings change what every invoice and receipt says: the invoice permissions guard them.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  const today = practiceToday()
  const [practice, items, fees] = await Promise.all([practiceDetails(), medicareItemGroups(today), feeGrid()])
  return {
    practice: {
      name: practice.name,
      abn: formatAbn(practice.abn),
      address: practice.address,
      phone: formatAustralianPhone(practice.phone),
      email: practice.email,
      invoicePrefix: practice.invoicePrefix,
      lateCancellationRefundPercent: practice.lateCancellationRefundPercent,
      nextInvoiceNumber: practice.nextInvoiceNumber,
    },
    items,
    fees,
    nextIndexation: nextIndexationDay(today),
  }
}

type FieldErrors = Record<string, string[] | undefined>
/** A refused form: what was wrong, and what was typed (so a page without JavaScript keeps it). */
type Refusal = { form: string; formError: string; fieldErrors: FieldErrors; values: Record<string, string> }

function refuse(submitted: Record<string, FormDataEntryValue>) {
  const values = Object.fromEntries(
    Object.entries(submitted).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : [])),
  )
  return (
    form: string,
    fieldErrors: FieldErrors,
    status = 400,
    formError = 'Check the highlighted fields.',
  ) => data<Refusal>({ form, formError, fieldErrors, values }, { status })
}

const fieldErrorsOf = (error: z.ZodError) => z.flattenError(error).fieldErrors as FieldErrors
const saved = (what: string, anchor: string) => redirect(`/manager/billing?saved=${what}#${anchor}`)

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireAccess(request, POLICY.intents.practice)
  const form = Object.fromEntries(await readFormData(request))
  const refused = refuse(form)
  try {
    switch (form.intent) {
      case 'practice': {
        const parsed = practiceSchema.safeParse(form)
        if (!parsed.success) return refused('practice', fieldErrorsOf(parsed.error))
        await updatePracticeDetails(actor.id, parsed.data)
        return saved('practice', 'practice')
      }
      case 'add-rate': {
        const parsed = medicareRateSchema.safeParse(form)
        const formId = `rate-${String(form.itemNumber)}`
        if (!parsed.success) return refused(formId, fieldErrorsOf(parsed.error))
        try {
          await addMedicareRate(actor.id, parsed.data)
        } catch (error) {
          if (error instanceof BillingSettingsError)
            return refused(formId, { [error.field]: [error.message] }, 409)
          throw error
        }
        return saved('rate', `item-${parsed.data.itemNumber}`)
      }
      case 'edit-item': {
        const parsed = medicareItemSchema.safeParse(form)
        const formId = `item-${String(form.itemNumber)}`
        if (!parsed.success) return refused(formId, fieldErrorsOf(parsed.error))
        await updateMedicareItem(actor.id, parsed.data)
        return saved('item', formId)
      }
      case 'switch-item': {
        const parsed = medicareSwitchSchema.safeParse(form)
        if (!parsed.success) break
        await setMedicareItemActive(actor.id, parsed.data.itemNumber, parsed.data.active === 'on')
        return saved(
          parsed.data.active === 'on' ? 'switched-on' : 'switched-off',
          `item-${parsed.data.itemNumber}`,
        )
      }
      case 'remove-rate': {
        const parsed = removeRateSchema.safeParse(form)
        if (!parsed.success) break
        try {
          await removeUpcomingMedicareRate(actor.id, parsed.data.rateId)
        } catch (error) {
          if (error instanceof BillingSettingsError)
            return refused(`rates-${String(form.itemNumber)}`, {}, 409, error.message)
          throw error
        }
        return saved('rate-removed', `item-${String(form.itemNumber)}`)
      }
      case 'fees': {
        const psychologistId = typeof form.psychologistId === 'string' ? form.psychologistId : ''
        const { types } = await feeGrid()
        const row = readFeeRow(
          form,
          types.map((type) => type.id),
        )
        if (!row.ok) return refused(`fees-${psychologistId}`, row.errors)
        await setPsychologistFees(actor.id, psychologistId, row.changes)
        return saved('fees', 'fees')
      }
    }
  } catch (error) {
    if (error instanceof BillingRecordNotFoundError) throw new Response('Not found', { status: 404 })
    throw error
  }
  return refused('', {}, 400, 'That request was not understood. Reload the page and try again.')
}

const SAVED_NOTICES: Record<string, string> = {
  practice: 'Practice details saved. New invoices and receipts print them.',
  rate: 'New rate added. Sessions before its first day keep the earlier rate.',
  'rate-removed': 'The rate that had not started is removed.',
  item: 'Item saved.',
  'switched-off': 'Item switched off: new invoices no longer use it. Invoices already issued keep it.',
  'switched-on': 'Item switched on: new invoices use it again.',
  fees: 'Fees saved. New bookings are charged them; existing ones keep their fee.',
}

const buttonClass =
  'rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-100'
const primaryButtonClass =
  'rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-800'

const dayLabel = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString('en-AU', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })

type LoaderData = Awaited<ReturnType<typeof loader>>

export default function BillingSettingsPage() {
  const { practice, items, fees, nextIndexation } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const notice = searchParams.get('saved')
  const refusalFor = (form: string) => (actionData?.form === form ? actionData : undefined)
  return (
    <div className="space-y-8">
      <PageHeader title="Billing">
        What receipts print, the Medicare items and their rates, and each psychologist&apos;s fees. Psychology
        services are GST-free.
      </PageHeader>
      {notice && SAVED_NOTICES[notice] && !actionData ? <Notice>{SAVED_NOTICES[notice]}</Notice> : null}
      {actionData && actionData.form === '' ? <FormAlert errors={[actionData.formError]} /> : null}
      <nav aria-label="On this page" className="flex flex-wrap gap-4 text-sm">
        <a href="#practice" className={linkClass}>
          Practice details
        </a>
        <a href="#fees" className={linkClass}>
          Psychologists&apos; fees
        </a>
        <a href="#medicare" className={linkClass}>
          Medicare items
        </a>
      </nav>
      <PracticeForm practice={practice} refusal={refusalFor('practice')} />
      <FeesGrid fees={fees} refusalFor={refusalFor} />
      <MedicareItems items={items} nextIndexation={nextIndexation} refusalFor={refusalFor} />
    </div>
  )
}

function PracticeForm({ practice, refusal }: { practice: LoaderData['practice']; refusal?: Refusal }) {
  const errors = (field: keyof typeof practice): ListOfErrors => refusal?.fieldErrors[field]
  const field = (name: keyof typeof practice, extra: { type?: string; autoComplete?: string } = {}) => ({
    id: `practice-${name}`,
    name,
    type: extra.type ?? 'text',
    autoComplete: extra.autoComplete ?? 'off',
    defaultValue: refusal?.values[name] ?? String(practice[name]),
    required: true,
  })
  return (
    <section id="practice" aria-labelledby="practice-title" className="scroll-mt-6">
      <h2 id="practice-title" className="text-lg font-semibold text-stone-900">
        Practice details for receipts
      </h2>
      {/* Keyed by what is saved, so the fields show it once a save succeeds. */}
      <Form
        key={JSON.stringify(practice)}
        method="post"
        className="mt-3 max-w-2xl space-y-4 rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
      >
        <FormAlert errors={[refusal?.formError]} />
        <input type="hidden" name="intent" value="practice" />
        <Field
          label="Practice name"
          errors={errors('name')}
          inputProps={field('name', { autoComplete: 'organization' })}
        />
        <Field
          label="ABN"
          hint="11 digits, checked against the ATO's check digits"
          errors={errors('abn')}
          inputProps={{ ...field('abn'), inputMode: 'numeric' }}
        />
        <Field
          label="Address"
          errors={errors('address')}
          inputProps={field('address', { autoComplete: 'street-address' })}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Phone" errors={errors('phone')} inputProps={field('phone', { type: 'tel' })} />
          <Field label="Email" errors={errors('email')} inputProps={field('email', { type: 'email' })} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Invoice prefix"
            hint={`The next invoice is number ${practice.nextInvoiceNumber}; numbering carries on if the prefix changes.`}
            errors={errors('invoicePrefix')}
            inputProps={{ ...field('invoicePrefix'), maxLength: 8 }}
          />
          <Field
            label="Late-cancellation refund (%)"
            hint="The share of the fee refunded when a patient cancels inside the notice window. 0: none."
            errors={errors('lateCancellationRefundPercent')}
            inputProps={{
              ...field('lateCancellationRefundPercent', { type: 'number' }),
              min: 0,
              max: 100,
              step: 1,
              inputMode: 'numeric',
            }}
          />
        </div>
        <button type="submit" className={primaryButtonClass}>
          Save practice details
        </button>
      </Form>
    </section>
  )
}

type ItemGroup = LoaderData['items'][number]

function MedicareItems({
  items,
  nextIndexation,
  refusalFor,
}: {
  items: ItemGroup[]
  nextIndexation: string
  refusalFor: (form: string) => Refusal | undefined
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
                refusalFor={refusalFor}
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
  refusalFor,
}: {
  item: ItemGroup
  nextIndexation: string
  refusalFor: (form: string) => Refusal | undefined
}) {
  const rateRefusal = refusalFor(`rate-${item.itemNumber}`)
  const itemRefusal = refusalFor(`item-${item.itemNumber}`)
  const ratesRefusal = refusalFor(`rates-${item.itemNumber}`)
  const id = (field: string) => `item-${item.itemNumber}-${field}`
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
        <Form method="post">
          <input type="hidden" name="intent" value="switch-item" />
          <input type="hidden" name="itemNumber" value={item.itemNumber} />
          <input type="hidden" name="active" value={item.active ? 'off' : 'on'} />
          <button type="submit" className={buttonClass}>
            {item.active ? 'Switch off' : 'Switch on'}
            <span className="sr-only"> item {item.itemNumber}</span>
          </button>
        </Form>
      </div>
      <FormAlert errors={[ratesRefusal?.formError]} />
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
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="remove-rate" />
                    <input type="hidden" name="rateId" value={rate.id} />
                    <input type="hidden" name="itemNumber" value={item.itemNumber} />
                    <span className="mr-2 text-stone-600">Not started</span>
                    <button type="submit" className="text-sm font-medium text-stone-700 underline">
                      Remove<span className="sr-only"> the rate from {dayLabel(rate.effectiveFrom)}</span>
                    </button>
                  </Form>
                ) : (
                  <span className="text-stone-500">Earlier</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="mt-3" open={Boolean(rateRefusal)}>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">
          Add a rate from a date<span className="sr-only"> for item {item.itemNumber}</span>
        </summary>
        <Form key={item.rates.length} method="post" className="mt-3 space-y-3">
          <FormAlert errors={[rateRefusal?.formError]} />
          <input type="hidden" name="intent" value="add-rate" />
          <input type="hidden" name="itemNumber" value={item.itemNumber} />
          <div className="grid gap-3 sm:grid-cols-3">
            <Field
              label="First day"
              errors={rateRefusal?.fieldErrors.effectiveFrom}
              inputProps={{
                id: id('effectiveFrom'),
                name: 'effectiveFrom',
                type: 'date',
                required: true,
                defaultValue: rateRefusal?.values.effectiveFrom ?? nextIndexation,
              }}
            />
            <Field
              label="Schedule fee ($)"
              errors={rateRefusal?.fieldErrors.scheduleFee}
              inputProps={{
                id: id('scheduleFee'),
                name: 'scheduleFee',
                inputMode: 'decimal',
                required: true,
                defaultValue: rateRefusal?.values.scheduleFee,
              }}
            />
            <Field
              label="Rebate ($)"
              hint="Usually 85% of the schedule fee"
              errors={rateRefusal?.fieldErrors.rebate}
              inputProps={{
                id: id('rebate'),
                name: 'rebate',
                inputMode: 'decimal',
                required: true,
                defaultValue: rateRefusal?.values.rebate,
              }}
            />
          </div>
          <button type="submit" className={buttonClass}>
            Add the rate<span className="sr-only"> for item {item.itemNumber}</span>
          </button>
        </Form>
      </details>
      <details className="mt-2" open={Boolean(itemRefusal)}>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">
          Edit the item<span className="sr-only"> {item.itemNumber}</span>
        </summary>
        <Form
          key={`${item.description}|${item.minMinutes}|${item.maxMinutes}`}
          method="post"
          className="mt-3 space-y-3"
        >
          <FormAlert errors={[itemRefusal?.formError]} />
          <input type="hidden" name="intent" value="edit-item" />
          <input type="hidden" name="itemNumber" value={item.itemNumber} />
          <Field
            label="Description"
            errors={itemRefusal?.fieldErrors.description}
            inputProps={{
              id: id('description'),
              name: 'description',
              required: true,
              defaultValue: itemRefusal?.values.description ?? item.description,
            }}
          />
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              label="At least (minutes)"
              errors={itemRefusal?.fieldErrors.minMinutes}
              inputProps={{
                id: id('minMinutes'),
                name: 'minMinutes',
                type: 'number',
                min: 0,
                max: 480,
                required: true,
                defaultValue: itemRefusal?.values.minMinutes ?? item.minMinutes,
              }}
            />
            <Field
              label="Shorter than (minutes)"
              hint="Leave empty for no upper limit"
              errors={itemRefusal?.fieldErrors.maxMinutes}
              inputProps={{
                id: id('maxMinutes'),
                name: 'maxMinutes',
                type: 'number',
                min: 1,
                max: 480,
                defaultValue: itemRefusal?.values.maxMinutes ?? item.maxMinutes ?? '',
              }}
            />
          </div>
          <button type="submit" className={buttonClass}>
            Save the item<span className="sr-only"> {item.itemNumber}</span>
          </button>
        </Form>
      </details>
    </article>
  )
}

function FeesGrid({
  fees,
  refusalFor,
}: {
  fees: LoaderData['fees']
  refusalFor: (form: string) => Refusal | undefined
}) {
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
            {fees.psychologists.map((psychologist) => {
              const formId = `fees-${psychologist.id}`
              const refusal = refusalFor(formId)
              return (
                <tr key={psychologist.id} className="align-top">
                  <th scope="row" className="px-4 py-3 text-left font-medium text-stone-900">
                    {psychologist.name}
                    <span className="block font-normal text-stone-500">
                      {REGISTRATION_LABELS[psychologist.registrationType]}
                    </span>
                  </th>
                  {fees.types.map((type) => {
                    const own = psychologist.fees[type.id]
                    return (
                      <td key={type.id} className="min-w-32 px-4 py-3">
                        <Field
                          key={own ?? 'default'}
                          label={
                            <span className="sr-only">
                              {psychologist.name}: {type.name} fee ($)
                            </span>
                          }
                          errors={refusal?.fieldErrors[type.id]}
                          inputProps={{
                            id: `${formId}-${type.id}`,
                            name: feeFieldName(type.id),
                            form: formId,
                            inputMode: 'decimal',
                            placeholder: formatAud(type.feeCents, { bare: true }),
                            defaultValue:
                              refusal?.values[feeFieldName(type.id)] ??
                              (own === null || own === undefined ? '' : formatAud(own, { bare: true })),
                          }}
                        />
                      </td>
                    )
                  })}
                  <td className="px-4 py-3">
                    <Form method="post" id={formId}>
                      <input type="hidden" name="intent" value="fees" />
                      <input type="hidden" name="psychologistId" value={psychologist.id} />
                      <button type="submit" className={buttonClass}>
                        Save<span className="sr-only"> fees for {psychologist.name}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
