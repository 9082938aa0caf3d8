import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDeskCore, type DeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { throwawayPhrase } from '../../support/throwaway-secrets.ts'
import { loopbackApi, rpcRoute, type LoopbackApi } from '../../support/loopback-api.ts'
import { genesis, tokenAccount, tokenAccountsResult } from '../../fixtures/chains/solana.ts'

/*
 * The wallet methods through core's dispatcher, as either transport calls them, with settings,
 * secrets and the ledger on real files. No chain is reached: public endpoints are off and no
 * endpoint of our own is set, so reads fail fast and say why.
 */

const owner = 'A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd'
const phrase = throwawayPhrase()

const cores: DeskCore[] = []
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.stop()))
})

function core(dataDir = mkdtempSync(join(tmpdir(), 'desk-wallet-contract-'))) {
  const desk = createDeskCore({ version: 't', shell: 'agent', log: silentLogger, dataDir, publicEndpoints: false })
  cores.push(desk)
  const call = async (method: string, input: unknown = {}): Promise<unknown> => desk.dispatch(method, input)
  return { desk, dataDir, call }
}

async function value<T>(answer: Promise<unknown>): Promise<T> {
  const envelope = (await answer) as { ok: boolean; value?: T; error?: unknown }
  if (!envelope.ok) throw new Error(`expected ok, got ${JSON.stringify(envelope.error)}`)
  return envelope.value as T
}

describe('the wallet methods', () => {
  it('lists the eight networks with their tokens and how they pay', async () => {
    const { call } = core()
    const networks = await value<{ id: string; tokens: { symbol: string }[]; payout: { kind: string } }[]>(call('networks.list'))
    expect(networks.map((n) => n.id)).toEqual(['grass', 'helium', 'akash', 'aethir', 'bittensor', 'filecoin', 'render', 'nosana'])
    expect(networks.find((n) => n.id === 'helium')?.tokens.map((t) => t.symbol)).toEqual(['HNT', 'IOT', 'MOBILE'])
    expect(networks.find((n) => n.id === 'bittensor')?.payout.kind).toBe('epoch')
  })

  it('refuses a recovery phrase on add, and neither settings nor the ledger keep any of it', async () => {
    const { call, dataDir } = core()
    expect(await call('wallets.add', { network: 'grass', address: phrase, label: 'Rig' })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'address' } })
    await value(call('wallets.add', { network: 'grass', address: owner, label: 'Rig' }))
    for (const file of readdirSync(dataDir)) expect(readFileSync(join(dataDir, file), 'latin1')).not.toContain(phrase)
  })

  it('names an unknown network and the ones there are', async () => {
    const { call } = core()
    expect(await call('wallets.check', { network: 'iotex', address: owner })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'network', message: expect.stringContaining('it knows grass, helium, akash') as string },
    })
  })

  it('adds, renames and removes a wallet; its failed read says why; its rewards outlive it', async () => {
    const { call } = core()
    const added = await value<{ settings: { wallets: { id: string; label: string }[] } }>(call('wallets.add', { network: 'grass', address: owner, label: 'Rig' }))
    const id = added.settings.wallets[0]?.id ?? ''
    const renamed = await value<{ settings: { wallets: { label: string }[] } }>(call('wallets.rename', { id, label: 'Garage rig' }))
    expect(renamed.settings.wallets[0]?.label).toBe('Garage rig')
    const snapshot = await value<{ wallets: { freshness: string; error: string | null }[] }>(call('wallets.refresh'))
    expect(snapshot.wallets[0]).toMatchObject({ freshness: 'stale', error: 'no endpoint for Solana RPC: public endpoints are off and none of your own is set' })

    const reward = await value<{ id: number; source: string; amount: string }>(call('rewards.addManual', { walletId: id, token: 'GRASS', amount: '2500000000', at: Date.now() - 86_400_000 }))
    expect(reward).toMatchObject({ source: 'manual', amount: '2500000000', classification: 'reward', price: null, fiat: null })
    expect(await value(call('rewards.reclassify', { id: reward.id, classification: 'transfer' }))).toMatchObject({ classification: 'transfer' })
    await value(call('wallets.remove', { id }))
    expect(await value<unknown[]>(call('rewards.list', {}))).toEqual([expect.objectContaining({ id: reward.id, walletId: id, classification: 'transfer' })])
  })

  it.each([
    [{ token: 'HNT', amount: '1' }, 'token', 'token: Grass pays no HNT'],
    [{ token: 'GRASS', amount: '0' }, 'amount', 'amount: a payout of nothing is not a reward'],
    [{ token: 'GRASS', amount: '1', at: Date.now() + 86_400_000 }, 'at', 'at: a payout cannot be in the future'],
    [{ token: 'GRASS', amount: '1', walletId: 'wallet-00000000' }, 'walletId', 'walletId: no watched wallet has the id "wallet-00000000"'],
  ])('refuses a manual payout %j, naming the field', async (change, field, message) => {
    const { call } = core()
    const added = await value<{ settings: { wallets: { id: string }[] } }>(call('wallets.add', { network: 'grass', address: owner, label: 'Rig' }))
    const input = { walletId: added.settings.wallets[0]?.id, at: Date.now(), ...change }
    expect(await call('rewards.addManual', input)).toMatchObject({ ok: false, error: { code: 'invalid-input', field, message } })
  })

  it('keeps an endpoint URL with its key in the secret store; settings and the answer only know its host', async () => {
    const { call, dataDir } = core()
    const endpoints = await value<{ key: string; customHost: string | null }[]>(call('endpoints.set', { key: 'solana', url: 'https://rpc.example.com/v1/KEY123' }))
    expect(endpoints.find((e) => e.key === 'solana')?.customHost).toBe('rpc.example.com')
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).not.toContain('KEY123')
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).toContain('KEY123')
    expect(JSON.stringify(await call('endpoints.list'))).not.toContain('KEY123')
  })

  it('sets and clears a manual price, validated', async () => {
    const { call } = core()
    expect(await call('prices.setOverride', { token: 'GRASS', price: '-1' })).toMatchObject({ ok: false, error: { field: 'price' } })
    expect(await value(call('prices.setOverride', { token: 'GRASS', price: '1.5' }))).toMatchObject({ settings: { prices: { overrides: { GRASS: '1.5' } } } })
    expect(await value(call('prices.setOverride', { token: 'GRASS', price: null }))).toMatchObject({ settings: { prices: { overrides: {} } } })
  })

  it('exports the ledger as CSV with a dated file name, transfers left out', async () => {
    const { call } = core()
    const added = await value<{ settings: { wallets: { id: string }[] } }>(call('wallets.add', { network: 'grass', address: owner, label: 'Rig, garage' }))
    const walletId = added.settings.wallets[0]?.id
    await value(call('rewards.addManual', { walletId, token: 'GRASS', amount: '1234567890123', at: Date.UTC(2026, 10, 3, 14, 5) }))
    const transfer = await value<{ id: number }>(call('rewards.addManual', { walletId, token: 'GRASS', amount: '5', at: Date.UTC(2026, 10, 4) }))
    await value(call('rewards.reclassify', { id: transfer.id, classification: 'transfer' }))
    const { filename, csv } = await value<{ filename: string; csv: string }>(call('rewards.exportCsv', {}))
    expect(filename).toMatch(/^depin-desk-earnings-\d{4}-\d{2}-\d{2}\.csv$/)
    const lines = csv.trimEnd().split('\r\n')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('2026-11-03 14:05:00 UTC')
    expect(lines[1]).toContain('1234.567890123')
    expect(lines[1]).toContain('"Rig, garage"')
  })

  it('backs up settings and restores them on another machine; a bad backup changes nothing', async () => {
    const first = core()
    await value(first.call('wallets.add', { network: 'grass', address: owner, label: 'Rig' }))
    await value(first.call('settings.update', { currency: 'eur' }))
    await value(first.call('endpoints.set', { key: 'solana', url: 'https://rpc.example.com/KEY123' }))
    const { json } = await value<{ json: string }>(first.call('settings.exportBackup'))
    expect(json).not.toContain('KEY123')

    const second = core()
    expect(await second.call('settings.importBackup', { json: '{"not": "a backup"}' })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'json' } })
    expect(await value(second.call('settings.get'))).toMatchObject({ settings: { wallets: [], currency: 'usd' } })
    const restored = await value<{ settings: { currency: string; wallets: { address: string }[]; customEndpoints: string[] }; notes: string[] }>(
      second.call('settings.importBackup', { json }),
    )
    expect(restored.settings).toMatchObject({ currency: 'eur', wallets: [{ address: owner }], customEndpoints: [] })
    expect(restored.notes.join(' ')).toContain('solana')
  })
})

