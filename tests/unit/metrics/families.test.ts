import { describe, expect, it } from 'vitest'
import { alertMetrics } from '../../../src/main/agent/metrics/alerts.ts'
import { collectorMetrics, collectorsOf } from '../../../src/main/agent/metrics/collectors.ts'
import { addSample, energyMetrics } from '../../../src/main/agent/metrics/energy.ts'
import { gpuMetrics } from '../../../src/main/agent/metrics/gpus.ts'
import { hardwareMetrics } from '../../../src/main/agent/metrics/hardware.ts'
import { metaMetrics } from '../../../src/main/agent/metrics/meta.ts'
import { caps, type MetricSpec, type Sample, tokens } from '../../../src/main/agent/metrics/metric-spec.ts'
import { emptyMetricsState, type MetricsState } from '../../../src/main/agent/metrics/metrics-state.ts'
import { nodeMetrics } from '../../../src/main/agent/metrics/nodes.ts'
import { powerMetrics } from '../../../src/main/agent/metrics/power.ts'
import { profitMetrics } from '../../../src/main/agent/metrics/profit.ts'
import { walletMetrics } from '../../../src/main/agent/metrics/wallets.ts'
import type { PowerChoice } from '../../../src/shared/contract/power.ts'
import { alert, alertsSnapshot, figures, fleetState, gpu, hardwareSample, node, nodesSnapshot, now, profitSnapshot, quote, walletView, walletsSnapshot } from './fleet-state.ts'

/** The series one metric of a family has in `state`, in order. */
function series(family: readonly MetricSpec[], name: string, state: MetricsState): Sample[] {
  const spec = family.find((s) => s.name === name)
  if (spec === undefined) throw new Error(`no metric ${name}`)
  return [...spec.samples(state)]
}

const value = (list: Sample[], labels: Record<string, string>): number | undefined =>
  list.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value

const empty = emptyMetricsState('1.2.3', now)

describe('every family before core said anything', () => {
  it.each(Object.entries({ powerMetrics, gpuMetrics, nodeMetrics, walletMetrics, profitMetrics }))('%s has no series', (_, family) => {
    for (const spec of family) expect([...spec.samples(empty)], spec.name).toEqual([])
  })

  it('counters start at 0 and the alerts and collectors say nothing', () => {
    expect(series(energyMetrics, 'depin_energy_joules_total', empty).map((s) => s.value)).toEqual([0, 0])
    expect(series(alertMetrics, 'depin_alerts_open', empty)).toEqual([])
    expect(collectorsOf(empty)).toEqual([])
  })
})

describe('power', () => {
  const state = fleetState()

  it('exports each reading by device and source, with measured', () => {
    const watts = series(powerMetrics, 'depin_power_watts', state)
    expect(watts).toContainEqual({ labels: { device: 'plug-0a1b2c3d', source: 'shelly-gen2', scope: 'wall', measured: 'true' }, value: 1800 })
    expect(value(watts, { device: 'nvidia:GPU-0002-3f1c' })).toBe(382)
    expect(value(watts, { device: 'rapl:package-0', scope: 'cpu-package' })).toBe(65)
    // 1 plug + 4 GPUs + 1 RAPL package; the unavailable amdgpu source has none.
    expect(watts).toHaveLength(6)
  })

  it("exports the machine's watts as core chose them, and nothing when it has none", () => {
    expect(series(powerMetrics, 'depin_machine_power_watts', state)).toEqual([{ labels: { basis: 'wall', measured: 'true' }, value: 1800 }])
    const none = { ...state, hardware: hardwareSample(0, { power: { total: { totalWatts: null, kind: 'estimated', basis: 'none', sources: [], readings: [], at: null, reason: 'none' }, sources: [] } }) }
    expect(series(powerMetrics, 'depin_machine_power_watts', none)).toEqual([])
  })

  it('leaves out a reading with no figure', () => {
    const sample = hardwareSample(1)
    const nvidia = sample.power.sources[1]
    if (nvidia === undefined) throw new Error('fixture')
    nvidia.readings = nvidia.readings.map((r) => ({ ...r, watts: null }))
    expect(value(series(powerMetrics, 'depin_power_watts', { ...state, hardware: sample }), { source: 'nvidia-smi' })).toBeUndefined()
  })
})

