import { splHistory } from '../chains/solana-history.ts'
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

/*
 * Grass's programs, as Sonarwatch's portfolio tracker names them (sonarwatch/portfolio
 * packages/plugins/src/plugins/grass/constants.ts: `pidDistributor`, the airdrop claim, and `pid`,
 * the staking program); the claim program is also CLAIM_PROGRAM_ID in Fragment-Software/grass-claimer
 * src/onchain/constants.rs. Grass publishes neither id. What the staking program pays out is a
 * staking reward or the operator's own unstaked GRASS, which a transaction does not tell apart
 * without the program's layout, so it is named but left for the operator to mark.
 */
const history = splHistory({
  tokens: [GRASS],
  sources: [
    { by: 'program', address: 'Eohp5jrnGQgP74oD7ij9EuCSYnQDLLHgsuAmtSTuxABk', name: 'Grass’s airdrop claim program', reward: true },
    { by: 'program', address: 'EyxPPowqBRTpZpiDb2ixUR6XUU1VJwTCNgJdK8eyc6kc', name: 'Grass’s staking program', reward: false },
  ],
  reach:
    'Every transaction that raised this wallet’s GRASS, from the Solana RPC, back to the depth you choose (token accounts the wallet still has). GRASS claimed from Grass’s airdrop program counts as a reward; GRASS from the staking program (a reward or your own unstake) and from anyone else is listed as an inflow for you to mark.',
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
  history,
}
