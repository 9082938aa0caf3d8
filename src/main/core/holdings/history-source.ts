import type { ReadContext } from './holding.ts'

/*
 * A network's past, read from public endpoints: what its wallet received before DePIN Desk
 * watched it. Declared beside the network's reader (`NetworkModule.history`), one per chain
 * family underneath, and driven page by page by the backfill runner (wallets/backfill/), which
 * values each inflow at its day's price, books it once, and keeps the cursor so a restart
 * resumes where it stopped.
 */

/** One inflow found in the past. `id` is unique within the wallet and stable across runs: a re-read books nothing twice. */
export type PastInflow = {
  /** 'sig:<signature>:<mint>', 'log:<chainId>:<txHash>:<logIndex>', 'day:SN19α:2026-11-03': never an amount. */
  id: string
  /** The unit it arrived in, as the live reader names it ('GRASS', 'ATH', 'SN19α'). */
  token: string
  amount: bigint
  decimals: number
  /** When it arrived (block time), ms. */
  at: number
  /** 'reward': from the network's own distributor or claim program; 'inflow': anything else, for the operator to mark. */
  classification: 'reward' | 'inflow'
  /** Why, in words: "from Grass's airdrop distributor (program …)", "stake growth on subnet 19 between daily snapshots". */
  rule: string
  /**
   * The amount is a lifetime total as the source reads it now (Helium's oracle), not dated: the
   * runner books only what the live ledger has not already booked of it since the baseline.
   */
  opening?: true
}

/** The part of the window a page covered, newest first: the runner asks again from `cursor` until it is null. */
export type HistoryPage = {
  inflows: PastInflow[]
  /** Where the next page starts, opaque to the runner (a signature, a block, a day); null: the window is done, or nothing older is reachable. */
  cursor: string | null
  /** The oldest time this page reached back to, ms (the window's start once done). */
  reachedMs: number
  /** Requests made for this page, for the progress figures. */
  requests: number
  /** Set when the endpoint holds nothing older than `reachedMs`, in words ("the public Lotus endpoints keep about 2,000 epochs"). */
  outOfReach?: string
}

export type HistoryWindow = { fromMs: number; toMs: number }

export type HistorySource = {
  /** What this source reads and how far, in words, shown before a backfill starts. */
  reach: string
  /**
   * The next page of inflows into `address` within `window` (from the newest end back), from
   * `cursor` (null: the window's newest end). Requests go through ctx.http, so the host limits
   * of live reads hold; a fault throws (FetchFault) and the runner retries from the same cursor.
   */
  page(ctx: ReadContext, address: string, window: HistoryWindow, cursor: string | null): Promise<HistoryPage>
}
