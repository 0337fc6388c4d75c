import { getFormProps, getSelectProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import {
  ActionForm,
  type ActionReplyData,
  FormAlert,
  linkClass,
  replyFor,
  SelectField,
  useValidatedForm,
} from '~/components/forms.tsx'
import { getHalaxyClient } from '~/domain/halaxy/client.server.ts'
import { type HalaxyMappingKind } from '~/domain/halaxy/mapping/appointment.ts'
import { noteMirroringEnabled, setNoteMirroring } from '~/domain/halaxy/notes.server.ts'
import { clearMapping, mappingPage, saveMapping } from '~/domain/halaxy/settings.server.ts'
import { handleAction } from '~/utils/action.server.ts'
import { formatAud } from '~/utils/money.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/halaxy.tsx']

export const meta: MetaFunction = () => [{ title: 'Halaxy settings · Haven' }]

// The mappings steer what the Halaxy mirror sends: they have permissions of their own.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  const [page, noteMirroring] = await Promise.all([mappingPage(getHalaxyClient()), noteMirroringEnabled()])
  return { ...page, noteMirroring }
}

const mappingKinds = [
  'psychologist',
  'location',
  'appointment_type',
  'fee',
] as const satisfies readonly HalaxyMappingKind[]

const MappingSchema = z.object({
  intent: z.literal('map'),
  kind: z.enum(mappingKinds),
  havenId: z.string().trim().min(1).max(200),
  // Left on "Not mapped": the mapping is removed.
  halaxyId: z.string().trim().max(64).optional(),
})

const NoteMirroringSchema = z.object({ intent: z.literal('note-mirroring'), enabled: z.enum(['on', 'off']) })

const ActionSchema = z.discriminatedUnion('intent', [MappingSchema, NoteMirroringSchema])

/** Each row's anchor, which the page returns to after a save. */
const rowIdOf = (kind: string, havenId: string) => `${kind}-${havenId}`

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: ActionSchema,
    perform: async (input, actor) => {
      if (input.intent === 'note-mirroring') {
        await setNoteMirroring(input.enabled === 'on', actor.id)
        return redirectWithNotice(
          '/manager/halaxy#notes',
          input.enabled === 'on'
            ? 'Signed notes and addenda will be sent to Halaxy from now on.'
            : 'Notes are no longer sent to Halaxy. Those already sent stay there.',
        )
      }
      const { kind, havenId, halaxyId } = input
      const back = `/manager/halaxy#${rowIdOf(kind, havenId)}`
      if (!halaxyId) {
        await clearMapping({ kind, havenId }, actor.id)
        return redirectWithNotice(back, 'Mapping removed.')
      }
      // A record Halaxy does not list is refused (400); Halaxy out of reach is a 503.
      const saved = await saveMapping(getHalaxyClient(), { kind, havenId, halaxyId }, actor.id)
      return redirectWithNotice(
        back,
        saved.priceDiffers
          ? "Mapping saved, but Halaxy's price for that fee differs from Haven's. Halaxy's invoice will show its own price: change one of them so they match."
          : 'Mapping saved. Haven uses it from the next change it sends to Halaxy.',
      )
    },
  })
}

const buttonClass =
  'rounded-md border border-stone-300 bg-white px-3 py-2 text-sm font-medium text-stone-800 hover:bg-stone-100'

type Option = { id: string; label: string }
type Mapping = { halaxyId: string; label: string; missingInHalaxy: boolean } | null

