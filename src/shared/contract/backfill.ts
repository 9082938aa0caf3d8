import { z } from 'zod'
import { NetworkId } from './wallets.ts'

/*
 * Backfill: a wallet's past rewards read from the chain, from before DePIN Desk watched it, up
 * to its first (baseline) read, where the live ledger takes over. Each backfilled entry is
 * valued at its day's price and says so.
 */

export const backfillStates = ['idle', 'queued', 'running', 'paused', 'done', 'failed', 'unsupported'] as const
export const BackfillState = z.enum(backfillStates)
export type BackfillState = z.infer<typeof BackfillState>

export const BackfillStatus = z.object({
  walletId: z.string(),
  network: NetworkId,
  state: BackfillState,
  /** How many days back from the baseline read it reaches for. */
  depthDays: z.number().int(),
  /** The window: [fromMs, toMs), toMs being the wallet's first read. */
  fromMs: z.number().int(),
  toMs: z.number().int(),
  /** How far back it has read so far. */
  reachedMs: z.number().int(),
  daysDone: z.number().int(),
  daysTotal: z.number().int(),
  requests: z.number().int(),
  /** Entries booked: rewards, and inflows for the operator to mark. */
  rewards: z.number().int(),
  inflows: z.number().int(),
  /** What the source reads and how far, in words. */
  reach: z.string(),
  /** What remains, or what is out of reach, in words. */
  remaining: z.string(),
  /** The last fault, in words (it is retried), or why it failed. */
  problem: z.string().nullable(),
  updatedAt: z.number().int(),
})
export type BackfillStatus = z.infer<typeof BackfillStatus>

export const BackfillRequest = z.strictObject({
  /** Absent with 'status': every wallet's. */
  walletId: z.string().max(40).optional(),
  action: z.enum(['start', 'pause', 'status']).default('status'),
  /** Days back from the first read; 365 unless set, and kept per wallet. */
  depthDays: z.number().int().min(1).max(3650).optional(),
})
export type BackfillRequest = z.input<typeof BackfillRequest>
