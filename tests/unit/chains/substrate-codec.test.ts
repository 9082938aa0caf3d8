import { describe, expect, it } from 'vitest'
import { createRequire } from 'node:module'
import type * as Blake2 from '@polkadot/util-crypto/blake2'
import type * as Xxhash from '@polkadot/util-crypto/xxhash'
import {
  decodeAccountIds,
  decodeAccountInfo,
  decodeStakeInfos,
  decodeU64,
  decodeU64Vec,
  decodeUid,
  emissionKey,
  systemAccountKey,
  uidsKey,
} from '../../../src/main/core/chains/substrate.ts'
import {
  accountIdsHex,
  accountInfoHex,
  addresses,
  researchAccount,
  researchEmission,
  researchStakeInfo,
  stakeInfoHex,
  storageKeys,
  subtensorModulePrefix,
  u16Hex,
  u64Hex,
  u64VecHex,
} from '../../fixtures/chains/substrate.ts'

const load = createRequire(import.meta.url)
const { blake2AsHex } = load('@polkadot/util-crypto/blake2') as typeof Blake2
const { xxhashAsHex } = load('@polkadot/util-crypto/xxhash') as typeof Xxhash

describe('System.Account storage key', () => {
  it('is the documented key for 5GrwvaEF…utQY', () => {
    expect(systemAccountKey(addresses.alice)).toBe(researchAccount.key)
  })

  it('differs per account and ends in the public key (Blake2_128Concat)', () => {
    const bob = systemAccountKey(addresses.bob)
    expect(bob).not.toBe(researchAccount.key)
    expect(bob).toBe(storageKeys.account(addresses.bob))
    expect(researchAccount.key.endsWith(addresses.alicePublicKey.slice(2))).toBe(true)
  })

  it('the subtensor keys of the fixtures sit under the documented SubtensorModule prefix', () => {
    expect(storageKeys.ownedHotkeys(addresses.alice).startsWith(subtensorModulePrefix)).toBe(true)
  })
})

describe('AccountInfo (u64 balances)', () => {
  it('decodes the research body to its documented values (golden)', () => {
    expect(decodeAccountInfo(researchAccount.result)).toEqual({ free: 1_234_500_000_000n, reserved: 0n, frozen: 0n })
  })

  it('the fixture builder encodes the same bytes as the research body', () => {
    expect(accountInfoHex({ nonce: researchAccount.values.nonce, free: researchAccount.values.free })).toBe(researchAccount.result)
  })

  it('keeps amounts beyond 2^53 exact', () => {
    const body = accountInfoHex({ free: 18_446_744_073_709_551_615n, reserved: 21_000_000_000_000_001n, frozen: 9_007_199_254_740_993n })
    expect(decodeAccountInfo(body)).toEqual({ free: 18_446_744_073_709_551_615n, reserved: 21_000_000_000_000_001n, frozen: 9_007_199_254_740_993n })
  })

  it('reads an account that does not exist (null storage) as zeros', () => {
    expect(decodeAccountInfo(null)).toEqual({ free: 0n, reserved: 0n, frozen: 0n })
  })

  it('refuses a Polkadot-style body with u128 balances instead of misreading it', () => {
    const u128Body = `0x${'00'.repeat(16)}${'00'.repeat(64)}`
    expect(() => decodeAccountInfo(u128Body)).toThrow('80 bytes where SubtensorAccountInfo takes 56')
  })

  it('refuses a truncated body', () => {
    expect(() => decodeAccountInfo(researchAccount.result.slice(0, 40))).toThrow('19 bytes where SubtensorAccountInfo takes 56')
  })
})

