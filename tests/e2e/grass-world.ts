import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { genesis, tokenAccount, tokenAccountsOwner, tokenAccountsResult } from '../fixtures/chains/solana.ts'
import { simplePriceText } from '../fixtures/prices/coingecko.ts'
import { ticker } from '../fixtures/prices/coinpaprika.ts'
import { loopbackApi, rpcRoute, type LoopbackApi } from '../support/loopback-api.ts'

/*
 * The outside world a Grass operator's agent sees, on loopback: a Solana node holding GRASS for
 * the documented example owner, CoinGecko and CoinPaprika quoting it. The e2e files share it.
 */

export const grassMint = 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs'
export const grassOwner = tokenAccountsOwner

export type GrassWorld = {
  solana: LoopbackApi
  coinGecko: LoopbackApi
  coinPaprika: LoopbackApi
  /** Writes the agent's `--config` into `dataDir`: these price feeds, and public endpoints off. */
  agentConfig(dataDir: string): string
  close(): Promise<void>
}

export type GrassWorldOptions = {
  /** What the owner holds now, in base units (9 decimals). */
  held: () => string
  /** True: the node answers every request with HTTP 500. */
  down?: () => boolean
  coinGeckoPrice: string
  /** CoinGecko's `last_updated_at`, in seconds. */
  priceUpdatedAt: number
  coinPaprikaPrice: number
}

export async function grassWorld(options: GrassWorldOptions): Promise<GrassWorld> {
  const rpc = rpcRoute({
    getGenesisHash: () => ({ result: genesis.mainnet }),
    getTokenAccountsByOwner: (params) => {
      const [owner, filter] = params as [string, { mint?: string }]
      const held = owner === grassOwner && filter.mint === grassMint
      return { result: tokenAccountsResult(held ? [tokenAccount(owner, grassMint, options.held(), 9)] : []) }
    },
  })
  const solana = await loopbackApi((request) =>
    options.down?.() ? { status: 500, json: { jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null } } : rpc(request),
  )
  const coinGecko = await loopbackApi((request) => {
    const ids = request.url.searchParams.get('ids')?.split(',') ?? []
    if (request.url.pathname !== '/simple/price' || !ids.includes('grass')) return { status: 404, json: { error: 'Not found' } }
    const currency = request.url.searchParams.get('vs_currencies') ?? 'usd'
    return { headers: { 'content-type': 'application/json' }, raw: simplePriceText(currency, { grass: { price: options.coinGeckoPrice, updated: options.priceUpdatedAt } }) }
  })
  const coinPaprika = await loopbackApi((request) =>
    request.url.pathname === '/tickers/grass-grass'
      ? { json: ticker('grass-grass', request.url.searchParams.get('quotes') ?? 'USD', options.coinPaprikaPrice) }
      : { status: 404, json: { error: 'id not found' } },
  )
  return {
    solana,
    coinGecko,
    coinPaprika,
    agentConfig(dataDir) {
      const path = join(dataDir, 'agent.json')
      // Only loopback: the public endpoints are off, so a failing stand-in is never followed by a real host.
      writeFileSync(path, JSON.stringify({ priceFeeds: { coingecko: coinGecko.url, coinpaprika: coinPaprika.url }, publicEndpoints: false }))
      return path
    },
    close: async () => {
      await Promise.all([solana.close(), coinGecko.close(), coinPaprika.close()])
    },
  }
}
