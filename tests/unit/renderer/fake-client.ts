import type { Alert, AlertRuleInfo, AlertsSnapshot, PushChannelStatus } from '../../../src/shared/contract/alerts.ts'
import type { BackfillRequest, BackfillStatus } from '../../../src/shared/contract/backfill.ts'
import type { EventName } from '../../../src/shared/contract/events.ts'
import type { HardwareSample, Temperature } from '../../../src/shared/contract/hardware.ts'
import type { MethodName } from '../../../src/shared/contract/methods.ts'
import type { NodesSnapshot, NodeView } from '../../../src/shared/contract/nodes.ts'
import type { NetworkProfit, ProfitFigures, ProfitSnapshot, ProfitWindow } from '../../../src/shared/contract/profit.ts'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import type { NetworkInfo, RewardEntry, WalletSetting, WalletsSnapshot, WalletView } from '../../../src/shared/contract/wallets.ts'
import { unwrap, type ConnectionState, type DeskClient } from '../../../src/renderer/src/api/client.ts'

/** A fixed answer, or one computed from the input (possibly later, to test ordering). */
export type Answer = Envelope<unknown> | ((input: unknown) => Envelope<unknown> | Promise<Envelope<unknown>>)

/** The seam the store talks through: answers from a table, events pushed by the test. */
export function fakeClient(answers: Partial<Record<MethodName, Answer>>) {
  const listeners = new Map<string, (payload: unknown) => void>()
  const connectionListeners: ((state: ConnectionState) => void)[] = []
  const calls: { method: MethodName; input: unknown }[] = []
  const callSafe = async (method: MethodName, input: unknown): Promise<Envelope<unknown>> => {
    calls.push({ method, input })
    const answer = answers[method] ?? { ok: false, error: { code: 'not-found', message: method, retryable: false } }
    return typeof answer === 'function' ? answer(input) : answer
  }
  const client = {
    callSafe,
    call: async (method: MethodName, input: unknown) => unwrap(await callSafe(method, input)),
    on: (event: EventName, listener: (payload: unknown) => void) => {
      listeners.set(event, listener)
      return () => listeners.delete(event)
    },
    connection: { status: 'connecting', retryAt: null },
    onConnection: (listener: (state: ConnectionState) => void) => {
      connectionListeners.push(listener)
      return () => undefined
    },
    close: () => undefined,
  } as unknown as DeskClient
  return {
    client,
    calls,
    emit: (event: EventName, payload: unknown) => listeners.get(event)?.(payload),
    connect: (state: ConnectionState) => connectionListeners.forEach((l) => l(state)),
    listenerCount: () => listeners.size,
  }
}

export function sample(at: number, cpu: number, temperatures: Temperature[] = []): HardwareSample {
  return {
    provenance: { kind: 'measured', source: 'procfs', at },
    durationMs: 1,
    cpu: { loadPercent: cpu, cores: 2, perCorePercent: [cpu, cpu] },
    memory: { usedBytes: 1, totalBytes: 2 },
    network: null,
    uptimeSeconds: 10,
    temperatures,
    disks: [],
    battery: null,
    gpus: [],
    power: {
      total: { totalWatts: null, kind: 'estimated', basis: 'none', sources: [], readings: [], at: null, reason: 'no power reading' },
      sources: [],
    },
  }
}

/** A network as networks.list answers it (Grass: GRASS, an SPL token on Solana). */
export function networkInfo(overrides: Partial<NetworkInfo> = {}): NetworkInfo {
  return {
    id: 'grass',
    name: 'Grass',
    chain: 'solana',
    tokens: [{ symbol: 'GRASS', name: 'Grass', decimals: 9, where: 'SPL mint Grass7B…XXjs' }],
    addressHint: 'your Solana wallet address (base58, 32–44 characters)',
    rewards: { source: 'balance-delta', note: 'rewards are read as balance increases' },
    payout: { kind: 'on-claim', expectedEveryHours: null, note: 'paid when you claim in the Grass dashboard' },
    ...overrides,
  }
}

export function walletSetting(overrides: Partial<WalletSetting> = {}): WalletSetting {
  return { id: 'wallet-1a2b3c4d', network: 'grass', address: 'vines1vzrYbzLMRdu58ou5XTby4qAqVRLmqo36NKPTg', label: 'Rig 1', addedAt: 1, ...overrides }
}

