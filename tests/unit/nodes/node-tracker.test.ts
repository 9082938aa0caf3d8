import { describe, expect, it } from 'vitest'
import { trackNode } from '../../../src/main/core/nodes/node-tracker.ts'

const t0 = Date.UTC(2026, 11, 7, 12, 0)

describe('trackNode', () => {
  it('dates a running node from its start on first sight, and a stopped one from now', () => {
    expect(trackNode(undefined, { state: 'running', startedAtMs: t0 - 3_600_000 }, t0)).toEqual({ state: 'running', since: t0 - 3_600_000, restarts: 0, startedAtMs: t0 - 3_600_000 })
    expect(trackNode(undefined, { state: 'stopped', startedAtMs: null }, t0)).toEqual({ state: 'stopped', since: t0, restarts: 0, startedAtMs: null })
  })

  it('keeps the state and its since while nothing changes', () => {
    const first = trackNode(undefined, { state: 'running', startedAtMs: t0 - 1000 }, t0)
    expect(trackNode(first, { state: 'running', startedAtMs: t0 - 1000 }, t0 + 5000)).toEqual(first)
  })

  it('counts a restart when the anchor starts at another time, between two scans or after a stop', () => {
    const running = trackNode(undefined, { state: 'running', startedAtMs: t0 - 1000 }, t0)
    const crashed = trackNode(running, { state: 'running', startedAtMs: t0 + 3000 }, t0 + 5000)
    expect(crashed).toEqual({ state: 'running', since: t0 + 3000, restarts: 1, startedAtMs: t0 + 3000 })
    const stopped = trackNode(crashed, { state: 'stopped', startedAtMs: null }, t0 + 10_000)
    expect(stopped).toEqual({ state: 'stopped', since: t0 + 10_000, restarts: 1, startedAtMs: t0 + 3000 })
    const back = trackNode(stopped, { state: 'running', startedAtMs: t0 + 12_000 }, t0 + 15_000)
    expect(back).toEqual({ state: 'running', since: t0 + 12_000, restarts: 2, startedAtMs: t0 + 12_000 })
  })

  it('never dates a state before the previous one began or after now', () => {
    const stopped = trackNode(undefined, { state: 'stopped', startedAtMs: null }, t0)
    expect(trackNode(stopped, { state: 'running', startedAtMs: t0 - 60_000 }, t0 + 5000).since).toBe(t0)
    expect(trackNode(stopped, { state: 'running', startedAtMs: t0 + 60_000 }, t0 + 5000).since).toBe(t0 + 5000)
  })
})
