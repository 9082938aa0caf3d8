import { describe, expect, it } from 'vitest'
import type { BackfillStatus } from '../../../src/shared/contract/backfill.ts'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import { createDeskStore } from '../../../src/renderer/src/store/store.ts'
import { backfillAnswer, backfillStatus, fakeClient, unsupportedBackfill, walletSetting } from './fake-client.ts'

const connected = { status: 'connected', retryAt: null } as const
const ok = (value: unknown): Envelope<unknown> => ({ ok: true, value })
const grass = backfillStatus()
const akash = unsupportedBackfill()
const statusTable = (...statuses: BackfillStatus[]): Map<string, BackfillStatus> => new Map(statuses.map((s) => [s.walletId, s]))

/** An answer the test hands over when it wants, to cross it with events. */
function later(): { answer: (value: unknown) => void; reply: () => Promise<Envelope<unknown>> } {
  let answer: (value: unknown) => void = () => undefined
  return { answer: (value) => answer(value), reply: () => new Promise((resolve) => (answer = (value) => resolve({ ok: true, value }))) }
}

describe('backfill slice', () => {
  it("reads every wallet's backfill on connect and follows backfill.progress", async () => {
    const fake = fakeClient({ 'history.backfill': backfillAnswer(statusTable(grass, akash)) })
    const store = createDeskStore(fake.client)
    expect(store.getState().backfillByWallet).toBeNull()
    fake.connect(connected)
    await expect.poll(() => store.getState().backfillByWallet).toEqual({ [grass.walletId]: grass, [akash.walletId]: akash })
    expect(fake.calls.filter((c) => c.method === 'history.backfill').map((c) => c.input)).toEqual([{ action: 'status' }])
    const further = backfillStatus({ daysDone: 121, requests: 40, rewards: 15, updatedAt: 6_000 })
    fake.emit('backfill.progress', further)
    expect(store.getState().backfillByWallet?.[grass.walletId]).toEqual(further)
    expect(store.getState().backfillByWallet?.[akash.walletId]).toEqual(akash)
  })

  it('keeps a pushed status over an older one in an answer that crossed it', async () => {
    const slow = later()
    const fake = fakeClient({ 'history.backfill': slow.reply })
    const store = createDeskStore(fake.client)
    const reading = store.getState().loadBackfill()
    const done = backfillStatus({ state: 'done', daysDone: 365, updatedAt: 8_000 })
    fake.emit('backfill.progress', done)
    slow.answer([grass, akash])
    await reading
    expect(store.getState().backfillByWallet).toEqual({ [grass.walletId]: done, [akash.walletId]: akash })
    // And an event older than what is shown changes nothing.
    fake.emit('backfill.progress', backfillStatus({ updatedAt: 7_000 }))
    expect(store.getState().backfillByWallet?.[grass.walletId]).toEqual(done)
  })

  it('drops a wallet core no longer lists, unless core spoke of it after the ask went out', async () => {
    const slow = later()
    let first = true
    const fake = fakeClient({
      'history.backfill': () => {
        if (!first) return slow.reply()
        first = false
        return ok([grass, akash])
      },
    })
    const store = createDeskStore(fake.client)
    await store.getState().loadBackfill()
    // Akash's wallet was removed; a new wallet's first progress comes while core answers without it.
    const reading = store.getState().loadBackfill()
    const fresh = backfillStatus({ walletId: 'wallet-9c0d1e2f', state: 'queued', updatedAt: 9_500 })
    fake.emit('backfill.progress', fresh)
    slow.answer([grass])
    await reading
    expect(store.getState().backfillByWallet).toEqual({ [grass.walletId]: grass, [fresh.walletId]: fresh })
  })

  it("drops an older ask's answer that comes after a newer one's", async () => {
    const asks: ReturnType<typeof later>[] = []
    const fake = fakeClient({
      'history.backfill': () => {
        const ask = later()
        asks.push(ask)
        return ask.reply()
      },
    })
    const store = createDeskStore(fake.client)
    const first = store.getState().loadBackfill()
    const second = store.getState().loadBackfill()
    asks[1]?.answer([grass])
    await second
    asks[0]?.answer([grass, akash])
    await first
    expect(Object.keys(store.getState().backfillByWallet ?? {})).toEqual([grass.walletId])
  })

  it("says why the statuses could not be read, keeping those shown, until core answers again", async () => {
    let down = false
    const table = statusTable(grass)
    const answer = backfillAnswer(table)
    const fake = fakeClient({ 'history.backfill': (input) => (down ? { ok: false, error: { code: 'internal', message: 'the ledger is locked', retryable: true } } : answer(input)) })
    const store = createDeskStore(fake.client)
    await store.getState().loadBackfill()
    down = true
    await store.getState().loadBackfill()
    expect(store.getState()).toMatchObject({ backfillError: 'the ledger is locked', backfillByWallet: { [grass.walletId]: grass } })
    down = false
    await store.getState().loadBackfill()
    expect(store.getState().backfillError).toBeNull()
  })

  it('starts at the depth typed, or the wallet’s own, and shows the answer at once', async () => {
    const table = statusTable(backfillStatus({ state: 'idle', daysDone: 0, requests: 0, rewards: 0, inflows: 0 }), akash)
    const fake = fakeClient({ 'history.backfill': backfillAnswer(table, () => 9_000) })
    const store = createDeskStore(fake.client)
    expect(await store.getState().startBackfill(grass.walletId, 730)).toBeNull()
    expect(store.getState().backfillByWallet?.[grass.walletId]).toMatchObject({ state: 'queued', depthDays: 730, daysTotal: 730 })
    expect(await store.getState().startBackfill(grass.walletId)).toBeNull()
    expect(fake.calls.map((c) => c.input)).toEqual([
      { walletId: grass.walletId, action: 'start', depthDays: 730 },
      { walletId: grass.walletId, action: 'start' },
    ])
  })

  it('pauses a queued read at once, and says a running one is pausing until core says it stopped', async () => {
    const table = statusTable(backfillStatus({ state: 'queued' }), backfillStatus({ walletId: 'wallet-9c0d1e2f', state: 'running' }))
    const fake = fakeClient({ 'history.backfill': backfillAnswer(table) })
    const store = createDeskStore(fake.client)
    expect(await store.getState().pauseBackfill(grass.walletId)).toBeNull()
    expect(store.getState().backfillByWallet?.[grass.walletId]?.state).toBe('paused')
    expect(store.getState().backfillPausing).toEqual({})
    expect(await store.getState().pauseBackfill('wallet-9c0d1e2f')).toBeNull()
    expect(store.getState().backfillPausing).toEqual({ 'wallet-9c0d1e2f': true })
    // The page in flight is saved: still running, still pausing.
    fake.emit('backfill.progress', backfillStatus({ walletId: 'wallet-9c0d1e2f', state: 'running', daysDone: 130, updatedAt: 9_100 }))
    expect(store.getState().backfillPausing).toEqual({ 'wallet-9c0d1e2f': true })
    fake.emit('backfill.progress', backfillStatus({ walletId: 'wallet-9c0d1e2f', state: 'paused', daysDone: 130, updatedAt: 9_200 }))
    expect(store.getState().backfillPausing).toEqual({})
  })

  it('takes no pausing mark when the paused status came before the answer to pause', async () => {
    const slow = later()
    const fake = fakeClient({ 'history.backfill': slow.reply })
    const store = createDeskStore(fake.client)
    const pausing = store.getState().pauseBackfill(grass.walletId)
    fake.emit('backfill.progress', backfillStatus({ state: 'paused', updatedAt: 9_200 }))
    slow.answer([backfillStatus({ state: 'running', updatedAt: 9_000 })])
    expect(await pausing).toBeNull()
    expect(store.getState().backfillByWallet?.[grass.walletId]?.state).toBe('paused')
    expect(store.getState().backfillPausing).toEqual({})
  })

  it("hands back core's refusal with the field it names, and changes nothing", async () => {
    const fake = fakeClient({
      'history.backfill': (input) =>
        (input as { action: string }).action === 'start'
          ? { ok: false, error: { code: 'invalid-input', message: 'depthDays: Too big: expected number to be <=3650', retryable: false, field: 'depthDays' } }
          : { ok: false, error: { code: 'not-found', message: 'No wallet "wallet-gone"', retryable: false, field: 'walletId' } },
    })
    const store = createDeskStore(fake.client)
    expect(await store.getState().startBackfill(grass.walletId, 5000)).toMatchObject({ code: 'invalid-input', field: 'depthDays' })
    expect(await store.getState().pauseBackfill('wallet-gone')).toMatchObject({ code: 'not-found' })
    expect(store.getState()).toMatchObject({ backfillByWallet: null, backfillPausing: {} })
  })

  it('asks again when settings name a wallet with no status yet, and forgets a removed one', async () => {
    const added = walletSetting({ id: 'wallet-9c0d1e2f', label: 'Rig 2' })
    const table = statusTable(grass, akash)
    const fake = fakeClient({ 'history.backfill': backfillAnswer(table) })
    const store = createDeskStore(fake.client)
    // Before core has answered once there is nothing to reconcile: the connect's own ask covers it.
    expect(store.getState().applyBackfillWallets([walletSetting()])).toBe(false)
    await store.getState().loadBackfill()
    table.set(added.id, backfillStatus({ walletId: added.id, state: 'idle', updatedAt: 9_000 }))
    table.delete(akash.walletId)
    fake.emit('settings.changed', { settings: { ...defaultSettings, wallets: [walletSetting(), added] }, problem: null })
    await expect.poll(() => Object.keys(store.getState().backfillByWallet ?? {}).sort()).toEqual([grass.walletId, added.id].sort())
    const asks = fake.calls.filter((c) => c.method === 'history.backfill').length
    fake.emit('settings.changed', { settings: { ...defaultSettings, wallets: [added] }, problem: null })
    expect(Object.keys(store.getState().backfillByWallet ?? {})).toEqual([added.id])
    // Nothing missing: no new ask.
    expect(fake.calls.filter((c) => c.method === 'history.backfill')).toHaveLength(asks)
  })

  it('reads the statuses again on each reconnection', async () => {
    const fake = fakeClient({ 'history.backfill': ok([grass]) })
    const store = createDeskStore(fake.client)
    fake.connect(connected)
    fake.connect({ status: 'reconnecting', retryAt: 1 })
    fake.connect(connected)
    await expect.poll(() => fake.calls.filter((c) => c.method === 'history.backfill').length).toBe(2)
    expect(store.getState().backfillByWallet).toEqual({ [grass.walletId]: grass })
  })
})
