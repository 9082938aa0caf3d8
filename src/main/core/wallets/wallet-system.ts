import { join } from 'node:path'
import type { SettingsState } from '../../../shared/contract/app.ts'
import type { BackfillStatus } from '../../../shared/contract/backfill.ts'
import type { MethodParams } from '../../../shared/contract/methods.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { EndpointInfo, NetworkInfo, PriceQuote, RewardEntry, WalletCheck, WalletsSnapshot } from '../../../shared/contract/wallets.ts'
import { DeskError } from '../errors.ts'
import type { Logger } from '../log.ts'
import { ChainHttp } from '../net/chain-http.ts'
import { networkInfo, networkNamed, networks } from '../networks/index.ts'
import { createCoinGeckoFeed } from '../prices/coingecko.ts'
import { createCoinPaprikaFeed } from '../prices/coinpaprika.ts'
import { PriceService } from '../prices/price-service.ts'
import { fiatValue } from '../prices/token-value.ts'
import { LedgerStore } from '../store/ledger-store.ts'
import { DailyPrices, type DailyPrice } from '../prices/price-history.ts'
import { BackfillRunner } from './backfill/backfill-runner.ts'
import type { SecretStore } from '../store/secret-store.ts'
import { checkWalletAddress } from './check-address.ts'
import { rewardsCsv, rewardsCsvFilename } from './ledger-csv.ts'
import { addWallet, endpointList, endpointSecretName, removeWallet, renameWallet, setEndpoint, setPriceOverride } from './wallet-commands.ts'
import { WalletService } from './wallet-service.ts'

export type WalletSystemOptions = {
  /** Where the ledger lives; without it, in memory (tests). */
  dataDir: string | undefined
  secrets: SecretStore
  log: Logger
  settings: () => Settings
  /** Saves settings core built and tells every window; answers the new state. */
  saveSettings: (next: Settings) => SettingsState
  emit: (snapshot: WalletsSnapshot) => void
  /** A wallet's backfill moved on. */
  emitBackfill: (status: BackfillStatus) => void
  /** Price feed base URLs instead of the public ones. */
  priceFeeds?: { coingecko?: string; coinpaprika?: string }
  /** False: chains are read only from the operator's own endpoints. */
  publicEndpoints?: boolean
  now?: () => number
}

/**
 * Wallets, prices and the ledger, built together: loaded only once a wallet exists or the UI asks,
 * so a machine that watches no wallet never loads the chain SDKs.
 */