/** A wallet core has read: 12.5 GRASS available, valued at 2.00 each. */
export function walletView(wallet: WalletSetting = walletSetting(), overrides: Partial<WalletView> = {}): WalletView {
  return {
    wallet,
    holdings: [{ token: 'GRASS', kind: 'liquid', amount: '12500000000', decimals: 9, detail: null, fiat: '25.00' }],
    fiatTotal: '25.00',
    partial: false,
    freshness: 'live',
    fetchedAt: 1_000,
    source: ['api.mainnet-beta.solana.com'],
    error: null,
    ...overrides,
  }
}

/**
 * A snapshot as core answers it. Its totals are core's for the wallets given by default (one
 * walletView(): 25.00 on Grass; none for no wallet): pass `total` and `networks` for others,
 * since the page shows core's sums and never adds them up itself.
 */
export function walletsSnapshot(wallets: WalletView[], at = 1_000, overrides: Partial<WalletsSnapshot> = {}): WalletsSnapshot {
  const none = wallets.length === 0
  return {
    currency: 'usd',
    wallets,
    total: { fiat: none ? null : '25.00', partial: false },
    networks: none ? [] : [{ network: 'grass', fiat: '25.00', partial: false, freshness: 'live' }],
    prices: [{ token: 'GRASS', currency: 'usd', price: '2', source: 'coingecko', at, freshness: 'live', warning: null, change24hPct: null }],
    refreshing: false,
    at,
    ...overrides,
  }
}

/** A ledger event as core answers it: 0.5 GRASS found as a balance increase on Rig 1, at 2.00 then. */
export function rewardEntry(overrides: Partial<RewardEntry> = {}): RewardEntry {
  return {
    id: 1,
    network: 'grass',
    walletId: 'wallet-1a2b3c4d',
    address: 'vines1vzrYbzLMRdu58ou5XTby4qAqVRLmqo36NKPTg',
    token: 'GRASS',
    amount: '500000000',
    decimals: 9,
    at: 1_000,
    price: '2',
    fiat: '1',
    currency: 'usd',
    source: 'balance-delta',
    classification: 'reward',
    rule: 'growth of everything owned in GRASS',
    ...overrides,
  }
}

const windowDays: Record<ProfitWindow, number> = { today: 1, '7d': 7, '30d': 30, all: 90 }

/**
 * One window's figures as core answers them, scaled from Grass's 30 days: 45.00 revenue at receipt
 * (50.00 at today's price), 36 kWh at 0.30 = 10.80, 27.78 amortization, 5.00 other: net 1.42.
 */
export function profitFigures(window: ProfitWindow = '30d', overrides: Partial<ProfitFigures> = {}): ProfitFigures {
  const days = windowDays[window]
  const f = (per30: number): string => ((per30 * days) / 30).toFixed(2)
  return {
    window,
    fromMs: 1_000 - days * 86_400_000,
    toMs: 1_000,
    days,
    revenue: f(45),
    revenueAtToday: f(50),
    kwh: (36 * days) / 30,
    electricity: f(10.8),
    amortization: f(27.78),
    otherCosts: f(5),
    net: f(1.42),
    netPerDay: (1.42 / 30).toFixed(8),
    missing: [],
    ...overrides,
  }
}

export function networkProfit(overrides: Partial<NetworkProfit> = {}): NetworkProfit {
  return {
    network: 'grass',
    name: 'Grass',
    token: 'GRASS',
    currentPrice: '2',
    windows: (['today', '7d', '30d', 'all'] as const).map((w) => profitFigures(w)),
    breakEvenPrice: '1.9368',
    breakEvenKwhPrice: '0.33944444',
    payback: { state: 'on-track', at: Date.UTC(2027, 0, 15) },
    attribution: 'GPU 0 + 50 % of the rest',
    lastReward: { at: 1_000 - 3_600_000, token: 'GRASS', amount: '10000000000', decimals: 9, fiat: '20' },
    nextRewardDueAt: null,
    ...overrides,
  }
}

/** A summary as core answers it: Grass alone, so the total is Grass's figures. */
export function profitSnapshot(overrides: Partial<ProfitSnapshot> = {}): ProfitSnapshot {
  const grass = networkProfit()
  return {
    currency: 'usd',
    at: 1_000,
    total: grass.windows,
    networks: [grass],
    daily: Array.from({ length: 30 }, (_, i) => ({ dayStartMs: Date.UTC(2026, 0, 1) + i * 86_400_000, net: i === 3 ? null : '0.05', byNetwork: { grass: i === 3 ? null : '0.05' } })),
    power: { kind: 'measured', reason: 'wall plug (Rig plug) · measured' },
    whatIf: null,
    ...overrides,
  }
}

