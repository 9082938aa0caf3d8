import { describe, expect, it } from 'vitest'
import { migrateSettings, NewerSettingsError } from '../../../src/main/core/store/settings-migrations.ts'

describe('migrateSettings', () => {
  it('passes the current version through', () => {
    const current = { schemaVersion: 1, monitoring: { paused: true } }
    expect(migrateSettings(current)).toBe(current)
  })

  it.each([null, 'text', [1], { monitoring: {} }, { schemaVersion: '1' }])('leaves %j for validation to refuse', (raw) => {
    expect(migrateSettings(raw)).toBe(raw)
  })

  it('refuses a file from a newer version', () => {
    expect(() => migrateSettings({ schemaVersion: 2 })).toThrow(NewerSettingsError)
  })
})
