import { checkSolanaAddress, splHoldingsRead, splToken } from '../chains/solana.ts'
import type { NetworkModule } from './network-module.ts'

// Mint and 8 decimals per trustwallet/assets (listed there as RNDR, the pre-Solana symbol).
const RENDER = splToken({
  symbol: 'RENDER',
  name: 'Render',
  decimals: 8,
  mint: 'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof',
  priceIds: { coingecko: 'render-token', coinpaprika: 'rndr-render-token' },
})

export const render: NetworkModule = {
  info: {
    id: 'render',
    name: 'Render Network',
    chain: 'solana',
    tokens: [RENDER],
    addressHint: 'the Solana wallet address (base58, 32–44 characters) your Render node is paid to',
    rewards: { source: 'balance-delta', note: 'Node operators are paid in RENDER on Solana; rewards are read as balance increases.' },
    // https://medium.com/render-token/update-render-burn-mint-equilibrium-emissions-are-live-0dd50a266b1d
    payout: {
      kind: 'epoch',
      expectedEveryHours: 168,
      note: 'Emissions are paid at the end of each epoch: 7 days at launch of the Solana emissions, with shorter epochs planned.',
    },
  },
  endpoints: ['solana'],
  checkAddress: checkSolanaAddress,
  read: (ctx, address) => splHoldingsRead(ctx, address, [RENDER]),
}
