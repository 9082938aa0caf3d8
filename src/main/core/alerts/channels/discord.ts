import type { AlertSeverity } from '../../../../shared/contract/alerts.ts'
import { cleanDetail, jsonBody, postToService, secondsField, truncate, type PushMessage, type SendContext, type SendOutcome } from './channel.ts'

/*
 * Discord: POST the webhook URL with `{ content, embeds }` as JSON.
 *   https://discord.com/developers/docs/resources/webhook#execute-webhook (content up to 2000
 *   characters; without `?wait=true` a 204 No Content, with it the message as JSON)
 *   https://discord.com/developers/docs/resources/message#embed-object-embed-limits (title 256, description 4096)
 *   https://discord.com/developers/docs/resources/message#allowed-mentions-object (`parse: []` pings nobody)
 * A 429 answers `{ message, retry_after (float seconds), global }` with a Retry-After header
 * (https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit); other errors
 * are `{ message, code }`. "If a webhook returns a 404 status you should not attempt to use it again."
 */

export type DiscordTarget = { kind: 'discord'; webhookUrl: string }

/** Embed colours: red, amber, blue; green for a resolution or a test. */
const colours: Record<AlertSeverity, number> = { critical: 0xd83c3e, warning: 0xe8a317, info: 0x3b82f6 }
const green = 0x2e9e5b

export async function sendDiscord(target: DiscordTarget, message: PushMessage, context: SendContext): Promise<SendOutcome> {
  const url = new URL(target.webhookUrl)
  const calm = message.kind === 'test' || (message.kind === 'alert' && message.alerts[0]?.state === 'resolved')
  const embed = {
    title: truncate(message.title, 256),
    description: truncate(message.body, 4096),
    color: calm ? green : colours[message.severity],
    ...(message.link === null ? {} : { url: message.link }),
    footer: { text: 'DePIN Desk' },
  }
  const body = JSON.stringify({ content: truncate(message.title, 2000), embeds: [embed], allowed_mentions: { parse: [] } })
  // The webhook token is the segment after the id; the id is not secret, but neither is repeated.
  const parts = url.pathname.split('/')
  const secrets = parts.slice(parts.indexOf('webhooks') + 1).filter((part) => part !== '')
  return postToService({ subject: `Discord (${url.host})`, url, headers: { 'content-type': 'application/json' }, body, secrets }, context, (answer) => {
    const json = jsonBody(answer)
    const retryAfterMs = secondsField(json?.retry_after)
    return { detail: cleanDetail(json?.message), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
  })
}
