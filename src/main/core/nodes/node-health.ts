import type { NodeHealth } from '../../../shared/contract/nodes.ts'
import { exchange } from '../net/http-exchange.ts'

/*
 * A node's own status endpoint, asked over loopback only (the settings refuse anything else),
 * at most every `everyMs` per URL. The answer's words are what the Nodes card shows.
 */

const timeoutMs = 3000

/** Node TLS errors that mean the port is up and speaks TLS, with a certificate we do not check (a provider's self-signed one). */
const certificateCodes = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED'])

function errorCode(error: unknown): string | undefined {
  const code = error instanceof Error && 'code' in error ? (error as { code?: unknown }).code : undefined
  return typeof code === 'string' ? code : undefined
}

export async function askHealth(url: string, healthy: ((status: number, body: string) => boolean) | undefined, now: () => number): Promise<NodeHealth> {
  try {
    const answer = await exchange(url, { signal: AbortSignal.timeout(timeoutMs), maxBodyBytes: 64 * 1024 })
    const ok = healthy === undefined ? answer.status >= 200 && answer.status < 300 : healthy(answer.status, answer.text ?? '')
    return { url, ok, detail: `HTTP ${String(answer.status)}${ok ? '' : ', not healthy'}`, at: now() }
  } catch (error) {
    const code = errorCode(error)
    if (code !== undefined && certificateCodes.has(code)) return { url, ok: true, detail: 'answers over TLS (its own certificate, not checked)', at: now() }
    const detail = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${String(timeoutMs / 1000)} s` : code === 'ECONNREFUSED' ? 'refused: nothing listens there' : (code ?? (error instanceof Error ? error.message : String(error)))
    return { url, ok: false, detail, at: now() }
  }
}

/** Health per URL, asked again once the last answer is older than `everyMs`; one question in flight per URL. */
export class HealthChecks {
  readonly #answers = new Map<string, NodeHealth>()
  readonly #asking = new Set<string>()
  readonly #everyMs: number
  readonly #now: () => number

  constructor(options: { everyMs?: number; now?: () => number } = {}) {
    this.#everyMs = options.everyMs ?? 30_000
    this.#now = options.now ?? Date.now
  }

  /** The last answer, and a fresh question started in the background when it is due; `changed` runs when it comes. */
  latest(url: string, healthy: ((status: number, body: string) => boolean) | undefined, changed: () => void): NodeHealth | null {
    const last = this.#answers.get(url) ?? null
    const due = last === null || this.#now() - last.at >= this.#everyMs
    if (due && !this.#asking.has(url)) {
      this.#asking.add(url)
      void askHealth(url, healthy, this.#now).then((answer) => {
        this.#asking.delete(url)
        this.#answers.set(url, answer)
        changed()
      })
    }
    return last
  }

  /** Forget URLs no node uses any more. */
  keepOnly(urls: ReadonlySet<string>): void {
    for (const url of this.#answers.keys()) if (!urls.has(url)) this.#answers.delete(url)
  }
}
