import { blake2b } from '@noble/hashes/blake2.js'
import { Twox128 } from '@polkadot-api/substrate-bindings'
import { describe, expect, it } from 'vitest'
import {
  autoStakeDestinationKey,
  decodeAccountId,
  decodeAccountIds,
  decodeAccountInfo,
  decodeStakeInfos,
  decodeU64,
  decodeU64Vec,
  decodeUid,
  emissionKey,
  encodeSs58,
  networkMemberPrefix,
  netuidOfKey,
  publicKeyOf,
  systemAccountKey,
  uidsKey,
} from '../../../src/main/core/chains/substrate.ts'
import {
  accountIdHex,
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
  ss58,
} from '../../fixtures/chains/substrate.ts'

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
const xxhashAsHex = (name: string): string => `0x${hexOf(Twox128(new TextEncoder().encode(name)))}`
const blake2AsHex = (publicKeyHex: string): string => `0x${hexOf(blake2b(Buffer.from(publicKeyHex.slice(2), 'hex'), { dkLen: 16 }))}`

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
    expect(() => decodeAccountInfo(u128Body)).toThrow('80 bytes where AccountInfo takes 56')
  })

  it('refuses a truncated body', () => {
    expect(() => decodeAccountInfo(researchAccount.result.slice(0, 40))).toThrow('19 bytes, too few for AccountInfo')
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

  it('refuses a count no body could hold at once, without reading entry by entry', () => {
    // Compact 2^30 - 1 (four-byte mode), then one entry's bytes.
    const started = performance.now()
    expect(() => decodeStakeInfos(`0xfeffffff${researchStakeInfo.result.slice(4)}`, 42)).toThrow('83 bytes, too few for Vec<StakeInfo>')
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('refuses a bool that is neither 0 nor 1', () => {
    expect(() => decodeStakeInfos(`${researchStakeInfo.result.slice(0, -2)}02`, 42)).toThrow('Vec<StakeInfo> does not decode: a bool of 2')
  })

  it('refuses a compact netuid above u16', () => {
    // The netuid as compact 65536 (four-byte mode, 0x02000400) where compact 1 (0x04) stood.
    const body = researchStakeInfo.result.replace('a56da27d040700f2052a01', 'a56da27d020004000700f2052a01')
    expect(body).not.toBe(researchStakeInfo.result)
    expect(() => decodeStakeInfos(body, 42)).toThrow('Vec<StakeInfo> does not decode: a compact 65536 above 65535')
  })

  it('refuses a list that claims more entries than it holds', () => {
    const oneEntry = researchStakeInfo.result.slice(4)
    expect(() => decodeStakeInfos(`0x08${oneEntry}`, 42)).toThrow('80 bytes, too few for Vec<StakeInfo>')
  })

  it('refuses bytes left over after the list', () => {
    expect(() => decodeStakeInfos(`${researchStakeInfo.result}00`, 42)).toThrow('81 bytes where Vec<StakeInfo> takes 80')
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
    expect(() => decodeU64('0x0100')).toThrow('2 bytes, too few for u64')
  })
})

describe('Uids and Emission storage keys', () => {
  it('Emission(1) is the documented key: SubtensorModule prefix, twox128("Emission"), netuid 1 as u16 LE', () => {
    expect(emissionKey(1)).toBe(researchEmission.key)
    expect(researchEmission.key).toBe(`${subtensorModulePrefix}${xxhashAsHex('Emission').slice(2)}0100`)
    expect(emissionKey(300)).toBe(`${researchEmission.key.slice(0, -4)}2c01`)
  })

  it('Uids(netuid, hotkey) is Identity netuid then Blake2_128Concat hotkey, built here from its parts', () => {
    const uidsPrefix = `${subtensorModulePrefix}${xxhashAsHex('Uids').slice(2)}`
    const blake2OfBob = blake2AsHex(addresses.bobPublicKey).slice(2)
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
    expect(() => decodeU64Vec('0x0c001e5a4b00a8')).toThrow('7 bytes, too few for Vec<u64>')
  })

  it('decodes a UID as u16, and null as not registered', () => {
    expect(decodeUid('0x1100')).toBe(17)
    expect(decodeUid(u16Hex(65_535))).toBe(65_535)
    expect(decodeUid(null)).toBeNull()
    expect(() => decodeUid('0x110000')).toThrow('3 bytes where u16 takes 2')
  })
})

describe('IsNetworkMember and AutoStakeDestination storage keys', () => {
  it('IsNetworkMember(hotkey, ·) is Blake2_128Concat hotkey; each key under it ends in the netuid, u16 LE', () => {
    const prefix = `${subtensorModulePrefix}${xxhashAsHex('IsNetworkMember').slice(2)}${blake2AsHex(addresses.bobPublicKey).slice(2)}${addresses.bobPublicKey.slice(2)}`
    expect(networkMemberPrefix(addresses.bob)).toBe(prefix)
    expect(storageKeys.isNetworkMember(addresses.bob, 19)).toBe(`${prefix}1300`)
    expect(netuidOfKey(prefix, `${prefix}1300`)).toBe(19)
    expect(netuidOfKey(prefix, `${prefix}0201`.toUpperCase().replace('0X', '0x'))).toBe(258)
  })

  it('refuses a listed key that is not under the prefix or does not end in a netuid', () => {
    const prefix = networkMemberPrefix(addresses.bob)
    expect(() => netuidOfKey(prefix, networkMemberPrefix(addresses.alice) + '1300')).toThrow(/not .* followed by a netuid/)
    expect(() => netuidOfKey(prefix, `${prefix}13`)).toThrow(/followed by a netuid/)
    expect(() => netuidOfKey(prefix, `${prefix}130000`)).toThrow(/followed by a netuid/)
    expect(() => netuidOfKey(prefix, 19)).toThrow(/followed by a netuid/)
  })

  it('AutoStakeDestination(coldkey, netuid) is Blake2_128Concat coldkey, then the netuid, u16 LE', () => {
    const prefix = `${subtensorModulePrefix}${xxhashAsHex('AutoStakeDestination').slice(2)}`
    expect(autoStakeDestinationKey(addresses.alice, 19)).toBe(`${prefix}${blake2AsHex(addresses.alicePublicKey).slice(2)}${addresses.alicePublicKey.slice(2)}1300`)
    expect(autoStakeDestinationKey(addresses.alice, 19)).toBe(storageKeys.autoStakeDestination(addresses.alice, 19))
  })

  it('decodes a destination AccountId32 as SS58, and null as none set', () => {
    expect(decodeAccountId(accountIdHex(addresses.otfHotkey), 42)).toBe(addresses.otfHotkey)
    expect(decodeAccountId(null, 42)).toBeNull()
    expect(() => decodeAccountId(`${accountIdHex(addresses.bob)}00`, 42)).toThrow('33 bytes where AccountId32 takes 32')
    expect(() => decodeAccountId('0x1234', 42)).toThrow('2 bytes, too few for AccountId32')
  })
})

describe('SS58 (blake2b-512 checksum)', () => {
  it('encodes and decodes the documented keys as substrate-bindings does, in one- and two-byte prefixes', () => {
    const alice = Buffer.from(addresses.alicePublicKey.slice(2), 'hex')
    expect(encodeSs58(alice, 42)).toBe(addresses.alice)
    expect(encodeSs58(alice, 7)).toBe(ss58(alice, 7))
    expect(hexOf(publicKeyOf(addresses.alice))).toBe(addresses.alicePublicKey.slice(2))
    expect(hexOf(publicKeyOf(addresses.polkadotTreasury))).toBe(hexOf(publicKeyOf(addresses.treasuryInPrefix42)))
    // Two-byte prefix 1000 (in the SS58 registry): the full format's bit layout round-trips.
    expect(hexOf(publicKeyOf(encodeSs58(alice, 1000)))).toBe(addresses.alicePublicKey.slice(2))
  })

  it('refuses an address whose checksum does not match', () => {
    expect(() => publicKeyOf(`${addresses.alice.slice(0, -1)}Z`)).toThrow('is not an SS58 account address')
  })
})
