import type { RewardEntry } from '../../../shared/contract/wallets.ts'

/*
 * The earnings ledger as a CSV file for tax tools.
 *
 * The first twelve columns are Koinly's "Universal" custom-CSV template, names and order as its
 * template has them (https://support.koinly.io/en/articles/9489976-how-to-create-a-custom-csv-file-with-your-data):
 * the date in UTC ("YYYY-MM-DD HH:mm UTC", here with seconds), the reward as Received Amount /
 * Currency, its value when received as Net Worth Amount / Currency, and a Label. "reward" is
 * Koinly's income tag for deposits such as staking and node rewards
 * (https://support.koinly.io/en/articles/9490023-what-are-tags); a deposit without a tag would count
 * as a purchase, not income. Koinly reads columns by name, so DePIN Desk's own columns (network,
 * price, source, wallet, address) follow after the template's; the Description repeats the
 * network and source in words for a tool that drops unknown columns. CoinTracker
 * (support.cointracker.io, "Convert your transaction history to CoinTracker CSV") wants exactly
 * its own eight columns and a different date format, so it is not served by this file.
 *
 * Transfers the operator marked as their own are left out: they are not income, and an untagged
 * row in a tax file would be booked as an acquisition at market price. The tool sees the real
 * transfer in the wallets it syncs.
 *
 * Cells are quoted as RFC 4180 says (commas, quotes, line breaks), records end in CRLF, and a
 * cell a spreadsheet would run as a formula (starting with = + - @, tab, CR or NUL) gets a leading
 * ' (OWASP CSV Injection; ASVS 5.0 V1.2.10): wallet labels are the operator's free text.
 */

export const rewardsCsvHeader = [
  'Date',
  'Sent Amount',
  'Sent Currency',
  'Received Amount',
  'Received Currency',
  'Fee Amount',
  'Fee Currency',
  'Net Worth Amount',
  'Net Worth Currency',
  'Label',
  'Description',
  'TxHash',
  'Network',
  'Price',
  'Source',
  'Wallet',
  'Address',
] as const

const sourceWords: Record<RewardEntry['source'], string> = {
  native: 'as the network reports it',
  'balance-delta': 'seen as a balance increase',
  manual: 'recorded by hand',
}

/** Every reward in `entries`, oldest first, as CSV text; `walletLabels` maps a wallet id to its label. */
export function rewardsCsv(entries: readonly RewardEntry[], walletLabels: ReadonlyMap<string, string>): string {
  const rows = entries
    .filter((entry) => entry.classification === 'reward')
    .toSorted((a, b) => a.at - b.at || a.id - b.id)
    .map((entry) => row(entry, walletLabels.get(entry.walletId) ?? ''))
  return [rewardsCsvHeader, ...rows].map((cells) => `${cells.map(cell).join(',')}\r\n`).join('')
}

/** "depin-desk-earnings-2025-01-31.csv": the UTC day, as the dates inside are. */
export function rewardsCsvFilename(now: number): string {
  return `depin-desk-earnings-${new Date(now).toISOString().slice(0, 10)}.csv`
}

function row(entry: RewardEntry, wallet: string): string[] {
  return [
    koinlyDate(entry.at),
    '',
    '',
    unitsToDecimal(entry.amount, entry.decimals),
    entry.token,
    '',
    '',
    entry.fiat ?? '',
    entry.fiat === null ? '' : entry.currency.toUpperCase(),
    'reward',
    `${entry.network} reward, ${sourceWords[entry.source]}`,
    '',
    entry.network,
    entry.price ?? '',
    entry.source,
    wallet,
    entry.address,
  ]
}

/** "2025-01-31 14:05:00 UTC". */
function koinlyDate(ms: number): string {
  const iso = new Date(ms).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`
}

/** Base units as a decimal token amount, by string arithmetic: exact for any size and any decimals. */
export function unitsToDecimal(amount: string, decimals: number): string {
  if (!/^\d+$/.test(amount)) throw new RangeError(`"${amount}" is not a whole number of base units`)
  if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError(`a token has a whole number of decimals, not ${decimals}`)
  const digits = amount.replace(/^0+(?=\d)/, '')
  if (decimals === 0) return digits
  const padded = digits.padStart(decimals + 1, '0')
  const fraction = padded.slice(-decimals).replace(/0+$/, '')
  const whole = padded.slice(0, -decimals)
  return fraction === '' ? whole : `${whole}.${fraction}`
}

function cell(value: string): string {
  const inert = /^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert
}
