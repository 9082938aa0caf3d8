import { createContext, useContext, type ReactNode } from 'react'
import { useStore } from 'zustand'
import type { DeskState, DeskStore } from '../store/store.ts'

const StoreContext = createContext<DeskStore | null>(null)

export function StoreProvider({ store, children }: { store: DeskStore; children: ReactNode }): ReactNode {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>
}

/** Narrow selectors only: a component re-renders when what it selected changes. */
export function useDesk<T>(selector: (state: DeskState) => T): T {
  const store = useContext(StoreContext)
  if (!store) throw new Error('useDesk outside StoreProvider')
  return useStore(store, selector)
}
