import type { Alert } from '../../../../src/shared/contract/alerts.ts'
import { defaultSettings, type Settings } from '../../../../src/shared/contract/settings.ts'
import { createPushDelivery, type PushDelivery, type PushDeliveryOptions } from '../../../../src/main/core/alerts/channels/index.ts'
import type { Schedule } from '../../../../src/main/core/alerts/channels/index.ts'
import type { Logger } from '../../../../src/main/core/log.ts'
import { createMemorySecretStore } from '../../../../src/main/core/store/memory-secret-store.ts'
import type { SecretStore } from '../../../../src/main/core/store/secret-store.ts'

/** 2025-03-04 12:00 UTC: every test's clock starts here and moves only when the test says. */
export const t0 = Date.UTC(2025, 2, 4, 12, 0)

/** A clock and a timer queue the test drives: `advance` moves time on and runs what fell due. */
export function manualTime(start = t0): { now: () => number; schedule: Schedule; advance: (ms: number) => void; waits: () => number[] } {
  let now = start
  const timers: { at: number; run: () => void; done: boolean }[] = []
  return {
    now: () => now,
    schedule: (ms, run) => {
      const timer = { at: now + ms, run, done: false }
      timers.push(timer)
      return () => {
        timer.done = true
      }
    },
    advance: (ms) => {
      now += ms
      for (const timer of timers.filter((t) => !t.done && t.at <= now).sort((a, b) => a.at - b.at)) {
        timer.done = true
        timer.run()
      }
    },
    waits: () => timers.filter((t) => !t.done).map((t) => t.at - now),
  }
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 1,
    rule: 'plug-unreachable',
    subject: 'plug-1a2b3c4d',
    severity: 'warning',
    title: 'Plug “Rig 1” is unreachable',
    message: 'Shelly Gen2+ at 192.168.1.20:80 refused the connection. Check that the plug has power and is on the network.',
    network: null,
    walletId: null,
    host: '192.168.1.20',
    figure: 'no answer for 6 min',
    threshold: 'unreachable for 5 min',
    view: 'hardware',
    link: null,
    state: 'open',
    since: t0 - 6 * 60_000,
    openedAt: t0 - 60_000,
    lastSeenAt: t0,
    resolvedAt: null,
    ackedAt: null,
    snoozedUntil: null,
    ...overrides,
  }
}

/** A logger that keeps every line, detail included, so tests can check no secret reaches it. */
export function recordingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = []
  const describe = (detail: unknown): string => (detail instanceof Error ? (detail.stack ?? detail.message) : JSON.stringify(detail))
  const keep = (level: string) => (message: string, detail?: unknown) => lines.push(`${level} ${message}${detail === undefined ? '' : ` ${describe(detail)}`}`)
  return { log: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') }, lines }
}

export type Harness = {
  delivery: PushDelivery
  secrets: SecretStore
  settings: () => Settings
  time: ReturnType<typeof manualTime>
  lines: string[]
}

/** A push delivery over in-memory secrets and settings, with the test's clock. */
export function harness(options: Partial<PushDeliveryOptions> = {}): Harness {
  let current: Settings = defaultSettings
  const secrets = createMemorySecretStore()
  const time = manualTime()
  const { log, lines } = recordingLogger()
  const delivery = createPushDelivery({
    secrets,
    settings: () => current,
    saveSettings: (next) => {
      current = next
    },
    log,
    now: time.now,
    schedule: time.schedule,
    timeoutMs: 2_000,
    ...options,
  })
  return { delivery, secrets, settings: () => current, time, lines }
}
