import { NavLink, Outlet } from '@remix-run/react'
import { type ReactNode } from 'react'
import { FlashNotice } from './flash-notice.tsx'

type AreaNavItem = { to: string; label: string; end?: boolean }

/** The frame of a role's area: its own navigation beside (or above, on a phone) the page. */
export function AreaShell({ label, nav }: { label: string; nav: AreaNavItem[] }) {
  return (
    <div className="mx-auto flex w-full max-w-6xl flex-1 flex-col gap-6 px-4 py-6 md:flex-row md:py-10">
      <nav aria-label={label} className="md:w-56 md:shrink-0">
        <p className="mb-2 text-xs font-semibold tracking-wide text-stone-500 uppercase">{label}</p>
        <ul className="flex gap-1 overflow-x-auto md:flex-col">
          {nav.map((item) => (
            <li key={item.to}>
              <NavLink
                to={item.to}
                end={item.end}
                className={({ isActive }) =>
                  `block rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap ${
                    isActive ? 'bg-brand-100 text-brand-800' : 'text-stone-700 hover:bg-stone-100'
                  }`
                }
              >
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="min-w-0 flex-1">
        <FlashNotice where="area" />
        <Outlet />
      </main>
    </div>
  )
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight text-stone-900">{title}</h1>
      {children ? <div className="mt-2 text-stone-600">{children}</div> : null}
    </div>
  )
}

export function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
      <h2 className="text-base font-semibold text-stone-900">{title}</h2>
      <div className="mt-2 text-sm text-stone-700">{children}</div>
    </section>
  )
}
