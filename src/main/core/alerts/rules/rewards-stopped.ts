import type { NetworkInfo, RewardEntry, WalletView } from '../../../../shared/contract/wallets.ts'
import type { AlertRule, AlertState, Finding, Thresholds } from '../rule.ts'
import { explorerLink } from './explorer-links.ts'
import { diskFull } from './disk-full.ts'
import { gpuThrottling } from './gpu-throttling.ts'
import { plugUnreachable } from './plug-unreachable.ts'
import { thresholdsFor } from '../thresholds.ts'
import { dayMs, hourMs, isReward, liveWallets, minuteMs, num, sampleOf, span, threshold, walletWhere, when } from './rule-kit.ts'
import { temperature } from './temperature.ts'

/*
 * A wallet that stopped earning, judged two ways. By cadence: no reward for longer than the
 * network's payout cadence times a factor (networks paid on claim or irregularly have none and
 * are judged by rate only). By rate: the last 24 h earned below a share of the 7-day daily rate,
 * per unit, and only where rewards come often enough for a day to hold several (a cadence of 6 h
 * or less, or none) and on most of the 6 days before, so a weekly claim never reads as a stop.
 * Only wallets read live are judged: a wallet that cannot be read is stale, not stopped. When the
 * machine looks fine the alert says "healthy but not earning": the fault is in the node or the
 * network, not the hardware.
 */

/** The ledger the rules see holds 8 days: no reward in it means none for at least that long. */
const ledgerMs = 8 * dayMs
const rateCadenceHours = 6
const historyDaysNeeded = 4

const machineRules = [temperature, gpuThrottling, diskFull, plugUnreachable]

/** Sampling is live and no hardware rule sees a problem (whatever the operator enabled: the question is whether the machine is fine). */
function machineLooksFine(state: AlertState): boolean {
  const sample = sampleOf(state)
  if (sample === null || state.now - sample.provenance.at > 2 * minuteMs) return false
  return machineRules.every((rule) => rule.evaluate(state, thresholdsFor(rule, state.settings)).length === 0)
}

function verdict(state: AlertState, view: WalletView): { title: string; advice: string } {
  const where = walletWhere(state, view)
  if (machineLooksFine(state)) {
    return { title: `${where} is healthy but not earning`, advice: 'The machine looks fine and the wallet reads live, so check the node itself: is it running, registered and reachable, and is the payout address this wallet?' }
  }
  return { title: `${where} stopped earning`, advice: 'Check the machine (Hardware view) and the node: is it running, registered and reachable?' }
}

function byCadence(state: AlertState, view: WalletView, info: NetworkInfo, rewards: readonly RewardEntry[], factor: number): Finding | null {
  const every = info.payout.expectedEveryHours
  if (every === null) return null
  // Rounded to the millisecond: 1.2 h × 3 in floats falls a hair short of 3.6 h.
  const allowed = Math.round(every * factor * hourMs)
  const last = rewards[0]?.at ?? null
  const since = last ?? Math.max(view.wallet.addedAt, state.now - ledgerMs)
  const quiet = state.now - since
  if (quiet <= allowed) return null
  const { title, advice } = verdict(state, view)
  const lastWords = last === null ? (since === view.wallet.addedAt ? `since it was added (${when(since)})` : `in the last ${span(quiet)}`) : `since ${when(last)}`
  return {
    subject: view.wallet.id,
    title,
    message: `${walletWhere(state, view)} has had no reward for ${span(quiet)} (none ${lastWords}); ${info.name} pays about every ${num(every)} h, and your limit is ${num(factor)} × that, ${span(allowed)}. ${advice} The explorer shows the wallet's latest transfers.`,
    figure: `${span(quiet)} without a reward`,
    threshold: span(allowed),
    view: 'wallets',
    network: view.wallet.network,
    walletId: view.wallet.id,
    link: explorerLink(info.chain, view.wallet.address),
  }
}

