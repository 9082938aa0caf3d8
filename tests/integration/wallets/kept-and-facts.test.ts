import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultSettings, type Settings } from '../../../src/shared/contract/settings.ts'
import type { EndpointKey, WalletsSnapshot, WalletView } from '../../../src/shared/contract/wallets.ts'
import type { AlertRule } from '../../../src/main/core/alerts/rule.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { networks } from '../../../src/main/core/networks/index.ts'
import { createCoinGeckoFeed } from '../../../src/main/core/prices/coingecko.ts'
import { createCoinPaprikaFeed } from '../../../src/main/core/prices/coinpaprika.ts'
import { PriceService } from '../../../src/main/core/prices/price-service.ts'
import { LedgerStore } from '../../../src/main/core/store/ledger-store.ts'
import { WalletService } from '../../../src/main/core/wallets/wallet-service.ts'
import { bankBalancesPage2, delegationsAkash, leaseProvider, leasesEmpty, leasesPage, nodeInfo, rewardsAkash, tenants, unbondingEmpty, type LeaseShape } from '../../fixtures/chains/cosmos.ts'
import { minerAvailable, minerFaultsNone, minerPower, minerState, networkMainnet } from '../../fixtures/chains/filecoin.ts'
import { accountIdsHex, accountInfoHex, addresses, researchEmission, stakeInfoHex, storageKeys, subtensorMethods, trueHex, u16Hex, u64Hex, u64VecHex, netuidHex, researchStakeInfo, type SubtensorState } from '../../fixtures/chains/substrate.ts'
import { loopbackApi, rpcRoute, type ApiAnswer, type ApiRequest, type LoopbackApi } from '../../support/loopback-api.ts'
import { state as alertState } from '../../unit/alerts/rules/state.ts'

/*
 * What a read did not return, and what it found beside the amounts, end to end: the real network
 * modules read loopback nodes (subtensor, an Akash LCD, Lotus), the wallet service steps the reads
 * into a real SQLite ledger, and the snapshot the alert rules see says which miner holding is
 * `kept` and carries the lease and miner facts, across a restart too. The rules then judge it.
 */

