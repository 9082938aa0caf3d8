/*
 * What every HTTP client of ours shares, plugs and chains alike: a body read with a size limit,
 * Retry-After parsed as the RFC says, and the errno hidden in a fetch failure.
 */

/** The body as text, or null when it is larger than `maxBytes` (the rest is never read). */
export async function readBodyText(response: Response, maxBytes: number): Promise<string | null> {
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel()
    return null
  }
  if (!response.body) return ''
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

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
 * The errno-like code of a fetch failure (undici puts it on `cause`) or of a socket error; for
 * undici's parser errors, which carry no code, their name.
 */
export function errnoCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    if ('code' in current && typeof current.code === 'string') return current.code
    if (current.name === 'HTTPParserError') return current.name
  }
  return undefined
}
