import { describe, expect, it } from 'vitest'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import type { RewardEntry } from '../../../src/shared/contract/wallets.ts'
import { localDay, payoutChoice, payoutTime } from '../../../src/renderer/src/store/rewards-slice.ts'
import { createDeskStore } from '../../../src/renderer/src/store/store.ts'
import { fakeClient, networkInfo, rewardEntry, walletSetting, walletsSnapshot } from './fake-client.ts'

const ok = <T>(value: T): Envelope<T> => ({ ok: true, value })
/** 14 May 2025, 15:30 on this machine's clock: "today" for the payout form. */
const now = new Date(2025, 4, 14, 15, 30).getTime()
const rig = walletSetting()
const hotspot = walletSetting({ id: 'wallet-5e6f7a8b', network: 'helium', address: '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin', label: 'Hotspot' })
const helium = networkInfo({
  id: 'helium',
  name: 'Helium',
  tokens: [
    { symbol: 'HNT', name: 'Helium', decimals: 8, where: 'SPL mint hntyVP…ux' },
    { symbol: 'MOBILE', name: 'Helium Mobile', decimals: 6, where: 'SPL mint mb1eu7…6' },
  ],
})
const older = rewardEntry({ id: 1, at: 1_000 })
const newer = rewardEntry({ id: 2, at: 2_000, amount: '250000000', fiat: '0.5' })

/** An answer the test releases when it wants, to put replies out of order. */
function later<T>(value: Envelope<T>) {
  let release = (): void => undefined
  const answer = () =>
    new Promise<Envelope<T>>((resolve) => {
      release = () => resolve(value)
    })
  return { answer, release: () => release() }
}

/** A store that knows Rig 1 (Grass) and Hotspot (Helium), as after the first refresh. */
function storeWith(answers: Parameters<typeof fakeClient>[0]) {
  const fake = fakeClient(answers)
  const store = createDeskStore(fake.client, () => now)
  store.getState().applyNetworks([networkInfo(), helium])
  store.getState().applyWalletSettings({ ...defaultSettings, wallets: [rig, hotspot] })
  return { fake, store }
}

const listCalls = (fake: ReturnType<typeof fakeClient>) => fake.calls.filter((c) => c.method === 'rewards.list').map((c) => c.input)

