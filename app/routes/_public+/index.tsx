import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['_public+/index.tsx']

export const meta: MetaFunction = () => [
  { title: 'Haven Psychology · Sydney and telehealth' },
  {
    name: 'description',
    content:
      'Book a session with a psychologist in Sydney or by video, with Medicare rebates under Better Access.',
  },
]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  return null
}

export default function Index() {
  return (
    <main id="main" className="flex-1">
      <section className="mx-auto max-w-4xl px-4 py-16 sm:py-24">
        <h1 className="text-4xl font-semibold tracking-tight text-stone-900 sm:text-5xl">
          Support from a psychologist, in our Sydney rooms or by video.
        </h1>
        <p className="mt-6 max-w-2xl text-lg text-stone-700">
          Book with a clinical or registered psychologist at a time that suits you. With a referral and Mental
          Health Treatment Plan from your GP, you can claim a Medicare rebate for up to 10 sessions a year.
        </p>
        <div className="mt-8 flex flex-col gap-3 sm:flex-row">
          <Link
            to="/signup"
            className="inline-flex justify-center rounded-md bg-brand-700 px-5 py-3 font-medium text-white shadow-sm hover:bg-brand-800"
          >
            Create an account
          </Link>
          <Link
            to="/psychologists"
            className="inline-flex justify-center rounded-md border border-stone-300 bg-white px-5 py-3 font-medium text-stone-800 hover:bg-stone-100"
          >
            Find a psychologist
          </Link>
        </div>
        <p className="mt-12 rounded-lg border border-stone-200 bg-white p-4 text-sm text-stone-700">
          Haven is not a crisis service. If you or someone else is in danger, call <strong>000</strong>. For
          24-hour crisis support, call Lifeline on <strong>13 11 14</strong>.
        </p>
      </section>
    </main>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
