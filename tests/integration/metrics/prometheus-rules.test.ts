import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { metricFamilies, metricName } from '../../../src/main/agent/metrics/metrics-registry.ts'
import type { AlertRule } from '../../../src/main/core/alerts/rule.ts'
import { coreRules } from '../../../src/main/core/alerts/rules/index.ts'
import { dashboardExprs, metricsIn } from '../../unit/metrics/dashboard-queries.ts'
import { promtool, promtoolPath } from './support/prometheus-tools.ts'

/*
 * The shipped Prometheus files through promtool (check rules, test rules, check config), the
 * dashboard's queries through PromQL's parser, and the alerting rules held to the app's own:
 * the same rule ids, severities, default thresholds, `for` (the app's wait before it opens an
 * alert) and `keep_firing_for` (its wait, clear, before it resolves one).
 */

// js-yaml ships no types: typed here for load() only.
const { load } = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown }

const folder = join(import.meta.dirname, '../../../resources/prometheus')
const rulesFile = join(folder, 'depin-alerts.yml')

type PromRule = { alert?: string; record?: string; expr: string; for?: string; keep_firing_for?: string; labels?: Record<string, string> }
const groups = (load(readFileSync(rulesFile, 'utf8')) as { groups: { name: string; rules: PromRule[] }[] }).groups
const alerts = groups.flatMap((group) => group.rules)

beforeAll(() => {
  promtoolPath()
})

const ruleNamed = (id: string): AlertRule => {
  const found = coreRules.find((rule) => rule.id === id)
  if (found === undefined) throw new Error(`no app rule ${id}`)
  return found
}
const defaults = (id: string): Record<string, number> => Object.fromEntries(ruleNamed(id).thresholds.map((t) => [t.key, t.default]))

/** Each mirrored alert: the app rule, its severity, and the figures its expression must hold. */
function mirrored(): Record<string, { rule: string; severity: string; figures: (number | string)[] }> {
  const t = defaults('temperature')
  const disk = defaults('disk-full').usedPercent ?? Number.NaN
  const stale = defaults('stale-data')
  const drop = defaults('price-crash').dropPercent ?? Number.NaN
  const floor = (defaults('unprofitable').minNetPerDay ?? Number.NaN) * 7
  const n = (key: string, values: Record<string, number>): number => values[key] ?? Number.NaN
  return {
    DepinGpuTemperatureHigh: { rule: 'temperature', severity: 'warning', figures: [n('gpuCelsius', t)] },
    DepinGpuTemperatureCritical: { rule: 'temperature', severity: 'critical', figures: [n('gpuCelsius', t) + 10] },
    DepinCpuTemperatureHigh: { rule: 'temperature', severity: 'warning', figures: [n('cpuCelsius', t)] },
    DepinCpuTemperatureCritical: { rule: 'temperature', severity: 'critical', figures: [n('cpuCelsius', t) + 10] },
    DepinDiskTemperatureHigh: { rule: 'temperature', severity: 'warning', figures: [n('diskCelsius', t)] },
    DepinDiskTemperatureCritical: { rule: 'temperature', severity: 'critical', figures: [n('diskCelsius', t) + 10] },
    DepinGpuThrottling: { rule: 'gpu-throttling', severity: 'warning', figures: ['sw_thermal_slowdown', 'hw_power_brake_slowdown'] },
    DepinDiskFull: { rule: 'disk-full', severity: 'warning', figures: [disk] },
    DepinDiskFullCritical: { rule: 'disk-full', severity: 'critical', figures: [disk + (100 - disk) / 2] },
    DepinPlugUnreachable: { rule: 'plug-unreachable', severity: 'warning', figures: [] },
    DepinNodeDown: { rule: 'node-down', severity: 'critical', figures: ['confirmed="true"'] },
    DepinNodeRestarted: { rule: 'node-restarted', severity: 'info', figures: [`[${String(defaults('node-restarted').windowMinutes)}m]`] },
    DepinNodeExposed: { rule: 'node-exposed', severity: 'warning', figures: ['listens-publicly', 'container-host-network'] },
    DepinWalletReadsFailing: { rule: 'stale-data', severity: 'warning', figures: [n('walletGraceMinutes', stale) * 60] },
    DepinPriceCached: { rule: 'stale-data', severity: 'warning', figures: [n('priceGraceMinutes', stale) * 60] },
    DepinPowerSourceFailing: { rule: 'stale-data', severity: 'warning', figures: [n('sourceGraceMinutes', stale) * 60] },
    DepinNetworkUnprofitable: { rule: 'unprofitable', severity: 'warning', figures: [floor] },
    DepinFleetUnprofitable: { rule: 'unprofitable', severity: 'warning', figures: [floor] },
    DepinPriceCrash: { rule: 'price-crash', severity: 'warning', figures: [drop] },
    DepinPriceCrashCritical: { rule: 'price-crash', severity: 'critical', figures: [drop * 2] },
  }
}

