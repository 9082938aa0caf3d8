import { freshness, type Freshness } from './format.ts'
import { useDesk } from './store-context.tsx'
import { useNow } from './use-now.ts'

/** Whether a figure read at `at` is live, stale or paused, re-evaluated every second. */
export function useFreshness(at: number): Freshness {
  const monitoring = useDesk((s) => s.monitoring)
  const connected = useDesk((s) => s.connection.status === 'connected')
  const now = useNow(1000)
  // A pause the agent can no longer confirm (connection lost) is not trusted: the age decides.
  const paused = connected && (monitoring?.paused ?? false)
  return freshness(at, now, monitoring?.sampleIntervalMs ?? 1000, paused)
}
