import { checkEvmAddress, erc20HoldingsRead, evmChains, type Erc20Deployment } from '../chains/evm.ts'
import type { NetworkModule } from './network-module.ts'

/*
 * Aethir checker nodes. ATH is an ERC-20 on Ethereum and on Arbitrum One (bridged by Axelar ITS),
 * 18 decimals on both. Checker rewards are vATH in Aethir's portal, off-chain; claiming starts a
 * 180-day vesting, and Withdraw sends the ATH to the wallet on Arbitrum, so watch-only they show
 * as the wallet's ATH balance going up.
 *   https://docs.aethir.com/checker-guide/how-to-manage-checker-nodes/claim-and-withdraw
 *   https://etherscan.io/token/0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B
 *   https://arbiscan.io/token/0xc87B37a581ec3257B734886d9d3a581F5A9d056c
 */

export const athDeployments: readonly Erc20Deployment[] = [
  { ...evmChains.ethereum, token: 'ATH', address: '0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B', decimals: 18 },
  { ...evmChains.arbitrum, token: 'ATH', address: '0xc87B37a581ec3257B734886d9d3a581F5A9d056c', decimals: 18 },
]

export const aethir: NetworkModule = {
  info: {
    id: 'aethir',
    name: 'Aethir',
    chain: 'evm',
    tokens: [
      {
        symbol: 'ATH',
        name: 'Aethir Token',
        decimals: 18,
        where: 'ERC-20 on Ethereum (0xbe0E…226B) and Arbitrum One (0xc87B…056c)',
        // CoinPaprika's id for ATH could not be confirmed, so only CoinGecko's is given.
        priceIds: { coingecko: 'aethir' },
      },
    ],
    addressHint: 'the wallet that owns your checker licenses: 0x followed by 40 hex characters',
    rewards: {
      source: 'balance-delta',
      note: 'Checker rewards accrue off-chain as vATH in the Aethir portal. A claim vests for 180 days; then Withdraw sends the ATH to this wallet on Arbitrum One, where it counts as a reward.',
    },
    payout: {
      kind: 'on-claim',
      expectedEveryHours: null,
      note: 'ATH arrives only when you withdraw a vested claim, so weeks without a payout are normal.',
    },
  },
  endpoints: ['ethereum', 'arbitrum'],
  parts: ['ethereum', 'arbitrum'],
  checkAddress: checkEvmAddress,
  read: (ctx, address) => erc20HoldingsRead(ctx, address, athDeployments),
}
