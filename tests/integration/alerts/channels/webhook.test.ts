import { afterEach, describe, expect, it, vi } from 'vitest'
import { servedPerTest, type ApiAnswer, type ApiRequest } from '../../../support/loopback-api.ts'
import { alert, harness, type Harness } from './support.ts'
import { slack } from './service-fixtures.ts'

/*
 * The generic webhook against a loopback Slack incoming webhook that checks the documented
 * request (https://api.slack.com/messaging/webhooks): POST JSON with `text`; "ok" back.
 */

const { serve } = servedPerTest()
const path = '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'

let open: Harness | null = null
afterEach(() => {
  open?.delivery.dispose()
  open = null
})

async function withChannel(route: (request: ApiRequest) => ApiAnswer, timeoutMs = 2_000) {
  const api = await serve(route)
  const h = harness({ timeoutMs })
  open = h
  await h.delivery.addChannel({ label: 'Slack #ops', minSeverity: 'warning', target: { kind: 'webhook', url: `${api.url}${path}` } })
  return { api, h }
}

describe('generic (Slack-compatible) webhook channel', () => {
  it('posts Slack’s `text`, escaped, with our alert fields beside it', async () => {
    const { api, h } = await withChannel((request) => (request.method === 'POST' && request.url.pathname === path ? slack.ok : { status: 404, raw: 'no_service' }))
    h.delivery.deliver([alert({ title: 'Net <0 & falling', link: 'https://example.com/evidence' })])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastSentAt).not.toBeNull())
    const [request] = api.requests
    expect(request?.headers['content-type']).toBe('application/json')
    const body = request?.body as Record<string, unknown>
    expect(body.text).toMatch(/^\*Warning: Net &lt;0 &amp; falling\*\n/)
    expect(body.text).toContain('<https://example.com/evidence|Evidence>')
    expect(body).toMatchObject({ source: 'depin-desk', event: 'alert', severity: 'warning', link: 'https://example.com/evidence' })
    expect(body.alerts).toEqual([
      expect.objectContaining({ id: 1, rule: 'plug-unreachable', state: 'open', host: '192.168.1.20', figure: 'no answer for 6 min', threshold: 'unreachable for 5 min' }),
    ])
  })

  it('reads Slack’s plain-text reasons: 410 channel_is_archived is final', async () => {
    const { h } = await withChannel(() => slack.channelArchived)
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).toMatch(/^the webhook at 127\.0\.0\.1:\d+ has no such destination \(HTTP 410: channel_is_archived\)/))
    expect(h.time.waits()).toEqual([])
  })

  it('backs off on 500 rollup_error: 5 s, then 10 s, then delivers', async () => {
    let calls = 0
    const { api, h } = await withChannel(() => (++calls <= 2 ? slack.rollupError : slack.ok))
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.time.waits()).toEqual([5_000]))
    expect(h.delivery.channels()[0]?.lastError).toContain('had a problem (HTTP 500: rollup_error)')
    h.time.advance(5_000)
    await vi.waitFor(() => expect(h.time.waits()).toEqual([10_000]))
    h.time.advance(10_000)
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).toBeNull())
    expect(api.requests).toHaveLength(3)
  })

  it('retries a service that does not answer in time', async () => {
    let calls = 0
    const { api, h } = await withChannel(() => (++calls === 1 ? 'hang' : slack.ok), 200)
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).toMatch(/did not answer within 0\.2 s$/))
    expect(h.time.waits()).toEqual([5_000])
    h.time.advance(5_000)
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).toBeNull())
    expect(api.requests).toHaveLength(2)
  })

  it('never repeats the secret path of the URL', async () => {
    const { h } = await withChannel(() => slack.actionProhibited)
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).toContain('HTTP 403: action_prohibited'))
    const seen = [JSON.stringify(h.delivery.channels()), JSON.stringify(h.settings()), h.lines.join('\n')].join('\n')
    expect(seen).not.toContain('XXXXXXXXXXXXXXXXXXXXXXXX')
  })
})
