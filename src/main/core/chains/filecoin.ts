import { isRecord } from '../is-record.ts'
import { fromEthAddress, fromString, isEthAddress } from 'iso-filecoin/address'
import { FetchFault, hostOf } from '../net/chain-http.ts'
import { jsonRpc } from '../net/json-rpc.ts'
import type { AddressCheck } from '../holdings/holding.ts'
import { oncePerEndpoint, type ChainDeps, type Sourced } from './chain-deps.ts'

/*
 * Filecoin over Lotus JSON-RPC (Glif and the other public gateways), watch-only: a wallet's
 * balance, and a storage provider's (miner actor's) funds, power and faulty sectors. Amounts are
 * attoFIL decimal strings.
 * A `null` tipset key means the heaviest tipset. Each call is its own request: JSON-RPC batches
 * are not reliably served by Lotus gateways (filecoin-project/lotus#11427).
 *   Lotus API: documentation/en/api-v1-unstable-methods.md (WalletBalance, StateReadState,
 *   StateMinerAvailableBalance, StateNetworkName, StateMinerPower, StateMinerFaults,
 *   StateMinerSectorCount)
 *   Miner state keys: ChainSafe forest src/lotus_json/actors/states/miner_state.rs (PascalCase
 *   LockedFunds, InitialPledge, PreCommitDeposits, FeeDebt, as in Lotus' Go structs)
 */

/** A miner actor's funds in attoFIL. `available` is signed: fee debt can exceed the unlocked balance. */
export type MinerFunds = {
  balance: bigint
  available: bigint
  lockedRewards: bigint
  initialPledge: bigint
  preCommitDeposits: bigint
  feeDebt: bigint
}

/** What decides whether a miner wins blocks: its power (bytes) and its faulty sectors. */
export type MinerHealth = {
  rawBytePower: bigint
  qualityAdjPower: bigint
  /** Whether it has the consensus minimum (10 TiB) to be elected at all. */
  hasMinPower: boolean
  faultySectors: number
}

export type FilecoinClient = {
  walletBalance(address: string, signal?: AbortSignal): Promise<Sourced<bigint>>
  /** The actor's funds if it is a storage provider (its state has a miner's keys); null for any other actor. */
  minerFunds(minerId: string, signal?: AbortSignal): Promise<Sourced<MinerFunds | null>>
  /** A storage provider's power and faulty sectors, at the heaviest tipset. */
  minerHealth(minerId: string, signal?: AbortSignal): Promise<Sourced<MinerHealth>>
}

const mainnet = 'mainnet'
const heaviest = null

