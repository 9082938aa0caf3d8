import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HardwareSample } from '../../../src/shared/contract/hardware.ts'
import type { EnergyAnswer, HistoryAnswer } from '../../../src/shared/contract/history.ts'
import { createDeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'

describe('history and energy through the contract', () => {
  it('keeps each sample, answers ranges in buckets and integrates the machine power', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-history-'))
    const core = createDeskCore({ version: 't', shell: 'agent', log: silentLogger, dataDir, sampleIntervalMs: 250 })
    const samples: HardwareSample[] = []
    core.events.subscribe((event, payload) => {
      if (event === 'hardware.sampled') samples.push(payload as HardwareSample)
    })
    const startedAt = Date.now()
    await core.start()
    await expect.poll(() => samples.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(10)
    const last = samples.at(-1)
    expect(HardwareSample.parse(last)).toEqual(last)
    // No GPU, no plug on the test machine: the machine's watts are the CPU estimate at least.
    expect(last?.power.total.totalWatts).toBeGreaterThan(0)
    expect(last?.power.sources.map((s) => s.source)).toContain('estimate')

    const range = { fromMs: startedAt - 1000, toMs: Date.now() + 1000 }
    await expect
      .poll(async () => {
        const answer = await core.dispatch('history.query', { series: { name: 'cpu_load_percent' }, ...range, maxPoints: 100 })
        return answer.ok ? (answer.value as HistoryAnswer).buckets.length : -1
      })
      .toBeGreaterThanOrEqual(2)
    const cpu = await core.dispatch('history.query', { series: { name: 'cpu_load_percent' }, ...range, maxPoints: 100 })
    expect(cpu).toMatchObject({ ok: true, value: { bucketMs: 1000 } })

    const energy = await core.dispatch('energy.summary', range)
    expect(energy.ok).toBe(true)
    const { kwh, hours } = energy.ok ? (energy.value as EnergyAnswer) : { kwh: 0, hours: [] }
    expect(kwh).toBeGreaterThan(0)
    expect(hours.length).toBeGreaterThanOrEqual(1)

    const backwards = await core.dispatch('history.query', { series: { name: 'cpu_load_percent' }, fromMs: 2000, toMs: 1000 })
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'toMs' } })
    const badName = await core.dispatch('history.query', { series: { name: 'CPU Load' }, fromMs: 0, toMs: 1000 })
    expect(badName).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'series.name' } })
    await core.stop()

    const reopened = createDeskCore({ version: 't', shell: 'agent', log: silentLogger, dataDir, sampleIntervalMs: 250 })
    await reopened.start()
    const kept = await reopened.dispatch('history.query', { series: { name: 'cpu_load_percent' }, ...range, maxPoints: 100 })
    expect(kept.ok && (kept.value as HistoryAnswer).buckets.length).toBeGreaterThanOrEqual(2)
    await reopened.stop()
  })
})
