import { emptyMetricsState, type MetricsState } from '../../../src/main/agent/metrics/metrics-state.ts'
import { networks } from '../../../src/main/core/networks/index.ts'
import type { Alert, AlertsSnapshot } from '../../../src/shared/contract/alerts.ts'
import type { Gpu, HardwareSample } from '../../../src/shared/contract/hardware.ts'
import type { NodeView, NodesSnapshot } from '../../../src/shared/contract/nodes.ts'
import type { PowerReading, PowerSourceStatus } from '../../../src/shared/contract/power.ts'
import type { ProfitFigures, ProfitSnapshot } from '../../../src/shared/contract/profit.ts'
import type { PriceQuote, WalletView, WalletsSnapshot } from '../../../src/shared/contract/wallets.ts'

/*
 * A fleet as core would hold it, built from the contract's own types: a wall plug over 4 GPUs,
 * 20 nodes across the 8 networks the registry knows, a wallet on each network with a priced
 * holding, a profit summary over the four windows, open alerts. The metric families are pure
 * functions of this; the bench (scripts/bench/metrics-probe.ts) scrapes it too.
 */

export const now = Date.UTC(2026, 4, 20, 12, 0, 0)
const minute = 60_000
const day = 86_400_000

export type FleetSize = { gpus: number; nodes: number; networks: number }
export const benchFleet: FleetSize = { gpus: 4, nodes: 20, networks: 8 }

export function gpu(index: number, overrides: Partial<Gpu> = {}): Gpu {
  return {
    id: `nvidia:GPU-${String(index).padStart(4, '0')}-3f1c`,
    vendor: 'nvidia',
    name: 'NVIDIA GeForce RTX 4090',
    utilizationPercent: 97,
    temperatureCelsius: 70 + index,
    powerWatts: 380 + index,
    powerLimitWatts: 450,
    fanPercent: 65,
    memoryUsedMib: 20_000,
    memoryTotalMib: 24_564,
    clockMhz: 2520,
    throttleReasons: [],
    at: now,
    stale: false,
    ...overrides,
  }
}

function reading(deviceId: string, scope: PowerReading['scope'], watts: number, source: string, kind: PowerReading['kind'] = 'measured'): PowerReading {
  return { deviceId, label: deviceId, scope, watts, kind, source, at: now }
}

export function hardwareSample(gpus: number, overrides: Partial<HardwareSample> = {}): HardwareSample {
  // The first GPU at its power cap, as a GPU under full load often is.
  const cards = Array.from({ length: gpus }, (_, i) => gpu(i, i === 0 ? { throttleReasons: ['sw_power_cap'] } : {}))
  const plug = reading('plug-0a1b2c3d', 'wall', 1800, 'shelly-gen2')
  const sources: PowerSourceStatus[] = [
    { source: 'plug-0a1b2c3d', readings: [{ ...plug, energyJoules: 9.5e9 }], error: null, lastSuccessAt: now, durationMs: 40 },
    { source: 'nvidia-smi', readings: cards.map((card) => reading(card.id, 'gpu', card.powerWatts ?? 0, 'nvidia-smi')), error: null, lastSuccessAt: now, durationMs: 0.2 },
    { source: 'rapl', readings: [reading('rapl:package-0', 'cpu-package', 65, 'rapl')], error: null, lastSuccessAt: now, durationMs: 0.1 },
    { source: 'amdgpu-hwmon', readings: [], error: { kind: 'unavailable', message: 'no amdgpu card' }, lastSuccessAt: null, durationMs: 0 },
  ]
  return {
    provenance: { kind: 'measured', source: 'procfs', at: now },
    durationMs: 2,
    cpu: { loadPercent: 35, cores: 16, perCorePercent: [] },
    memory: { usedBytes: 24e9, totalBytes: 64e9 },
    network: null,
    uptimeSeconds: 86_400,
    temperatures: [
      { sensor: 'hwmon:k10temp/temp1', label: 'Tctl', kind: 'cpu', celsius: 61.5 },
      { sensor: 'hwmon:nvme/temp1', label: 'Composite', kind: 'disk', celsius: 44 },
    ],
    disks: [{ mount: '/', device: '/dev/nvme0n1p2', usedBytes: 400e9, totalBytes: 1000e9 }],
    battery: null,
    gpus: cards,
    power: {
      total: { totalWatts: 1800, kind: 'measured', basis: 'wall', sources: ['plug-0a1b2c3d'], readings: [plug], at: now, reason: 'wall plug (Rig plug) · measured' },
      sources,
    },
    ...overrides,
  }
}

