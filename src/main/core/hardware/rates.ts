import type { HardwareSample } from '../../../shared/contract/hardware.ts'

/** Cumulative byte counters of one interface at one moment. */
export type InterfaceCounters = { name: string; rxBytes: number; txBytes: number }

export type InterfaceRate = { name: string; rxBytesPerSecond: number; txBytesPerSecond: number }

/**
 * Per-second rate of a cumulative counter. A counter that went down was reset (driver
 * reload, 32-bit wrap), so, as Prometheus's rate() does, the new value is the increase.
 */
export function counterRate(previous: number, current: number, elapsedMs: number): number {
  if (elapsedMs <= 0) return 0
  const increase = current >= previous ? current - previous : current
  return (increase * 1000) / elapsedMs
}

/** Rates of the interfaces present in both readings; a new interface waits for its second reading. */
export function interfaceRates(
  previous: readonly InterfaceCounters[],
  current: readonly InterfaceCounters[],
  elapsedMs: number,
): InterfaceRate[] {
  const before = new Map(previous.map((c) => [c.name, c]))
  const rates: InterfaceRate[] = []
  for (const now of current) {
    const then = before.get(now.name)
    if (!then) continue
    rates.push({
      name: now.name,
      rxBytesPerSecond: counterRate(then.rxBytes, now.rxBytes, elapsedMs),
      txBytesPerSecond: counterRate(then.txBytes, now.txBytes, elapsedMs),
    })
  }
  return rates
}

/** Machine-wide throughput: per-interface rates and their sums. */
export function networkThroughput(
  previous: readonly InterfaceCounters[],
  current: readonly InterfaceCounters[],
  elapsedMs: number,
): NonNullable<HardwareSample['network']> {
  const rates = interfaceRates(previous, current, elapsedMs)
  return {
    rxBytesPerSecond: rates.reduce((sum, r) => sum + r.rxBytesPerSecond, 0),
    txBytesPerSecond: rates.reduce((sum, r) => sum + r.txBytesPerSecond, 0),
    interfaces: rates,
  }
}