describe('energy', () => {
  const choice = (totalWatts: number | null, kind: 'measured' | 'estimated'): PowerChoice => ({ totalWatts, kind, basis: kind === 'measured' ? 'wall' : 'estimate', sources: [], readings: [], at: now, reason: '' })

  it('adds watts × interval to the measured or the estimated total', () => {
    let totals = { measuredJoules: 0, estimatedJoules: 0 }
    totals = addSample(totals, choice(300, 'measured'), 1000)
    totals = addSample(totals, choice(300, 'measured'), 1000)
    totals = addSample(totals, choice(120, 'estimated'), 500)
    expect(totals).toEqual({ measuredJoules: 600, estimatedJoules: 60 })
  })

  it('adds nothing for a sample without watts, a negative figure or no interval', () => {
    const totals = { measuredJoules: 5, estimatedJoules: 7 }
    expect(addSample(totals, choice(null, 'measured'), 1000)).toBe(totals)
    expect(addSample(totals, choice(-3, 'measured'), 1000)).toBe(totals)
    expect(addSample(totals, choice(Number.NaN, 'estimated'), 1000)).toBe(totals)
    expect(addSample(totals, choice(100, 'measured'), 0)).toBe(totals)
  })

  it('exports the totals and the devices’ own counters', () => {
    const state = fleetState()
    expect(series(energyMetrics, 'depin_energy_joules_total', state)).toEqual([
      { labels: { measured: 'true' }, value: 3.6e9 },
      { labels: { measured: 'false' }, value: 1.8e6 },
    ])
    expect(series(energyMetrics, 'depin_device_energy_joules_total', state)).toEqual([{ labels: { device: 'plug-0a1b2c3d', source: 'shelly-gen2' }, value: 9.5e9 }])
  })
})

describe('hardware and GPUs', () => {
  const state = fleetState()

  it('turns percent into ratios and keeps bytes and degrees', () => {
    expect(series(hardwareMetrics, 'depin_cpu_utilization_ratio', state)).toEqual([{ labels: {}, value: 0.35 }])
    expect(series(hardwareMetrics, 'depin_memory_size_bytes', state)[0]?.value).toBe(64e9)
    expect(series(hardwareMetrics, 'depin_temperature_celsius', state)).toContainEqual({ labels: { sensor: 'hwmon:k10temp/temp1', kind: 'cpu' }, value: 61.5 })
    expect(series(hardwareMetrics, 'depin_disk_used_bytes', state)).toEqual([{ labels: { mount: '/' }, value: 400e9 }])
    expect(series(hardwareMetrics, 'depin_monitoring_paused', state)).toEqual([{ labels: {}, value: 0 }])
  })

  it('labels each GPU by index, device and model, in base units', () => {
    const labels = { gpu: '1', device: 'nvidia:GPU-0001-3f1c', name: 'NVIDIA GeForce RTX 4090' }
    expect(series(gpuMetrics, 'depin_gpu_temperature_celsius', state)).toContainEqual({ labels, value: 71 })
    expect(series(gpuMetrics, 'depin_gpu_utilization_ratio', state)).toContainEqual({ labels, value: 0.97 })
    expect(series(gpuMetrics, 'depin_gpu_memory_size_bytes', state)).toContainEqual({ labels, value: 24_564 * 1024 * 1024 })
    expect(series(gpuMetrics, 'depin_gpu_clock_hertz', state)).toContainEqual({ labels, value: 2.52e9 })
    expect(series(gpuMetrics, 'depin_gpu_stale', state)).toHaveLength(4)
  })

  it('leaves out what the driver did not report, and lists active clock events', () => {
    const sample = hardwareSample(0, { gpus: [gpu(0, { temperatureCelsius: null, fanPercent: null, throttleReasons: ['sw_thermal_slowdown', 'sw_power_cap'] })] })
    const withGpu = { ...state, hardware: sample }
    expect(series(gpuMetrics, 'depin_gpu_temperature_celsius', withGpu)).toEqual([])
    expect(series(gpuMetrics, 'depin_gpu_fan_speed_ratio', withGpu)).toEqual([])
    expect(series(gpuMetrics, 'depin_gpu_clock_event_active', withGpu).map((s) => s.labels.reason)).toEqual(['sw_thermal_slowdown', 'sw_power_cap'])
  })

  it(`labels at most ${String(caps.gpus)} GPUs and counts the rest`, () => {
    const many = { ...state, hardware: hardwareSample(caps.gpus + 3) }
    expect(series(gpuMetrics, 'depin_gpu_power_watts', many)).toHaveLength(caps.gpus)
    expect(value(series(metaMetrics, 'depin_metrics_capped_items', many), { family: 'gpus' })).toBe(3)
  })
})

