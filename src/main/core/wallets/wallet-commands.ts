import { randomBytes } from 'node:crypto'
import { settingsLimits, type Settings } from '../../../shared/contract/settings.ts'
import type { EndpointInfo, EndpointKey, NetworkId, WalletSetting } from '../../../shared/contract/wallets.ts'
import { DeskError } from '../errors.ts'
import { endpointDefaults } from '../networks/endpoint-defaults.ts'
import { networkNamed, type NetworkRegistry } from '../networks/index.ts'
import type { SecretStore } from '../store/secret-store.ts'
import { checkWalletAddress } from './check-address.ts'

/*
 * The wallet commands as settings transformations: each takes the settings and answers the next
 * ones, or throws a DeskError naming the field. Endpoint URLs go to the secret store (they often
 * carry an API key); settings only remember which keys have one.
 */

export function addWallet(
  settings: Settings,
  networks: NetworkRegistry,
  input: { network: NetworkId; address: string; label: string },
  now: number,
): { settings: Settings; wallet: WalletSetting } {
  const check = checkWalletAddress(networkNamed(networks, input.network), input.address)
  if (!check.ok) throw new DeskError('invalid-input', `address: ${check.message}`, { field: 'address' })
  const same = settings.wallets.find((w) => w.network === input.network && w.address === check.address)
  if (same) throw new DeskError('invalid-input', `address: already watched as "${same.label}"`, { field: 'address' })
  if (settings.wallets.length >= settingsLimits.wallets) {
    throw new DeskError('invalid-input', `wallets: DePIN Desk watches at most ${String(settingsLimits.wallets)} addresses; remove one before adding another`, { field: 'wallets' })
  }
  const wallet: WalletSetting = { id: `wallet-${randomBytes(4).toString('hex')}`, network: input.network, address: check.address, label: input.label, addedAt: now }
  return { settings: { ...settings, wallets: [...settings.wallets, wallet] }, wallet }
}

export function renameWallet(settings: Settings, id: string, label: string): Settings {
  findWallet(settings, id)
  return { ...settings, wallets: settings.wallets.map((w) => (w.id === id ? { ...w, label } : w)) }
}

export function removeWallet(settings: Settings, id: string): Settings {
  findWallet(settings, id)
  return { ...settings, wallets: settings.wallets.filter((w) => w.id !== id) }
}

function findWallet(settings: Settings, id: string): WalletSetting {
  const wallet = settings.wallets.find((w) => w.id === id)
  if (!wallet) throw new DeskError('not-found', `No wallet with id "${id}".`)
  return wallet
}

export function setPriceOverride(settings: Settings, token: string, price: string | null): Settings {
  const count = Object.keys(settings.prices.overrides).length
  if (price !== null && !Object.hasOwn(settings.prices.overrides, token) && count >= settingsLimits.priceOverrides) {
    throw new DeskError('invalid-input', `token: at most ${String(settingsLimits.priceOverrides)} tokens can have your own price; clear one before setting another`, { field: 'token' })
  }
  const others = Object.fromEntries(Object.entries(settings.prices.overrides).filter(([symbol]) => symbol !== token))
  return { ...settings, prices: { ...settings.prices, overrides: price === null ? others : { ...others, [token]: price } } }
}

export const endpointSecretName = (key: EndpointKey): string => `endpoint:${key}:url`

/** Saves (or with null forgets) the operator's own URL for an endpoint key. */
export async function setEndpoint(settings: Settings, key: EndpointKey, url: string | null, secrets: SecretStore): Promise<Settings> {
  const others = settings.customEndpoints.filter((k) => k !== key)
  if (url === null || url.trim() === '') {
    await secrets.delete(endpointSecretName(key))
    return { ...settings, customEndpoints: others }
  }
  await secrets.set(endpointSecretName(key), parseEndpointUrl(url))
  return { ...settings, customEndpoints: [...others, key] }
}

function parseEndpointUrl(input: string): string {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new DeskError('invalid-input', 'url: not a URL; it looks like https://rpc.example.com/your-key', { field: 'url' })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DeskError('invalid-input', `url: DePIN Desk reads over HTTP(S), not ${url.protocol.replace(':', '')}; most providers give an https:// URL too`, { field: 'url' })
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  if (url.protocol === 'http:' && !loopback) {
    throw new DeskError('invalid-input', 'url: use https:// for a remote endpoint: over http:// an API key in the URL travels in the clear', { field: 'url' })
  }
  return url.toString()
}

export async function endpointList(settings: Settings, secrets: SecretStore): Promise<EndpointInfo[]> {
  return Promise.all(
    Object.values(endpointDefaults).map(async ({ key, label, endpoints }) => {
      const custom = settings.customEndpoints.includes(key) ? await secrets.get(endpointSecretName(key)) : undefined
      return { key, label, defaults: endpoints.map((e) => new URL(e.url).host), customHost: custom === undefined ? null : new URL(custom).host }
    }),
  )
}
