import type { StateCreator } from 'zustand/vanilla'
import type { ConnectionState } from '../api/client.ts'
import type { DeskState } from './store.ts'

export type ConnectionSlice = {
  connection: ConnectionState
  applyConnection: (connection: ConnectionState) => void
}

export const initialConnection: Pick<ConnectionSlice, 'connection'> = {
  connection: { status: 'connecting', retryAt: null },
}

export const createConnectionSlice: StateCreator<DeskState, [], [], ConnectionSlice> = (set) => ({
  ...initialConnection,
  applyConnection: (connection) => set({ connection }),
})
