import type { HoldingView, WalletView } from '../../../shared/contract/wallets.ts'
import type { AlertRule, AlertState, Finding } from '../alerts/rule.ts'
import { explorerLink } from '../alerts/rules/explorer-links.ts'
import { liveWallets, minuteMs, num, span, threshold, walletWhere } from '../alerts/rules/rule-kit.ts'

/*
 * Bittensor's own alert rules, over the miner holdings bittensor.ts reads: one 'emission' holding
 * per UID of the coldkey's own hotkeys, its emission per epoch. A UID the last read returned at
 * 0 was scored 0 by validators; a UID it no longer returned (the holding is `kept` at 0 by the
 * read step) was deregistered, or its hotkey left the coldkey. The two are told apart.
 */

/** A miner's holding's words, as bittensor.ts builds them; read back here so the rules find the miner. */
export function minerOf(detail: string | null): { uid: number; netuid: number; hotkey: string } | null {
  const match = /^miner UID (\d+) on subnet (\d+), hotkey (\S+), per epoch/.exec(detail ?? '')
  return match === null ? null : { uid: Number(match[1]), netuid: Number(match[2]), hotkey: match[3] ?? '' }
}

/** A subnet's tempo is ~360 blocks of 12 s. */
const epochMs = 72 * minuteMs

type Miner = { view: WalletView; holding: HoldingView; miner: NonNullable<ReturnType<typeof minerOf>> }

/** The miner holdings of live Bittensor wallets that `pick` keeps. */
function miners(state: AlertState, pick: (holding: HoldingView) => boolean): Miner[] {
  return liveWallets(state)
    .filter((view) => view.wallet.network === 'bittensor')
    .flatMap((view) =>
      view.holdings.flatMap((holding) => {
        const miner = holding.kind === 'emission' && pick(holding) ? minerOf(holding.detail) : null
        return miner === null ? [] : [{ view, holding, miner }]
      }),
    )
}

const returnedAtZero = (holding: HoldingView): boolean => holding.amount === '0' && holding.kept !== true
const notReturned = (holding: HoldingView): boolean => holding.kept === true

const subjectOf = ({ view, miner }: Miner): string => `${view.wallet.id}:${miner.netuid}:${miner.hotkey}`

/** A miner the last read returned, with 0 emission for N epochs (the engine waits them out). */
export const emissionZero: AlertRule = {
  id: 'bittensor.emission-zero',
  name: 'Bittensor miner not earning',
  explanation: 'A miner UID of your own hotkeys, still registered, with 0 emission for several epochs (~72 min each): validators score it 0.',
  severity: 'warning',
  network: 'bittensor',
  // A new registration earns nothing for its first epochs while validators score it: 5 epochs is 6 h.
  thresholds: [{ key: 'epochs', label: 'Emission 0 for', unit: 'epochs (~72 min)', default: 5, min: 1, max: 200 }],
  openAfterMs: (thresholds) => threshold(thresholds, 'epochs') * epochMs,
  resolveAfterMs: epochMs,
  cooldownMs: 2 * epochMs,
  evaluate(state, thresholds) {
    const epochs = threshold(thresholds, 'epochs')
    return miners(state, returnedAtZero).map((found): Finding => {
      const { view, miner } = found
      return {
        subject: subjectOf(found),
        title: `Bittensor miner UID ${miner.uid} on subnet ${miner.netuid} earns nothing`,
        message: `Miner UID ${miner.uid} on subnet ${miner.netuid} (hotkey ${miner.hotkey}) of ${walletWhere(state, view)} is still registered but has had 0 emission per epoch for ${num(epochs, 0)} epochs (about ${span(epochs * epochMs)}), your limit: validators score it 0. Check that the miner runs, is reachable on its axon port and serves the subnet's current task; compare its incentive with other UIDs on Taostats.`,
        figure: '0 emission per epoch',
        threshold: `${num(epochs, 0)} epochs`,
        view: 'wallets',
        network: 'bittensor',
        walletId: view.wallet.id,
        link: explorerLink('substrate', view.wallet.address),
      }
    })
  },
  current(state) {
    const all = miners(state, (holding) => holding.kept !== true)
    if (all.length === 0) return null
    return `${all.length - miners(state, returnedAtZero).length} of ${all.length} registered miners earning`
  },
}

/**
 * A miner UID the last read no longer returned: deregistered, or its hotkey no longer owned by
 * the coldkey. A full subnet gives each new registration the UID of the neuron with the lowest
 * pruning score (its emission) outside its immunity period ("Mining in Bittensor", Miner
 * deregistration: docs.learnbittensor.org/miners, latent-to/developer-docs docs/miners/index.md).
 * Nothing earns until the operator registers again (btcli subnets register). The condition must
 * hold `minutes` first, so one read from a node answering from a lagging state does not raise it.
 */
export const uidLost: AlertRule = {
  id: 'bittensor.uid-lost',
  name: 'Bittensor miner UID lost',
  explanation: 'A miner UID of your own hotkeys that the chain no longer lists: deregistered, or the hotkey left this coldkey. It earns nothing until registered again.',
  severity: 'critical',
  network: 'bittensor',
  thresholds: [{ key: 'minutes', label: 'Gone for at least', unit: 'min', default: 15, min: 0, max: 1440 }],
  openAfterMs: (thresholds) => threshold(thresholds, 'minutes') * minuteMs,
  resolveAfterMs: epochMs,
  cooldownMs: 2 * epochMs,
  evaluate(state, thresholds) {
    const minutes = threshold(thresholds, 'minutes')
    return miners(state, notReturned).map((found): Finding => {
      const { view, miner } = found
      return {
        subject: subjectOf(found),
        title: `Bittensor miner UID ${miner.uid} on subnet ${miner.netuid} is gone`,
        message: `Miner UID ${miner.uid} on subnet ${miner.netuid} (hotkey ${miner.hotkey}) of ${walletWhere(state, view)} is no longer registered under this coldkey: the chain stopped listing it for at least ${num(minutes, 0)} min, your limit. Most often the subnet deregistered it (pruned for the lowest score when a new miner registered); it earns nothing from now on. Register the hotkey again (btcli subnets register) once the miner is fixed, or check on Taostats whether the hotkey moved to another coldkey.`,
        figure: 'UID not listed',
        threshold: `${num(minutes, 0)} min`,
        view: 'wallets',
        network: 'bittensor',
        walletId: view.wallet.id,
        link: explorerLink('substrate', view.wallet.address),
      }
    })
  },
  current(state) {
    const all = miners(state, () => true)
    if (all.length === 0) return null
    const lost = miners(state, notReturned).length
    return lost === 0 ? `${all.length} of ${all.length} miners registered` : `${lost} of ${all.length} miners no longer registered`
  },
}
