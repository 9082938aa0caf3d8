import type { DiskUsage } from '../../../../shared/contract/hardware.ts'
import type { AlertRule, AlertState, Finding } from '../rule.ts'
import { minuteMs, num, sampleOf, threshold } from './rule-kit.ts'

/*
 * A volume filling up: storage networks (Filecoin, Storj) stop accepting data or fault sectors
 * when it is full, and the history database cannot be written. Half-way from the limit to full
 * is critical.
 */

const usedPercent = (disk: DiskUsage): number => (disk.usedBytes / disk.totalBytes) * 100
const gib = (bytes: number): string => num(bytes / 1024 ** 3, 1)

function volumes(state: AlertState): DiskUsage[] {
  return sampleOf(state)?.disks.filter((disk) => disk.totalBytes > 0) ?? []
}

export const diskFull: AlertRule = {
  id: 'disk-full',
  name: 'Disk nearly full',
  explanation: 'A volume at or over a share used: a full disk stops storage nodes and history.',
  severity: 'warning',
  thresholds: [{ key: 'usedPercent', label: 'Used at or over', unit: '%', default: 90, min: 50, max: 99 }],
  openAfterMs: () => 5 * minuteMs,
  resolveAfterMs: 10 * minuteMs,
  cooldownMs: 6 * 60 * minuteMs,
  evaluate(state, thresholds) {
    const limit = threshold(thresholds, 'usedPercent')
    return volumes(state).flatMap((disk): Finding[] => {
      const used = usedPercent(disk)
      if (used < limit) return []
      const free = disk.totalBytes - disk.usedBytes
      return [
        {
          subject: disk.mount,
          ...(used >= limit + (100 - limit) / 2 ? { severity: 'critical' as const } : {}),
          title: `Disk ${disk.mount} is ${num(used, 0)} % full`,
          message: `Volume ${disk.mount} (${disk.device}) on this machine is ${num(used, 1)} % used, at or over your ${num(limit, 0)} % limit; ${gib(free)} GiB of ${gib(disk.totalBytes)} GiB left. Free space or grow the volume before storage nodes stop taking data.`,
          figure: `${num(used, 1)} % used`,
          threshold: `${num(limit, 0)} %`,
          view: 'hardware',
        },
      ]
    })
  },
  current(state) {
    const all = volumes(state)
    if (all.length === 0) return null
    const fullest = all.reduce((a, b) => (usedPercent(b) > usedPercent(a) ? b : a))
    return `${fullest.mount} at ${num(usedPercent(fullest), 0)} % used`
  },
}
