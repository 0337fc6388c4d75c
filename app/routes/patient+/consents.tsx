import { getFormProps } from '@conform-to/react'
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { ConsentFields } from '~/components/consent-fields.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { FormAlert, SubmitButton, useValidatedForm } from '~/components/forms.tsx'
import { safeRedirectPath } from '~/domain/identity/permissions.ts'
import { type AskedPolicy, consentSchema, CONSENTS_PATH } from '~/domain/patients/consents.ts'
import {
  decisionsFor,
  type PendingPolicy,
  pendingPolicies,
  recordConsentDecisions,
} from '~/domain/patients/consents.server.ts'
import { handleAction } from '~/utils/action.server.ts'
import { db } from '~/utils/db.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/consents.tsx']

export const meta: MetaFunction = () => [{ title: 'Our policies · Haven' }]

/** Where to go once everything is decided: the page that sent them here, never this page again. */
function nextPath(requested: string | null | undefined) {
  const path = safeRedirectPath(requested, '/patient')
  return path.split(/[?#]/)[0] === CONSENTS_PATH ? '/patient' : path
}

const formSchema = (policies: readonly AskedPolicy[]) =>
  z.object({ intent: z.literal('consent'), redirectTo: z.string().optional() }).and(consentSchema(policies))

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const redirectTo = nextPath(new URL(request.url).searchParams.get('redirectTo'))
  const pending = await pendingPolicies(user.id)
  if (pending.length === 0) throw redirect(redirectTo)
  return {
    redirectTo,
    updated: pending.some((policy) => policy.acceptedEarlierVersion),
    policies: pending.map(({ kind, version, title, summary, body, required }) => ({
      kind,
      version,
      title,
      summary,
      body,
      required,
    })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  // The policies are read again here: what is current now decides what must be answered.
  let pending: PendingPolicy[] = []
  return handleAction(request, {
    policy: POLICY,
    schema: async (user) => {
      pending = await pendingPolicies(user.id)
      return formSchema(pending)
    },
    perform: async (answers, user) => {
      // Nothing left to decide (another tab did it): straight on.
      if (pending.length > 0) {
        await db.$transaction((tx) =>
          recordConsentDecisions(tx, {
            userId: user.id,
            decisions: decisionsFor(pending, answers),
            source: 'consents_page',
          }),
        )
      }
      return redirect(nextPath(answers.redirectTo))
    },
  })
}

export default function PolicyConsentsPage() {
  const { policies, updated, redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const schema = useMemo(() => formSchema(policies), [policies])
  const [form, fields] = useValidatedForm('policy-consents', schema, actionData?.result)

  return (
    <div className="max-w-2xl">
      <PageHeader title={updated ? "We've updated our policies" : 'Before you continue'}>
        {updated
          ? 'Please read what has changed and let us know your decision. It takes a minute, and then you can carry on.'
          : 'Please read these policies and let us know your decision before you continue.'}
      </PageHeader>
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="consent" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <ConsentFields policies={policies} fields={fields} />
        <SubmitButton pendingText="Saving…">Save and continue</SubmitButton>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
