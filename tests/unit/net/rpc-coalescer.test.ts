import { describe, expect, it } from 'vitest'
import { FetchFault, type RequestOptions } from '../../../src/main/core/net/chain-http.ts'
import type { RpcTransport } from '../../../src/main/core/net/json-rpc.ts'
import { RpcCoalescer } from '../../../src/main/core/net/rpc-coalescer.ts'

type Call = { jsonrpc: string; id: number; method: string; params: unknown }
type Sent = { url: string; body: Call | Call[]; options: RequestOptions }

const url = 'https://rpc.example/node'

/**
 * A node that answers each call by its method: `echo` its params, `broken` an error member, `garbled`
 * an answer that is not JSON-RPC; the answers of a batch come back in reverse, so only ids can match
 * them. `hold` keeps every request open until the test lets it go.
 */
function fakeNode(hold = false) {
  const sent: Sent[] = []
  const waiting: (() => void)[] = []
  const answer = (call: Call): unknown => {
    if (call.method === 'broken') return { jsonrpc: '2.0', id: call.id, error: { code: -32602, message: 'invalid params' } }
    if (call.method === 'garbled') return { id: call.id, result: 1 }
    return { jsonrpc: '2.0', id: call.id, result: call.params }
  }
  const http: RpcTransport = {
    postJson: async (to: string, body: unknown, options?: RequestOptions) => {
      sent.push({ url: to, body: body as Call | Call[], options: options ?? {} })
      if (hold) {
        await new Promise<void>((resolve, reject) => {
          waiting.push(resolve)
          options?.signal?.addEventListener('abort', () => reject(new FetchFault('unreachable', 'rpc.example', 'cancelled')), { once: true })
        })
      }
      return Array.isArray(body) ? (body as Call[]).map(answer).reverse() : answer(body as Call)
    },
  }
  return { http, sent, release: () => waiting.splice(0).forEach((go) => go()) }
}

const batchOf = (sent: Sent | undefined): Call[] => {
  if (!Array.isArray(sent?.body)) throw new Error('expected a batch')
  return sent.body
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => error,
  )
}