export function createFilecoinClient(deps: ChainDeps): FilecoinClient {
  const { http, pool } = deps
  /** Asks an endpoint which network it follows. */
  const onMainnet = oncePerEndpoint((url, signal) => verifyNetwork(url, signal))

  async function verifyNetwork(url: string, signal: AbortSignal | undefined): Promise<void> {
    const host = hostOf(url)
    const name = await jsonRpc(http, url, 'Filecoin.StateNetworkName', [], { signal })
    if (typeof name !== 'string') throw malformed(host, 'StateNetworkName with something that is not a name')
    if (name !== mainnet) throw new FetchFault('wrong-chain', host, `${host} follows the Filecoin network "${clip(name)}", not mainnet`)
  }

  function read<T>(signal: AbortSignal | undefined, attempt: (url: string, host: string) => Promise<T>): Promise<Sourced<T>> {
    return pool.call(async (url) => {
      await onMainnet(url, signal)
      return attempt(url, hostOf(url))
    })
  }

  return {
    walletBalance: (address, signal) =>
      read(signal, async (url, host) => attoFil(await jsonRpc(http, url, 'Filecoin.WalletBalance', [address], { signal }), host, 'WalletBalance')),

    minerFunds: (minerId, signal) =>
      read(signal, async (url, host) => {
        const call = (method: string): Promise<unknown> => jsonRpc(http, url, `Filecoin.${method}`, [minerId, heaviest], { signal })
        const actorState = await call('StateReadState')
        if (!isRecord(actorState) || !isRecord(actorState.State)) throw malformed(host, 'StateReadState without a State object')
        const state = actorState.State
        if (!('LockedFunds' in state && 'InitialPledge' in state)) return null
        const available = await call('StateMinerAvailableBalance')
        return {
          // StateReadState's Balance is StateGetActor's, read with the state itself: one tipset for both.
          balance: attoFil(actorState.Balance, host, 'StateReadState Balance'),
          available: attoFil(available, host, 'StateMinerAvailableBalance', { signed: true }),
          lockedRewards: attoFil(state.LockedFunds, host, 'LockedFunds'),
          initialPledge: attoFil(state.InitialPledge, host, 'InitialPledge'),
          preCommitDeposits: attoFil(state.PreCommitDeposits, host, 'PreCommitDeposits'),
          feeDebt: attoFil(state.FeeDebt, host, 'FeeDebt'),
        }
      }),

    minerHealth: (minerId, signal) =>
      read(signal, async (url, host) => {
        const call = (method: string): Promise<unknown> => jsonRpc(http, url, `Filecoin.${method}`, [minerId, heaviest], { signal })
        const [power, faultySectors] = await Promise.all([call('StateMinerPower'), faultCount(call, host)])
        const mine = isRecord(power) && isRecord(power.MinerPower) ? power.MinerPower : null
        if (mine === null) throw malformed(host, 'StateMinerPower without MinerPower')
        return {
          rawBytePower: bytes(mine.RawBytePower, host, 'RawBytePower'),
          qualityAdjPower: bytes(mine.QualityAdjPower, host, 'QualityAdjPower'),
          hasMinPower: isRecord(power) && power.HasMinPower === true,
          faultySectors,
        }
      }),
  }
}

/**
 * The miner's faulty sectors: StateMinerFaults' bitfield, counted. A Lotus gateway (what public
 * endpoints run) does not serve StateMinerFaults (lotus api/api_gateway.go lists StateMinerPower
 * and StateMinerSectorCount, not it), so a node that refuses it is asked StateMinerSectorCount.
 */
async function faultCount(call: (method: string) => Promise<unknown>, host: string): Promise<number> {
  try {
    return countBits(await call('StateMinerFaults'), host)
  } catch (error) {
    if (!(error instanceof FetchFault) || error.kind !== 'rpc') throw error
    const counts = await call('StateMinerSectorCount')
    const faulty = isRecord(counts) ? counts.Faulty : undefined
    if (typeof faulty !== 'number' || !Number.isSafeInteger(faulty) || faulty < 0) throw malformed(host, 'StateMinerSectorCount without a Faulty count')
    return faulty
  }
}

/**
 * The set bits of a bitfield as Lotus writes it in JSON: the RLE+ runs as lengths, "always
 * starting with zeroes (absent values)", e.g. {0, 1, 2, 8, 9} is [0, 3, 5, 2]; empty is [0]
 * (filecoin-project/go-bitfield rle/rleplus.go, MarshalJSON). The set bits are the odd runs.
 */
export function countBits(runs: unknown, host: string): number {
  if (!Array.isArray(runs)) throw malformed(host, 'a bitfield that is not a list of runs')
  let set = 0
  for (const [i, run] of (runs as unknown[]).entries()) {
    if (typeof run !== 'number' || !Number.isSafeInteger(run) || run < 0) throw malformed(host, 'a bitfield run that is not a whole number')
    if (i % 2 === 1) set += run
  }
  if (!Number.isSafeInteger(set)) throw malformed(host, 'a bitfield with more bits than can be counted')
  return set
}

function bytes(value: unknown, host: string, what: string): bigint {
  if (typeof value !== 'string' || !/^\d{1,40}$/.test(value)) throw malformed(host, `${what} that is not a number of bytes`)
  return BigInt(value)
}

function attoFil(value: unknown, host: string, what: string, options: { signed?: boolean } = {}): bigint {
  const pattern = options.signed === true ? /^-?\d{1,78}$/ : /^\d{1,78}$/
  if (typeof value !== 'string' || !pattern.test(value)) throw malformed(host, `${what} with something that is not an attoFIL amount`)
  return BigInt(value)
}