describe('nodes', () => {
  it('exports state one-hot, resources and the measured split of watts', () => {
    const state = fleetState()
    const labels = { node: 'docker:grass-node-0', network: 'grass' }
    const states = series(nodeMetrics, 'depin_node_state', state).filter((s) => s.labels.node === labels.node)
    expect(states.map((s) => [s.labels.state, s.value])).toEqual([
      ['running', 1],
      ['restarting', 0],
      ['stopped', 0],
      ['missing', 0],
    ])
    expect(series(nodeMetrics, 'depin_node_cpu_utilization_ratio', state)).toContainEqual({ labels, value: 0.045 })
    const watts = series(nodeMetrics, 'depin_node_power_watts', state)
    expect(value(watts, { ...labels, measured: 'true' })).toBe(80)
    expect(value(watts, { ...labels, measured: 'false' })).toBe(10)
    expect(series(nodeMetrics, 'depin_node_restarts_total', state)).toHaveLength(20)
  })

  it('puts confirmed nodes first under the cap and still counts every node', () => {
    const many = Array.from({ length: caps.nodes + 6 }, (_, i) => node(i, 'grass', { confirmed: i >= 10 }))
    const state = { ...fleetState(), nodes: { ...nodesSnapshot(0, 1), nodes: many } }
    const labelled = series(nodeMetrics, 'depin_node_info', state)
    expect(labelled).toHaveLength(caps.nodes)
    expect(labelled.filter((s) => s.labels.confirmed === 'true')).toHaveLength(caps.nodes - 4)
    expect(series(nodeMetrics, 'depin_nodes', state)).toEqual([
      { labels: { network: 'grass', state: 'running', confirmed: 'false' }, value: 10 },
      { labels: { network: 'grass', state: 'running', confirmed: 'true' }, value: caps.nodes - 4 },
    ])
    expect(value(series(metaMetrics, 'depin_metrics_capped_items', state), { family: 'nodes' })).toBe(6)
  })

  it('counts posture findings by rule and severity, and health when there is a status page', () => {
    const finding = (rule: string, severity: 'warning' | 'critical') => ({ rule, severity, title: '', why: '', fix: '', evidence: '' })
    const exposed = node(0, 'akash', {
      posture: [finding('listens-publicly', 'warning'), finding('listens-publicly', 'warning'), finding('runs-as-root', 'critical')],
      health: { url: 'http://127.0.0.1:8443/status', ok: false, detail: 'refused', at: now },
    })
    const state = { ...fleetState(), nodes: { ...nodesSnapshot(0, 1), nodes: [exposed] } }
    expect(series(nodeMetrics, 'depin_node_posture_findings', state).map((s) => [s.labels.rule, s.labels.severity, s.value])).toEqual([
      ['listens-publicly', 'warning', 2],
      ['runs-as-root', 'critical', 1],
    ])
    expect(series(nodeMetrics, 'depin_node_health_up', state)).toEqual([{ labels: { node: exposed.id, network: 'akash' }, value: 0 }])
  })
})

describe('wallets and prices', () => {
  const state = fleetState()

  it('sums holdings by token and kind in whole tokens', () => {
    const balances = series(walletMetrics, 'depin_wallet_balance_tokens', state).filter((s) => s.labels.wallet === 'wallet-00000000')
    expect(balances.map((s) => [s.labels.kind, s.value])).toEqual([
      ['liquid', 125],
      ['staked', 10],
    ])
  })

  it('never exports an address', () => {
    const everything = [...walletMetrics, ...collectorMetrics].flatMap((spec) => [...spec.samples(state)])
    const addresses = (state.wallets?.wallets ?? []).map((view) => view.wallet.address)
    for (const s of everything) for (const label of Object.values(s.labels)) expect(addresses).not.toContain(label)
  })

  it('exports values and prices in the settings currency, and none in another', () => {
    expect(series(walletMetrics, 'depin_wallet_value', state)).toContainEqual({ labels: { wallet: 'wallet-00000001', network: 'helium' }, value: 270 })
    expect(series(walletMetrics, 'depin_token_price', state)).toContainEqual({ labels: { token: 'GRASS' }, value: 2 })
    const switched = { ...state, currency: 'eur' as const }
    expect(series(walletMetrics, 'depin_wallet_value', switched)).toEqual([])
    expect(series(walletMetrics, 'depin_token_price', switched)).toEqual([])
    // Amounts are no currency's: they stay.
    expect(series(walletMetrics, 'depin_wallet_balance_tokens', switched)).not.toEqual([])
  })

  it('says which prices are cached', () => {
    const snapshot = { ...walletsSnapshot(2), prices: [quote('GRASS', '2.00'), quote('HNT', '5.00', { freshness: 'cached' })] }
    expect(series(walletMetrics, 'depin_token_price_cached', { ...state, wallets: snapshot }).map((s) => [s.labels.token, s.value])).toEqual([
      ['GRASS', 0],
      ['HNT', 1],
    ])
  })

  it(`labels at most ${String(caps.wallets)} wallets and ${String(caps.holdingsPerWallet)} holdings each`, () => {
    const view = walletView(0, 'bittensor', 'TAO', 9, {
      holdings: Array.from({ length: caps.holdingsPerWallet + 2 }, (_, i) => ({ token: `SN${String(i)}`, kind: 'staked' as const, amount: '1', decimals: 9, detail: null, fiat: null })),
    })
    const wallets = { ...walletsSnapshot(1), wallets: [view, ...Array.from({ length: caps.wallets + 1 }, (_, i) => walletView(i + 1, 'grass', 'GRASS', 9))] }
    const big = { ...state, wallets }
    expect(new Set(series(walletMetrics, 'depin_wallet_info', big).map((s) => s.labels.wallet)).size).toBe(caps.wallets)
    expect(series(walletMetrics, 'depin_wallet_balance_tokens', big).filter((s) => s.labels.wallet === view.wallet.id)).toHaveLength(caps.holdingsPerWallet)
    const left = series(metaMetrics, 'depin_metrics_capped_items', big)
    expect(value(left, { family: 'wallets' })).toBe(2)
    expect(value(left, { family: 'holdings_per_wallet' })).toBe(2)
  })

  it.each([
    ['1500000', 6, 1.5],
    ['1', 9, 1e-9],
    ['0', 18, 0],
    ['123456789012345678901234', 18, 123456.78901234567],
    ['42', 0, 42],
  ])('reads %s base units with %i decimals as %f tokens', (amount, decimals, expected) => {
    expect(tokens(amount, decimals)).toBeCloseTo(expected, 12)
  })
})

