/*
 * What every ledger CSV shares, whichever tax tool it is for.
 *
 * Cells are quoted as RFC 4180 says (commas, quotes, line breaks) and records end in CRLF. A cell a
 * spreadsheet would run as a formula (starting with = + - @, tab, CR or NUL) gets a leading '
 * (OWASP CSV Injection; ASVS 5.0 V1.2.10): wallet labels are the operator's free text. Amounts are
 * decimal strings built from base units by string arithmetic, never through a float.
 */

/** `rows` (the header first) as CSV text, every record CRLF-terminated. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((cells) => `${cells.map(cell).join(',')}\r\n`).join('')
}

/** One cell: defused if a spreadsheet would run it, then quoted if it holds a comma, quote or line break. */
export function cell(value: string): string {
  const inert = /^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert
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

/**
 * Base units as a decimal token amount with at most `places` decimals, rounded half up, by bigint
 * arithmetic: exact for any size. For a tool that refuses more places than it keeps.
 */
export function unitsToRoundedDecimal(amount: string, decimals: number, places: number): string {
  if (!Number.isInteger(places) || places < 0) throw new RangeError(`a whole number of places, not ${places}`)
  const exact = unitsToDecimal(amount, decimals)
  if (decimals <= places) return exact
  const drop = 10n ** BigInt(decimals - places)
  const kept = (BigInt(amount) + drop / 2n) / drop
  return unitsToDecimal(kept.toString(), places)
}

/** The UTC date of `ms` as "YYYY-MM-DD" and "HH:mm:ss". */
export function utcParts(ms: number): { day: string; time: string } {
  const iso = new Date(ms).toISOString()
  return { day: iso.slice(0, 10), time: iso.slice(11, 19) }
}

/**
 * What kind of income a network's rewards are, which each tool then names with its own tag:
 * - 'mining': new tokens the protocol mints to the hardware for the work it does (Filecoin's
 *   storage-mining block rewards, Bittensor's subnet emissions to a miner's hotkey, Helium's
 *   Proof-of-Coverage rewards to a hotspot);
 * - 'payment': what customers pay for a job or a lease the node served (Akash leases, Render and
 *   Nosana jobs);
 * - 'reward': any other reward for running a node (Grass bandwidth, Aethir checker and GPU nodes),
 *   and every network not listed here.
 */
export type EarningKind = 'mining' | 'payment' | 'reward'

const earningKinds: Readonly<Record<string, EarningKind>> = {
  bittensor: 'mining',
  filecoin: 'mining',
  helium: 'mining',
  akash: 'payment',
  render: 'payment',
  nosana: 'payment',
}

export function earningKind(network: string): EarningKind {
  return Object.hasOwn(earningKinds, network) ? (earningKinds[network] ?? 'reward') : 'reward'
}
