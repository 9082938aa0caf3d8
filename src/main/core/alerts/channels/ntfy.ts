import type { AlertSeverity } from '../../../../shared/contract/alerts.ts'
import { cleanDetail, jsonBody, postToService, type PushMessage, type SendContext, type SendOutcome } from './channel.ts'

/*
 * ntfy: the message is the POST body to the topic URL; title, priority, tags and the click link
 * ride in headers; a protected topic takes `Authorization: Bearer <access token>`.
 *   https://docs.ntfy.sh/publish/ (#message-title, #message-priority, #tags-emojis, #click-action,
 *   #access-tokens, #limitations: 4,096-byte messages, 60 requests then one per 5 s per visitor)
 * Errors are JSON `{"code":40101,"http":401,"error":"unauthorized","link":…}` (server/errors.go);
 * a 429 carries no Retry-After, so the backoff's first wait (5 s) matches its refill.
 */

export type NtfyTarget = { kind: 'ntfy'; topicUrl: string; token?: string }

/** Past 4,096 bytes ntfy turns the message into an attachment; leave room for the link line. */
const maxBodyBytes = 3900

/** Priority by severity: https://docs.ntfy.sh/publish/#message-priority (5 urgent … 1 min). */
const priorities: Record<AlertSeverity, string> = { critical: 'urgent', warning: 'high', info: 'default' }

/** Emoji short codes ntfy shows in front of the title: https://docs.ntfy.sh/emojis/ */
const emoji: Record<AlertSeverity, string> = { critical: 'rotating_light', warning: 'warning', info: 'information_source' }

export async function sendNtfy(target: NtfyTarget, message: PushMessage, context: SendContext): Promise<SendOutcome> {
  const url = new URL(target.topicUrl)
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: headerText(message.title),
    priority: message.kind === 'test' ? 'default' : priorities[message.severity],
    tags: ntfyTags(message),
  }
  if (message.link !== null) headers.click = message.link
  if (target.token !== undefined) headers.authorization = `Bearer ${target.token}`
  const secrets = [url.pathname.slice(1), ...(target.token === undefined ? [] : [target.token])]
  return postToService({ subject: `ntfy at ${url.host}`, url, headers, body: cutBytes(message.body, maxBodyBytes), secrets }, context, (answer) => ({
    detail: cleanDetail(jsonBody(answer)?.error),
  }))
}

function ntfyTags(message: PushMessage): string {
  const resolved = message.kind === 'alert' && message.alerts[0]?.state === 'resolved'
  const first = message.kind === 'test' || resolved ? 'white_check_mark' : emoji[message.severity]
  return [first, ...message.tags].map((tag) => tag.replace(/[^A-Za-z0-9_.+-]/g, '')).filter((tag) => tag !== '').join(',')
}

/**
 * Header values must be ASCII on node:http (and many proxies); ntfy reads RFC 2047 encoded
 * words for anything else: https://docs.ntfy.sh/publish/#message-title ("encode any header … as RFC 2047").
 */
export function headerText(text: string): string {
  const line = text.replace(/[\r\n]+/g, ' ')
  return /^[\x20-\x7e]*$/.test(line) ? line : `=?UTF-8?B?${Buffer.from(line, 'utf8').toString('base64')}?=`
}

/** At most `max` UTF-8 bytes, cut on a character boundary. */
function cutBytes(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.byteLength <= max) return text
  return `${bytes.subarray(0, max - 3).toString('utf8').replace(/\uFFFD+$/, '')}…`
}