export default function HalaxySettingsPage() {
  const page = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const options = page.halaxy
  const sections: Section[] = [
    {
      id: 'psychologists',
      title: 'Psychologists',
      intro: "Each psychologist's practitioner role in Halaxy (the practitioner at a clinic).",
      options: options?.practitionerRoles,
      rows: page.psychologists.map((psychologist) => ({
        kind: 'psychologist',
        havenId: psychologist.id,
        title: psychologist.name,
        mapping: psychologist.mapping,
      })),
    },
    {
      id: 'locations',
      title: 'Locations',
      intro:
        "Each clinic's Halaxy clinic. Telehealth needs no clinic: Halaxy books it as a telehealth appointment, so it may stay unmapped.",
      options: options?.clinics,
      rows: page.locations.map((location) => ({
        kind: 'location',
        havenId: location.id,
        title: location.name,
        detail: location.kind === 'telehealth' ? 'Telehealth: may stay unmapped' : 'Clinic',
        mapping: location.mapping,
      })),
    },
    {
      id: 'appointment-types',
      title: 'Appointment types',
      intro: "Each kind of session's Halaxy appointment type (HealthcareService).",
      options: options?.services,
      rows: page.appointmentTypes.map((type) => ({
        kind: 'appointment_type',
        havenId: type.id,
        title: type.name,
        detail: `${type.durationMinutes} min`,
        mapping: type.mapping,
      })),
    },
    {
      id: 'fees',
      title: 'Fees',
      intro:
        "The Halaxy fee (with its Medicare item) attached when Haven books each psychologist's kind of session. Halaxy raises its own invoice at its own price, so a price that differs from Haven's is flagged. Unmapped fees book without a fee.",
      options: options?.fees,
      rows: page.fees.map((fee) => ({
        kind: 'fee',
        havenId: fee.havenId,
        title: `${fee.psychologistName}: ${fee.appointmentTypeName}`,
        detail: `Haven's fee ${formatAud(fee.feeCents)}`,
        mapping: fee.mapping,
        warning:
          fee.priceDiffers && fee.halaxyPriceCents !== null
            ? `Halaxy's price is ${formatAud(fee.halaxyPriceCents)}, Haven's fee is ${formatAud(fee.feeCents)}.`
            : undefined,
      })),
    },
  ]
  return (
    <div className="space-y-8">
      <PageHeader title="Halaxy settings">
        Which Halaxy record stands for each of Haven&apos;s psychologists, locations, appointment types and
        fees. The lists come from Halaxy itself. Appointments cannot be sent to Halaxy until their
        psychologist and appointment type are mapped.
      </PageHeader>
      {page.halaxyError ? (
        <FormAlert
          errors={[
            `${page.halaxyError} The saved mappings are shown below, but new ones cannot be chosen until Halaxy answers. Try again shortly.`,
          ]}
        />
      ) : null}
      <nav aria-label="On this page" className="flex flex-wrap gap-4 text-sm">
        {sections.map((section) => (
          <a key={section.id} href={`#${section.id}`} className={linkClass}>
            {section.title}
          </a>
        ))}
        <a href="#notes" className={linkClass}>
          Session notes
        </a>
        <a href="#halaxy-setup" className={linkClass}>
          What Haven needs in Halaxy
        </a>
      </nav>

      {sections.map((section) => (
        <MappingSection key={section.id} {...section} reply={reply} />
      ))}

      <NoteMirroring enabled={page.noteMirroring} reply={reply} />

      <HalaxySetup />
    </div>
  )
}

/** One kind of Haven record, each row with its own form choosing the Halaxy record that stands for it. */
type Section = {
  id: string
  title: string
  intro: string
  /** Halaxy's list; undefined when Halaxy could not be read. */
  options: Option[] | undefined
  rows: Omit<MappingRowProps, 'options'>[]
}

function MappingSection({ id, title, intro, options, rows, reply }: Section & { reply: ActionReplyData }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-6">
      <h2 id={`${id}-title`} className="text-lg font-semibold text-stone-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-stone-600">{intro}</p>
      <ul className="mt-3 divide-y divide-stone-100 rounded-xl border border-stone-200 bg-white shadow-sm">
        {rows.map((row) => (
          <MappingRow key={row.havenId} {...row} options={options} reply={reply} />
        ))}
      </ul>
    </section>
  )
}

type MappingRowProps = {
  kind: HalaxyMappingKind
  havenId: string
  title: string
  detail?: string
  mapping: Mapping
  /** Halaxy's list; undefined when Halaxy could not be read. */
  options: Option[] | undefined
  warning?: string
}

function MappingRow({ reply, ...row }: MappingRowProps & { reply: ActionReplyData }) {
  const rowId = rowIdOf(row.kind, row.havenId)
  return (
    <li id={rowId} className="scroll-mt-6 px-4 py-3">
      {/* Keyed by the saved choice, so the select shows it once a save succeeds. */}
      <MappingForm
        key={row.mapping?.halaxyId ?? 'unmapped'}
        formId={`map-${rowId}`}
        reply={replyFor(reply, 'map', { kind: row.kind, havenId: row.havenId })}
        {...row}
      />
    </li>
  )
}

