import { blake2b } from '@noble/hashes/blake2.js'
import { Bytes, compact, createDecoder, Twox128, u8, u16, u32, u64, u128 } from '@polkadot-api/substrate-bindings'
import { base58, hex as hexCodec } from '@scure/base'
import { FetchFault, hostOf } from '../net/chain-http.ts'
import { resultOf, type RpcCall } from '../net/json-rpc.ts'
import { RpcCoalescer } from '../net/rpc-coalescer.ts'
import type { AddressCheck } from '../holdings/holding.ts'
import { oncePerEndpoint, type ChainDeps, type Sourced } from './chain-deps.ts'

/*
 * Substrate over raw JSON-RPC (HTTP POST) with a light SCALE codec (scale-ts through
 * @polkadot-api/substrate-bindings, blake2b from @noble/hashes, base58 from @scure/base): storage
 * reads (`state_getStorage`), key listings (`state_getKeysPaged`) and runtime API calls
 * (`state_call`) whose bodies are decoded against layouts read in opentensor/subtensor's source:
 *   AccountInfo / AccountData: frame_system + pallet_balances with Balance = TaoBalance(u64)
 *     (common/src/lib.rs `pub type Balance = TaoBalance`, common/src/currency.rs).
 *   StakeInfo: pallets/subtensor/src/rpc_info/stake_info.rs (9 fields, tao_emission included);
 *     the API takes `coldkey_account: AccountId32` (pallets/subtensor/runtime-api/src/lib.rs).
 *   OwnedHotkeys: pallets/subtensor/src/lib.rs, StorageMap<Blake2_128Concat, AccountId, Vec<AccountId>>.
 *   Alpha price: SwapRuntimeApi.current_alpha_price(netuid: NetUid(u16)) -> u64, the pool price
 *     in rao per whole alpha (runtime/src/lib.rs: current_price × 1e9), as the bittensor SDK's
 *     get_subnet_price reads it; root (netuid 0) is 1 TAO by definition there.
 *   Uids: StorageDoubleMap<Identity, NetUid, Blake2_128Concat, AccountId, u16, OptionQuery> and
 *     Emission: StorageMap<Identity, NetUid, Vec<AlphaBalance>, ValueQuery> (pallets/subtensor/src/lib.rs);
 *     AlphaBalance is a transparent u64 newtype whose plain encoding is the u64's (common/src/currency.rs),
 *     so the vector is Vec<u64>, not compact. Emission[uid] is the UID's whole last-epoch emission,
 *     incentive and dividends together (epoch/run_epoch.rs `combined_emission`).
 *   IsNetworkMember: StorageDoubleMap<Blake2_128Concat, AccountId, Identity, NetUid, bool, ValueQuery>
 *     (pallets/subtensor/src/lib.rs): the keys under one hotkey's prefix name the subnets it is
 *     registered on, as the bittensor SDK's get_netuids_for_hotkey lists them (query_map). Entries are
 *     inserted true on registration and removed on deregistration (subnets/uids.rs), but a hotkey swap
 *     can write false (swap/swap_hotkey.rs), so a listed subnet is confirmed by its Uids entry.
 *   AutoStakeDestination: StorageDoubleMap<Blake2_128Concat, AccountId (coldkey), Identity, NetUid,
 *     AccountId (hotkey), OptionQuery> (pallets/subtensor/src/lib.rs); coinbase/run_coinbase.rs stakes
 *     a miner's incentive to AutoStakeDestination(Owner(hotkey), netuid) when set, else to the hotkey.
 * Before an endpoint is first used its genesis block hash is compared with the chain's, so a
 * testnet or another Substrate chain's URL is refused instead of shown as real balances.
 */

/** A coldkey's TAO in rao; `frozen` is part of `free` (a lock on it), `reserved` is not. */
export type SubstrateAccount = { free: bigint; reserved: bigint; frozen: bigint }

/** One (hotkey, subnet) position of a coldkey; stake and emission in alpha base units of that subnet. */
export type StakeEntry = {
  hotkey: string
  coldkey: string
  netuid: number
  stake: bigint
  locked: bigint
  /** The hotkey's alpha dividends of the last tempo, the whole hotkey's, not this coldkey's share. */
  emission: bigint
  /** In rao; subtensor has answered 0 here since TAO dividends were removed. */
  taoEmission: bigint
  drain: bigint
  isRegistered: boolean
}

