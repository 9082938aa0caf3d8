import type { StateCreator } from 'zustand/vanilla'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { Currency } from '../../../shared/contract/wallets.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

/**
 * The operator's price choices as settings hold them. The prices themselves, and every figure
 * valued with them, come in the wallets snapshot, in the currency core valued them in.
 */
export type PricesSlice = {
  currency: Currency
  /** The operator's own price per token symbol, in `currency`. */
  priceOverrides: Record<string, string>
  applyPriceSettings: (settings: Settings) => void
  setCurrency: (currency: Currency) => Promise<DeskErrorInfo | null>
  /** Sets the operator's price for a token, or with null goes back to the feeds. */
  setPriceOverride: (token: string, price: string | null) => Promise<DeskErrorInfo | null>
}

export const initialPrices: Pick<PricesSlice, 'currency' | 'priceOverrides'> = { currency: 'usd', priceOverrides: {} }

export const createPricesSlice =
  (client: DeskClient): StateCreator<DeskState, [], [], PricesSlice> =>
  (set, get) => ({
    ...initialPrices,
    applyPriceSettings: (settings) => set({ currency: settings.currency, priceOverrides: settings.prices.overrides }),
    setCurrency: async (currency) => {
      const result = await client.callSafe('settings.update', { currency })
      if (!result.ok) return result.error
      get().applyPriceSettings(result.value.settings)
      return null
    },
    setPriceOverride: async (token, price) => {
      const result = await client.callSafe('prices.setOverride', { token, price })
      if (!result.ok) return result.error
      get().applyPriceSettings(result.value.settings)
      return null
    },
  })
