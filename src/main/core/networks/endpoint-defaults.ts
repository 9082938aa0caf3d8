import type { EndpointKey } from '../../../shared/contract/wallets.ts'
import type { EndpointDefaults } from './network-module.ts'

/*
 * The public endpoints core reads from when the operator has not given their own, with the
 * limits their operators publish. Where none is published we hold ourselves to the strictest
 * figure a public RPC does publish (Solana's, below), and `limitNote` says so. The operator's
 * URL (endpoints.set) goes in front of these.
 */

/** Solana's documented public limit, used where an endpoint publishes none. */
const unpublished = { requests: 100, perMs: 10_000, concurrency: 8 }
const unpublishedNote = "unpublished; held to Solana's documented public limit (100 per 10 s)"
export const endpointDefaults: Record<EndpointKey, EndpointDefaults> = {
  solana: {
    key: 'solana',
    label: 'Solana RPC',
    endpoints: [
      {
        url: 'https://api.mainnet-beta.solana.com',
        // https://solana.com/docs/references/clusters: 100 requests / 10 s per IP, 40 concurrent connections.
        limit: { requests: 100, perMs: 10_000, concurrency: 8 },
        limitNote: 'documented: 100 requests per 10 s per IP',
      },
    ],
  },
  ethereum: {
    key: 'ethereum',
    label: 'Ethereum RPC',
    endpoints: [
      { url: 'https://ethereum-rpc.publicnode.com', limit: unpublished, limitNote: unpublishedNote },
      { url: 'https://eth.llamarpc.com', limit: unpublished, limitNote: unpublishedNote },
    ],
  },
  arbitrum: {
    key: 'arbitrum',
    label: 'Arbitrum One RPC',
    endpoints: [
      // https://docs.arbitrum.io/chain-info: public RPC is rate-limited, no figure given.
      { url: 'https://arb1.arbitrum.io/rpc', limit: unpublished, limitNote: unpublishedNote },
      { url: 'https://arbitrum-one-rpc.publicnode.com', limit: unpublished, limitNote: unpublishedNote },
    ],
  },
  'akash-lcd': {
    key: 'akash-lcd',
    label: 'Akash REST (LCD)',
    endpoints: [
      { url: 'https://akash-rest.publicnode.com', limit: unpublished, limitNote: unpublishedNote },
      { url: 'https://rest-akash.ecostake.com', limit: unpublished, limitNote: unpublishedNote },
    ],
  },
  subtensor: {
    key: 'subtensor',
    label: 'Bittensor (subtensor) RPC',
    endpoints: [
      // Substrate nodes answer JSON-RPC over HTTP POST on their WebSocket port too.
      { url: 'https://entrypoint-finney.opentensor.ai', limit: unpublished, limitNote: unpublishedNote },
      { url: 'https://lite.chain.opentensor.ai', limit: unpublished, limitNote: unpublishedNote },
    ],
  },
  filecoin: {
    key: 'filecoin',
    label: 'Filecoin Lotus RPC',
    endpoints: [
      // https://docs.filecoin.io/networks-and-tools/networks/mainnet/rpcs
      { url: 'https://api.node.glif.io/rpc/v1', limit: unpublished, limitNote: unpublishedNote },
      { url: 'https://filecoin.chainup.net/rpc/v1', limit: unpublished, limitNote: unpublishedNote },
    ],
  },
  'helium-oracle': {
    key: 'helium-oracle',
    label: 'Helium rewards oracle',
    endpoints: [{ url: 'https://hnt-rewards.oracle.helium.io', limit: unpublished, limitNote: unpublishedNote }],
  },
}
