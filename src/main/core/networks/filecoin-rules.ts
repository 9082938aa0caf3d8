import type { FactView, WalletView } from '../../../shared/contract/wallets.ts'
import type { AlertRule, AlertState, Finding } from '../alerts/rule.ts'
import { explorerLink } from '../alerts/rules/explorer-links.ts'
import { hourMs, liveWallets, num, threshold, tokens, walletWhere, when } from '../alerts/rules/rule-kit.ts'

/*
 * Filecoin's own alert rules, over the facts filecoin.ts reads for a storage provider (an f0
 * miner actor): its power and faulty sectors ('filecoin.power') and its fee debt
 * ('filecoin.fee-debt'). A plain wallet has neither fact and never fires.
 *
 * Why they matter: a faulty sector has no power and pays a fault fee each proving period (a day)
 * until recovered, and is terminated after 42 days of faults (builtin-actors miner policy
 * FAULT_MAX_AGE = WPoStProvingPeriod × 42); a miner with fee debt is not eligible to mine
 * (lotus chain/stmgr/actors.go MinerEligibleToMine: "No fee debt").
 */

export const powerKind = 'filecoin.power'
export const feeDebtKind = 'filecoin.fee-debt'

const FIL_DECIMALS = 18

const factOf = (view: WalletView, kind: string): FactView | undefined => view.facts?.find((fact) => fact.kind === kind)

function providers(state: AlertState, kind: string): { view: WalletView; fact: FactView }[] {
  return liveWallets(state)
    .filter((view) => view.wallet.network === 'filecoin')
    .flatMap((view) => {
      const fact = factOf(view, kind)
      return fact === undefined ? [] : [{ view, fact }]
    })
}

/** "storage provider f01234 (Filecoin wallet “SP”)": where a miner's alert happened. */
const minerWhere = (state: AlertState, view: WalletView): string => `storage provider ${view.wallet.address} (${walletWhere(state, view)})`

type PowerTrouble = { view: WalletView; fact: FactView; faulty: number; drop: { percent: number; from: number; to: number; at: number } | null }

function powerTroubles(state: AlertState, faultLimit: number, dropLimit: number): PowerTrouble[] {
  return providers(state, powerKind).flatMap(({ view, fact }): PowerTrouble[] => {
    const faulty = fact.figures.faultySectors ?? 0
    const to = fact.figures.qualityAdjPower ?? 0
    const from = fact.previous?.figures.qualityAdjPower ?? 0
    const percent = from > 0 && to < from ? ((from - to) / from) * 100 : 0
    const drop = fact.previous !== null && percent >= dropLimit ? { percent, from, to, at: fact.previous.at } : null
    return faulty >= faultLimit || drop !== null ? [{ view, fact, faulty: faulty >= faultLimit ? faulty : 0, drop }] : []
  })
}

