import { describe, expect, it } from 'vitest'
import { checkFilecoinAddress } from '../../../src/main/core/chains/filecoin.ts'
import { filecoin } from '../../../src/main/core/networks/filecoin.ts'

/*
 * Filecoin addresses, offline. f1abjx… is the example secp256k1 address of the Filecoin and Lotus
 * docs (lotus.filecoin.io/lotus/manage/manage-fil); the f2 and f3 are filecoin-project/go-address
 * test vectors; f410fy4z5… is the delegated form of 0xC733…a0de (verified with @glif/filecoin-address
 * in our research notes); f01234 is the ID every Lotus API example uses.
 */

describe('checkFilecoinAddress: accepted', () => {
  it.each([
    'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za',
    'f2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y',
    'f24dd4ox4c2vpf5vk5wkadgyyn6qtuvgcpxxon64a',
    'f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a',
    'f410fy4z53d54xgleqfyccbx7a4njngmb7ig67k3elua',
  ])('%s', (address) => {
    expect(checkFilecoinAddress(address)).toEqual({ ok: true, address })
  })

  it.each([
    ['f01234', 'f01234'],
    ['f00', 'f00'],
    ['f001234', 'f01234'],
    ['F01234', 'f01234'],
    [`f0${2n ** 63n - 1n}`, `f0${2n ** 63n - 1n}`],
  ])('the ID %s is saved as %s and read as a miner when it is one', (input, address) => {
    expect(checkFilecoinAddress(input)).toEqual({ ok: true, address, note: 'an f0… ID is read as a storage provider (miner actor) when it is one, otherwise as a wallet' })
  })

  it('capitals and surrounding whitespace are forgiven', () => {
    expect(checkFilecoinAddress(' F1ABJXFBP274XPDQCPUAYKWKFB43OMJOTACM2P3ZA\t')).toEqual({ ok: true, address: 'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za' })
  })

  it('an Ethereum-style address becomes its f410f form, and says so', () => {
    expect(checkFilecoinAddress('0xC733Dd8FbcB996481702106fF071A969981Fa0de')).toEqual({
      ok: true,
      address: 'f410fy4z53d54xgleqfyccbx7a4njngmb7ig67k3elua',
      note: 'converted from the Ethereum-style address 0xC733Dd8FbcB996481702106fF071A969981Fa0de to its Filecoin form f410fy4z53d54xgleqfyccbx7a4njngmb7ig67k3elua',
    })
    expect(checkFilecoinAddress('0xc733dd8fbcb996481702106ff071a969981fa0de')).toMatchObject({ ok: true, address: 'f410fy4z53d54xgleqfyccbx7a4njngmb7ig67k3elua' })
  })

  it('an Ethereum ID mask address (0xff00…) is the f0 ID it masks', () => {
    expect(checkFilecoinAddress('0xff000000000000000000000000000000000004d2')).toMatchObject({ ok: true, address: 'f01234' })
  })

  it('the network module uses this check', () => {
    expect(filecoin.checkAddress('f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za')).toEqual({ ok: true, address: 'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za' })
  })
})

describe('checkFilecoinAddress: refused, with the reason', () => {
  it.each([
    ['f1abjxfbp274xpdqcpuaykwkfb43omjotacm2q3za', 'a character is mistyped: the checksum does not match'],
    ['f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3zq', 'a character is mistyped: the checksum does not match'],
    // The last character also carries padding bits: the decoder refuses it for another reason, the operator's cause is the same.
    ['f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3zb', 'a character is mistyped: the checksum does not match'],
    ['f410fy4z53d54xgleqfyccbx7a4njngmb7ig67k3elva', 'a character is mistyped: the checksum does not match'],
    ['f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4b', 'a character is mistyped: the checksum does not match'],
    ['f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3z', 'it is too short: f1… addresses are 41 characters long'],
    ['f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3zaa', 'it is too long: f1… addresses are 41 characters long'],
    ['f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3z0', 'it holds a character Filecoin addresses never use (after f1 they use only a–z and 2–7)'],
    ['f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3z1', 'it holds a character Filecoin addresses never use (after f1 they use only a–z and 2–7)'],
    ['f1', 'it is too short: f1… addresses are 41 characters long'],
    ['t1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za', 'this is a testnet address (t…); DePIN Desk reads mainnet (f…)'],
    ['t01234', 'this is a testnet address (t…); DePIN Desk reads mainnet (f…)'],
    ['t410fy4z53d54xgleqfyccbx7a4njngmb7ig67k3elua', 'this is a testnet address (t…); DePIN Desk reads mainnet (f…)'],
    ['f411fy4z53d54xgleqfyccbx7a4njngmb7ig67k3elua', 'only f410f… delegated addresses (Ethereum-style accounts) exist on Filecoin mainnet'],
    ['f5abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za', 'f5… is not a kind of Filecoin address: they are f0 (an ID), f1, f2, f3 and f410f'],
    ['f0abc', 'an f0… ID address is f0 followed by the actor number only, like f01234'],
    ['f0 1234', 'an f0… ID address is f0 followed by the actor number only, like f01234'],
    ['f0-1', 'an f0… ID address is f0 followed by the actor number only, like f01234'],
    ['f0', 'an f0… ID address is f0 followed by the actor number only, like f01234'],
    [`f0${2n ** 63n}`, 'an f0… ID address is f0 followed by the actor number only, like f01234'],
    ['0xC733dd8FbcB996481702106fF071A969981Fa0de', 'a character of this Ethereum-style address is mistyped: its capital letters do not match its checksum'],
    ['0xC733Dd8FbcB996481702106fF071A969981Fa0d', 'this looks like an Ethereum-style address, but it is not 0x followed by 40 hexadecimal characters'],
    ['akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw', 'Filecoin addresses start with f: f1…, f3…, f410f…, or f0… for a storage provider'],
    ['tz1VSUr8wwNhLAzempoch5d6hLRiTh8Cjcjb', 'Filecoin addresses start with f: f1…, f3…, f410f…, or f0… for a storage provider'],
    ['', 'enter a Filecoin address (f1…, f3…, f410f…, or f0… for a storage provider)'],
  ])('%s', (input, message) => {
    expect(checkFilecoinAddress(input)).toEqual({ ok: false, message })
  })
})
