import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/* The shipped Grafana dashboard and the PromQL in it, for the unit lint and the promtool check. */

export const dashboardPath = join(import.meta.dirname, '../../../resources/grafana/depin-fleet.json')

export type GridPos = { h: number; w: number; x: number; y: number }
export type Target = { refId: string; expr: string; datasource: unknown }
export type Panel = { id: number; type: string; title: string; gridPos: GridPos; datasource?: unknown; targets?: Target[] }
export type Variable = { type: string; name: string; query: unknown; options?: { value: string }[] }
export type Dashboard = {
  uid: string
  title: string
  schemaVersion: number
  panels: Panel[]
  templating: { list: Variable[] }
  time: { from: string; to: string }
  tags: string[]
}

export function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(dashboardPath, 'utf8')) as Dashboard
}

/** Every query of every panel, in panel order. */
export function dashboardExprs(dashboard: Dashboard = loadDashboard()): string[] {
  return dashboard.panels.filter((panel) => panel.type !== 'row').flatMap((panel) => (panel.targets ?? []).map((target) => target.expr))
}

/** The metric names a PromQL expression selects (ours all start `depin_`; `up` is Prometheus' own). */
export function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\b(depin_[a-z0-9_]+|up)\s*(?=[{[)\s]|$)/g)].map((m) => m[1] ?? '')
}

