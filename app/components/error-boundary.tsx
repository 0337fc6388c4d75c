import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'

const PAGES: Record<number, { title: string; body: string }> = {
  400: {
    title: 'Something in that request was not right',
    body: 'Go back, check what you entered and try again.',
  },
  403: {
    title: 'You do not have access to this page',
    body: 'This part of Haven belongs to another role. If you think you should have access, ask your practice manager.',
  },
  404: {
    title: 'We could not find that page',
    body: 'The link may be old, or the page may have moved. Check the address, or start again from your home page.',
  },
  405: { title: 'That action is not available here', body: 'Go back and try again from the page itself.' },
  409: {
    title: 'That changed while you were looking',
    body: 'Someone else changed this at the same time. Reload the page to see it as it is now, then try again.',
  },
}

const SERVER_ERROR = {
  title: 'Something went wrong on our side',
  body: 'Nothing you entered has been lost. Please try again in a moment. If it keeps happening, contact the practice.',
}

export type StatusPage = {
  title: string
  body: string
  /** Announced at once (role="alert"): for a status a form's action answers with, so the person hears what became of it. */
  alert?: boolean
}

/**
 * The friendly page for 403, 404, 500 and friends. Every page route exports one, so it renders
 * inside the area's frame and the navigation stays; `statusPages` says it in the page's own
 * words ("We could not find that appointment").
 */
export function GeneralErrorBoundary({
  statusPages = {},
}: {
  statusPages?: Partial<Record<number, StatusPage>>
}) {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const page: StatusPage = statusPages[status] ?? PAGES[status] ?? SERVER_ERROR
  if (!isRouteErrorResponse(error)) console.error(error)
  return (
    <section
      role={page.alert ? 'alert' : undefined}
      aria-labelledby="error-title"
      className="rounded-xl border border-stone-200 bg-white p-8 shadow-sm"
    >
      <p className="text-sm font-medium text-stone-500">Error {status}</p>
      <h1 id="error-title" className="mt-2 text-2xl font-semibold text-stone-900">
        {page.title}
      </h1>
      <p className="mt-3 text-stone-700">{page.body}</p>
      <p className="mt-6">
        <Link to="/" className="font-medium text-brand-700 underline underline-offset-4">
          Go to the home page
        </Link>
      </p>
    </section>
  )
}
