import type { ContainerFacts, ContainerUsage } from '../node-facts.ts'
import type { CgroupUsageReader } from './cgroup-usage.ts'
import { containerFacts, containerUsageFromStats, parseContainerList, type ContainerSummary } from './container-mapping.ts'
import { DockerUnavailableError, type DockerApi } from './docker-api.ts'

/*
 * One scan of the containers on this machine: the list every time (one request), an inspect
 * only for a container that is new, changed state, restarted, or was last inspected a minute
 * ago, and usage for running ones from their cgroup files where cgroup v2 is mounted, else
 * from one-shot stats. With 20 steady containers a scan is one HTTP request plus file reads.
 */

export type ContainerScan = {
  containers: ContainerFacts[]
  /** Usage per container id, for running containers whose counters could be read. */
  usage: Map<string, ContainerUsage>
  /** Why Docker could not be asked or answered badly; null when it answered or is not installed. */
  problem: string | null
  /** Whether a Docker daemon answered this scan. */
  present: boolean
}

export type ContainerScannerOptions = {
  api: Pick<DockerApi, 'get' | 'socketPath'>
  /** Null where cgroup files are not to be read (macOS, Windows: the daemon runs in a VM). */
  cgroups?: Pick<CgroupUsageReader, 'available' | 'read' | 'retain'> | null
  now?: () => number
  /** A steady container is inspected again this often, for its restart count and settings. */
  inspectEveryMs?: number
}

type Inspected = { facts: ContainerFacts; listedState: ContainerSummary['state']; at: number }

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export class ContainerScanner {
  readonly #api: ContainerScannerOptions['api']
  readonly #cgroups: ContainerScannerOptions['cgroups']
  readonly #now: () => number
  readonly #inspectEveryMs: number
  readonly #inspected = new Map<string, Inspected>()
  /** Containers whose counters went backwards: restarted, so inspected again next scan. */
  readonly #restarted = new Set<string>()
  readonly #lastCpu = new Map<string, number>()
  #cgroupsAvailable: boolean | undefined

  constructor(options: ContainerScannerOptions) {
    this.#api = options.api
    this.#cgroups = options.cgroups ?? null
    this.#now = options.now ?? Date.now
    this.#inspectEveryMs = options.inspectEveryMs ?? 60_000
  }

  async scan(): Promise<ContainerScan> {
    let listed: ContainerSummary[]
    try {
      listed = parseContainerList(await this.#api.get('/containers/json?all=true'))
    } catch (error) {
      this.#inspected.clear()
      const absent = error instanceof DockerUnavailableError && error.failure === 'absent'
      return { containers: [], usage: new Map(), problem: absent ? null : message(error), present: false }
    }
    const problems: string[] = []
    const containers = (await Promise.all(listed.map((summary) => this.#facts(summary, problems)))).filter((facts) => facts !== null)
    this.#forgetAllBut(new Set(containers.map((container) => container.id)))
    this.#cgroups?.retain(containers)
    const usage = await this.#usage(containers, problems)
    return { containers, usage, problem: problems[0] ?? null, present: true }
  }

  /** The kept inspect while it is still good, else a fresh one; null for a container removed since the list. */
  async #facts(summary: ContainerSummary, problems: string[]): Promise<ContainerFacts | null> {
    const kept = this.#inspected.get(summary.id)
    const fresh = kept !== undefined && kept.listedState === summary.state && this.#now() - kept.at < this.#inspectEveryMs && !this.#restarted.has(summary.id)
    if (fresh) return kept.facts
    try {
      const facts = containerFacts(await this.#api.get(`/containers/${summary.id}/json`), summary)
      this.#inspected.set(summary.id, { facts, listedState: summary.state, at: this.#now() })
      this.#restarted.delete(summary.id)
      return facts
    } catch (error) {
      if (error instanceof DockerUnavailableError && error.status === 404) return null
      problems.push(message(error))
      return kept?.facts ?? null
    }
  }

  async #usage(containers: readonly ContainerFacts[], problems: string[]): Promise<Map<string, ContainerUsage>> {
    this.#cgroupsAvailable ??= this.#cgroups?.available() ?? false
    const usage = new Map<string, ContainerUsage>()
    const running = containers.filter((container) => container.state === 'running')
    await Promise.all(
      running.map(async (container) => {
        const counted = (this.#cgroupsAvailable ? this.#cgroups?.read(container) : null) ?? (await this.#stats(container.id, problems))
        if (counted === null) return
        const last = this.#lastCpu.get(container.id)
        if (last !== undefined && counted.cpuSeconds < last) this.#restarted.add(container.id)
        this.#lastCpu.set(container.id, counted.cpuSeconds)
        usage.set(container.id, counted)
      }),
    )
    return usage
  }

  /** One-shot stats: without one-shot=true dockerd waits for a second sample (1–2 s per container). */
  async #stats(id: string, problems: string[]): Promise<ContainerUsage | null> {
    try {
      return containerUsageFromStats(await this.#api.get(`/containers/${id}/stats?stream=false&one-shot=true`))
    } catch (error) {
      if (!(error instanceof DockerUnavailableError && error.status === 404)) problems.push(message(error))
      return null
    }
  }

  #forgetAllBut(ids: ReadonlySet<string>): void {
    for (const map of [this.#inspected, this.#lastCpu]) for (const id of map.keys()) if (!ids.has(id)) map.delete(id)
    for (const id of this.#restarted) if (!ids.has(id)) this.#restarted.delete(id)
  }
}
