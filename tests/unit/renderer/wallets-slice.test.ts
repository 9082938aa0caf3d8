import { describe, expect, it } from 'vitest'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import { defaultSettings, type Settings } from '../../../src/shared/contract/settings.ts'
import type { EndpointInfo, WalletCheck, WalletSetting } from '../../../src/shared/contract/wallets.ts'
import { createDeskStore } from '../../../src/renderer/src/store/store.ts'
import { groupByNetwork, priceTokens, valueSummaries, walletRows } from '../../../src/renderer/src/wallets/wallet-views.ts'
import { fakeClient, networkInfo, walletSetting, walletsSnapshot, walletView } from './fake-client.ts'
import { throwawayPhrase, wordRuns } from '../../support/throwaway-secrets.ts'

const ok = <T>(value: T): Envelope<T> => ({ ok: true, value })
const settingsState = (settings: Partial<Settings>) => ({ settings: { ...defaultSettings, ...settings }, problem: null })
const state = (settings: Partial<Settings>) => ok(settingsState(settings))
const rig = walletSetting()
const akashWallet = walletSetting({ id: 'wallet-9f8e7d6c', network: 'akash', address: 'akash1qy352eufqy352eufqy352eufqy352eufqy352', label: 'Provider' })
const solanaEndpoint: EndpointInfo = { key: 'solana', label: 'Solana', defaults: ['api.mainnet-beta.solana.com'], customHost: null }
/** What a pasted seed phrase looks like, made fresh for the run. */
const seedPhrase = throwawayPhrase()
const refused: WalletCheck = { ok: false, secretRefused: true, message: 'That is a seed phrase: it can spend your funds. DePIN Desk only needs the public address.' }

/** An answer the test releases when it wants, to put replies out of order. */
function later<T>(value: Envelope<T>) {
  let release = (): void => undefined
  const answer = () =>
    new Promise<Envelope<T>>((resolve) => {
      release = () => resolve(value)
    })
  return { answer, release: () => release() }
}

