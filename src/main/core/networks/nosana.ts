import { checkSolanaAddress, splHoldingsRead, splToken } from '../chains/solana.ts'
import type { NetworkModule } from './network-module.ts'

// Mint and 6 decimals per trustwallet/assets.
const NOS = splToken({ symbol: 'NOS', name: 'Nosana', decimals: 6, mint: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7', priceIds: { coingecko: 'nosana' } })

export const nosana: NetworkModule = {
  info: {
    id: 'nosana',
    name: 'Nosana',
    chain: 'solana',
    tokens: [NOS],
    addressHint: 'your Nosana node’s Solana address (base58, 32–44 characters)',
    rewards: { source: 'balance-delta', note: 'Jobs are paid in NOS straight to the node’s Solana account; rewards are read as balance increases.' },
    // https://docs.nosana.io/test-grid-spec.html: job rewards "are paid out immediately upon completion"; an idle node earns nothing.
    payout: { kind: 'irregular', expectedEveryHours: null, note: 'Each job pays when it completes; an idle node earns nothing, so gaps are normal.' },
  },
  endpoints: ['solana'],
  checkAddress: checkSolanaAddress,
  read: (ctx, address) => splHoldingsRead(ctx, address, [NOS]),
}
