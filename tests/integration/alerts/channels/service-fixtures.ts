import type { ApiAnswer } from '../../../support/loopback-api.ts'

/*
 * What each push service answers, for the loopback stand-ins. "documented" = verbatim from the
 * page cited; "shape" = the documented structure with made-up values.
 */

export const ntfy = {
  /** shape: the published message as JSON: https://docs.ntfy.sh/subscribe/api/#json-message-format ({"id","time","event":"message","topic","message"}). */
  published: (topic: string, message: string): ApiAnswer => ({ json: { id: 'hwQ2YpKdmg', time: 1635528741, expires: 1635571941, event: 'message', topic, message } }),
  /** documented: errHTTPUnauthorized in ntfy's server/errors.go, linked from https://docs.ntfy.sh/publish/#authentication. */
  unauthorized: { status: 401, json: { code: 40101, http: 401, error: 'unauthorized', link: 'https://ntfy.sh/docs/publish/#authentication' } } satisfies ApiAnswer,
  /** documented: errHTTPTooManyRequestsLimitRequests (server/errors.go): no Retry-After; https://docs.ntfy.sh/publish/#limitations (refills one request per 5 s). */
  tooManyRequests: { status: 429, json: { code: 42901, http: 429, error: 'limit reached: too many requests', link: 'https://ntfy.sh/docs/publish/#limitations' } } satisfies ApiAnswer,
  /** documented: errHTTPInternalError (server/errors.go). */
  internalError: { status: 500, json: { code: 50001, http: 500, error: 'internal server error' } } satisfies ApiAnswer,
}

export const telegram = {
  /** shape: `{ ok: true, result: Message }`: https://core.telegram.org/bots/api#making-requests, #sendmessage ("On success, the sent Message is returned"). */
  sent: (chatId: string, text: string): ApiAnswer => ({ json: { ok: true, result: { message_id: 4242, date: 1735689600, chat: { id: Number(chatId), type: 'private' }, text } } }),
  /** shape: `{ ok: false, error_code, description }`: https://core.telegram.org/bots/api#making-requests (a revoked or wrong token). */
  unauthorized: { status: 401, json: { ok: false, error_code: 401, description: 'Unauthorized' } } satisfies ApiAnswer,
  /** shape: https://core.telegram.org/bots/api#making-requests; a chat the bot cannot reach. */
  chatNotFound: { status: 400, json: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } } satisfies ApiAnswer,
  /** shape: flood control, `parameters.retry_after` in seconds: https://core.telegram.org/bots/api#responseparameters */
  floodControl: (seconds: number): ApiAnswer => ({
    status: 429,
    json: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } },
  }),
}

export const discord = {
  /** documented: without ?wait=true, "204 No Content": https://discord.com/developers/docs/resources/webhook#execute-webhook */
  noContent: { status: 204, raw: '' } satisfies ApiAnswer,
  /** documented: the "Example Exceeded User Rate Limit Response": https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit */
  rateLimited: {
    status: 429,
    headers: { 'retry-after': '65', 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '64.57', 'x-ratelimit-bucket': 'abcd1234', 'x-ratelimit-scope': 'user' },
    json: { message: 'You are being rate limited.', retry_after: 64.57, global: false },
  } satisfies ApiAnswer,
  /** shape: `{ message, code }` with JSON error code 10015 "Unknown webhook": https://discord.com/developers/docs/topics/opcodes-and-status-codes#json */
  unknownWebhook: { status: 404, json: { message: 'Unknown Webhook', code: 10015 } } satisfies ApiAnswer,
  /** shape: JSON error code 50027 "Invalid Webhook Token": https://discord.com/developers/docs/topics/opcodes-and-status-codes#json */
  invalidToken: { status: 401, json: { message: 'Invalid Webhook Token', code: 50027 } } satisfies ApiAnswer,
}

export const slack = {
  /** documented: "ok" on success: https://api.slack.com/messaging/webhooks */
  ok: { status: 200, headers: { 'content-type': 'text/html' }, raw: 'ok' } satisfies ApiAnswer,
  /** documented: https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks ("HTTP 403 … action_prohibited"). */
  actionProhibited: { status: 403, headers: { 'content-type': 'text/html' }, raw: 'action_prohibited' } satisfies ApiAnswer,
  /** documented: the same page, "HTTP 410 Gone … channel_is_archived". */
  channelArchived: { status: 410, headers: { 'content-type': 'text/html' }, raw: 'channel_is_archived' } satisfies ApiAnswer,
  /** documented: the same page, "HTTP 500 Server Error … rollup_error". */
  rollupError: { status: 500, headers: { 'content-type': 'text/html' }, raw: 'rollup_error' } satisfies ApiAnswer,
}