describe('reading a wallet just added', () => {
  const grassMint = 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs'
  const second = 'vines1vzrYbzLMRdu58ou5XTby4qAqVRLmqo36NKPTg'

  /** A Solana node on loopback that takes 150 ms per answer, so a refresh is still in flight when the next call comes. */
  async function slowSolana(balances: Record<string, string>): Promise<LoopbackApi> {
    const server = await loopbackApi(
      rpcRoute({
        getGenesisHash: () => ({ result: genesis.mainnet }),
        getTokenAccountsByOwner: (params) => {
          const who = (params as unknown[])[0] as string
          const amount = balances[who]
          return { result: tokenAccountsResult(amount === undefined ? [] : [tokenAccount(who, grassMint, amount, 9)]) }
        },
      }),
      { latencyMs: 150 },
    )
    servers.push(server)
    return server
  }
  const servers: LoopbackApi[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()))
  })

  type Snapshot = { wallets: { wallet: { address: string }; freshness: string; holdings: { amount: string }[] }[] }

  it('wallets.refresh answers only once every wallet that existed at its call is read, one added mid-refresh included', async () => {
    const node = await slowSolana({ [owner]: '1000000000', [second]: '2500000000' })
    const { call } = core()
    await value(call('endpoints.set', { key: 'solana', url: node.url }))
    await value(call('wallets.add', { network: 'grass', address: owner, label: 'Rig 1' }))
    const first = call('wallets.refresh')
    await value(call('wallets.add', { network: 'grass', address: second, label: 'Rig 2' }))
    const snapshot = await value<Snapshot>(call('wallets.refresh'))
    expect(snapshot.wallets.map((w) => [w.wallet.address, w.freshness, w.holdings[0]?.amount])).toEqual([
      [owner, 'live', '1000000000'],
      [second, 'live', '2500000000'],
    ])
    await first
  })

  it('wallets.add starts the new wallet’s read at once, without waiting for a refresh', async () => {
    const node = await slowSolana({ [owner]: '1000000000' })
    const { call } = core()
    await value(call('endpoints.set', { key: 'solana', url: node.url }))
    await value(call('wallets.add', { network: 'grass', address: owner, label: 'Rig 1' }))
    await expect.poll(async () => (await value<Snapshot>(call('wallets.snapshot'))).wallets[0]?.freshness, { timeout: 5_000 }).toBe('live')
  })
})
