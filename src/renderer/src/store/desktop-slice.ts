import type { StateCreator } from 'zustand/vanilla'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

/** The desktop app's place in the system, as settings hold it: start at login, and updates. */
export type DesktopSlice = {
  desktopSettings: Settings['desktop'] | null
  applyDesktopSettings: (settings: Settings) => void
  setDesktopSettings: (patch: Partial<Settings['desktop']>) => Promise<DeskErrorInfo | null>
}

export const initialDesktop: Pick<DesktopSlice, 'desktopSettings'> = { desktopSettings: null }

export const createDesktopSlice =
  (client: DeskClient): StateCreator<DeskState, [], [], DesktopSlice> =>
  (set, get) => ({
    ...initialDesktop,
    applyDesktopSettings: (settings) => set({ desktopSettings: settings.desktop }),
    setDesktopSettings: async (patch) => {
      const result = await client.callSafe('settings.update', { desktop: patch })
      if (!result.ok) return result.error
      get().applyDesktopSettings(result.value.settings)
      return null
    },
  })
