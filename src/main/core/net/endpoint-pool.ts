import { FetchFault, hostOf } from './chain-http.ts'

/** How long an endpoint that just failed goes to the back of the line. */
const cooldownMs = 5 * 60_000

/**
 * An ordered list of interchangeable endpoints (the operator's own first, then public ones).
 * A call goes to the first that is not cooling down after a failure, and falls through the
 * rest; only when every one fails does the caller see a fault, naming what each one said.
 */
export class EndpointPool {
  readonly urls: readonly string[]
  readonly #failedAt = new Map<string, number>()
  readonly #now: () => number

  constructor(urls: readonly string[], now: () => number = Date.now) {
    if (urls.length === 0) throw new RangeError('an endpoint pool needs at least one URL')
    this.urls = urls
    this.#now = now
  }

  /** Runs `attempt` against each endpoint in turn; answers the first value and the host that gave it. */
  async call<T>(attempt: (url: string) => Promise<T>): Promise<{ value: T; host: string }> {
    const faults: FetchFault[] = []
    for (const url of this.#order()) {
      try {
        const value = await attempt(url)
        this.#failedAt.delete(url)
        return { value, host: hostOf(url) }
      } catch (error) {
        if (!(error instanceof FetchFault)) throw error
        this.#failedAt.set(url, this.#now())
        faults.push(error)
      }
    }
    throw combine(faults)
  }

  /** Healthy endpoints in their given order, then the cooling ones, longest-cooled first. */
  #order(): string[] {
    const now = this.#now()
    const cooling = (url: string): boolean => now - (this.#failedAt.get(url) ?? -Infinity) < cooldownMs
    const healthy = this.urls.filter((url) => !cooling(url))
    const resting = this.urls.filter(cooling).sort((a, b) => (this.#failedAt.get(a) ?? 0) - (this.#failedAt.get(b) ?? 0))
    return [...healthy, ...resting]
  }
}

function combine(faults: FetchFault[]): FetchFault {
  const [first] = faults
  if (first === undefined) return new FetchFault('unreachable', 'no endpoint', 'no endpoint was tried')
  if (faults.length === 1) return first
  // The kind of the last fault decides retryability: every endpoint was tried, the last word stands.
  const last = faults[faults.length - 1] ?? first
  return new FetchFault(last.kind, last.host, faults.map((f) => f.message).join('; '), {
    ...(last.status === undefined ? {} : { status: last.status }),
    ...(last.retryAfterMs === undefined ? {} : { retryAfterMs: last.retryAfterMs }),
  })
}
