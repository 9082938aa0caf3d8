import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createMetricsRegistry, metricFamilies, metricName } from '../../../src/main/agent/metrics/metrics-registry.ts'
import { emptyMetricsState } from '../../../src/main/agent/metrics/metrics-state.ts'
import { currencies } from '../../../src/shared/contract/wallet-lists.ts'
import { parseExposition, samplesOf } from './exposition.ts'
import { fleetState, hardwareSample, now } from './fleet-state.ts'

const specs = Object.values(metricFamilies).flat()
const repoRoot = join(import.meta.dirname, '../../..')

/*
 * The naming rules (prometheus.io/docs/practices/naming): a prefix for the application, base
 * units in the plural at the end, `_total` on counters and nowhere else, a ratio from 0 to 1.
 */
const units = ['watts', 'joules', 'celsius', 'bytes', 'ratio', 'seconds', 'hertz', 'tokens', 'bytes_per_second', 'joules_total', 'seconds_total']
const unitless = new Set([
  // Info metrics, booleans (1/0), one-hot states and counts: no unit to name.
  'depin_build_info',
  'depin_node_info',
  'depin_wallet_info',
  'depin_metrics_capped_items',
  'depin_monitoring_paused',
  'depin_gpu_stale',
  'depin_gpu_clock_event_active',
  'depin_node_state',
  'depin_node_health_up',
  'depin_node_binary_changed',
  'depin_node_posture_findings',
  'depin_nodes',
  'depin_token_price_cached',
  'depin_alerts_open',
  'depin_alert_active',
  'depin_alerts_snoozed',
  'depin_alerts_quiet',
  'depin_collector_up',
  'depin_node_restarts_total',
  'depin_collector_errors_total',
])

describe('metric names', () => {
  it.each(specs.map((spec) => [spec.name, spec] as const))('%s follows the naming rules', (_, spec) => {
    expect(spec.name).toMatch(/^depin_[a-z0-9_]+$/)
    expect(spec.name.endsWith('_total')).toBe(spec.type === 'counter')
    if (spec.money) expect(units.some((unit) => spec.name.endsWith(`_${unit}`))).toBe(false)
    else if (!unitless.has(spec.name)) expect(units.some((unit) => spec.name.endsWith(`_${unit}`)), spec.name).toBe(true)
    expect(spec.help.length).toBeGreaterThan(10)
    for (const label of spec.labelNames) expect(label).toMatch(/^[a-z][a-z_]*$/)
  })

  it('are each declared once, in every currency', () => {
    for (const currency of currencies) {
      const names = specs.map((spec) => metricName(spec, currency))
      expect(new Set(names).size).toBe(names.length)
    }
    expect(metricName({ ...specs[0], name: 'depin_network_net', money: true } as (typeof specs)[number], 'jpy')).toBe('depin_network_net_jpy')
  })

  it('give every sample exactly the declared labels, in order (prom-client does not check them here)', () => {
    const states = [fleetState(), emptyMetricsState('1', now), { ...fleetState(), monitoring: { paused: true, sampleIntervalMs: 1000 } }]
    for (const state of states) {
      for (const spec of specs) {
        for (const sample of spec.samples(state)) {
          expect(Object.keys(sample.labels), spec.name).toEqual([...spec.labelNames])
          expect(Number.isFinite(sample.value), spec.name).toBe(true)
        }
      }
    }
  })

  it('are each in docs/metrics.md with their labels', () => {
    const docs = readFileSync(join(repoRoot, 'docs/metrics.md'), 'utf8')
    const rows = docs.split('\n').filter((line) => line.startsWith('| `depin_'))
    for (const spec of specs) {
      const shown = spec.money ? `\`${spec.name}_<cur>\`` : `\`${spec.name}\``
      const row = rows.find((line) => line.split('|')[1]?.includes(shown))
      expect(row, `${spec.name} has no row in docs/metrics.md`).toBeDefined()
      const labels = row?.split('|')[3] ?? ''
      expect(labels.match(/`[a-z_]+`/g)?.map((l) => l.slice(1, -1)) ?? [], spec.name).toEqual([...spec.labelNames])
    }
  })
})

