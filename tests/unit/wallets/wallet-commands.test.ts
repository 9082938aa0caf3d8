import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import { DeskError } from '../../../src/main/core/errors.ts'
import type { NetworkModule } from '../../../src/main/core/networks/network-module.ts'
import { createMemorySecretStore } from '../../../src/main/core/store/memory-secret-store.ts'
import {
  addWallet,
  endpointList,
  endpointSecretName,
  removeWallet,
  renameWallet,
  setEndpoint,
  setPriceOverride,
} from '../../../src/main/core/wallets/wallet-commands.ts'
import { throwawayPhrase, wordRuns } from '../../support/throwaway-secrets.ts'

const grassLike: NetworkModule = {
  info: {
    id: 'grass',
    name: 'Grass',
    chain: 'solana',
    tokens: [],
    addressHint: 'a Solana address',
    rewards: { source: 'balance-delta', note: '' },
    payout: { kind: 'irregular', expectedEveryHours: null, note: '' },
  },
  endpoints: ['solana'],
  checkAddress: (input) => (/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(input) ? { ok: true, address: input } : { ok: false, message: 'not base58' }),
  read: () => Promise.reject(new Error('not read here')),
}
const networks = new Map([['grass', grassLike]])
const owner = 'A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd'

function thrown(run: () => unknown): DeskError {
  try {
    run()
  } catch (error) {
    if (error instanceof DeskError) return error
    throw error
  }
  throw new Error('expected a DeskError')
}

describe('wallet commands', () => {
  it('adds a checked wallet with a fresh id and leaves the input settings alone', () => {
    const { settings, wallet } = addWallet(defaultSettings, networks, { network: 'grass', address: ` ${owner} `, label: 'Rig 1' }, 1234)
    expect(wallet).toEqual({ id: expect.stringMatching(/^wallet-[0-9a-f]{8}$/) as string, network: 'grass', address: owner, label: 'Rig 1', addedAt: 1234 })
    expect(settings.wallets).toEqual([wallet])
    expect(defaultSettings.wallets).toEqual([])
  })

  it('refuses a network core does not know, naming the ones it does', () => {
    const error = thrown(() => addWallet(defaultSettings, networks, { network: 'iotex', address: owner, label: 'x' }, 1))
    expect(error).toMatchObject({ code: 'invalid-input', field: 'network', message: 'network: DePIN Desk has no network "iotex"; it knows grass' })
  })

  it('refuses the same address twice on one network, naming the first', () => {
    const { settings } = addWallet(defaultSettings, networks, { network: 'grass', address: owner, label: 'Rig 1' }, 1)
    const error = thrown(() => addWallet(settings, networks, { network: 'grass', address: owner, label: 'Again' }, 2))
    expect(error).toMatchObject({ code: 'invalid-input', field: 'address', message: 'address: already watched as "Rig 1"' })
  })

  it('refuses a recovery phrase with the watch-only explanation and saves nothing', () => {
    const phrase = throwawayPhrase()
    const error = thrown(() => addWallet(defaultSettings, networks, { network: 'grass', address: phrase, label: 'x' }, 1))
    expect(error.field).toBe('address')
    expect(error.message).toContain('watch-only')
    for (const run of wordRuns(phrase, 3)) expect(error.message).not.toContain(run)
  })

  it('renames and removes by id, and says so when the id is unknown', () => {
    const { settings, wallet } = addWallet(defaultSettings, networks, { network: 'grass', address: owner, label: 'Rig 1' }, 1)
    expect(renameWallet(settings, wallet.id, 'Garage').wallets[0]?.label).toBe('Garage')
    expect(removeWallet(settings, wallet.id).wallets).toEqual([])
    expect(thrown(() => removeWallet(settings, 'wallet-00000000'))).toMatchObject({ code: 'not-found' })
  })

  it('sets and clears a price override', () => {
    const set = setPriceOverride(defaultSettings, 'GRASS', '1.25')
    expect(set.prices.overrides).toEqual({ GRASS: '1.25' })
    expect(setPriceOverride(set, 'GRASS', null).prices.overrides).toEqual({})
  })

  it('keeps an endpoint URL in the secret store and only its host in what the UI sees', async () => {
    const secrets = createMemorySecretStore()
    const settings = await setEndpoint(defaultSettings, 'solana', 'https://mainnet.helius-rpc.com/?api-key=SECRET', secrets)
    expect(settings.customEndpoints).toEqual(['solana'])
    expect(JSON.stringify(settings)).not.toContain('SECRET')
    expect(await secrets.get(endpointSecretName('solana'))).toBe('https://mainnet.helius-rpc.com/?api-key=SECRET')
    const solana = (await endpointList(settings, secrets)).find((e) => e.key === 'solana')
    expect(solana).toEqual({ key: 'solana', label: 'Solana RPC', defaults: ['api.mainnet-beta.solana.com'], customHost: 'mainnet.helius-rpc.com' })
    const cleared = await setEndpoint(settings, 'solana', null, secrets)
    expect(cleared.customEndpoints).toEqual([])
    expect(await secrets.get(endpointSecretName('solana'))).toBeUndefined()
  })

  it.each([
    ['not a url', 'url: not a URL; it looks like https://rpc.example.com/your-key'],
    ['wss://rpc.example.com', 'url: DePIN Desk reads over HTTP(S), not wss; most providers give an https:// URL too'],
    ['http://rpc.example.com/key', 'url: use https:// for a remote endpoint: over http:// an API key in the URL travels in the clear'],
  ])('refuses the endpoint %s', async (url, message) => {
    await expect(setEndpoint(defaultSettings, 'solana', url, createMemorySecretStore())).rejects.toMatchObject({ code: 'invalid-input', field: 'url', message })
  })

  it('accepts a plain-http endpoint on this machine (a local node)', async () => {
    const settings = await setEndpoint(defaultSettings, 'filecoin', 'http://127.0.0.1:1234/rpc/v1', createMemorySecretStore())
    expect(settings.customEndpoints).toEqual(['filecoin'])
  })
})
