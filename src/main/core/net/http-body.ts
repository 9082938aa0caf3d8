/*
 * What every HTTP client of ours shares, plugs and chains alike: Retry-After parsed as the RFC
 * says, and the errno of a failed request.
 */

/** Retry-After as delta-seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // Only the IMF-fixdate form: Date.parse also takes "-5" and "1.5" as dates.
  if (!/^[a-z]{3}, \d{2} [a-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/i.test(text)) return null
  const at = Date.parse(text)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

/**
 * The errno-like code of a socket error, on the error or its `cause`; 'HPE' for every error of
 * the HTTP parser (HPE_INVALID_CONSTANT, …): the peer does not speak HTTP.
 */
export function errnoCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    if ('code' in current && typeof current.code === 'string') return current.code.startsWith('HPE_') ? 'HPE' : current.code
  }
  return undefined
}
