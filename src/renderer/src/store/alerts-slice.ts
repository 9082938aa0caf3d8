import type { StateCreator } from 'zustand/vanilla'
import type {
  Alert,
  AlertRuleId,
  AlertRuleInfo,
  AlertsSettings,
  AlertsSnapshot,
  ChannelTest,
  ChannelTestResult,
  PushChannelStatus,
  RulesChange,
  SnoozeRequest,
} from '../../../shared/contract/alerts.ts'
import type { MethodInput } from '../../../shared/contract/methods.ts'
import type { DeskErrorInfo, Envelope } from '../../../shared/contract/result.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { NetworkId } from '../../../shared/contract/wallets.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

/** The history's filters; null: any. */
export type AlertLogFilter = { state: 'open' | 'resolved' | 'all'; network: NetworkId | null; rule: AlertRuleId | null }

/** A list read from core, with when this page got it (its provenance) and why the last read failed. */
export type Loaded<T> = { items: T; at: number } | null

export type AlertsSlice = {
  /** Open alerts and their counts as core last sent them; null until core has answered. */
  alerts: AlertsSnapshot | null
  alertsError: string | null
  /** The alert log under `alertLogFilter`, newest first; null until the Alerts view first asks. */
  alertLog: Loaded<Alert[]>
  alertLogFilter: AlertLogFilter
  alertLogError: string | null
  /** Every rule with its thresholds and the figure it watches now; null until asked. */
  alertRules: Loaded<AlertRuleInfo[]>
  alertRulesError: string | null
  /** The push channels with their last send and last error; null until asked. */
  alertChannels: Loaded<PushChannelStatus[]>
  alertChannelsError: string | null
  /** The alerts section of settings (quiet hours, standing snoozes); null until settings are read. */
  alertsSettings: AlertsSettings | null
  applyAlertsSnapshot: (snapshot: AlertsSnapshot) => void
  /** Takes the alerts section of settings; true when it changed (rules and channels then stand on new settings). */
  applyAlertsSettings: (settings: Settings) => boolean
  loadAlerts: () => Promise<void>
  /** Reads the log under the current filter; an answer overtaken by a newer ask is dropped. */
  loadAlertLog: () => Promise<void>
  setAlertLogFilter: (patch: Partial<AlertLogFilter>) => Promise<void>
  ackAlert: (id: number) => Promise<DeskErrorInfo | null>
  snoozeAlerts: (request: SnoozeRequest) => Promise<DeskErrorInfo | null>
  loadAlertRules: () => Promise<void>
  /** Saves thresholds, enabled switches or quiet hours; core answers the rules as they now stand. */
  saveAlertRules: (change: RulesChange) => Promise<DeskErrorInfo | null>
  loadAlertChannels: () => Promise<void>
  addAlertChannel: (channel: MethodInput<'alerts.addChannel'>) => Promise<DeskErrorInfo | null>
  removeAlertChannel: (id: string) => Promise<DeskErrorInfo | null>
  /** "Send test": on a draft's target or a saved channel's id; nothing is saved. */
  testAlertChannel: (test: ChannelTest) => Promise<Envelope<ChannelTestResult>>
}

export const initialAlerts: Pick<
  AlertsSlice,
  'alerts' | 'alertsError' | 'alertLog' | 'alertLogFilter' | 'alertLogError' | 'alertRules' | 'alertRulesError' | 'alertChannels' | 'alertChannelsError' | 'alertsSettings'
> = {
  alerts: null,
  alertsError: null,
  alertLog: null,
  alertLogFilter: { state: 'all', network: null, rule: null },
  alertLogError: null,
  alertRules: null,
  alertRulesError: null,
  alertChannels: null,
  alertChannelsError: null,
  alertsSettings: null,
}

function logQuery({ state, network, rule }: AlertLogFilter): MethodInput<'alerts.list'> {
  return { state, ...(network === null ? {} : { network }), ...(rule === null ? {} : { rule }) }
}