describe('Vec<StakeInfo>', () => {
  it('decodes the research body to its documented entry (golden)', () => {
    expect(decodeStakeInfos(researchStakeInfo.result, 42)).toEqual([researchStakeInfo.entry])
  })

  it('the fixture builder encodes the same bytes as the research body', () => {
    const { hotkey, coldkey, netuid, stake, emission, isRegistered } = researchStakeInfo.entry
    expect(stakeInfoHex([{ hotkey, coldkey, netuid, stake, emission, isRegistered }])).toBe(researchStakeInfo.result)
  })

  it('decodes several entries, compact amounts of every width and tao_emission', () => {
    const entries = [
      { hotkey: addresses.otfHotkey, coldkey: addresses.alice, netuid: 0, stake: 63n, isRegistered: false },
      { hotkey: addresses.bob, coldkey: addresses.alice, netuid: 64, stake: 16_383n, emission: 1_073_741_823n, isRegistered: true },
      { hotkey: addresses.foundryHotkey, coldkey: addresses.alice, netuid: 65_535, stake: 18_446_744_073_709_551_615n, taoEmission: 7n, isRegistered: true },
    ]
    expect(decodeStakeInfos(stakeInfoHex(entries), 42)).toEqual(
      entries.map((e) => ({ locked: 0n, drain: 0n, emission: 0n, taoEmission: 0n, ...e })),
    )
  })

  it('decodes an empty list', () => {
    expect(decodeStakeInfos('0x00', 42)).toEqual([])
  })

  it('refuses a list that claims more entries than it holds', () => {
    const oneEntry = researchStakeInfo.result.slice(4)
    // polkadot-js reads past the end without complaint; the length check is what refuses it.
    expect(() => decodeStakeInfos(`0x08${oneEntry}`, 42)).toThrow('80 bytes where Vec<SubtensorStakeInfo> takes 151')
  })

  it('refuses bytes left over after the list', () => {
    expect(() => decodeStakeInfos(`${researchStakeInfo.result}00`, 42)).toThrow(/where Vec<SubtensorStakeInfo> takes/)
  })
})

describe('Vec<AccountId32> and u64', () => {
  it('decodes owned hotkeys as SS58, and null as none', () => {
    expect(decodeAccountIds(accountIdsHex([addresses.bob, addresses.otfHotkey]), 42)).toEqual([addresses.bob, addresses.otfHotkey])
    expect(decodeAccountIds(null, 42)).toEqual([])
  })

  it('decodes a u64 price exactly, the largest included', () => {
    expect(decodeU64(u64Hex(12_345_678n))).toBe(12_345_678n)
    expect(decodeU64('0xffffffffffffffff')).toBe(18_446_744_073_709_551_615n)
    expect(() => decodeU64('0x0100')).toThrow('2 bytes where u64 takes 8')
  })
})

describe('Uids and Emission storage keys', () => {
  it('Emission(1) is the documented key: SubtensorModule prefix, twox128("Emission"), netuid 1 as u16 LE', () => {
    expect(emissionKey(1)).toBe(researchEmission.key)
    expect(researchEmission.key).toBe(`${subtensorModulePrefix}${xxhashAsHex('Emission', 128).slice(2)}0100`)
    expect(emissionKey(300)).toBe(`${researchEmission.key.slice(0, -4)}2c01`)
  })

  it('Uids(netuid, hotkey) is Identity netuid then Blake2_128Concat hotkey, built here from its parts', () => {
    const uidsPrefix = `${subtensorModulePrefix}${xxhashAsHex('Uids', 128).slice(2)}`
    const blake2OfBob = blake2AsHex(addresses.bobPublicKey, 128).slice(2)
    expect(uidsKey(1, addresses.bob)).toBe(`${uidsPrefix}0100${blake2OfBob}${addresses.bobPublicKey.slice(2)}`)
    expect(uidsKey(258, addresses.bob)).toBe(`${uidsPrefix}0201${blake2OfBob}${addresses.bobPublicKey.slice(2)}`)
    expect(uidsKey(1, addresses.bob)).toBe(storageKeys.uids(1, addresses.bob))
    expect(uidsKey(1, addresses.alice)).not.toBe(uidsKey(1, addresses.bob))
  })
})

describe('Emission Vec<u64> and Uids u16', () => {
  it('decodes the research Emission(1) body to [0, 1234567, 42] (golden)', () => {
    expect(decodeU64Vec(researchEmission.result)).toEqual([...researchEmission.values])
    expect(u64VecHex(researchEmission.values)).toBe(researchEmission.result)
  })

  it('reads a never-written Emission as empty, and keeps u64 values exact', () => {
    expect(decodeU64Vec(null)).toEqual([])
    expect(decodeU64Vec(u64VecHex([18_446_744_073_709_551_615n, 9_007_199_254_740_993n]))).toEqual([18_446_744_073_709_551_615n, 9_007_199_254_740_993n])
  })

  it('refuses a compact-encoded vector instead of misreading it', () => {
    // Vec<Compact<u64>> of [0, 1234567, 42] would be 0x0c 00 1e5a4b00 a8: 7 bytes, not 1 + 3 × 8.
    expect(() => decodeU64Vec('0x0c001e5a4b00a8')).toThrow(/7 bytes where Vec<u64> takes/)
  })

  it('decodes a UID as u16, and null as not registered', () => {
    expect(decodeUid('0x1100')).toBe(17)
    expect(decodeUid(u16Hex(65_535))).toBe(65_535)
    expect(decodeUid(null)).toBeNull()
    expect(() => decodeUid('0x110000')).toThrow('3 bytes where u16 takes 2')
  })
})