describe('profit', () => {
  const state = fleetState()

  it('exports revenue, each cost, net and energy per network and window', () => {
    const labels = { network: 'grass', window: '7d' }
    expect(value(series(profitMetrics, 'depin_network_revenue', state), labels)).toBe(84)
    const costs = series(profitMetrics, 'depin_network_cost', state)
    expect(value(costs, { ...labels, cost: 'electricity' })).toBeCloseTo(46.2)
    expect(value(costs, { ...labels, cost: 'amortization' })).toBe(21)
    expect(value(costs, { ...labels, cost: 'other' })).toBe(3.5)
    expect(value(series(profitMetrics, 'depin_network_net', state), labels)).toBeCloseTo(13.3)
    const energy = series(profitMetrics, 'depin_network_energy_joules', state)
    expect(value(energy, { ...labels, measured: 'true' })).toBeCloseTo(140 * 3.6e6)
    expect(value(energy, { ...labels, measured: 'false' })).toBeCloseTo(14 * 3.6e6)
    expect(series(profitMetrics, 'depin_network_net', state)).toHaveLength(8 * 4)
    expect(series(profitMetrics, 'depin_profit_net', state).map((s) => s.labels.window)).toEqual(['today', '7d', '30d', 'all'])
    expect(series(profitMetrics, 'depin_network_payback_timestamp_seconds', state)[0]?.value).toBe((now + 200 * 86_400_000) / 1000)
  })

  it('leaves out what core cannot know, never 0', () => {
    const unknown = figures('7d', 7, { electricity: null, net: null, netPerDay: null, kwh: null, estimatedKwh: null })
    const snapshot = { ...profitSnapshot(1), total: [unknown] }
    const first = snapshot.networks[0]
    if (first === undefined) throw new Error('fixture')
    snapshot.networks = [{ ...first, windows: [unknown], breakEvenPrice: null }]
    const partial = { ...state, profit: { snapshot, failedAt: null } }
    expect(series(profitMetrics, 'depin_network_net', partial)).toEqual([])
    expect(series(profitMetrics, 'depin_network_cost', partial).map((s) => s.labels.cost)).toEqual(['amortization', 'other'])
    expect(series(profitMetrics, 'depin_network_energy_joules', partial)).toEqual([])
    expect(series(profitMetrics, 'depin_network_break_even_price', partial)).toEqual([])
  })

  it('exports no what-if, and nothing in a currency the operator left', () => {
    const whatIf = { ...state, profit: { snapshot: { ...profitSnapshot(2), whatIf: { pricePerKwh: '0.1', tokenPrices: {} } }, failedAt: null } }
    expect(series(profitMetrics, 'depin_network_revenue', whatIf)).toEqual([])
    expect(series(profitMetrics, 'depin_profit_net', { ...state, currency: 'gbp' })).toEqual([])
  })
})