function malformed(host: string, what: string): FetchFault {
  return new FetchFault('malformed', host, `${host} answered ${what}`)
}

function clip(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, ' ').slice(0, 40)
}

/** go-address parses ID addresses as 63-bit unsigned integers. */
const maxActorId = 2n ** 63n - 1n
const hint = 'f1…, f3…, f410f…, or f0… for a storage provider'

/**
 * Offline check of a mainnet Filecoin address; answers its canonical (lowercase) form. An
 * Ethereum-style 0x address is converted to the f410f… (or, for an ID mask, f0…) address it
 * stands for on Filecoin, and `note` says so.
 */
export function checkFilecoinAddress(input: string): AddressCheck {
  const text = input.trim()
  if (text === '') return { ok: false, message: `enter a Filecoin address (${hint})` }
  if (/^0x/i.test(text)) return fromEthereumStyle(text)
  const address = text.toLowerCase()
  if (/^t[0-4]/.test(address)) return { ok: false, message: 'this is a testnet address (t…); DePIN Desk reads mainnet (f…)' }
  if (!address.startsWith('f')) return { ok: false, message: `Filecoin addresses start with f: ${hint}` }
  const protocol = address.charAt(1)
  if (protocol === '0') return idAddress(address)
  if (protocol === '4' && !address.startsWith('f410f')) {
    return { ok: false, message: 'only f410f… delegated addresses (Ethereum-style accounts) exist on Filecoin mainnet' }
  }
  if (!['1', '2', '3', '4'].includes(protocol)) {
    return { ok: false, message: `f${clip(protocol)}… is not a kind of Filecoin address: they are f0 (an ID), f1, f2, f3 and f410f` }
  }
  try {
    const parsed = fromString(address).toString()
    // The decoder forgives some stray bits; only the canonical spelling is a real address.
    if (parsed === address) return { ok: true, address: parsed }
  } catch {
    // Why it failed is told below, from the address itself: the decoder's words are not the operator's.
  }
  return { ok: false, message: encodedProblem(address) }
}

/** Lengths of the base32 kinds on mainnet: f1/f2 hold 20 bytes, f3 a 48-byte BLS key, f410f a 20-byte Ethereum address; each + 4 of checksum. */
const lengths: Record<string, number> = { '1': 41, '2': 41, '3': 86, '4': 44 }

function encodedProblem(address: string): string {
  const protocol = address.charAt(1)
  const body = protocol === '4' ? address.slice(5) : address.slice(2)
  const length = lengths[protocol] ?? 0
  const kind = protocol === '4' ? 'f410f' : `f${protocol}`
  if (!/^[a-z2-7]*$/.test(body)) return `it holds a character Filecoin addresses never use (after ${kind} they use only a–z and 2–7)`
  if (address.length !== length) return `it is too ${address.length < length ? 'short' : 'long'}: ${kind}… addresses are ${length} characters long`
  return 'a character is mistyped: the checksum does not match'
}

function idAddress(address: string): AddressCheck {
  const digits = address.slice(2)
  if (!/^\d{1,20}$/.test(digits) || BigInt(digits) > maxActorId) {
    return { ok: false, message: 'an f0… ID address is f0 followed by the actor number only, like f01234' }
  }
  return { ok: true, address: `f0${BigInt(digits)}`, note: 'an f0… ID is read as a storage provider (miner actor) when it is one, otherwise as a wallet' }
}

function fromEthereumStyle(text: string): AddressCheck {
  if (!/^0x[0-9a-f]{40}$/i.test(text)) return { ok: false, message: 'this looks like an Ethereum-style address, but it is not 0x followed by 40 hexadecimal characters' }
  if (!isEthAddress(text)) return { ok: false, message: 'a character of this Ethereum-style address is mistyped: its capital letters do not match its checksum' }
  const address = fromEthAddress(text, 'mainnet').toString()
  return { ok: true, address, note: `converted from the Ethereum-style address ${text} to its Filecoin form ${address}` }
}

