/* Alerts, snapshots and profit answers as core sends them, for the tray and notifier tests. */
import type { Alert, AlertSeverity, AlertsSnapshot } from '../../../src/shared/contract/alerts.ts'
import type { ProfitFigures, ProfitSnapshot } from '../../../src/shared/contract/profit.ts'

export const at = Date.UTC(2026, 11, 6, 12)

export function alert(id: number, severity: AlertSeverity, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    rule: 'plug-unreachable',
    subject: `plug-${id}`,
    severity,
    title: `Alert ${id}`,
    message: `What happened to ${id}, since when, and what to do.`,
    network: null,
    walletId: null,
    host: 'rig-1',
    figure: 'unreachable for 12 min',
    threshold: '5 min',
    view: 'hardware',
    link: null,
    state: 'open',
    since: at - 720_000,
    openedAt: at - 420_000,
    lastSeenAt: at,
    resolvedAt: null,
    ackedAt: null,
    snoozedUntil: null,
    ...overrides,
  }
}

const rank: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 }

/** A snapshot of these open alerts (worst first, as core sorts them), with its counts worked out. */
export function snapshot(open: Alert[], fresh: Alert[] = [], when = at): AlertsSnapshot {
  const sorted = [...open].sort((a, b) => rank[b.severity] - rank[a.severity] || b.openedAt - a.openedAt)
  const awake = sorted.filter((entry) => entry.snoozedUntil === null || entry.snoozedUntil <= when)
  return {
    open: sorted,
    counts: { open: sorted.length, snoozed: sorted.length - awake.length, worst: awake[0]?.severity ?? null },
    quiet: false,
    fresh,
    at: when,
  }
}

function figures(window: ProfitFigures['window'], net: string | null, missing: string[] = []): ProfitFigures {
  return {
    window,
    fromMs: at - 86_400_000,
    toMs: at,
    days: 1,
    revenue: '4.5',
    revenueAtToday: '4.6',
    kwh: 3.2,
    electricity: net === null ? null : '1.2',
    amortization: '0.5',
    otherCosts: '0',
    net,
    netPerDay: net,
    missing,
  }
}

/** profit.summary's answer with this net for today (null: unknown, for the reasons in `missing`). */
export function profit(net: string | null, missing: string[] = [], currency: ProfitSnapshot['currency'] = 'usd'): ProfitSnapshot {
  return {
    currency,
    at,
    total: [figures('today', net, missing), figures('7d', '20.5')],
    networks: [],
    daily: [],
    power: { kind: 'measured', reason: 'wall plug' },
    whatIf: null,
  }
}