describe('wallets slice', () => {
  it('loads networks, wallets, prices and endpoints on connect, and follows the events', async () => {
    const fake = fakeClient({
      'settings.get': state({ wallets: [rig], currency: 'eur', walletRefreshMinutes: 5, prices: { overrides: { GRASS: '1.5' } } }),
      'networks.list': ok([networkInfo(), networkInfo({ id: 'akash', name: 'Akash' })]),
      'wallets.snapshot': ok(walletsSnapshot([walletView()], 1_000)),
      'endpoints.list': ok([solanaEndpoint]),
    })
    const store = createDeskStore(fake.client)
    fake.connect({ status: 'connected', retryAt: null })
    await expect.poll(() => store.getState().endpoints).toEqual([solanaEndpoint])
    expect(store.getState()).toMatchObject({
      walletSettings: [rig],
      walletRefreshMinutes: 5,
      currency: 'eur',
      priceOverrides: { GRASS: '1.5' },
      walletsSnapshot: { at: 1_000 },
      // The form starts on the first network core lists.
      walletDraft: { network: 'grass', address: '', label: '' },
    })
    expect(store.getState().networks.map((n) => n.id)).toEqual(['grass', 'akash'])

    fake.emit(
      'wallets.updated',
      walletsSnapshot([walletView(rig, { fiatTotal: '30.00' })], 2_000, {
        total: { fiat: '30.00', partial: false },
        networks: [{ network: 'grass', fiat: '30.00', partial: false, freshness: 'live' }],
      }),
    )
    expect(store.getState().walletsSnapshot?.wallets[0]?.fiatTotal).toBe('30.00')
    // A reply that crossed a newer event does not roll the figures back.
    fake.emit('wallets.updated', walletsSnapshot([], 1_500))
    expect(store.getState().walletsSnapshot?.at).toBe(2_000)
    fake.emit('settings.changed', settingsState({ wallets: [], currency: 'gbp' }))
    expect(store.getState()).toMatchObject({ walletSettings: [], currency: 'gbp', priceOverrides: {} })
  })

  it("shows core's verdict on the typed address, and drops one for text no longer there", async () => {
    const first = later<WalletCheck>(ok({ ok: false, secretRefused: false, message: 'Solana addresses are 32–44 base58 characters.' }))
    let reply: (input: unknown) => Envelope<WalletCheck> | Promise<Envelope<WalletCheck>> = first.answer
    const fake = fakeClient({ 'wallets.check': (input) => reply(input), 'networks.list': ok([networkInfo()]) })
    const store = createDeskStore(fake.client)
    store.getState().applyNetworks([networkInfo()])
    store.getState().editWalletDraft({ address: 'vines1' })
    const stale = store.getState().checkWalletDraft()
    store.getState().editWalletDraft({ address: rig.address })
    reply = () => ok({ ok: true, address: rig.address, note: 'no GRASS received yet' })
    await store.getState().checkWalletDraft()
    first.release()
    await stale
    expect(store.getState().draftFeedback).toEqual({ tone: 'ok', address: rig.address, note: 'no GRASS received yet' })
    expect(fake.calls.map((c) => c.input)).toEqual([
      { network: 'grass', address: 'vines1' },
      { network: 'grass', address: rig.address },
    ])

    // Editing the address forgets the verdict; an empty field is not sent.
    store.getState().editWalletDraft({ address: '' })
    await store.getState().checkWalletDraft()
    expect(store.getState().draftFeedback).toBeNull()
    expect(fake.calls).toHaveLength(2)
  })

  it('clears a refused seed phrase from the draft, even with more typed after it', async () => {
    const answer = later(ok(refused))
    const fake = fakeClient({ 'wallets.check': answer.answer })
    const store = createDeskStore(fake.client)
    store.getState().applyNetworks([networkInfo()])
    store.getState().editWalletDraft({ label: 'Rig 1', address: seedPhrase })
    const checking = store.getState().checkWalletDraft()
    store.getState().editWalletDraft({ address: `${seedPhrase} ` })
    answer.release()
    await checking
    expect(store.getState().walletDraft).toEqual({ network: 'grass', address: '', label: 'Rig 1' })
    expect(store.getState().draftFeedback).toEqual({ tone: 'refused', text: refused.message })
    for (const run of wordRuns(seedPhrase, 3)) expect(JSON.stringify(store.getState())).not.toContain(run)
  })

  it("adds a wallet, or shows core's error against the field it names", async () => {
    let answer: Envelope<unknown> = { ok: false, error: { code: 'invalid-input', message: 'label: give the wallet a name', field: 'label', retryable: false } }
    const fake = fakeClient({ 'wallets.add': () => answer })
    const store = createDeskStore(fake.client)
    store.getState().applyNetworks([networkInfo()])
    store.getState().editWalletDraft({ address: rig.address, label: ' ' })
    expect(await store.getState().addWallet()).toBe(false)
    expect(store.getState()).toMatchObject({ walletFormError: { field: 'label' }, walletBusy: false, walletDraft: { address: rig.address } })
    // Typing again takes the error away.
    store.getState().editWalletDraft({ label: 'Rig 1' })
    expect(store.getState().walletFormError).toBeNull()

    answer = state({ wallets: [rig] })
    expect(await store.getState().addWallet()).toBe(true)
    expect(fake.calls.at(-1)).toEqual({ method: 'wallets.add', input: { network: 'grass', address: rig.address, label: 'Rig 1' } })
    expect(store.getState()).toMatchObject({ walletSettings: [rig], walletDraft: { network: 'grass', address: '', label: '' }, draftFeedback: null })
  })

  it('renames and removes through core, keeping the list when core refuses', async () => {
    const renamed: WalletSetting = { ...rig, label: 'Rig one' }
    const fake = fakeClient({
      'wallets.rename': ok({ settings: { ...defaultSettings, wallets: [renamed] }, problem: null }),
      'wallets.remove': { ok: false, error: { code: 'not-found', message: 'No wallet with id "wallet-1a2b3c4d".', retryable: false } },
    })
    const store = createDeskStore(fake.client)
    expect(await store.getState().renameWallet(rig.id, 'Rig one')).toBeNull()
    expect(store.getState().walletSettings).toEqual([renamed])
    expect(await store.getState().removeWallet(rig.id)).toMatchObject({ code: 'not-found' })
    expect(store.getState().walletSettings).toEqual([renamed])
    expect(fake.calls.map((c) => c.input)).toEqual([{ id: rig.id, label: 'Rig one' }, { id: rig.id }])
  })

  it('says while "Refresh now" runs, then shows the answer or why it failed', async () => {
    const answer = later(ok(walletsSnapshot([walletView()], 5_000)))
    const fake = fakeClient({ 'wallets.refresh': answer.answer })
    const store = createDeskStore(fake.client)
    const refreshing = store.getState().refreshWallets()
    expect(store.getState().walletsRefreshing).toBe(true)
    answer.release()
    await refreshing
    expect(store.getState()).toMatchObject({ walletsRefreshing: false, walletsRefreshError: null, walletsSnapshot: { at: 5_000 } })

    const failing = createDeskStore(fakeClient({}).client)
    await failing.getState().refreshWallets()
    expect(failing.getState()).toMatchObject({ walletsRefreshing: false, walletsRefreshError: 'wallets.refresh' })
  })

  it('sets the currency and price overrides, and an endpoint, keeping only what core answers', async () => {
    const custom: EndpointInfo = { ...solanaEndpoint, customHost: 'mainnet.helius-rpc.com' }
    const fake = fakeClient({
      'settings.update': state({ currency: 'chf' }),
      'prices.setOverride': state({ prices: { overrides: { HNT: '3.10' } } }),
      'endpoints.set': ok([custom]),
    })
    const store = createDeskStore(fake.client)
    expect(await store.getState().setCurrency('chf')).toBeNull()
    expect(await store.getState().setPriceOverride('HNT', '3.10')).toBeNull()
    expect(store.getState().priceOverrides).toEqual({ HNT: '3.10' })
    const url = 'https://mainnet.helius-rpc.com/?api-key=0f3c5e1e-secret'
    expect(await store.getState().setEndpoint('solana', url)).toBeNull()
    expect(store.getState().endpoints).toEqual([custom])
    expect(JSON.stringify(store.getState())).not.toContain('api-key')
    expect(fake.calls.map((c) => [c.method, c.input])).toEqual([
      ['settings.update', { currency: 'chf' }],
      ['prices.setOverride', { token: 'HNT', price: '3.10' }],
      ['endpoints.set', { key: 'solana', url }],
    ])
  })
})

