import { z } from 'zod'
import { NetworkId } from './wallets.ts'

/*
 * Alerts as the UI and the shells see them. Core evaluates rules over the state it already
 * holds; an alert opens after its condition held for the rule's minimum duration, resolves by
 * itself once the condition has been clear long enough, and stays in the alert log.
 */

export const alertSeverities = ['info', 'warning', 'critical'] as const
export const AlertSeverity = z.enum(alertSeverities)
export type AlertSeverity = z.infer<typeof AlertSeverity>

/** A rule's id: 'rewards-stopped', 'plug-unreachable', or a network's own 'bittensor.uid-lost'. */
export const AlertRuleId = z.string().regex(/^[a-z][a-z0-9-]{1,40}(\.[a-z][a-z0-9-]{1,40})?$/, 'a rule id like "rewards-stopped"')
export type AlertRuleId = z.infer<typeof AlertRuleId>

/** The view that explains an alert: a click on its notification opens it. */
export const alertViews = ['dashboard', 'hardware', 'wallets', 'profit', 'nodes', 'fleet', 'alerts'] as const
export const AlertView = z.enum(alertViews)
export type AlertView = z.infer<typeof AlertView>

export const Alert = z.object({
  id: z.number().int(),
  rule: AlertRuleId,
  /** What it is about, stable across evaluations: a wallet id, a plug id, a sensor, a token symbol. */
  subject: z.string(),
  severity: AlertSeverity,
  /** One line: "Grass wallet “Rig 1” stopped earning". */
  title: z.string(),
  /** What happened, where, since when, the figure against its threshold, and what to do. */
  message: z.string(),
  network: NetworkId.nullable(),
  walletId: z.string().nullable(),
  /** A host, plug or device when the alert is about one. */
  host: z.string().nullable(),
  /** The figure that tripped the rule and the threshold it is judged against, in words. */
  figure: z.string(),
  threshold: z.string(),
  view: AlertView,
  /** An explorer or dashboard page that shows the evidence. */
  link: z.string().nullable(),
  state: z.enum(['open', 'resolved']),
  /** When the condition was first seen (not when the alert opened after its minimum duration). */
  since: z.number().int(),
  openedAt: z.number().int(),
  lastSeenAt: z.number().int(),
  resolvedAt: z.number().int().nullable(),
  /** The operator saw it: it stays open until its condition clears, but is no longer pushed. */
  ackedAt: z.number().int().nullable(),
  /** Not notified until then (a snooze of the alert, its network, or all). */
  snoozedUntil: z.number().int().nullable(),
})
export type Alert = z.infer<typeof Alert>

/** Open alerts counted, and the worst of them not snoozed: what the tray colour and the header badge show. */
export const AlertCounts = z.object({
  open: z.number().int(),
  snoozed: z.number().int(),
  worst: AlertSeverity.nullable(),
})
export type AlertCounts = z.infer<typeof AlertCounts>

export const AlertsSnapshot = z.object({
  /** Open alerts, worst first, then newest. */
  open: z.array(Alert),
  counts: AlertCounts,
  /** Quiet hours are on now: alerts open and show, nothing is pushed or notified. */
  quiet: z.boolean(),
  /** Alerts opened since the last snapshot that are due a notification now (not snoozed, acknowledged or quiet). */
  fresh: z.array(Alert),
  at: z.number().int(),
})
export type AlertsSnapshot = z.infer<typeof AlertsSnapshot>

export const AlertsQuery = z.strictObject({
  state: z.enum(['open', 'resolved', 'all']).default('all'),
  network: NetworkId.optional(),
  rule: AlertRuleId.optional(),
  fromMs: z.number().int().min(0).max(8.64e15).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
})

const snoozeMinutes = z.number().int().min(1).max(10_080)
export const SnoozeRequest = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('alert'), id: z.number().int(), minutes: snoozeMinutes }),
  z.strictObject({ scope: z.literal('network'), network: NetworkId, minutes: snoozeMinutes }),
  z.strictObject({ scope: z.literal('all'), minutes: snoozeMinutes }),
])
export type SnoozeRequest = z.infer<typeof SnoozeRequest>

/** One threshold of a rule, with its bounds; the rule's `current` says how close things are. */
export const RuleThreshold = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  value: z.number(),
  default: z.number(),
  min: z.number(),
  max: z.number(),
})
export type RuleThreshold = z.infer<typeof RuleThreshold>

