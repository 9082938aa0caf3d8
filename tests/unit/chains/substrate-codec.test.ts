import { describe, expect, it } from 'vitest'
import { decodeAccountIds, decodeAccountInfo, decodeStakeInfos, decodeU64, systemAccountKey } from '../../../src/main/core/chains/substrate.ts'
import {
  accountIdsHex,
  accountInfoHex,
  addresses,
  researchAccount,
  researchStakeInfo,
  stakeInfoHex,
  storageKeys,
  subtensorModulePrefix,
  u64Hex,
} from '../../fixtures/chains/substrate.ts'

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