const networkIds = (count: number): string[] => [...networks.keys()].slice(0, count)

export function node(index: number, network: string, overrides: Partial<NodeView> = {}): NodeView {
  return {
    id: `docker:${network}-node-${String(index)}`,
    name: `${network} node ${String(index)}`,
    network,
    networkName: network,
    software: `${network} node`,
    confirmed: true,
    match: { kind: 'container', name: `${network}-node-${String(index)}` },
    where: `container ${network}-node-${String(index)}`,
    state: 'running',
    since: now - day,
    restarts: index % 3,
    pids: [1000 + index],
    resources: {
      cpuPercent: 4.5,
      memoryBytes: 512e6,
      diskReadBytesPerSecond: 1000,
      diskWriteBytesPerSecond: 2000,
      netRxBytesPerSecond: 3000,
      netTxBytesPerSecond: 4000,
      gpus: [],
    },
    watts: { watts: 90, measuredWatts: 80, how: 'GPU 0 (measured) + 2 % of the CPU package (RAPL, measured)' },
    health: null,
    posture: [],
    binary: null,
    ...overrides,
  }
}

/** The first node has a status page, a posture finding and a tracked binary, as some do. */
const firstNode: Partial<NodeView> = {
  health: { url: 'http://127.0.0.1:8080/health', ok: true, detail: 'HTTP 200', at: now },
  posture: [{ rule: 'listens-publicly', severity: 'warning', title: 'Listens on every interface', why: '', fix: '', evidence: '0.0.0.0:8443' }],
  binary: { path: '/usr/local/bin/provider', sha256: 'ab'.repeat(32), changed: false },
}

export function nodesSnapshot(count: number, networkCount: number): NodesSnapshot {
  const ids = networkIds(networkCount)
  return {
    nodes: Array.from({ length: count }, (_, i) => node(i, ids[i % ids.length] ?? 'grass', i === 0 ? firstNode : {})),
    scannedAt: now - 2_000,
    machine: { kind: 'dedicated', evidence: 'no desktop session' },
    problems: [],
  }
}

export function walletView(index: number, network: string, token: string, decimals: number, overrides: Partial<WalletView> = {}): WalletView {
  return {
    wallet: { id: `wallet-${String(index).padStart(8, '0')}`, network, address: `So1anaAddress${String(index)}xxxxxxxxxxxxxxxxxxxx`, label: `Rig ${String(index + 1)}`, addedAt: now - 40 * day },
    holdings: [
      { token, kind: 'liquid', amount: (10n ** BigInt(decimals) * 125n).toString(), decimals, detail: null, fiat: '250' },
      { token, kind: 'staked', amount: (10n ** BigInt(decimals) * 5n).toString(), decimals, detail: 'hotkey 5F3s…, subnet 1', fiat: '10' },
      { token, kind: 'staked', amount: (10n ** BigInt(decimals) * 5n).toString(), decimals, detail: 'hotkey 5G7q…, subnet 19', fiat: '10' },
    ],
    fiatTotal: '270',
    partial: false,
    freshness: 'live',
    fetchedAt: now - minute,
    source: ['rpc.example'],
    error: null,
    ...overrides,
  }
}

export function quote(token: string, price: string, overrides: Partial<PriceQuote> = {}): PriceQuote {
  return { token, currency: 'usd', price, source: 'coingecko', at: now - minute, freshness: 'live', warning: null, change24hPct: null, ...overrides }
}

