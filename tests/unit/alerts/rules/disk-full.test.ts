import { describe, expect, it } from 'vitest'
import { diskFull } from '../../../../src/main/core/alerts/rules/disk-full.ts'
import { sample, state, thresholds } from './state.ts'

/* A volume at or over the share used; half-way from the limit to full is critical. */

const gib = 1024 ** 3
const used = (percent: number): ReturnType<typeof state> =>
  state({ hardware: sample({ disks: [{ mount: '/srv/filecoin', device: '/dev/nvme0n1p1', usedBytes: percent * gib, totalBytes: 100 * gib }] }) })

describe('disk-full', () => {
  it.each([
    [89.9, 0],
    [90, 1],
    [90.1, 1],
  ])('%f %% used against the 90 %% default: %i finding', (percent, count) => {
    expect(diskFull.evaluate(used(percent), thresholds(diskFull))).toHaveLength(count)
  })

  it('names the volume, the figure, the space left and what to do', () => {
    const [finding] = diskFull.evaluate(used(91), thresholds(diskFull))
    expect(finding).toMatchObject({ subject: '/srv/filecoin', figure: '91 % used', threshold: '90 %', view: 'hardware' })
    expect(finding?.message).toMatch(/\/srv\/filecoin.*91 % used.*90 % limit.*9 GiB of 100 GiB left.*Free space/)
    expect(finding?.severity).toBeUndefined()
    expect(diskFull.evaluate(used(95), thresholds(diskFull))[0]?.severity).toBe('critical')
  })

  it('ignores a volume of no size, and says nothing before the first sample', () => {
    const empty = state({ hardware: sample({ disks: [{ mount: '/boot', device: 'x', usedBytes: 0, totalBytes: 0 }] }) })
    expect(diskFull.evaluate(empty, thresholds(diskFull))).toEqual([])
    expect(diskFull.current(state(), thresholds(diskFull))).toBeNull()
    expect(diskFull.current(used(42), thresholds(diskFull))).toBe('/srv/filecoin at 42 % used')
  })
})