/** A hotkey's UID on a subnet and that UID's alpha emission of the last epoch (null: the vector has no such index). */
export type MinerUid = { hotkey: string; netuid: number; uid: number; emission: bigint | null; subnetUids: number }

export type SubstrateClient = {
  account(address: string, signal?: AbortSignal): Promise<Sourced<SubstrateAccount>>
  stakeInfoForColdkey(address: string, signal?: AbortSignal): Promise<Sourced<StakeEntry[]>>
  /** The hotkeys this coldkey controls (its own miners and validators), as SS58. */
  ownedHotkeys(address: string, signal?: AbortSignal): Promise<Sourced<string[]>>
  /** Per netuid, the pool price in rao per whole alpha (10^9 alpha base units), in one batch. */
  subnetAlphaPrices(netuids: readonly number[], signal?: AbortSignal): Promise<Sourced<Map<number, bigint>>>
  /**
   * For each (hotkey, netuid): its UID there and `Emission(netuid)[uid]`, in one batch to one
   * endpoint (the UIDs and the subnets' vectors together). A hotkey not registered there is left out.
   */
  minerEmissions(positions: readonly { hotkey: string; netuid: number }[], signal?: AbortSignal): Promise<Sourced<MinerUid[]>>
  /**
   * For each hotkey, the subnets it is registered on (the netuids under its `IsNetworkMember`
   * prefix), with or without stake on it: one batch of `state_getKeysPaged` per page.
   */
  registrations(hotkeys: readonly string[], signal?: AbortSignal): Promise<Sourced<Map<string, number[]>>>
  /** Where `coldkey`'s miners' incentive is staked on each of `netuids`, when set (`AutoStakeDestination`), in one batch. */
  autoStakeDestinations(coldkey: string, netuids: readonly number[], signal?: AbortSignal): Promise<Sourced<Map<number, string>>>
}

/** `state_getKeysPaged` answers at most this many keys a call (sc-rpc's limit is 1000). */
const keysPageSize = 1000

export type SubstrateDeps = ChainDeps & { genesisHash: string; ss58Prefix: number; chainName: string }

