import type { ChainFamily } from '../../../../shared/contract/wallets.ts'

/*
 * The public page that shows an address's transfers, by chain family, so a network added on a
 * chain we know gets its link for free. The operator checks there what moved and to where.
 *   Solscan: https://solscan.io/account/<address>
 *   Etherscan / Arbiscan: https://etherscan.io/address/<address>, https://arbiscan.io/address/<address>
 *   Mintscan (Akash): https://www.mintscan.io/akash/address/<address>
 *   Taostats (Bittensor): https://taostats.io/account/<address>
 *   Filfox (Filecoin): https://filfox.info/en/address/<address>
 * and, for what an address is besides its transfers:
 *   Akash Console, a provider's page (leases, uptime, bids): https://console.akash.network/providers/<owner>
 *   (akash-network/console apps/deploy-web/src/pages/providers/[owner]/index.tsx)
 */

const pages: Record<ChainFamily, (address: string, where: string) => string> = {
  solana: (address) => `https://solscan.io/account/${address}`,
  // An EVM network may hold its token on several chains; the holding's detail names the chain.
  evm: (address, where) => (/arbitrum/i.test(where) ? `https://arbiscan.io/address/${address}` : `https://etherscan.io/address/${address}`),
  cosmos: (address) => `https://www.mintscan.io/akash/address/${address}`,
  substrate: (address) => `https://taostats.io/account/${address}`,
  filecoin: (address) => `https://filfox.info/en/address/${address}`,
}

/** The explorer page of `address`; `where` is the holding's detail ("Arbitrum One") where the chain matters. */
export function explorerLink(chain: ChainFamily, address: string, where = ''): string {
  return pages[chain](encodeURIComponent(address), where)
}

/** An Akash provider's page on Akash Console: its leases, uptime and attributes. */
export function akashProviderLink(address: string): string {
  return `https://console.akash.network/providers/${encodeURIComponent(address)}`
}