describe('alerts', () => {
  it('counts open alerts by rule, network and severity, and by severity', () => {
    const state = fleetState()
    expect(series(alertMetrics, 'depin_alert_active', state)).toEqual([
      { labels: { rule: 'temperature', network: '', severity: 'critical' }, value: 1 },
      { labels: { rule: 'node-down', network: 'grass', severity: 'critical' }, value: 2 },
      { labels: { rule: 'bittensor.uid-lost', network: 'bittensor', severity: 'warning' }, value: 1 },
    ])
    expect(series(alertMetrics, 'depin_alerts_open', state)).toEqual([
      { labels: { severity: 'info' }, value: 0 },
      { labels: { severity: 'warning' }, value: 1 },
      { labels: { severity: 'critical' }, value: 3 },
    ])
    expect(series(alertMetrics, 'depin_alerts_snoozed', state)).toEqual([{ labels: {}, value: 1 }])
  })

  it('keeps what an alert is about out of the labels', () => {
    const state = { ...fleetState(), alerts: alertsSnapshot([alert(1, 'balance-dropped', { subject: 'wallet-1a2b3c4d', host: '192.168.1.20' })]) }
    const labels = series(alertMetrics, 'depin_alert_active', state).flatMap((s) => Object.values(s.labels))
    expect(labels).not.toContain('wallet-1a2b3c4d')
    expect(labels).not.toContain('192.168.1.20')
  })
})

describe('collectors', () => {
  it('lists each source with up, last success and duration; one with nothing here is left out', () => {
    const state = fleetState()
    const up = series(collectorMetrics, 'depin_collector_up', state)
    expect(up.map((s) => s.labels.collector)).toEqual([
      'hardware',
      'power:plug-0a1b2c3d',
      'power:nvidia-smi',
      'power:rapl',
      ...Array.from({ length: 8 }, (_, i) => `wallet:wallet-${String(i).padStart(8, '0')}`),
      'prices',
      'nodes',
      'profit',
    ])
    expect(up.every((s) => s.value === 1)).toBe(true)
    expect(value(series(collectorMetrics, 'depin_collector_duration_seconds', state), { collector: 'power:plug-0a1b2c3d' })).toBe(0.04)
    expect(value(series(collectorMetrics, 'depin_collector_last_success_timestamp_seconds', state), { collector: 'nodes' })).toBe((now - 2_000) / 1000)
  })

  it('says down for a failing source, a stale wallet, a cached price, a partial scan, an old sample', () => {
    const sample = hardwareSample(0, { provenance: { kind: 'measured', source: 'procfs', at: now - 10_000 } })
    const plug = sample.power.sources[0]
    if (plug === undefined) throw new Error('fixture')
    sample.power.sources[0] = { ...plug, readings: [], error: { kind: 'failed', message: 'timed out' }, lastSuccessAt: now - 60_000 }
    const wallets = walletsSnapshot(1)
    wallets.wallets = wallets.wallets.map((view) => ({ ...view, freshness: 'stale', error: 'HTTP 429' }))
    wallets.prices = wallets.prices.map((q) => ({ ...q, freshness: 'cached' }))
    const state: MetricsState = {
      ...fleetState(),
      hardware: sample,
      wallets,
      nodes: { ...nodesSnapshot(1, 1), problems: ['Docker: permission denied on /var/run/docker.sock'] },
      profit: { snapshot: null, failedAt: now },
    }
    const down = series(collectorMetrics, 'depin_collector_up', state).filter((s) => s.value === 0).map((s) => s.labels.collector)
    expect(down).toEqual(['hardware', 'power:plug-0a1b2c3d', 'wallet:wallet-00000000', 'prices', 'nodes', 'profit'])
    // Paused sampling is no fault.
    const paused = { ...state, monitoring: { paused: true, sampleIntervalMs: 1000 } }
    expect(value(series(collectorMetrics, 'depin_collector_up', paused), { collector: 'hardware' })).toBe(1)
  })

  it('keeps the failures of a collector no longer listed', () => {
    const state = { ...fleetState(), collectorErrors: new Map([['power:plug-gone0000', 4]]) }
    const errors = series(collectorMetrics, 'depin_collector_errors_total', state)
    expect(value(errors, { collector: 'power:plug-gone0000' })).toBe(4)
    expect(value(errors, { collector: 'hardware' })).toBe(0)
  })
})

describe('meta', () => {
  it('names the version and counts nothing capped in an ordinary fleet', () => {
    const state = fleetState()
    expect(series(metaMetrics, 'depin_build_info', state)).toEqual([{ labels: { version: '1.2.3' }, value: 1 }])
    expect(series(metaMetrics, 'depin_metrics_capped_items', state).every((s) => s.value === 0)).toBe(true)
  })
})
