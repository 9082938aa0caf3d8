import { afterEach, describe, expect, it, vi } from 'vitest'
import { servedPerTest, type ApiAnswer, type ApiRequest } from '../../../support/loopback-api.ts'
import { alert, harness, type Harness } from './support.ts'
import { discord } from './service-fixtures.ts'

/*
 * Discord against a loopback webhook that checks the documented Execute Webhook request
 * (https://discord.com/developers/docs/resources/webhook#execute-webhook): POST the webhook URL
 * with a JSON body holding content and embeds; 204 No Content back.
 */

const { serve } = servedPerTest()
const webhookId = '1234567890123456789'
const webhookToken = 'Xk3_vbqP9mZ-c2JrT8sLw0hQyN4uEa6dFgH1iKo5RtYzBx7nMp'
const path = `/api/webhooks/${webhookId}/${webhookToken}`

let open: Harness | null = null
afterEach(() => {
  open?.delivery.dispose()
  open = null
})

function webhook(request: ApiRequest): ApiAnswer {
  if (request.method !== 'POST' || request.url.pathname !== path) return discord.unknownWebhook
  return discord.noContent
}

async function withChannel(route: (request: ApiRequest) => ApiAnswer) {
  const api = await serve(route)
  const h = harness()
  open = h
  await h.delivery.addChannel({ label: '#rigs', minSeverity: 'warning', target: { kind: 'discord', webhookUrl: `${api.url}${path}` } })
  return { api, h }
}

type Embed = { title: string; description: string; color: number; url?: string }

describe('Discord channel', () => {
  it('executes the webhook with content and an embed, pinging nobody', async () => {
    const { api, h } = await withChannel(webhook)
    h.delivery.deliver([alert({ severity: 'critical', link: 'https://explorer.example/address/1' })])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastSentAt).not.toBeNull())
    const [request] = api.requests
    expect(request?.method).toBe('POST')
    expect(request?.url.pathname).toBe(path)
    expect(request?.headers['content-type']).toBe('application/json')
    const body = request?.body as { content: string; embeds: Embed[]; allowed_mentions: unknown }
    expect(body.content).toBe('Critical: Plug “Rig 1” is unreachable')
    expect(body.allowed_mentions).toEqual({ parse: [] })
    expect(body.embeds).toHaveLength(1)
    expect(body.embeds[0]).toMatchObject({ title: 'Critical: Plug “Rig 1” is unreachable', color: 0xd83c3e, url: 'https://explorer.example/address/1' })
    expect(body.embeds[0]?.description).toContain('Figure: no answer for 6 min (threshold: unreachable for 5 min)')
    expect(body.content.length).toBeLessThanOrEqual(2000)
  })

  it('honours the documented 429: waits retry_after (64.57 s), then sends again', async () => {
    let calls = 0
    const { api, h } = await withChannel((request) => (++calls === 1 ? discord.rateLimited : webhook(request)))
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.time.waits()).toEqual([64_570]))
    h.time.advance(64_570)
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).toBeNull())
    expect(api.requests).toHaveLength(2)
  })

  it('stops on a 404, as the rate-limit page asks of a deleted webhook, and holds the channel', async () => {
    const { api, h } = await withChannel(() => discord.unknownWebhook)
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).not.toBeNull())
    expect(h.delivery.channels()[0]?.lastError).toMatch(/^Discord \(127\.0\.0\.1:\d+\) has no such destination \(HTTP 404: Unknown Webhook\)/)
    // A new alert waits out the hold (15 min) and goes alone: a dead webhook costs a few requests an hour.
    h.delivery.deliver([alert({ id: 2 })])
    expect(h.time.waits()).toEqual([15 * 60_000])
    expect(api.requests).toHaveLength(1)
  })

  it('never shows the webhook token in errors, logs or settings', async () => {
    const { h } = await withChannel(() => discord.invalidToken)
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).toContain('HTTP 401: Invalid Webhook Token'))
    const seen = [JSON.stringify(h.delivery.channels()), JSON.stringify(h.settings()), h.lines.join('\n')].join('\n')
    expect(seen).not.toContain(webhookToken)
    expect(h.settings().alerts.channels[0]?.host).toMatch(/^127\.0\.0\.1:\d+$/)
  })
})
