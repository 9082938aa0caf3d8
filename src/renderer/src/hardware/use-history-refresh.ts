import { useEffect, type RefObject } from 'react'
import { maxPointsFor, refreshEveryMs } from '../common/history-range.ts'
import { useDesk } from '../common/store-context.tsx'

/**
 * Loads the charts' history while they are on screen: now, then every 10 s for the last hour
 * and every minute for longer ranges; again when the range, the width (in buckets), the
 * connection or the machine's set of temperature sensors changes.
 */
export function useHistoryRefresh(): void {
  const range = useDesk((s) => s.historyRange)
  const maxPoints = useDesk((s) => maxPointsFor(s.historyWidthPx))
  const connected = useDesk((s) => s.connection.status === 'connected')
  const sensors = useDesk((s) => s.latest?.temperatures.map((t) => t.sensor).join('\n') ?? '')
  const load = useDesk((s) => s.loadHistory)
  useEffect(() => {
    if (!connected || maxPoints === 0) return
    void load()
    const timer = setInterval(() => void load(), refreshEveryMs(range))
    return () => clearInterval(timer)
  }, [range, maxPoints, connected, sensors, load])
}

/** Tells the store how wide the charts are, as the window resizes. */
export function useReportWidth(box: RefObject<HTMLElement | null>): void {
  const setWidth = useDesk((s) => s.setHistoryWidth)
  useEffect(() => {
    const element = box.current
    if (!element) return
    const observer = new ResizeObserver(() => setWidth(element.clientWidth))
    observer.observe(element)
    return () => observer.disconnect()
  }, [box, setWidth])
}
