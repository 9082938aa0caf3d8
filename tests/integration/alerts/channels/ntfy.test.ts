import { afterEach, describe, expect, it, vi } from 'vitest'
import { servedPerTest, type ApiRequest } from '../../../support/loopback-api.ts'
import { alert, harness, type Harness } from './support.ts'
import { ntfy } from './service-fixtures.ts'

/*
 * ntfy against a loopback server that checks the documented publish request
 * (https://docs.ntfy.sh/publish/): POST to the topic URL, the message as the body, Title,
 * Priority, Tags and Click headers, `Authorization: Bearer <token>` for a protected topic.
 */

const { serve } = servedPerTest()
const topic = 'desk-alerts-7f3kq9'
const token = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2'

let open: Harness | null = null
afterEach(() => {
  open?.delivery.dispose()
  open = null
})

function publishRoute(request: ApiRequest): ReturnType<typeof ntfy.published> {
  if (request.method !== 'POST' || request.url.pathname !== `/${topic}`) return { status: 404, json: { code: 40401, http: 404, error: 'page not found' } }
  if (request.headers.authorization !== `Bearer ${token}`) return ntfy.unauthorized
  return ntfy.published(topic, String(request.body))
}

async function withChannel(route: (request: ApiRequest) => ReturnType<typeof ntfy.published>, withToken = true) {
  const api = await serve(route)
  const h = harness()
  open = h
  await h.delivery.addChannel({ label: 'Phone', minSeverity: 'warning', target: { kind: 'ntfy', topicUrl: `${api.url}/${topic}`, ...(withToken ? { token } : {}) } })
  return { api, h }
}

describe('ntfy channel', () => {
  it('publishes an alert as the documented POST: body, Title, Priority, Tags, Click and the Bearer token', async () => {
    const { api, h } = await withChannel(publishRoute)
    h.delivery.deliver([alert({ severity: 'critical', network: 'grass', link: 'https://solscan.io/account/9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin' })])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastSentAt).not.toBeNull())
    const [request] = api.requests
    expect(request?.method).toBe('POST')
    expect(request?.url.pathname).toBe(`/${topic}`)
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      priority: 'urgent',
      tags: 'rotating_light,plug-unreachable,grass',
      click: 'https://solscan.io/account/9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin',
      'content-type': 'text/plain; charset=utf-8',
    })
    // The title has curly quotes: sent as an RFC 2047 encoded word, as the page advises for non-ASCII headers.
    const title = String(request?.headers.title)
    expect(title).toMatch(/^=\?UTF-8\?B\?.+\?=$/)
    expect(Buffer.from(title.slice(10, -2), 'base64').toString('utf8')).toBe('Critical: Plug “Rig 1” is unreachable')
    const body = String(request?.body)
    expect(body).toContain('refused the connection. Check that the plug has power')
    expect(body).toContain('Where: network grass, host 192.168.1.20')
    expect(body).toContain('Since: 2025-03-04 11:54 UTC (6 min ago)')
    expect(body).toContain('Figure: no answer for 6 min (threshold: unreachable for 5 min)')
    expect(h.delivery.channels()[0]?.lastError).toBeNull()
  })

  it('sends no Authorization header to an open topic, and an ASCII title as it is', async () => {
    const { api, h } = await withChannel((request) => ntfy.published(topic, String(request.body)), false)
    h.delivery.deliver([alert({ title: 'GPU 0 at 91 C' })])
    await vi.waitFor(() => expect(api.requests).toHaveLength(1))
    expect(api.requests[0]?.headers.authorization).toBeUndefined()
    expect(api.requests[0]?.headers.title).toBe('Warning: GPU 0 at 91 C')
    expect(api.requests[0]?.headers.priority).toBe('high')
  })

  it('says a 401 in words, keeps it as the channel’s error, and does not retry', async () => {
    const { api, h } = await withChannel(() => ntfy.unauthorized)
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).not.toBeNull())
    expect(h.delivery.channels()[0]?.lastError).toMatch(/^ntfy at 127\.0\.0\.1:\d+ refused the message \(HTTP 401: unauthorized\): the token or address is wrong/)
    expect(h.time.waits()).toEqual([])
    h.time.advance(60 * 60_000)
    expect(api.requests).toHaveLength(1)
  })

  it('retries its 429 (no Retry-After) after the first backoff step, 5 s, matching its refill of one request per 5 s', async () => {
    let calls = 0
    const { api, h } = await withChannel((request) => (++calls === 1 ? ntfy.tooManyRequests : publishRoute(request)))
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.time.waits()).toEqual([5_000]))
    expect(h.delivery.channels()[0]?.lastError).toContain('asked us to slow down (HTTP 429: limit reached: too many requests)')
    h.time.advance(5_000)
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).toBeNull())
    expect(api.requests).toHaveLength(2)
  })

  it('test-sends to a topic being set up, and never shows the topic or the token in a failure', async () => {
    const api = await serve(() => ntfy.unauthorized)
    const h = harness()
    open = h
    const result = await h.delivery.testChannel({ target: { kind: 'ntfy', topicUrl: `${api.url}/${topic}`, token } })
    expect(result.ok).toBe(false)
    expect(result.message).toContain('HTTP 401')
    expect(result.message).not.toContain(topic)
    expect(result.message).not.toContain(token)
    expect(api.requests[0]?.headers.title).toBe('DePIN Desk: test message')
  })
})
