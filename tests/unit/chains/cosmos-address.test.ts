import { toBech32 } from '@cosmjs/encoding'
import { describe, expect, it } from 'vitest'
import { checkCosmosAddress } from '../../../src/main/core/chains/cosmos.ts'
import { akash } from '../../../src/main/core/networks/akash.ts'

/*
 * Akash addresses, offline. Real mainnet addresses: akash1p6fu… from Akash's API docs
 * (akash.network/docs … testnet-6-api-verifications), the owner and provider of the lease GetBlock
 * documents (akash102kd…, akash19zzh…), a provider from a public withdraw script (akash1vky0…).
 */

const check = (input: string) => checkCosmosAddress(input, 'akash', 'Akash')

describe('checkCosmosAddress for Akash: accepted', () => {
  it.each([
    'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw',
    'akash102kdwsssl6jf4frdcz50mua6j0h6d8wdhjh7nq',
    'akash19zzh7whjt4vfwxd5wtj3tjtyatnpntfhldshd8',
    'akash1vky0uh4wayh9npd74uqesglpaxwymynnspf6a4',
  ])('%s', (address) => {
    expect(check(address)).toEqual({ ok: true, address })
  })

  it('an all-capitals address (valid bech32) is saved in small letters', () => {
    expect(check('AKASH1P6FULZHJCSGHAKURACWN20TJQMVF7ZVSCLF6YW')).toEqual({ ok: true, address: 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw' })
  })

  it('surrounding whitespace from a paste is dropped', () => {
    expect(check('  akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw\n')).toEqual({ ok: true, address: 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw' })
  })

  it('a 32-byte module or interchain account is accepted', () => {
    const moduleAccount = toBech32('akash', new Uint8Array(32).fill(7))
    expect(check(moduleAccount)).toEqual({ ok: true, address: moduleAccount })
  })

  it('the network module uses this check', () => {
    expect(akash.checkAddress('akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw')).toEqual({ ok: true, address: 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw' })
    expect(akash.checkAddress('akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yx')).toEqual({ ok: false, message: 'a character is mistyped: the checksum does not match' })
  })
})

describe('checkCosmosAddress for Akash: refused, with the reason', () => {
  it.each([
    ['akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yx', 'a character is mistyped: the checksum does not match'],
    ['akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6y', 'it is too short: Akash addresses are 44 characters long'],
    ['akash1p6fulzhjcsghakuracwm20tjqmvf7zvsclf6yw', 'a character is mistyped: the checksum does not match'],
    ['akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6ib', 'it holds a character Akash addresses never contain (they use a–z and 0–9, but not 1, b, i or o after the prefix)'],
    ['Akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw', 'it mixes capital and small letters: enter it as your wallet shows it, all in small letters'],
    ['akash1qq', 'it is too short: Akash addresses are 44 characters long'],
    [`akash1${'q'.repeat(90)}`, 'it is too long: Akash addresses are 44 characters long'],
    // A real Cosmos Hub address (QuickNode's Cosmos REST docs) and Injective's (its Python SDK example).
    ['cosmos1x6m7cwjd4wlr44ezq6sgcqv7whjm9pkqtgqq3y', 'this is a Cosmos Hub address (cosmos1…); Akash addresses start with akash1'],
    ['inj1hkhdaj2a2clmq5jq6mspsggqs32vynpk228q3r', 'this is an Injective address (inj1…); Akash addresses start with akash1'],
    // The same key on a chain this check does not know by name.
    [toBech32('kujira', new Uint8Array(20).fill(1)), 'this is an address on another chain (kujira1…); Akash addresses start with akash1'],
    // The Cosmos SDK docs' example delegator fails its own checksum: not anybody's address.
    ['cosmos1vcs68xf2tnqes5tg0khr0vyevm40ff6zdxatp5', 'Akash addresses start with akash1'],
    ['akashvaloper1p6fulzhjcsghakuracwn20tjqmvf7zvsja8u5y', "this is a validator operator address (akashvaloper1…); enter the validator's account address (akash1…), where its rewards arrive"],
    [toBech32('akashvalcons', new Uint8Array(20).fill(2)), 'this is a validator consensus address (akashvalcons1…); enter an account address (akash1…)'],
    ['0xC733Dd8FbcB996481702106fF071A969981Fa0de', 'this is an Ethereum-style address; Akash addresses start with akash1'],
    ['f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za', 'Akash addresses start with akash1'],
    ['hello', 'Akash addresses start with akash1'],
    ['', 'enter your Akash address (akash1…)'],
    ['   ', 'enter your Akash address (akash1…)'],
    [toBech32('akash', new Uint8Array(25)), 'this address holds 25 bytes; Akash account addresses hold 20 (32 for module accounts)'],
  ])('%s', (input, message) => {
    expect(check(input)).toEqual({ ok: false, message })
  })
})
