import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { invariantResponse } from '~/utils/invariant.ts'

// Any address no other route claims: a friendly 404 inside the site's frame.
export async function loader() {
  invariantResponse(false, 'Not found', 404)
}

export async function action() {
  invariantResponse(false, 'Not found', 404)
}

export default function NotFound() {
  return null
}

export function ErrorBoundary() {
  return (
    <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-12">
      <GeneralErrorBoundary />
    </main>
  )
}
