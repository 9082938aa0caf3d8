import { z } from 'zod'
import { NodeState } from './nodes.ts'
import { SignedDecimal } from './profit.ts'
import { Currency, NetworkId } from './wallets.ts'

/*
 * The fleet (issue 13): other DePIN Desk agents this app watches, each spoken to through the same
 * contract over its /ws. Settings keep a rig's name and address; its bearer token is a secret
 * (`fleet:<id>:token`), never in settings, logs or backups.
 */

export const fleetLimits = { rigs: 64 } as const

export const FleetRigId = z.string().regex(/^rig-[0-9a-f]{8}$/, 'a rig id like "rig-0a1b2c3d"')

/** A watched agent as settings keep it. `url` is the agent's base address (http or https), no token in it. */
export const FleetRig = z.strictObject({
  id: FleetRigId,
  name: z.string().trim().min(1).max(60),
  url: z.url({ protocol: /^https?$/ }).max(300),
  addedAt: z.number().int().nonnegative(),
})
export type FleetRig = z.output<typeof FleetRig>

export const FleetSettings = z.strictObject({
  rigs: z.array(FleetRig).max(fleetLimits.rigs).default([]),
})
export type FleetSettings = z.output<typeof FleetSettings>

/** What fleet.add takes. A token left out is read from the `#token=` of an address the agent printed, if there. */
export const NewFleetRig = z.strictObject({
  name: z.string().trim().min(1, 'give the rig a name').max(60),
  url: z.string().trim().min(1, 'the agent\'s address, like http://rig-01.lan:7420').max(300),
  token: z.string().trim().max(200).nullable().optional(),
})
export type NewFleetRig = z.input<typeof NewFleetRig>

/**
 * `connected`: answering. `connecting`: not answered yet since added or started, within the stale
 * window. `stale`: no answer for longer than the stale window (its figures are its last ones, left out
 * of totals). `refused`: the agent refused the token (or wants one); retrying will not help.
 */
export const FleetRigStatus = z.enum(['connected', 'connecting', 'stale', 'refused'])
export type FleetRigStatus = z.infer<typeof FleetRigStatus>

/** A rig's watts now, as its own hardware sample said, with where they came from. */
export const FleetWatts = z.object({
  watts: z.number().nullable(),
  kind: z.enum(['measured', 'estimated']),
  /** The rig's own words: "wall plug (Rig plug) · measured". */
  reason: z.string(),
  at: z.number().nullable(),
})
export type FleetWatts = z.infer<typeof FleetWatts>

/** One network's net on a rig (or across the fleet), in the rig's currency; null when it could not be computed. */
export const FleetNetworkNet = z.object({
  network: NetworkId,
  name: z.string(),
  today: SignedDecimal.nullable(),
  last30d: SignedDecimal.nullable(),
  /** Some of it is missing or estimated (see `missing` of the figure it came from). */
  partial: z.boolean(),
})
export type FleetNetworkNet = z.infer<typeof FleetNetworkNet>

export const FleetRigProfit = z.object({
  currency: Currency,
  /** When the rig computed it. */
  at: z.number().int(),
  networks: z.array(FleetNetworkNet),
  today: SignedDecimal.nullable(),
  last30d: SignedDecimal.nullable(),
  partial: z.boolean(),
  /** What the rig said is missing or estimated, in words. */
  missing: z.array(z.string()),
})
export type FleetRigProfit = z.infer<typeof FleetRigProfit>

export const NodeCounts = z.record(NodeState, z.number().int().nonnegative())
export type NodeCounts = z.infer<typeof NodeCounts>

export const FleetRigView = z.object({
  rig: FleetRig,
  status: FleetRigStatus,
  /** Why it is not connected, in words ("the token was refused", "no answer for 18 s: connect ECONNREFUSED"); null when connected. */
  reason: z.string().nullable(),
  /** When it entered this status. */
  since: z.number().int(),
  /** When it last answered anything; null when it never has since this app started. */
  lastSeenAt: z.number().int().nullable(),
  /** The remote app.info's version; null before it answered. */
  version: z.string().nullable(),
  watts: FleetWatts.nullable(),
  /** Watched nodes (confirmed or added) by state; null before its nodes answered. */
  nodes: NodeCounts.nullable(),
  profit: FleetRigProfit.nullable(),
  /** Open alerts on the rig; null before they answered. */
  openAlerts: z.number().int().nonnegative().nullable(),
  /** What the rig answered that did not fit the contract, newest; null when all fit. */
  problem: z.string().nullable(),
})
export type FleetRigView = z.infer<typeof FleetRigView>

/** Across rigs. Stale and refused rigs are left out of every sum and named in `missing`. */
export const FleetTotals = z.object({
  rigs: z.number().int().nonnegative(),
  /** Rigs whose figures are in the sums (connected ones). */
  reporting: z.number().int().nonnegative(),
  watts: z.number().nullable(),
  /** measured: every summed rig measured its watts; estimated: at least one estimated; none: no rig reported watts. */
  wattsKind: z.enum(['measured', 'estimated', 'none']),
  /** "measured on 2 of 3 rigs, estimated on 1", plus the rigs left out. */
  wattsProvenance: z.string(),
  nodes: NodeCounts,
  openAlerts: z.number().int().nonnegative(),
  /** The currency of the money sums; null when rigs report in different currencies (then nothing is summed). */
  currency: Currency.nullable(),
  networks: z.array(FleetNetworkNet),
  today: SignedDecimal.nullable(),
  last30d: SignedDecimal.nullable(),
  /** True when a rig is left out, or a summed figure is itself partial or unknown. */
  partial: z.boolean(),
  /** What the sums lack, in words ("rig “b” is stale (no answer for 40 s)"). */
  missing: z.array(z.string()),
})
export type FleetTotals = z.infer<typeof FleetTotals>

export const FleetSnapshot = z.object({
  rigs: z.array(FleetRigView),
  totals: FleetTotals,
  at: z.number().int(),
})
export type FleetSnapshot = z.infer<typeof FleetSnapshot>
