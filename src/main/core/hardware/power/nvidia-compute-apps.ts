/*
 * Which processes use which NVIDIA GPU, and how much of its memory, from ONE long-lived
 * `nvidia-smi --query-compute-apps=… -lms N` child (see nvidia-smi-child.ts).
 *
 * What this relies on. Documented (nvidia-smi(1), https://docs.nvidia.com/deploy/nvidia-smi/,
 * and the text of `nvidia-smi --help-query-compute-apps`):
 * - "timestamp": "The timestamp of when the query was made in format YYYY/MM/DD HH:MM:SS.msec"
 *   (no comma in it); "gpu_uuid"; "pid": "Process ID of the compute application";
 *   "used_gpu_memory" or "used_memory": "Amount memory used on the device by the context", in
 *   MiB, "Not available on Windows when running in WDDM mode" (then `[N/A]`; XuehaiPan/nvitop#55).
 * - `-lms N` repeats the query every N ms, as `--query-gpu` does in nvidia-smi-stream.ts.
 * Observed, not documented: the lines of one query share its timestamp, and a query that finds
 * no compute process prints no line at all (scripts test `output == ""`), so an idle GPU shows
 * only as the absence of a newer batch. Inside a container without the host's PID namespace
 * the driver lists no process (NVIDIA/nvidia-docker#179): there an empty list means "none
 * seen", not "none running".
 * `process_name` is not asked for: a name may hold commas and the CSV has no quoting; the
 * nodes capability names a pid from /proc.
 */

import { isMissingCell, parseNumberCell } from './nvidia-smi-csv.ts'
import { NvidiaSmiChild, type NvidiaSmiChildOptions } from './nvidia-smi-child.ts'

export type NvidiaComputeAppsOptions = NvidiaSmiChildOptions & {
  intervalMs?: number
  now?: () => number
}

export type NvidiaComputeApp = {
  pid: number
  gpuUuid: string
  /** Null where the driver cannot say (WDDM on Windows, some containers). */
  usedMemoryBytes: number | null
}

/** One parsed line: an app and the query it belongs to. */
export type NvidiaComputeAppLine = NvidiaComputeApp & { timestamp: string }

/** A batch older than this many intervals is gone: the intervals since printed nothing, so no compute app runs. */
const expireAfterIntervals = 2.5
const bytesPerMib = 1024 * 1024

/** `2025/05/14 22:05:00.123, GPU-…, 4242, 1024` → the app; null for any other line (an error message, a header). */
export function parseComputeAppLine(line: string): NvidiaComputeAppLine | null {
  const cells = line.split(',').map((cell) => cell.trim())
  if (cells.length !== 4) return null
  const [timestamp = '', gpuUuid = '', pidCell = '', memoryCell = ''] = cells
  if (isMissingCell(timestamp) || isMissingCell(gpuUuid) || !/^[1-9]\d*$/.test(pidCell)) return null
  const usedMib = parseNumberCell(memoryCell)
  return {
    timestamp,
    gpuUuid,
    pid: Number(pidCell),
    usedMemoryBytes: usedMib === null || usedMib < 0 ? null : Math.round(usedMib * bytesPerMib),
  }
}

/**
 * Which GPUs each compute process holds and how much of their memory, for the nodes capability.
 * No per-process utilization: this query has none (`nvidia-smi pmon` would). `apps()` answers
 * from the latest batch of lines and never spawns.
 */
export class NvidiaComputeApps {
  readonly #intervalMs: number
  readonly #now: () => number
  readonly #child: NvidiaSmiChild
  #batch: { timestamp: string; at: number; apps: NvidiaComputeApp[] } | undefined

  constructor(options: NvidiaComputeAppsOptions = {}) {
    this.#intervalMs = options.intervalMs ?? 5000
    this.#now = options.now ?? Date.now
    const args = [
      '--query-compute-apps=timestamp,gpu_uuid,pid,used_memory',
      '--format=csv,noheader,nounits',
      '-lms',
      String(this.#intervalMs),
    ]
    this.#child = new NvidiaSmiChild(options, { args: () => args, line: (line) => this.#line(line) })
  }

  /** Starts the child; the composition root calls it once. */
  start(): void {
    this.#child.start()
  }

  /** The compute processes of the latest query, or none when that query is too old to be current. */
  apps(): NvidiaComputeApp[] {
    const batch = this.#batch
    if (!batch || this.#now() - batch.at > expireAfterIntervals * this.#intervalMs) return []
    return batch.apps.map((app) => ({ ...app }))
  }

  /** Why `apps()` may be missing processes: not started, restarting after an exit, or no nvidia-smi / GPU here. */
  get problem(): string | null {
    if (!this.#child.started) return 'nvidia-smi compute-apps query not started'
    return this.#child.error?.message ?? null
  }

  /** Stops restarting and ends the child (SIGTERM, then SIGKILL if it lingers). */
  dispose(): Promise<void> {
    return this.#child.dispose()
  }

  #line(line: string): boolean {
    const parsed = parseComputeAppLine(line)
    if (!parsed) return false
    const { timestamp, ...app } = parsed
    const at = this.#now()
    if (this.#batch?.timestamp === timestamp) {
      this.#batch.apps.push(app)
      this.#batch.at = at
    } else {
      this.#batch = { timestamp, at, apps: [app] }
    }
    return true
  }
}
