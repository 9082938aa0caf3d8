/*
 * Push channels: what the alerts capability uses. Services are one file each (ntfy.ts,
 * telegram.ts, discord.ts, webhook.ts); push-delivery.ts queues, rate-limits and retries.
 */

export { createPushDelivery, type PushDelivery, type PushDeliveryOptions } from './push-delivery.ts'
export { defaultLimits, type ChannelLimits, type Schedule } from './channel-queue.ts'
export { channelSecretName, maxChannels } from './channel-commands.ts'
export { alertMessage, summaryMessage } from './message.ts'
export type { HttpSend } from './channel.ts'
