import type { HardwareSample } from '../../../../src/shared/contract/hardware.ts'
import type { PowerSourceStatus } from '../../../../src/shared/contract/power.ts'
import { defaultSettings, type Settings } from '../../../../src/shared/contract/settings.ts'
import type { FactView, HoldingView, PriceQuote, RewardEntry, WalletView, WalletsSnapshot } from '../../../../src/shared/contract/wallets.ts'
import type { AlertRule, AlertState, Thresholds } from '../../../../src/main/core/alerts/rule.ts'
import { networkInfo, networks } from '../../../../src/main/core/networks/index.ts'

/*
 * A small builder of the state a rule sees: every field at a quiet default (nothing watched,
 * nothing sampled), so a test sets only what its rule reads. The clock is fixed.
 */

export const now = Date.UTC(2026, 4, 20, 12, 0, 0)
export const minute = 60_000
export const hour = 3_600_000
export const day = 86_400_000

export function state(overrides: Partial<AlertState> = {}): AlertState {
  return {
    now,
    settings: defaultSettings,
    hardware: null,
    paused: false,
    historyProblem: null,
    nodes: null,
    wallets: null,
    previousHoldings: new Map(),
    rewards: [],
    profit: null,
    priceHistory: [],
    networks: new Map([...networks.values()].map((module) => [module.info.id, networkInfo(module)])),
    lastOpened: () => null,
    ...overrides,
  }
}

/** A rule's default thresholds with some changed. */
export function thresholds(rule: AlertRule, changes: Record<string, number> = {}): Thresholds {
  return { ...Object.fromEntries(rule.thresholds.map((spec) => [spec.key, spec.default])), ...changes }
}

/** Settings with one rule's thresholds set, as the operator saves them. */
export function withRuleThresholds(id: string, values: Record<string, number>): Settings {
  return { ...defaultSettings, alerts: { ...defaultSettings.alerts, rules: { [id]: { thresholds: values } } } }
}

export function sample(overrides: Partial<HardwareSample> = {}, powerSources: PowerSourceStatus[] = []): HardwareSample {
  return {
    provenance: { kind: 'measured', source: 'test', at: now },
    durationMs: 1,
    cpu: { loadPercent: 10, cores: 8, perCorePercent: [] },
    memory: { usedBytes: 1, totalBytes: 2 },
    network: null,
    uptimeSeconds: 100,
    temperatures: [],
    disks: [],
    battery: null,
    gpus: [],
    power: {
      total: { totalWatts: null, kind: 'estimated', basis: 'none', sources: [], readings: [], at: null, reason: 'none' },
      sources: powerSources,
    },
    ...overrides,
  }
}

export function gpu(overrides: Partial<HardwareSample['gpus'][number]> = {}): HardwareSample['gpus'][number] {
  return {
    id: 'nvidia:GPU-1',
    vendor: 'nvidia',
    name: 'RTX 4090',
    utilizationPercent: 90,
    temperatureCelsius: 60,
    powerWatts: 300,
    powerLimitWatts: 450,
    fanPercent: 50,
    memoryUsedMib: 1,
    memoryTotalMib: 24_000,
    clockMhz: 2500,
    throttleReasons: [],
    at: now,
    stale: false,
    ...overrides,
  }
}

export function holding(token: string, amount: bigint | string, overrides: Partial<HoldingView> = {}): HoldingView {
  return { token, kind: 'liquid', amount: amount.toString(), decimals: 9, detail: null, fiat: null, ...overrides }
}

/** A fact of the wallet's last read (kind and what a test sets), in its status since an hour ago, seen at a read before. */
export function fact(kind: string, overrides: Partial<FactView> = {}): FactView {
  return { kind, key: '', status: 'ok', words: kind, summary: false, figures: {}, amount: null, since: now - hour, sinceFirstRead: false, previous: null, ...overrides }
}

let walletCount = 0

export function wallet(network: string, overrides: Partial<WalletView> & { label?: string; addedAt?: number; address?: string; id?: string } = {}): WalletView {
  const { label, addedAt, address, id, ...rest } = overrides
  walletCount++
  return {
    wallet: {
      id: id ?? `wallet-${String(walletCount).padStart(8, '0')}`,
      network,
      address: address ?? `address${String(walletCount)}`,
      label: label ?? `Rig ${String(walletCount)}`,
      addedAt: addedAt ?? now - 30 * day,
    },
    holdings: [],
    fiatTotal: null,
    partial: false,
    freshness: 'live',
    fetchedAt: now - minute,
    source: ['rpc.example'],
    error: null,
    ...rest,
  }
}

export function snapshot(wallets: WalletView[], prices: PriceQuote[] = []): WalletsSnapshot {
  return { currency: 'usd', wallets, total: { fiat: null, partial: false }, networks: [], prices, refreshing: false, at: now }
}

export function quote(token: string, price: string, overrides: Partial<PriceQuote> = {}): PriceQuote {
  return { token, currency: 'usd', price, source: 'coingecko', at: now, freshness: 'live', warning: null, change24hPct: null, ...overrides }
}

let rewardCount = 0

export function reward(view: WalletView, at: number, amount: bigint | string, overrides: Partial<RewardEntry> = {}): RewardEntry {
  rewardCount++
  return {
    id: rewardCount,
    network: view.wallet.network,
    walletId: view.wallet.id,
    address: view.wallet.address,
    token: 'TAO',
    amount: amount.toString(),
    decimals: 9,
    at,
    price: null,
    fiat: null,
    currency: 'usd',
    source: 'balance-delta',
    classification: 'reward',
    rule: null,
    ...overrides,
  }
}
