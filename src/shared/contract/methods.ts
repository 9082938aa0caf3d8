import { z } from 'zod'
import {
  Alert,
  AlertRuleInfo,
  AlertsQuery,
  AlertsSnapshot,
  ChannelTest,
  ChannelTestResult,
  NewPushChannel,
  PushChannelStatus,
  RulesChange,
  SnoozeRequest,
} from './alerts.ts'
import { AppInfo, MonitoringState, SettingsState } from './app.ts'
import { FleetSnapshot, NewFleetRig } from './fleet.ts'
import { HardwareSample } from './hardware.ts'
import { EnergyAnswer, EnergyQuery, HistoryAnswer, HistoryQuery } from './history.ts'
import { BackfillRequest, BackfillStatus } from './backfill.ts'
import { NewNode, NodeConfirm, NodesSnapshot } from './nodes.ts'
import { NewPlug, PlugDraft, PlugKindInfo, PlugTestResult } from './plugs.ts'
import { NetworkCosts, ProfitSnapshot, TariffPeriod, WhatIf } from './profit.ts'
import { SettingsPatch } from './settings.ts'
import {
  DecimalString,
  EndpointInfo,
  EndpointKey,
  ManualReward,
  NetworkId,
  NetworkInfo,
  NewWallet,
  RewardEntry,
  RewardsCsvFormat,
  RewardsQuery,
  WalletCheck,
  WalletDraft,
  WalletsSnapshot,
} from './wallets.ts'

const NoInput = z.strictObject({})

/**
 * Every method the UI may call: name, input schema, output schema, one line of purpose.
 * Main validates each incoming payload against `input` before core sees it.
 */
