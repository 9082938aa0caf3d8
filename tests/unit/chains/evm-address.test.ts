import { describe, expect, it } from 'vitest'
import { NetworkInfo } from '../../../src/shared/contract/wallets.ts'
import { checkEvmAddress, evmChains } from '../../../src/main/core/chains/evm.ts'
import { aethir, athDeployments } from '../../../src/main/core/networks/aethir.ts'

/*
 * EVM addresses, checked offline with viem. Real mainnet addresses, checksummed as their
 * explorers and docs print them: ATH on Ethereum and Arbitrum One, vitalik.eth, USDC, WETH,
 * Multicall3, Livepeer's LPT on Arbitrum, STORJ.
 */

const checksummed = [
  '0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B',
  '0xc87B37a581ec3257B734886d9d3a581F5A9d056c',
  '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045',
  '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
  '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2',
  '0xcA11bde05977b3631167028862bE2a173976CA11',
  '0x289ba1701C2F088cf0faf8B3705246331cB8A839',
  '0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC',
]

const noChecksum = 'this address has no checksum (it is all one case), so a typo in it cannot be caught: compare it with your wallet'
const badChecksum = "the capital letters do not match the address's checksum (EIP-55): a typo? copy it again"

describe('checkEvmAddress', () => {
  it.each(checksummed)('takes %s as it is', (address) => {
    expect(checkEvmAddress(address)).toEqual({ ok: true, address })
  })

  it.each(checksummed)('takes %s in all lower or all upper case and saves it checksummed, with a note', (address) => {
    const hex = address.slice(2)
    expect(checkEvmAddress(`0x${hex.toLowerCase()}`)).toEqual({ ok: true, address, note: noChecksum })
    expect(checkEvmAddress(`0x${hex.toUpperCase()}`)).toEqual({ ok: true, address, note: noChecksum })
  })

  it('normalises the Aethir checker license contract, published in lower case', () => {
    expect(checkEvmAddress('0xc227e25544edd261a9066932c71a25f4504972f1')).toEqual({ ok: true, address: '0xC227e25544EdD261A9066932C71a25F4504972f1', note: noChecksum })
  })

  it('ignores spaces around a pasted address, and takes 0X for 0x', () => {
    expect(checkEvmAddress('  0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045\n')).toEqual({ ok: true, address: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045' })
    expect(checkEvmAddress('0Xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045')).toEqual({ ok: true, address: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045' })
  })

  it.each([
    ['a capital letter too many (the ATH contract, first letter raised)', '0xBe0Ed4138121EcFC5c0E56B40517da27E6c5226B', badChecksum],
    ['one letter lowered (vitalik.eth)', '0xd8da6BF26964aF9D7eEd9e03E53415D37aA96045', badChecksum],
    ['one character changed (USDC, last digit)', '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB49', badChecksum],
    ['a character missing', '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA9604', 'an Ethereum address is 0x followed by 40 hex characters (this has 39)'],
    ['a transaction hash', '0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b', 'an Ethereum address is 0x followed by 40 hex characters (this has 64)'],
    ['just 0x', '0x', 'an Ethereum address is 0x followed by 40 hex characters (this has 0)'],
    ['a character that is not hex', '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA9604g', 'an Ethereum address has only 0-9 and a-f after 0x; "g" is not one of them'],
    ['the 0x left off', 'd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', 'an Ethereum address starts with 0x: add it in front of these 40 hex characters'],
    ['the letter O for zero', 'Oxd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', 'an Ethereum address starts with zero-x (0x), not the letter O'],
    ['an ENS name', 'vitalik.eth', 'ENS names are not looked up: paste the 0x address this name points to'],
    ['a Solana address (the GRASS mint)', 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs', 'an Ethereum address starts with 0x; this looks like an address of another chain'],
    ['an Akash address', 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw', 'an Ethereum address starts with 0x; this looks like an address of another chain'],
    ['a Filecoin address', 'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za', 'an Ethereum address starts with 0x; this looks like an address of another chain'],
    ['the zero address', '0x0000000000000000000000000000000000000000', 'this is the zero address: nobody owns it, nothing is ever paid to it'],
    ['nothing', '   ', 'paste an Ethereum address: 0x followed by 40 hex characters'],
  ])('refuses %s', (_case, input, message) => {
    expect(checkEvmAddress(input)).toEqual({ ok: false, message })
  })
})

describe('the Aethir module', () => {
  it('describes itself in the contract’s terms', () => {
    expect(NetworkInfo.parse(aethir.info)).toMatchObject({ id: 'aethir', chain: 'evm', payout: { kind: 'on-claim', expectedEveryHours: null } })
    expect(aethir.info.tokens).toEqual([expect.objectContaining({ symbol: 'ATH', decimals: 18, priceIds: { coingecko: 'aethir' } })])
    expect(aethir.info.rewards.source).toBe('balance-delta')
    expect(aethir.endpoints).toEqual(['ethereum', 'arbitrum'])
  })

  it('reads ATH on Ethereum (chain 1) and Arbitrum One (chain 42161), both checksummed, 18 decimals', () => {
    expect(athDeployments).toEqual([
      { endpoint: 'ethereum', chainId: 1, chainName: 'Ethereum', token: 'ATH', address: '0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B', decimals: 18 },
      { endpoint: 'arbitrum', chainId: 42161, chainName: 'Arbitrum One', token: 'ATH', address: '0xc87B37a581ec3257B734886d9d3a581F5A9d056c', decimals: 18 },
    ])
    for (const deployment of athDeployments) expect(checkEvmAddress(deployment.address)).toEqual({ ok: true, address: deployment.address })
    expect(Object.values(evmChains).map((chain) => chain.endpoint)).toEqual(aethir.endpoints)
  })

  it('checks addresses as an EVM chain does', () => {
    expect(aethir.checkAddress('0xd8da6bf26964af9d7eed9e03e53415d37aa96045')).toMatchObject({ ok: true, address: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045' })
    expect(aethir.checkAddress('0xd8da6BF26964aF9D7eEd9e03E53415D37aA96045')).toEqual({ ok: false, message: badChecksum })
  })
})
