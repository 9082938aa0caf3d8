import type { StateCreator } from 'zustand/vanilla'
import type { NetworkCosts, ProfitSettings, ProfitSnapshot, ProfitWindow, TariffPeriod } from '../../../shared/contract/profit.ts'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { NetworkId } from '../../../shared/contract/wallets.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

/** The what-if as typed: a flat electricity price and token prices by symbol; null / absent: the real one. */
export type WhatIfDraft = { pricePerKwh: string | null; tokenPrices: Record<string, string> }

/** `mode` absent: it stays as settings hold it. */
export type Attribution = { devices: Record<string, NetworkId>; shares: Record<NetworkId, number>; idleBaselineWatts: number | null; mode?: ProfitSettings['mode'] }

export type ProfitSlice = {
  /** Core's summary at the operator's real settings; null until core has answered. */
  profit: ProfitSnapshot | null
  profitError: string | null
  /** The window the detail figures are for. */
  profitWindow: ProfitWindow
  /** The tariff, costs and attribution as settings hold them; null until settings have been read. */
  profitSettings: ProfitSettings | null
  whatIfDraft: WhatIfDraft
  /** Core's answer for the draft; null while no what-if is set. */
  whatIf: ProfitSnapshot | null
  /** Why core refused the draft; `field` names the input (pricePerKwh, tokenPrices.GRASS). */
  whatIfError: DeskErrorInfo | null
  /**
   * Takes the profit section of settings. True when something the figures depend on changed
   * (tariff, costs, attribution, currency, wallets, price overrides), so the summary is out of date.
   */
  applyProfitSettings: (settings: Settings) => boolean
  /** Asks core for the summary again; an answer overtaken by a newer ask is dropped. */
  loadProfit: () => Promise<void>
  setProfitWindow: (window: ProfitWindow) => void
  /** Changes the draft; core is asked by runWhatIf (the panel calls it once the slider rests). */
  editWhatIf: (patch: { pricePerKwh?: string | null; token?: { symbol: string; price: string | null } }) => void
  /** Sends the draft to core; with nothing in it, the what-if ends. Only the newest ask's answer shows. */
  runWhatIf: () => Promise<void>
  resetWhatIf: () => void
  setTariff: (tariff: TariffPeriod[], timeZone: string | null) => Promise<DeskErrorInfo | null>
  setCosts: (network: NetworkId, costs: NetworkCosts) => Promise<DeskErrorInfo | null>
  setAttribution: (attribution: Attribution) => Promise<DeskErrorInfo | null>
}

const emptyWhatIf: WhatIfDraft = { pricePerKwh: null, tokenPrices: {} }

export const initialProfit: Pick<ProfitSlice, 'profit' | 'profitError' | 'profitWindow' | 'profitSettings' | 'whatIfDraft' | 'whatIf' | 'whatIfError'> = {
  profit: null,
  profitError: null,
  profitWindow: '30d',
  profitSettings: null,
  whatIfDraft: emptyWhatIf,
  whatIf: null,
  whatIfError: null,
}

/** What the summary is computed from, as one comparable string; by node, the confirmed nodes' networks too. */
function inputsKey(settings: Settings): string {
  const nodes = settings.profit.mode === 'nodes' ? settings.nodes.nodes.map((n) => `${n.id}:${n.network}`) : null
  return JSON.stringify([settings.currency, settings.profit, settings.wallets.map((w) => `${w.id}:${w.network}`), settings.prices.overrides, nodes])
}

function whatIfInput(draft: WhatIfDraft): { pricePerKwh?: string; tokenPrices: Record<string, string> } {
  return { ...(draft.pricePerKwh === null ? {} : { pricePerKwh: draft.pricePerKwh }), tokenPrices: draft.tokenPrices }
}

function isEmpty(draft: WhatIfDraft): boolean {
  return draft.pricePerKwh === null && Object.keys(draft.tokenPrices).length === 0
}

export const createProfitSlice =
  (client: DeskClient): StateCreator<DeskState, [], [], ProfitSlice> =>
  (set, get) => {
    let inputs: string | null = null
    let asked = 0
    let askedWhatIf = 0
    const load = async (): Promise<void> => {
      const mine = ++asked
      const result = await client.callSafe('profit.summary', {})
      if (mine !== asked) return
      set(result.ok ? { profit: result.value, profitError: null } : { profitError: result.error.message })
    }
    const runWhatIf = async (): Promise<void> => {
      const mine = ++askedWhatIf
      const draft = get().whatIfDraft
      if (isEmpty(draft)) {
        set({ whatIf: null, whatIfError: null })
        return
      }
      const result = await client.callSafe('profit.whatIf', whatIfInput(draft))
      if (mine !== askedWhatIf) return
      set(result.ok ? { whatIf: result.value, whatIfError: null } : { whatIfError: result.error })
    }
    /** After a change core took: its settings, the summary at them, and the what-if again (it stands on them too). */
    const saved = async (settings: Settings): Promise<null> => {
      get().applyProfitSettings(settings)
      const reloads = [load()]
      if (!isEmpty(get().whatIfDraft)) reloads.push(runWhatIf())
      await Promise.all(reloads)
      return null
    }
    return {
      ...initialProfit,
      applyProfitSettings: (settings) => {
        const key = inputsKey(settings)
        const changed = inputs !== null && key !== inputs
        inputs = key
        set({ profitSettings: settings.profit })
        return changed
      },
      loadProfit: load,
      setProfitWindow: (profitWindow) => set({ profitWindow }),
      editWhatIf: ({ pricePerKwh, token }) =>
        set((state) => {
          const draft = { ...state.whatIfDraft }
          if (pricePerKwh !== undefined) draft.pricePerKwh = pricePerKwh === '' ? null : pricePerKwh
          if (token !== undefined) {
            const others = Object.entries(draft.tokenPrices).filter(([symbol]) => symbol !== token.symbol)
            draft.tokenPrices = Object.fromEntries(token.price === null || token.price === '' ? others : [...others, [token.symbol, token.price]])
          }
          return { whatIfDraft: draft }
        }),
      runWhatIf,
      resetWhatIf: () => {
        // An answer still on its way is for the draft just dropped.
        askedWhatIf += 1
        set({ whatIfDraft: emptyWhatIf, whatIf: null, whatIfError: null })
      },
      setTariff: async (tariff, timeZone) => {
        const result = await client.callSafe('profit.setTariff', { tariff, timeZone })
        return result.ok ? saved(result.value.settings) : result.error
      },
      setCosts: async (network, costs) => {
        const result = await client.callSafe('profit.setCosts', { network, costs })
        return result.ok ? saved(result.value.settings) : result.error
      },
      setAttribution: async ({ devices, shares, idleBaselineWatts, mode }) => {
        const result = await client.callSafe('profit.setAttribution', { devices, shares, idleBaselineWatts, ...(mode === undefined ? {} : { mode }) })
        return result.ok ? saved(result.value.settings) : result.error
      },
    }
  }
