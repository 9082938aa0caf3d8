import type { EndpointKey } from '../../../shared/contract/wallets.ts'
import type { HostLimit } from '../net/host-limiter.ts'
import type { EndpointDefaults } from './network-module.ts'

/*
 * The public endpoints core reads from when the operator has not given their own, with the
 * limits their operators publish. Where none is published we hold ourselves to the strictest
 * figures a public RPC does publish (Solana's, below), and `limitNote` says so. Per-method limits
 * are kept only where a host publishes one. The operator's URL (endpoints.set) goes in front.
 */

/**
 * https://solana.com/docs/references/clusters (mainnet beta, per IP): 100 requests per 10 s,
 * 40 per 10 s for a single RPC method, 40 concurrent connections, 40 new connections per 10 s.
 * We keep 20 in flight, half the connections: each slot may reconnect once in a window (an idle
 * keep-alive socket closes) and the new connections still stay within 40 per 10 s.
 */
const solanaPublic = { requests: 100, perMs: 10_000, concurrency: 20 }
const solanaNote = 'documented: 100 requests and 40 of one method per 10 s, 40 concurrent connections, 40 new per 10 s (per IP); 20 in flight, half of those'

/** Solana's documented public limit, used where an endpoint publishes none. */
const unpublished = solanaPublic
const unpublishedNote = "unpublished; held to Solana's documented public limit (100 per 10 s; 20 in flight, half its 40 connections)"
/**
 * https://docs.learnbittensor.org/subtensor-nodes/subtensor-rate-limits: "Any OTF-provided lite
 * node will rate limit the requests to one request per second, per IP address ... A request can be
 * either WS/WSS or HTTP/HTTPS. If you exceed the rate limit, you will receive 429". One in flight is
 * the safe reading of one a second. The limiter counts a request from when it starts, the node from
 * when it arrives, and a request on a new connection arrives a TLS handshake later than one on a
 * warm one: starts are kept 1.2 s apart so two can never arrive within the node's second. The
 * Substrate client batches the calls made side by side (net/rpc-coalescer.ts), so a refresh costs a
 * request per step of the Bittensor read, however many wallets it reads.
 */
export const otfLiteDocumented: HostLimit = { requests: 1, perMs: 1000, concurrency: 1 }
const otfLite: HostLimit = { ...otfLiteDocumented, perMs: 1200 }
const otfLiteNote =
  'documented: 1 request per second per IP (docs.learnbittensor.org/subtensor-nodes/subtensor-rate-limits); 1 in flight, starts 1.2 s apart so a slow handshake cannot put two in one second. Your own subtensor RPC (Endpoints) avoids this limit'

/**
 * OTF documents no limit of its own for the archive node: the lite nodes' (one request a second per
 * IP, above) is the one it publishes for the nodes it runs, so the archive node is held to it.
 */
const otfArchiveNote =
  "unpublished for the archive node; held to OTF's documented lite-node limit, 1 request per second per IP (docs.learnbittensor.org/subtensor-nodes/subtensor-rate-limits), starts 1.2 s apart. Your own archive node avoids it"

export const endpointDefaults: Record<EndpointKey, EndpointDefaults> = {
  solana: {
    key: 'solana',
    label: 'Solana RPC',
    endpoints: [
      {
        url: 'https://api.mainnet-beta.solana.com',
        limit: { ...solanaPublic, perMethod: { requests: 40, perMs: 10_000 } },
        limitNote: solanaNote,
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
      { url: 'https://entrypoint-finney.opentensor.ai', limit: otfLite, limitNote: otfLiteNote },
      { url: 'https://lite.chain.opentensor.ai', limit: otfLite, limitNote: otfLiteNote },
    ],
  },
  'subtensor-archive': {
    key: 'subtensor-archive',
    label: 'Bittensor (subtensor) archive node, for the backfill',
    endpoints: [
      // https://docs.learnbittensor.org/concepts/bittensor-networks: "Mainnet Archive wss://archive.chain.opentensor.ai:443"
      // (the bittensor SDK's ARCHIVE_ENTRYPOINT); lite nodes keep no state of past days.
      { url: 'https://archive.chain.opentensor.ai', limit: otfLite, limitNote: otfArchiveNote },
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
  // No public default: an indexer is the operator's choice (Filfox's API, https://filfox.info/api/v1), set in Endpoints.
  'filecoin-indexer': { key: 'filecoin-indexer', label: 'Filecoin indexer (Filfox API), optional, for the backfill', endpoints: [] },
  'helium-oracle': {
    key: 'helium-oracle',
    label: 'Helium rewards oracle',
    endpoints: [{ url: 'https://hnt-rewards.oracle.helium.io', limit: unpublished, limitNote: unpublishedNote }],
  },
}
