import { Link } from '@remix-run/react'
import { linkClass } from './forms.tsx'

type ListFilter = Record<string, string | number | undefined>

/** The address of one page of a filtered list: the filters that are set, and the page unless it is the first. */
export function listPageLink(path: string, filter: ListFilter, page: number) {
  const query = new URLSearchParams(
    Object.entries({ ...filter, page: page > 1 ? String(page) : undefined }).flatMap(([key, value]) =>
      value ? [[key, String(value)]] : [],
    ),
  ).toString()
  return `${path}${query ? `?${query}` : ''}`
}

/** Previous and next under a list that runs to more than one page, keeping its filters. */
export function Pager({
  path,
  filter,
  page,
  pageCount,
  count,
  noun,
}: {
  path: string
  filter: ListFilter
  page: number
  pageCount: number
  count: number
  /** What the list holds, plural: "records", "messages". */
  noun: string
}) {
  if (pageCount <= 1) return null
  return (
    <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
      {page > 1 ? (
        <Link to={listPageLink(path, filter, page - 1)} className={linkClass}>
          Previous page
        </Link>
      ) : null}
      <span className="text-stone-600">
        Page {page} of {pageCount} ({count} {noun})
      </span>
      {page < pageCount ? (
        <Link to={listPageLink(path, filter, page + 1)} className={linkClass}>
          Next page
        </Link>
      ) : null}
    </nav>
  )
}
