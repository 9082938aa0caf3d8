import { setTimeout as realDelay } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fault } from '../../support/fault.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { HostLimiter } from '../../../src/main/core/net/host-limiter.ts'
import { jsonRpc, jsonRpcBatch } from '../../../src/main/core/net/json-rpc.ts'
import { rpcRoute, type ApiAnswer, servedPerTest } from '../../support/loopback-api.ts'

const { serve, servers } = servedPerTest()

const quick = () => new ChainHttp({ timeoutMs: 200, attempts: 3, backoffBaseMs: 5 })

describe('ChainHttp', () => {
  it('waits out a 429 as Retry-After asks, then answers', async () => {
    let calls = 0
    const server = await serve(() => (++calls === 1 ? { status: 429, headers: { 'retry-after': '1' }, json: { error: 'Too many requests' } } : { json: { ok: 1 } }))
    const started = Date.now()
    expect(await quick().getJson(`${server.url}/x`)).toEqual({ ok: 1 })
    expect(calls).toBe(2)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
  })

  it('gives up on a Retry-After longer than it will wait, saying what the host asked', async () => {
    const server = await serve(() => ({ status: 429, headers: { 'retry-after': '3600' }, json: {} }))
    const error = await fault(quick().getJson(`${server.url}/x`))
    expect(error.kind).toBe('rate-limited')
    expect(error.message).toBe(`${server.host} asked us to slow down (HTTP 429) (it asked for 3600 s)`)
    expect(server.requests).toHaveLength(1)
  })

  it('retries a 5xx and reports the last one with the body’s message', async () => {
    const server = await serve(() => ({ status: 503, json: { message: 'upstream\u0000 overloaded' } }))
    const error = await fault(quick().getJson(`${server.url}/x`))
    expect(error).toMatchObject({ kind: 'http', status: 503, retryable: true })
    expect(error.message).toBe(`${server.host} had an internal error (HTTP 503): upstream  overloaded`)
    expect(server.requests).toHaveLength(3)
  })

  it('does not retry a 4xx: it will not fix itself', async () => {
    const server = await serve(() => ({ status: 401, json: { error: 'invalid api key' } }))
    const error = await fault(quick().getJson(`${server.url}/x?key=SECRET`))
    expect(error.message).toBe(`${server.host} refused the request (HTTP 401): it needs an API key, or a different one`)
    expect(error.message).not.toContain('SECRET')
    expect(server.requests).toHaveLength(1)
  })

  it('times out a host that never answers', async () => {
    const server = await serve(() => 'hang')
    const error = await fault(new ChainHttp({ timeoutMs: 150, attempts: 2, backoffBaseMs: 1 }).getJson(server.url))
    expect(error).toMatchObject({ kind: 'timeout', message: `${server.host} did not answer within 150 ms` })
    expect(server.requests).toHaveLength(2)
  })

  it('calls a body that is not JSON malformed, and does not retry it', async () => {
    const server = await serve(() => ({ raw: '<html>captive portal</html>' }))
    const error = await fault(quick().getJson(server.url))
    expect(error).toMatchObject({ kind: 'malformed', message: `${server.host} answered something that is not JSON (text/html, 27 bytes)` })
    expect(server.requests).toHaveLength(1)
  })

  it('stops reading a body past its size limit', async () => {
    const server = await serve(() => ({ json: { big: 'x'.repeat(10_000) } }))
    const error = await fault(quick().getJson(server.url, { maxBodyBytes: 1000 }))
    expect(error.kind).toBe('too-large')
  })

  it('refuses to follow a redirect (it could carry a key in the URL elsewhere)', async () => {
    const server = await serve(() => ({ status: 302, headers: { location: 'http://127.0.0.2/' }, json: {} }))
    expect((await fault(quick().getJson(server.url))).message).toContain('redirected the request (HTTP 302)')
  })

  it('names a refused connection', async () => {
    const server = await serve(() => ({ json: {} }))
    await server.close()
    servers.length = 0
    expect((await fault(quick().getJson(server.url))).message).toBe(`${server.host} refused the connection`)
  })
})

