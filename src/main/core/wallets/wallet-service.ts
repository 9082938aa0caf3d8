import type { Settings } from '../../../shared/contract/settings.ts'
import {
  endpointKeys,
  ownedHoldingKinds,
  type EndpointKey,
  type FactView,
  type HoldingView,
  type PriceQuote,
  type RewardEntry,
  type WalletSetting,
  type WalletsSnapshot,
  type WalletView,
} from '../../../shared/contract/wallets.ts'
import type { Logger } from '../log.ts'
import type { ChainHttp } from '../net/chain-http.ts'
import { EndpointPool } from '../net/endpoint-pool.ts'
import { endpointDefaults } from '../networks/endpoint-defaults.ts'
import type { NetworkRegistry } from '../networks/index.ts'
import { mainPart, type FactRecord, type Holding, type HoldingsRead, type ReadContext, type UnitPrice } from '../holdings/holding.ts'
import type { PricedToken } from '../prices/price-feed.ts'
import type { PriceService } from '../prices/price-service.ts'
import { fiatValue, sumFiat } from '../prices/token-value.ts'
import { unitQuote } from '../prices/unit-quote.ts'
import type { LastRead, LedgerStore } from '../store/ledger-store.ts'
import { stepFacts } from './fact-step.ts'
import { stepRead } from './read-step.ts'

export type WalletServiceOptions = {
  networks: NetworkRegistry
  ledger: LedgerStore
  prices: PriceService
  http: ChainHttp
  settings: () => Settings
  /** The operator's own URL for an endpoint key, from the secret store. */
  customEndpoint: (key: EndpointKey) => Promise<string | undefined>
  emit: (snapshot: WalletsSnapshot) => void
  /** A wallet's first good read was recorded (its baseline): the backfill may start. */
  onBaseline?: (walletId: string) => void
  log: Logger
  now?: () => number
  /** One wallet's read gives up after this long; the others go on. */
  readTimeoutMs?: number
  /** False: read only from the operator's own endpoints, never the public defaults (privacy; tests). */
  publicEndpoints?: boolean
}

type ReadOutcome = { wallet: WalletSetting; at: number } & ({ ok: true; read: HoldingsRead } | { ok: false; error: string })

/**
 * Reads every watched wallet and the prices of their tokens, on a timer and on demand; turns
 * each read into the ledger's holdings and reward events; answers the snapshot the UI shows.
 * A wallet whose chain fails keeps its last good holdings, marked stale with the reason.
 */
export class WalletService {
  readonly #options: WalletServiceOptions
  readonly #now: () => number
  readonly #pools = new Map<EndpointKey, Promise<EndpointPool>>()
  readonly #stop = new AbortController()
  /** Each wallet's read in flight, so a caller waits for it instead of starting another. */
  readonly #inFlight = new Map<string, Promise<void>>()
  #timer: ReturnType<typeof setTimeout> | null = null
  #priceProblems: string[] = []

  constructor(options: WalletServiceOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
    for (const { endpoints } of Object.values(endpointDefaults)) {
      for (const endpoint of endpoints) options.http.limiter.declare(new URL(endpoint.url).host, endpoint.limit)
    }
  }

  /** Reads now, then every `walletRefreshMinutes`. */
  start(): void {
    this.#schedule(0)
  }

