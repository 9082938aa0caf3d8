import { useRef, type ReactNode } from 'react'
import { formatClock, freshnessWords, type Freshness } from '../common/format.ts'
import { refreshEveryMs } from '../common/history-range.ts'
import type { HistoryView } from '../store/history-slice.ts'
import { BandHistoryChart } from './band-history-chart.tsx'
import type { Scale } from '../common/chart-options.ts'
import { EnergyLine } from './energy-line.tsx'
import { RangeControl } from './range-control.tsx'
import { useDesk } from '../common/store-context.tsx'
import { TemperatureHistoryChart } from './temperature-history-chart.tsx'
import { useHistoryRefresh, useReportWidth } from './use-history-refresh.ts'
import { useNow } from '../common/use-now.ts'

const watts: Scale = { unit: 'W', digits: 1, range: 'from-zero' }
const percent: Scale = { unit: '%', digits: 1, range: 'percent' }
const pickPower = (history: HistoryView) => history.power
const pickCpu = (history: HistoryView) => history.cpu

/** Power, CPU load and temperatures over the chosen range, from the history core keeps. */
export function HistoryPanel(): ReactNode {
  const box = useRef<HTMLDivElement>(null)
  useHistoryRefresh()
  useReportWidth(box)
  const error = useDesk((s) => s.historyError)
  return (
    <section aria-labelledby="history-heading" className="history">
      <div className="section-head">
        <h2 id="history-heading">History</h2>
        <HistoryUpdated />
        <RangeControl />
      </div>
      <EnergyLine />
      {error && (
        <p className="inline-warning" role="alert">
          {error}
        </p>
      )}
      <div className="history-charts" ref={box}>
        <div className="chart-wide">
          <BandHistoryChart title="Machine power" testId="power-chart" pick={pickPower} scale={watts} height={220} />
        </div>
        <BandHistoryChart title="CPU load" testId="cpu-chart" pick={pickCpu} scale={percent} height={180} />
        <TemperatureHistoryChart height={180} />
      </div>
    </section>
  )
}

/** When the charts were last answered; stale once three refreshes were missed. */
function HistoryUpdated(): ReactNode {
  const fetchedAt = useDesk((s) => s.history?.fetchedAt ?? null)
  const range = useDesk((s) => s.historyRange)
  const now = useNow(1000)
  if (fetchedAt === null) return null
  const state: Freshness = now - fetchedAt > 3 * refreshEveryMs(range) ? 'stale' : 'live'
  return (
    <span className={`provenance provenance-${state} history-updated`} data-testid="history-updated">
      recorded history · {state === 'stale' ? freshnessWords(state, fetchedAt) : `updated ${formatClock(fetchedAt)}`}
    </span>
  )
}
