import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { linkClass } from '~/components/forms.tsx'
import { formatAbn } from '~/domain/billing/abn.ts'
import { nextIndexationDay } from '~/domain/billing/settings.ts'
import {
  addMedicareRate,
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
import { handleAction } from '~/utils/action.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { FeeGrid } from './__billing/fee-grid.tsx'
import { MedicareItems } from './__billing/medicare-items.tsx'
import { PracticeForm } from './__billing/practice-form.tsx'
import { billingSchema } from './__billing/schemas.ts'

const POLICY = ROUTE_POLICIES['manager+/billing.tsx']

export const meta: MetaFunction = () => [{ title: 'Billing · Haven' }]

// Billing settings change what every invoice and receipt says: they have permissions of their own.
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

/** Back to the part of the page that changed, saying what the change means. */
const saved = (anchor: string, message: string) => redirectWithNotice(`/manager/billing#${anchor}`, message)

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: async () => billingSchema((await feeGrid()).types.map((type) => type.id)),
    perform: async (input, actor) => {
      switch (input.intent) {
        case 'practice':
          await updatePracticeDetails(actor.id, input)
          return saved('practice', 'Practice details saved. New invoices and receipts print them.')
        case 'add-rate':
          await addMedicareRate(actor.id, input)
          return saved(
            `item-${input.itemNumber}`,
            'New rate added. Sessions before its first day keep the earlier rate.',
          )
        case 'edit-item':
          await updateMedicareItem(actor.id, input)
          return saved(`item-${input.itemNumber}`, 'Item saved.')
        case 'switch-item':
          await setMedicareItemActive(actor.id, input.itemNumber, input.active === 'on')
          return saved(
            `item-${input.itemNumber}`,
            input.active === 'on'
              ? 'Item switched on: new invoices use it again.'
              : 'Item switched off: new invoices no longer use it. Invoices already issued keep it.',
          )
        case 'remove-rate':
          await removeUpcomingMedicareRate(actor.id, input.rateId)
          return saved(`item-${input.itemNumber}`, 'The rate that had not started is removed.')
        case 'fees':
          await setPsychologistFees(actor.id, input.psychologistId, input.fees)
          return saved('fees', 'Fees saved. New bookings are charged them; existing ones keep their fee.')
      }
    },
  })
}

export default function BillingSettingsPage() {
  const { practice, items, fees, nextIndexation } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  return (
    <div className="space-y-8">
      <PageHeader title="Billing">
        What receipts print, the Medicare items and their rates, and each psychologist&apos;s fees. Psychology
        services are GST-free.
      </PageHeader>
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
      {/* Keyed by what is saved, so the fields show it once a save succeeds. */}
      <PracticeForm key={JSON.stringify(practice)} practice={practice} reply={reply} />
      <FeeGrid fees={fees} reply={reply} />
      <MedicareItems items={items} nextIndexation={nextIndexation} reply={reply} />
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        403: {
          title: 'Billing settings are not yours to change',
          body: 'What receipts print, the Medicare items and the fees are kept by the practice manager. Ask them if something needs changing.',
        },
        404: {
          title: 'We could not find that item or psychologist',
          body: 'It may have been removed a moment ago. Go back to Billing to see the settings as they are now.',
        },
      }}
    />
  )
}
