import { settingsSchemaVersion } from '../../../shared/contract/settings.ts'

type RawSettings = Record<string, unknown>

/**
 * `migrations[n]` turns a schema-n file into a schema-(n+1) one. Each is a pure function of
 * the parsed JSON; a new schema version adds one entry and raises `settingsSchemaVersion`.
 */
const migrations: Record<number, (old: RawSettings) => RawSettings> = {}

export class NewerSettingsError extends Error {
  override readonly name = 'NewerSettingsError'
}

/** Brings parsed settings JSON up to the current schema, or says why it cannot. */
export function migrateSettings(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw
  let settings = raw as RawSettings
  let version = settings.schemaVersion
  if (typeof version !== 'number' || !Number.isInteger(version)) return raw
  if (version > settingsSchemaVersion) {
    throw new NewerSettingsError(
      `it was written by a newer DePIN Desk (settings schema ${version}; this version understands up to ${settingsSchemaVersion})`,
    )
  }
  while (version < settingsSchemaVersion) {
    const step = migrations[version]
    if (!step) return raw
    settings = { ...step(settings), schemaVersion: version + 1 }
    version += 1
  }
  return settings
}
