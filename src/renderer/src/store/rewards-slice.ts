import type { StateCreator } from 'zustand/vanilla'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { NetworkInfo, RewardEntry, TokenInfo, WalletSetting } from '../../../shared/contract/wallets.ts'
import type { DeskClient } from '../api/client.ts'
import { parseTokenAmount } from '../common/token-format.ts'
import type { DeskState } from './store.ts'

/** The ledger shows this many of the newest events; core's default page. */
export const rewardsShown = 500

/** "Record a payout" as typed; `date` is the local day, "2025-05-14". Null wallet or token: the first one. */
export type PayoutDraft = { walletId: string | null; token: string | null; amount: string; date: string }

export type RewardsSlice = {
  /** Newest first, as core booked and valued them. */
  rewards: RewardEntry[]
  /** False until core has answered once: "nothing yet" is not "none". */
  rewardsLoaded: boolean
  rewardsError: string | null
  /** Only this wallet's events; null for every wallet's. */
  rewardsWallet: string | null
  payoutDraft: PayoutDraft
  /** Why the last payout was not recorded; `field` names the input: walletId, token, amount or at. */
  payoutError: DeskErrorInfo | null
  payoutBusy: boolean
  /** Asks core for the ledger again; an answer overtaken by a newer ask or a change made here is dropped. */
  loadRewards: () => Promise<void>
  filterRewards: (walletId: string | null) => void
  reclassifyReward: (id: number, classification: 'reward' | 'transfer') => Promise<DeskErrorInfo | null>
  editPayoutDraft: (patch: Partial<PayoutDraft>) => void
  /** Checks and sends the draft; answers what core booked, or null (the reason is in payoutError). */
  recordPayout: () => Promise<RewardEntry | null>
}

export type PayoutChoice = { wallet: WalletSetting; network: NetworkInfo | undefined; token: TokenInfo | undefined }

/** The wallet and token the draft means: its own if they still exist, else the first ones; null without a wallet. */
export function payoutChoice(draft: PayoutDraft, wallets: readonly WalletSetting[], networks: readonly NetworkInfo[]): PayoutChoice | null {
  const wallet = wallets.find((w) => w.id === draft.walletId) ?? wallets[0]
  if (!wallet) return null
  const network = networks.find((n) => n.id === wallet.network)
  const tokens = network?.tokens ?? []
  return { wallet, network, token: tokens.find((t) => t.symbol === draft.token) ?? tokens[0] }
}

/** The local calendar day of `ms`, as a date input holds it. */
export function localDay(ms: number): string {
  const d = new Date(ms)
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/**
 * When a payout on `day` happened: now for today; local noon for an earlier day, since only the
 * day is known and noon keeps it on that day for whoever reads it a few time zones away.
 */
export function payoutTime(day: string, now: number): { ok: true; at: number } | { ok: false; message: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return { ok: false, message: 'pick the day it was paid' }
  const at = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12).getTime()
  // 2025-02-31 rolls over into March: not a day anyone was paid on.
  if (at < 0 || localDay(at) !== day) return { ok: false, message: 'pick the day it was paid' }
  const today = localDay(now)
  if (day === today) return { ok: true, at: now }
  if (day > today) return { ok: false, message: 'that day is still to come: pick the day it was paid' }
  return { ok: true, at }
}

function newestFirst(a: RewardEntry, b: RewardEntry): number {
  return b.at - a.at || b.id - a.id
}

function refused(field: string, message: string): DeskErrorInfo {
  return { code: 'invalid-input', message, field, retryable: false }
}

export const initialRewards = (clock: () => number): Pick<
  RewardsSlice,
  'rewards' | 'rewardsLoaded' | 'rewardsError' | 'rewardsWallet' | 'payoutDraft' | 'payoutError' | 'payoutBusy'