function MappingForm({
  formId,
  kind,
  havenId,
  title,
  detail,
  mapping,
  options,
  reply,
  warning,
}: MappingRowProps & { formId: string; reply: ReturnType<typeof replyFor> }) {
  const [form, fields] = useValidatedForm(formId, MappingSchema, reply, { halaxyId: mapping?.halaxyId ?? '' })
  // Without Halaxy's list only the saved choice (or "Not mapped") can be picked, so a mapping can
  // still be removed; one Halaxy no longer lists stays selectable until it is changed.
  const choices: Option[] = [...(options ?? [])]
  if (mapping && !choices.some((option) => option.id === mapping.halaxyId)) {
    choices.unshift({
      id: mapping.halaxyId,
      label: `${mapping.label || mapping.halaxyId}${mapping.missingInHalaxy ? ' (no longer in Halaxy)' : ''}`,
    })
  }
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)_auto] sm:items-start"
    >
      <input type="hidden" name="intent" value="map" />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="havenId" value={havenId} />
      <div>
        <p className="font-medium text-stone-900">{title}</p>
        {detail ? <p className="text-sm text-stone-500">{detail}</p> : null}
        {mapping ? (
          <p className="text-sm text-stone-600">
            Mapped to {mapping.label || mapping.halaxyId}{' '}
            <span className="text-stone-400">({mapping.halaxyId})</span>
          </p>
        ) : (
          <p className="text-sm text-stone-500">Not mapped</p>
        )}
        {mapping?.missingInHalaxy ? (
          <p className="text-sm font-medium text-amber-800">
            Halaxy no longer lists this record: choose another.
          </p>
        ) : null}
        {warning ? <p className="text-sm font-medium text-amber-800">{warning}</p> : null}
        <FormAlert id={form.errorId} errors={form.errors} />
      </div>
      <SelectField
        label={<span className="sr-only">Halaxy record for {title}</span>}
        errors={fields.halaxyId.errors}
        selectProps={getSelectProps(fields.halaxyId)}
      >
        <option value="">Not mapped</option>
        {choices.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </SelectField>
      <button type="submit" className={`${buttonClass} sm:mt-1`}>
        Save<span className="sr-only"> the Halaxy record for {title}</span>
      </button>
    </Form>
  )
}

/** Whether signed notes go to Halaxy: off until the manager turns it on. */
function NoteMirroring({ enabled, reply }: { enabled: boolean; reply: ActionReplyData }) {
  return (
    <section id="notes" aria-labelledby="notes-title" className="scroll-mt-6">
      <h2 id="notes-title" className="text-lg font-semibold text-stone-900">
        Session notes
      </h2>
      <div className="mt-3 space-y-3 rounded-xl border border-stone-200 bg-white p-5 text-sm shadow-sm">
        <p className="font-medium text-stone-900">{`Sending signed notes to Halaxy is ${enabled ? 'on' : 'off'}.`}</p>
        <p className="text-stone-700">
          When it is on, each note signed from then on, and each addendum added to it, is sent once to the
          patient&apos;s documents in Halaxy, by the psychologist&apos;s practitioner role (mapped above).
          Drafts never leave Haven. Halaxy cannot give notes back or remove them: turning this off stops only
          notes signed afterwards.
        </p>
        <ActionForm intent="note-mirroring" fields={{ enabled: enabled ? 'off' : 'on' }} reply={reply}>
          <button type="submit" className={buttonClass}>
            {enabled ? 'Stop sending notes to Halaxy' : 'Send signed notes to Halaxy'}
          </button>
        </ActionForm>
      </div>
    </section>
  )
}

function HalaxySetup() {
  return (
    <div id="halaxy-setup" className="scroll-mt-6">
      <Card title="What Haven needs in Halaxy">
        <p>Give Haven&apos;s Halaxy API key these permissions, and no others:</p>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>Patient: read and write</li>
          <li>Appointment: read and write, including booking ($book)</li>
          <li>Invoice: read (Halaxy raises its own invoice when Haven books with a fee)</li>
          <li>
            PractitionerRole, HealthcareService, Organization and ChargeItemDefinition: read (the lists above)
          </li>
          <li>DocumentReference: create, only if signed notes are sent to Halaxy (above)</li>
        </ul>
        <p className="mt-3">
          Haven sends its own reminders and handles Medicare claims, so turn off Halaxy&apos;s versions, or
          patients hear twice and rebates are claimed twice:
        </p>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>
            <strong>Settings › Reminders</strong>: edit the preferences and untick SMS and email for new
            appointment, changed appointment and pre-appointment reminders, for the practice group and for any
            practitioner with their own reminder level (theirs override the group&apos;s).{' '}
            <a
              className={linkClass}
              href="https://support.halaxy.com/hc/en-au/articles/6033481005967-Guide-to-reminder-settings"
            >
              Halaxy&apos;s guide
            </a>
          </li>
          <li>
            <strong>Settings › Payments › Rebate Processing</strong>: leave the group, and any clinic or
            practitioner level, on manual processing, not &ldquo;Automatic after appointment starts&rdquo; or
            &ldquo;Automatic daily&rdquo;.{' '}
            <a
              className={linkClass}
              href="https://support.halaxy.com/hc/en-au/articles/360044017254-Set-up-automatic-rebate-processing-Medicare-DVA-bulk-bill"
            >
              Halaxy&apos;s guide
            </a>
          </li>
        </ul>
        <p className="mt-3 text-stone-600">
          Each booking Haven sends also makes Halaxy create an invoice (when a fee is mapped) and a blank
          note; that is expected.
        </p>
      </Card>
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        403: {
          title: 'Halaxy settings are not yours to change',
          body: 'Which Halaxy records stand for Haven’s is kept by the practice manager. Ask them if a mapping needs changing.',
        },
      }}
    />
  )
}