/** Per unit: 24 h and 7 d amounts, and on how many of the 6 days before the last 24 h it earned. */
function rates(rewards: readonly RewardEntry[], now: number): Map<string, { day: bigint; week: bigint; days: Set<number>; decimals: number }> {
  const units = new Map<string, { day: bigint; week: bigint; days: Set<number>; decimals: number }>()
  for (const entry of rewards) {
    const age = now - entry.at
    if (age >= 7 * dayMs || age < 0) continue
    const unit = units.get(entry.token) ?? { day: 0n, week: 0n, days: new Set<number>(), decimals: entry.decimals }
    unit.week += BigInt(entry.amount)
    if (age < dayMs) unit.day += BigInt(entry.amount)
    else unit.days.add(Math.floor(age / dayMs))
    units.set(entry.token, unit)
  }
  return units
}

function byRate(state: AlertState, view: WalletView, info: NetworkInfo, rewards: readonly RewardEntry[], percent: number): Finding[] {
  const every = info.payout.expectedEveryHours
  if (percent <= 0 || (every !== null && every > rateCadenceHours) || state.now - view.wallet.addedAt < 7 * dayMs) return []
  return [...rates(rewards, state.now)].flatMap(([token, unit]): Finding[] => {
    if (unit.week === 0n || unit.days.size < historyDaysNeeded) return []
    // 24 h against a seventh of 7 d, in hundredths of a percent, exact in base units.
    const share = Number((unit.day * 7n * 10_000n) / unit.week) / 100
    if (share >= percent) return []
    const { title, advice } = verdict(state, view)
    return [
      {
        subject: `${view.wallet.id}:rate:${token}`,
        title: `${title} (${token} at ${num(share, 0)} % of its usual rate)`,
        message: `${walletWhere(state, view)} earned ${num(share)} % of its usual daily ${token} in the last 24 h against its daily average over 7 days, below your ${num(percent, 0)} % limit. ${advice}`,
        figure: `${num(share)} % of the 7-day rate`,
        threshold: `${num(percent, 0)} %`,
        view: 'wallets',
        network: view.wallet.network,
        walletId: view.wallet.id,
        link: explorerLink(info.chain, view.wallet.address),
      },
    ]
  })
}

function findings(state: AlertState, thresholds: Thresholds): Finding[] {
  const factor = threshold(thresholds, 'cadenceFactor')
  const percent = threshold(thresholds, 'ratePercent')
  return liveWallets(state).flatMap((view) => {
    const info = state.networks.get(view.wallet.network)
    if (info === undefined) return []
    const rewards = state.rewards.filter((entry) => entry.walletId === view.wallet.id && isReward(entry))
    const stopped = byCadence(state, view, info, rewards, factor)
    // A wallet past its cadence is stopped: its rate saying the same again would be a second alert for one fault.
    return stopped === null ? byRate(state, view, info, rewards, percent) : [stopped]
  })
}

export const rewardsStopped: AlertRule = {
  id: 'rewards-stopped',
  name: 'Rewards stopped',
  explanation: 'A wallet with no reward for longer than its network’s payout cadence allows, or earning far below its 7-day rate.',
  severity: 'warning',
  thresholds: [
    { key: 'cadenceFactor', label: 'No reward for longer than', unit: '× the payout cadence', default: 3, min: 1, max: 30 },
    { key: 'ratePercent', label: '24 h rate below (0 = off)', unit: '% of the 7-day rate', default: 25, min: 0, max: 100 },
  ],
  openAfterMs: () => 10 * minuteMs,
  resolveAfterMs: 30 * minuteMs,
  cooldownMs: hourMs,
  evaluate: findings,
  current(state, thresholds) {
    const wallets = liveWallets(state)
    if (wallets.length === 0) return null
    const stopped = new Set(findings(state, thresholds).map((finding) => finding.walletId))
    return `${wallets.length - stopped.size} of ${wallets.length} live wallets earning as expected`
  },
}