/** An open alert as core words it: the Rig plug unreachable for 5 minutes, a warning. */
export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 1,
    rule: 'plug-unreachable',
    subject: 'plug-1a2b3c4d',
    severity: 'warning',
    title: 'Smart plug “Rig plug” unreachable',
    message: 'Rig plug (127.0.0.1:8080) has not answered for 5 min. Check that it is powered and on the network.',
    network: null,
    walletId: null,
    host: '127.0.0.1:8080',
    figure: 'no answer for 5 min',
    threshold: 'alert after 2 min',
    view: 'hardware',
    link: null,
    state: 'open',
    since: 1_000,
    openedAt: 121_000,
    lastSeenAt: 301_000,
    resolvedAt: null,
    ackedAt: null,
    snoozedUntil: null,
    ...overrides,
  }
}

/** A snapshot of the given open alerts, counted as core counts them: acknowledged ones not at all, snoozed ones apart, the worst of the rest. */
export function alertsSnapshot(open: Alert[], at = 301_000, overrides: Partial<AlertsSnapshot> = {}): AlertsSnapshot {
  const counted = open.filter((a) => a.ackedAt === null)
  const snoozed = counted.filter((a) => a.snoozedUntil !== null && a.snoozedUntil > at)
  const rank = ['info', 'warning', 'critical'] as const
  const worst = counted.filter((a) => !snoozed.includes(a)).reduce<Alert['severity'] | null>((w, a) => (w === null || rank.indexOf(a.severity) > rank.indexOf(w) ? a.severity : w), null)
  return { open, counts: { open: counted.length, snoozed: snoozed.length, worst }, quiet: false, fresh: [], at, ...overrides }
}

/** A rule as alerts.rules answers it: GPU temperature, 85 °C for 5 min. */
export function ruleInfo(overrides: Partial<AlertRuleInfo> = {}): AlertRuleInfo {
  return {
    id: 'temperature-high',
    name: 'Temperature high',
    explanation: 'A sensor over its limit for minutes on end wears the hardware and throttles earnings.',
    severity: 'warning',
    network: null,
    enabled: true,
    thresholds: [
      { key: 'celsius', label: 'Limit', unit: '°C', value: 85, default: 85, min: 40, max: 110 },
      { key: 'minutes', label: 'For', unit: 'min', value: 5, default: 5, min: 1, max: 120 },
    ],
    current: 'GPU 0 at 71 °C',
    ...overrides,
  }
}

export function channelStatus(overrides: Partial<PushChannelStatus> = {}): PushChannelStatus {
  return {
    channel: { id: 'channel-1a2b3c4d', kind: 'ntfy', label: 'My phone', host: 'ntfy.sh', minSeverity: 'warning' },
    lastSentAt: null,
    lastError: null,
    ...overrides,
  }
}

/**
 * A node as nodes.list answers it: a Bittensor miner on subnet 19, confirmed, running since
 * 1_000 with one restart, using GPU 0, with a measured GPU and an estimated CPU share, and one
 * posture finding (it listens on every address).
 */
export function nodeView(overrides: Partial<NodeView> = {}): NodeView {
  return {
    id: 'bittensor-miner:pid-cmd:3b1f',
    name: 'SN19 miner',
    network: 'bittensor',
    networkName: 'Bittensor',
    software: 'Bittensor miner',
    confirmed: true,
    match: { kind: 'process', pattern: 'neurons/miner\\.py.*--netuid 19' },
    where: 'pid 4121 python neurons/miner.py --netuid 19',
    state: 'running',
    since: 1_000,
    restarts: 1,
    pids: [4121],
    resources: {
      cpuPercent: 42.5,
      memoryBytes: 3 * 2 ** 30,
      diskReadBytesPerSecond: 12_000,
      diskWriteBytesPerSecond: 0,
      netRxBytesPerSecond: null,
      netTxBytesPerSecond: null,
      gpus: [{ gpu: 'GPU 0', memoryBytes: 8 * 2 ** 30, utilizationPercent: 87 }],
    },
    watts: { watts: 250, measuredWatts: 238, how: 'GPU 0 (measured) + 12 % of the CPU package (estimate)' },
    health: null,
    posture: [
      {
        rule: 'listens-publicly',
        severity: 'warning',
        title: 'Listens on every address',
        why: 'Anyone who can reach this machine can reach the node.',
        fix: 'Bind it to 127.0.0.1 or firewall the port.',
        evidence: '0.0.0.0:8091',
      },
    ],
    binary: { path: '/usr/bin/python3.11', sha256: 'a'.repeat(64), changed: false },
    ...overrides,
  }
}

