import { splHistory } from '../chains/solana-history.ts'
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

/*
 * Render publishes no program or wallet that pays node operators: epoch emissions go "to separate
 * wallets representing amounts initially reserved for ... Node Operators" (the BME emissions post
 * cited at `payout` below) and reach operators from there, none of them named. So no source is known and
 * every inflow is left for the operator to mark.
 */
const history = splHistory({
  tokens: [RENDER],
  sources: [],
  reach:
    'Every transaction that raised this wallet’s RENDER, from the Solana RPC, back to the depth you choose (token accounts the wallet still has). Render names no program or wallet that pays node operators, so each is listed as an inflow for you to mark as a reward or not.',
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
  history,
}
