import { describe, expect, it } from 'vitest'
import type { EnergyAnswer, HistoryAnswer } from '../../../src/shared/contract/history.ts'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import { createDeskStore } from '../../../src/renderer/src/store/store.ts'
import { fakeClient, sample } from './fake-client.ts'

const now = 1_800_000_000_000
const hourMs = 3_600_000
const ok = <T>(value: T): Envelope<T> => ({ ok: true, value })
const unavailable: Envelope<never> = { ok: false, error: { code: 'upstream', message: 'History is unavailable: disk full.', retryable: true } }

/** One bucket per series, its value telling which series answered. */
const answerFor = (input: unknown): Envelope<HistoryAnswer> => {
  const { series } = input as { series: { name: string; labels: Record<string, string> } }
  const value = { machine_power_watts: 120, cpu_load_percent: 30, temperature_celsius: 60 }[series.name] ?? -1
  return ok({ bucketMs: 4000, buckets: [{ at: now - 4000, min: value, avg: value, max: value, count: 4 }] })
}
const energy: EnergyAnswer = { kwh: 0.1, hours: [], gaps: [] }

const cpuSensor = { sensor: 'hwmon:k10temp/temp1', label: 'Tctl', kind: 'cpu' as const, celsius: 55 }
const diskSensor = { sensor: 'hwmon:nvme/temp1', label: 'Composite', kind: 'disk' as const, celsius: 40 }

function setup(answers: Parameters<typeof fakeClient>[0] = { 'history.query': answerFor, 'energy.summary': ok(energy) }) {
  const fake = fakeClient(answers)
  const store = createDeskStore(fake.client, () => now)
  return { fake, store }
}

describe('history slice', () => {
  it('asks for nothing until the charts have a width', async () => {
    const { fake, store } = setup()
    await store.getState().loadHistory()
    expect(fake.calls).toEqual([])
  })

  it('loads power, CPU, energy and each sensor the latest sample has, over the range ending now', async () => {
    const { fake, store } = setup()
    fake.emit('hardware.sampled', sample(now, 5, [cpuSensor, diskSensor]))
    store.getState().setHistoryWidth(1234)
    await store.getState().loadHistory()
    const window = { fromMs: now - hourMs, toMs: now, maxPoints: 1200 }
    expect(fake.calls).toEqual([
      { method: 'history.query', input: { series: { name: 'machine_power_watts', labels: {} }, ...window } },
      { method: 'history.query', input: { series: { name: 'cpu_load_percent', labels: {} }, ...window } },
      { method: 'energy.summary', input: { fromMs: window.fromMs, toMs: window.toMs } },
      { method: 'history.query', input: { series: { name: 'temperature_celsius', labels: { sensor: cpuSensor.sensor } }, ...window } },
      { method: 'history.query', input: { series: { name: 'temperature_celsius', labels: { sensor: diskSensor.sensor } }, ...window } },
    ])
    const history = store.getState().history
    expect(history).toMatchObject({ range: '1h', window, energy, fetchedAt: now })
    expect(history?.power.buckets[0]?.avg).toBe(120)
    expect(history?.cpu.buckets[0]?.avg).toBe(30)
    expect(history?.temperatures.map((t) => [t.label, t.answer.buckets[0]?.avg])).toEqual([
      ['Tctl', 60],
      ['Composite', 60],
    ])
  })

  it('asks for the chosen range, and forgets the old range answer when switching', async () => {
    const { fake, store } = setup()
    store.getState().setHistoryWidth(800)
    await store.getState().loadHistory()
    expect(store.getState().history?.range).toBe('1h')
    store.getState().setHistoryRange('24h')
    expect(store.getState().history).toBeNull()
    await store.getState().loadHistory()
    expect(fake.calls.at(-1)).toEqual({ method: 'energy.summary', input: { fromMs: now - 24 * hourMs, toMs: now } })
    expect(store.getState().history?.range).toBe('24h')
  })

  it('drops an answer that arrives after the range changed', async () => {
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    const { store } = setup({
      'history.query': async (input) => {
        await held
        return answerFor(input)
      },
      'energy.summary': ok(energy),
    })
    store.getState().setHistoryWidth(800)
    const slow = store.getState().loadHistory()
    store.getState().setHistoryRange('7d')
    release()
    await slow
    expect(store.getState()).toMatchObject({ historyRange: '7d', history: null })
  })

  it('keeps the last good view and says why a refresh failed', async () => {
    let failing = false
    const { store } = setup({
      'history.query': (input) => (failing ? unavailable : answerFor(input)),
      'energy.summary': ok(energy),
    })
    store.getState().setHistoryWidth(800)
    await store.getState().loadHistory()
    const good = store.getState().history
    failing = true
    await store.getState().loadHistory()
    expect(store.getState()).toMatchObject({ history: good, historyError: 'History is unavailable: disk full.' })
    failing = false
    await store.getState().loadHistory()
    expect(store.getState().historyError).toBeNull()
  })

  it('leaves out a sensor whose history fails, and draws the rest', async () => {
    const { fake, store } = setup({
      'history.query': (input) => {
        const { series } = input as { series: { labels: Record<string, string> } }
        return series.labels.sensor === diskSensor.sensor ? unavailable : answerFor(input)
      },
      'energy.summary': ok(energy),
    })
    fake.emit('hardware.sampled', sample(now, 5, [cpuSensor, diskSensor]))
    store.getState().setHistoryWidth(800)
    await store.getState().loadHistory()
    expect(store.getState().history?.temperatures.map((t) => t.sensor)).toEqual([cpuSensor.sensor])
    expect(store.getState().historyError).toBeNull()
  })
})
