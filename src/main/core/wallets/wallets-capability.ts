import type { Capability, CoreContext } from '../capability.ts'
import type { WalletSystem } from './wallet-system.ts'

/** The chain SDKs, price feeds and ledger load only once a wallet is watched or the UI asks about wallets. */
const walletSupport = () => import('./wallet-system.ts')

type WalletMethods =
  | 'networks.list'
  | 'wallets.check'
  | 'wallets.add'
  | 'wallets.rename'
  | 'wallets.remove'
  | 'wallets.snapshot'
  | 'wallets.refresh'
  | 'prices.setOverride'
  | 'rewards.list'
  | 'rewards.reclassify'
  | 'rewards.addManual'
  | 'rewards.exportCsv'
  | 'endpoints.list'
  | 'endpoints.set'
  | 'history.backfill'

/** What other capabilities may use of the wallets: the system, loaded on first use, and whether it is. */
export type Wallets = Capability<WalletMethods> & {
  system(): Promise<WalletSystem>
  /** The system if something already loaded it; never loads it (alerts look, they do not load the SDKs). */
  loaded(): Promise<WalletSystem> | undefined
}

export type WalletsOptions = {
  /** Price feed base URLs instead of the public ones (a CoinGecko Pro or caching proxy; tests). */
  priceFeeds?: { coingecko?: string; coinpaprika?: string }
  /** False: chains are read only from the operator's own endpoints, never the public defaults. */
  publicEndpoints?: boolean
}

/** Watch-only wallets, prices and the rewards ledger, as one capability that loads on first use. */
export function createWallets(ctx: CoreContext, options: WalletsOptions): Wallets {
  const { log, events, settings } = ctx
  let system: Promise<WalletSystem> | undefined
  const load = (): Promise<WalletSystem> => {
    system ??= walletSupport().then(({ createWalletSystem }) => {
      const created = createWalletSystem({
        dataDir: ctx.dataDir,
        secrets: ctx.secrets,
        log,
        settings: () => settings.current,
        saveSettings: (next) => ctx.saveSettings(next),
        emit: (snapshot) => events.emit('wallets.updated', snapshot),
        emitBackfill: (status) => events.emit('backfill.progress', status),
        ...(options.priceFeeds === undefined ? {} : { priceFeeds: options.priceFeeds }),
        ...(options.publicEndpoints === undefined ? {} : { publicEndpoints: options.publicEndpoints }),
      })
      created.service.start()
      return created
    })
    return system
  }
  const refreshInBackground = (loaded: WalletSystem): void => {
    void loaded.refresh().catch((error: unknown) => log.error('wallet refresh failed', error))
  }

  return {
    system: load,
    loaded: () => system,
    handlers: {
      'networks.list': async () => (await load()).networks(),
      'wallets.check': async (draft) => (await load()).check(draft),
      'wallets.add': async (input) => (await load()).add(input),
      'wallets.rename': async (input) => (await load()).rename(input),
      'wallets.remove': async (input) => (await load()).remove(input),
      'wallets.snapshot': async () => (await load()).snapshot(),
      'wallets.refresh': async () => (await load()).refresh(),
      'prices.setOverride': async (input) => (await load()).setOverride(input),
      'rewards.list': async (query) => (await load()).rewards(query),
      'rewards.reclassify': async (input) => (await load()).reclassify(input),
      'rewards.addManual': async (input) => (await load()).addManual(input),
      'rewards.exportCsv': async (input) => (await load()).exportCsv(input),
      'endpoints.list': async () => (await load()).endpoints(),
      'endpoints.set': async (input) => (await load()).setEndpoint(input),
      'history.backfill': async (input) => (await load()).backfill(input),
    },
    async start() {
      if (settings.current.wallets.length > 0) await load()
    },
    async stop() {
      const running = system
      system = undefined
      await (await running)?.stop()
    },
    async settingsChanged(patch) {
      // Prices in another currency are other prices: ask the feeds again.
      if (patch.currency !== undefined && system) refreshInBackground(await system)
    },
    async settingsReplaced(next) {
      if (system) {
        const loaded = await system
        loaded.service.endpointsChanged()
        refreshInBackground(loaded)
      } else if (next.wallets.length > 0) {
        await load()
      }
      return []
    },
  }
}
