import type { StateCreator } from 'zustand/vanilla'
import type { BackfillStatus } from '../../../shared/contract/backfill.ts'
import type { DeskErrorInfo, Envelope } from '../../../shared/contract/result.ts'
import type { WalletSetting } from '../../../shared/contract/wallets.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

export type BackfillSlice = {
  /** Each watched wallet's backfill as core last told it, by wallet id; null until core has answered once. */
  backfillByWallet: Record<string, BackfillStatus> | null
  /** Why the last read of every wallet's status failed (the statuses already shown stay). */
  backfillError: string | null
  /**
   * Wallets whose pause core took while a page was in flight: core holds after that page is saved,
   * so the status still says running until then.
   */
  backfillPausing: Record<string, true>
  /** A status core pushed (backfill.progress) or answered; one older than the one shown is dropped. */
  applyBackfillStatus: (status: BackfillStatus) => void
  /** The watched wallets changed: a removed one's status goes; true when one has no status yet (ask core). */
  applyBackfillWallets: (wallets: readonly WalletSetting[]) => boolean
  /** Every wallet's status from core; an answer overtaken by a newer ask is dropped. */
  loadBackfill: () => Promise<void>
  /** Starts, resumes or reads again `depthDays` back (core keeps the wallet's depth when absent). */
  startBackfill: (walletId: string, depthDays?: number) => Promise<DeskErrorInfo | null>
  pauseBackfill: (walletId: string) => Promise<DeskErrorInfo | null>
}

export const initialBackfill: Pick<BackfillSlice, 'backfillByWallet' | 'backfillError' | 'backfillPausing'> = {
  backfillByWallet: null,
  backfillError: null,
  backfillPausing: {},
}

/** `status` unless the one shown is newer: an answer and a progress event can cross. */
function newer(shown: BackfillStatus | undefined, status: BackfillStatus): BackfillStatus {
  return shown !== undefined && shown.updatedAt > status.updatedAt ? shown : status
}

/** Only a running read has a page in flight to wait for; any other state has taken the pause, or ended. */
function withoutPausing(pausing: Record<string, true>, status: BackfillStatus): Record<string, true> {
  if (!(status.walletId in pausing) || status.state === 'running') return pausing
  return Object.fromEntries(Object.entries(pausing).filter(([id]) => id !== status.walletId))
}

export const createBackfillSlice =
  (client: DeskClient): StateCreator<DeskState, [], [], BackfillSlice> =>
  (set, get) => {
    // Each load takes a number. A status pushed for a wallet remembers the number of the newest
    // ask then out, so an answer to an ask made before it does not drop the wallet it names.
    let asked = 0
    let answered = 0
    const pushedDuring = new Map<string, number>()
    const apply = (status: BackfillStatus): void => {
      pushedDuring.set(status.walletId, asked)
      set((state) => {
        const byWallet = state.backfillByWallet ?? {}
        const shown = newer(byWallet[status.walletId], status)
        return { backfillByWallet: { ...byWallet, [status.walletId]: shown }, backfillPausing: withoutPausing(state.backfillPausing, shown) }
      })
    }
    /** Core answers a command with the wallet's status as it now stands: shown at once, before the event. */
    const applied = (result: Envelope<BackfillStatus[]>): DeskErrorInfo | null => {
      if (!result.ok) return result.error
      result.value.forEach(apply)
      return null
    }
    return {
      ...initialBackfill,
      applyBackfillStatus: apply,
      applyBackfillWallets: (wallets) => {
        const shown = get().backfillByWallet
        if (shown === null) return false
        const ids = new Set(wallets.map((w) => w.id))
        const kept = Object.fromEntries(Object.entries(shown).filter(([id]) => ids.has(id)))
        if (Object.keys(kept).length !== Object.keys(shown).length) set({ backfillByWallet: kept })
        return wallets.some((w) => !(w.id in kept))
      },
      loadBackfill: async () => {
        const mine = ++asked
        const result = await client.callSafe('history.backfill', { action: 'status' })
        if (mine < answered) return
        answered = mine
        if (!result.ok) {
          set({ backfillError: result.error.message })
          return
        }
        set((state) => {
          const shown = state.backfillByWallet ?? {}
          const byWallet: Record<string, BackfillStatus> = {}
          // A wallet core no longer lists was removed, unless core spoke of it after this ask went out.
          for (const [id, status] of Object.entries(shown)) if ((pushedDuring.get(id) ?? -1) >= mine) byWallet[id] = status
          for (const status of result.value) byWallet[status.walletId] = newer(byWallet[status.walletId] ?? shown[status.walletId], status)
          const backfillPausing = Object.values(byWallet).reduce(withoutPausing, state.backfillPausing)
          return { backfillByWallet: byWallet, backfillError: null, backfillPausing }
        })
      },
      startBackfill: async (walletId, depthDays) => {
        const result = await client.callSafe('history.backfill', depthDays === undefined ? { walletId, action: 'start' } : { walletId, action: 'start', depthDays })
        return applied(result)
      },
      pauseBackfill: async (walletId) => {
        const result = await client.callSafe('history.backfill', { walletId, action: 'pause' })
        if (result.ok && result.value.some((s) => s.walletId === walletId && s.state === 'running')) {
          set((state) => ({ backfillPausing: { ...state.backfillPausing, [walletId]: true } }))
        }
        return applied(result)
      },
    }
  }
