import type { StateCreator } from 'zustand/vanilla'
import type { MonitoringState } from '../../../shared/contract/app.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

export type MonitoringSlice = {
  monitoring: MonitoringState | null
  /** A pause or resume asked for and not answered yet. */
  monitoringBusy: boolean
  /** Why the last pause or resume failed, for the UI to show. */
  monitoringError: string | null
  applyMonitoring: (state: MonitoringState) => void
  setPaused: (paused: boolean) => Promise<void>
}

export const initialMonitoring: Pick<MonitoringSlice, 'monitoring' | 'monitoringBusy' | 'monitoringError'> = {
  monitoring: null,
  monitoringBusy: false,
  monitoringError: null,
}

export const createMonitoringSlice =
  (client: DeskClient): StateCreator<DeskState, [], [], MonitoringSlice> =>
  (set) => ({
    ...initialMonitoring,
    applyMonitoring: (monitoring) => set({ monitoring }),
    setPaused: async (paused) => {
      set({ monitoringBusy: true, monitoringError: null })
      const result = await client.callSafe('monitoring.setPaused', { paused })
      set(result.ok ? { monitoring: result.value, monitoringBusy: false } : { monitoringBusy: false, monitoringError: result.error.message })
    },
  })
