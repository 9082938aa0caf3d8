import { createStore, type StoreApi } from 'zustand/vanilla'
import type { DeskClient } from '../api/client.ts'
import { createAppSlice, initialApp, type AppSlice } from './app-slice.ts'
import { createConnectionSlice, initialConnection, type ConnectionSlice } from './connection-slice.ts'
import { createHardwareSlice, initialHardware, type HardwareSlice } from './hardware-slice.ts'
import { createHistorySlice, initialHistory, type HistorySlice } from './history-slice.ts'
import { createMonitoringSlice, initialMonitoring, type MonitoringSlice } from './monitoring-slice.ts'
import { createPlugsSlice, initialPlugs, type PlugsSlice } from './plugs-slice.ts'

export type DeskState = ConnectionSlice & HardwareSlice & HistorySlice & MonitoringSlice & PlugsSlice & AppSlice

export type DeskStore = StoreApi<DeskState> & { dispose: () => void }

export const initialDeskState = {
  ...initialConnection,
  ...initialHardware,
  ...initialHistory,
  ...initialMonitoring,
  ...initialPlugs,
  ...initialApp,
}

/**
 * The UI's state, fed by the client: events are applied as they come, and everything is
 * fetched again on each (re)connection, since events were missed while it was down.
 * `clock` is the time history windows end at (tests pass their own).
 */
export function createDeskStore(client: DeskClient, clock: () => number = Date.now): DeskStore {
  const store = createStore<DeskState>()((...a) => ({
    ...createConnectionSlice(...a),
    ...createHardwareSlice(...a),
    ...createHistorySlice(client, clock)(...a),
    ...createMonitoringSlice(client)(...a),
    ...createPlugsSlice(client)(...a),
    ...createAppSlice(...a),
  }))
  const state = store.getState
  const refresh = async (): Promise<void> => {
    const [info, monitoring, latest, settings, plugKinds] = await Promise.all([
      client.callSafe('app.info', {}),
      client.callSafe('monitoring.get', {}),
      client.callSafe('hardware.latest', {}),
      client.callSafe('settings.get', {}),
      client.callSafe('power.plugKinds', {}),
    ])
    if (info.ok) state().applyInfo(info.value)
    if (monitoring.ok) state().applyMonitoring(monitoring.value)
    if (latest.ok) state().applySample(latest.value)
    if (settings.ok) {
      state().applySettingsProblem(settings.value.problem)
      state().applyPlugs(settings.value.settings.power.plugs)
    }
    if (plugKinds.ok) state().applyPlugKinds(plugKinds.value)
  }
  const unsubscribe = [
    client.on('hardware.sampled', (sample) => state().applySample(sample)),
    client.on('monitoring.changed', (monitoring) => state().applyMonitoring(monitoring)),
    client.on('settings.changed', (settings) => {
      state().applySettingsProblem(settings.problem)
      state().applyPlugs(settings.settings.power.plugs)
    }),
    client.onConnection((connection) => {
      state().applyConnection(connection)
      if (connection.status === 'connected') void refresh()
    }),
  ]
  return Object.assign(store, { dispose: () => unsubscribe.forEach((stop) => stop()) })
}
