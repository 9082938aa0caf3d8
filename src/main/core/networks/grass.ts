import { checkSolanaAddress, splHoldingsRead, splToken } from '../chains/solana.ts'
import type { NetworkModule } from './network-module.ts'

// Mint: the "Contract address" on https://grass-foundation.gitbook.io/grass-docs/introduction/grass; 9 decimals per trustwallet/assets.
const GRASS = splToken({
  symbol: 'GRASS',
  name: 'Grass',
  decimals: 9,
  mint: 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs',
  priceIds: { coingecko: 'grass', coinpaprika: 'grass-grass' },
})

export const grass: NetworkModule = {
  info: {
    id: 'grass',
    name: 'Grass',
    chain: 'solana',
    tokens: [GRASS],
    addressHint: 'your Solana wallet address (base58, 32–44 characters), the one linked in the Grass dashboard',
    rewards: {
      source: 'balance-delta',
      note: 'Grass points are earned off-chain and have no public API; airdrops and staking claims arrive in the wallet as GRASS, so rewards are read as balance increases.',
    },
    payout: { kind: 'irregular', expectedEveryHours: null, note: 'GRASS arrives when an airdrop or a staking reward is claimed, not on a schedule.' },
  },
  endpoints: ['solana'],
  checkAddress: checkSolanaAddress,
  read: (ctx, address) => splHoldingsRead(ctx, address, [GRASS]),
}
