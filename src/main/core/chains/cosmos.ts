import { isRecord } from '../is-record.ts'
import { fromBech32, toBech32 } from '@cosmjs/encoding'
import { FetchFault, hostOf } from '../net/chain-http.ts'
import type { AddressCheck } from '../holdings/holding.ts'
import { oncePerEndpoint, type ChainDeps, type Sourced } from './chain-deps.ts'

/*
 * Cosmos SDK chains over their LCD (gRPC-gateway REST), watch-only: bank balances, delegations,
 * unbonding, staking rewards, and an Akash provider's leases (their state, their escrow payment's
 * state, and what was withdrawn from them). Every endpoint is asked once
 * which chain it serves before it is trusted with an address.
 *   https://docs.cosmos.network/sdk/next/api-reference/rest/bank/allbalances
 *   https://docs.cosmos.network/sdk/next/api-reference/rest/staking/delegatordelegations
 *   https://docs.cosmos.network/sdk/latest/api-reference/rest/distribution/delegationtotalrewards
 *   https://docs.cosmos.network/sdk/next/api-reference/rest/base/getnodeinfo
 *   akash-network/chain-sdk proto/node/akash/market/v1beta5/query.proto (Leases → /akash/market/v1beta5/leases/list),
 *   akash/market/v1/lease.proto (Lease.State: active, insufficient_funds, closed, reclaiming; closed_on),
 *   akash/escrow/types/v1/payment.proto and state.proto (PaymentState: state open/closed/overdrawn, unsettled, withdrawn)
 */

/** Amounts by denom, in base units (uakt, not AKT). */
export type Coins = Map<string, bigint>

/**
 * One lease of a provider as the market lists it (akash.market.v1beta5 QueryLeaseResponse: the
 * akash.market.v1.Lease and its akash.escrow.types.v1.Payment).
 */
export type LeaseEntry = {
  /** owner/dseq/gseq/oseq, the lease's LeaseID without its provider (the wallet itself). */
  id: string
  /** The tenant's address, and the deployment's sequence number under it. */
  owner: string
  dseq: string
  /** Lease.State: 'active', 'insufficient_funds', 'closed', 'reclaiming'. */
  state: string
  /** The escrow payment's State: 'open', 'closed', 'overdrawn'. */
  escrow: string
  /** The block height the lease closed at; 0 while it is open. */
  closedOn: number
  /** What the tenant's escrow could not pay the provider ("the amount needed to settle payment if account is overdrawn"), floored. */
  unsettled: { denom: string; amount: bigint }
}

/** A provider's leases, every state, and what it withdrew from their escrow, by denom. */
export type ProviderEarnings = { leases: LeaseEntry[]; withdrawn: Coins }

export type CosmosClient = {
  bankBalances(address: string, signal?: AbortSignal): Promise<Sourced<Coins>>
  delegations(address: string, signal?: AbortSignal): Promise<Sourced<Coins>>
  /** Stake on its way back after an undelegation, in the chain's bond denom (the entries do not name it). */
  unbonding(address: string, signal?: AbortSignal): Promise<Sourced<bigint>>
  stakingRewards(address: string, signal?: AbortSignal): Promise<Sourced<Coins>>
  providerEarnings(provider: string, signal?: AbortSignal): Promise<Sourced<ProviderEarnings>>
}

/** Bech32 strings are at most 90 characters (BIP-173); @cosmjs/encoding 0.39 throws without a limit (cosmos/cosmjs#1982). */
const bech32Limit = 90
/** A list longer than this many pages is not followed: it would cost the public endpoint too much. */
const maxPages = 40
const leasesPageSize = 500

/** A LegacyDec (18 fractional digits) or an Int, as the gateway writes them; floored to whole base units. */
const decimalAmount = /^(\d{1,78})(?:\.\d{1,18})?$/

/** The whole base units of a Coin or DecCoin amount ("1234.567890000000000000" → 1234n); null when it is not one. */
export function parseDecAmount(text: string): bigint | null {
  const match = decimalAmount.exec(text)
  return match?.[1] === undefined ? null : BigInt(match[1])
}

