import type { Capability, CoreContext } from '../capability.ts'
import type { Fleet } from '../fleet/fleet-capability.ts'
import type { Hardware } from '../hardware/hardware-capability.ts'
import type { Nodes } from '../nodes/nodes-capability.ts'
import type { Profit } from '../profit/profit-capability.ts'
import type { Wallets } from '../wallets/wallets-capability.ts'
import { alertStateFrom } from './alert-state.ts'
import { createAlertSystem, type AlertMethods } from './alerts-capability.ts'
import type { AlertRule } from './rule.ts'
import { coreRules, networkRules } from './rules/index.ts'

/**
 * Alerts as a capability of core: the engine over the state the other capabilities hold, the
 * log, and the push channels. Core runs it in both shells, so the headless agent pushes alerts
 * with no desktop attached. A network's own rules join once its module is loaded with the
 * wallets, so alerts never load the chain SDKs themselves.
 */
export function createAlerts(ctx: CoreContext, capabilities: { hardware: Hardware; wallets: Wallets; profit: Profit; nodes: Nodes; fleet?: Fleet }): Capability<AlertMethods> {
  let rules: readonly AlertRule[] = coreRules
  const state = alertStateFrom(capabilities, () => ctx.settings.current)
  const system = createAlertSystem({
    dataDir: ctx.dataDir,
    log: ctx.log,
    settings: () => ctx.settings.current,
    saveSettings: (next) => ctx.saveSettings(next),
    secrets: ctx.secrets,
    emit: (event, snapshot) => ctx.events.emit(event, snapshot),
    gather: state.gather,
    rules: () => rules,
    intervalMs: () => capabilities.hardware.monitoring.sampleIntervalMs,
  })
  const withNetworks = async (): Promise<void> => {
    const loaded = capabilities.wallets.loaded()
    if (loaded === undefined || rules !== coreRules) return
    rules = [...coreRules, ...networkRules((await loaded).registry)]
  }
  let unsubscribe: (() => void) | null = null
  return {
    handlers: system.handlers,
    async start() {
      await withNetworks()
      unsubscribe = ctx.events.subscribe((event) => {
        if (event === 'settings.changed') state.invalidate()
        if (event !== 'wallets.updated') return
        state.invalidate()
        // New money figures are judged at once, not at the next sample.
        void withNetworks()
          .then(() => system.evaluate())
          .catch((error: unknown) => ctx.log.error('alert evaluation after a wallet update failed', error))
      })
      await system.start()
    },
    async stop() {
      unsubscribe?.()
      unsubscribe = null
      await system.stop()
    },
  }
}
