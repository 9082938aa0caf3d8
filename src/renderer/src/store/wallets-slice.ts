import type { StateCreator } from 'zustand/vanilla'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { NetworkId, NetworkInfo, WalletSetting, WalletsSnapshot } from '../../../shared/contract/wallets.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

/** The "Add a wallet" form as typed. The address is public, but a pasted secret passes through here: see checkWalletDraft. */
export type WalletDraftState = { network: NetworkId | null; address: string; label: string }

/** What core said about the address in the draft: fine (with the form it will be saved in), wrong, or a refused secret. */
export type DraftFeedback =
  | { tone: 'ok'; address: string; note: string | null }
  | { tone: 'error'; text: string }
  | { tone: 'refused'; text: string }

export type WalletsSlice = {
  networks: NetworkInfo[]
  /** The saved wallets as settings hold them; null until settings have been read. */
  walletSettings: WalletSetting[] | null
  walletRefreshMinutes: number
  walletsSnapshot: WalletsSnapshot | null
  /** A "Refresh now" asked for and not answered yet. */
  walletsRefreshing: boolean
  walletsRefreshError: string | null
  walletDraft: WalletDraftState
  draftFeedback: DraftFeedback | null
  /** Why the last add failed; `field` names the input it is about. */
  walletFormError: DeskErrorInfo | null
  walletBusy: boolean
  applyNetworks: (networks: NetworkInfo[]) => void
  applyWalletSettings: (settings: Settings) => void
  applyWalletsSnapshot: (snapshot: WalletsSnapshot) => void
  editWalletDraft: (patch: Partial<WalletDraftState>) => void
  /** Asks core about the draft's address; answers for a draft that changed meanwhile are dropped. */
  checkWalletDraft: () => Promise<void>
  /** Saves the draft; true when core took it (the draft is then emptied). */
  addWallet: () => Promise<boolean>
  renameWallet: (id: string, label: string) => Promise<DeskErrorInfo | null>
  removeWallet: (id: string) => Promise<DeskErrorInfo | null>
  refreshWallets: () => Promise<void>
}

export const initialWallets: Pick<
  WalletsSlice,
  | 'networks'
  | 'walletSettings'
  | 'walletRefreshMinutes'
  | 'walletsSnapshot'
  | 'walletsRefreshing'
  | 'walletsRefreshError'
  | 'walletDraft'
  | 'draftFeedback'
  | 'walletFormError'
  | 'walletBusy'
> = {
  networks: [],
  walletSettings: null,
  walletRefreshMinutes: 10,
  walletsSnapshot: null,
  walletsRefreshing: false,
  walletsRefreshError: null,
  walletDraft: { network: null, address: '', label: '' },
  draftFeedback: null,
  walletFormError: null,
  walletBusy: false,
}

export const createWalletsSlice =
  (client: DeskClient): StateCreator<DeskState, [], [], WalletsSlice> =>
  (set, get) => ({
    ...initialWallets,
    applyNetworks: (networks) =>
      set((state) => ({
        networks,
        // The form starts on the first network, and leaves one core no longer lists.
        walletDraft: networks.some((n) => n.id === state.walletDraft.network) ? state.walletDraft : { ...state.walletDraft, network: networks[0]?.id ?? null },
      })),
    applyWalletSettings: (settings) => set({ walletSettings: settings.wallets, walletRefreshMinutes: settings.walletRefreshMinutes }),
    applyWalletsSnapshot: (snapshot) =>
      set((state) => {
        // The answer to "Refresh now" and the event for the same read can cross: the newer wins.
        if (state.walletsSnapshot && snapshot.at < state.walletsSnapshot.at) return {}
        return { walletsSnapshot: snapshot }
      }),
    editWalletDraft: (patch) =>
      set((state) => {
        const walletDraft = { ...state.walletDraft, ...patch }
        const moved = walletDraft.address !== state.walletDraft.address || walletDraft.network !== state.walletDraft.network
        return { walletDraft, walletFormError: null, ...(moved ? { draftFeedback: null } : {}) }
      }),
    checkWalletDraft: async () => {
      const { network, address } = get().walletDraft
      if (network === null || address.trim() === '') return
      const result = await client.callSafe('wallets.check', { network, address })
      const now = get().walletDraft
      if (result.ok && !result.value.ok && result.value.secretRefused) {
        // A seed phrase or key must not stay in the page: it goes, with whatever was typed after it.
        if (now.address.includes(address.trim())) set({ walletDraft: { ...now, address: '' }, draftFeedback: { tone: 'refused', text: result.value.message } })
        return
      }
      if (now.network !== network || now.address !== address) return
      if (!result.ok) {
        set({ draftFeedback: { tone: 'error', text: result.error.message } })
        return
      }
      const check = result.value
      set({ draftFeedback: check.ok ? { tone: 'ok', address: check.address, note: check.note } : { tone: 'error', text: check.message } })
    },
    addWallet: async () => {
      const { network, address, label } = get().walletDraft
      if (network === null) return false
      set({ walletBusy: true, walletFormError: null })
      const result = await client.callSafe('wallets.add', { network, address, label })
      if (!result.ok) {
        set({ walletBusy: false, walletFormError: result.error })
        return false
      }
      get().applyWalletSettings(result.value.settings)
      set({ walletBusy: false, walletDraft: { network, address: '', label: '' }, draftFeedback: null })
      return true
    },
    renameWallet: async (id, label) => {
      const result = await client.callSafe('wallets.rename', { id, label })
      if (!result.ok) return result.error
      get().applyWalletSettings(result.value.settings)
      return null
    },
    removeWallet: async (id) => {
      const result = await client.callSafe('wallets.remove', { id })
      if (!result.ok) return result.error
      get().applyWalletSettings(result.value.settings)
      return null
    },
    refreshWallets: async () => {
      set({ walletsRefreshing: true, walletsRefreshError: null })
      const result = await client.callSafe('wallets.refresh', {})
      if (result.ok) get().applyWalletsSnapshot(result.value)
      set({ walletsRefreshing: false, walletsRefreshError: result.ok ? null : result.error.message })
    },
  })
