import { cleanDetail, postToService, type PushMessage, type SendContext, type SendOutcome } from './channel.ts'

/*
 * A generic JSON webhook that a Slack incoming webhook also takes: `text` is the message
 * (https://api.slack.com/messaging/webhooks), with `&`, `<` and `>` escaped as Slack's formatting
 * asks (https://api.slack.com/reference/surfaces/formatting#escaping) and the link in Slack's
 * `<url|label>` form; our own fields ride beside it for anything else that reads them. Slack answers
 * 200 `ok`, or a status with a plain-text reason: 400 invalid_payload, 403 action_prohibited,
 * 404 channel_not_found, 410 channel_is_archived, 500 rollup_error
 * (https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks), and 429
 * with Retry-After past its one message per second (https://api.slack.com/apis/rate-limits).
 */

export type WebhookTarget = { kind: 'webhook'; url: string }

export async function sendWebhook(target: WebhookTarget, message: PushMessage, context: SendContext): Promise<SendOutcome> {
  const url = new URL(target.url)
  const lines = [`*${slackEscape(message.title)}*`, slackEscape(message.body), ...(message.link === null ? [] : [`<${message.link}|Evidence>`])]
  const body = JSON.stringify({
    text: lines.join('\n'),
    source: 'depin-desk',
    event: message.kind,
    severity: message.severity,
    title: message.title,
    message: message.body,
    link: message.link,
    alerts: message.alerts,
  })
  // The whole path (Slack's T…/B…/secret) and the query are the secret part of a webhook URL.
  const secrets = [url.pathname + url.search, ...url.pathname.split('/').filter((part) => part.length >= 16)]
  return postToService({ subject: `the webhook at ${url.host}`, url, headers: { 'content-type': 'application/json' }, body, secrets }, context, (answer) => ({
    // Slack's reasons are plain text (`invalid_payload`); other services' bodies may be JSON or HTML: only a short token is kept.
    detail: answer.text !== null && /^[a-z_]{2,60}$/.test(answer.text.trim()) ? cleanDetail(answer.text.trim()) : null,
  }))
}

export function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}