export function createWalletSystem(options: WalletSystemOptions) {
  const { secrets, log, settings } = options
  const now = options.now ?? Date.now
  const http = new ChainHttp()
  const ledger = LedgerStore.open(options.dataDir === undefined ? ':memory:' : join(options.dataDir, 'ledger.sqlite'), options.log)
  const prices = new PriceService({
    primary: createCoinGeckoFeed({ http, ...(options.priceFeeds?.coingecko === undefined ? {} : { baseUrl: options.priceFeeds.coingecko }) }),
    fallback: createCoinPaprikaFeed({ http, ...(options.priceFeeds?.coinpaprika === undefined ? {} : { baseUrl: options.priceFeeds.coinpaprika }) }),
    now,
  })
  prices.restore(ledger.loadPrices())
  // Set once the runner exists: the service's first read of a wallet starts its backfill.
  let startBackfill: (walletId: string) => void = () => undefined
  const service = new WalletService({
    networks,
    ledger,
    prices,
    http,
    settings,
    customEndpoint: (key) => (settings().customEndpoints.includes(key) ? secrets.get(endpointSecretName(key)) : Promise.resolve(undefined)),
    emit: options.emit,
    onBaseline: (walletId) => startBackfill(walletId),
    log,
    now,
    ...(options.publicEndpoints === undefined ? {} : { publicEndpoints: options.publicEndpoints }),
  })

  const dailyPrices = new DailyPrices({
    http,
    cache: {
      get: (symbol, currency, day): DailyPrice | undefined => {
        const kept = ledger.backfill.dailyPrice(symbol, currency, day)
        return kept?.source === 'coingecko' || kept?.source === 'coinpaprika' ? { price: kept.price, source: kept.source } : undefined
      },
      put: (entries) => ledger.backfill.saveDailyPrices(entries),
    },
    ...(options.priceFeeds === undefined ? {} : { priceFeeds: options.priceFeeds }),
    now,
  })
  const backfill = new BackfillRunner({
    ledger,
    networks,
    settings,
    context: (signal) => service.historyContext(signal),
    prices: dailyPrices,
    emit: options.emitBackfill,
    booked: () => options.emit(service.snapshot()),
    log,
    now,
  })
  startBackfill = (walletId) => {
    // In the background, after the baseline: what the wallet received before DePIN Desk watched it.
    if (settings().wallets.some((wallet) => wallet.id === walletId)) backfill.start(walletId)
  }
  backfill.resume()

  function backfillCommand({ walletId, action, depthDays }: MethodParams<'history.backfill'>): BackfillStatus[] {
    if (walletId === undefined) {
      if (action !== 'status') throw new DeskError('invalid-input', `walletId: say which wallet to ${action}`, { field: 'walletId' })
      return backfill.statuses()
    }
    if (action === 'start') return [backfill.start(walletId, depthDays)]
    if (action === 'pause') return [backfill.pause(walletId)]
    return [backfill.status(walletId)]
  }

  function checkDraft({ network, address }: MethodParams<'wallets.check'>): WalletCheck {
    return checkWalletAddress(networkNamed(networks, network), address)
  }

  function addOne(input: MethodParams<'wallets.add'>): SettingsState {
    const { settings: next, wallet } = addWallet(settings(), networks, input, now())
    const state = options.saveSettings(next)
    // The new wallet's first read starts now, beside any refresh in flight; the answer does not wait for a chain.
    void service.readNow(wallet.id).catch((error: unknown) => log.error('wallet read failed', error))
    return state
  }

  function removeOne({ id }: { id: string }): SettingsState {
    const state = options.saveSettings(removeWallet(settings(), id))
    service.forget(id)
    backfill.forget(id)
    options.emit(service.snapshot())
    return state
  }

  function addManual(input: MethodParams<'rewards.addManual'>): RewardEntry {
    const current = settings()
    const wallet = current.wallets.find((w) => w.id === input.walletId)
    if (!wallet) throw new DeskError('invalid-input', `walletId: no watched wallet has the id "${input.walletId}"`, { field: 'walletId' })
    if (BigInt(input.amount) === 0n) throw new DeskError('invalid-input', 'amount: a payout of nothing is not a reward', { field: 'amount' })
    // A minute of leeway for a clock a little ahead of ours.
    if (input.at > now() + 60_000) throw new DeskError('invalid-input', 'at: a payout cannot be in the future', { field: 'at' })
    const network = networkNamed(networks, wallet.network)
    const token = network.info.tokens.find((t) => t.symbol === input.token)
    if (!token) throw new DeskError('invalid-input', `token: ${network.info.name} pays no ${input.token}`, { field: 'token' })
    const quote = prices.quote(token.symbol, current.currency, current.prices.overrides)
    const amount = BigInt(input.amount)
    const entry = ledger.addReward({
      network: wallet.network,
      walletId: wallet.id,
      address: wallet.address,
      token: token.symbol,
      amount: input.amount,
      decimals: token.decimals,
      at: input.at,
      price: quote?.price ?? null,
      fiat: quote ? fiatValue(amount, token.decimals, quote.price) : null,
      currency: current.currency,
      source: 'manual',
      classification: 'reward',
      rule: 'recorded by you',
    })
    // Every window's ledger reloads on this.
    options.emit(service.snapshot())
    return entry
  }

  return {
    service,
    registry: networks,
    networks: (): NetworkInfo[] => [...networks.values()].map(networkInfo),
    check: checkDraft,
    add: addOne,
    rename: ({ id, label }: { id: string; label: string }): SettingsState => options.saveSettings(renameWallet(settings(), id, label)),
    remove: removeOne,
    snapshot: (): WalletsSnapshot => service.snapshot(),
    refresh: (): Promise<WalletsSnapshot> => service.refresh(),
    setOverride: ({ token, price }: { token: string; price: string | null }): SettingsState => {
      const state = options.saveSettings(setPriceOverride(settings(), token, price))
      options.emit(service.snapshot())
      return state
    },
    rewards: (query: MethodParams<'rewards.list'>): RewardEntry[] => ledger.rewards(query),
    /** Every entry in [fromMs, toMs), for the profit figures: no page limit. */
    rewardsBetween: (fromMs: number, toMs: number): RewardEntry[] => ledger.rewards({ fromMs, toMs, limit: Number.MAX_SAFE_INTEGER }),
    quote: (symbol: string): PriceQuote | null => prices.quote(symbol, settings().currency, settings().prices.overrides),
    reclassify: ({ id, classification }: { id: number; classification: 'reward' | 'transfer' }): RewardEntry => {
      const entry = ledger.reclassify(id, classification)
      if (!entry) throw new DeskError('not-found', `No reward with id ${id}.`)
      options.emit(service.snapshot())
      return entry
    },
    addManual,
    exportCsv: ({ fromMs, toMs, format }: MethodParams<'rewards.exportCsv'>): { filename: string; csv: string } => {
      // The whole range, not a page: a tax export that stops at some row count would be wrong without saying so.
      const entries = ledger.rewards({ fromMs, ...(toMs === undefined ? {} : { toMs }), limit: Number.MAX_SAFE_INTEGER })
      const labels = new Map(settings().wallets.map((w) => [w.id, w.label]))
      return { filename: rewardsCsvFilename(now(), format), csv: rewardsCsv(entries, labels, format) }
    },
    endpoints: (): Promise<EndpointInfo[]> => endpointList(settings(), secrets),
    setEndpoint: async ({ key, url }: MethodParams<'endpoints.set'>): Promise<EndpointInfo[]> => {
      options.saveSettings(await setEndpoint(settings(), key, url, secrets))
      service.endpointsChanged()
      return endpointList(settings(), secrets)
    },
    backfill: backfillCommand,
    async stop(): Promise<void> {
      await backfill.stop()
      await service.stop()
      ledger.close()
    },
  }
}

export type WalletSystem = ReturnType<typeof createWalletSystem>
