import type { StateCreator } from 'zustand/vanilla'
import type { EnergyAnswer, HistoryAnswer } from '../../../shared/contract/history.ts'
import type { MethodInput } from '../../../shared/contract/methods.ts'
import type { Envelope } from '../../../shared/contract/result.ts'
import type { DeskClient } from '../api/client.ts'
import { historyWindow, type HistoryRange, type HistoryWindow } from '../common/history-range.ts'
import type { DeskState } from './store.ts'

export type TemperatureHistory = { sensor: string; label: string; answer: HistoryAnswer }

/** What the Hardware charts show for one range, as core answered it. */
export type HistoryView = {
  range: HistoryRange
  window: HistoryWindow
  power: HistoryAnswer
  cpu: HistoryAnswer
  temperatures: TemperatureHistory[]
  energy: EnergyAnswer
  /** Epoch ms of the answer, shown as the charts' "updated" time. */
  fetchedAt: number
}

export type HistorySlice = {
  historyRange: HistoryRange
  /** The charts' pixel width: about one bucket per pixel is asked for. */
  historyWidthPx: number
  /** Null until the chosen range has been answered once. */
  history: HistoryView | null
  /** Why the last load failed; the last good view stays, with its time. */
  historyError: string | null
  setHistoryRange: (range: HistoryRange) => void
  setHistoryWidth: (widthPx: number) => void
  loadHistory: () => Promise<void>
}

export const initialHistory: Pick<HistorySlice, 'historyRange' | 'historyWidthPx' | 'history' | 'historyError'> = {
  historyRange: '1h',
  historyWidthPx: 0,
  history: null,
  historyError: null,
}

type Series = MethodInput<'history.query'>['series']

export const createHistorySlice =
  (client: DeskClient, clock: () => number): StateCreator<DeskState, [], [], HistorySlice> =>
  (set, get) => {
    // Each load or range change takes a number; an answer that is no longer the newest is dropped.
    let generation = 0
    return {
      ...initialHistory,
      setHistoryRange: (historyRange) => {
        if (historyRange === get().historyRange) return
        generation += 1
        set({ historyRange, history: null, historyError: null })
      },
      setHistoryWidth: (historyWidthPx) => set({ historyWidthPx }),
      loadHistory: async () => {
        const { historyRange: range, historyWidthPx, latest } = get()
        const window = historyWindow(range, clock(), historyWidthPx)
        if (!window) return
        const mine = ++generation
        // The sensors to draw are the ones the machine has now.
        const sensors = latest?.temperatures ?? []
        const query = (series: Series) => client.callSafe('history.query', { series, ...window })
        const [power, cpu, energy, ...temperatures] = await Promise.all([
          query({ name: 'machine_power_watts', labels: {} }),
          query({ name: 'cpu_load_percent', labels: {} }),
          client.callSafe('energy.summary', { fromMs: window.fromMs, toMs: window.toMs }),
          ...sensors.map((t) => query({ name: 'temperature_celsius', labels: { sensor: t.sensor } })),
        ])
        if (mine !== generation) return
        if (!power.ok || !cpu.ok || !energy.ok) {
          set({ historyError: firstError([power, cpu, energy]) })
          return
        }
        // A sensor whose history fails is left out; the others still draw.
        const temperatureHistory = temperatures.flatMap((answer, i) => {
          const t = sensors[i]
          return answer.ok && t ? [{ sensor: t.sensor, label: t.label, answer: answer.value }] : []
        })
        set({
          history: { range, window, power: power.value, cpu: cpu.value, temperatures: temperatureHistory, energy: energy.value, fetchedAt: clock() },
          historyError: null,
        })
      },
    }
  }

function firstError(envelopes: readonly Envelope<unknown>[]): string | null {
  for (const envelope of envelopes) if (!envelope.ok) return envelope.error.message
  return null
}
