import { getFormProps, getInputProps, getSelectProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { Field, FormAlert, SelectField, SubmitButton, useValidatedForm } from '~/components/forms.tsx'
import { staffSchema } from '~/domain/identity/staff.ts'
import { createStaffMember } from '~/domain/identity/staff.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/staff.new.tsx']

export const meta: MetaFunction = () => [{ title: 'Add a staff member · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  return null
}

// The shared staff schema, as the form sends it.
const InviteSchema = staffSchema.safeExtend({ intent: z.literal('invite') })

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: InviteSchema,
    perform: async (staff, actor) => {
      await createStaffMember(actor.id, staff)
      return redirectWithNotice(
        '/manager/staff',
        `Invitation sent to ${staff.email}. They will choose their own password.`,
      )
    },
  })
}

export default function NewStaffPage() {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useValidatedForm('new-staff', InviteSchema, actionData?.result)
  return (
    <>
      <PageHeader title="Add a staff member">
        They will get an email inviting them to choose a password. The link works for 3 days.
      </PageHeader>
      <Form method="post" {...getFormProps(form)} className="max-w-lg space-y-5">
        <input type="hidden" name="intent" value="invite" />
        <FormAlert id={form.errorId} errors={form.errors} />
        <Field
          label="Full name"
          errors={fields.name.errors}
          inputProps={getInputProps(fields.name, { type: 'text' })}
        />
        <Field
          label="Work email"
          errors={fields.email.errors}
          inputProps={getInputProps(fields.email, { type: 'email' })}
        />
        <SelectField label="Role" errors={fields.role.errors} selectProps={getSelectProps(fields.role)}>
          <option value="">Choose…</option>
          <option value="psychologist">Psychologist</option>
          <option value="manager">Practice manager</option>
        </SelectField>
        <fieldset className="space-y-5 rounded-lg border border-stone-200 p-4">
          <legend className="px-1 text-sm font-medium text-stone-800">For psychologists</legend>
          <SelectField
            label="Registration"
            errors={fields.registrationType.errors}
            selectProps={getSelectProps(fields.registrationType)}
          >
            <option value="">Choose…</option>
            <option value="clinical">Clinical psychologist (area of practice endorsement)</option>
            <option value="registered">Registered psychologist</option>
          </SelectField>
          <Field
            label="AHPRA registration number"
            hint="PSY followed by 10 digits"
            errors={fields.ahpraNumber.errors}
            inputProps={getInputProps(fields.ahpraNumber, { type: 'text' })}
          />
          <Field
            label="Medicare provider number (optional)"
            hint="For this location, e.g. 2123456A"
            errors={fields.medicareProviderNumber.errors}
            inputProps={getInputProps(fields.medicareProviderNumber, { type: 'text' })}
          />
        </fieldset>
        <div className="max-w-xs">
          <SubmitButton pendingText="Sending invitation…">Send invitation</SubmitButton>
        </div>
      </Form>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