export function walletsSnapshot(networkCount: number): WalletsSnapshot {
  const modules = [...networks.values()].slice(0, networkCount)
  const views = modules.map((module, i) => walletView(i, module.info.id, module.info.tokens[0]?.symbol ?? 'X', module.info.tokens[0]?.decimals ?? 0))
  return {
    currency: 'usd',
    wallets: views,
    total: { fiat: String(270 * views.length), partial: false },
    networks: views.map((view) => ({ network: view.wallet.network, fiat: '270', partial: false, freshness: 'live' })),
    prices: modules.map((module, i) => quote(module.info.tokens[0]?.symbol ?? 'X', (2 + i).toFixed(2))),
    refreshing: false,
    at: now,
  }
}

export function figures(window: ProfitFigures['window'], days: number, overrides: Partial<ProfitFigures> = {}): ProfitFigures {
  return {
    window,
    fromMs: now - days * day,
    toMs: now,
    days,
    revenue: (12 * days).toFixed(2),
    revenueAtToday: (13 * days).toFixed(2),
    kwh: 22 * days,
    estimatedKwh: 2 * days,
    electricity: (6.6 * days).toFixed(2),
    amortization: (3 * days).toFixed(2),
    otherCosts: (0.5 * days).toFixed(2),
    net: (1.9 * days).toFixed(2),
    netPerDay: '1.9',
    missing: [],
    ...overrides,
  }
}

export function profitSnapshot(networkCount: number): ProfitSnapshot {
  const windows = [figures('today', 0.5), figures('7d', 7), figures('30d', 30), figures('all', 90)]
  return {
    currency: 'usd',
    at: now - 10_000,
    total: windows,
    networks: [...networks.values()].slice(0, networkCount).map((module) => ({
      network: module.info.id,
      name: module.info.name,
      token: module.info.tokens[0]?.symbol ?? '',
      currentPrice: '2.00',
      windows,
      breakEvenPrice: '0.50',
      breakEvenKwhPrice: '0.80',
      payback: { state: 'on-track', at: now + 200 * day },
      attribution: 'evenly among the networks with wallets',
      lastReward: null,
      nextRewardDueAt: null,
    })),
    daily: [],
    power: { kind: 'measured', reason: 'wall plug (Rig plug) · measured' },
    whatIf: null,
  }
}

export function alert(id: number, rule: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    rule,
    subject: `subject-${String(id)}`,
    severity: 'warning',
    title: 'title',
    message: 'message',
    network: null,
    walletId: null,
    host: null,
    figure: 'figure',
    threshold: 'threshold',
    view: 'alerts',
    link: null,
    state: 'open',
    since: now - 10 * minute,
    openedAt: now - 5 * minute,
    lastSeenAt: now,
    resolvedAt: null,
    ackedAt: null,
    snoozedUntil: null,
    ...overrides,
  }
}

export function alertsSnapshot(open: Alert[]): AlertsSnapshot {
  return { open, counts: { open: open.length, snoozed: open.filter((a) => a.snoozedUntil !== null).length, worst: open[0]?.severity ?? null }, quiet: false, fresh: [], at: now }
}

/** The whole fleet: every family has series. */
export function fleetState(size: FleetSize = benchFleet): MetricsState {
  return {
    ...emptyMetricsState('1.2.3', now),
    hardware: hardwareSample(size.gpus),
    nodes: nodesSnapshot(size.nodes, size.networks),
    wallets: walletsSnapshot(size.networks),
    profit: { snapshot: profitSnapshot(size.networks), failedAt: null },
    alerts: alertsSnapshot([
      alert(1, 'temperature', { severity: 'critical' }),
      alert(2, 'node-down', { severity: 'critical', network: 'grass' }),
      alert(3, 'node-down', { severity: 'critical', network: 'grass', subject: 'other' }),
      alert(4, 'bittensor.uid-lost', { network: 'bittensor', snoozedUntil: now + day }),
    ]),
    energy: { measuredJoules: 3.6e9, estimatedJoules: 1.8e6 },
    collectorErrors: new Map([
      ['power:rapl', 2],
      ['wallet:wallet-00000001', 1],
    ]),
  }
}
