import type { SettingsState } from '../../../shared/contract/app.ts'
import type { SettingsPatch } from '../../../shared/contract/settings.ts'
import type { Capability, CoreContext } from '../capability.ts'

/** The backup code carries the BIP39 word list (it refuses a backup with a seed phrase in it). */
const backupSupport = () => import('./settings-backup.ts')

type SettingsMethods = 'settings.get' | 'settings.update' | 'settings.exportBackup' | 'settings.importBackup'

/**
 * The settings file and its backups. A change or a restore is saved first, then every capability
 * takes up its part of it (`settingsChanged`, `settingsReplaced`), in the order app.ts built them.
 */
export function createSettings(ctx: CoreContext, version: string, others: () => readonly Capability<never>[]): Capability<SettingsMethods> {
  const { settings, secrets, events } = ctx

  async function change(patch: SettingsPatch): Promise<SettingsState> {
    const next = settings.update(patch)
    for (const capability of others()) await capability.settingsChanged?.(patch, next)
    const state = ctx.settingsState()
    events.emit('settings.changed', state)
    return state
  }

  async function restore(json: string): Promise<SettingsState & { notes: string[] }> {
    const [{ restoreSettings, forgetSecretsLeftBehind }, { plugSecretName }, { endpointSecretName }] = await Promise.all([
      backupSupport(),
      import('../hardware/power/plug-sources.ts'),
      import('../wallets/wallet-commands.ts'),
    ])
    const names = new Set(await secrets.names())
    const { settings: next, notes } = restoreSettings(json, settings.current, {
      plug: (id) => names.has(plugSecretName(id)),
      endpoint: (key) => names.has(endpointSecretName(key)),
    })
    const state = ctx.saveSettings(next)
    // After the save, so a failed save loses no secret.
    await forgetSecretsLeftBehind(secrets, next, { plug: plugSecretName, endpoint: endpointSecretName })
    for (const capability of others()) notes.push(...((await capability.settingsReplaced?.(next)) ?? []))
    return { ...state, notes }
  }

  return {
    handlers: {
      'settings.get': () => ctx.settingsState(),
      'settings.update': change,
      'settings.exportBackup': async () => {
        const { backupFilename, backupJson } = await backupSupport()
        const now = Date.now()
        return { filename: backupFilename(now), json: backupJson(settings.current, now, version) }
      },
      'settings.importBackup': async ({ json }) => restore(json),
    },
  }
}