export function createCosmosClient(deps: ChainDeps & { chainId: string }): CosmosClient {
  const { http, pool, chainId } = deps
  /** Asks an endpoint which chain it serves. */
  const onChain = oncePerEndpoint((base, signal) => verifyChain(base, signal))

  async function verifyChain(base: string, signal: AbortSignal | undefined): Promise<void> {
    const host = hostOf(base)
    const body = await http.getJson(lcdUrl(base, '/cosmos/base/tendermint/v1beta1/node_info'), { signal })
    const info = isRecord(body) && isRecord(body.default_node_info) ? body.default_node_info : null
    if (info === null || typeof info.network !== 'string') throw malformed(host, 'node_info without default_node_info.network')
    if (info.network !== chainId) {
      throw new FetchFault('wrong-chain', host, `${host} serves the chain "${clip(info.network)}", not ${chainId}: it is not an endpoint for this network`)
    }
  }

  /** Every page of a paginated list, from one endpoint (pagination keys are that node's cursor). */
  async function allPages(base: string, path: string, query: Record<string, string>, signal: AbortSignal | undefined): Promise<Record<string, unknown>[]> {
    const host = hostOf(base)
    const pages: Record<string, unknown>[] = []
    const seen = new Set<string>()
    let key: string | null = null
    for (;;) {
      const url = new URL(lcdUrl(base, path))
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
      if (key !== null) url.searchParams.set('pagination.key', key)
      const body = await http.getJson(url.href, { signal })
      if (!isRecord(body)) throw malformed(host, `${path} with something that is not an object`)
      pages.push(body)
      key = nextKey(body, host)
      if (key === null) return pages
      if (seen.has(key)) throw malformed(host, `${path} with a pagination key it had already given`)
      if (pages.length >= maxPages) throw new FetchFault('too-large', host, `${host} has more than ${maxPages} pages of ${path}: too many to read from a public endpoint`)
      seen.add(key)
    }
  }

  function read<T>(signal: AbortSignal | undefined, attempt: (base: string, host: string) => Promise<T>): Promise<Sourced<T>> {
    return pool.call(async (base) => {
      await onChain(base, signal)
      return attempt(base, hostOf(base))
    })
  }

  const account = (address: string): string => encodeURIComponent(address)

  return {
    bankBalances: (address, signal) =>
      read(signal, async (base, host) => {
        const coins: Coins = new Map()
        for (const page of await allPages(base, `/cosmos/bank/v1beta1/balances/${account(address)}`, {}, signal)) {
          for (const coin of listOf(page, 'balances', host)) addCoin(coins, coin, host, 'a balance')
        }
        return coins
      }),

    delegations: (address, signal) =>
      read(signal, async (base, host) => {
        const coins: Coins = new Map()
        for (const page of await allPages(base, `/cosmos/staking/v1beta1/delegations/${account(address)}`, {}, signal)) {
          for (const item of listOf(page, 'delegation_responses', host)) addCoin(coins, isRecord(item) ? item.balance : item, host, 'a delegation')
        }
        return coins
      }),

    unbonding: (address, signal) =>
      read(signal, async (base, host) => {
        let total = 0n
        const path = `/cosmos/staking/v1beta1/delegators/${account(address)}/unbonding_delegations`
        for (const page of await allPages(base, path, {}, signal)) {
          for (const item of listOf(page, 'unbonding_responses', host)) {
            const entries = isRecord(item) && Array.isArray(item.entries) ? (item.entries as unknown[]) : null
            if (entries === null) throw malformed(host, 'an unbonding delegation without entries')
            for (const entry of entries) total += amountOf(isRecord(entry) ? entry.balance : undefined, host, 'an unbonding entry')
          }
        }
        return total
      }),

    stakingRewards: (address, signal) =>
      read(signal, async (base, host) => {
        const body = await http.getJson(lcdUrl(base, `/cosmos/distribution/v1beta1/delegators/${account(address)}/rewards`), { signal })
        if (!isRecord(body)) throw malformed(host, 'rewards with something that is not an object')
        const coins: Coins = new Map()
        for (const coin of listOf(body, 'total', host)) addCoin(coins, coin, host, 'a reward')
        return coins
      }),

    // No filters.state: the keeper then lists every state (active, insufficient_funds, closed,
    // reclaiming; akash-network/node x/market/keeper/grpc_query.go), so one list gives both the
    // lifetime withdrawals and the leases' states.
    providerEarnings: (provider, signal) =>
      read(signal, async (base, host) => {
        const withdrawn: Coins = new Map()
        const leases: LeaseEntry[] = []
        const query = { 'filters.provider': provider, 'pagination.limit': String(leasesPageSize) }
        for (const page of await allPages(base, '/akash/market/v1beta5/leases/list', query, signal)) {
          for (const item of listOf(page, 'leases', host)) {
            const { lease, payment } = leaseParts(item, host)
            // escrow_payment.state.withdrawn is a Coin (akash.escrow.types.v1.PaymentState); the rest are DecCoins.
            addCoin(withdrawn, payment.withdrawn, host, 'a lease withdrawal')
            leases.push(leaseEntry(lease, payment, host))
          }
        }
        return { leases, withdrawn }
      }),
  }
}

