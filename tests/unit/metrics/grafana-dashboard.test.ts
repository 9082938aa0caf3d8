import { describe, expect, it } from 'vitest'
import { metricFamilies, metricName } from '../../../src/main/agent/metrics/metrics-registry.ts'
import { currencies } from '../../../src/shared/contract/wallet-lists.ts'
import { dashboardExprs, loadDashboard, metricsIn } from './dashboard-queries.ts'

/*
 * A lint of resources/grafana/depin-fleet.json against the classic dashboard JSON model as
 * Grafana documents it (https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/):
 * no Grafana runs here, and no schema package for it is among our dependencies. It checks the
 * documented fields, a 24-column grid without overlaps, a templated Prometheus data source on
 * every panel and query, variables that exist, and that every query names only metrics the
 * agent exports (in each currency the `currency` variable offers). That every query parses as
 * PromQL is promtool's to say: tests/integration/metrics/prometheus-rules.test.ts.
 */

const dashboard = loadDashboard()
const queries = dashboard.panels.filter((panel) => panel.type !== 'row')
const exprs = dashboardExprs(dashboard)
const panelTypes = new Set(['row', 'stat', 'timeseries', 'table', 'bargauge', 'gauge', 'text', 'piechart', 'barchart'])
const builtins = new Set(['__range', '__rate_interval', '__interval'])
const templated = { type: 'prometheus', uid: '${datasource}' }

/** A query with `${currency}` as each of the currencies the variable offers. */
function inEveryCurrency(expr: string): string[] {
  return expr.includes('${currency}') ? currencies.map((c) => expr.replaceAll('${currency}', c)) : [expr]
}

describe('the fleet dashboard', () => {
  it('has the documented top-level fields', () => {
    expect(dashboard.uid).toMatch(/^[a-zA-Z0-9_-]{8,40}$/)
    expect(dashboard.title).toBe('DePIN Desk fleet')
    expect(Number.isInteger(dashboard.schemaVersion) && dashboard.schemaVersion >= 36).toBe(true)
    expect(dashboard.time).toEqual({ from: expect.stringMatching(/^now-/) as unknown, to: 'now' })
    expect(Array.isArray(dashboard.tags) && Array.isArray(dashboard.templating.list)).toBe(true)
  })

  it('lays its panels on the 24-column grid without overlap, with unique ids', () => {
    const ids = dashboard.panels.map((panel) => panel.id)
    expect(new Set(ids).size).toBe(ids.length)
    const cells = new Set<string>()
    for (const { type, title, gridPos } of dashboard.panels) {
      expect(panelTypes.has(type), `${title}: panel type ${type}`).toBe(true)
      for (const n of [gridPos.h, gridPos.w, gridPos.x, gridPos.y]) expect(Number.isInteger(n) && n >= 0).toBe(true)
      expect(gridPos.w > 0 && gridPos.h > 0 && gridPos.x + gridPos.w <= 24, title).toBe(true)
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          expect(cells.has(`${String(x)},${String(y)}`), `${title} overlaps at ${String(x)},${String(y)}`).toBe(false)
          cells.add(`${String(x)},${String(y)}`)
        }
      }
    }
  })

  it('queries the templated Prometheus data source from every panel and target', () => {
    const source = dashboard.templating.list.find((v) => v.type === 'datasource')
    expect(source).toMatchObject({ name: 'datasource', query: 'prometheus' })
    for (const panel of queries) {
      expect(panel.datasource, panel.title).toEqual(templated)
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0)
      const refIds = (panel.targets ?? []).map((t) => t.refId)
      expect(new Set(refIds).size, panel.title).toBe(refIds.length)
      for (const target of panel.targets ?? []) {
        expect(target.datasource, panel.title).toEqual(templated)
        expect(target.expr.trim(), panel.title).not.toBe('')
      }
    }
  })

  it('uses only variables it defines', () => {
    const defined = new Set(dashboard.templating.list.map((v) => v.name))
    const queriesOfVariables = dashboard.templating.list.map((v) => (typeof v.query === 'string' ? v.query : JSON.stringify(v.query)))
    for (const text of [...exprs, ...queriesOfVariables]) {
      for (const [, name] of text.matchAll(/\$\{?([a-zA-Z_][a-zA-Z0-9_]*)/g)) {
        expect(defined.has(name ?? '') || builtins.has(name ?? ''), `$${name ?? ''} in ${text}`).toBe(true)
      }
    }
    const currency = dashboard.templating.list.find((v) => v.name === 'currency')
    expect(currency?.options?.map((o) => o.value)).toEqual([...currencies])
  })

  it('names only metrics the agent exports, in every currency', () => {
    const exported = new Set(['up', ...currencies.flatMap((c) => Object.values(metricFamilies).flat().map((spec) => metricName(spec, c)))])
    for (const expr of exprs.flatMap(inEveryCurrency)) {
      const names = metricsIn(expr)
      expect(names.length, expr).toBeGreaterThan(0)
      for (const name of names) expect(exported.has(name), `${name} in ${expr}`).toBe(true)
    }
  })

  it('shows rigs, watts, kWh and their cost, net per network and alerts', () => {
    const all = exprs.join('\n')
    for (const needed of ['depin_build_info', 'depin_machine_power_watts', 'depin_energy_joules_total', 'cost="electricity"', 'depin_network_net_${currency}', 'depin_alert_active']) {
      expect(all).toContain(needed)
    }
  })
})
