import { PushChannelTarget, type Alert, type ChannelTest, type ChannelTestResult, type NewPushChannel, type PushChannelStatus } from '../../../../shared/contract/alerts.ts'
import type { Settings } from '../../../../shared/contract/settings.ts'
import { DeskError } from '../../errors.ts'
import type { Logger } from '../../log.ts'
import type { SecretStore } from '../../store/secret-store.ts'
import { defaultHttp, type HttpSend, type PushMessage, type SendContext, type SendOutcome } from './channel.ts'
import { addChannel, channelSecretName, checkTarget, withoutChannel } from './channel-commands.ts'
import { ChannelQueue, defaultLimits, realSchedule, type ChannelLimits, type Schedule } from './channel-queue.ts'
import { sendDiscord } from './discord.ts'
import { severityRank, testMessage } from './message.ts'
import { sendNtfy } from './ntfy.ts'
import { sendTelegram, telegramApi } from './telegram.ts'
import { sendWebhook } from './webhook.ts'

/*
 * Push delivery, run by core so the headless agent pushes with no desktop attached. The engine
 * hands it fresh alerts (`deliver`, fire and forget); each channel has its own queue with a rate
 * limit and retries (channel-queue.ts), and its last error is shown through `channels()`. Nothing
 * here throws into the engine. The channel commands (add, remove, test) live here too, since a
 * channel's queue and status go with it.
 */

export type PushDeliveryOptions = {
  secrets: SecretStore
  settings: () => Settings
  saveSettings: (next: Settings) => unknown
  log: Logger
  now?: () => number
  http?: HttpSend
  schedule?: Schedule
  limits?: Partial<ChannelLimits>
  /** Each push waits this long for an answer. */
  timeoutMs?: number
  /** Telegram's Bot API base, replaced in tests by a loopback stand-in. */
  telegramApi?: string
}

export type PushDelivery = {
  deliver(alerts: readonly Alert[]): void
  channels(): PushChannelStatus[]
  addChannel(input: NewPushChannel): Promise<PushChannelStatus[]>
  removeChannel(id: string): Promise<PushChannelStatus[]>
  testChannel(input: ChannelTest): Promise<ChannelTestResult>
  dispose(): void
}

export function createPushDelivery(options: PushDeliveryOptions): PushDelivery {
  const { secrets, settings, log } = options
  const now = options.now ?? Date.now
  const limits: ChannelLimits = { ...defaultLimits, ...options.limits }
  const queues = new Map<string, ChannelQueue>()
  let disposed = false

  const context = (signal?: AbortSignal): SendContext => ({ http: options.http ?? defaultHttp, timeoutMs: options.timeoutMs ?? 10_000, now: now(), ...(signal ? { signal } : {}) })

  const sendTo = (target: PushChannelTarget, message: PushMessage, signal?: AbortSignal): Promise<SendOutcome> => {
    switch (target.kind) {
      case 'ntfy':
        return sendNtfy(target, message, context(signal))
      case 'telegram':
        return sendTelegram(target, message, context(signal), options.telegramApi ?? telegramApi)
      case 'discord':
        return sendDiscord(target, message, context(signal))
      case 'webhook':
        return sendWebhook(target, message, context(signal))
    }
  }

  /** The channel's target from the secret store, or null when it is missing or unreadable. */
  const readTarget = async (id: string): Promise<PushChannelTarget | null> => {
    const stored = await secrets.get(channelSecretName(id))
    if (stored === undefined) return null
    try {
      const parsed = PushChannelTarget.safeParse(JSON.parse(stored))
      return parsed.success ? parsed.data : null
    } catch {
      return null
    }
  }
  const missingSecret = 'its address is missing from the secret store; remove the channel and add it again'

  const queueFor = (id: string): ChannelQueue => {
    let queue = queues.get(id)
    if (queue) return queue
    const setting = settings().alerts.channels.find((channel) => channel.id === id)
    queue = new ChannelQueue({
      now,
      schedule: options.schedule ?? realSchedule,
      limits,
      log,
      name: `${setting?.kind ?? 'push'} channel “${setting?.label ?? id}”`,
      send: async (message, signal) => {
        const target = await readTarget(id)
        return target === null ? { ok: false, problem: missingSecret, retry: false } : sendTo(target, message, signal)
      },
    })
    queues.set(id, queue)
    return queue
  }

  const dropQueue = (id: string): void => {
    queues.get(id)?.dispose()
    queues.delete(id)
  }

  const channels = (): PushChannelStatus[] =>
    settings().alerts.channels.map((channel) => {
      const queue = queues.get(channel.id)
      return { channel, lastSentAt: queue?.lastSentAt ?? null, lastError: queue?.lastError ?? null }
    })

  return {
    deliver(alerts) {
      if (disposed || alerts.length === 0) return
      try {
        const configured = settings().alerts.channels
        for (const [id] of queues) if (!configured.some((channel) => channel.id === id)) dropQueue(id)
        for (const channel of configured) {
          const due = alerts.filter((alert) => severityRank[alert.severity] >= severityRank[channel.minSeverity])
          if (due.length > 0) queueFor(channel.id).push(due)
        }
      } catch (error) {
        log.error('alerts: push delivery failed', error)
      }
    },

    channels,

    async addChannel(input) {
      const { settings: next, channel } = await addChannel(settings(), input, secrets)
      try {
        await options.saveSettings(next)
      } catch (error) {
        await secrets.delete(channelSecretName(channel.id)).catch(() => undefined)
        throw error
      }
      log.info(`alerts: added ${channel.kind} channel “${channel.label}” (${channel.host})`)
      return channels()
    },

    async removeChannel(id) {
      await options.saveSettings(withoutChannel(settings(), id))
      await secrets.delete(channelSecretName(id))
      dropQueue(id)
      return channels()
    },

    async testChannel(input) {
      if ('target' in input) {
        const { target, host } = checkTarget(input.target)
        return testResult(await sendTo(target, testMessage(null)), host)
      }
      const channel = settings().alerts.channels.find((candidate) => candidate.id === input.id)
      if (!channel) throw new DeskError('not-found', `No push channel with id "${input.id}".`)
      const target = await readTarget(channel.id)
      const outcome: SendOutcome = target === null ? { ok: false, problem: missingSecret, retry: false } : await sendTo(target, testMessage(channel.label))
      queueFor(channel.id).recordTest(outcome)
      return testResult(outcome, channel.host)
    },

    dispose() {
      disposed = true
      for (const id of [...queues.keys()]) dropQueue(id)
    },
  }
}

function testResult(outcome: SendOutcome, host: string): ChannelTestResult {
  return outcome.ok ? { ok: true, message: `Sent a test message through ${host}; check that it arrived.` } : { ok: false, message: outcome.problem }
}