/** `clock`: when an answer arrived, shown as its time. */
export const createAlertsSlice =
  (client: DeskClient, clock: () => number): StateCreator<DeskState, [], [], AlertsSlice> =>
  (set, get) => {
    let settingsKey: string | null = null
    let askedLog = 0
    let askedSnapshot = 0
    const loadAlerts = async (): Promise<void> => {
      const mine = ++askedSnapshot
      const result = await client.callSafe('alerts.snapshot', {})
      if (mine !== askedSnapshot) return
      set(result.ok ? { alerts: result.value, alertsError: null } : { alertsError: result.error.message })
    }
    const loadAlertLog = async (): Promise<void> => {
      const mine = ++askedLog
      const result = await client.callSafe('alerts.list', logQuery(get().alertLogFilter))
      if (mine !== askedLog) return
      set(result.ok ? { alertLog: { items: result.value, at: clock() }, alertLogError: null } : { alertLogError: result.error.message })
    }
    const applyRules = (result: Envelope<AlertRuleInfo[]>): DeskErrorInfo | null => {
      if (!result.ok) return result.error
      set({ alertRules: { items: result.value, at: clock() }, alertRulesError: null })
      return null
    }
    const applyChannels = (result: Envelope<PushChannelStatus[]>): DeskErrorInfo | null => {
      if (!result.ok) return result.error
      set({ alertChannels: { items: result.value, at: clock() }, alertChannelsError: null })
      return null
    }
    /** After the operator changed an alert: the snapshot (badge) and, when shown, the log. */
    const changed = async (): Promise<null> => {
      await Promise.all([loadAlerts(), get().alertLog === null ? null : loadAlertLog()])
      return null
    }
    return {
      ...initialAlerts,
      applyAlertsSnapshot: (alerts) => {
        // A snapshot pushed by core is newer than any read still on its way.
        askedSnapshot += 1
        set({ alerts, alertsError: null })
      },
      applyAlertsSettings: (settings) => {
        const key = JSON.stringify(settings.alerts)
        const moved = settingsKey !== null && key !== settingsKey
        settingsKey = key
        set({ alertsSettings: settings.alerts })
        return moved
      },
      loadAlerts,
      loadAlertLog,
      setAlertLogFilter: (patch) => {
        set((state) => ({ alertLogFilter: { ...state.alertLogFilter, ...patch } }))
        return loadAlertLog()
      },
      ackAlert: async (id) => {
        const result = await client.callSafe('alerts.ack', { id })
        return result.ok ? changed() : result.error
      },
      snoozeAlerts: async (request) => {
        const result = await client.callSafe('alerts.snooze', request)
        if (!result.ok) return result.error
        get().applyAlertsSnapshot(result.value)
        if (get().alertLog !== null) await loadAlertLog()
        return null
      },
      loadAlertRules: async () => {
        const failure = applyRules(await client.callSafe('alerts.rules', {}))
        if (failure) set({ alertRulesError: failure.message })
      },
      saveAlertRules: async (change) => {
        const failure = applyRules(await client.callSafe('alerts.rules', change))
        // Core answers the rules; quiet hours it took are shown now, before settings.changed comes.
        const settings = get().alertsSettings
        if (!failure && change.quietHours !== undefined && settings) set({ alertsSettings: { ...settings, quietHours: change.quietHours } })
        return failure
      },
      loadAlertChannels: async () => {
        const failure = applyChannels(await client.callSafe('alerts.channels', {}))
        if (failure) set({ alertChannelsError: failure.message })
      },
      addAlertChannel: async (channel) => applyChannels(await client.callSafe('alerts.addChannel', channel)),
      removeAlertChannel: async (id) => applyChannels(await client.callSafe('alerts.removeChannel', { id })),
      testAlertChannel: (test) => client.callSafe('alerts.testChannel', test),
    }
  }
