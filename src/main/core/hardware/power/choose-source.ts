import type { PowerChoice } from '../../../../shared/contract/power.ts'
import type { PowerReading } from './power-source.ts'

export type { PowerChoice }

/*
 * Which watts stand for one machine. A plug measuring the whole machine at the wall beats a
 * sum of measured components (GPU + CPU package + other parts), which beats the estimate:
 * components miss the board, drives, fans and PSU losses, and the estimate measures nothing.
 * A component sum fills the parts nothing measures (e.g. RAPL denied) from the estimate,
 * and then says so: the total is only as measured as its least measured part.
 */

export type ChooseOptions = {
  /** Readings older than `maxAgeMs` before `now` are ignored. */
  now?: number
  maxAgeMs?: number
}

export function choosePower(all: readonly PowerReading[], options: ChooseOptions = {}): PowerChoice {
  const usable = all.filter((reading) => isUsable(reading, options))
  const measured = usable.filter((reading) => reading.kind === 'measured')
  const estimated = usable.filter((reading) => reading.kind === 'estimated')

  const wall = measured.filter((reading) => reading.scope === 'wall')
  if (wall.length > 0) return choice('wall', wall, `wall plug (${wall.map((reading) => reading.label).join(' + ')}) · measured`)

  const components = measured.filter((reading) => reading.scope !== 'wall')
  if (components.length > 0) {
    const covered = new Set(components.map((reading) => reading.scope))
    const fill = estimated.filter((reading) => reading.scope !== 'wall' && !covered.has(reading.scope))
    const reason = fill.length > 0 ? `${names(components)} · measured + ${names(fill)} · estimated` : `${names(components)} · measured`
    return choice('components', [...components, ...fill], reason)
  }

  if (estimated.length > 0) {
    const estimatedWall = estimated.filter((reading) => reading.scope === 'wall')
    const parts = estimatedWall.length > 0 ? estimatedWall : estimated
    return choice('estimate', parts, `${names(parts)} · estimated`)
  }
  return { totalWatts: null, kind: 'estimated', basis: 'none', sources: [], readings: [], at: null, reason: 'no power reading' }
}

function isUsable(reading: PowerReading, { now, maxAgeMs }: ChooseOptions): boolean {
  if (reading.watts === null || !Number.isFinite(reading.watts) || reading.watts < 0) return false
  return now === undefined || maxAgeMs === undefined || now - reading.at <= maxAgeMs
}

function choice(basis: PowerChoice['basis'], parts: PowerReading[], reason: string): PowerChoice {
  return {
    totalWatts: parts.reduce((sum, reading) => sum + (reading.watts ?? 0), 0),
    kind: parts.every((reading) => reading.kind === 'measured') ? 'measured' : 'estimated',
    basis,
    sources: [...new Set(parts.map((reading) => reading.source))],
    readings: parts,
    at: Math.min(...parts.map((reading) => reading.at)),
    reason,
  }
}

/** "Rig plug (shelly-gen2)", joined with " + ". */
function names(readings: readonly PowerReading[]): string {
  return readings.map((reading) => `${reading.label} (${reading.source})`).join(' + ')
}
