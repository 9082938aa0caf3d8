import { cleanDetail, jsonBody, postToService, secondsField, truncate, type PushMessage, type SendContext, type SendOutcome } from './channel.ts'

/*
 * Telegram: POST https://api.telegram.org/bot<token>/sendMessage with a JSON body of chat_id and
 * text, sent as plain text (no parse_mode, so nothing in an alert needs escaping), link previews
 * off. https://core.telegram.org/bots/api#sendmessage, #linkpreviewoptions (Bot API 7.0 replaced
 * disable_web_page_preview with link_preview_options).
 * Every answer is `{ ok, result }` or `{ ok: false, error_code, description, parameters? }`
 * (https://core.telegram.org/bots/api#making-requests); flood control is a 429 whose
 * `parameters.retry_after` says how many seconds to wait (#responseparameters). In one chat,
 * "avoid sending more than one message per second" (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
 */

export type TelegramTarget = { kind: 'telegram'; botToken: string; chatId: string }

export const telegramApi = 'https://api.telegram.org'

/** sendMessage takes 1-4096 characters of text. */
const maxText = 4096

export async function sendTelegram(target: TelegramTarget, message: PushMessage, context: SendContext, apiBase = telegramApi): Promise<SendOutcome> {
  // './' keeps `bot123:AA…` from reading as a URL scheme.
  const url = new URL(`./bot${target.botToken}/sendMessage`, apiBase.endsWith('/') ? apiBase : `${apiBase}/`)
  const text = truncate([message.title, '', message.body, ...(message.link === null ? [] : ['', message.link])].join('\n'), maxText)
  const body = JSON.stringify({ chat_id: target.chatId, text, link_preview_options: { is_disabled: true } })
  const request = { subject: `Telegram (${url.host})`, url, headers: { 'content-type': 'application/json', accept: 'application/json' }, body, secrets: [target.botToken] }
  return postToService(
    request,
    context,
    (answer) => {
      const json = jsonBody(answer)
      const parameters = json?.parameters
      const retryAfter = typeof parameters === 'object' && parameters !== null ? (parameters as Record<string, unknown>).retry_after : undefined
      const retryAfterMs = secondsField(retryAfter)
      return { detail: cleanDetail(json?.description), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
    },
    (answer) => (jsonBody(answer)?.ok === true ? null : (cleanDetail(jsonBody(answer)?.description) ?? 'it did not answer ok')),
  )
}
