import { data, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteLoaderData,
} from '@remix-run/react'
import { type ReactNode } from 'react'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { FlashNotice } from '~/components/flash-notice.tsx'
import { homePathFor } from '~/domain/identity/permissions.ts'
import { getSessionUser } from '~/utils/auth.server.ts'
import { getClientEnv } from '~/utils/env.server.ts'
import { takeNotice } from '~/utils/notice.server.ts'
import { useNonce } from '~/utils/nonce.tsx'
import tailwindHref from './styles/tailwind.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: tailwindHref },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request)
  const { notice, headers } = await takeNotice(request)
  return data(
    {
      user: user ? { name: user.name, home: homePathFor(user) } : null,
      ENV: getClientEnv(),
      notice,
    },
    { headers },
  )
}

function Document({ children, env }: { children: ReactNode; env?: unknown }) {
  const nonce = useNonce()
  return (
    <html lang="en-AU" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        {children}
        {env ? (
          <script nonce={nonce} dangerouslySetInnerHTML={{ __html: `window.ENV = ${JSON.stringify(env)}` }} />
        ) : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

function SiteHeader({ user }: { user: { name: string; home: string } | null }) {
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
        <Link to={user?.home ?? '/'} className="text-lg font-semibold tracking-tight text-brand-800">
          Haven <span className="hidden font-normal text-stone-500 sm:inline">Psychology</span>
        </Link>
        <nav aria-label="Account" className="flex items-center gap-3 text-sm">
          <Link
            to="/psychologists"
            className="hidden rounded-md px-3 py-1.5 font-medium whitespace-nowrap text-brand-800 hover:bg-brand-50 md:inline"
          >
            Find a psychologist
          </Link>
          {user ? (
            <>
              <span className="hidden text-stone-600 sm:inline">Signed in as {user.name}</span>
              <Form method="post" action="/logout">
                <button
                  type="submit"
                  className="rounded-md px-3 py-1.5 font-medium whitespace-nowrap text-brand-800 hover:bg-brand-50"
                >
                  Sign out
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link
                to="/login"
                className="rounded-md px-3 py-1.5 font-medium whitespace-nowrap text-brand-800 hover:bg-brand-50"
              >
                Sign in
              </Link>
              <Link
                to="/signup"
                className="rounded-md bg-brand-700 px-3 py-1.5 font-medium whitespace-nowrap text-white hover:bg-brand-800"
              >
                Create account
              </Link>
            </>
          )}
        </nav>
      </div>
    </header>
  )
}

export default function App() {
  const data = useLoaderData<typeof loader>()
  return (
    <Document env={data.ENV}>
      <SiteHeader user={data.user} />
      <FlashNotice where="page" />
      <Outlet />
    </Document>
  )
}

export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>('root')
  return (
    <Document>
      <SiteHeader user={data?.user ?? null} />
      <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-12">
        <GeneralErrorBoundary />
      </main>
    </Document>
  )
}
