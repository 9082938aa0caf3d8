import type { RewardEntry, RewardsCsvFormat } from '../../../shared/contract/wallets.ts'
import { cointrackerCsv } from './csv-cointracker.ts'
import { koinlyCsv } from './csv-koinly.ts'

/*
 * The earnings ledger as a CSV file for a tax tool: Koinly's Universal layout (csv-koinly.ts, the
 * default) or CoinTracker's CSV (csv-cointracker.ts); each writer cites the pages it follows.
 * Both hold the rewards only, oldest first: transfers the operator marked as their own are not
 * income, and an untagged row in a tax file would be booked as an acquisition at market price.
 * Quoting, the formula guard and the exact amounts are shared (csv-cells.ts).
 */

/** Every reward in `entries`, oldest first, as CSV text for `format`; `walletLabels` maps a wallet id to its label. */
export function rewardsCsv(entries: readonly RewardEntry[], walletLabels: ReadonlyMap<string, string>, format: RewardsCsvFormat = 'koinly'): string {
  const rewards = entries.filter((entry) => entry.classification === 'reward').toSorted((a, b) => a.at - b.at || a.id - b.id)
  return format === 'cointracker' ? cointrackerCsv(rewards) : koinlyCsv(rewards, walletLabels)
}

/**
 * "depin-desk-earnings-2025-01-31.csv" (Koinly, the name it always had) or
 * "depin-desk-earnings-cointracker-2025-01-31.csv": the UTC day, as the dates inside are.
 */
export function rewardsCsvFilename(now: number, format: RewardsCsvFormat = 'koinly'): string {
  const day = new Date(now).toISOString().slice(0, 10)
  return format === 'cointracker' ? `depin-desk-earnings-cointracker-${day}.csv` : `depin-desk-earnings-${day}.csv`
}
