import { createStore, type StoreApi } from 'zustand/vanilla'
import type { AlertView } from '../../../shared/contract/alerts.ts'
import type { SettingsState } from '../../../shared/contract/app.ts'
import type { DeskClient } from '../api/client.ts'
import { createAlertsSlice, initialAlerts, type AlertsSlice } from './alerts-slice.ts'
import { createAppSlice, initialApp, type AppSlice } from './app-slice.ts'
import { createBackfillSlice, initialBackfill, type BackfillSlice } from './backfill-slice.ts'
import { createBackupSlice, type BackupSlice } from './backup-slice.ts'
import { createConnectionSlice, initialConnection, type ConnectionSlice } from './connection-slice.ts'
import { createEndpointsSlice, initialEndpoints, type EndpointsSlice } from './endpoints-slice.ts'
import { createFleetSlice, initialFleet, type FleetSlice } from './fleet-slice.ts'
import { createHardwareSlice, initialHardware, type HardwareSlice } from './hardware-slice.ts'
import { createHistorySlice, initialHistory, type HistorySlice } from './history-slice.ts'
import { createMonitoringSlice, initialMonitoring, type MonitoringSlice } from './monitoring-slice.ts'
import { createNodesSlice, initialNodes, type NodesSlice } from './nodes-slice.ts'
import { createPlugsSlice, initialPlugs, type PlugsSlice } from './plugs-slice.ts'
import { createPricesSlice, initialPrices, type PricesSlice } from './prices-slice.ts'
import { createDesktopSlice, initialDesktop, type DesktopSlice } from './desktop-slice.ts'
import { createProfitSlice, initialProfit, type ProfitSlice } from './profit-slice.ts'
import { createRewardsSlice, initialRewards, type RewardsSlice } from './rewards-slice.ts'
import { createWalletsSlice, initialWallets, type WalletsSlice } from './wallets-slice.ts'
import { createWizardSlice, initialWizard, type WizardSlice } from './wizard-slice.ts'

export type DeskState = ConnectionSlice &
  HardwareSlice &
  HistorySlice &
  MonitoringSlice &
  PlugsSlice &
  WalletsSlice &
  PricesSlice &
  DesktopSlice &
  RewardsSlice &
  BackfillSlice &
  EndpointsSlice &
  ProfitSlice &
  BackupSlice &
  AlertsSlice &
  NodesSlice &
  FleetSlice &
  AppSlice &
  WizardSlice

export type DeskStore = StoreApi<DeskState> & { dispose: () => void }

export const initialDeskState = {
  ...initialConnection,
  ...initialHardware,
  ...initialHistory,
  ...initialMonitoring,
  ...initialPlugs,
  ...initialWallets,
  ...initialPrices,
  ...initialDesktop,
  ...initialRewards(Date.now),
  ...initialBackfill,
  ...initialEndpoints,
  ...initialProfit,
  ...initialAlerts,
  ...initialNodes,
  ...initialFleet,
  ...initialApp,
  ...initialWizard,
}

/**
 * The UI's state, fed by the client: events are applied as they come, and everything is
 * fetched again on each (re)connection, since events were missed while it was down.
 * `clock` is the time history windows end at (tests pass their own). `navigate` shows a view
 * when the shell asks (a notification was clicked: 'ui.navigate').
 */