export const AlertRuleInfo = z.object({
  id: AlertRuleId,
  name: z.string(),
  /** One line: what it watches and why. */
  explanation: z.string(),
  severity: AlertSeverity,
  /** A network's own rule names its network. */
  network: NetworkId.nullable(),
  enabled: z.boolean(),
  thresholds: z.array(RuleThreshold),
  /** The figure the rule watches now, in words ("GPU 0 at 71 °C, limit 85 °C"), or null when there is nothing to judge. */
  current: z.string().nullable(),
})
export type AlertRuleInfo = z.infer<typeof AlertRuleInfo>

/** Quiet hours, local time: from `fromHour` up to `toHour` (wrapping past midnight when from > to). */
export const QuietHours = z.strictObject({
  fromHour: z.number().int().min(0).max(23),
  toHour: z.number().int().min(0).max(23),
})
export type QuietHours = z.infer<typeof QuietHours>

export const RuleSetting = z.strictObject({
  enabled: z.boolean().optional(),
  thresholds: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/), z.number()).optional(),
})
export type RuleSetting = z.infer<typeof RuleSetting>

/*
 * Push channels: core sends alerts out itself, so the headless agent pushes with no desktop
 * attached. What a channel needs to reach its service (a topic URL, a bot token, a webhook URL)
 * is a secret (`channel:<id>`); settings keep only its kind, label and host.
 */

export const pushChannelKinds = ['ntfy', 'telegram', 'discord', 'webhook'] as const
export const PushChannelKind = z.enum(pushChannelKinds)
export type PushChannelKind = z.infer<typeof PushChannelKind>

export const PushChannelSetting = z.strictObject({
  id: z.string().regex(/^channel-[a-z0-9]{8}$/),
  kind: PushChannelKind,
  label: z.string().trim().min(1).max(60),
  /** The host it sends to, for display; the full address is a secret. */
  host: z.string().max(255),
  /** Alerts below this severity are not pushed on this channel. */
  minSeverity: AlertSeverity.default('warning'),
})
export type PushChannelSetting = z.output<typeof PushChannelSetting>

/** What a channel needs, by kind: ntfy's topic URL (and access token), Telegram's bot token and chat, a webhook URL. */
export const PushChannelTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ntfy'), topicUrl: z.string().max(2048), token: z.string().max(200).optional() }),
  z.strictObject({ kind: z.literal('telegram'), botToken: z.string().max(200), chatId: z.string().max(64) }),
  z.strictObject({ kind: z.literal('discord'), webhookUrl: z.string().max(2048) }),
  z.strictObject({ kind: z.literal('webhook'), url: z.string().max(2048) }),
])
export type PushChannelTarget = z.infer<typeof PushChannelTarget>

export const NewPushChannel = z.strictObject({
  label: z.string().trim().min(1, 'give the channel a name').max(60),
  minSeverity: AlertSeverity.default('warning'),
  target: PushChannelTarget,
})
export type NewPushChannel = z.output<typeof NewPushChannel>

export const PushChannelStatus = z.object({
  channel: PushChannelSetting,
  lastSentAt: z.number().int().nullable(),
  /** The last failure since the last success, in words: a failing channel is itself shown. */
  lastError: z.string().nullable(),
})
export type PushChannelStatus = z.infer<typeof PushChannelStatus>

/** A test message on a channel being set up (its target) or on an existing one (its id). */
export const ChannelTest = z.union([z.strictObject({ id: z.string().max(40) }), z.strictObject({ target: PushChannelTarget })])
export type ChannelTest = z.infer<typeof ChannelTest>

export const ChannelTestResult = z.object({ ok: z.boolean(), message: z.string() })
export type ChannelTestResult = z.infer<typeof ChannelTestResult>

export const AlertsSettings = z.strictObject({
  /** Per rule: enabled or not, and thresholds other than the defaults. A rule not listed runs with its defaults. */
  rules: z.record(AlertRuleId, RuleSetting).default({}),
  quietHours: QuietHours.nullable().default(null),
  /** How long resolved alerts are kept in the log. */
  retentionDays: z.number().int().min(1).max(3650).default(90),
  /** Standing snoozes of a network or of all alerts, until an epoch ms. */
  snoozes: z
    .array(z.strictObject({ scope: z.enum(['network', 'all']), network: NetworkId.nullable(), until: z.number().int() }))
    .max(100)
    .default([]),
  /** Where alerts are pushed; their addresses and tokens are secrets. */
  channels: z.array(PushChannelSetting).max(20).default([]),
})
export type AlertsSettings = z.output<typeof AlertsSettings>

/** `alerts.rules`: without input it answers the rules; with one it saves the changes first. */
export const RulesChange = z.strictObject({
  rules: z.record(AlertRuleId, RuleSetting).optional(),
  /** null turns quiet hours off. */
  quietHours: QuietHours.nullable().optional(),
})
export type RulesChange = z.infer<typeof RulesChange>
