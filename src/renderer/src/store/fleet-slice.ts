import type { StateCreator } from 'zustand/vanilla'
import type { FleetSnapshot, NewFleetRig } from '../../../shared/contract/fleet.ts'
import type { DeskErrorInfo, Envelope } from '../../../shared/contract/result.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

/** The other agents watched from here (issue 13), as core sees them; core talks to them, the page only shows it. */
export type FleetSlice = {
  /** Rigs and totals as core last sent them; null until core has answered. */
  fleet: FleetSnapshot | null
  /** Why the last read failed (the last snapshot, if any, stays shown). */
  fleetError: string | null
  /** Core's refusal of the last fleet.add, kept for the form (it names the field: url, token, name). */
  fleetAddError: DeskErrorInfo | null
  /** Why the last removal failed. */
  fleetRemoveError: string | null
  applyFleetSnapshot: (snapshot: FleetSnapshot) => void
  /** Asks core again; an answer overtaken by a newer ask or a pushed snapshot is dropped. */
  loadFleet: () => Promise<void>
  /** Watches another agent; core checks it answers and accepts the token before saving anything. */
  addRig: (rig: NewFleetRig) => Promise<DeskErrorInfo | null>
  removeRig: (id: string) => Promise<DeskErrorInfo | null>
  /** The operator edited the form: the refusal no longer applies. */
  clearFleetAddError: () => void
}

export const initialFleet: Pick<FleetSlice, 'fleet' | 'fleetError' | 'fleetAddError' | 'fleetRemoveError'> = { fleet: null, fleetError: null, fleetAddError: null, fleetRemoveError: null }

export const createFleetSlice =
  (client: DeskClient): StateCreator<DeskState, [], [], FleetSlice> =>
  (set, get) => {
    let asked = 0
    /** Every command answers the fleet as it now stands: shown at once, before fleet.changed comes. */
    const applied = (result: Envelope<FleetSnapshot>): DeskErrorInfo | null => {
      if (!result.ok) return result.error
      get().applyFleetSnapshot(result.value)
      return null
    }
    return {
      ...initialFleet,
      applyFleetSnapshot: (fleet) => {
        asked += 1
        set({ fleet, fleetError: null })
      },
      loadFleet: async () => {
        const mine = ++asked
        const result = await client.callSafe('fleet.list', {})
        if (mine !== asked) return
        set(result.ok ? { fleet: result.value, fleetError: null } : { fleetError: result.error.message })
      },
      addRig: async (rig) => {
        const error = applied(await client.callSafe('fleet.add', rig))
        set({ fleetAddError: error })
        return error
      },
      removeRig: async (id) => {
        const error = applied(await client.callSafe('fleet.remove', { id }))
        set({ fleetRemoveError: error?.message ?? null })
        return error
      },
      clearFleetAddError: () => set({ fleetAddError: null }),
    }
  }
