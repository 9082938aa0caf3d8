import { describe, expect, it } from 'vitest'
import { checkSubstrateAddress } from '../../../src/main/core/chains/substrate.ts'
import { bittensor } from '../../../src/main/core/networks/bittensor.ts'
import { addresses, publicKeyOf, ss58 } from '../../fixtures/chains/substrate.ts'

// substrate-bindings' SS58 code, apart from the client's own.
const decodeAddress = publicKeyOf
const encodeAddress = ss58

const format = 'Bittensor addresses are SS58, 48 characters starting with 5.'

describe('Bittensor address check', () => {
  it.each([
    ['Alice (dev key, prefix 42)', addresses.alice],
    ['Bob (dev key, prefix 42)', addresses.bob],
    ['the Opentensor Foundation validator hotkey', addresses.otfHotkey],
    ['the τaosτaτs & Corcel validator hotkey', addresses.taostatsHotkey],
    ['the Foundry validator hotkey', addresses.foundryHotkey],
  ])('accepts %s', (_name, address) => {
    expect(bittensor.checkAddress(address)).toEqual({ ok: true, address })
  })

  it('trims what was pasted around the address', () => {
    expect(bittensor.checkAddress(`  ${addresses.otfHotkey}\n`)).toEqual({ ok: true, address: addresses.otfHotkey })
  })

  const reencoded = (what: string): string =>
    `This is ${what}; Bittensor uses the generic Substrate format (prefix 42, starts with 5) — the same key re-encoded: ${addresses.treasuryInPrefix42}`

  it.each([
    ['the Polkadot treasury (prefix 0)', addresses.polkadotTreasury, reencoded('a Polkadot address (prefix 0)')],
    ['the Kusama treasury (prefix 2)', addresses.kusamaTreasury, reencoded('a Kusama address (prefix 2)')],
    [
      'a key in another network’s prefix (7)',
      encodeAddress(decodeAddress(addresses.alice), 7),
      `This is an address of another Substrate network (prefix 7); Bittensor uses the generic Substrate format (prefix 42, starts with 5) — the same key re-encoded: ${addresses.alice}`,
    ],
    ['a mistyped last character', `${addresses.alice.slice(0, -1)}Z`, 'The checksum does not match: a character is mistyped, missing or swapped. Copy the address again.'],
    ['two swapped characters', `5rGwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY`, 'The checksum does not match: a character is mistyped, missing or swapped. Copy the address again.'],
    ['an address cut short', addresses.alice.slice(0, -2), `This is 46 characters and does not hold a 32-byte account key. ${format}`],
    ['a Solana address (the GRASS mint)', 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs', `This is 44 characters and does not hold a 32-byte account key. ${format}`],
    ['the hex public key', addresses.alicePublicKey, 'This is a hex public key: enter the SS58 address (starts with 5), not the hex public key.'],
    ['an Ethereum address', '0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B', `This is a 0x hex string, not an SS58 address. ${format}`],
    ['a character base58 lacks', `${addresses.alice.slice(0, 10)}0${addresses.alice.slice(11)}`, `“0” (character 11) cannot be in an SS58 address (base58 has no 0, O, I or l). ${format}`],
    ['two addresses with a space', `${addresses.alice} ${addresses.bob}`, `a space (character 49) cannot be in an SS58 address (base58 has no 0, O, I or l). ${format}`],
    ['nothing', '   ', `Paste your coldkey address. ${format}`],
  ])('refuses %s', (_name, input, message) => {
    expect(bittensor.checkAddress(input)).toEqual({ ok: false, message })
  })

  it('refuses a 33-byte (ECDSA) key address, which is not an AccountId32', () => {
    const ecdsa = encodeAddress(new Uint8Array(33).fill(2), 42)
    expect(bittensor.checkAddress(ecdsa)).toEqual({ ok: false, message: `This address holds a 33-byte key, not the 32-byte account key Bittensor uses. ${format}` })
  })

  it('speaks of the chain and prefix it is given', () => {
    expect(checkSubstrateAddress(addresses.alice, 0, 'Polkadot')).toEqual({
      ok: false,
      message: `This is a generic Substrate address (prefix 42); Polkadot uses its own SS58 format (prefix 0, starts with 1) — the same key re-encoded: ${encodeAddress(decodeAddress(addresses.alice), 0)}`,
    })
    expect(checkSubstrateAddress(addresses.polkadotTreasury, 0, 'Polkadot')).toEqual({ ok: true, address: addresses.polkadotTreasury })
  })
})
