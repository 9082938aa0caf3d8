import { useId, type ReactNode } from 'react'
import type { Gpu } from '../../../shared/contract/hardware.ts'
import { formatBytes, formatCelsius, formatClock, formatPercent, formatWatts, freshnessWords } from '../common/format.ts'
import { throttleReasonWords } from './gpu-words.ts'
import { Meter } from '../common/meter.tsx'
import { useFreshness } from '../common/use-freshness.ts'

const mib = 1024 * 1024
const driverSource: Record<Gpu['vendor'], string> = { nvidia: 'nvidia-smi', amd: 'amdgpu hwmon' }

/** One GPU as its driver reports it; what the driver leaves out is left out here too. */
export function GpuCard({ gpu, sampledAt }: { gpu: Gpu; sampledAt: number }): ReactNode {
  const headingId = useId()
  const sampleState = useFreshness(sampledAt)
  // Core's flag wins: the sample can be fresh while one GPU stopped answering.
  const state = gpu.stale ? 'stale' : sampleState
  return (
    <article className={`card gpu-card gpu-${state}`} aria-labelledby={headingId} data-testid="gpu">
      <h3 id={headingId}>{gpu.name}</h3>
      <p className="figure">{gpu.utilizationPercent === null ? '—' : formatPercent(gpu.utilizationPercent)}</p>
      <p className="detail">
        utilization{gpu.temperatureCelsius !== null && ` · ${formatCelsius(gpu.temperatureCelsius)}`}
      </p>
      <dl className="facts">
        {gpu.powerWatts !== null && (
          <Fact name="Power">
            {formatWatts(gpu.powerWatts)}
            {gpu.powerLimitWatts !== null && ` of ${formatWatts(gpu.powerLimitWatts)}`}
            {gpu.powerLimitWatts !== null && gpu.powerLimitWatts > 0 && (
              <Meter percent={(gpu.powerWatts / gpu.powerLimitWatts) * 100} label="Power of its limit" />
            )}
          </Fact>
        )}
        {gpu.memoryUsedMib !== null && gpu.memoryTotalMib !== null && (
          <Fact name="Memory">
            {formatBytes(gpu.memoryUsedMib * mib)} of {formatBytes(gpu.memoryTotalMib * mib)}
            {gpu.memoryTotalMib > 0 && <Meter percent={(gpu.memoryUsedMib / gpu.memoryTotalMib) * 100} label="Memory used" />}
          </Fact>
        )}
        {gpu.fanPercent !== null && <Fact name="Fan">{formatPercent(gpu.fanPercent)}</Fact>}
        {gpu.clockMhz !== null && <Fact name="Clock">{gpu.clockMhz.toFixed(0)} MHz</Fact>}
      </dl>
      {gpu.throttleReasons !== null && <ThrottleReasons reasons={gpu.throttleReasons} />}
      <p className={`provenance provenance-${state}`} title={`read at ${formatClock(gpu.at)}`}>
        measured · {driverSource[gpu.vendor]} · {freshnessWords(state, gpu.at)}
      </p>
    </article>
  )
}

function Fact({ name, children }: { name: string; children: ReactNode }): ReactNode {
  return (
    <div className="fact">
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function ThrottleReasons({ reasons }: { reasons: readonly string[] }): ReactNode {
  if (reasons.length === 0) return <p className="detail throttle">clocks not held back</p>
  return (
    <p className="detail throttle">
      held back by:{' '}
      {throttleReasonWords(reasons).map((word) => (
        <span key={word} className="pill pill-warn">
          {word}
        </span>
      ))}
    </p>
  )
}