describe('createMetricsRegistry', () => {
  it('renders every family of a fleet in the text format', async () => {
    const registry = createMetricsRegistry()
    expect(registry.contentType).toBe('text/plain; version=0.0.4; charset=utf-8')
    const text = await registry.render(fleetState())
    const exposed = parseExposition(text)
    for (const spec of specs) expect(exposed.types.get(metricName(spec, 'usd')), spec.name).toBe(spec.type)
    expect(samplesOf(exposed, 'depin_machine_power_watts')).toEqual([{ name: 'depin_machine_power_watts', labels: { basis: 'wall', measured: 'true' }, value: 1800 }])
    expect(samplesOf(exposed, 'depin_network_net_usd', { network: 'grass', window: '30d' })[0]?.value).toBe(57)
    expect(samplesOf(exposed, 'depin_energy_joules_total', { measured: 'true' })[0]?.value).toBe(3.6e9)
    expect(samplesOf(exposed, 'depin_node_state', { state: 'running' })).toHaveLength(20)
  })

  it('renders a fleet as the golden file holds it (`vitest -u` rewrites it after a deliberate change)', async () => {
    await expect(await createMetricsRegistry().render(fleetState())).toMatchFileSnapshot('./fleet.golden.prom')
  })

  it('names money in the settings currency, and renames it when the currency changes', async () => {
    const registry = createMetricsRegistry()
    const usd = parseExposition(await registry.render(fleetState()))
    expect(usd.types.has('depin_network_net_usd')).toBe(true)
    const state = fleetState()
    const eur = { ...state, currency: 'eur' as const, wallets: state.wallets && { ...state.wallets, currency: 'eur' as const }, profit: { snapshot: state.profit.snapshot && { ...state.profit.snapshot, currency: 'eur' as const }, failedAt: null } }
    const text = await registry.render(eur)
    expect(text).not.toContain('_usd')
    expect(samplesOf(parseExposition(text), 'depin_network_net_eur', { network: 'grass', window: '30d' })[0]?.value).toBe(57)
  })

  it('reads the state it is given each time, not the one before', async () => {
    const registry = createMetricsRegistry()
    await registry.render(fleetState())
    const exposed = parseExposition(await registry.render(emptyMetricsState('9.9.9', now)))
    expect(samplesOf(exposed, 'depin_power_watts')).toEqual([])
    expect(samplesOf(exposed, 'depin_build_info')[0]?.labels).toEqual({ version: '9.9.9' })
  })

  it('formats a family again only when core replaced what it reads', async () => {
    const registry = createMetricsRegistry()
    const state = fleetState()
    await registry.render(state)
    // Changed in place, which core never does: a family that reuses its text does not see it.
    const figures = state.profit.snapshot?.networks[0]?.windows[1]
    if (figures === undefined) throw new Error('fixture')
    figures.net = '-999'
    const again = parseExposition(await registry.render({ ...state, hardware: hardwareSample(4, { memory: { usedBytes: 1, totalBytes: 2 } }) }))
    expect(samplesOf(again, 'depin_network_net_usd', { network: 'grass', window: '7d' })[0]?.value).toBe(13.3)
    expect(samplesOf(again, 'depin_memory_used_bytes')[0]?.value).toBe(1)
    // A new profit state is formatted.
    const replaced = parseExposition(await registry.render({ ...state, profit: { ...state.profit } }))
    expect(samplesOf(replaced, 'depin_network_net_usd', { network: 'grass', window: '7d' })[0]?.value).toBe(-999)
  })

  it('escapes label values it did not choose', async () => {
    const state = fleetState()
    const nodes = state.nodes && { ...state.nodes, nodes: state.nodes.nodes.map((n, i) => (i === 0 ? { ...n, name: 'my "rig"\\\nnode' } : n)) }
    const exposed = parseExposition(await createMetricsRegistry().render({ ...state, nodes }))
    expect(samplesOf(exposed, 'depin_node_info').map((s) => s.labels.name)).toContain('my "rig"\\\nnode')
  })
})
