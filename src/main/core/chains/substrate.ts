import { createRequire } from 'node:module'
import type * as TypesCreate from '@polkadot/types/create'
import type { Codec } from '@polkadot/types/types'
import type * as Util from '@polkadot/util'
import type * as Address from '@polkadot/util-crypto/address'
import type * as Base58 from '@polkadot/util-crypto/base58'
import type * as Blake2 from '@polkadot/util-crypto/blake2'
import type * as Xxhash from '@polkadot/util-crypto/xxhash'
import { FetchFault, hostOf } from '../net/chain-http.ts'
import { jsonRpc, jsonRpcBatch, resultOf } from '../net/json-rpc.ts'
import type { AddressCheck } from '../networks/network-module.ts'
import { oncePerEndpoint, type ChainDeps, type Sourced } from './chain-deps.ts'

/*
 * Substrate over raw JSON-RPC (HTTP POST) with polkadot-js's SCALE codec, without @polkadot/api:
 * storage reads (`state_getStorage`) and runtime API calls (`state_call`) whose bodies are
 * decoded against layouts read in opentensor/subtensor's source:
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
  /** Per netuid, the pool price in rao per whole alpha (10^9 alpha base units), in one batch request. */
  subnetAlphaPrices(netuids: readonly number[], signal?: AbortSignal): Promise<Sourced<Map<number, bigint>>>
  /**
   * For each (hotkey, netuid): its UID there and `Emission(netuid)[uid]`, in two batch requests to
   * one endpoint (the UIDs, then the subnets' vectors). A hotkey not registered there is left out.
   */
  minerEmissions(positions: readonly { hotkey: string; netuid: number }[], signal?: AbortSignal): Promise<Sourced<MinerUid[]>>
}

export type SubstrateDeps = ChainDeps & { genesisHash: string; ss58Prefix: number; chainName: string }

export function createSubstrateClient(deps: SubstrateDeps): SubstrateClient {
  const { http, pool, ss58Prefix } = deps
  const checked = oncePerEndpoint((url, signal) => assertGenesis(deps, url, signal))

  const call = <T>(method: string, params: unknown[], decode: (hex: string | null) => T, signal: AbortSignal | undefined): Promise<Sourced<T>> =>
    pool.call(async (url) => {
      await checked(url, signal)
      const result = await jsonRpc(http, url, method, params, signal ? { signal } : {})
      return decodeAnswer(hostOf(url), describe(method, params), result, decode)
    })

  return {
    account: (address, signal) => call('state_getStorage', [systemAccountKey(address)], decodeAccountInfo, signal),

    stakeInfoForColdkey: (address, signal) =>
      call('state_call', ['StakeInfoRuntimeApi_get_stake_info_for_coldkey', publicKeyHex(address)], (hex) => decodeStakeInfos(present(hex), ss58Prefix), signal),

    ownedHotkeys: (address, signal) => call('state_getStorage', [ownedHotkeysKey(address)], (hex) => decodeAccountIds(hex, ss58Prefix), signal),

    subnetAlphaPrices: (netuids, signal) =>
      pool.call(async (url) => {
        await checked(url, signal)
        const host = hostOf(url)
        const calls = netuids.map((netuid) => ({ method: 'state_call', params: ['SwapRuntimeApi_current_alpha_price', netuidHex(netuid)] }))
        const outcomes = await jsonRpcBatch(http, url, calls, signal ? { signal } : {})
        const what = (netuid: number): string => `SwapRuntimeApi_current_alpha_price(${netuid})`
        return new Map(netuids.map((netuid, i) => [netuid, decodeAnswer(host, what(netuid), resultOf(outcomes[i], host, what(netuid)), (hex) => decodeU64(present(hex)))]))
      }),

    minerEmissions: (positions, signal) =>
      pool.call(async (url) => {
        await checked(url, signal)
        const host = hostOf(url)
        const options = signal ? { signal } : {}
        const storage = async <T>(keys: readonly string[], what: (i: number) => string, decode: (hex: string | null) => T): Promise<T[]> => {
          const outcomes = await jsonRpcBatch(http, url, keys.map((key) => ({ method: 'state_getStorage', params: [key] })), options)
          return keys.map((_, i) => decodeAnswer(host, what(i), resultOf(outcomes[i], host, what(i)), decode))
        }
        const uids = await storage(positions.map((p) => uidsKey(p.netuid, p.hotkey)), (i) => `Uids(${positions[i]?.netuid ?? ''}, ${shortAccount(positions[i]?.hotkey ?? '')})`, decodeUid)
        const registered = positions.flatMap((position, i) => {
          const uid = uids[i]
          return uid === null || uid === undefined ? [] : [{ hotkey: position.hotkey, netuid: position.netuid, uid }]
        })
        const netuids = [...new Set(registered.map((entry) => entry.netuid))]
        const vectors = await storage(netuids.map((netuid) => emissionKey(netuid)), (i) => `Emission(${netuids[i] ?? ''})`, decodeU64Vec)
        const byNetuid = new Map(netuids.map((netuid, i) => [netuid, vectors[i] ?? []]))
        return registered.map((entry) => {
          const vector = byNetuid.get(entry.netuid) ?? []
          return { ...entry, emission: vector[entry.uid] ?? null, subnetUids: vector.length }
        })
      }),
  }
}

