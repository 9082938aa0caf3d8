import type { StateCreator } from 'zustand/vanilla'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { RewardsCsvFormat } from '../../../shared/contract/wallets.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

/** A file core wrote for the operator to save: its name and text. */
export type ExportedFile = { filename: string; text: string }

/** Exports and restore: core writes and checks every file; the page only saves and reads them. */
export type BackupSlice = {
  /** The earnings ledger in the layout `format`'s tax tool imports (core's default, Koinly, when left out). */
  exportRewardsCsv: (format?: RewardsCsvFormat) => Promise<{ ok: true; file: ExportedFile } | { ok: false; error: DeskErrorInfo }>
  exportSettingsBackup: () => Promise<{ ok: true; file: ExportedFile } | { ok: false; error: DeskErrorInfo }>
  /** Core's error, or what the operator must redo on this machine (the notes). */
  restoreSettingsBackup: (json: string) => Promise<{ ok: false; error: DeskErrorInfo } | { ok: true; notes: string[] }>
}

export const createBackupSlice =
  (client: DeskClient): StateCreator<DeskState, [], [], BackupSlice> =>
  (_set, get) => ({
    exportRewardsCsv: async (format) => {
      const result = await client.callSafe('rewards.exportCsv', format === undefined ? {} : { format })
      return result.ok ? { ok: true, file: { filename: result.value.filename, text: result.value.csv } } : result
    },
    exportSettingsBackup: async () => {
      const result = await client.callSafe('settings.exportBackup', {})
      return result.ok ? { ok: true, file: { filename: result.value.filename, text: result.value.json } } : result
    },
    restoreSettingsBackup: async (json) => {
      const result = await client.callSafe('settings.importBackup', { json })
      if (!result.ok) return result
      // Settings arrive with core's settings.changed event; which endpoints have the operator's own URL is not in them.
      const endpoints = await client.callSafe('endpoints.list', {})
      if (endpoints.ok) get().applyEndpoints(endpoints.value)
      return { ok: true, notes: result.value.notes }
    },
  })