function leaseParts(item: unknown, host: string): { lease: Record<string, unknown>; payment: Record<string, unknown> } {
  const payment = isRecord(item) && isRecord(item.escrow_payment) && isRecord(item.escrow_payment.state) ? item.escrow_payment.state : null
  if (payment === null) throw malformed(host, 'a lease without escrow_payment.state')
  const lease = isRecord(item) && isRecord(item.lease) ? item.lease : null
  if (lease === null) throw malformed(host, 'a lease entry without its lease')
  return { lease, payment }
}

/** A lease's id, states and unsettled amount; the states are the enum names the gateway writes ("active", "overdrawn"). */
function leaseEntry(lease: Record<string, unknown>, payment: Record<string, unknown>, host: string): LeaseEntry {
  const id = isRecord(lease.id) ? lease.id : {}
  const word = (value: unknown, what: string): string => {
    if (typeof value !== 'string' || !/^[a-z_]{1,40}$/.test(value)) throw malformed(host, `a lease whose ${what} is not a state name`)
    return value
  }
  // Bech32 owners and decimal sequence numbers; anything else is shown as '?', not echoed.
  const part = (value: unknown): string => {
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : ''
    return /^[a-z0-9]{1,90}$/.test(text) ? text : '?'
  }
  const closedOn = typeof lease.closed_on === 'string' && /^\d{1,15}$/.test(lease.closed_on) ? Number(lease.closed_on) : 0
  const unsettled: Coins = new Map()
  if (payment.unsettled !== undefined && payment.unsettled !== null) addCoin(unsettled, payment.unsettled, host, 'a lease’s unsettled amount')
  const [denom, amount] = [...unsettled][0] ?? ['', 0n]
  const owner = part(id.owner)
  const dseq = part(id.dseq)
  return {
    id: `${owner}/${dseq}/${part(id.gseq)}/${part(id.oseq)}`,
    owner,
    dseq,
    state: word(lease.state, 'lease.state'),
    escrow: word(payment.state, 'escrow_payment.state.state'),
    closedOn,
    unsettled: { denom, amount },
  }
}

/** The LCD path under an endpoint URL, keeping the URL's own path prefix and query (an operator's key may live there). */
function lcdUrl(base: string, path: string): string {
  const url = new URL(base)
  url.pathname = url.pathname.replace(/\/+$/, '') + path
  return url.href
}

function nextKey(body: Record<string, unknown>, host: string): string | null {
  const { pagination } = body
  if (pagination === undefined || pagination === null) return null
  if (!isRecord(pagination)) throw malformed(host, 'a pagination that is not an object')
  const key = pagination.next_key
  if (key === undefined || key === null || key === '') return null
  if (typeof key !== 'string') throw malformed(host, 'a pagination.next_key that is not a string')
  return key
}

function listOf(body: Record<string, unknown>, field: string, host: string): unknown[] {
  const list = body[field]
  if (!Array.isArray(list)) throw malformed(host, `a body without its ${field} list`)
  return list as unknown[]
}

function addCoin(into: Coins, coin: unknown, host: string, what: string): void {
  if (!isRecord(coin) || typeof coin.denom !== 'string') throw malformed(host, `${what} that is not a {denom, amount} coin`)
  into.set(coin.denom, (into.get(coin.denom) ?? 0n) + amountOf(coin.amount, host, what))
}

