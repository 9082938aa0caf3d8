import { useSyncExternalStore } from 'react'
import { viewFromHash, viewHashes, type View } from '../route.ts'

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

/** The view the address bar names, and a way to go to another (a history entry, so Back works). */
export function useView(): [View, (view: View) => void] {
  const view = useSyncExternalStore(subscribe, () => viewFromHash(location.hash))
  return [view, (next) => (location.hash = viewHashes[next])]
}