/** A scan of a virtual machine: the miner above, confirmed, and an Akash provider container found and waiting. */
export function nodesSnapshot(nodes: NodeView[] = [nodeView(), foundNode()], overrides: Partial<NodesSnapshot> = {}): NodesSnapshot {
  return { nodes, scannedAt: 5_000, machine: { kind: 'vm', evidence: 'DMI product name "KVM"' }, problems: [], ...overrides }
}

/** A container a scan recognised, not yet confirmed. */
export function foundNode(overrides: Partial<NodeView> = {}): NodeView {
  return nodeView({
    id: 'akash-provider:container:akash-provider',
    name: 'Akash provider',
    network: 'akash',
    networkName: 'Akash',
    software: 'Akash provider',
    confirmed: false,
    match: { kind: 'container', name: 'akash-provider' },
    where: 'container akash-provider (ghcr.io/akash-network/provider)',
    restarts: 0,
    pids: [],
    watts: null,
    posture: [],
    binary: null,
    ...overrides,
  })
}

const dayMs = 86_400_000
/** The wallet's first read in the samples below: 2026-03-01 12:00 UTC. */
export const backfillToMs = Date.UTC(2026, 2, 1, 12)

/**
 * A wallet's backfill as history.backfill answers it: Rig 1 (Grass), reading 365 days back from
 * its first read, 120 of them read in 38 requests, 14 rewards and 2 inflows booked so far.
 */
export function backfillStatus(overrides: Partial<BackfillStatus> = {}): BackfillStatus {
  return {
    walletId: 'wallet-1a2b3c4d',
    network: 'grass',
    state: 'running',
    depthDays: 365,
    fromMs: backfillToMs - 365 * dayMs,
    toMs: backfillToMs,
    reachedMs: backfillToMs - 120 * dayMs,
    daysDone: 120,
    daysTotal: 365,
    requests: 38,
    rewards: 14,
    inflows: 2,
    reach: 'Every transaction that raised this wallet’s GRASS, from the Solana RPC, back to the depth you choose.',
    remaining: '245 days left (back to 2025-03-01)',
    problem: null,
    updatedAt: 5_000,
    ...overrides,
  }
}

/** A network with no public history source: no window, nothing to read. */
export function unsupportedBackfill(overrides: Partial<BackfillStatus> = {}): BackfillStatus {
  return backfillStatus({
    walletId: 'wallet-5e6f7a8b',
    network: 'akash',
    state: 'unsupported',
    depthDays: 0,
    reachedMs: backfillToMs,
    daysDone: 0,
    daysTotal: 0,
    requests: 0,
    rewards: 0,
    inflows: 0,
    reach: 'no public history source is known for this network',
    remaining: 'nothing to read',
    ...overrides,
  })
}

/**
 * history.backfill as core answers it, over a table of statuses the test keeps: 'status' answers
 * one wallet's or all; 'start' queues it (at the depth sent, or its own); 'pause' holds a queued
 * one at once and leaves a running one running (core pauses after the page in flight).
 */
export function backfillAnswer(statuses: Map<string, BackfillStatus>, clock: () => number = () => 9_000): (input: unknown) => Envelope<unknown> {
  return (input) => {
    const { walletId, action = 'status', depthDays } = input as BackfillRequest
    if (walletId === undefined) {
      if (action !== 'status') return { ok: false, error: { code: 'invalid-input', message: `walletId: say which wallet to ${action}`, retryable: false, field: 'walletId' } }
      return { ok: true, value: [...statuses.values()] }
    }
    const status = statuses.get(walletId)
    if (status === undefined) return { ok: false, error: { code: 'not-found', message: `No wallet "${walletId}"`, retryable: false, field: 'walletId' } }
    let next = status
    if (action === 'start' && status.state !== 'unsupported') {
      const depth = depthDays ?? status.depthDays
      next = { ...status, state: 'queued', depthDays: depth, fromMs: status.toMs - depth * dayMs, daysTotal: depth, problem: null, updatedAt: clock() }
    }
    if (action === 'pause' && status.state === 'queued') next = { ...status, state: 'paused', updatedAt: clock() }
    statuses.set(walletId, next)
    return { ok: true, value: [next] }
  }
}