function amountOf(value: unknown, host: string, what: string): bigint {
  const amount = typeof value === 'string' ? parseDecAmount(value) : null
  if (amount === null) throw malformed(host, `${what} whose amount is not a non-negative decimal number`)
  return amount
}

function malformed(host: string, what: string): FetchFault {
  return new FetchFault('malformed', host, `${host} answered ${what}`)
}

/** Text from a server, safe to show: no control characters, not too long. */
function clip(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, ' ').slice(0, 40)
}

/** Other chains' account prefixes an operator may paste by mistake, with the name they know the chain by. */
const knownChains: Record<string, string> = {
  cosmos: 'Cosmos Hub',
  osmo: 'Osmosis',
  celestia: 'Celestia',
  inj: 'Injective',
  juno: 'Juno',
  stars: 'Stargaze',
  axelar: 'Axelar',
  noble: 'Noble',
  dydx: 'dYdX',
  akash: 'Akash',
}

/**
 * Offline check of a bech32 account address for the chain with `prefix`; answers it lowercased.
 * 20-byte (key) and 32-byte (module, interchain) accounts are accepted.
 */
export function checkCosmosAddress(input: string, prefix: string, chainName: string): AddressCheck {
  const text = input.trim()
  const startHint = `${chainName} addresses start with ${prefix}1`
  if (text === '') return { ok: false, message: `enter your ${chainName} address (${prefix}1…)` }
  const separator = text.lastIndexOf('1')
  const hrp = separator > 0 ? text.slice(0, separator).toLowerCase() : ''
  if (hrp === `${prefix}valoper`) {
    return { ok: false, message: `this is a validator operator address (${prefix}valoper1…); enter the validator's account address (${prefix}1…), where its rewards arrive` }
  }
  if (hrp === `${prefix}valcons`) return { ok: false, message: `this is a validator consensus address (${prefix}valcons1…); enter an account address (${prefix}1…)` }
  if (/^0x[0-9a-f]{40}$/i.test(text)) return { ok: false, message: `this is an Ethereum-style address; ${startHint}` }
  let decoded: { prefix: string; data: Uint8Array }
  try {
    decoded = fromBech32(text, bech32Limit)
  } catch {
    return { ok: false, message: hrp === prefix ? bech32Problem(text, prefix, chainName) : startHint }
  }
  if (decoded.prefix !== prefix) {
    const chain = knownChains[decoded.prefix]
    const which = chain === undefined ? 'an address on another chain' : `${/^[aeiou]/i.test(chain) ? 'an' : 'a'} ${chain} address`
    return { ok: false, message: `this is ${which} (${decoded.prefix}1…); ${startHint}` }
  }
  if (decoded.data.length !== 20 && decoded.data.length !== 32) {
    return { ok: false, message: `this address holds ${decoded.data.length} bytes; ${chainName} account addresses hold 20 (32 for module accounts)` }
  }
  return { ok: true, address: toBech32(prefix, decoded.data, bech32Limit) }
}

/** Bech32's data alphabet: a–z and 0–9 without 1, b, i and o. */
const bech32Data = /^[qpzry9x8gf2tvdw0s3jn54khce6mua7l]*$/

/** Why an address with the right prefix does not decode, told from the address itself: the decoder's words are not the operator's. */
function bech32Problem(text: string, prefix: string, chainName: string): string {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return 'it mixes capital and small letters: enter it as your wallet shows it, all in small letters'
  if (!bech32Data.test(text.toLowerCase().slice(prefix.length + 1))) {
    return `it holds a character ${chainName} addresses never contain (they use a–z and 0–9, but not 1, b, i or o after the prefix)`
  }
  // prefix, separator, then 32 characters for 20 bytes (52 for 32 bytes), then 6 of checksum.
  const keyLength = prefix.length + 39
  const moduleLength = prefix.length + 59
  if (text.length !== keyLength && text.length !== moduleLength) {
    return `it is too ${text.length < keyLength ? 'short' : 'long'}: ${chainName} addresses are ${keyLength} characters long`
  }
  return 'a character is mistyped: the checksum does not match'
}
