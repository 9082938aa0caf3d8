import type { StateCreator } from 'zustand/vanilla'
import type { MethodInput } from '../../../shared/contract/methods.ts'
import type { PlugKindInfo, PlugSetting, PlugTestResult } from '../../../shared/contract/plugs.ts'
import type { DeskErrorInfo, Envelope } from '../../../shared/contract/result.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

export type PlugsSlice = {
  plugKinds: PlugKindInfo[]
  plugs: PlugSetting[]
  applyPlugKinds: (kinds: PlugKindInfo[]) => void
  applyPlugs: (plugs: PlugSetting[]) => void
  /** "Test connection": core looks at the device once; nothing is saved. */
  testPlug: (draft: MethodInput<'power.testPlug'>) => Promise<Envelope<PlugTestResult>>
  addPlug: (plug: MethodInput<'power.addPlug'>) => Promise<DeskErrorInfo | null>
  removePlug: (id: string) => Promise<DeskErrorInfo | null>
}

export const initialPlugs: Pick<PlugsSlice, 'plugKinds' | 'plugs'> = { plugKinds: [], plugs: [] }

export const createPlugsSlice =
  (client: DeskClient): StateCreator<DeskState, [], [], PlugsSlice> =>
  (set) => ({
    ...initialPlugs,
    applyPlugKinds: (plugKinds) => set({ plugKinds }),
    applyPlugs: (plugs) => set({ plugs }),
    testPlug: (draft) => client.callSafe('power.testPlug', draft),
    addPlug: async (plug) => {
      const result = await client.callSafe('power.addPlug', plug)
      if (!result.ok) return result.error
      set({ plugs: result.value.settings.power.plugs })
      return null
    },
    removePlug: async (id) => {
      const result = await client.callSafe('power.removePlug', { id })
      if (!result.ok) return result.error
      set({ plugs: result.value.settings.power.plugs })
      return null
    },
  })