export function createSubstrateClient(deps: SubstrateDeps): SubstrateClient {
  const { pool, ss58Prefix } = deps
  // Every call of this client rides a batch with the calls of the reads running beside it.
  const rpc = new RpcCoalescer(deps.http)
  const checked = oncePerEndpoint((url, signal) => assertGenesis(rpc, deps, url, signal))

  const call = <T>(method: string, params: unknown[], decode: (hex: string | null) => T, signal: AbortSignal | undefined): Promise<Sourced<T>> =>
    pool.call(async (url) => {
      await checked(url, signal)
      const host = hostOf(url)
      const result = resultOf(await rpc.call(url, { method, params }, signal), host, method)
      return decodeAnswer(host, describe(method, params), result, decode)
    })

  /** Each item's call in one batch (with whatever else is asked meanwhile), each answer decoded; `what` names an item's read in a fault. */
  const batch = async <I, T>(url: string, items: readonly I[], callOf: (item: I) => RpcCall, what: (item: I) => string, decode: (hex: string | null) => T, signal: AbortSignal | undefined): Promise<[I, T][]> => {
    const host = hostOf(url)
    const outcomes = await rpc.batch(url, items.map(callOf), signal)
    return items.map((item, i) => [item, decodeAnswer(host, what(item), resultOf(outcomes[i], host, what(item)), decode)])
  }
  const storage = (key: string): RpcCall => ({ method: 'state_getStorage', params: [key] })

  return {
    account: (address, signal) => call('state_getStorage', [systemAccountKey(address)], decodeAccountInfo, signal),

    stakeInfoForColdkey: (address, signal) =>
      call('state_call', ['StakeInfoRuntimeApi_get_stake_info_for_coldkey', publicKeyHex(address)], (hex) => decodeStakeInfos(present(hex), ss58Prefix), signal),

    ownedHotkeys: (address, signal) => call('state_getStorage', [ownedHotkeysKey(address)], (hex) => decodeAccountIds(hex, ss58Prefix), signal),

    subnetAlphaPrices: (netuids, signal) =>
      pool.call(async (url) => {
        await checked(url, signal)
        const priceCall = (netuid: number): RpcCall => ({ method: 'state_call', params: ['SwapRuntimeApi_current_alpha_price', netuidHex(netuid)] })
        return new Map(await batch(url, netuids, priceCall, (netuid) => `SwapRuntimeApi_current_alpha_price(${netuid})`, (hex) => decodeU64(present(hex)), signal))
      }),

    minerEmissions: (positions, signal) =>
      pool.call(async (url) => {
        await checked(url, signal)
        const host = hostOf(url)
        // The subnets' Emission vectors are asked beside the UIDs, saving a round trip (a second at
        // one request a second), and decoded only where a UID was found.
        const netuids = [...new Set(positions.map((p) => p.netuid))]
        const [uids, vectors] = await Promise.all([
          batch(url, positions, (p) => storage(uidsKey(p.netuid, p.hotkey)), (p) => `Uids(${p.netuid}, ${shortAccount(p.hotkey)})`, decodeUid, signal),
          rpc.batch(url, netuids.map((netuid) => storage(emissionKey(netuid))), signal),
        ])
        const registered = uids.flatMap(([position, uid]) => (uid === null ? [] : [{ hotkey: position.hotkey, netuid: position.netuid, uid }]))
        const byNetuid = new Map<number, bigint[]>()
        for (const netuid of new Set(registered.map((entry) => entry.netuid))) {
          const what = `Emission(${netuid})`
          byNetuid.set(netuid, decodeAnswer(host, what, resultOf(vectors[netuids.indexOf(netuid)], host, what), decodeU64Vec))
        }
        return registered.map((entry) => {
          const vector = byNetuid.get(entry.netuid) ?? []
          return { ...entry, emission: vector[entry.uid] ?? null, subnetUids: vector.length }
        })
      }),

    registrations: (hotkeys, signal) =>
      pool.call(async (url) => {
        await checked(url, signal)
        const host = hostOf(url)
        const found = new Map(hotkeys.map((hotkey) => [hotkey, [] as number[]]))
        let pages = hotkeys.map((hotkey) => ({ hotkey, prefix: networkMemberPrefix(hotkey), after: null as string | null }))
        while (pages.length > 0) {
          const calls = pages.map((page) => ({ method: 'state_getKeysPaged', params: page.after === null ? [page.prefix, keysPageSize] : [page.prefix, keysPageSize, page.after] }))
          const outcomes = await rpc.batch(url, calls, signal)
          pages = pages.flatMap((page, i) => {
            const what = `IsNetworkMember(${shortAccount(page.hotkey)}) keys`
            const keys = resultOf(outcomes[i], host, what)
            found.get(page.hotkey)?.push(...netuidsOfKeys(host, what, page.prefix, keys))
            const last: unknown = Array.isArray(keys) ? keys.at(-1) : undefined
            return Array.isArray(keys) && keys.length === keysPageSize && typeof last === 'string' ? [{ ...page, after: last }] : []
          })
        }
        return new Map([...found].map(([hotkey, netuids]) => [hotkey, [...new Set(netuids)].sort((a, b) => a - b)]))
      }),

    autoStakeDestinations: (coldkey, netuids, signal) =>
      pool.call(async (url) => {
        await checked(url, signal)
        const destinationCall = (netuid: number): RpcCall => storage(autoStakeDestinationKey(coldkey, netuid))
        const what = (netuid: number): string => `AutoStakeDestination(${shortAccount(coldkey)}, ${netuid})`
        const destinations = await batch(url, netuids, destinationCall, what, (hex) => decodeAccountId(hex, ss58Prefix), signal)
        return new Map(destinations.flatMap(([netuid, destination]) => (destination === null ? [] : [[netuid, destination] as const])))
      }),
  }
}

async function assertGenesis(rpc: RpcCoalescer, deps: SubstrateDeps, url: string, signal: AbortSignal | undefined): Promise<void> {
  const host = hostOf(url)
  const hash = resultOf(await rpc.call(url, { method: 'chain_getBlockHash', params: [0] }, signal), host, 'chain_getBlockHash')
  if (typeof hash !== 'string' || !/^0x[0-9a-f]{64}$/i.test(hash)) throw new FetchFault('malformed', host, `${host} answered chain_getBlockHash(0) without a block hash`)
  if (hash.toLowerCase() === deps.genesisHash.toLowerCase()) return
  throw new FetchFault(
    'wrong-chain',
    host,
    `${host} is not ${deps.chainName}: its genesis block is ${shortHash(hash)}, not ${shortHash(deps.genesisHash)}; give a ${deps.chainName} RPC URL`,
  )
}

