import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AlertLog, alertLogMigrations, NewerAlertLogError } from '../../../src/main/core/alerts/alert-log.ts'
import { conditionKey, type LoggedAlert } from '../../../src/main/core/alerts/engine.ts'

const t0 = Date.UTC(2026, 0, 5, 12, 0)
const day = 86_400_000

const dirs: string[] = []
const logs: AlertLog[] = []
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-alerts-'))
  dirs.push(dir)
  return join(dir, 'alerts.sqlite')
}
function open(path: string): AlertLog {
  const log = AlertLog.open(path)
  logs.push(log)
  return log
}
afterEach(() => {
  for (const log of logs.splice(0)) log.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function alert(overrides: Partial<LoggedAlert> = {}): LoggedAlert {
  return {
    id: 1,
    rule: 'plug-unreachable',
    subject: 'plug-1',
    severity: 'warning',
    title: 'Plug “Rig” unreachable',
    message: 'Plug “Rig” has not answered for 3 min. Check its Wi-Fi. Since 5 Jan 12:00.',
    network: null,
    walletId: null,
    host: '192.168.1.20',
    figure: 'no answer for 3 min',
    threshold: 'unreachable for 2 min',
    view: 'hardware',
    link: null,
    state: 'open',
    since: t0,
    openedAt: t0 + 120_000,
    lastSeenAt: t0 + 180_000,
    resolvedAt: null,
    ackedAt: null,
    snoozedUntil: null,
    notifiedAt: t0 + 120_000,
    ...overrides,
  }
}

describe('alert log', () => {
  it('keeps every field of an alert, open alerts and conditions across a reopen', () => {
    const path = tempPath()
    const first = open(path)
    const grass = alert({ id: 2, rule: 'rewards-stopped', subject: 'wallet-a', network: 'grass', walletId: 'wallet-a', view: 'wallets', link: 'https://solscan.io/account/x', notifiedAt: null })
    first.commit([alert(), grass], [{ rule: 'temperature', subject: 'gpu-0', firstSeenAt: t0, cooldownUntil: null }])
    first.commit([alert({ id: 3, subject: 'plug-2', state: 'resolved', resolvedAt: t0 + 600_000 })], [{ rule: 'plug-unreachable', subject: 'plug-2', firstSeenAt: null, cooldownUntil: t0 + day }])
    first.close()
    const again = open(path)
    expect(again.openAlerts()).toEqual([alert(), grass])
    // Conditions are replaced whole at each write: the set as it now is.
    expect(again.conditions()).toEqual([{ rule: 'plug-unreachable', subject: 'plug-2', firstSeenAt: null, cooldownUntil: t0 + day }])
    expect(again.nextId()).toBe(4)
    expect(again.lastOpened()).toEqual(new Map([[conditionKey('plug-unreachable', 'plug-1'), t0 + 120_000], [conditionKey('plug-unreachable', 'plug-2'), t0 + 120_000], [conditionKey('rewards-stopped', 'wallet-a'), t0 + 120_000]]))
    expect(again.get(3)?.state).toBe('resolved')
    expect(again.get(99)).toBeNull()
  })

  it('updates an alert in place by id', () => {
    const log = open(':memory:')
    log.commit([alert()])
    log.commit([alert({ figure: 'no answer for 9 min', ackedAt: t0 + 1, snoozedUntil: t0 + 2, lastSeenAt: t0 + 540_000 })])
    expect(log.openAlerts()).toEqual([alert({ figure: 'no answer for 9 min', ackedAt: t0 + 1, snoozedUntil: t0 + 2, lastSeenAt: t0 + 540_000 })])
  })

  it('answers queries newest first, by state, network, rule, start and limit', () => {
    const log = open(':memory:')
    log.commit([
      alert({ id: 1, openedAt: t0 }),
      alert({ id: 2, openedAt: t0 + 1000, rule: 'rewards-stopped', subject: 'w', network: 'grass', state: 'resolved', resolvedAt: t0 + 2000 }),
      alert({ id: 3, openedAt: t0 + 2000, rule: 'rewards-stopped', subject: 'v', network: 'akash' }),
    ])
    const ids = (query: Partial<Parameters<AlertLog['list']>[0]>) => log.list({ state: 'all', fromMs: 0, limit: 200, ...query }).map((a) => a.id)
    expect(ids({})).toEqual([3, 2, 1])
    expect(ids({ state: 'open' })).toEqual([3, 1])
    expect(ids({ state: 'resolved' })).toEqual([2])
    expect(ids({ network: 'grass' })).toEqual([2])
    expect(ids({ rule: 'rewards-stopped' })).toEqual([3, 2])
    expect(ids({ fromMs: t0 + 1000 })).toEqual([3, 2])
    expect(ids({ limit: 1 })).toEqual([3])
  })

  it('deletes resolved alerts past retention, never open ones, and never hands out their ids again', () => {
    const log = open(':memory:')
    const now = t0 + 100 * day
    log.commit([
      alert({ id: 1, state: 'resolved', resolvedAt: now - 91 * day }),
      alert({ id: 2, state: 'resolved', resolvedAt: now - 89 * day }),
      alert({ id: 3, openedAt: t0 + 200_000, state: 'open' }),
      alert({ id: 4, state: 'resolved', resolvedAt: now - 200 * day }),
    ])
    expect(log.prune(now, 90)).toBe(2)
    expect(log.list({ state: 'all', fromMs: 0, limit: 200 }).map((a) => a.id)).toEqual([3, 2])
    expect(log.nextId()).toBe(5)
    expect(log.prune(now, 90)).toBe(0)
  })

  it('skips and counts a row a hand edit made invalid, and loads the rest', () => {
    const path = tempPath()
    const log = open(path)
    log.commit([alert({ id: 1 }), alert({ id: 2, subject: 'plug-2' })])
    const raw = new DatabaseSync(path)
    raw.exec(`UPDATE alerts SET severity = 'apocalyptic' WHERE id = 1`)
    raw.close()
    expect(log.openAlerts().map((a) => a.id)).toEqual([2])
    expect(log.skippedRows).toBe(1)
  })

  it('refuses to save an alert the contract would refuse, naming the field', () => {
    const log = open(':memory:')
    expect(() => log.commit([alert({ rule: 'Not A Rule' })])).toThrow(/alert 1 was not saved: rule/)
    expect(log.openAlerts()).toEqual([])
  })

  it('keeps price points of the current currency within the window', () => {
    const log = open(':memory:')
    log.addPricePoint({ at: t0, prices: { GRASS: '2.00' } }, 'usd', t0 - day)
    log.addPricePoint({ at: t0 + 300_000, prices: { GRASS: '1.90', TAO: '400' } }, 'usd', t0 - day)
    log.addPricePoint({ at: t0 + 600_000, prices: { GRASS: '1.70' } }, 'eur', t0 - day)
    // The next write drops what fell out of the window.
    log.addPricePoint({ at: t0 + day + 1, prices: { GRASS: '1.00' } }, 'usd', t0 + 1)
    expect(log.pricePoints(0, 'usd')).toEqual([
      { at: t0 + 300_000, prices: { GRASS: '1.90', TAO: '400' } },
      { at: t0 + day + 1, prices: { GRASS: '1.00' } },
    ])
    expect(log.pricePoints(t0 + day, 'usd')).toHaveLength(1)
    expect(log.pricePoints(0, 'eur')).toHaveLength(1)
  })

  it("is the owner's alone, and refuses a file from a newer build", () => {
    const path = tempPath()
    open(path).close()
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o077).toBe(0)
    const raw = new DatabaseSync(path)
    raw.exec(`PRAGMA user_version = ${String(alertLogMigrations.length + 1)}`)
    raw.close()
    expect(() => AlertLog.open(path)).toThrow(NewerAlertLogError)
  })
})
