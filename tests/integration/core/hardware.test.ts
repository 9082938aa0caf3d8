import { tmpdir } from 'node:os'
import * as si from 'systeminformation'
import { describe, expect, it } from 'vitest'
import { HardwareSample } from '../../../src/shared/contract/hardware.ts'
import { createDeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { ProcfsReader } from '../../../src/main/core/hardware/linux/procfs-reader.ts'
import { SystemReader } from '../../../src/main/core/hardware/system-reader.ts'

/** What a machine reader returns: the contract's sample less the GPUs and power joined in later. */
const MachineReading = HardwareSample.omit({ gpus: true, power: true })

describe('SystemReader on this machine', () => {
  it('reads a sample that fits the contract, with network rates from the second one on', async () => {
    const reader = new SystemReader(si)
    const first = await reader.read()
    expect(MachineReading.parse(first)).toEqual(first)
    expect(first.network).toBeNull()
    expect(first.provenance).toMatchObject({ kind: 'measured', source: 'systeminformation' })
    expect(first.memory.usedBytes).toBeGreaterThan(0)
    expect(first.memory.usedBytes).toBeLessThanOrEqual(first.memory.totalBytes)
    expect(first.uptimeSeconds).toBeGreaterThan(0)

    await new Promise((r) => setTimeout(r, 200))
    const second = await reader.read()
    expect(MachineReading.parse(second)).toEqual(second)
    expect(second.cpu.perCorePercent).toHaveLength(second.cpu.cores)
    expect(second.network).not.toBeNull()
    expect(second.network?.interfaces.map((i) => i.name)).not.toContain('lo')
    expect(second.provenance.at).toBeGreaterThan(first.provenance.at)
  })

  it('fills disks from its background read', async () => {
    const reader = new SystemReader(si)
    await reader.read()
    await expect.poll(async () => (await reader.read()).disks.length, { timeout: 10_000 }).toBeGreaterThan(0)
  })
})

describe.runIf(process.platform === 'linux')('ProcfsReader on this machine', () => {
  it('agrees with systeminformation on cores, memory and uptime', async () => {
    const [ours, theirs] = await Promise.all([new ProcfsReader({ dataDir: tmpdir() }).read(), new SystemReader(si).read()])
    expect(MachineReading.parse(ours)).toEqual(ours)
    expect(ours.cpu.cores).toBe(theirs.cpu.cores)
    expect(ours.cpu.perCorePercent).toHaveLength(ours.cpu.cores)
    expect(ours.memory.totalBytes).toBe(theirs.memory.totalBytes)
    // Read a few ms apart on a live machine: close, not equal.
    expect(Math.abs(ours.memory.usedBytes - theirs.memory.usedBytes)).toBeLessThan(64 * 1024 * 1024)
    expect(Math.abs(ours.uptimeSeconds - theirs.uptimeSeconds)).toBeLessThan(2)
  })

  it('shows the root volume and whatever sensors and battery /sys has, each with a stable id', async () => {
    const reading = await new ProcfsReader({ dataDir: tmpdir() }).read()
    expect(reading.disks.map((d) => d.mount)).toContain('/')
    for (const disk of reading.disks) expect(disk.usedBytes).toBeLessThanOrEqual(disk.totalBytes)
    for (const t of reading.temperatures) expect(t.sensor).toMatch(/^(hwmon:[^/]+\/temp\d+|thermal:.+)$/)
    expect(new Set(reading.temperatures.map((t) => t.sensor)).size).toBe(reading.temperatures.length)
  })
})

describe('core monitoring', () => {
  it('pushes samples as events, pauses and resumes through the contract', async () => {
    const core = createDeskCore({ version: 't', shell: 'agent', log: silentLogger, sampleIntervalMs: 250 })
    const seen: string[] = []
    core.events.subscribe((event, payload) => {
      seen.push(event === 'monitoring.changed' ? `changed:${String((payload as { paused: boolean }).paused)}` : event)
    })
    await core.start()
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