function shortAccount(address: string): string {
  return `${address.slice(0, 4)}…${address.slice(-4)}`
}

function shortHash(hash: string): string {
  return `${hash.slice(0, 6)}…${hash.slice(-4)}`
}

function describe(method: string, params: unknown[]): string {
  return method === 'state_call' && typeof params[0] === 'string' ? params[0] : method
}

/** Checks the result is hex (or null) and decodes it; a body that does not decode is the endpoint's fault. */
function decodeAnswer<T>(host: string, what: string, result: unknown, decode: (hex: string | null) => T): T {
  if (result !== null && (typeof result !== 'string' || !/^0x([0-9a-f]{2})*$/i.test(result))) {
    throw new FetchFault('malformed', host, `${host} answered ${what} with something that is not SCALE hex`)
  }
  try {
    return decode(result)
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).slice(0, 120)
    throw new FetchFault('malformed', host, `${host} answered ${what} with a body that does not decode (${why})`)
  }
}

/** The netuids that the keys a node listed under `prefix` end in; a list of anything else is the endpoint's fault. */
function netuidsOfKeys(host: string, what: string, prefix: string, keys: unknown): number[] {
  if (!Array.isArray(keys)) throw new FetchFault('malformed', host, `${host} answered ${what} with something that is not a list of keys`)
  try {
    return keys.map((key) => netuidOfKey(prefix, key))
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).slice(0, 120)
    throw new FetchFault('malformed', host, `${host} answered ${what} with ${why}`)
  }
}

function present(hex: string | null): string {
  if (hex === null) throw new Error('null where a value was due')
  return hex
}

// ---------------------------------------------------------------------------------------------
// The codec: scale-ts's primitives (through @polkadot-api/substrate-bindings), composed here so that
// a body must be consumed exactly and a list cannot claim more entries than its bytes could hold.
// polkadot-js (@polkadot/types + util-crypto) cost ~57 MiB resident once loaded; in the bundled agent
// this codec and the network module cost ~2.5 MiB, so they load statically (measured with
// scripts/bench/agent-wallets-probe.ts --networks bittensor, against --networks none).

type Reader<T> = (bytes: Cursor) => T
/** scale-ts decodes from a Uint8Array that carries its read position `i` through every decoder. */
type Cursor = Uint8Array & { i: number }