/** The app rules only forwarded (DepinDeskAlert), each named in the file's header with why. */
const forwardedOnly = ['rewards-stopped', 'balance-dropped', 'take-profit', 'watts-cap', 'fleet-rig-stale']

function durationMs(text: string | undefined): number {
  if (text === undefined) return 0
  const match = /^(\d+)(s|m|h)$/.exec(text)
  if (!match) throw new Error(`unexpected duration ${text}`)
  return Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h']
}

describe('resources/prometheus through promtool', () => {
  it('checks the alerting rules', async () => {
    const run = await promtool(['check', 'rules', rulesFile])
    expect(run.stdout).toContain(`SUCCESS: ${String(alerts.length)} rules found`)
    expect(run.code).toBe(0)
  })

  it('passes the rules’ unit tests', async () => {
    const run = await promtool(['test', 'rules', 'depin-alerts.test.yml'], { cwd: folder })
    expect(`${run.stdout}${run.stderr}`).toMatch(/SUCCESS/)
    expect(run.code).toBe(0)
  })

  it('checks the example configuration, with the token file it names in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-promconfig-'))
    copyFileSync(rulesFile, join(dir, 'depin-alerts.yml'))
    writeFileSync(join(dir, 'depin-desk-token'), `${'a'.repeat(64)}\n`, { mode: 0o600 })
    const config = readFileSync(join(folder, 'prometheus.yml'), 'utf8')
    expect(config).toContain('credentials_file: /etc/prometheus/depin-desk-token')
    writeFileSync(join(dir, 'prometheus.yml'), config.replace('/etc/prometheus/depin-desk-token', join(dir, 'depin-desk-token')))
    const run = await promtool(['check', 'config', join(dir, 'prometheus.yml')])
    expect(`${run.stdout}${run.stderr}`).toContain('is valid prometheus config file syntax')
    expect(run.code).toBe(0)
  })

  it('parses every query of the Grafana dashboard', async () => {
    const values: Record<string, string> = { '${currency}': 'usd', '$window': '7d', '$job': '.+', '$instance': '.+', '$__range': '1h', '$__rate_interval': '1m' }
    const exprs = dashboardExprs().map((expr) => Object.entries(values).reduce((text, [name, value]) => text.replaceAll(name, value), expr))
    const file = join(mkdtempSync(join(tmpdir(), 'desk-dashboard-')), 'queries.yml')
    writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({ record: `dashboard:query_${String(i)}`, expr })) }] }))
    const run = await promtool(['check', 'rules', file])
    expect(`${run.stdout}${run.stderr}`).toContain(`SUCCESS: ${String(exprs.length)} rules found`)
    expect(run.code).toBe(0)
  })
})

describe('the alerting rules match the app’s', () => {
  const table = mirrored()

  it('judge each app rule, or forward it and say why', () => {
    const judged = new Set(Object.values(table).map((entry) => entry.rule))
    expect([...judged, ...forwardedOnly].sort()).toEqual(coreRules.map((rule) => rule.id).sort())
    const header = readFileSync(rulesFile, 'utf8').split('\ngroups:')[0] ?? ''
    for (const id of forwardedOnly) expect(header).toContain(id)
    const named = alerts.flatMap((rule) => rule.alert ?? [])
    expect(named.filter((name) => !(name in table)).sort()).toEqual(['DepinDeskAgentDown', 'DepinDeskAlert'])
  })

  it.each(Object.entries(mirrored()))('%s: app rule, severity, thresholds and durations', (name, expected) => {
    const rule = alerts.find((r) => r.alert === name)
    expect(rule, name).toBeDefined()
    const app = ruleNamed(expected.rule)
    expect(rule?.labels).toEqual({ severity: expected.severity, app_rule: expected.rule })
    if (expected.severity !== 'critical') expect(expected.severity).toBe(app.severity)
    const expr = rule?.expr ?? ''
    // Thresholds are compared with >= or <; `== 0`, `> 0` are the booleans and counts.
    const compared = [...expr.matchAll(/(?:>=|<)\s*(-?[\d.]+)/g)].map((m) => Number(m[1]))
    const numbers = expected.figures.filter((f): f is number => typeof f === 'number')
    expect(new Set(compared), `${name} compares with`).toEqual(new Set(numbers))
    for (const text of expected.figures.filter((f): f is string => typeof f === 'string')) expect(expr, name).toContain(text)
    expect(durationMs(rule?.for)).toBe(app.openAfterMs(defaults(expected.rule)))
    expect(durationMs(rule?.keep_firing_for)).toBe(app.resolveAfterMs)
  })

  it('name only metrics the agent exports', () => {
    const exported = new Set(['up', ...Object.values(metricFamilies).flat().map((spec) => metricName(spec, 'usd'))])
    for (const rule of alerts) for (const name of metricsIn(rule.expr)) expect(exported.has(name), `${name} in ${rule.alert ?? ''}`).toBe(true)
  })
})