describe('RpcCoalescer', () => {
  it('sends the calls made in one tick as one batch request, each answered by its own id', async () => {
    const node = fakeNode()
    const rpc = new RpcCoalescer(node.http)
    const answers = await Promise.all([
      rpc.call(url, { method: 'echo', params: ['a'] }),
      rpc.call(url, { method: 'echo', params: ['b'] }),
      rpc.batch(url, [
        { method: 'echo', params: ['c'] },
        { method: 'echo', params: ['d'] },
      ]),
    ])
    expect(answers).toEqual([
      { ok: true, result: ['a'] },
      { ok: true, result: ['b'] },
      [
        { ok: true, result: ['c'] },
        { ok: true, result: ['d'] },
      ],
    ])
    expect(node.sent).toHaveLength(1)
    const batch = batchOf(node.sent[0])
    expect(batch.map((call) => call.params)).toEqual([['a'], ['b'], ['c'], ['d']])
    expect(new Set(batch.map((call) => call.id)).size).toBe(4)
    expect(batch.every((call) => call.jsonrpc === '2.0' && call.method === 'echo')).toBe(true)
    // The host's per-method limit counts every call the batch carries.
    expect(node.sent[0]?.options.rpcMethods).toEqual(['echo', 'echo', 'echo', 'echo'])
  })

  it('sends a lone call as a plain call, and a lone batch as a batch', async () => {
    const node = fakeNode()
    const rpc = new RpcCoalescer(node.http)
    await rpc.call(url, { method: 'echo', params: [1] })
    await rpc.batch(url, [{ method: 'echo', params: [2] }])
    expect(node.sent.map((s) => Array.isArray(s.body))).toEqual([false, true])
  })

  it('keeps endpoints apart and calls of later ticks in later requests', async () => {
    const node = fakeNode()
    const rpc = new RpcCoalescer(node.http)
    await Promise.all([rpc.call(url, { method: 'echo', params: [1] }), rpc.call('https://other.example', { method: 'echo', params: [2] })])
    await rpc.call(url, { method: 'echo', params: [3] })
    expect(node.sent.map((s) => s.url)).toEqual([url, 'https://other.example', url])
  })

  it('fails only the call the node answered with an error, or with something that is not JSON-RPC', async () => {
    const node = fakeNode()
    const rpc = new RpcCoalescer(node.http)
    const [good, broken, garbled] = await Promise.allSettled([
      rpc.call(url, { method: 'echo', params: ['fine'] }),
      rpc.call(url, { method: 'broken', params: [] }),
      rpc.call(url, { method: 'garbled', params: [] }),
    ])
    expect(good).toEqual({ status: 'fulfilled', value: { ok: true, result: ['fine'] } })
    expect(broken).toEqual({ status: 'fulfilled', value: { ok: false, code: -32602, message: 'invalid params' } })
    expect(garbled.status === 'rejected' ? garbled.reason : garbled).toMatchObject({ kind: 'malformed', message: 'rpc.example answered garbled with something that is not JSON-RPC' })
    expect(node.sent).toHaveLength(1)
  })

  it('fails every call of a request the host refused as a whole, with the host’s fault', async () => {
    const fault = new FetchFault('http', 'rpc.example', 'rpc.example had an internal error (HTTP 500)', { status: 500 })
    const rpc = new RpcCoalescer({ postJson: () => Promise.reject(fault) })
    const results = await Promise.allSettled([rpc.call(url, { method: 'echo', params: [1] }), rpc.call(url, { method: 'echo', params: [2] })])
    expect(results).toEqual([
      { status: 'rejected', reason: fault },
      { status: 'rejected', reason: fault },
    ])
  })

  it('drops a call whose caller gave up before the batch went out; the others go without it', async () => {
    const node = fakeNode()
    const rpc = new RpcCoalescer(node.http)
    const stop = new AbortController()
    const dropped = rpc.call(url, { method: 'echo', params: ['dropped'] }, stop.signal)
    const kept = rpc.call(url, { method: 'echo', params: ['kept'] })
    stop.abort()
    expect(await rejection(dropped)).toMatchObject({ kind: 'unreachable', message: 'stopped waiting for rpc.example: the read was cancelled' })
    expect(await kept).toEqual({ ok: true, result: ['kept'] })
    expect(node.sent.map((s) => s.body)).toEqual([expect.objectContaining({ method: 'echo', params: ['kept'] })])
  })

  it('sends nothing for a call whose signal is already aborted', async () => {
    const node = fakeNode()
    const rpc = new RpcCoalescer(node.http)
    expect(await rejection(rpc.batch(url, [{ method: 'echo', params: [] }], AbortSignal.abort()))).toMatchObject({ kind: 'unreachable' })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(node.sent).toHaveLength(0)
  })

  it('answers the others when one caller gives up in flight, and cancels the request only when all have', async () => {
    const node = fakeNode(true)
    const rpc = new RpcCoalescer(node.http)
    const first = new AbortController()
    const second = new AbortController()
    const a = rpc.call(url, { method: 'echo', params: ['a'] }, first.signal)
    const b = rpc.call(url, { method: 'echo', params: ['b'] }, second.signal)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(node.sent).toHaveLength(1)
    first.abort()
    expect(await rejection(a)).toMatchObject({ message: 'stopped waiting for rpc.example: the read was cancelled' })
    expect(node.sent[0]?.options.signal?.aborted).toBe(false)
    node.release()
    expect(await b).toEqual({ ok: true, result: ['b'] })

    const c = rpc.call(url, { method: 'echo', params: ['c'] }, second.signal)
    await new Promise((resolve) => setTimeout(resolve, 10))
    second.abort()
    expect(await rejection(c)).toMatchObject({ kind: 'unreachable' })
    expect(node.sent[1]?.options.signal?.aborted).toBe(true)
  })

  it('cancels a request once every caller in it gave up, callers sharing a signal included', async () => {
    const node = fakeNode(true)
    const rpc = new RpcCoalescer(node.http)
    const read = new AbortController()
    const other = new AbortController()
    const calls = [
      rpc.batch(
        url,
        [1, 2, 3].map((n) => ({ method: 'echo', params: [n] })),
        read.signal,
      ),
      rpc.call(url, { method: 'echo', params: ['other'] }, other.signal),
    ]
    await new Promise((resolve) => setTimeout(resolve, 10))
    read.abort()
    expect(node.sent[0]?.options.signal?.aborted).toBe(false)
    other.abort()
    expect(node.sent[0]?.options.signal?.aborted).toBe(true)
    expect(await Promise.all(calls.map(rejection))).toEqual([expect.objectContaining({ kind: 'unreachable' }), expect.objectContaining({ kind: 'unreachable' })])
  })

  it('splits more calls than the cap over several requests', async () => {
    const node = fakeNode()
    const rpc = new RpcCoalescer(node.http, { maxBatch: 100 })
    const params = Array.from({ length: 250 }, (_, i) => [i])
    const answers = await rpc.batch(
      url,
      params.map((p) => ({ method: 'echo', params: p })),
    )
    expect(answers.map((a) => (a.ok ? a.result : null))).toEqual(params)
    expect(node.sent.map((s) => batchOf(s).length)).toEqual([100, 100, 50])
    expect(new Set(node.sent.flatMap((s) => batchOf(s).map((call) => call.id))).size).toBe(250)
  })

  it('asks a call that two callers make in one tick once, and answers both', async () => {
    const node = fakeNode()
    const rpc = new RpcCoalescer(node.http)
    const [one, two, other] = await Promise.all([
      rpc.call(url, { method: 'echo', params: ['same'] }),
      rpc.call(url, { method: 'echo', params: ['same'] }),
      rpc.call(url, { method: 'echo', params: ['other'] }),
    ])
    expect([one, two, other]).toEqual([
      { ok: true, result: ['same'] },
      { ok: true, result: ['same'] },
      { ok: true, result: ['other'] },
    ])
    expect(batchOf(node.sent[0]).map((call) => call.params)).toEqual([['same'], ['other']])
  })
})
