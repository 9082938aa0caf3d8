import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from '../../../src/main/core/net/http-body.ts'
import { networkProblem, plugUrl, PollBackoff, redact } from '../../../src/main/core/hardware/power/plugs/plug-http.ts'

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:01:00 GMT', 60_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
  ])('%j → %d ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms)
  })

  it.each([null, '', '-5', '1.5', 'soon'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull()
  })
})

describe('PollBackoff', () => {
  it('waits 1, 2, 4 … s after consecutive failures, up to 60 s', () => {
    const backoff = new PollBackoff()
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(() => backoff.failed(0))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000])
  })

  it('blocks until the wait has passed and clears on success', () => {
    const backoff = new PollBackoff()
    backoff.failed(10_000)
    expect(backoff.blocked(10_999)).toBe(true)
    expect(backoff.blocked(11_000)).toBe(false)
    backoff.failed(11_000)
    backoff.succeeded()
    expect(backoff.blocked(11_001)).toBe(false)
    expect(backoff.failed(20_000)).toBe(1000)
  })

  it('honours a longer Retry-After, but never more than 10 minutes', () => {
    expect(new PollBackoff().failed(0, 90_000)).toBe(90_000)
    expect(new PollBackoff().failed(0, 500)).toBe(1000)
    expect(new PollBackoff().failed(0, 1e12)).toBe(600_000)
  })
})

describe('redact', () => {
  it('removes the secret from message and fix', () => {
    expect(redact({ kind: 'failed', message: 'token abc123 refused', fix: 'not abc123' }, 'abc123')).toEqual({ kind: 'failed', message: 'token [secret] refused', fix: 'not [secret]' })
    expect(redact({ kind: 'failed', message: 'nothing here' }, undefined)).toEqual({ kind: 'failed', message: 'nothing here' })
  })
})

describe('networkProblem', () => {
  const socketError = (code: string): Error => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) })
  it.each([
    [new DOMException('timeout', 'TimeoutError'), 'did not answer within 1500 ms'],
    [socketError('ECONNREFUSED'), 'refused the connection on port 8080'],
    [socketError('ENOTFOUND'), 'did not resolve'],
    [socketError('EAI_AGAIN'), 'did not resolve'],
    [socketError('EHOSTUNREACH'), 'not reachable'],
    [socketError('ECONNRESET'), 'closed the connection'],
    [socketError('EWHATEVER'), 'could not be read (EWHATEVER)'],
  ])('%s', (error, message) => {
    expect(networkProblem(error, { timeoutMs: 1500, url: new URL('http://10.0.0.5:8080/') })).toContain(message)
  })
})

describe('plugUrl', () => {
  it('brackets IPv6 literals', () => {
    expect(plugUrl({ host: 'fd00::20', port: 80, address: '[fd00::20]:80' }, '/shelly').href).toBe('http://[fd00::20]/shelly')
    expect(plugUrl({ host: '10.0.0.5', port: 8080, address: '10.0.0.5:8080' }, '/status').href).toBe('http://10.0.0.5:8080/status')
  })
})
