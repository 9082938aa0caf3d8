import type { FleetSnapshot } from '../../../shared/contract/fleet.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { HoldingView, WalletsSnapshot } from '../../../shared/contract/wallets.ts'
import type { NodesSnapshot } from '../../../shared/contract/nodes.ts'
import type { Hardware } from '../hardware/hardware-capability.ts'
import type { Profit } from '../profit/profit-capability.ts'
import type { Wallets } from '../wallets/wallets-capability.ts'
import type { GatheredState } from './alerts-capability.ts'

type WalletRead = { fetchedAt: number; holdings: readonly HoldingView[] }
type MoneyState = Pick<GatheredState, 'wallets' | 'previousHoldings' | 'rewards' | 'profit' | 'networks'>

/** The ledger window rules look back over: the 7-day rate and a day before it. */
const rewardsLookbackMs = 8 * 24 * 3_600_000

/** Money state is rebuilt when wallets or settings change, and at least this often (freshness ages, a day rolls over). */
const moneyMaxAgeMs = 60_000

/**
 * Gathers, at each evaluation, the state core already holds for the rules: nothing is polled
 * for alerts. The wallets, ledger and profit figures are rebuilt only when they changed (or a
 * minute passed), so at the 1 s cadence the rules that read them see the same objects and are
 * not run again (rule-memo.ts). Wallets and profit are looked at only once something else
 * loaded them, so a machine that watches no wallet never loads the chain SDKs for an alert.
 */
export function alertStateFrom(
  capabilities: { hardware: Hardware; wallets: Wallets; profit: Profit; nodes?: { readonly snapshot: NodesSnapshot | null }; fleet?: { snapshot(): FleetSnapshot } },
  settings: () => Settings,
  now: () => number = Date.now,
): { gather: () => Promise<GatheredState>; invalidate: () => void } {
  const { hardware, wallets, profit } = capabilities
  let money: { at: number; state: MoneyState } | null = null
  // Bumped by every change, so a rebuild that a change overtook is not kept.
  let version = 0

  // Each wallet's last two good reads seen, so a rule can compare a read with the one before.
  const reads = new Map<string, { latest: WalletRead; previous: WalletRead | null }>()
  const remember = (snapshot: WalletsSnapshot): ReadonlyMap<string, WalletRead> => {
    for (const view of snapshot.wallets) {
      if (view.fetchedAt === null) continue
      const seen = reads.get(view.wallet.id)
      const read = { fetchedAt: view.fetchedAt, holdings: view.holdings }
      if (seen === undefined) reads.set(view.wallet.id, { latest: read, previous: null })
      else if (seen.latest.fetchedAt < view.fetchedAt) reads.set(view.wallet.id, { latest: read, previous: seen.latest })
    }
    return new Map([...reads].flatMap(([id, { previous }]) => (previous === null ? [] : [[id, previous]])))
  }

  async function moneyState(): Promise<MoneyState> {
    const system = await wallets.loaded()
    // Without a tariff electricity is unknown, and the profit rules judge nothing: the summary
    // (and the ICU time-zone data its local calendar loads, about 8 MiB) is left unasked.
    const service = settings().profit.tariff.length === 0 ? undefined : profit.ifLoaded()
    const summary = service === undefined ? null : await (await service).summary().catch(() => null)
    const snapshot = system?.snapshot() ?? null
    return {
      wallets: snapshot,
      previousHoldings: snapshot === null ? new Map() : remember(snapshot),
      rewards: system?.rewards({ fromMs: now() - rewardsLookbackMs, limit: 5000 }) ?? [],
      profit: summary,
      networks: new Map((system?.networks() ?? []).map((network) => [network.id, network])),
    }
  }

  async function gather(): Promise<GatheredState> {
    let state = money !== null && now() - money.at < moneyMaxAgeMs ? money.state : null
    if (state === null) {
      const started = version
      state = await moneyState()
      money = started === version ? { at: now(), state } : null
    }
    return { hardware: hardware.latest, paused: hardware.monitoring.paused, historyProblem: hardware.historyProblem, nodes: capabilities.nodes?.snapshot ?? null, fleet: capabilities.fleet?.snapshot() ?? null, ...state }
  }

  return {
    gather,
    /** Wallets or settings changed: the next evaluation rebuilds the money state. */
    invalidate() {
      version += 1
      money = null
    },
  }
}