describe('wallet views', () => {
  it('lists the saved wallets with what core read, a new one as pending, and follows a rename at once', () => {
    const snapshot = walletsSnapshot([walletView(rig), walletView(walletSetting({ id: 'wallet-00000000', label: 'Removed' }))])
    const renamed = { ...rig, label: 'Rig one' }
    const rows = walletRows([renamed, akashWallet], snapshot)
    expect(rows.map((r) => [r.wallet.label, r.freshness, r.fiatTotal])).toEqual([
      ['Rig one', 'live', '25.00'],
      ['Provider', 'pending', null],
    ])
    expect(walletRows(null, snapshot)).toHaveLength(2)
    expect(groupByNetwork(rows).map((g) => [g.network, g.wallets.length])).toEqual([
      ['grass', 1],
      ['akash', 1],
    ])
  })

  it("shows core's sums, weakest freshness and oldest read winning, and adds no money itself", () => {
    const live = walletView(rig, { fiatTotal: '0.1', fetchedAt: 2_000 })
    const stale = walletView(akashWallet, { fiatTotal: '0.2', freshness: 'stale', fetchedAt: 1_000, source: ['akash-rest.publicnode.com'] })
    // Core's figures on purpose differ from any page-side sum of the wallets: the page must show these.
    const snapshot = walletsSnapshot([live, stale], 2_000, {
      total: { fiat: '1244.57', partial: true },
      networks: [
        { network: 'grass', fiat: '1234.5678', partial: false, freshness: 'live' },
        { network: 'akash', fiat: null, partial: true, freshness: 'stale' },
      ],
    })
    expect(valueSummaries([live, stale], snapshot, (v) => v.freshness)).toEqual({
      total: { fiat: '1244.57', partial: true, freshness: 'stale', fetchedAt: 1_000, sources: ['api.mainnet-beta.solana.com', 'akash-rest.publicnode.com'] },
      networks: [
        { network: 'grass', fiat: '1234.5678', partial: false, freshness: 'live', fetchedAt: 2_000, sources: ['api.mainnet-beta.solana.com'] },
        { network: 'akash', fiat: null, partial: true, freshness: 'stale', fetchedAt: 1_000, sources: ['akash-rest.publicnode.com'] },
      ],
    })
    // The page's clock can age core's "live": a read too old shows its network and the total stale.
    const aged = valueSummaries([live], snapshot, () => 'stale')
    expect([aged.total.freshness, aged.networks[0]?.freshness]).toEqual(['stale', 'stale'])
    expect(valueSummaries([], null, (v) => v.freshness)).toEqual({ total: { fiat: null, partial: false, freshness: 'live', fetchedAt: null, sources: [] }, networks: [] })
  })

  it('keeps a network pending while it holds a wallet core has not counted yet', () => {
    const counted = walletView(rig)
    const added = walletView(walletSetting({ id: 'wallet-22222222', label: 'Rig 2' }), { freshness: 'pending', fetchedAt: null, holdings: [], fiatTotal: null })
    const rows = walletRows([rig, added.wallet], walletsSnapshot([counted]))
    const { total, networks } = valueSummaries(rows, walletsSnapshot([counted]), (v) => v.freshness)
    expect(networks).toEqual([{ network: 'grass', fiat: '25.00', partial: false, freshness: 'pending', fetchedAt: 1_000, sources: ['api.mainnet-beta.solana.com'] }])
    expect(total).toEqual({ fiat: '25.00', partial: false, freshness: 'pending', fetchedAt: 1_000, sources: ['api.mainnet-beta.solana.com'] })
    // A network core sent no sum for (its wallet was just added) is pending with no figure.
    const onlyNew = valueSummaries(walletRows([added.wallet], walletsSnapshot([])), walletsSnapshot([]), (v) => v.freshness)
    expect(onlyNew.networks).toEqual([{ network: 'grass', fiat: null, partial: false, freshness: 'pending', fetchedAt: null, sources: [] }])
  })

  it('prices every quoted, held and operator-priced token once', () => {
    const snapshot = walletsSnapshot([walletView(rig, { holdings: [{ token: 'MOBILE', kind: 'liquid', amount: '1', decimals: 6, detail: null, fiat: null }] })])
    expect(priceTokens(snapshot, { HNT: '3.10', GRASS: '1' })).toEqual(['GRASS', 'HNT', 'MOBILE'])
    expect(priceTokens(null, {})).toEqual([])
  })
})
