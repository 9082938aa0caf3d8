import { describe, expect, it } from 'vitest'
import { checkSolanaAddress, solanaAddressRule, splToken } from '../../../src/main/core/chains/solana.ts'
import { checkHeliumAddress } from '../../../src/main/core/networks/helium.ts'

const rule = `${solanaAddressRule}.`

describe('checkSolanaAddress', () => {
  // Real mainnet addresses: the four networks' mints (their docs), the documented example owners, programs.
  const valid = [
    'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs',
    'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux',
    'iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns',
    'mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6',
    'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof',
    'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7',
    '83astBRguLMdt2h5U1Tpdq5tjFoJ6noeGwaY3mDLVcri',
    'A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd',
    'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
    '11111111111111111111111111111111',
  ]
  it.each(valid)('accepts %s as it is', (address) => {
    expect(checkSolanaAddress(address)).toEqual({ ok: true, address })
  })

  it('trims the whitespace a paste brings along', () => {
    expect(checkSolanaAddress('  Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs\n')).toEqual({ ok: true, address: 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs' })
  })

  const invalid: [string, string, string][] = [
    ['an empty paste', '   ', `Paste a wallet address. ${rule}`],
    ['an EVM address', '0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B', `This is an Ethereum-style (0x…) address, not a Solana one. ${rule}`],
    ['a zero, which base58 leaves out', 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXj0', `“0” (character 44) is not a base58 character. ${rule}`],
    ['a capital O', 'GrassOB4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs', `“O” (character 6) is not a base58 character. ${rule}`],
    ['an Akash address (its l is not base58)', 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw', `“l” (character 11) is not a base58 character. ${rule}`],
    ['a space inside', 'Grass7B4RdKfBCjTK gSqnXkqjwiGvQyFbuSCUJr3XXjs', `a space (character 18) is not a base58 character. ${rule}`],
    ['too short', 'Grass7B4RdKfBCjTK', `${solanaAddressRule}; this one has 17.`],
    ['too long', 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjsGrass', `${solanaAddressRule}; this one has 49.`],
    ['a legacy Helium address on a plain Solana network', '13M8dUbxymE3xtiAXszRkGMmezMhBS8Li7wEsMojLdb4Sdxc4wc', `${solanaAddressRule}; this one has 51.`],
    ['44 base58 characters that are not 32 bytes', 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', `This is base58 but decodes to 33 bytes, not the 32 of a Solana public key. ${rule}`],
    ['a Bitcoin address (25 bytes)', '18wxa7qM8C8AXmGwJj13C7sGqn8hyFdcdR', `This is base58 but decodes to 25 bytes, not the 32 of a Solana public key. ${rule}`],
  ]
  it.each(invalid)('refuses %s', (_name, input, message) => {
    expect(checkSolanaAddress(input)).toEqual({ ok: false, message })
  })
})

describe('checkHeliumAddress', () => {
  it('accepts a Solana address as it is', () => {
    expect(checkHeliumAddress('A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd')).toEqual({ ok: true, address: 'A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd' })
  })

  /*
   * Legacy wallets from helium-js integration_tests/fixtures/users.ts (bob, alice) and the example
   * in invpe/CryptoBucket; the Solana address is key bytes [1..] of the L1 address, the mapping
   * docs.helium.com/solana/migration/exchange gives.
   */
  const legacy: [string, string][] = [
    ['13M8dUbxymE3xtiAXszRkGMmezMhBS8Li7wEsMojLdb4Sdxc4wc', '4aHzjv3ZWxK8dfooWFr5n7WzS7bLFGmkDVbhqc1DnPzC'],
    ['148d8KTRcKA5JKPekBcKFd4KfvprvFRpjGtivhtmRmnZ8MFYnP3', 'BXWUF3ptQd7t6s8nYBoSev2nTzWeFMKCgbegY9YgxdS3'],
    ['14WigKto6TUvsf1LazykGSMs8LjEbqWZuceDucMW4g7vFwUo2Se', 'EuMabB2GHX65CFuQJ1kTcSMNdkxTQiCeUgPK7gtkqA6a'],
  ]
  it.each(legacy)('turns the legacy L1 wallet %s into its Solana address', (l1, solana) => {
    expect(checkHeliumAddress(l1)).toEqual({
      ok: true,
      address: solana,
      note: `This is a legacy Helium (L1) address; since the Solana migration the same wallet is ${solana}, which is what will be watched.`,
    })
    expect(checkSolanaAddress(solana)).toEqual({ ok: true, address: solana })
  })

  const copy = 'In Helium Wallet, Settings → Copy Solana address gives the address to paste.'
  const refused: [string, string, string][] = [
    // helium-js Address.spec.ts: badBobB58, the last character changed.
    ['a legacy address with a typo', '13M8dUbxymE3xtiAXszRkGMmezMhBS8Li7wEsMojLdb4Sdxc4wb', `This looks like a legacy Helium (L1) address, but its checksum does not match: a character is wrong. ${copy}`],
    ['a Hotspot key (ECC compact)', '112qB3YaH5bZkCnKA5uRH7tBtGNv2Y5B4smv1jsmvGUzgKT71QpE', `This is a Hotspot’s key, not a wallet: paste the Solana address of the wallet that owns the Hotspot. ${copy}`],
    ['a Helium testnet address', '1bijtibPhc16wx4oJbyK8vtkAgdoRoaUvJeo7rXBnBCufEYakfd', `This is a Helium testnet address; only mainnet wallets earn. ${copy}`],
    ['an EVM address', '0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B', `This is an Ethereum-style (0x…) address, not a Solana one. ${rule}`],
  ]
  it.each(refused)('refuses %s', (_name, input, message) => {
    expect(checkHeliumAddress(input)).toEqual({ ok: false, message })
  })
})

describe('splToken', () => {
  it('says where the token lives from its mint', () => {
    const token = splToken({ symbol: 'NOS', name: 'Nosana', decimals: 6, mint: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7', priceIds: { coingecko: 'nosana' } })
    expect(token.where).toBe('SPL mint nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7')
  })
})
