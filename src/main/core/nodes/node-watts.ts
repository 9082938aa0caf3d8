import type { NodeWatts } from '../../../shared/contract/nodes.ts'
import type { PowerReading } from '../../../shared/contract/power.ts'

/*
 * Each node's share of the machine's watts, measured where the machine can tell: a GPU's watts go
 * to the nodes whose processes use it (split by their GPU memory when several share one), the
 * CPU package's watts (RAPL, or the estimate's CPU part) are split by CPU time. What no node can
 * be shown to use stays with the rest of the machine, which profit splits by the operator's shares.
 */

export type NodeUse = {
  id: string
  /** CPU seconds the node's processes used over the last scan interval. */
  cpuSeconds: number
  /** GPU memory per GPU uuid its processes hold (nvidia-smi's compute apps). */
  gpuMemoryBytes: ReadonlyMap<string, number>
}

export type WattsInput = {
  nodes: readonly NodeUse[]
  /** CPU seconds every process on the machine used over the same interval. */
  machineCpuSeconds: number
  /** The power readings of the same moment (every source's). */
  readings: readonly PowerReading[]
}

const gpuUuid = (deviceId: string): string | null => (deviceId.startsWith('nvidia:') ? deviceId.slice('nvidia:'.length) : null)

function percent(fraction: number): string {
  const value = fraction * 100
  return value > 0 && value < 1 ? '< 1 %' : `${String(Math.round(value))} %`
}

/** The CPU package's readings: RAPL's measured ones, else the estimate's CPU part. */
function cpuReadings(readings: readonly PowerReading[]): PowerReading[] {
  const measured = readings.filter((r) => r.scope === 'cpu-package' && r.watts !== null)
  return measured.length > 0 ? measured : readings.filter((r) => r.deviceId === 'estimate:cpu' && r.watts !== null)
}

export function nodeWatts(input: WattsInput): Map<string, NodeWatts> {
  const result = new Map<string, { watts: number; measuredWatts: number; parts: string[] }>()
  const add = (id: string, watts: number, measured: boolean, part: string): void => {
    const entry = result.get(id) ?? { watts: 0, measuredWatts: 0, parts: [] }
    entry.watts += watts
    if (measured) entry.measuredWatts += watts
    entry.parts.push(part)
    result.set(id, entry)
  }
  for (const node of input.nodes) result.set(node.id, { watts: 0, measuredWatts: 0, parts: [] })

  for (const reading of input.readings) {
    const uuid = gpuUuid(reading.deviceId)
    if (uuid === null || reading.watts === null) continue
    const users = input.nodes.filter((node) => node.gpuMemoryBytes.has(uuid))
    const totalMemory = users.reduce((sum, node) => sum + (node.gpuMemoryBytes.get(uuid) ?? 0), 0)
    for (const node of users) {
      const fraction = users.length === 1 ? 1 : totalMemory > 0 ? (node.gpuMemoryBytes.get(uuid) ?? 0) / totalMemory : 1 / users.length
      const share = users.length === 1 ? '' : ` × ${percent(fraction)} by GPU memory`
      add(node.id, reading.watts * fraction, reading.kind === 'measured', `${reading.label} (${reading.kind})${share}`)
    }
  }

  const cpu = cpuReadings(input.readings)
  if (cpu.length > 0 && input.machineCpuSeconds > 0) {
    const cpuWatts = cpu.reduce((sum, r) => sum + (r.watts ?? 0), 0)
    const measured = cpu.every((r) => r.kind === 'measured')
    const basis = measured ? 'CPU package, RAPL, measured' : 'CPU, estimated'
    for (const node of input.nodes) {
      if (node.cpuSeconds <= 0) continue
      const fraction = Math.min(1, node.cpuSeconds / input.machineCpuSeconds)
      add(node.id, cpuWatts * fraction, measured, `${percent(fraction)} of the CPU time × ${cpuWatts.toFixed(0)} W (${basis})`)
    }
  }

  return new Map(
    [...result].map(([id, entry]) => [
      id,
      { watts: entry.watts, measuredWatts: entry.measuredWatts, how: entry.parts.length === 0 ? 'no GPU in use and no CPU time this interval' : entry.parts.join(' + ') },
    ]),
  )
}