describe('EndpointPool', () => {
  it('falls through to the next endpoint and says which host answered', async () => {
    const down = await serve(() => ({ status: 500, json: {} }))
    const up = await serve(() => ({ json: { answer: 42 } }))
    const http = new ChainHttp({ timeoutMs: 200, attempts: 1 })
    const pool = new EndpointPool([down.url, up.url])
    expect(await pool.call((url) => http.getJson(url))).toEqual({ value: { answer: 42 }, host: up.host })
    // The failed one rests at the back: the next call goes straight to the healthy one.
    await pool.call((url) => http.getJson(url))
    expect(down.requests).toHaveLength(1)
    expect(up.requests).toHaveLength(2)
  })

  it('names every endpoint’s failure when all fail', async () => {
    const a = await serve(() => ({ status: 500, json: {} }))
    const b = await serve(() => ({ raw: 'nope' }))
    const http = new ChainHttp({ timeoutMs: 200, attempts: 1 })
    const error = await fault(new EndpointPool([a.url, b.url]).call((url) => http.getJson(url)))
    expect(error.message).toBe(`${a.host} had an internal error (HTTP 500); ${b.host} answered something that is not JSON (text/html, 4 bytes)`)
    expect(error.kind).toBe('malformed')
  })
})

describe('JSON-RPC', () => {
  const methods = {
    echo: (params: unknown) => ({ result: params }),
    broken: () => ({ error: { code: -32602, message: 'invalid params' } }),
    busy: () => ({ error: { code: -32005, message: 'rate limit exceeded' } }),
  }

  it('answers a call’s result and turns an error member into an rpc fault', async () => {
    const server = await serve(rpcRoute(methods))
    const http = quick()
    expect(await jsonRpc(http, server.url, 'echo', [1, 'two'])).toEqual([1, 'two'])
    const error = await fault(jsonRpc(http, server.url, 'broken', []))
    expect(error).toMatchObject({ kind: 'rpc', message: `${server.host} refused broken (error -32602: invalid params)` })
    expect((await fault(jsonRpc(http, server.url, 'busy', []))).kind).toBe('rate-limited')
  })

  it('sends a batch in one request and matches answers by id, whatever their order', async () => {
    const reversed = (request: Parameters<ReturnType<typeof rpcRoute>>[0]): ApiAnswer => {
      const answer = rpcRoute(methods)(request)
      return answer !== 'hang' && 'json' in answer && Array.isArray(answer.json) ? { json: [...answer.json].reverse() } : answer
    }
    const server = await serve(reversed)
    const outcomes = await jsonRpcBatch(quick(), server.url, [
      { method: 'echo', params: ['a'] },
      { method: 'broken', params: [] },
      { method: 'nope', params: [] },
    ])
    expect(outcomes).toEqual([
      { ok: true, result: ['a'] },
      { ok: false, code: -32602, message: 'invalid params' },
      { ok: false, code: -32601, message: 'Method not found' },
    ])
    expect(server.requests).toHaveLength(1)
  })

  it('calls an answer that is not JSON-RPC malformed', async () => {
    const server = await serve(() => ({ json: { result: 1 } }))
    expect((await fault(jsonRpc(quick(), server.url, 'echo', []))).message).toBe(`${server.host} answered echo with something that is not JSON-RPC`)
  })

  describe('per-method limit', () => {
    afterEach(() => vi.useRealTimers())

    it('counts every call of a batch and each single call against its method’s window', async () => {
      const clock = { now: 0 }
      const server = await serve(rpcRoute(methods))
      const http = new ChainHttp({ limiter: new HostLimiter({ now: () => clock.now }), now: () => clock.now, timeoutMs: 2000 })
      http.limiter.declare(server.host, { requests: 100, perMs: 10_000, concurrency: 10, perMethod: { requests: 3, perMs: 10_000 } })
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })

      await jsonRpcBatch(http, server.url, [
        { method: 'echo', params: [1] },
        { method: 'echo', params: [2] },
      ])
      const third = jsonRpc(http, server.url, 'echo', [3])
      const fourth = jsonRpc(http, server.url, 'echo', [4])
      await third
      await realDelay(50)
      // Three echo calls fill the window: the fourth waits for the clock, the server never sees it early.
      expect(server.requests).toHaveLength(2)
      clock.now = 10_000
      await vi.advanceTimersByTimeAsync(10_000)
      expect(await fourth).toEqual([4])
      expect(server.requests).toHaveLength(3)
    })
  })
})
