import type { StateCreator } from 'zustand/vanilla'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import type { DeskState } from './store.ts'

/** One point of the sparklines: what core measured, kept as it came. */
export type HardwarePoint = { at: number; cpuPercent: number; rxBytesPerSecond: number | null; txBytesPerSecond: number | null }

export const historyLength = 60

export type HardwareSlice = {
  latest: HardwareSample | null
  recent: HardwarePoint[]
  applySample: (sample: HardwareSample | null) => void
}

export const initialHardware: Pick<HardwareSlice, 'latest' | 'recent'> = { latest: null, recent: [] }

export const createHardwareSlice: StateCreator<DeskState, [], [], HardwareSlice> = (set) => ({
  ...initialHardware,
  applySample: (sample) =>
    set((state) => {
      // The same sample can arrive twice: as the answer to a refresh and as an event.
      if (sample === null || sample.provenance.at === state.latest?.provenance.at) return {}
      const point: HardwarePoint = {
        at: sample.provenance.at,
        cpuPercent: sample.cpu.loadPercent,
        rxBytesPerSecond: sample.network?.rxBytesPerSecond ?? null,
        txBytesPerSecond: sample.network?.txBytesPerSecond ?? null,
      }
      return { latest: sample, recent: [...state.recent, point].slice(-historyLength) }
    }),
})
