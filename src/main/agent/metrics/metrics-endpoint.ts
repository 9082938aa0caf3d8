import type { DeskCore } from '../../core/app.ts'
import type { Logger } from '../../core/log.ts'
import { watchDesk } from './desk-watcher.ts'
import type { MetricsRegistry } from './metrics-registry.ts'

/** What GET /metrics answers. */
export type MetricsScrape = { contentType: string; body: string }

export type MetricsEndpoint = {
  scrape(): Promise<MetricsScrape>
  dispose(): void
}

/** prom-client and the families load on the first scrape (DESIGN.md: heavy libraries load on first use). */
const registrySupport = () => import('./metrics-registry.ts')

/**
 * The agent's /metrics: the watcher keeps core's state from the start (energy and failures
 * accumulate whether or not anyone scrapes); the registry renders it when asked.
 */
export function createMetricsEndpoint(core: Pick<DeskCore, 'events' | 'dispatch' | 'monitor' | 'info'>, log: Logger): MetricsEndpoint {
  const watcher = watchDesk(core, { log })
  let registry: Promise<MetricsRegistry> | undefined
  return {
    async scrape() {
      registry ??= registrySupport().then(({ createMetricsRegistry }) => createMetricsRegistry())
      const loaded = await registry
      return { contentType: loaded.contentType, body: await loaded.render(watcher.state()) }
    },
    dispose: () => watcher.dispose(),
  }
}
