import { useSyncExternalStore } from 'react'

/** False on the server and while hydrating, true once the page's JavaScript runs. */
export function useHydrated() {
  return useSyncExternalStore(
    () => () => undefined,
    () => true,
    () => false,
  )
}
