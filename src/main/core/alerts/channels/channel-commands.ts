import { randomBytes } from 'node:crypto'
import type { NewPushChannel, PushChannelSetting, PushChannelTarget } from '../../../../shared/contract/alerts.ts'
import type { Settings } from '../../../../shared/contract/settings.ts'
import { DeskError } from '../../errors.ts'
import type { SecretStore } from '../../store/secret-store.ts'

/*
 * Adding and removing push channels as settings transformations, like the plug and wallet
 * commands: what reaches a service (topic URL, bot token, webhook URL) is stored as the secret
 * `channel:<id>`, a JSON PushChannelTarget; settings keep the kind, label and host only. Every
 * check comes before the secret is stored, so a refused channel leaves nothing behind.
 */

/** AlertsSettings.channels holds at most this many (its schema's `.max(20)`). */
export const maxChannels = 20

export const channelSecretName = (id: string): string => `channel:${id}`

/** A bot token as @BotFather hands it out, "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw": https://core.telegram.org/bots/api#authorizing-your-bot */
const telegramToken = /^\d{3,20}:[A-Za-z0-9_-]{30,100}$/
/** A numeric chat id (groups and channels are negative) or a public channel's @username: https://core.telegram.org/bots/api#sendmessage */
const telegramChat = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/
/** ntfy topics: "letters, numbers, underscores and dashes … up to 64 characters": https://docs.ntfy.sh/publish/#picking-a-topic */
const ntfyTopic = /^[-_A-Za-z0-9]{1,64}$/
/** https://discord.com/api/webhooks/{webhook.id}/{webhook.token} (optionally /api/v10/…): https://discord.com/developers/docs/resources/webhook#execute-webhook */
const discordPath = /^\/api(\/v\d{1,2})?\/webhooks\/\d{5,25}\/[A-Za-z0-9_-]{20,200}\/?$/
/** An access token goes into a header: printable ASCII, no spaces. */
const headerToken = /^[\x21-\x7e]{1,200}$/

/** The target checked and normalised, with the host settings may show. Throws invalid-input naming the field. */
export function checkTarget(target: PushChannelTarget): { target: PushChannelTarget; host: string } {
  switch (target.kind) {
    case 'ntfy': {
      const url = serviceUrl(target.topicUrl, 'topicUrl', 'https://ntfy.sh/your-topic')
      const topic = url.pathname.split('/').filter((part) => part !== '').at(-1) ?? ''
      if (!ntfyTopic.test(topic)) throw invalid('topicUrl', 'end the URL with the topic: letters, digits, - and _, up to 64 (https://ntfy.sh/your-topic)')
      const token = target.token?.trim() ?? ''
      if (token !== '' && !headerToken.test(token)) throw invalid('token', 'an access token is one word of printable characters, like tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2')
      return { target: { kind: 'ntfy', topicUrl: url.toString(), ...(token === '' ? {} : { token }) }, host: url.host }
    }
    case 'telegram': {
      const botToken = target.botToken.trim()
      const chatId = target.chatId.trim()
      if (!telegramToken.test(botToken)) throw invalid('botToken', 'a bot token looks like 110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw; @BotFather gives it')
      if (!telegramChat.test(chatId)) throw invalid('chatId', 'a chat id is a number (negative for groups) or a public channel’s @username')
      return { target: { kind: 'telegram', botToken, chatId }, host: 'api.telegram.org' }
    }
    case 'discord': {
      const url = serviceUrl(target.webhookUrl, 'webhookUrl', 'https://discord.com/api/webhooks/…')
      if (!discordPath.test(url.pathname)) throw invalid('webhookUrl', 'a Discord webhook URL looks like https://discord.com/api/webhooks/123456789012345678/…; copy it from the channel’s Integrations')
      return { target: { kind: 'discord', webhookUrl: url.toString() }, host: url.host }
    }
    case 'webhook': {
      const url = serviceUrl(target.url, 'url', 'https://hooks.slack.com/services/…')
      return { target: { kind: 'webhook', url: url.toString() }, host: url.host }
    }
  }
}

/**
 * An http(s) URL; plain http only to this machine, since the URL itself is the secret (a topic,
 * a webhook token) and would otherwise cross the network in the clear.
 */
function serviceUrl(input: string, field: string, example: string): URL {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw invalid(field, `not a URL; it looks like ${example}`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(field, `use an https:// URL, not ${url.protocol.replace(':', '')}`)
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) throw invalid(field, 'use https:// for a service on another machine: over http:// its address and token travel in the clear')
  if (url.hash !== '') throw invalid(field, 'remove the #… part of the URL')
  return url
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}

function invalid(field: string, message: string): DeskError {
  return new DeskError('invalid-input', `${field}: ${message}`, { field })
}

/** The settings with one more channel; its target goes to the secret store. */
export async function addChannel(settings: Settings, input: NewPushChannel, secrets: SecretStore): Promise<{ settings: Settings; channel: PushChannelSetting }> {
  if (settings.alerts.channels.length >= maxChannels) {
    throw new DeskError('invalid-input', `channels: DePIN Desk pushes to at most ${maxChannels} channels; remove one before adding another`, { field: 'channels' })
  }
  const { target, host } = checkTarget(input.target)
  const channel: PushChannelSetting = { id: `channel-${randomBytes(4).toString('hex')}`, kind: target.kind, label: input.label.trim(), host, minSeverity: input.minSeverity }
  await secrets.set(channelSecretName(channel.id), JSON.stringify(target))
  return { settings: { ...settings, alerts: { ...settings.alerts, channels: [...settings.alerts.channels, channel] } }, channel }
}

/** The settings without a channel; the caller forgets its secret once they are saved. */
export function withoutChannel(settings: Settings, id: string): Settings {
  if (!settings.alerts.channels.some((channel) => channel.id === id)) throw new DeskError('not-found', `No push channel with id "${id}".`)
  return { ...settings, alerts: { ...settings.alerts, channels: settings.alerts.channels.filter((channel) => channel.id !== id) } }
}