describe('rewards slice: the ledger', () => {
  it('loads the ledger on connect and again on every wallets update, when core books', async () => {
    let ledger: RewardEntry[] = [older]
    const fake = fakeClient({ 'rewards.list': () => ok(ledger) })
    const store = createDeskStore(fake.client, () => now)
    expect(store.getState()).toMatchObject({ rewards: [], rewardsLoaded: false })
    fake.connect({ status: 'connected', retryAt: null })
    await expect.poll(() => store.getState().rewardsLoaded).toBe(true)
    expect(store.getState().rewards).toEqual([older])

    ledger = [newer, older]
    fake.emit('wallets.updated', walletsSnapshot([], 5_000))
    await expect.poll(() => store.getState().rewards.map((r) => r.id)).toEqual([2, 1])
    // The snapshot itself is applied as before.
    expect(store.getState().walletsSnapshot?.at).toBe(5_000)
    expect(listCalls(fake)).toEqual([{ limit: 500 }, { limit: 500 }])
  })

  it('keeps the rows it has when a load fails, and says why', async () => {
    let answer: Envelope<RewardEntry[]> = ok([older])
    const { fake, store } = storeWith({ 'rewards.list': () => answer })
    await store.getState().loadRewards()
    answer = { ok: false, error: { code: 'internal', message: 'database is locked', retryable: true } }
    await store.getState().loadRewards()
    expect(store.getState()).toMatchObject({ rewards: [older], rewardsLoaded: true, rewardsError: 'database is locked' })
    answer = ok([older])
    await store.getState().loadRewards()
    expect(store.getState().rewardsError).toBeNull()
    expect(listCalls(fake)).toHaveLength(3)
  })

  it("filters by wallet: the rows known show at once, core's answer completes them; an overtaken answer is dropped", async () => {
    const heliumReward = rewardEntry({ id: 3, walletId: hotspot.id, network: 'helium', token: 'HNT', decimals: 8, amount: '100000000', at: 3_000 })
    const all = later(ok([heliumReward, newer, older]))
    const { fake, store } = storeWith({ 'rewards.list': (input) => (JSON.stringify(input).includes(rig.id) ? ok([newer, older]) : all.answer()) })
    store.setState({ rewards: [heliumReward, newer], rewardsLoaded: true })
    const slow = store.getState().loadRewards()
    store.getState().filterRewards(rig.id)
    expect(store.getState().rewards).toEqual([newer])
    await expect.poll(() => store.getState().rewards).toEqual([newer, older])
    all.release()
    await slow
    expect(store.getState()).toMatchObject({ rewardsWallet: rig.id, rewards: [newer, older] })
    expect(listCalls(fake)).toEqual([{ limit: 500 }, { walletId: rig.id, limit: 500 }])
    // Choosing the same filter again asks nothing.
    store.getState().filterRewards(rig.id)
    expect(listCalls(fake)).toHaveLength(2)
  })

  it("marks a balance increase as the operator's transfer and back, row by row, as core answers", async () => {
    let reply: Envelope<RewardEntry> = ok({ ...older, classification: 'transfer' })
    const { fake, store } = storeWith({ 'rewards.reclassify': () => reply })
    store.setState({ rewards: [newer, older], rewardsLoaded: true })
    expect(await store.getState().reclassifyReward(1, 'transfer')).toBeNull()
    expect(store.getState().rewards.map((r) => [r.id, r.classification])).toEqual([
      [2, 'reward'],
      [1, 'transfer'],
    ])
    reply = { ok: false, error: { code: 'not-found', message: 'No reward with id 1.', retryable: false } }
    expect(await store.getState().reclassifyReward(1, 'reward')).toMatchObject({ code: 'not-found', message: 'No reward with id 1.' })
    expect(store.getState().rewards[1]?.classification).toBe('transfer')
    expect(fake.calls.map((c) => c.input)).toEqual([
      { id: 1, classification: 'transfer' },
      { id: 1, classification: 'reward' },
    ])
  })

  it('asks again when a change lands while a load is out, so the older answer cannot undo it', async () => {
    const first = later(ok([older]))
    let list: () => Envelope<RewardEntry[]> | Promise<Envelope<RewardEntry[]>> = first.answer
    const { fake, store } = storeWith({ 'rewards.list': () => list(), 'rewards.reclassify': ok({ ...older, classification: 'transfer' }) })
    store.setState({ rewards: [older], rewardsLoaded: true })
    const loading = store.getState().loadRewards()
    list = () => ok([{ ...older, classification: 'transfer' }])
    await store.getState().reclassifyReward(1, 'transfer')
    first.release()
    await loading
    await expect.poll(() => listCalls(fake)).toHaveLength(2)
    expect(store.getState().rewards[0]?.classification).toBe('transfer')
  })
})

