import { useLocation, useMatches, useRouteLoaderData } from '@remix-run/react'
import { type loader as rootLoader } from '~/root.tsx'
import { Notice } from './forms.tsx'

/** Marks a layout that shows the flash notice itself, inside its own frame. */
export const SHOWS_FLASH_NOTICE = { showsFlashNotice: true } as const

/**
 * The one-time notice a form's redirect left (app/utils/notice.server.ts), on the page it was
 * meant for only: after moving elsewhere it is gone, and a reload does not bring it back.
 */
export function FlashNotice({ where }: { where: 'area' | 'page' }) {
  const data = useRouteLoaderData<typeof rootLoader>('root')
  const location = useLocation()
  const matches = useMatches()
  const inArea = matches.some(
    (match) => (match.handle as typeof SHOWS_FLASH_NOTICE | undefined)?.showsFlashNotice,
  )
  const notice = data?.notice
  if (!notice || notice.path !== location.pathname || inArea !== (where === 'area')) return null
  return (
    <div className={where === 'page' ? 'mx-auto w-full max-w-6xl px-4 pt-6' : 'mb-6'}>
      <Notice>{notice.message}</Notice>
    </div>
  )
}