export const methods = {
  'app.info': {
    summary: 'Name, version and shell of the running app.',
    input: NoInput,
    output: AppInfo,
  },
  'hardware.latest': {
    summary: 'The newest hardware sample, or null before the first one.',
    input: NoInput,
    output: HardwareSample.nullable(),
  },
  'monitoring.get': {
    summary: 'Whether sampling runs, and how often.',
    input: NoInput,
    output: MonitoringState,
  },
  'monitoring.setPaused': {
    summary: 'Pause or resume sampling; answers the new state.',
    input: z.strictObject({ paused: z.boolean() }),
    output: MonitoringState,
  },
  'history.query': {
    summary: 'One stored series over a time range, in at most maxPoints buckets of min/avg/max.',
    input: HistoryQuery,
    output: HistoryAnswer,
  },
  'energy.summary': {
    summary: 'kWh used over a time range, per hour, with the gaps where nothing was measured.',
    input: EnergyQuery,
    output: EnergyAnswer,
  },
  'power.plugKinds': {
    summary: 'The smart-plug protocols core speaks, with what each needs (outlet or entity, token).',
    input: NoInput,
    output: z.array(PlugKindInfo),
  },
  'power.testPlug': {
    summary: 'Look at a smart plug once: what it is and what it draws now. Saves nothing.',
    input: PlugDraft,
    output: PlugTestResult,
  },
  'power.addPlug': {
    summary: 'Save a smart plug and start polling it; its token or password goes to the secret store.',
    input: NewPlug,
    output: SettingsState,
  },
  'power.removePlug': {
    summary: 'Stop polling a smart plug and forget it and its secret.',
    input: z.strictObject({ id: z.string() }),
    output: SettingsState,
  },
  'settings.get': {
    summary: 'The saved settings, and what went wrong loading them, if anything.',
    input: NoInput,
    output: SettingsState,
  },
  'settings.update': {
    summary: 'Change some settings; they are validated, applied and saved; answers the new state.',
    input: SettingsPatch,
    output: SettingsState,
  },
  'networks.list': {
    summary: 'Every network core knows: tokens, chain, address rules in words, how and how often it pays.',
    input: NoInput,
    output: z.array(NetworkInfo),
  },
  'wallets.check': {
    summary: 'Check an address for a network offline; refuses seed phrases and private keys. Saves nothing.',
    input: WalletDraft,
    output: WalletCheck,
  },
  'wallets.add': {
    summary: 'Watch an address (checked as wallets.check does) and read its balances.',
    input: NewWallet,
    output: SettingsState,
  },
  'wallets.rename': {
    summary: 'Give a watched wallet another name.',
    input: z.strictObject({ id: z.string(), label: z.string().trim().min(1, 'give the wallet a name').max(60) }),
    output: SettingsState,
  },
  'wallets.remove': {
    summary: 'Stop watching a wallet. Its rewards stay in the ledger.',
    input: z.strictObject({ id: z.string() }),
    output: SettingsState,
  },
  'wallets.snapshot': {
    summary: 'Every watched wallet with its balances, fiat values, freshness and source, and the prices used.',
    input: NoInput,
    output: WalletsSnapshot,
  },
  'wallets.refresh': {
    summary: 'Read every wallet and price now; answers when done.',
    input: NoInput,
    output: WalletsSnapshot,
  },
  'prices.setOverride': {
    summary: 'Set (or, with null, clear) the operator\'s own price for a token, in the settings currency.',
    input: z.strictObject({ token: z.string().regex(/^[A-Z0-9]{1,16}$/), price: DecimalString.nullable() }),
    output: SettingsState,
  },
  'rewards.list': {
    summary: 'Reward events from the ledger, newest first.',
    input: RewardsQuery,
    output: z.array(RewardEntry),
  },
  'rewards.reclassify': {
    summary: 'Mark a balance increase as a reward or as the operator\'s own transfer.',
    input: z.strictObject({ id: z.number().int(), classification: z.enum(['reward', 'transfer']) }),
    output: RewardEntry,
  },
  'rewards.addManual': {
    summary: 'Record a reward the chain cannot show (an off-chain payout), valued at today\'s price.',
    input: ManualReward,
    output: RewardEntry,
  },
  'endpoints.list': {
    summary: 'The endpoints core reads chains from: public defaults, and the host of the operator\'s own URL.',
    input: NoInput,
    output: z.array(EndpointInfo),
  },
  'endpoints.set': {
    summary: 'Use the operator\'s own RPC URL for an endpoint (kept as a secret), or with null go back to the defaults.',
    input: z.strictObject({ key: EndpointKey, url: z.string().max(2048).nullable() }),
    output: z.array(EndpointInfo),
  },
  'profit.summary': {
    summary: 'Per network and in total, for today, 7 d, 30 d and all time: revenue, electricity, amortization, other costs, net; break-even and payback.',
    input: NoInput,
    output: ProfitSnapshot,
  },
  'profit.whatIf': {
    summary: 'The same summary at another electricity price or token prices, computed by core; saves nothing.',
    input: WhatIf,
    output: ProfitSnapshot,
  },
  'profit.setTariff': {
    summary: 'The electricity tariff: time-of-use periods (a flat rate is one period of every hour), and the zone their hours are in.',
    input: z.strictObject({ tariff: z.array(TariffPeriod).max(24), timeZone: z.string().max(64).nullable().default(null) }),
    output: SettingsState,
  },
  'profit.setCosts': {
    summary: "One network's hardware cost, purchase date, lifetime, monthly costs, and whether the hardware was already owned.",
    input: z.strictObject({ network: NetworkId, costs: NetworkCosts }),
    output: SettingsState,
  },
  'profit.setAttribution': {
    summary: "Which network each power device serves, how the rest of the machine's watts are shared, the idle baseline, and whether confirmed nodes' measured watts replace them.",
    input: z.strictObject({
      devices: z.record(z.string().max(200), NetworkId),
      shares: z.record(NetworkId, z.number().min(0).max(1000)),
      idleBaselineWatts: z.number().min(0).max(100_000).nullable(),
      /** Absent: the mode stays as it is. */
      mode: z.enum(['manual', 'nodes']).optional(),
    }),
    output: SettingsState,
  },
  'rewards.exportCsv': {
    summary: "The earnings ledger as CSV for a tax tool: Koinly's Universal layout (the default) or CoinTracker's CSV; rewards only, tagged as income.",
    input: z.strictObject({
      fromMs: z.number().int().min(0).default(0),
      toMs: z.number().int().optional(),
      format: RewardsCsvFormat.default('koinly'),
    }),
    output: z.object({ filename: z.string(), csv: z.string() }),
  },
  'settings.exportBackup': {
    summary: 'Every setting as JSON to keep or move to another machine; secrets (RPC keys, tokens) are left out.',
    input: NoInput,
    output: z.object({ filename: z.string(), json: z.string() }),
  },
  'settings.importBackup': {
    summary: 'Restore settings from a backup, validated and migrated first; a bad file changes nothing.',
    input: z.strictObject({ json: z.string().max(5_000_000) }),
    /** `notes`: what the operator must redo here, e.g. re-enter a plug's token that stayed in the other machine's secret store. */
    output: SettingsState.extend({ notes: z.array(z.string()) }),
  },
  'alerts.snapshot': {
    summary: 'The open alerts, worst first, and their counts: what the badge and the tray show.',
    input: NoInput,
    output: AlertsSnapshot,
  },
  'alerts.list': {
    summary: 'The alert log, newest first: open, resolved or all, by network or rule.',
    input: AlertsQuery,
    output: z.array(Alert),
  },
  'alerts.ack': {
    summary: 'Acknowledge an open alert: it stays open until its condition clears, but is no longer pushed.',
    input: z.strictObject({ id: z.number().int() }),
    output: Alert,
  },
  'alerts.snooze': {
    summary: 'Hold back notifications of one alert, of a network, or of all, for some minutes.',
    input: SnoozeRequest,
    output: AlertsSnapshot,
  },
  'alerts.rules': {
    summary: 'Every rule with its thresholds and the current value beside them; with input, saves the changes first.',
    input: RulesChange,
    output: z.array(AlertRuleInfo),
  },
  'alerts.channels': {
    summary: 'The push channels, with when each last sent and its last error.',
    input: NoInput,
    output: z.array(PushChannelStatus),
  },
  'alerts.addChannel': {
    summary: 'Add a push channel (ntfy, Telegram, Discord, webhook); its address and token go to the secret store.',
    input: NewPushChannel,
    output: z.array(PushChannelStatus),
  },
  'alerts.removeChannel': {
    summary: 'Remove a push channel and forget its secret.',
    input: z.strictObject({ id: z.string().max(40) }),
    output: z.array(PushChannelStatus),
  },
  'alerts.testChannel': {
    summary: 'Send a test message on a channel being set up, or on an existing one.',
    input: ChannelTest,
    output: ChannelTestResult,
  },
  'history.backfill': {
    summary: "Read a wallet's past rewards from the chain, up to its first read: start (or resume, or go deeper), pause, or the status of one wallet or all.",
    input: BackfillRequest,
    output: z.array(BackfillStatus),
  },
  'nodes.list': {
    summary: 'The DePIN nodes on this machine: confirmed, added by hand, and found waiting to be confirmed; state, resources, watts and posture.',
    input: NoInput,
    output: NodesSnapshot,
  },
  'nodes.confirm': {
    summary: 'Confirm (and name) a node a scan found, or say it is not yours so it is never offered again.',
    input: NodeConfirm,
    output: NodesSnapshot,
  },
  'nodes.add': {
    summary: 'Add a node by hand: a process pattern, a container name, a systemd unit or a local health URL.',
    input: NewNode,
    output: NodesSnapshot,
  },
  'nodes.remove': {
    summary: 'Stop watching a node; a discovered one may be offered again by the next scan.',
    input: z.strictObject({ id: z.string().max(200) }),
    output: NodesSnapshot,
  },
  'nodes.trustBinary': {
    summary: "Accept a node's changed binary as a version you installed: its new sha256 becomes the trusted one.",
    input: z.strictObject({ id: z.string().max(200) }),
    output: NodesSnapshot,
  },
  'fleet.list': {
    summary: 'The other DePIN Desk agents watched from here: each rig\'s status, watts, nodes, net per network and open alerts, and the totals across rigs with what they leave out.',
    input: NoInput,
    output: FleetSnapshot,
  },
  'fleet.add': {
    summary: 'Watch another agent by its address and token: checks it answers /healthz as a DePIN Desk agent and accepts the token, else saves nothing; the token goes to the secret store.',
    input: NewFleetRig,
    output: FleetSnapshot,
  },
  'fleet.remove': {
    summary: 'Stop watching a rig and forget its token.',
    input: z.strictObject({ id: z.string().max(40) }),
    output: FleetSnapshot,
  },
} as const

export type Methods = typeof methods
export type MethodName = keyof Methods
/** What a caller sends (defaults may be left out). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>
/** What a handler receives: the input after validation, defaults filled in. */
export type MethodParams<M extends MethodName> = z.output<Methods[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>
