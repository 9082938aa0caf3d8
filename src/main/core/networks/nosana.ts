import { splHistory } from '../chains/solana-history.ts'
import { checkSolanaAddress, splHoldingsRead, splToken } from '../chains/solana.ts'
import type { NetworkModule } from './network-module.ts'

// Mint and 6 decimals per trustwallet/assets.
const NOS = splToken({ symbol: 'NOS', name: 'Nosana', decimals: 6, mint: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7', priceIds: { coingecko: 'nosana' } })

/*
 * Nosana's mainnet programs, from the table in nosana-ci/nosana-programs README.md and the pages
 * of docs.nosana.io (programs/jobs.md: the jobs program lets "nodes in the Nosana Network earn
 * tokens by running those jobs"; programs/rewards.md: its `claim()` "sends a user's rewards to a
 * given wallet"). The staking program returns the operator's own staked NOS on unstaking, so it
 * is named but left for the operator to mark.
 */
const history = splHistory({
  tokens: [NOS],
  sources: [
    { by: 'program', address: 'nosJhNRqr2bc9g1nfGDcXXTXvYUmxD4cVwy2pMWhrYM', name: 'Nosana’s jobs program (job payment)', reward: true },
    { by: 'program', address: 'nosRB8DUV67oLNrL45bo2pFLrmsWPiewe2Lk2DRNYCp', name: 'Nosana’s rewards program (staking rewards claim)', reward: true },
    { by: 'program', address: 'nosScmHY2uR24Zh751PmGj9ww9QRNHewh9H59AfrTJE', name: 'Nosana’s staking program', reward: false },
  ],
  reach:
    'Every transaction that raised this wallet’s NOS, from the Solana RPC, back to the depth you choose (token accounts the wallet still has). NOS paid by Nosana’s jobs program or claimed from its rewards program counts as a reward; NOS back from staking and from anyone else is listed as an inflow for you to mark.',
})

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
  history,
}