export function createDeskStore(client: DeskClient, clock: () => number = Date.now, navigate: (view: AlertView) => void = () => undefined): DeskStore {
  const store = createStore<DeskState>()((...a) => ({
    ...createConnectionSlice(...a),
    ...createHardwareSlice(...a),
    ...createHistorySlice(client, clock)(...a),
    ...createMonitoringSlice(client)(...a),
    ...createPlugsSlice(client)(...a),
    ...createWalletsSlice(client)(...a),
    ...createPricesSlice(client)(...a),
    ...createDesktopSlice(client)(...a),
    ...createRewardsSlice(client, clock)(...a),
    ...createBackfillSlice(client)(...a),
    ...createEndpointsSlice(client)(...a),
    ...createProfitSlice(client)(...a),
    ...createBackupSlice(client)(...a),
    ...createAlertsSlice(client, clock)(...a),
    ...createNodesSlice(client)(...a),
    ...createFleetSlice(client)(...a),
    ...createAppSlice(...a),
    ...createWizardSlice(client)(...a),
  }))
  const state = store.getState
  /** The Alerts view's lists, once it has asked for them (read or failed): the log, the rules, the channels. */
  const reloadAlertLists = (withLog: boolean): void => {
    const s = state()
    if (withLog && (s.alertLog !== null || s.alertLogError !== null)) void s.loadAlertLog()
    if (s.alertRules !== null || s.alertRulesError !== null) void s.loadAlertRules()
    if (s.alertChannels !== null || s.alertChannelsError !== null) void s.loadAlertChannels()
  }
  /** True when the profit figures stand on something that changed. */
  const applySettings = ({ settings, problem }: SettingsState): boolean => {
    state().applySettingsProblem(problem)
    state().applyPlugs(settings.power.plugs)
    state().applyWalletSettings(settings)
    // A wallet just added has no backfill status here until core pushes one after its first read: ask now.
    if (state().applyBackfillWallets(settings.wallets)) void state().loadBackfill()
    state().applyPriceSettings(settings)
    state().applyDesktopSettings(settings)
    state().applyNodesSettings(settings)
    state().applyOnboardingSettings(settings)
    // Rules and channels stand on their settings: read again when shown and changed.
    if (state().applyAlertsSettings(settings)) reloadAlertLists(false)
    return state().applyProfitSettings(settings)
  }
  const refresh = async (): Promise<void> => {
    void state().loadRewards()
    void state().loadProfit()
    void state().loadAlerts()
    void state().loadNodes()
    void state().loadFleet()
    void state().loadBackfill()
    reloadAlertLists(true)
    const [info, monitoring, latest, settings, plugKinds, networks, wallets, endpoints] = await Promise.all([
      client.callSafe('app.info', {}),
      client.callSafe('monitoring.get', {}),
      client.callSafe('hardware.latest', {}),
      client.callSafe('settings.get', {}),
      client.callSafe('power.plugKinds', {}),
      client.callSafe('networks.list', {}),
      client.callSafe('wallets.snapshot', {}),
      client.callSafe('endpoints.list', {}),
    ])
    if (info.ok) state().applyInfo(info.value)
    if (monitoring.ok) state().applyMonitoring(monitoring.value)
    if (latest.ok) state().applySample(latest.value)
    if (settings.ok) applySettings(settings.value)
    if (plugKinds.ok) state().applyPlugKinds(plugKinds.value)
    if (networks.ok) state().applyNetworks(networks.value)
    if (wallets.ok) state().applyWalletsSnapshot(wallets.value)
    if (endpoints.ok) state().applyEndpoints(endpoints.value)
  }
  const unsubscribe = [
    client.on('hardware.sampled', (sample) => state().applySample(sample)),
    client.on('monitoring.changed', (monitoring) => state().applyMonitoring(monitoring)),
    client.on('settings.changed', (settingsState) => {
      if (applySettings(settingsState)) void state().loadProfit()
    }),
    client.on('wallets.updated', (snapshot) => {
      state().applyWalletsSnapshot(snapshot)
      // Core books the rewards a read found just before it says so with this event; profit stands on them.
      void state().loadRewards()
      void state().loadProfit()
    }),
    client.on('alerts.changed', (snapshot) => {
      state().applyAlertsSnapshot(snapshot)
      if (state().alertLog !== null) void state().loadAlertLog()
      // A push just sent (or failed) shows on its channel.
      if (state().alertChannels !== null) void state().loadAlertChannels()
    }),
    client.on('nodes.changed', (snapshot) => state().applyNodesSnapshot(snapshot)),
    client.on('fleet.changed', (snapshot) => state().applyFleetSnapshot(snapshot)),
    client.on('backfill.progress', (status) => state().applyBackfillStatus(status)),
    client.on('ui.navigate', ({ view }) => navigate(view)),
    client.onConnection((connection) => {
      state().applyConnection(connection)
      if (connection.status === 'connected') void refresh()
    }),
  ]
  return Object.assign(store, { dispose: () => unsubscribe.forEach((stop) => stop()) })
}