/** Bytes of storage power in binary units for a sentence: "2.5 PiB". */
export function powerWords(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${num(value, value < 10 ? 2 : 1)} ${units[unit] ?? 'B'}`
}

/** Faulty sectors at or over the limit, or quality-adjusted power down by X % since the read before. */
export const powerDropped: AlertRule = {
  id: 'filecoin.power-dropped',
  name: 'Filecoin miner lost power',
  explanation: 'A storage provider of yours with faulty sectors (no power, a fee every day until recovered), or whose quality-adjusted power fell since the last read.',
  severity: 'warning',
  network: 'filecoin',
  thresholds: [
    { key: 'faultySectors', label: 'Faulty sectors at least', unit: 'sectors', default: 1, min: 1, max: 1_000_000 },
    { key: 'dropPercent', label: 'Power fell by at least', unit: '% between two reads', default: 5, min: 1, max: 100 },
  ],
  openAfterMs: () => 0,
  resolveAfterMs: hourMs,
  cooldownMs: hourMs,
  evaluate(state, thresholds) {
    const faultLimit = threshold(thresholds, 'faultySectors')
    const dropLimit = threshold(thresholds, 'dropPercent')
    return powerTroubles(state, faultLimit, dropLimit).map(({ view, fact, faulty, drop }): Finding => {
      const where = minerWhere(state, view)
      const left = powerWords(fact.figures.qualityAdjPower ?? 0)
      const faults =
        faulty > 0
          ? `It has ${num(faulty, 0)} faulty ${faulty === 1 ? 'sector' : 'sectors'}, at or over your limit of ${num(faultLimit, 0)}: a faulty sector has no power and pays a fault fee every proving period (a day) until it is recovered, and after 42 days of faults it is terminated and its pledge penalised. Look at lotus-miner proving faults and the storage paths and workers behind them; once the sectors check out, Lotus declares them recovered (or: lotus-miner proving recover-faults). `
          : ''
      const fell =
        drop === null
          ? ''
          : `Its quality-adjusted power fell from ${powerWords(drop.from)} at ${when(drop.at)} to ${powerWords(drop.to)} (−${num(drop.percent)} %), at or over your ${num(dropLimit)} % limit: sectors faulted, were terminated or expired. `
      return {
        subject: view.wallet.id,
        ...(faulty > 0 ? { severity: 'critical' as const } : {}),
        title: faulty > 0 ? `Filecoin ${view.wallet.address}: ${num(faulty, 0)} faulty ${faulty === 1 ? 'sector' : 'sectors'}` : `Filecoin ${view.wallet.address}: power down ${num(drop?.percent ?? 0)} %`,
        message: `The ${where} has ${left} of quality-adjusted power. ${faults}${fell}`.trimEnd(),
        figure: [faulty > 0 ? `${num(faulty, 0)} faulty ${faulty === 1 ? 'sector' : 'sectors'}` : '', drop === null ? '' : `power −${num(drop.percent)} %`].filter(Boolean).join(', '),
        threshold: [faulty > 0 ? `${num(faultLimit, 0)} ${faultLimit === 1 ? 'sector' : 'sectors'}` : '', drop === null ? '' : `−${num(dropLimit)} %`].filter(Boolean).join(', '),
        view: 'wallets',
        network: 'filecoin',
        walletId: view.wallet.id,
        link: explorerLink('filecoin', view.wallet.address),
      }
    })
  },
  current(state) {
    const all = providers(state, powerKind)
    if (all.length === 0) return null
    return all.map(({ view, fact }) => `${view.wallet.address}: ${powerWords(fact.figures.qualityAdjPower ?? 0)}, ${num(fact.figures.faultySectors ?? 0, 0)} faulty`).join('; ')
  },
}

/** The operator's limit in FIL as attoFIL, exactly (the bounds keep it a small decimal). */
const attoFil = (fil: number): bigint => BigInt(Math.round(fil * 1e6)) * 10n ** 12n

function debts(state: AlertState, limit: number): { view: WalletView; debt: bigint }[] {
  return providers(state, feeDebtKind).flatMap(({ view, fact }) => {
    const debt = BigInt(fact.amount?.amount ?? '0')
    return debt > attoFil(limit) ? [{ view, debt }] : []
  })
}

/** Fee debt above the limit (0 by default: any debt). */
export const feeDebt: AlertRule = {
  id: 'filecoin.fee-debt',
  name: 'Filecoin miner in fee debt',
  explanation: 'A storage provider of yours owing fee debt (unpaid fault fees and penalties): it cannot win blocks until the debt is repaid.',
  severity: 'critical',
  network: 'filecoin',
  thresholds: [{ key: 'minFil', label: 'Fee debt above', unit: 'FIL', default: 0, min: 0, max: 1000 }],
  openAfterMs: () => 0,
  resolveAfterMs: hourMs,
  cooldownMs: 6 * hourMs,
  evaluate(state, thresholds) {
    const limit = threshold(thresholds, 'minFil')
    return debts(state, limit).map(({ view, debt }): Finding => {
      const owed = `${tokens(debt, FIL_DECIMALS)} FIL`
      return {
        subject: view.wallet.id,
        title: `Filecoin ${view.wallet.address} owes ${owed} of fee debt`,
        message: `The ${minerWhere(state, view)} owes ${owed} of fee debt, above your ${num(limit, 6)} FIL limit: fault fees or penalties its unlocked balance could not pay. Until it is repaid the miner is not eligible to win blocks, and what it withdraws goes to the debt first. Repay it with lotus-miner actor repay-debt (from the owner or worker wallet), then find what caused it (faulty sectors, a missed WindowPoSt).`,
        figure: `${owed} fee debt`,
        threshold: `${num(limit, 6)} FIL`,
        view: 'wallets',
        network: 'filecoin',
        walletId: view.wallet.id,
        link: explorerLink('filecoin', view.wallet.address),
      }
    })
  },
  current(state) {
    const all = providers(state, feeDebtKind)
    if (all.length === 0) return null
    const owing = debts(state, 0)
    return owing.length === 0 ? `no fee debt on ${all.length} ${all.length === 1 ? 'miner' : 'miners'}` : owing.map(({ view, debt }) => `${view.wallet.address} owes ${tokens(debt, FIL_DECIMALS)} FIL`).join('; ')
  },
}