  async stop(): Promise<void> {
    this.#stop.abort()
    if (this.#timer) clearTimeout(this.#timer)
    await Promise.allSettled(this.#inFlight.values())
  }

  /**
   * Answers once every wallet watched at the call has been read: one already being read is
   * waited for, the others are read now (never twice at once).
   */
  async refresh(): Promise<WalletsSnapshot> {
    await this.#readAll(this.#options.settings().wallets)
    return this.snapshot()
  }

  /** Reads one wallet now (a wallet just added), beside any refresh in flight. */
  async readNow(walletId: string): Promise<void> {
    const wallet = this.#options.settings().wallets.find((w) => w.id === walletId)
    if (wallet) await this.#readAll([wallet])
  }

  /** The operator changed an endpoint: the next read builds its pool again. */
  endpointsChanged(): void {
    this.#pools.clear()
  }

  forget(walletId: string): void {
    this.#options.ledger.forgetWallet(walletId)
  }

  snapshot(): WalletsSnapshot {
    const settings = this.#options.settings()
    const reads = new Map(settings.wallets.map((w) => [w.id, this.#options.ledger.lastRead(w.id)]))
    const unitPrices = newestUnitPrices([...reads.values()])
    const quotes = this.#quotes(settings, unitPrices)
    const wallets = settings.wallets.map((wallet) => this.#walletView(wallet, reads.get(wallet.id) ?? null, quotes, settings))
    return {
      currency: settings.currency,
      wallets,
      total: addUp(wallets),
      networks: [...Map.groupBy(wallets, (view) => view.wallet.network)].map(([network, views]) => ({
        network,
        ...addUp(views),
        freshness: views.some((v) => v.freshness === 'stale') ? 'stale' : views.some((v) => v.freshness === 'pending') ? 'pending' : 'live',
      })),
      prices: [...quotes.values()],
      refreshing: this.#inFlight.size > 0,
      at: this.#now(),
    }
  }

  #schedule(delayMs: number): void {
    if (this.#stop.signal.aborted) return
    this.#timer = setTimeout(() => {
      void this.refresh()
        .catch((error: unknown) => this.#options.log.error('wallet refresh failed', error))
        .finally(() => this.#schedule(this.#options.settings().walletRefreshMinutes * 60_000))
    }, delayMs)
    this.#timer.unref()
  }

  async #readAll(wallets: readonly WalletSetting[]): Promise<void> {
    const waiting = wallets.flatMap((w) => this.#inFlight.get(w.id) ?? [])
    const fresh = wallets.filter((w) => !this.#inFlight.has(w.id))
    if (fresh.length > 0) {
      // Started on the next tick, so the batch's first snapshot already counts these wallets in flight.
      const batch = Promise.resolve()
        .then(() => this.#readBatch(fresh))
        .finally(() => {
          for (const wallet of fresh) this.#inFlight.delete(wallet.id)
          this.#options.emit(this.snapshot())
        })
      for (const wallet of fresh) this.#inFlight.set(wallet.id, batch)
      waiting.push(batch)
    }
    await Promise.all(waiting)
  }

  async #readBatch(wallets: readonly WalletSetting[]): Promise<void> {
    this.#options.emit(this.snapshot())
    const [outcomes] = await Promise.all([Promise.all(wallets.map((wallet) => this.#read(wallet))), this.#refreshPrices(this.#options.settings())])
    // Rewards are valued after the prices arrive, so a reward found now carries today's price.
    const current = this.#options.settings()
    for (const outcome of outcomes) {
      if (current.wallets.some((w) => w.id === outcome.wallet.id)) this.#record(outcome, current)
    }
  }

  async #read(wallet: WalletSetting): Promise<ReadOutcome> {
    const module = this.#options.networks.get(wallet.network)
    if (!module) return { wallet, at: this.#now(), ok: false, error: `this version of DePIN Desk does not read ${wallet.network}` }
    const signal = AbortSignal.any([this.#stop.signal, AbortSignal.timeout(this.#options.readTimeoutMs ?? 60_000)])
    const pools = new Map<EndpointKey, EndpointPool>()
    try {
      for (const key of module.endpoints) pools.set(key, await this.#pool(key))
      const read = await module.read(
        {
          http: this.#options.http,
          signal,
          pool: (key) => {
            const pool = pools.get(key)
            if (!pool) throw new RangeError(`${module.info.name} reads ${key} without declaring it in its endpoints`)
            return pool
          },
        },
        wallet.address,
      )
      return { wallet, at: this.#now(), ok: true, read }
    } catch (error) {
      const message = signal.aborted && !this.#stop.signal.aborted ? 'the read took too long and was stopped' : errorText(error)
      return { wallet, at: this.#now(), ok: false, error: message }
    }
  }

  /**
   * What a history source reads through: the same HTTP client, host limits and endpoint pools as
   * live reads, every endpoint key available (a history source may read an archive node), and a
   * signal that ends with the service.
   */
  async historyContext(signal: AbortSignal): Promise<ReadContext> {
    const pools = new Map<EndpointKey, EndpointPool>()
    for (const key of endpointKeys) {
      // A key with no endpoint (an indexer the operator has not set) is simply not there.
      const pool = await this.#pool(key).catch(() => null)
      if (pool !== null) pools.set(key, pool)
    }
    return {
      http: this.#options.http,
      signal: AbortSignal.any([this.#stop.signal, signal]),
      pool: (key) => {
        const pool = pools.get(key)
        if (!pool) throw new Error(`no endpoint for ${endpointDefaults[key].label}: none is set`)
        return pool
      },
    }
  }

  #pool(key: EndpointKey): Promise<EndpointPool> {
    let pool = this.#pools.get(key)
    if (!pool) {
      pool = this.#options.customEndpoint(key).then((custom) => {
        const defaults = this.#options.publicEndpoints === false ? [] : endpointDefaults[key].endpoints.map((e) => e.url)
        const urls = custom === undefined ? defaults : [custom, ...defaults.filter((url) => url !== custom)]
        if (urls.length === 0) throw new Error(`no endpoint for ${endpointDefaults[key].label}: public endpoints are off and none of your own is set`)
        return new EndpointPool(urls, this.#now)
      })
      this.#pools.set(key, pool)
    }
    return pool
  }

  async #refreshPrices(settings: Settings): Promise<void> {
    const tokens = this.#tokensInUse(settings)
    if (tokens.length === 0) return
    const { problems } = await this.#options.prices.refresh(tokens, settings.currency, this.#stop.signal)
    this.#priceProblems = problems
    for (const problem of problems) this.#options.log.warn(`prices: ${problem}`)
    this.#options.ledger.savePrices(this.#options.prices.snapshot())
  }

  #record(outcome: ReadOutcome, settings: Settings): void {
    const { ledger, log, networks } = this.#options
    const { wallet } = outcome
    if (!outcome.ok) {
      ledger.recordFailure(wallet.id, outcome.at, outcome.error)
      log.warn(`${wallet.network} wallet ${wallet.label}: ${outcome.error}`)
      return
    }
    const last = ledger.lastRead(wallet.id)
    const previous = last?.fetchedAt == null ? null : { holdings: ledger.lastHoldings(wallet.id), parts: last.parts, unitPrices: last.unitPrices }
    const module = networks.get(wallet.network)
    const step = stepRead(previous, outcome.read, {
      parts: module?.parts ?? [mainPart],
      earnedIsIncome: module?.info.rewards.source === 'native',
      conversions: module?.conversions ?? [],
    })
    const facts = stepFacts(previous === null ? null : last?.facts ?? null, outcome.read, { at: outcome.at, seenParts: previous?.parts ?? [] })
    // Valued at the prices of this read: a reward in alpha at this read's pool price.
    const quotes = this.#quotes(settings, step.state.unitPrices)
    const rewards = step.bookings.map((booking): Omit<RewardEntry, 'id'> => {
      const quote = quotes.get(booking.token)
      return {
        network: wallet.network,
        walletId: wallet.id,
        address: wallet.address,
        token: booking.token,
        amount: booking.amount.toString(),
        decimals: booking.decimals,
        at: outcome.at,
        price: quote?.price ?? null,
        fiat: quote ? fiatValue(booking.amount, booking.decimals, quote.price) : null,
        currency: settings.currency,
        source: booking.source,
        classification: booking.classification,
        rule: booking.rule,
      }
    })
    ledger.recordRead(wallet.id, { at: outcome.at, hosts: outcome.read.hosts, holdings: step.state.holdings, parts: step.state.parts, unitPrices: step.state.unitPrices, facts }, rewards)
    if (previous === null) {
      // The baseline: the backfill reads the past up to here, and live reads book from here on.
      ledger.backfill.noteBaseline(wallet.id, outcome.at)
      this.#options.onBaseline?.(wallet.id)
    }
    // A partial read is saved and still marked: the parts that failed show their last good figures.
    const problems = (outcome.read.failed ?? []).map((f) => f.problem)
    if (problems.length > 0) {
      ledger.recordFailure(wallet.id, outcome.at, `partly read: ${problems.join('; ')}`)
      log.warn(`${wallet.network} wallet ${wallet.label}: partly read: ${problems.join('; ')}`)
    }
  }

  /** Quotes for the tokens in use, and for each unit the chain prices in one of them (alpha in TAO). */
  #quotes(settings: Settings, unitPrices: readonly UnitPrice[]): Map<string, PriceQuote> {
    const { prices } = this.#options
    const quotes = new Map<string, PriceQuote>()
    for (const token of this.#tokensInUse(settings)) {
      const quote = prices.quote(token.symbol, settings.currency, settings.prices.overrides)
      if (quote) quotes.set(token.symbol, quote)
    }
    for (const unit of unitPrices) {
      const own = prices.quote(unit.unit, settings.currency, settings.prices.overrides)
      const base = quotes.get(unit.quote)
      if (own) quotes.set(unit.unit, own)
      else if (base) quotes.set(unit.unit, unitQuote(unit, base, 'on-chain pool'))
    }
    return quotes
  }

  #walletView(wallet: WalletSetting, read: LastRead | null, quotes: Map<string, PriceQuote>, settings: Settings): WalletView {
    const { ledger } = this.#options
    const holdings = ledger.lastHoldings(wallet.id).filter(shown).map((h) => holdingView(h, quotes.get(h.token)))
    const owned = holdings.filter((h) => ownedHoldingKinds.includes(h.kind))
    const priced = owned.filter((h) => h.fiat !== null).map((h) => h.fiat ?? '0')
    const fetchedAt = read?.fetchedAt ?? null
    const staleAfterMs = 2 * settings.walletRefreshMinutes * 60_000
    const failedSince = read?.errorAt != null && (fetchedAt === null || read.errorAt >= fetchedAt)
    const facts = (read?.facts ?? []).map(factView)
    const freshness = fetchedAt === null ? (failedSince ? 'stale' : 'pending') : failedSince || this.#now() - fetchedAt > staleAfterMs ? 'stale' : 'live'
    return {
      wallet,
      holdings,
      fiatTotal: priced.length === 0 ? null : sumFiat(priced),
      partial: owned.some((h) => h.fiat === null && h.amount !== '0'),
      freshness,
      fetchedAt,
      source: read?.hosts ?? [],
      error: failedSince ? (read.error ?? null) : null,
      ...(facts.length === 0 ? {} : { facts }),
    }
  }

  #tokensInUse(settings: Settings): PricedToken[] {
    const seen = new Map<string, PricedToken>()
    for (const wallet of settings.wallets) {
      for (const token of this.#options.networks.get(wallet.network)?.info.tokens ?? []) {
        if (!seen.has(token.symbol)) seen.set(token.symbol, { symbol: token.symbol, priceIds: token.priceIds })
      }
    }
    return [...seen.values()]
  }

  get priceProblems(): readonly string[] {
    return this.#priceProblems
  }
}

/** Each unit's price from the wallet read most recently. */
function newestUnitPrices(reads: readonly ({ fetchedAt: number | null; unitPrices: UnitPrice[] } | null)[]): UnitPrice[] {
  const newest = new Map<string, { at: number; price: UnitPrice }>()
  for (const read of reads) {
    if (read?.fetchedAt == null) continue
    for (const price of read.unitPrices) {
      const seen = newest.get(price.unit)
      if (seen === undefined || seen.at < read.fetchedAt) newest.set(price.unit, { at: read.fetchedAt, price })
    }
  }
  return [...newest.values()].map((entry) => entry.price)
}

function addUp(views: readonly WalletView[]): { fiat: string | null; partial: boolean } {
  const priced = views.flatMap((v) => (v.fiatTotal === null ? [] : [v.fiatTotal]))
  return { fiat: priced.length === 0 ? null : sumFiat(priced), partial: views.some((v) => v.partial) }
}

/** A stake, lock or pending reward that went to zero is kept (so its return is not new) but not shown. */
const hiddenAtZero = new Set<Holding['kind']>(['staked', 'locked', 'pending-reward', 'vesting'])
const shown = (holding: Holding): boolean => holding.amount > 0n || !hiddenAtZero.has(holding.kind)

function holdingView(holding: Holding, quote: PriceQuote | undefined): HoldingView {
  return {
    token: holding.token,
    kind: holding.kind,
    amount: holding.amount.toString(),
    decimals: holding.decimals,
    detail: holding.detail ?? null,
    fiat: quote ? fiatValue(holding.amount, holding.decimals, quote.price) : null,
    ...(holding.kept === true ? { kept: true as const } : {}),
  }
}

function factView(fact: FactRecord): FactView {
  return {
    kind: fact.kind,
    key: fact.key,
    status: fact.status,
    words: fact.words,
    summary: fact.summary === true,
    figures: fact.figures,
    amount: fact.amount === undefined ? null : { token: fact.amount.token, amount: fact.amount.amount.toString(), decimals: fact.amount.decimals },
    since: fact.since,
    sinceFirstRead: fact.sinceFirstRead,
    previous: fact.previous,
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
