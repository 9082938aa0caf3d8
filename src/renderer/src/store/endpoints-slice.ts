import type { StateCreator } from 'zustand/vanilla'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { EndpointInfo, EndpointKey } from '../../../shared/contract/wallets.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

/** The chain endpoints core reads from. An operator's own URL is a secret: the page only ever holds its host. */
export type EndpointsSlice = {
  endpoints: EndpointInfo[]
  applyEndpoints: (endpoints: EndpointInfo[]) => void
  /** Uses the operator's own URL for an endpoint, or with null the public defaults again. */
  setEndpoint: (key: EndpointKey, url: string | null) => Promise<DeskErrorInfo | null>
}

export const initialEndpoints: Pick<EndpointsSlice, 'endpoints'> = { endpoints: [] }

export const createEndpointsSlice =
  (client: DeskClient): StateCreator<DeskState, [], [], EndpointsSlice> =>
  (set) => ({
    ...initialEndpoints,
    applyEndpoints: (endpoints) => set({ endpoints }),
    setEndpoint: async (key, url) => {
      const result = await client.callSafe('endpoints.set', { key, url })
      if (!result.ok) return result.error
      set({ endpoints: result.value })
      return null
    },
  })
