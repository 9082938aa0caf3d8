import type { PowerReading } from './power-source.ts'

/*
 * When a power reading stops standing for the watts now. Each source is judged by its own
 * cadence, not the sampling interval: a plug polled every 5 s is 0–5 s old at any 1 s sample,
 * and judged by three sampling intervals it was "stale" at two samples of every five, so the
 * machine's total flipped to the CPU estimate and a 2 kW rig was billed 38 % low (issue 9).
 *
 * A reading stands for three of its source's periods: it outlives one or two slow or failed
 * polls (a Wi-Fi hiccup, an answer that took most of its timeout) without the total flipping,
 * and a source that missed two polls in a row is really not answering, so its last figure is
 * dropped. The same three periods mark a gap in the energy history (energy.ts).
 */

/** A reading stands for this many of its source's periods. */
export const stalePeriods = 3

/**
 * How old a reading may be: three of its source's periods; a polled source's period is its
 * poll, one read each sample has the sampling interval. Never stricter than three sampling
 * intervals, which is how far apart the samples themselves are.
 */
export function maxReadingAgeMs(every: 'each-sample' | number, sampleIntervalMs: number): number {
  const periodMs = every === 'each-sample' ? sampleIntervalMs : Math.max(every, sampleIntervalMs)
  return stalePeriods * periodMs
}

/** The readings no older than `maxAgeMs` at `now` (a reading stamped after `now` counts as fresh). */
export function freshReadings(readings: readonly PowerReading[], now: number, maxAgeMs: number): PowerReading[] {
  return readings.filter((reading) => now - reading.at <= maxAgeMs)
}
