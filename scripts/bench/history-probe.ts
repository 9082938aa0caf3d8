/**
 * `node scripts/bench/history-probe.ts [--json]` (run by `npm run bench`): the history store's two goal figures, on real
 * files in a temp dir. Ingest: one flush per simulated second and one rollup per simulated
 * minute, as core will run them.
 * Query: a year of minute data for one metric, answered in at most 2,000 points.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { HistoryPoint, Series } from '../../src/main/core/store/history-store.ts'
import { SqliteHistory } from '../../src/main/core/store/sqlite-history.ts'

type Figure = { name: string; value: number; goal: string; unit: string }

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } })
const dir = mkdtempSync(join(tmpdir(), 'desk-bench-history-'))
const yearSeconds = 365 * 86_400
const startSeconds = 1_767_225_600 // 2026-01-01T00:00:00Z

/** What one rig reports each second: 16 cores, 4 GPUs, 2 NICs, power sources, 6 networks. */
function rigSeries(): Series[] {
  const list: Series[] = [{ name: 'memory_used_bytes', labels: {} }]
  for (let core = 0; core < 16; core++) list.push({ name: 'cpu_load_percent', labels: { core: String(core) } })
  for (let gpu = 0; gpu < 4; gpu++) {
    for (const name of ['power_watts', 'gpu_temp_celsius', 'gpu_util_percent', 'gpu_memory_used_bytes']) {
      list.push({ name, labels: { device: `gpu${String(gpu)}` } })
    }
  }
  for (const nic of ['eth0', 'wlan0']) {
    list.push({ name: 'net_rx_bytes_per_second', labels: { nic } }, { name: 'net_tx_bytes_per_second', labels: { nic } })
  }
  for (const device of ['cpu', 'wall']) list.push({ name: 'power_watts', labels: { device } })
  for (const network of ['grass', 'bittensor', 'aethir', 'akash', 'helium', 'filecoin']) {
    list.push({ name: 'node_up', labels: { network } })
  }
  return list
}

function ingestPerSecond(seconds: number): number {
  const store = new SqliteHistory({ path: join(dir, 'ingest.sqlite') })
  const series = rigSeries()
  const startedAt = performance.now()
  for (let t = 0; t < seconds; t++) {
    store.append(series.map((s, i) => ({ series: s, tsSeconds: startSeconds + t, value: (t * 7 + i) % 100 })))
    store.flush()
    if (t % 60 === 59) store.rollup(startSeconds + t + 1)
  }
  const elapsedSeconds = (performance.now() - startedAt) / 1000
  store.close()
  return (seconds * series.length) / elapsedSeconds
}

function queryMedianMs(runs: number): number {
  const store = new SqliteHistory({ path: join(dir, 'query.sqlite') })
  const series: Series = { name: 'power_watts', labels: { device: 'gpu0' } }
  for (let t = 0; t < yearSeconds; ) {
    const batch: HistoryPoint[] = []
    for (const end = Math.min(yearSeconds, t + 86_400); t < end; t += 60) {
      batch.push({ series, tsSeconds: startSeconds + t, value: 200 + 50 * Math.sin(t / 86_400) })
    }
    store.append(batch)
    store.flush()
  }
  const endSeconds = startSeconds + yearSeconds
  store.rollup(endSeconds)
  store.prune(endSeconds)
  const durationsMs: number[] = []
  for (let run = 0; run <= runs; run++) {
    const startedAt = performance.now()
    const buckets = store.query({ series, fromSeconds: startSeconds, toSeconds: endSeconds, maxPoints: 2_000 })
    if (buckets.length > 2_000 || buckets.length < 1_000) throw new Error(`query answered ${String(buckets.length)} points`)
    if (run > 0) durationsMs.push(performance.now() - startedAt) // run 0 warms the page cache
  }
  store.close()
  durationsMs.sort((a, b) => a - b)
  return durationsMs[Math.floor(durationsMs.length / 2)] ?? Number.NaN
}

try {
  const figures: Figure[] = [
    { name: 'history_ingest_per_s', value: ingestPerSecond(3_600), goal: '>= 100000', unit: 'points/s' },
    { name: 'history_query_ms', value: queryMedianMs(9), goal: '<= 20', unit: 'ms' },
  ]
  if (values.json) {
    process.stdout.write(`${JSON.stringify(Object.fromEntries(figures.map((f) => [f.name, Number(f.value.toFixed(3))])))}\n`)
  } else {
    for (const f of figures) {
      process.stdout.write(`${f.name.padEnd(28)} ${f.value.toFixed(3).padStart(12)} ${f.unit.padEnd(10)} goal ${f.goal}\n`)
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
