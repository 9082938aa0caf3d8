import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WalletsSnapshot } from '../../../src/shared/contract/wallets.ts'
import { addDeskWallets, deskAddresses, deskNetworks, deskTokens, deskWorld, setDeskProfit, type DeskWorld } from '../../e2e/desk-world.ts'
import { agentEntry, callAgent, spawnAgent, type SpawnedAgent } from '../../support/spawn-agent.ts'

/*
 * The desk world (tests/e2e/desk-world.ts) the e2e tests and the renderer bench share: the built
 * agent, its endpoints set to the world's stand-ins and nothing public, reads a wallet on each of
 * the eight networks live, each with a fiat value from the world's price feeds.
 */

let world: DeskWorld
let agent: SpawnedAgent

beforeAll(async () => {
  world = await deskWorld()
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-world-'))
  agent = await spawnAgent(['--port', '0', '--data-dir', dataDir, '--config', world.agentConfig(dataDir)], agentEntry.built)
}, 30_000)

afterAll(async () => {
  await agent.stop()
  await world.close()
})

const call = (method: string, params: unknown): Promise<unknown> => callAgent(agent, method, params)

describe('the desk world', () => {
  it('names the networks the agent knows', async () => {
    const networks = (await callAgent<{ id: string }[]>(agent, 'networks.list')).map((network) => network.id)
    expect([...networks].sort()).toEqual([...deskNetworks].sort())
  })

  it('serves a live, priced wallet on each of the eight networks', async () => {
    await world.setEndpoints(call)
    await addDeskWallets(call)
    const snapshot = await callAgent<WalletsSnapshot>(agent, 'wallets.refresh')
    const byNetwork = Object.fromEntries(snapshot.wallets.map((view) => [view.wallet.network, view]))
    for (const network of deskNetworks) {
      const view = byNetwork[network]
      expect(view, network).toBeDefined()
      expect({ network, error: view?.error, freshness: view?.freshness, partial: view?.partial }).toEqual({ network, error: null, freshness: 'live', partial: false })
      expect(view?.wallet.address).toBe(deskAddresses[network])
      expect(Number(view?.fiatTotal), network).toBeGreaterThan(0)
      expect(view?.source.every((host) => host.startsWith('127.0.0.1:')), network).toBe(true)
      const main = view?.holdings.find((holding) => holding.token === deskTokens[network].symbol && holding.amount !== '0')
      expect(main?.fiat, network).toMatch(/^\d+(\.\d+)?$/)
    }
    expect(snapshot.prices.every((quote) => quote.freshness === 'live' && quote.warning === null)).toBe(true)
    expect(Number(snapshot.total.fiat)).toBeGreaterThan(0)
    expect(snapshot.total.partial).toBe(false)
  })

  it('with its tariff and hardware costs, today’s net is a figure', async () => {
    await setDeskProfit(call)
    const profit = await callAgent<{ total: { window: string; net: string | null }[]; networks: { network: string }[] }>(agent, 'profit.summary')
    expect(profit.total.find((figures) => figures.window === 'today')?.net).toMatch(/^-?\d+(\.\d+)?$/)
    expect(profit.networks.map((network) => network.network).sort()).toEqual([...deskNetworks].sort())
  })

  it('credits a reward at the next read', async () => {
    const before = await callAgent<WalletsSnapshot>(agent, 'wallets.snapshot')
    const grassBefore = before.wallets.find((view) => view.wallet.network === 'grass')?.holdings.find((holding) => holding.token === 'GRASS')?.amount
    world.credit('grass', 5_000_000_000n)
    const after = await callAgent<WalletsSnapshot>(agent, 'wallets.refresh')
    const grassAfter = after.wallets.find((view) => view.wallet.network === 'grass')?.holdings.find((holding) => holding.token === 'GRASS')?.amount
    expect(BigInt(grassAfter ?? '0') - BigInt(grassBefore ?? '0')).toBe(5_000_000_000n)
  })
})