async function assertGenesis(deps: SubstrateDeps, url: string, signal: AbortSignal | undefined): Promise<void> {
  const host = hostOf(url)
  const hash = await jsonRpc(deps.http, url, 'chain_getBlockHash', [0], signal ? { signal } : {})
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

function present(hex: string | null): string {
  if (hex === null) throw new Error('null where a value was due')
  return hex
}

// ---------------------------------------------------------------------------------------------
// The codec. polkadot-js adds ~29 MiB RSS for the address code and ~57 MiB with @polkadot/types
// (measured on Node 24), so it is loaded on first use: only operators with a Bittensor wallet pay.
// CommonJS through createRequire because the address check is synchronous; every piece comes
// from the same (CommonJS) build so polkadot-js does not warn about two copies.

type Crypto = typeof Util & typeof Address & typeof Base58 & typeof Blake2 & typeof Xxhash
let cryptoModules: Crypto | undefined
let scaleRegistry: InstanceType<typeof TypesCreate.TypeRegistry> | undefined

function polkadotCrypto(): Crypto {
  if (cryptoModules) return cryptoModules
  const load = createRequire(import.meta.url)
  cryptoModules = {
    ...(load('@polkadot/util') as typeof Util),
    ...(load('@polkadot/util-crypto/address') as typeof Address),
    ...(load('@polkadot/util-crypto/base58') as typeof Base58),
    ...(load('@polkadot/util-crypto/blake2') as typeof Blake2),
    ...(load('@polkadot/util-crypto/xxhash') as typeof Xxhash),
  }
  return cryptoModules
}

function scale(): InstanceType<typeof TypesCreate.TypeRegistry> {
  if (scaleRegistry) return scaleRegistry
  const { TypeRegistry } = createRequire(import.meta.url)('@polkadot/types/create') as typeof TypesCreate
  const registry = new TypeRegistry()
  registry.register({
    SubtensorAccountData: { free: 'u64', reserved: 'u64', frozen: 'u64', flags: 'u128' },
    SubtensorAccountInfo: { nonce: 'u32', consumers: 'u32', providers: 'u32', sufficients: 'u32', data: 'SubtensorAccountData' },
    SubtensorStakeInfo: {
      hotkey: 'AccountId32',
      coldkey: 'AccountId32',
      netuid: 'Compact<u16>',
      stake: 'Compact<u64>',
      locked: 'Compact<u64>',
      emission: 'Compact<u64>',
      taoEmission: 'Compact<u64>',
      drain: 'Compact<u64>',
      isRegistered: 'bool',
    },
  })
  scaleRegistry = registry
  return registry
}

/** Decodes `hex` as `type`, refusing a body with bytes left over or missing. */
function decodeExact(type: string, hex: string): Codec {
  const bytes = polkadotCrypto().hexToU8a(hex)
  const codec = scale().createType(type, bytes)
  if (codec.encodedLength !== bytes.length) throw new Error(`${bytes.length} bytes where ${type} takes ${codec.encodedLength}`)
  return codec
}

function field(struct: Codec, name: string): Codec {
  // A Struct is a Map of its fields.
  const value = (struct as Codec & { get?: (key: string) => Codec | undefined }).get?.(name)
  if (value === undefined) throw new Error(`no ${name} field`)
  return value
}

function bigintOf(codec: Codec): bigint {
  const value: unknown = (codec as Codec & { toBigInt?: () => unknown }).toBigInt?.()
  if (typeof value !== 'bigint') throw new Error('an integer field that is not an integer')
  return value
}

function accountIdOf(codec: Codec, ss58Prefix: number): string {
  return polkadotCrypto().encodeAddress(codec.toU8a(), ss58Prefix)
}

/** SCALE AccountInfo { nonce, consumers, providers, sufficients: u32, data: { free, reserved, frozen: u64, flags: u128 } }; null (no account) is zero. */
export function decodeAccountInfo(hex: string | null): SubstrateAccount {
  if (hex === null) return { free: 0n, reserved: 0n, frozen: 0n }
  const data = field(decodeExact('SubtensorAccountInfo', hex), 'data')
  return { free: bigintOf(field(data, 'free')), reserved: bigintOf(field(data, 'reserved')), frozen: bigintOf(field(data, 'frozen')) }
}

/** SCALE Vec<StakeInfo>, accounts re-encoded as SS58 with `ss58Prefix`. */
export function decodeStakeInfos(hex: string, ss58Prefix: number): StakeEntry[] {
  const list = decodeExact('Vec<SubtensorStakeInfo>', hex) as unknown as Codec[]
  return Array.from(list, (entry) => ({
    hotkey: accountIdOf(field(entry, 'hotkey'), ss58Prefix),
    coldkey: accountIdOf(field(entry, 'coldkey'), ss58Prefix),
    netuid: Number(bigintOf(field(entry, 'netuid'))),
    stake: bigintOf(field(entry, 'stake')),
    locked: bigintOf(field(entry, 'locked')),
    emission: bigintOf(field(entry, 'emission')),
    taoEmission: bigintOf(field(entry, 'taoEmission')),
    drain: bigintOf(field(entry, 'drain')),
    isRegistered: field(entry, 'isRegistered').toPrimitive() === true,
  }))
}

/** SCALE Vec<AccountId32> as SS58; null (a ValueQuery never written) is the empty list. */
export function decodeAccountIds(hex: string | null, ss58Prefix: number): string[] {
  if (hex === null) return []
  return Array.from(decodeExact('Vec<AccountId32>', hex) as unknown as Codec[], (id) => accountIdOf(id, ss58Prefix))
}

export function decodeU64(hex: string): bigint {
  return bigintOf(decodeExact('u64', hex))
}

/** SCALE u16 UID; null (OptionQuery, no entry) is a hotkey not registered on that subnet. */
export function decodeUid(hex: string | null): number | null {
  return hex === null ? null : Number(bigintOf(decodeExact('u16', hex)))
}

/** SCALE Vec<u64>; null (a ValueQuery never written) is the empty list. */
export function decodeU64Vec(hex: string | null): bigint[] {
  if (hex === null) return []
  return Array.from(decodeExact('Vec<u64>', hex) as unknown as Codec[], (value) => bigintOf(value))
}

// ---------------------------------------------------------------------------------------------
// Keys and parameters.

function publicKey(address: string): Uint8Array {
  return polkadotCrypto().decodeAddress(address)
}

function publicKeyHex(address: string): string {
  return polkadotCrypto().u8aToHex(publicKey(address))
}

/** twox128(pallet) ++ twox128(item) ++ blake2_128(key) ++ key: a Blake2_128Concat map entry. */
function blake2ConcatKey(pallet: string, item: string, key: Uint8Array): string {
  const { u8aConcat, u8aToHex, xxhashAsU8a, blake2AsU8a } = polkadotCrypto()
  return u8aToHex(u8aConcat(xxhashAsU8a(pallet, 128), xxhashAsU8a(item, 128), blake2AsU8a(key, 128), key))
}

/** The storage key of `System.Account(address)`. */
export function systemAccountKey(address: string): string {
  return blake2ConcatKey('System', 'Account', publicKey(address))
}

function ownedHotkeysKey(address: string): string {
  return blake2ConcatKey('SubtensorModule', 'OwnedHotkeys', publicKey(address))
}

/** NetUid is a u16 newtype: two bytes, little-endian. */
function netuidBytes(netuid: number): Uint8Array {
  return Uint8Array.of(netuid & 0xff, (netuid >> 8) & 0xff)
}

function netuidHex(netuid: number): string {
  return polkadotCrypto().u8aToHex(netuidBytes(netuid))
}

/** The storage key of `SubtensorModule.Uids(netuid, hotkey)`: Identity netuid, then Blake2_128Concat hotkey. */
export function uidsKey(netuid: number, hotkey: string): string {
  const { u8aConcat, u8aToHex, xxhashAsU8a, blake2AsU8a } = polkadotCrypto()
  const key = publicKey(hotkey)
  return u8aToHex(u8aConcat(xxhashAsU8a('SubtensorModule', 128), xxhashAsU8a('Uids', 128), netuidBytes(netuid), blake2AsU8a(key, 128), key))
}

/** The storage key of `SubtensorModule.Emission(netuid)`: an Identity-hashed netuid. */
export function emissionKey(netuid: number): string {
  const { u8aConcat, u8aToHex, xxhashAsU8a } = polkadotCrypto()
  return u8aToHex(u8aConcat(xxhashAsU8a('SubtensorModule', 128), xxhashAsU8a('Emission', 128), netuidBytes(netuid)))
}

// ---------------------------------------------------------------------------------------------
// Addresses.

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
  const { base58Decode, checkAddressChecksum, decodeAddress, encodeAddress } = polkadotCrypto()
  const expected = encodeAddress(new Uint8Array(32), ss58Prefix)
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
  const decoded = base58Decode(text)
  // A 32-byte account with a one-byte (prefix < 64) or two-byte prefix, plus a two-byte checksum.
  if (decoded.length !== 35 && decoded.length !== 36) return { ok: false, message: `This is ${chars.length} characters and does not hold a 32-byte account key. ${format}.` }
  const [checksumOk, , , prefix] = checkAddressChecksum(decoded)
  if (!checksumOk) return { ok: false, message: 'The checksum does not match: a character is mistyped, missing or swapped. Copy the address again.' }
  const key = decodeAddress(text)
  if (key.length !== 32) return { ok: false, message: `This address holds a ${key.length}-byte key, not the 32-byte account key ${chainName} uses. ${format}.` }
  if (prefix !== ss58Prefix) {
    const name = knownPrefixes.get(prefix)
    const what = name === undefined ? `an address of another Substrate network (prefix ${prefix})` : `a ${name} address (prefix ${prefix})`
    const ours = ss58Prefix === 42 ? 'the generic Substrate format' : 'its own SS58 format'
    const reencoded = encodeAddress(key, ss58Prefix)
    return {
      ok: false,
      message: `This is ${what}; ${chainName} uses ${ours} (prefix ${ss58Prefix}, starts with ${expected[0] ?? ''}) — the same key re-encoded: ${reencoded}`,
    }
  }
  return { ok: true, address: encodeAddress(key, ss58Prefix) }
}
