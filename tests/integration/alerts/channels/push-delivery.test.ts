import { afterEach, describe, expect, it, vi } from 'vitest'
import { defaultLimits } from '../../../../src/main/core/alerts/channels/index.ts'
import { DeskError } from '../../../../src/main/core/errors.ts'
import { defaultSettings } from '../../../../src/shared/contract/settings.ts'
import { servedPerTest, type ApiAnswer, type ApiRequest } from '../../../support/loopback-api.ts'
import { alert, harness, type Harness } from './support.ts'
import { ntfy } from './service-fixtures.ts'

/*
 * The delivery around the channels: the rate limit (batched, never dropped unsaid), severity
 * filter, channels added and removed through the secret store, test sends, and that a broken
 * channel or a failing setting never throws into the engine. Time is the test's clock.
 */

const { serve } = servedPerTest()
const topic = 'desk-alerts-7f3kq9'

let open: Harness | null = null
afterEach(() => {
  open?.delivery.dispose()
  open = null
})

const publish = (request: ApiRequest): ApiAnswer => ntfy.published(topic, String(request.body))

async function ntfyChannel(route: (request: ApiRequest) => ApiAnswer = publish, minSeverity: 'info' | 'warning' | 'critical' = 'warning') {
  const api = await serve(route)
  const h = harness()
  open = h
  await h.delivery.addChannel({ label: 'Phone', minSeverity, target: { kind: 'ntfy', topicUrl: `${api.url}/${topic}` } })
  return { api, h }
}

const titleOf = (request: ApiRequest | undefined): string => {
  const title = String(request?.headers.title)
  return title.startsWith('=?UTF-8?B?') ? Buffer.from(title.slice(10, -2), 'base64').toString('utf8') : title
}

describe('push delivery: rate limit', () => {
  it('defaults to at most one push per 2 s and 30 per hour per channel', () => {
    expect(defaultLimits).toMatchObject({ minGapMs: 2_000, perHour: 30 })
  })

  it('sends a burst of alerts as one summary, and waits 2 s before the next push', async () => {
    const { api, h } = await ntfyChannel()
    h.delivery.deliver([alert({ id: 1 }), alert({ id: 2, title: 'GPU 0 at 91 °C', figure: '91 °C', threshold: '85 °C', severity: 'critical' }), alert({ id: 3, title: 'Grass stopped earning' })])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastSentAt).not.toBeNull())
    expect(api.requests).toHaveLength(1)
    expect(titleOf(api.requests[0])).toBe('DePIN Desk: 3 alerts')
    expect(api.requests[0]?.headers.priority).toBe('urgent')
    expect(String(api.requests[0]?.body)).toContain('- Critical: GPU 0 at 91 °C (91 °C; threshold 85 °C)')
    h.delivery.deliver([alert({ id: 4, title: 'Disk nearly full' })])
    expect(h.time.waits()).toEqual([2_000])
    expect(api.requests).toHaveLength(1)
    h.time.advance(2_000)
    await vi.waitFor(() => expect(api.requests).toHaveLength(2))
    expect(titleOf(api.requests[1])).toBe('Warning: Disk nearly full')
  })

  it('holds 30 pushes an hour, and sends what came over the budget as one summary when the hour turns', async () => {
    const { api, h } = await ntfyChannel()
    for (let i = 1; i <= 30; i++) {
      h.delivery.deliver([alert({ id: i, title: `Alert ${i}` })])
      await vi.waitFor(() => expect(api.requests).toHaveLength(i))
      await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastSentAt).toBe(h.time.now()))
      h.time.advance(2_000)
    }
    // 60 s into the hour: the budget is spent, so the next ones wait for the first push to age out.
    for (let i = 31; i <= 34; i++) h.delivery.deliver([alert({ id: i, title: `Alert ${i}` })])
    expect(h.time.waits()).toEqual([60 * 60_000 - 60_000])
    h.time.advance(60 * 60_000 - 60_001)
    expect(api.requests).toHaveLength(30)
    h.time.advance(1)
    await vi.waitFor(() => expect(api.requests).toHaveLength(31))
    expect(titleOf(api.requests[30])).toBe('DePIN Desk: 4 alerts')
    expect(String(api.requests[30]?.body)).toMatch(/Alert 31[\s\S]*Alert 34/)
  })

  it('counts the alerts a full queue let go in the next summary, rather than dropping them unsaid', async () => {
    const api = await serve(publish)
    const h = harness({ limits: { maxQueued: 3 } })
    open = h
    await h.delivery.addChannel({ label: 'Phone', minSeverity: 'warning', target: { kind: 'ntfy', topicUrl: `${api.url}/${topic}` } })
    h.delivery.deliver([alert({ id: 1 })])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastSentAt).not.toBeNull())
    for (let id = 2; id <= 6; id++) h.delivery.deliver([alert({ id, title: `Alert ${id}` })])
    h.time.advance(2_000)
    await vi.waitFor(() => expect(api.requests).toHaveLength(2))
    expect(titleOf(api.requests[1])).toBe('DePIN Desk: 5 alerts')
    expect(String(api.requests[1]?.body)).toMatch(/Alert 4[\s\S]*Alert 6[\s\S]*…and 2 more\./)
  })

  it('pushes only alerts at or above the channel’s minimum severity', async () => {
    const { api, h } = await ntfyChannel(publish, 'critical')
    h.delivery.deliver([alert({ id: 1, severity: 'warning' }), alert({ id: 2, severity: 'info' })])
    expect(h.time.waits()).toEqual([])
    h.delivery.deliver([alert({ id: 3, severity: 'critical' })])
    await vi.waitFor(() => expect(api.requests).toHaveLength(1))
    expect(titleOf(api.requests[0])).toBe('Critical: Plug “Rig 1” is unreachable')
  })

  it('sends a resolution as such', async () => {
    const { api, h } = await ntfyChannel()
    h.delivery.deliver([alert({ state: 'resolved', resolvedAt: alert().since + 20 * 60_000 })])
    await vi.waitFor(() => expect(api.requests).toHaveLength(1))
    expect(titleOf(api.requests[0])).toBe('Resolved: Plug “Rig 1” is unreachable')
    expect(api.requests[0]?.headers.tags).toBe('white_check_mark,plug-unreachable')
    expect(String(api.requests[0]?.body)).toContain('Resolved: 2025-03-04 12:14 UTC, after 20 min')
  })
})