const servers: LoopbackApi[] = []
const open: { service: WalletService; ledger: LedgerStore }[] = []
afterEach(async () => {
  for (const { service, ledger } of open.splice(0)) {
    await service.stop()
    ledger.close()
  }
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function serve(route: (request: ApiRequest) => ApiAnswer): Promise<LoopbackApi> {
  const server = await loopbackApi(route)
  servers.push(server)
  return server
}

type Harness = { service: WalletService; ledger: LedgerStore; now: { value: number } }

async function harness(wallets: Settings['wallets'], endpoints: Partial<Record<EndpointKey, string>>, path: string, now = { value: 1_800_000_000_000 }): Promise<Harness> {
  const http = new ChainHttp({ timeoutMs: 500, attempts: 1 })
  const ledger = LedgerStore.open(path)
  const down = await serve(() => ({ status: 503, json: {} }))
  const prices = new PriceService({ primary: createCoinGeckoFeed({ http, baseUrl: down.url }), fallback: createCoinPaprikaFeed({ http, baseUrl: down.url }), now: () => now.value })
  const settings: Settings = { ...defaultSettings, wallets }
  const service = new WalletService({
    networks,
    ledger,
    prices,
    http,
    settings: () => settings,
    customEndpoint: (key) => Promise.resolve(endpoints[key]),
    emit: () => undefined,
    log: silentLogger,
    now: () => now.value,
    publicEndpoints: false,
  })
  open.push({ service, ledger })
  return { service, ledger, now }
}

async function restart(h: Harness, wallets: Settings['wallets'], endpoints: Partial<Record<EndpointKey, string>>, path: string): Promise<Harness> {
  await h.service.stop()
  h.ledger.close()
  open.splice(open.findIndex((entry) => entry.service === h.service), 1)
  return harness(wallets, endpoints, path, h.now)
}

const ledgerPath = (): string => join(mkdtempSync(join(tmpdir(), 'desk-facts-')), 'ledger.sqlite')
const tenMinutes = 600_000
const hour = 3_600_000

function ruleOf(network: string, id: string): AlertRule {
  const rule = networks.get(network)?.alertRules?.find((r) => r.id === id)
  if (rule === undefined) throw new Error(`${network} declares ${id}`)
  return rule
}
const defaults = (rule: AlertRule): Record<string, number> => Object.fromEntries(rule.thresholds.map((spec) => [spec.key, spec.default]))
const judge = (rule: AlertRule, snapshot: WalletsSnapshot, now: number) => rule.evaluate(alertState({ now, wallets: snapshot }), defaults(rule))
const viewOf = (snapshot: WalletsSnapshot, id: string): WalletView => {
  const view = snapshot.wallets.find((w) => w.wallet.id === id)
  if (view === undefined) throw new Error(`no wallet ${id}`)
  return view
}

describe('a miner UID the read no longer returns', () => {
  // Alice's coldkey owns Bob (UID 1 on subnet 1) and Foundry (UID 2 on subnet 19), as in the Bittensor read test.
  const coldkey = (): SubtensorState => ({
    storage: {
      [storageKeys.account(addresses.alice)]: accountInfoHex({ free: 1_000_000_000n, reserved: 0n }),
      [storageKeys.ownedHotkeys(addresses.alice)]: accountIdsHex([addresses.bob, addresses.foundryHotkey]),
      [storageKeys.isNetworkMember(addresses.bob, 1)]: trueHex,
      [storageKeys.isNetworkMember(addresses.foundryHotkey, 19)]: trueHex,
      [storageKeys.uids(1, addresses.bob)]: u16Hex(1),
      [storageKeys.uids(19, addresses.foundryHotkey)]: u16Hex(2),
      [researchEmission.key]: researchEmission.result,
      [storageKeys.emission(19)]: u64VecHex([0n, 5n, 3_000_000_000n]),
    },
    calls: {
      [researchStakeInfo.params.join(' ')]: stakeInfoHex([{ hotkey: addresses.bob, coldkey: addresses.alice, netuid: 1, stake: 5_000_000_000n, emission: 1_234_567n, isRegistered: true }]),
      [`SwapRuntimeApi_current_alpha_price ${netuidHex(1)}`]: u64Hex(12_345_678n),
      [`SwapRuntimeApi_current_alpha_price ${netuidHex(19)}`]: u64Hex(50_000_000n),
    },
  })
  const wallet = { id: 'wallet-0000b17e', network: 'bittensor', address: addresses.alice, label: 'Coldkey', addedAt: 1 }

  it('is kept at 0 and says so, through the ledger and a restart; uid-lost fires on it and emission-zero does not', async () => {
    const chain = coldkey()
    const node = await serve(rpcRoute(subtensorMethods(chain)))
    const endpoints = { subtensor: node.url }
    const path = ledgerPath()
    const h = await harness([wallet], endpoints, path)
    await h.service.refresh()
    // Subnet 19 pruned Foundry's UID: its registration and UID are gone from the chain.
    delete chain.storage?.[storageKeys.isNetworkMember(addresses.foundryHotkey, 19)]
    delete chain.storage?.[storageKeys.uids(19, addresses.foundryHotkey)]
    h.now.value += tenMinutes
    const snapshot = await h.service.refresh()
    const emissions = viewOf(snapshot, wallet.id).holdings.filter((holding) => holding.kind === 'emission')
    expect(emissions.map((holding) => [holding.token, holding.amount, holding.kept])).toEqual([
      ['SN19α', '0', true],
      ['SN1α', '1234567', undefined],
    ])
    expect(judge(ruleOf('bittensor', 'bittensor.uid-lost'), snapshot, h.now.value).map((finding) => finding.title)).toEqual(['Bittensor miner UID 2 on subnet 19 is gone'])
    expect(judge(ruleOf('bittensor', 'bittensor.emission-zero'), snapshot, h.now.value)).toEqual([])

    const again = await restart(h, [wallet], endpoints, path)
    const kept = viewOf(again.service.snapshot(), wallet.id).holdings.find((holding) => holding.token === 'SN19α' && holding.kind === 'emission')
    expect(kept).toMatchObject({ amount: '0', kept: true })
  })
})

describe('facts beside the holdings', () => {
  const provider = { id: 'wallet-0000a4a5', network: 'akash', address: leaseProvider, label: 'Provider', addedAt: 1 }
  const tenant = { id: 'wallet-0000a4a6', network: 'akash', address: tenants.b, label: 'Tenant', addedAt: 1 }

  /** An LCD answering any account with the same balances, and the provider's leases as `leases` says. */
  async function lcd(leases: { list: LeaseShape[] }): Promise<LoopbackApi> {
    return serve((request) => {
      const path = request.url.pathname
      if (path === '/cosmos/base/tendermint/v1beta1/node_info') return { json: nodeInfo() }
      if (path === '/akash/market/v1beta5/leases/list') return { json: request.url.searchParams.get('filters.provider') === leaseProvider ? leasesPage(leases.list) : leasesEmpty }
      if (path.startsWith('/cosmos/bank/v1beta1/balances/')) return { json: bankBalancesPage2 }
      if (path.startsWith('/cosmos/staking/v1beta1/delegations/')) return { json: delegationsAkash }
      if (path.endsWith('/unbonding_delegations')) return { json: unbondingEmpty }
      if (path.endsWith('/rewards')) return { json: rewardsAkash }
      return { status: 404, json: { code: 5, message: 'Not Found', details: [] } }
    })
  }

  it('an Akash provider’s lease facts reach the snapshot, keep their since across reads and a restart, and the rules judge them', async () => {
    const leases = { list: [{ owner: tenants.a, dseq: '25880666', state: 'active', escrow: 'open' }, { owner: tenants.b, dseq: '19000001', state: 'closed', escrow: 'closed', closedOn: '19500000' }] as LeaseShape[] }
    const node = await lcd(leases)
    const endpoints = { 'akash-lcd': node.url }
    const path = ledgerPath()
    const h = await harness([provider, tenant], endpoints, path)
    const t0 = h.now.value
    const first = await h.service.refresh()
    expect(viewOf(first, provider.id).facts).toEqual([
      expect.objectContaining({ kind: 'akash.leases', status: 'leasing', words: '1 active lease', summary: true, since: t0, sinceFirstRead: true, previous: null }),
    ])
    expect(viewOf(first, tenant.id).facts).toBeUndefined()

    // Tenant a's deployment ran dry: its lease closed for insufficient funds, 2.4133015 ACT unsettled.
    leases.list[0] = { owner: tenants.a, dseq: '25880666', state: 'insufficient_funds', escrow: 'overdrawn', closedOn: '25990000', unsettled: '2413301.500000000000000000' }
    h.now.value += tenMinutes
    const t1 = h.now.value
    const second = await h.service.refresh()
    const facts = viewOf(second, provider.id).facts
    expect(facts?.[0]).toMatchObject({ status: 'idle', words: '0 active leases; 1 closed for lack of funds', since: t1, sinceFirstRead: false, previous: { at: t0, figures: { active: 1 } } })
    expect(facts?.[1]).toMatchObject({ kind: 'akash.lease', status: 'insufficient_funds/overdrawn', summary: false, amount: { token: 'ACT', amount: '2413301', decimals: 6 }, since: t1, sinceFirstRead: false })
    const escrow = judge(ruleOf('akash', 'akash.escrow-overdrawn'), second, t1)
    expect(escrow.map((finding) => [finding.walletId, finding.figure])).toEqual([[provider.id, '1 lease overdrawn']])
    expect(judge(ruleOf('akash', 'akash.no-active-lease'), second, t1)).toEqual([])

    // Six hours on, after a restart, the provider is still idle: since survives in the ledger.
    const again = await restart(h, [provider, tenant], endpoints, path)
    const later = again.service.snapshot()
    expect(viewOf(later, provider.id).facts?.[0]).toMatchObject({ status: 'idle', since: t1 })
    const idle = judge(ruleOf('akash', 'akash.no-active-lease'), later, t1 + 6 * hour)
    expect(idle.map((finding) => [finding.walletId, finding.figure])).toEqual([[provider.id, '6 h without an active lease']])
    // A read after the one that closed it: the closure is no longer news, the idleness still is.
    again.now.value = t1 + 6 * hour
    const third = await again.service.refresh()
    expect(judge(ruleOf('akash', 'akash.escrow-overdrawn'), third, again.now.value)).toEqual([])
    expect(judge(ruleOf('akash', 'akash.no-active-lease'), third, again.now.value)).toHaveLength(1)
  })

  it('a Filecoin miner in fee debt: the exact debt reaches the snapshot and fee-debt fires', async () => {
    const miner = { id: 'wallet-0000f11e', network: 'filecoin', address: 'f01234', label: 'SP', addedAt: 1 }
    const node = await serve(
      rpcRoute({
        'Filecoin.StateNetworkName': () => ({ result: networkMainnet }),
        'Filecoin.StateReadState': () => ({ result: { ...minerState, State: { ...minerState.State, FeeDebt: '250000000000000000' } } }),
        'Filecoin.StateMinerAvailableBalance': () => ({ result: minerAvailable }),
        'Filecoin.StateMinerPower': () => ({ result: minerPower }),
        'Filecoin.StateMinerFaults': () => ({ result: minerFaultsNone }),
      }),
    )
    const h = await harness([miner], { filecoin: node.url }, ledgerPath())
    const snapshot = await h.service.refresh()
    expect(viewOf(snapshot, miner.id).facts?.map((fact) => [fact.kind, fact.words, fact.amount?.amount ?? null])).toEqual([
      ['filecoin.power', '2.25 PiB quality-adjusted power, faulty sectors: 0', null],
      ['filecoin.fee-debt', 'fee debt: 0.25 FIL', '250000000000000000'],
    ])
    expect(judge(ruleOf('filecoin', 'filecoin.fee-debt'), snapshot, h.now.value).map((finding) => finding.figure)).toEqual(['0.25 FIL fee debt'])
    expect(judge(ruleOf('filecoin', 'filecoin.power-dropped'), snapshot, h.now.value)).toEqual([])
  })
})
