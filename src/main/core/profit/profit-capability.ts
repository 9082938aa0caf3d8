import type { PowerChoice } from '../../../shared/contract/power.ts'
import type { Capability, CoreContext } from '../capability.ts'
import type { Hardware } from '../hardware/hardware-capability.ts'
import type { Wallets } from '../wallets/wallets-capability.ts'
import type { PowerProvenance, ProfitService } from './profit-service.ts'

/** The profit math loads with the first question about profit. */
const profitSupport = () => import('./profit-service.ts')

/** Where the machine's watts come from now, for the profit figures' provenance. */
function powerProvenance(total: PowerChoice | null): PowerProvenance {
  if (total === null || total.basis === 'none') return { kind: 'none', reason: total?.reason ?? 'no power sample yet' }
  return { kind: total.kind, reason: total.reason }
}

type ProfitMethods = 'profit.summary' | 'profit.whatIf' | 'profit.setTariff' | 'profit.setCosts' | 'profit.setAttribution'

export type Profit = Capability<ProfitMethods> & {
  /** The service if wallets are already loaded (profit needs the ledger); never loads the chain SDKs itself. */
  ifLoaded(): Promise<ProfitService> | undefined
}

/** Per-network P&L over the ledger and the measured energy; its settings (tariff, costs, attribution). */
export function createProfit(ctx: CoreContext, hardware: Hardware, wallets: Wallets): Profit {
  const { settings } = ctx
  let service: Promise<ProfitService> | undefined
  const build = (): Promise<ProfitService> => {
    service ??= Promise.all([profitSupport(), wallets.system()]).then(([{ createProfitService }, system]) =>
      createProfitService({
        settings: () => settings.current,
        rewards: system.rewardsBetween,
        quote: system.quote,
        energy: (fromMs, toMs, deviceId) => hardware.energySummary(fromMs, toMs, deviceId),
        power: () => powerProvenance(hardware.latest?.power.total ?? null),
        networks: system.registry,
      }),
    )
    return service
  }
  const registry = async () => (await wallets.system()).registry

  return {
    ifLoaded: () => (wallets.loaded() === undefined ? undefined : build()),
    handlers: {
      'profit.summary': async () => (await build()).summary(),
      'profit.whatIf': async (input) => (await build()).whatIf(input),
      'profit.setTariff': async (input) => ctx.saveSettings((await profitSupport()).setTariff(settings.current, input)),
      'profit.setCosts': async (input) => ctx.saveSettings((await profitSupport()).setCosts(settings.current, await registry(), input)),
      'profit.setAttribution': async (input) => ctx.saveSettings((await profitSupport()).setAttribution(settings.current, await registry(), input)),
    },
  }
}
