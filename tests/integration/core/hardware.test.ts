import * as si from 'systeminformation'
import { describe, expect, it } from 'vitest'
import { HardwareSample } from '../../../src/shared/contract/hardware.ts'
import { createDeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { ProcfsReader } from '../../../src/main/core/hardware/linux/procfs-reader.ts'
import { SystemReader } from '../../../src/main/core/hardware/system-reader.ts'

describe('SystemReader on this machine', () => {
  it('reads a sample that fits the contract, with network rates from the second one on', async () => {
    const reader = new SystemReader(si)
    const first = await reader.read()
    expect(HardwareSample.parse(first)).toEqual(first)
    expect(first.network).toBeNull()
    expect(first.provenance).toMatchObject({ kind: 'measured', source: 'systeminformation' })
    expect(first.memory.usedBytes).toBeGreaterThan(0)
    expect(first.memory.usedBytes).toBeLessThanOrEqual(first.memory.totalBytes)
    expect(first.uptimeSeconds).toBeGreaterThan(0)

    await new Promise((r) => setTimeout(r, 200))
    const second = await reader.read()
    expect(HardwareSample.parse(second)).toEqual(second)
    expect(second.network).not.toBeNull()
    expect(second.network?.interfaces.map((i) => i.name)).not.toContain('lo')
    expect(second.provenance.at).toBeGreaterThan(first.provenance.at)
  })
})

describe.runIf(process.platform === 'linux')('ProcfsReader on this machine', () => {
  it('agrees with systeminformation on memory and uptime', async () => {
    const [ours, theirs] = await Promise.all([new ProcfsReader().read(), new SystemReader(si).read()])
    expect(HardwareSample.parse(ours)).toEqual(ours)
    expect(ours.cpu.cores).toBe(theirs.cpu.cores)
    expect(ours.memory.totalBytes).toBe(theirs.memory.totalBytes)
    // Read a few ms apart on a live machine: close, not equal.
    expect(Math.abs(ours.memory.usedBytes - theirs.memory.usedBytes)).toBeLessThan(64 * 1024 * 1024)
    expect(Math.abs(ours.uptimeSeconds - theirs.uptimeSeconds)).toBeLessThan(2)
  })
})

describe('core monitoring', () => {
  it('pushes samples as events, pauses and resumes through the contract', async () => {
    const core = createDeskCore({ version: 't', shell: 'agent', log: silentLogger, sampleIntervalMs: 250 })
    const seen: string[] = []
    core.events.subscribe((event, payload) => {
      seen.push(event === 'monitoring.changed' ? `changed:${String((payload as { paused: boolean }).paused)}` : event)
    })
    core.start()
    await expect.poll(() => seen.filter((e) => e === 'hardware.sampled').length, { timeout: 5000 }).toBeGreaterThanOrEqual(2)
    const latest = await core.dispatch('hardware.latest', {})
    expect(latest.ok && latest.value !== null).toBe(true)

    await expect(core.dispatch('monitoring.setPaused', { paused: true })).resolves.toEqual({
      ok: true,
      value: { paused: true, sampleIntervalMs: 250 },
    })
    const countWhenPaused = seen.filter((e) => e === 'hardware.sampled').length
    await new Promise((r) => setTimeout(r, 700))
    expect(seen.filter((e) => e === 'hardware.sampled').length).toBe(countWhenPaused)

    await core.dispatch('monitoring.setPaused', { paused: false })
    await expect.poll(() => seen.filter((e) => e === 'hardware.sampled').length, { timeout: 5000 }).toBeGreaterThan(countWhenPaused)
    expect(seen).toContain('changed:true')
    expect(seen).toContain('changed:false')
    // Setting the state it already has is not a change.
    await core.dispatch('monitoring.setPaused', { paused: false })
    expect(seen.filter((e) => e === 'changed:false')).toHaveLength(1)
    await core.stop()
  })
})
