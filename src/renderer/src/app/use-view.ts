import { useSyncExternalStore } from 'react'
import { routeFromHash, viewHashes, type Page } from './route.ts'

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

/** The page the address bar names, and a way to go to another (a history entry, so Back works). */
export function useView(): [Page, (page: Page) => void] {
  const page = useSyncExternalStore(subscribe, () => routeFromHash(location.hash).page)
  return [page, (next) => (location.hash = viewHashes[next])]
}

/** The part of the hash after the page: a Settings section, a wizard step; null when none. */
export function useRouteDetail(): string | null {
  return useSyncExternalStore(subscribe, () => routeFromHash(location.hash).detail)
}
