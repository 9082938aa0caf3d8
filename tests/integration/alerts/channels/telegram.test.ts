import { afterEach, describe, expect, it, vi } from 'vitest'
import { servedPerTest, type ApiAnswer, type ApiRequest } from '../../../support/loopback-api.ts'
import { alert, harness, type Harness } from './support.ts'
import { telegram } from './service-fixtures.ts'

/*
 * Telegram against a loopback Bot API that checks the documented sendMessage request
 * (https://core.telegram.org/bots/api#sendmessage): POST /bot<token>/sendMessage, a JSON body with
 * chat_id and text, plain text (no parse_mode), link previews off (#linkpreviewoptions).
 */

const { serve } = servedPerTest()
const botToken = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw'
const chatId = '123456789'

let open: Harness | null = null
afterEach(() => {
  open?.delivery.dispose()
  open = null
})

function botApi(request: ApiRequest): ApiAnswer {
  if (request.url.pathname !== `/bot${botToken}/sendMessage`) return telegram.unauthorized
  const body = request.body as { chat_id?: unknown; text?: unknown }
  if (body.chat_id !== chatId) return telegram.chatNotFound
  return telegram.sent(chatId, String(body.text))
}

async function withChannel(route: (request: ApiRequest) => ApiAnswer) {
  const api = await serve(route)
  const h = harness({ telegramApi: api.url })
  open = h
  await h.delivery.addChannel({ label: 'Ops chat', minSeverity: 'info', target: { kind: 'telegram', botToken, chatId } })
  return { api, h }
}

describe('Telegram channel', () => {
  it('sends the documented sendMessage: chat_id, plain text, link previews off', async () => {
    const { api, h } = await withChannel(botApi)
    h.delivery.deliver([alert({ link: 'https://explorer.example/tx/1' })])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastSentAt).not.toBeNull())
    const [request] = api.requests
    expect(request?.method).toBe('POST')
    expect(request?.url.pathname).toBe(`/bot${botToken}/sendMessage`)
    expect(request?.headers['content-type']).toBe('application/json')
    const body = request?.body as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(['chat_id', 'link_preview_options', 'text'])
    expect(body).toMatchObject({ chat_id: chatId, link_preview_options: { is_disabled: true } })
    expect(body.text).toMatch(/^Warning: Plug “Rig 1” is unreachable\n\nShelly Gen2\+ at 192\.168\.1\.20:80 refused/)
    expect(body.text).toContain('\n\nhttps://explorer.example/tx/1')
  })

  it('waits the flood-control retry_after it is given, then sends', async () => {
    let calls = 0
    const { api, h } = await withChannel((request) => (++calls === 1 ? telegram.floodControl(7) : botApi(request)))
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.time.waits()).toEqual([7_000]))
    expect(h.delivery.channels()[0]?.lastError).toContain('asked us to slow down (HTTP 429: Too Many Requests: retry after 7); it asked to wait 7 s')
    h.time.advance(6_999)
    expect(api.requests).toHaveLength(1)
    h.time.advance(1)
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).toBeNull())
    expect(api.requests).toHaveLength(2)
  })

  it('reports a wrong chat in Telegram’s words and does not retry it', async () => {
    const api = await serve(botApi)
    const h = harness({ telegramApi: api.url })
    open = h
    await h.delivery.addChannel({ label: 'Wrong chat', minSeverity: 'warning', target: { kind: 'telegram', botToken, chatId: '-1001234567890' } })
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).toContain('HTTP 400: Bad Request: chat not found'))
    expect(h.time.waits()).toEqual([])
  })

  it('never shows the bot token, which rides in the URL path, in errors or logs', async () => {
    const { h } = await withChannel(() => ({ status: 500, json: { ok: false, error_code: 500, description: `Internal error at /bot${botToken}/sendMessage` } }))
    h.delivery.deliver([alert()])
    await vi.waitFor(() => expect(h.delivery.channels()[0]?.lastError).not.toBeNull())
    expect(h.delivery.channels()[0]?.lastError).toContain('/bot[secret]/sendMessage')
    expect(h.lines.join('\n')).not.toContain(botToken)
    expect(JSON.stringify(h.settings())).not.toContain(botToken)
    expect(JSON.stringify(h.delivery.channels())).not.toContain(botToken)
  })

  it('test-sends through an existing channel and shows the refusal of a revoked token', async () => {
    const { h } = await withChannel(() => telegram.unauthorized)
    const id = h.delivery.channels()[0]?.channel.id ?? ''
    const result = await h.delivery.testChannel({ id })
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^Telegram \(127\.0\.0\.1:\d+\) refused the message \(HTTP 401: Unauthorized\)/) })
    expect(h.delivery.channels()[0]?.lastError).toBe(result.message)
  })
})