describe('push delivery: channels through the secret store', () => {
  it('stores the target as the secret channel:<id>, keeps only kind, label and host in settings, and forgets it on removal', async () => {
    const token = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2'
    const h = harness()
    open = h
    const statuses = await h.delivery.addChannel({ label: ' Phone ', minSeverity: 'warning', target: { kind: 'ntfy', topicUrl: `https://ntfy.sh/${topic}`, token } })
    const id = statuses[0]?.channel.id ?? ''
    expect(id).toMatch(/^channel-[a-z0-9]{8}$/)
    expect(statuses).toEqual([{ channel: { id, kind: 'ntfy', label: 'Phone', host: 'ntfy.sh', minSeverity: 'warning' }, lastSentAt: null, lastError: null }])
    expect(await h.secrets.names()).toEqual([`channel:${id}`])
    expect(JSON.parse((await h.secrets.get(`channel:${id}`)) ?? '')).toEqual({ kind: 'ntfy', topicUrl: `https://ntfy.sh/${topic}`, token })
    const settingsText = JSON.stringify(h.settings())
    expect(settingsText).not.toContain(token)
    expect(settingsText).not.toContain(topic)
    expect(h.lines.join('\n')).not.toContain(topic)
    expect(await h.delivery.removeChannel(id)).toEqual([])
    expect(await h.secrets.names()).toEqual([])
    await expect(h.delivery.removeChannel(id)).rejects.toMatchObject({ code: 'not-found' })
  })

  it('refuses a 21st channel with invalid-input before storing any secret', async () => {
    const h = harness()
    open = h
    for (let i = 0; i < 20; i++) await h.delivery.addChannel({ label: `Topic ${i}`, minSeverity: 'warning', target: { kind: 'ntfy', topicUrl: `https://ntfy.sh/topic-${i}` } })
    const refused = h.delivery.addChannel({ label: 'One more', minSeverity: 'warning', target: { kind: 'ntfy', topicUrl: 'https://ntfy.sh/one-more' } })
    await expect(refused).rejects.toBeInstanceOf(DeskError)
    await expect(refused).rejects.toMatchObject({ code: 'invalid-input', field: 'channels' })
    expect(await h.secrets.names()).toHaveLength(20)
  })

  it.each([
    [{ kind: 'ntfy', topicUrl: 'http://ntfy.example.com/alerts' }, 'topicUrl', /use https:\/\//],
    [{ kind: 'ntfy', topicUrl: 'ftp://ntfy.sh/alerts' }, 'topicUrl', /https/],
    [{ kind: 'ntfy', topicUrl: 'https://ntfy.sh/' }, 'topicUrl', /end the URL with the topic/],
    [{ kind: 'ntfy', topicUrl: 'https://ntfy.sh/alerts', token: 'tk_bad token\r\nX-Injected: 1' }, 'token', /printable/],
    [{ kind: 'telegram', botToken: 'not-a-token', chatId: '123' }, 'botToken', /110201543:/],
    [{ kind: 'telegram', botToken: '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', chatId: 'my chat' }, 'chatId', /number/],
    [{ kind: 'discord', webhookUrl: 'https://discord.com/channels/123/456' }, 'webhookUrl', /api\/webhooks/],
    [{ kind: 'webhook', url: 'not a url' }, 'url', /not a URL/],
    [{ kind: 'webhook', url: 'http://192.168.1.5/hook' }, 'url', /https/],
  ] as const)('refuses the target %j (%s) and stores nothing', async (target, field, words) => {
    const h = harness()
    open = h
    const added = h.delivery.addChannel({ label: 'Bad', minSeverity: 'warning', target })
    await expect(added).rejects.toMatchObject({ code: 'invalid-input', field, message: expect.stringMatching(words) })
    await expect(h.delivery.testChannel({ target })).rejects.toMatchObject({ code: 'invalid-input', field })
    expect(await h.secrets.names()).toEqual([])
    expect(h.settings().alerts.channels).toEqual([])
  })

  it('takes plain http to this machine only', async () => {
    const h = harness()
    open = h
    await h.delivery.addChannel({ label: 'Local ntfy', minSeverity: 'warning', target: { kind: 'ntfy', topicUrl: 'http://localhost:8080/alerts' } })
    await h.delivery.addChannel({ label: 'Local hook', minSeverity: 'warning', target: { kind: 'webhook', url: 'http://[::1]:9000/hook' } })
    expect(h.settings().alerts.channels.map((channel) => channel.host)).toEqual(['localhost:8080', '[::1]:9000'])
  })

  it('leaves no secret behind when the settings cannot be saved', async () => {
    const h = harness({
      saveSettings: () => {
        throw new Error('disk full')
      },
    })
    open = h
    await expect(h.delivery.addChannel({ label: 'Phone', minSeverity: 'warning', target: { kind: 'ntfy', topicUrl: 'https://ntfy.sh/alerts' } })).rejects.toThrow('disk full')
    expect(await h.secrets.names()).toEqual([])
  })
})

describe('push delivery: test sends and failures', () => {
  it('test-sends on a channel being set up, and says where it went', async () => {
    const api = await serve(publish)
    const h = harness()
    open = h
    const result = await h.delivery.testChannel({ target: { kind: 'ntfy', topicUrl: `${api.url}/${topic}` } })
    expect(result).toEqual({ ok: true, message: `Sent a test message through ${api.host}; check that it arrived.` })
    expect(titleOf(api.requests[0])).toBe('DePIN Desk: test message')
    expect(api.requests[0]?.headers.tags).toBe('white_check_mark,test')
  })

  it('a successful test clears a channel’s error and its hold, so waiting alerts go out', async () => {
    let refuse = true
    const { api, h } = await ntfyChannel((request) => (refuse ? ntfy.unauthorized : publish(request)))
    h.delivery.deliver([alert({ id: 1 })])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).toContain('HTTP 401'))
    h.delivery.deliver([alert({ id: 2, title: 'Still waiting' })])
    expect(h.time.waits()).toEqual([15 * 60_000])
    refuse = false
    h.time.advance(2_000)
    const result = await h.delivery.testChannel({ id: h.delivery.channels()[0]?.channel.id ?? '' })
    expect(result.ok).toBe(true)
    expect(h.delivery.channels()[0]?.lastError).toBeNull()
    await vi.waitFor(() => expect(api.requests).toHaveLength(3))
    expect(titleOf(api.requests[2])).toBe('Warning: Still waiting')
  })

  it('answers not-found for a test on an unknown channel', async () => {
    const h = harness()
    open = h
    await expect(h.delivery.testChannel({ id: 'channel-00000000' })).rejects.toMatchObject({ code: 'not-found' })
  })

  it('shows a channel whose secret is gone, instead of failing silently', async () => {
    const { api, h } = await ntfyChannel()
    const id = h.delivery.channels()[0]?.channel.id ?? ''
    await h.secrets.delete(`channel:${id}`)
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).toContain('missing from the secret store'))
    expect(api.requests).toHaveLength(0)
  })

  it('never throws into the engine: not on broken settings, not on a refused connection', async () => {
    let broken = true
    const h = harness({
      settings: () => {
        if (broken) throw new Error('settings unreadable')
        return defaultSettings
      },
    })
    open = h
    expect(() => h.delivery.deliver([alert()])).not.toThrow()
    expect(h.lines.some((line) => line.startsWith('error alerts: push delivery failed'))).toBe(true)
    broken = false
    const closed = await serve(publish)
    const url = `${closed.url}/${topic}`
    await closed.close()
    const refused = await h.delivery.testChannel({ target: { kind: 'ntfy', topicUrl: url } })
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/refused the connection/) })
  })

  it('stops every queue on dispose: nothing is sent afterwards', async () => {
    const { api, h } = await ntfyChannel(() => ntfy.internalError)
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.time.waits()).toEqual([5_000]))
    h.delivery.dispose()
    h.time.advance(60_000)
    h.delivery.deliver([alert({ id: 2 })])
    expect(api.requests).toHaveLength(1)
  })
})
