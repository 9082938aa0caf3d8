import { describe, expect, it } from 'vitest'
import { EventHub } from '../../../src/main/core/event-hub.ts'

describe('EventHub', () => {
  it('delivers to every subscriber until it unsubscribes', () => {
    const hub = new EventHub()
    const a: string[] = []
    const b: string[] = []
    const stopA = hub.subscribe((event) => a.push(event))
    hub.subscribe((event) => b.push(event))
    hub.emit('monitoring.changed', { paused: true, sampleIntervalMs: 1000 })
    stopA()
    hub.emit('monitoring.changed', { paused: false, sampleIntervalMs: 1000 })
    expect(a).toEqual(['monitoring.changed'])
    expect(b).toEqual(['monitoring.changed', 'monitoring.changed'])
    expect(hub.listenerCount).toBe(1)
  })

  it('keeps delivering when one subscriber throws', () => {
    const hub = new EventHub()
    const seen: unknown[] = []
    hub.subscribe(() => {
      throw new Error('window destroyed')
    })
    hub.subscribe((_event, payload) => seen.push(payload))
    hub.emit('monitoring.changed', { paused: true, sampleIntervalMs: 500 })
    expect(seen).toEqual([{ paused: true, sampleIntervalMs: 500 }])
  })
})