> => ({
  rewards: [],
  rewardsLoaded: false,
  rewardsError: null,
  rewardsWallet: null,
  payoutDraft: { walletId: null, token: null, amount: '', date: localDay(clock()) },
  payoutError: null,
  payoutBusy: false,
})

export const createRewardsSlice =
  (client: DeskClient, clock: () => number): StateCreator<DeskState, [], [], RewardsSlice> =>
  (set, get) => {
    // Each load takes a number; only the newest ask's answer is shown.
    let asked = 0
    let answered = 0
    const load = async (): Promise<void> => {
      const mine = ++asked
      const walletId = get().rewardsWallet
      const result = await client.callSafe('rewards.list', walletId === null ? { limit: rewardsShown } : { walletId, limit: rewardsShown })
      if (mine !== asked) return
      answered = mine
      set(result.ok ? { rewards: result.value, rewardsLoaded: true, rewardsError: null } : { rewardsError: result.error.message })
    }
    /** A change made here while a load is out: that answer may predate it, so ask again. */
    const changed = (): void => {
      if (answered < asked) void load()
    }
    const shows = (entry: RewardEntry): boolean => get().rewardsWallet === null || get().rewardsWallet === entry.walletId
    return {
      ...initialRewards(clock),
      loadRewards: load,
      filterRewards: (walletId) => {
        if (walletId === get().rewardsWallet) return
        // What is known of that wallet shows at once; core's answer completes it.
        set((state) => ({ rewardsWallet: walletId, rewards: walletId === null ? state.rewards : state.rewards.filter((r) => r.walletId === walletId) }))
        void load()
      },
      reclassifyReward: async (id, classification) => {
        const result = await client.callSafe('rewards.reclassify', { id, classification })
        if (!result.ok) return result.error
        const entry = result.value
        set((state) => ({ rewards: state.rewards.map((r) => (r.id === entry.id ? entry : r)) }))
        changed()
        return null
      },
      editPayoutDraft: (patch) =>
        set((state) => {
          const payoutDraft = { ...state.payoutDraft, ...patch }
          // Another wallet may be on another network: its first token, unless one was picked with it.
          if (patch.walletId !== undefined && patch.walletId !== state.payoutDraft.walletId && patch.token === undefined) payoutDraft.token = null
          return { payoutDraft, payoutError: null }
        }),
      recordPayout: async () => {
        const { payoutDraft: draft, walletSettings, networks } = get()
        const choice = payoutChoice(draft, walletSettings ?? [], networks)
        const fail = (error: DeskErrorInfo): null => {
          set({ payoutError: error, payoutBusy: false })
          return null
        }
        if (!choice) return fail(refused('walletId', 'add a wallet first: a payout is recorded against one'))
        const { wallet, network, token } = choice
        if (!token) return fail(refused('token', `DePIN Desk knows no token of ${network?.name ?? wallet.network}`))
        const amount = parseTokenAmount(draft.amount, token.decimals)
        if (!amount.ok) return fail(refused('amount', amount.message))
        if (amount.units === '0') return fail(refused('amount', 'a payout of 0 records nothing'))
        const when = payoutTime(draft.date, clock())
        if (!when.ok) return fail(refused('at', when.message))
        set({ payoutBusy: true, payoutError: null })
        const result = await client.callSafe('rewards.addManual', { walletId: wallet.id, token: token.symbol, amount: amount.units, at: when.at })
        if (!result.ok) {
          // Core's "no wallet with id" names no field, but it can only be about the wallet.
          return fail(result.error.code === 'not-found' && result.error.field === undefined ? { ...result.error, field: 'walletId' } : result.error)
        }
        const entry = result.value
        set((state) => ({
          rewards: shows(entry) ? [entry, ...state.rewards.filter((r) => r.id !== entry.id)].sort(newestFirst) : state.rewards,
          payoutBusy: false,
          payoutDraft: { ...state.payoutDraft, amount: '', date: localDay(clock()) },
        }))
        changed()
        return entry
      },
    }
  }