describe('rewards slice: recording a payout', () => {
  it('sends the amount in base units with the picked token, at now for today, and lists what core booked first', async () => {
    const booked = rewardEntry({ id: 7, walletId: hotspot.id, network: 'helium', token: 'MOBILE', decimals: 6, amount: '2500000', at: now, source: 'manual' })
    const { fake, store } = storeWith({ 'rewards.addManual': ok(booked) })
    store.setState({ rewards: [newer, older], rewardsLoaded: true })
    expect(store.getState().payoutDraft).toEqual({ walletId: null, token: null, amount: '', date: '2025-05-14' })
    store.getState().editPayoutDraft({ walletId: hotspot.id })
    store.getState().editPayoutDraft({ token: 'MOBILE', amount: ' 2.5 ' })
    expect(await store.getState().recordPayout()).toEqual(booked)
    expect(fake.calls).toEqual([{ method: 'rewards.addManual', input: { walletId: hotspot.id, token: 'MOBILE', amount: '2500000', at: now } }])
    expect(store.getState().rewards.map((r) => r.id)).toEqual([7, 2, 1])
    // The form keeps its wallet and token for the next payout; the amount goes.
    expect(store.getState()).toMatchObject({ payoutDraft: { walletId: hotspot.id, token: 'MOBILE', amount: '', date: '2025-05-14' }, payoutError: null, payoutBusy: false })
  })

  it('books an earlier day at its local noon, in date order, and leaves it out under another wallet', async () => {
    const noon = new Date(2025, 4, 2, 12).getTime()
    const booked = rewardEntry({ id: 8, at: noon, source: 'manual' })
    const { fake, store } = storeWith({ 'rewards.addManual': ok(booked) })
    store.setState({ rewards: [rewardEntry({ id: 5, at: now }), rewardEntry({ id: 4, at: noon - 1 })], rewardsLoaded: true })
    store.getState().editPayoutDraft({ amount: '0.5', date: '2025-05-02' })
    await store.getState().recordPayout()
    expect(fake.calls.at(-1)?.input).toEqual({ walletId: rig.id, token: 'GRASS', amount: '500000000', at: noon })
    expect(store.getState().rewards.map((r) => r.id)).toEqual([5, 8, 4])

    store.setState({ rewardsWallet: hotspot.id, rewards: [] })
    store.getState().editPayoutDraft({ amount: '0.5' })
    await store.getState().recordPayout()
    expect(store.getState().rewards).toEqual([])
  })

  it.each([
    [{ amount: '1,5' }, 'amount', 'use a point for decimals: 1.5, not 1,5'],
    [{ amount: '0.0000000001' }, 'amount', 'this token has 9 decimals: at most 9 digits after the point'],
    [{ amount: '-2' }, 'amount', 'an amount cannot be negative'],
    [{ amount: '' }, 'amount', 'enter an amount, e.g. 1.5'],
    [{ amount: '0.000' }, 'amount', 'a payout of 0 records nothing'],
    [{ amount: '1', date: '2025-05-15' }, 'at', 'that day is still to come: pick the day it was paid'],
    [{ amount: '1', date: '2025-02-31' }, 'at', 'pick the day it was paid'],
    [{ amount: '1', date: '' }, 'at', 'pick the day it was paid'],
  ])('refuses %j against the field it is about, asking core nothing', async (patch, field, message) => {
    const { fake, store } = storeWith({})
    store.getState().editPayoutDraft(patch)
    expect(await store.getState().recordPayout()).toBeNull()
    expect(store.getState().payoutError).toEqual({ code: 'invalid-input', field, message, retryable: false })
    expect(fake.calls).toEqual([])
    // Typing again takes the error away.
    store.getState().editPayoutDraft({ amount: '1' })
    expect(store.getState().payoutError).toBeNull()
  })

  it("shows core's refusal against the field it names, and a missing wallet against the wallet", async () => {
    let answer: Envelope<unknown> = { ok: false, error: { code: 'invalid-input', message: 'token: Grass pays no HNT', field: 'token', retryable: false } }
    const { store } = storeWith({ 'rewards.addManual': () => answer })
    store.getState().editPayoutDraft({ amount: '1' })
    expect(await store.getState().recordPayout()).toBeNull()
    expect(store.getState()).toMatchObject({ payoutError: { field: 'token', message: 'token: Grass pays no HNT' }, payoutBusy: false, payoutDraft: { amount: '1' } })
    answer = { ok: false, error: { code: 'not-found', message: 'No wallet with id "wallet-1a2b3c4d".', retryable: false } }
    await store.getState().recordPayout()
    expect(store.getState().payoutError).toMatchObject({ code: 'not-found', field: 'walletId' })

    const empty = createDeskStore(fakeClient({}).client, () => now)
    empty.getState().editPayoutDraft({ amount: '1' })
    await empty.getState().recordPayout()
    expect(empty.getState().payoutError).toMatchObject({ field: 'walletId', message: 'add a wallet first: a payout is recorded against one' })
  })

  it("picks the wallet's own network's first token after a switch, and the first wallet when its own is gone", () => {
    const { store } = storeWith({})
    store.getState().editPayoutDraft({ walletId: hotspot.id, token: 'MOBILE' })
    store.getState().editPayoutDraft({ walletId: rig.id })
    const { payoutDraft, walletSettings, networks } = store.getState()
    expect(payoutChoice(payoutDraft, walletSettings ?? [], networks)).toMatchObject({ wallet: { id: rig.id }, token: { symbol: 'GRASS', decimals: 9 } })
    expect(payoutChoice({ ...payoutDraft, walletId: 'wallet-gone0000' }, [hotspot], networks)).toMatchObject({ wallet: { id: hotspot.id }, token: { symbol: 'HNT' } })
    expect(payoutChoice(payoutDraft, [], networks)).toBeNull()
  })

  it('reads the date input as a local day', () => {
    expect(localDay(now)).toBe('2025-05-14')
    expect(payoutTime('2025-05-14', now)).toEqual({ ok: true, at: now })
    expect(payoutTime('2024-02-29', now)).toEqual({ ok: true, at: new Date(2024, 1, 29, 12).getTime() })
    expect(payoutTime('2025-13-01', now)).toEqual({ ok: false, message: 'pick the day it was paid' })
    expect(payoutTime('14/05/2025', now)).toEqual({ ok: false, message: 'pick the day it was paid' })
  })
})