/** Decodes `hex` with `read`, refusing a body with bytes left over or too few of them. */
function decodeExact<T>(name: string, read: Reader<T>, hex: string): T {
  const length = (hex.length - 2) / 2
  let used = 0
  let value: T
  try {
    value = createDecoder((bytes) => {
      const cursor = bytes as Cursor
      const result = read(cursor)
      used = cursor.i
      return result
    })(hex)
  } catch (error) {
    // A read past the end (a DataView's RangeError), or a value out of its type's range.
    if (error instanceof RangeError) throw new Error(`${length} bytes, too few for ${name}`, { cause: error })
    throw new Error(`${name} does not decode: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  if (used > length) throw new Error(`${length} bytes, too few for ${name}`)
  if (used < length) throw new Error(`${length} bytes where ${name} takes ${used}`)
  return value
}

const readU16: Reader<number> = (bytes) => u16.dec(bytes)
const readU32: Reader<number> = (bytes) => u32.dec(bytes)
const readU64: Reader<bigint> = (bytes) => u64.dec(bytes)
const readU128: Reader<bigint> = (bytes) => u128.dec(bytes)

function readCompact(max: bigint): Reader<bigint> {
  return (bytes) => {
    const value = BigInt(compact.dec(bytes))
    if (value > max) throw new Error(`a compact ${value} above ${max}`)
    return value
  }
}
const readCompactU16 = readCompact(0xffffn)
const readCompactU64 = readCompact(0xffff_ffff_ffff_ffffn)

const readBool: Reader<boolean> = (bytes) => {
  const byte = u8.dec(bytes)
  if (byte > 1) throw new Error(`a bool of ${byte}`)
  return byte === 1
}

function readAccountId(ss58Prefix: number): Reader<string> {
  return (bytes) => {
    if (bytes.length - bytes.i < 32) throw new RangeError('an AccountId32 cut short')
    return encodeSs58(accountBytes.dec(bytes), ss58Prefix)
  }
}
const accountBytes = Bytes(32)

/** SCALE Vec<T>: a compact count, then the entries; `minBytes` is the smallest an entry encodes to. */
function readVec<T>(entry: Reader<T>, minBytes: number): Reader<T[]> {
  return (bytes) => {
    const count = BigInt(compact.dec(bytes))
    const left = BigInt(bytes.length - bytes.i)
    if (count * BigInt(minBytes) > left) throw new RangeError(`a list of ${count} in ${left} bytes`)
    return Array.from({ length: Number(count) }, () => entry(bytes))
  }
}

/** frame_system AccountInfo { nonce, consumers, providers, sufficients: u32, data: AccountData { free, reserved, frozen: u64, flags: u128 } }. */
const readAccountInfo: Reader<SubstrateAccount> = (bytes) => {
  for (let i = 0; i < 4; i++) readU32(bytes)
  const free = readU64(bytes)
  const reserved = readU64(bytes)
  const frozen = readU64(bytes)
  readU128(bytes)
  return { free, reserved, frozen }
}

/** StakeInfo (pallets/subtensor/src/rpc_info/stake_info.rs), fields in declaration order. */
function readStakeInfo(ss58Prefix: number): Reader<StakeEntry> {
  const account = readAccountId(ss58Prefix)
  return (bytes) => ({
    hotkey: account(bytes),
    coldkey: account(bytes),
    netuid: Number(readCompactU16(bytes)),
    stake: readCompactU64(bytes),
    locked: readCompactU64(bytes),
    emission: readCompactU64(bytes),
    taoEmission: readCompactU64(bytes),
    drain: readCompactU64(bytes),
    isRegistered: readBool(bytes),
  })
}
/** Two AccountId32, six compacts of at least a byte, a bool. */
const stakeInfoMinBytes = 32 + 32 + 6 + 1

/** SCALE AccountInfo { nonce, consumers, providers, sufficients: u32, data: { free, reserved, frozen: u64, flags: u128 } }; null (no account) is zero. */
export function decodeAccountInfo(hex: string | null): SubstrateAccount {
  if (hex === null) return { free: 0n, reserved: 0n, frozen: 0n }
  return decodeExact('AccountInfo', readAccountInfo, hex)
}

/** SCALE Vec<StakeInfo>, accounts re-encoded as SS58 with `ss58Prefix`. */
export function decodeStakeInfos(hex: string, ss58Prefix: number): StakeEntry[] {
  return decodeExact('Vec<StakeInfo>', readVec(readStakeInfo(ss58Prefix), stakeInfoMinBytes), hex)
}

/** SCALE Vec<AccountId32> as SS58; null (a ValueQuery never written) is the empty list. */
export function decodeAccountIds(hex: string | null, ss58Prefix: number): string[] {
  if (hex === null) return []
  return decodeExact('Vec<AccountId32>', readVec(readAccountId(ss58Prefix), 32), hex)
}

/** SCALE AccountId32 as SS58; null (an OptionQuery with no entry) is none. */
export function decodeAccountId(hex: string | null, ss58Prefix: number): string | null {
  return hex === null ? null : decodeExact('AccountId32', readAccountId(ss58Prefix), hex)
}

export function decodeU64(hex: string): bigint {
  return decodeExact('u64', readU64, hex)
}

/** SCALE u16 UID; null (OptionQuery, no entry) is a hotkey not registered on that subnet. */
export function decodeUid(hex: string | null): number | null {
  return hex === null ? null : decodeExact('u16', readU16, hex)
}

/** SCALE Vec<u64>; null (a ValueQuery never written) is the empty list. */
export function decodeU64Vec(hex: string | null): bigint[] {
  if (hex === null) return []
  return decodeExact('Vec<u64>', readVec(readU64, 8), hex)
}

// ---------------------------------------------------------------------------------------------
// Keys and parameters: twox128(pallet) ++ twox128(item) ++ each key through its hasher.

const utf8 = new TextEncoder()
const toHex = (bytes: Uint8Array): string => `0x${hexCodec.encode(bytes)}`
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** A storage key: twox128 of the pallet and item names, then each key already hashed. */
function storageKey(pallet: string, item: string, ...keys: Uint8Array[]): string {
  return toHex(concat(Twox128(utf8.encode(pallet)), Twox128(utf8.encode(item)), ...keys))
}

/** Blake2_128Concat: blake2b-128 of the key, then the key itself. */
const blake2Concat = (key: Uint8Array): Uint8Array => concat(blake2b(key, { dkLen: 16 }), key)

function publicKeyHex(address: string): string {
  return toHex(publicKeyOf(address))
}

/** The storage key of `System.Account(address)`. */
export function systemAccountKey(address: string): string {
  return storageKey('System', 'Account', blake2Concat(publicKeyOf(address)))
}

function ownedHotkeysKey(address: string): string {
  return storageKey('SubtensorModule', 'OwnedHotkeys', blake2Concat(publicKeyOf(address)))
}

/** NetUid is a u16 newtype: two bytes, little-endian, as the Identity hasher leaves it. */
function netuidBytes(netuid: number): Uint8Array {
  return Uint8Array.of(netuid & 0xff, (netuid >> 8) & 0xff)
}

function netuidHex(netuid: number): string {
  return toHex(netuidBytes(netuid))
}

/** The storage key of `SubtensorModule.Uids(netuid, hotkey)`: Identity netuid, then Blake2_128Concat hotkey. */
export function uidsKey(netuid: number, hotkey: string): string {
  return storageKey('SubtensorModule', 'Uids', netuidBytes(netuid), blake2Concat(publicKeyOf(hotkey)))
}

/** The storage key of `SubtensorModule.Emission(netuid)`: an Identity-hashed netuid. */
export function emissionKey(netuid: number): string {
  return storageKey('SubtensorModule', 'Emission', netuidBytes(netuid))
}

/** The prefix of `SubtensorModule.IsNetworkMember(hotkey, ·)`: Blake2_128Concat hotkey; each key under it ends in an Identity netuid. */
export function networkMemberPrefix(hotkey: string): string {
  return storageKey('SubtensorModule', 'IsNetworkMember', blake2Concat(publicKeyOf(hotkey)))
}

/** The storage key of `SubtensorModule.AutoStakeDestination(coldkey, netuid)`: Blake2_128Concat coldkey, then Identity netuid. */
export function autoStakeDestinationKey(coldkey: string, netuid: number): string {
  return storageKey('SubtensorModule', 'AutoStakeDestination', blake2Concat(publicKeyOf(coldkey)), netuidBytes(netuid))
}

/** The netuid a key under `prefix` ends in (an Identity-hashed u16); anything else is not such a key. */
export function netuidOfKey(prefix: string, key: unknown): number {
  const lower = typeof key === 'string' ? key.toLowerCase() : ''
  if (!lower.startsWith(prefix) || lower.length !== prefix.length + 4 || !/^[0-9a-f]{4}$/.test(lower.slice(prefix.length))) {
    throw new Error(`a key that is not ${prefix.slice(0, 10)}… followed by a netuid`)
  }
  const [low = 0, high = 0] = hexCodec.decode(lower.slice(prefix.length))
  return low | (high << 8)
}

// ---------------------------------------------------------------------------------------------
// Addresses: SS58 is base58(prefix ++ public key ++ the first two bytes of
// blake2b-512("SS58PRE" ++ prefix ++ public key)) (https://docs.substrate.io/reference/address-formats/).

const ss58Pre = utf8.encode('SS58PRE')

function ss58Checksum(payload: Uint8Array): Uint8Array {
  return blake2b(concat(ss58Pre, payload), { dkLen: 64 }).subarray(0, 2)
}

/** A prefix below 64 is one byte; up to 16383, two (the simple and full formats). */
function prefixBytes(prefix: number): Uint8Array {
  return prefix < 64 ? Uint8Array.of(prefix) : Uint8Array.of(((prefix & 0xfc) >> 2) | 0x40, (prefix >> 8) | ((prefix & 0x03) << 6))
}

/** The SS58 address of a public key in `prefix`'s format. */
export function encodeSs58(publicKey: Uint8Array, prefix: number): string {
  const payload = concat(prefixBytes(prefix), publicKey)
  return base58.encode(concat(payload, ss58Checksum(payload)))
}

type Ss58Parts = { prefix: number; key: Uint8Array; checksumOk: boolean }

/** Splits decoded SS58 bytes into prefix, key and whether the checksum holds; null: a reserved prefix byte. */
function ss58Parts(decoded: Uint8Array): Ss58Parts | null {
  const [first = 0, second = 0] = decoded
  if (first >= 128) return null
  const prefixLength = first < 64 ? 1 : 2
  const prefix = prefixLength === 1 ? first : ((first & 0x3f) << 2) | (second >> 6) | ((second & 0x3f) << 8)
  const checksum = ss58Checksum(decoded.subarray(0, decoded.length - 2))
  const checksumOk = checksum[0] === decoded[decoded.length - 2] && checksum[1] === decoded[decoded.length - 1]
  return { prefix, key: decoded.slice(prefixLength, decoded.length - 2), checksumOk }
}

/** The 32-byte public key of an SS58 address (any prefix); throws on one that is not well formed. */
export function publicKeyOf(address: string): Uint8Array {
  const parts = ss58Parts(base58.decode(address))
  if (parts === null || !parts.checksumOk || parts.key.length !== 32) throw new RangeError(`${shortAccount(address)} is not an SS58 account address`)
  return parts.key
}

const base58Alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** SS58 prefixes an operator is likely to paste by mistake, by name (https://github.com/paritytech/ss58-registry). */
const knownPrefixes = new Map<number, string>([
  [0, 'Polkadot'],
  [2, 'Kusama'],
  [42, 'generic Substrate'],
])

/**
 * Offline: is `input` an SS58 address of `ss58Prefix` (a 32-byte public key)? An address of
 * another Substrate network is refused with the same key re-encoded, for the operator to check
 * and paste; it is not converted silently.
 */
export function checkSubstrateAddress(input: string, ss58Prefix: number, chainName: string): AddressCheck {
  const text = input.trim()
  const expected = encodeSs58(new Uint8Array(32), ss58Prefix)
  const format = `${chainName} addresses are SS58, ${expected.length} characters starting with ${expected[0] ?? ''}`
  if (text === '') return { ok: false, message: `Paste your coldkey address. ${format}.` }
  if (/^0x[0-9a-f]{64}$/i.test(text)) return { ok: false, message: `This is a hex public key: enter the SS58 address (starts with ${expected[0] ?? ''}), not the hex public key.` }
  if (/^0x/i.test(text)) return { ok: false, message: `This is a 0x hex string, not an SS58 address. ${format}.` }
  const chars = Array.from(text)
  const bad = chars.findIndex((char) => !base58Alphabet.includes(char))
  if (bad >= 0) {
    const char = chars[bad] ?? ''
    const shown = /\s/.test(char) ? 'a space' : `“${char}”`
    return { ok: false, message: `${shown} (character ${bad + 1}) cannot be in an SS58 address (base58 has no 0, O, I or l). ${format}.` }
  }
  const decoded = base58.decode(text)
  // A 32-byte account with a one-byte (prefix < 64) or two-byte prefix, plus a two-byte checksum.
  const parts = decoded.length === 35 || decoded.length === 36 ? ss58Parts(decoded) : null
  if (parts === null) return { ok: false, message: `This is ${chars.length} characters and does not hold a 32-byte account key. ${format}.` }
  if (!parts.checksumOk) return { ok: false, message: 'The checksum does not match: a character is mistyped, missing or swapped. Copy the address again.' }
  const { key, prefix } = parts
  if (key.length !== 32) return { ok: false, message: `This address holds a ${key.length}-byte key, not the 32-byte account key ${chainName} uses. ${format}.` }
  if (prefix !== ss58Prefix) {
    const name = knownPrefixes.get(prefix)
    const what = name === undefined ? `an address of another Substrate network (prefix ${prefix})` : `a ${name} address (prefix ${prefix})`
    const ours = ss58Prefix === 42 ? 'the generic Substrate format' : 'its own SS58 format'
    const reencoded = encodeSs58(key, ss58Prefix)
    return {
      ok: false,
      message: `This is ${what}; ${chainName} uses ${ours} (prefix ${ss58Prefix}, starts with ${expected[0] ?? ''}) — the same key re-encoded: ${reencoded}`,
    }
  }
  return { ok: true, address: encodeSs58(key, ss58Prefix) }
}
