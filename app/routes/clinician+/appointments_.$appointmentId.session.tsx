import {
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { type ShouldRevalidateFunction, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { VideoSessionPage } from '~/components/video/session-page.tsx'
import { loadVideoSession, NO_STORE, performVideoSession } from '~/routes/__video/session.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'

const POLICY = ROUTE_POLICIES['clinician+/appointments_.$appointmentId.session.tsx']

export const meta: MetaFunction = () => [{ title: 'Video session · Haven' }]
export const headers: HeadersFunction = () => NO_STORE
// Every post answers with the whole view, and the page posts every few seconds while it waits.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === 'POST' ? false : defaultShouldRevalidate

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadVideoSession(request, POLICY, 'psychologist', params.appointmentId ?? '')
}

export async function action({ request, params }: ActionFunctionArgs) {
  return performVideoSession(request, POLICY, 'psychologist', params.appointmentId ?? '')
}

export default function ClinicianVideoSession() {
  const { view } = useLoaderData<typeof loader>()
  return <VideoSessionPage view={view} />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
