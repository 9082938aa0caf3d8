import type { StateCreator } from 'zustand/vanilla'
import type { AppInfo } from '../../../shared/contract/app.ts'
import type { DeskState } from './store.ts'

export type AppSlice = {
  info: AppInfo | null
  /** Why the settings file was not loaded as saved, shown until dismissed. */
  settingsProblem: string | null
  applyInfo: (info: AppInfo) => void
  applySettingsProblem: (problem: string | null) => void
}

export const initialApp: Pick<AppSlice, 'info' | 'settingsProblem'> = { info: null, settingsProblem: null }

export const createAppSlice: StateCreator<DeskState, [], [], AppSlice> = (set) => ({
  ...initialApp,
  applyInfo: (info) => set({ info }),
  applySettingsProblem: (settingsProblem) => set({ settingsProblem }),
})
