import { describe, expect, it } from 'vitest'
import {
  corePercents,
  cpuLoadPercent,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  parseUptime,
  ProcFormatError,
  type CoreTimes,
} from '../../../src/main/core/hardware/linux/parse-proc.ts'

// Literal text as the kernel writes it (captured on a 2-core Debian 12 VM, kernel 6.18).
const procStat = `cpu  8285 0 3654 213086 291 0 79 16 0 0
cpu0 3538 0 1631 107451 47 0 20 8 0 0
cpu1 4746 0 2023 105634 244 0 59 8 0 0
intr 413718 0 0 0
ctxt 1023312
btime 1795511300
processes 4120
procs_running 1
`

const meminfo = `MemTotal:       24684084 kB
MemFree:        24377680 kB
MemAvailable:   24358160 kB
Buffers:           10240 kB
Cached:           120000 kB
SwapTotal:             0 kB
`

const netDev = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 2161673     435    0    0    0     0          0         0  2161673     435    0    0    0     0       0          0
  eth0: 459602370   11706    0    0    0     0          0         0   731546    6977    0    0    0     0       0          0
docker0:     100       1    0    0    0     0          0         0      200       2    0    0    0     0       0          0
`

describe('parseProcStat', () => {
  it('reads the aggregate and per-core busy and total jiffies', () => {
    const stat = parseProcStat(procStat)
    // busy = user+nice+system+irq+softirq+steal; total adds idle+iowait
    expect(stat.all).toEqual({ busy: 8285 + 3654 + 79 + 16, total: 8285 + 3654 + 79 + 16 + 213086 + 291 })
    expect(stat.cores).toHaveLength(2)
    expect(stat.cores[1]).toEqual({ cpu: 1, busy: 4746 + 2023 + 59 + 8, total: 4746 + 2023 + 59 + 8 + 105634 + 244 })
  })

  it('keeps each core\'s number, as an offline one leaves a gap', () => {
    expect(parseProcStat('cpu 30 0 0 70\ncpu0 10 0 0 40\ncpu2 20 0 0 30\n').cores.map((c) => c.cpu)).toEqual([0, 2])
  })

  it('accepts old kernels with only four fields', () => {
    expect(parseProcStat('cpu 10 0 10 80\ncpu0 10 0 10 80\n').all).toEqual({ busy: 20, total: 100 })
  })

  it.each(['', 'intr 1 2 3\n', 'cpu  a b c d\n', 'cpu 1 2\n'])('refuses %j', (text) => {
    expect(() => parseProcStat(text)).toThrow(ProcFormatError)
  })
})

describe('cpuLoadPercent', () => {
  it('is the busy share of the jiffies between readings', () => {
    expect(cpuLoadPercent({ busy: 100, total: 1000 }, { busy: 150, total: 1200 })).toBe(25)
    expect(cpuLoadPercent({ busy: 0, total: 0 }, { busy: 0, total: 0 })).toBe(0)
    expect(cpuLoadPercent({ busy: 100, total: 1000 }, { busy: 90, total: 1000 })).toBe(0)
  })
})

describe('corePercents', () => {
  const core = (cpu: number, busy: number, total: number): CoreTimes => ({ cpu, busy, total })
  it('is each core\'s busy share between readings, matched by number', () => {
    const before = [core(0, 100, 1000), core(1, 100, 1000), core(2, 0, 1000)]
    const after = [core(0, 150, 1100), core(2, 100, 1200), core(3, 30, 100)]
    // cpu1 went offline; cpu3 came online and counts from zero.
    expect(corePercents(before, after)).toEqual([50, 50, 30])
  })
  it('counts since boot on the first reading', () => {
    expect(corePercents([], [core(0, 25, 100)])).toEqual([25])
  })
})

describe('parseMeminfo', () => {
  it('reads total and available in bytes', () => {
    expect(parseMeminfo(meminfo)).toEqual({ totalBytes: 24684084 * 1024, availableBytes: 24358160 * 1024 })
  })

  it('falls back to free + buffers + cached without MemAvailable', () => {
    const old = meminfo.replace(/^MemAvailable.*\n/m, '')
    expect(parseMeminfo(old).availableBytes).toBe((24377680 + 10240 + 120000) * 1024)
  })

  it('refuses text without MemTotal', () => {
    expect(() => parseMeminfo('MemFree: 1 kB\n')).toThrow(/no MemTotal/)
  })
})

describe('parseNetDev', () => {
  it('reads receive and transmit bytes per interface, names with or without a gap', () => {
    expect(parseNetDev(netDev)).toEqual([
      { name: 'lo', rxBytes: 2161673, txBytes: 2161673 },
      { name: 'eth0', rxBytes: 459602370, txBytes: 731546 },
      { name: 'docker0', rxBytes: 100, txBytes: 200 },
    ])
  })

  it('refuses a truncated line', () => {
    expect(() => parseNetDev(`h1\nh2\n  eth0: 1 2 3\n`)).toThrow(/unreadable line/)
  })
})

describe('parseUptime', () => {
  it('reads seconds since boot', () => {
    expect(parseUptime('1131.11 2130.86\n')).toBe(1131.11)
    expect(() => parseUptime('soon')).toThrow(ProcFormatError)
  })
})
