import type { ReactNode } from 'react'
import { useShallow } from 'zustand/shallow'
import { formatBytes, formatDuration, formatPercent, formatRate } from '../common/format.ts'
import { historyLength } from '../store/hardware-slice.ts'
import { Meter } from '../common/meter.tsx'
import { ProvenanceLine } from '../common/provenance-line.tsx'
import { Sparkline } from '../common/sparkline.tsx'
import { useDesk } from '../common/store-context.tsx'
import { useFreshness } from '../common/use-freshness.ts'

export function HardwareCards(): ReactNode {
  const sample = useDesk((s) => s.latest)
  const state = useFreshness(sample?.provenance.at ?? 0)
  const cpuTrend = useDesk(useShallow((s) => s.recent.map((p) => p.cpuPercent)))
  const rxTrend = useDesk(useShallow((s) => s.recent.map((p) => p.rxBytesPerSecond)))
  const stepMs = useDesk((s) => s.monitoring?.sampleIntervalMs ?? 1000)
  if (!sample) {
    return <p className="empty">Waiting for the first sample…</p>
  }
  const memoryShare = sample.memory.totalBytes > 0 ? (sample.memory.usedBytes / sample.memory.totalBytes) * 100 : 0
  const provenance = <ProvenanceLine sample={sample} state={state} />
  return (
    <div className={`cards cards-${state}`}>
      <article className="card" aria-labelledby="cpu-label">
        <h3 id="cpu-label">CPU load</h3>
        <p className="figure" data-testid="cpu-load">{formatPercent(sample.cpu.loadPercent)}</p>
        <p className="detail">{sample.cpu.cores} cores</p>
        <Sparkline values={cpuTrend} capacity={historyLength} max={100} label="CPU load over the last minute" format={formatPercent} stepMs={stepMs} />
        {provenance}
      </article>
      <article className="card" aria-labelledby="memory-label">
        <h3 id="memory-label">Memory</h3>
        <p className="figure" data-testid="memory-used">{formatBytes(sample.memory.usedBytes)}</p>
        <p className="detail">
          of {formatBytes(sample.memory.totalBytes)} · {formatPercent(memoryShare)}
        </p>
        <Meter percent={memoryShare} label="Memory used" />
        {provenance}
      </article>
      <article className="card" aria-labelledby="network-label">
        <h3 id="network-label">Network</h3>
        {sample.network ? (
          <>
            <p className="figure" data-testid="network-rx">↓ {formatRate(sample.network.rxBytesPerSecond)}</p>
            <p className="detail">↑ {formatRate(sample.network.txBytesPerSecond)}</p>
          </>
        ) : (
          <>
            <p className="figure figure-pending">measuring…</p>
            <p className="detail">a rate needs two readings</p>
          </>
        )}
        <Sparkline values={rxTrend} capacity={historyLength} label="Download rate over the last minute" format={formatRate} stepMs={stepMs} />
        {provenance}
      </article>
      <article className="card" aria-labelledby="uptime-label">
        <h3 id="uptime-label">Uptime</h3>
        <p className="figure" data-testid="uptime">{formatDuration(sample.uptimeSeconds)}</p>
        <p className="detail">since the machine booted</p>
        {provenance}
      </article>
    </div>
  )
}
