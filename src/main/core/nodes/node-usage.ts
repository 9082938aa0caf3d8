import type { NodeResources } from '../../../shared/contract/nodes.ts'
import type { ContainerUsage, ProcessFacts } from './node-facts.ts'

/*
 * Rates from counters: each process's CPU seconds and I/O bytes since the scan before, keyed by
 * pid and start time so a pid reused by another process is never taken for the same one. A
 * process new since the last scan counts from its start when it started after that scan.
 */

export type ProcessCounters = { cpuSeconds: number; ioReadBytes: number | null; ioWriteBytes: number | null }

const keyOf = (process: ProcessFacts): string => `${String(process.pid)}@${String(process.startedAtMs)}`

export class UsageDeltas {
  #previous = new Map<string, ProcessCounters>()
  #previousAt: number | null = null
  #containers = new Map<string, ContainerUsage>()

  /** CPU seconds each process used since the last scan (all processes: the machine's total is their sum). */
  advance(processes: readonly ProcessFacts[], at: number): { seconds: number; cpu: Map<number, number>; io: Map<number, { read: number | null; write: number | null }> } {
    const seconds = this.#previousAt === null ? 0 : Math.max(0, (at - this.#previousAt) / 1000)
    const cpu = new Map<number, number>()
    const io = new Map<number, { read: number | null; write: number | null }>()
    const next = new Map<string, ProcessCounters>()
    for (const process of processes) {
      const counters = { cpuSeconds: process.cpuSeconds, ioReadBytes: process.ioReadBytes, ioWriteBytes: process.ioWriteBytes }
      const key = keyOf(process)
      next.set(key, counters)
      if (this.#previousAt === null) continue
      const before = this.#previous.get(key) ?? (process.startedAtMs > this.#previousAt ? { cpuSeconds: 0, ioReadBytes: 0, ioWriteBytes: 0 } : null)
      if (before === null) continue
      cpu.set(process.pid, Math.max(0, counters.cpuSeconds - before.cpuSeconds))
      const delta = (now: number | null, then: number | null): number | null => (now === null || then === null ? null : Math.max(0, now - then))
      io.set(process.pid, { read: delta(counters.ioReadBytes, before.ioReadBytes), write: delta(counters.ioWriteBytes, before.ioWriteBytes) })
    }
    this.#previous = next
    this.#previousAt = at
    return { seconds, cpu, io }
  }

  /** A container's counters since the last scan, per second; null on its first. */
  containerRates(id: string, usage: ContainerUsage, seconds: number): { rx: number | null; tx: number | null; read: number | null; write: number | null; cpuSeconds: number | null } | null {
    const before = this.#containers.get(id)
    this.#containers.set(id, usage)
    if (before === undefined || seconds <= 0) return null
    const rate = (now: number | null, then: number | null): number | null => (now === null || then === null ? null : Math.max(0, now - then) / seconds)
    return {
      rx: rate(usage.netRxBytes, before.netRxBytes),
      tx: rate(usage.netTxBytes, before.netTxBytes),
      read: rate(usage.ioReadBytes, before.ioReadBytes),
      write: rate(usage.ioWriteBytes, before.ioWriteBytes),
      cpuSeconds: Math.max(0, usage.cpuSeconds - before.cpuSeconds),
    }
  }

  forgetContainersBut(ids: ReadonlySet<string>): void {
    for (const id of this.#containers.keys()) if (!ids.has(id)) this.#containers.delete(id)
  }
}

export type NodeCounters = { cpuSeconds: number; memoryBytes: number | null; readPerSecond: number | null; writePerSecond: number | null; rxPerSecond: number | null; txPerSecond: number | null }

/** A node's resources from its processes' deltas (or its container's counters when Docker gave them). */
export function nodeResources(counters: NodeCounters | null, seconds: number, cores: number, gpus: NodeResources['gpus']): NodeResources {
  if (counters === null) return { cpuPercent: null, memoryBytes: null, diskReadBytesPerSecond: null, diskWriteBytesPerSecond: null, netRxBytesPerSecond: null, netTxBytesPerSecond: null, gpus }
  return {
    // Of the whole machine, as the dashboard's CPU figure is.
    cpuPercent: seconds > 0 && cores > 0 ? Math.min(100, (counters.cpuSeconds / (seconds * cores)) * 100) : null,
    memoryBytes: counters.memoryBytes,
    diskReadBytesPerSecond: counters.readPerSecond,
    diskWriteBytesPerSecond: counters.writePerSecond,
    netRxBytesPerSecond: counters.rxPerSecond,
    netTxBytesPerSecond: counters.txPerSecond,
    gpus,
  }
}
