import { describe, expect, it, vi } from 'vitest'
import { defaultSettings, Settings } from '../../../src/shared/contract/settings.ts'
import { DeskError } from '../../../src/main/core/errors.ts'
import { backupFilename, backupJson, restoreSettings, type SecretsHere } from '../../../src/main/core/store/settings-backup.ts'
import type * as Migrations from '../../../src/main/core/store/settings-migrations.ts'
import { throwawayHexKey, throwawayPhrase, wordRuns } from '../../support/throwaway-secrets.ts'

// Schema 1 is the first, so no real migration exists yet: a schema-0 backup stands in for the
// next one, to show a restore runs the settings file's migrations before it validates.
vi.mock('../../../src/main/core/store/settings-migrations.ts', async (importOriginal) => {
  const real = await importOriginal<typeof Migrations>()
  const fromZero = (raw: unknown): unknown => {
    if (typeof raw !== 'object' || raw === null || !('schemaVersion' in raw) || raw.schemaVersion !== 0) return raw
    const { fiatCurrency, ...rest } = raw as Record<string, unknown>
    return { ...rest, schemaVersion: 1, currency: fiatCurrency }
  }
  return { ...real, migrateSettings: (raw: unknown) => real.migrateSettings(fromZero(raw)) }
})

const now = Date.UTC(2025, 0, 31, 14, 5, 0)
const twelveWords = throwawayPhrase()

const settings: Settings = Settings.parse({
  schemaVersion: 1,
  monitoring: { paused: true, sampleIntervalMs: 2000 },
  power: {
    plugs: [
      { id: 'plug-aaaaaaaa', kind: 'home-assistant', address: 'ha.local:8123', channel: 0, entityId: 'sensor.rig_power', label: 'Rig plug', scope: 'wall', pollMs: 5000, hasSecret: true },
      { id: 'plug-bbbbbbbb', kind: 'shelly-gen2', address: '192.168.1.20:80', channel: 1, label: 'GPU plug', scope: 'component', pollMs: 2000, hasSecret: false },
    ],
  },
  currency: 'eur',
  wallets: [
    { id: 'wallet-aaaaaaaa', network: 'grass', address: '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV', label: 'Grass node', addedAt: now - 1000 },
    { id: 'wallet-bbbbbbbb', network: 'akash', address: 'akash1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq', label: 'Provider', addedAt: now - 500 },
  ],
  walletRefreshMinutes: 15,
  prices: { overrides: { GRASS: '0.55' } },
  customEndpoints: ['solana', 'ethereum'],
  profit: {
    tariff: [{ label: 'flat', pricePerKwh: '0.31', days: [0, 1, 2, 3, 4, 5, 6], fromHour: 0, toHour: 24 }],
    timeZone: 'Europe/Berlin',
    costs: { grass: { hardwareCost: '899.99', purchasedAt: now - 86_400_000, lifetimeMonths: 24, monthlyCosts: [{ label: 'internet', amount: '5' }], alreadyOwned: false } },
    devices: { 'nvidia:GPU-1234': 'akash' },
    shares: { grass: 1, akash: 3 },
    idleBaselineWatts: 80,
  },
})

const everything: SecretsHere = { plug: () => true, endpoint: () => true }

/** The backup as parsed JSON, edited by `change`, as text again: a hand-edited file. */
function edited(change: (backup: Record<string, unknown> & { settings: Record<string, unknown> }) => void): string {
  const backup = JSON.parse(backupJson(settings, now, '0.2.0')) as Record<string, unknown> & { settings: Record<string, unknown> }
  change(backup)
  return JSON.stringify(backup)
}

function refusal(json: string, here: SecretsHere = everything): DeskError {
  try {
    restoreSettings(json, settings, here)
  } catch (error) {
    if (error instanceof DeskError) return error
    throw error
  }
  throw new Error('the backup was restored')
}

describe('backupJson', () => {
  it('writes pretty JSON saying what it is, when, and which secrets it left out', () => {
    const text = backupJson(settings, now, '0.2.0')
    expect(text.startsWith('{\n  "app": "DePIN Desk",\n  "kind": "settings-backup",\n  "version": "0.2.0",\n  "exportedAt": "2025-01-31T14:05:00.000Z",')).toBe(true)
    expect(text.endsWith('}\n')).toBe(true)
    const backup = JSON.parse(text) as Record<string, unknown>
    expect(backup.settings).toEqual(settings)
    expect(backup.notIncluded).toEqual([
      'secrets: they stay in the secret store of the machine that made this backup',
      'the token or password of plug "Rig plug" (plug-aaaaaaaa): re-enter it after restoring on another machine',
      'your own URL for the solana endpoint (it may hold an API key): set it again after restoring on another machine',
      'your own URL for the ethereum endpoint (it may hold an API key): set it again after restoring on another machine',
      'the rewards ledger and the power history: they are data, not settings',
    ])
  })

  it('names the file by the UTC day', () => {
    expect(backupFilename(now)).toBe('depin-desk-settings-2025-01-31.json')
  })
})

describe('restoreSettings', () => {
  it('restores exactly what was backed up when this machine has its secrets', () => {
    expect(restoreSettings(backupJson(settings, now, '0.2.0'), defaultSettings, everything)).toEqual({ settings, notes: [] })
  })

  it('keeps a plug whose token is missing, drops an endpoint whose URL is missing, and says what went', () => {
    const here: SecretsHere = { plug: (id) => id !== 'plug-aaaaaaaa', endpoint: (key) => key !== 'ethereum' }
    const current = Settings.parse({
      schemaVersion: 1,
      wallets: [...settings.wallets, { id: 'wallet-cccccccc', network: 'grass', address: 'GrassOther111111111111111111111111111111111', label: 'Old laptop', addedAt: now }],
      power: { plugs: [{ ...settings.power.plugs[1], id: 'plug-cccccccc', label: 'Desk plug' }] },
    })
    const restored = restoreSettings(backupJson(settings, now, '0.2.0'), current, here)
    expect(restored.settings).toEqual({ ...settings, customEndpoints: ['solana'] })
    expect(restored.settings.power.plugs[0]?.hasSecret).toBe(true)
    expect(restored.notes).toEqual([
      'Your own URL for the ethereum endpoint is not on this machine (it is a secret and stays out of backups); set it again under Endpoints.',
      'Re-enter the token for plug "Rig plug": it is not on this machine. Remove the plug and add it again with its token.',
      'Wallets not in the backup were removed: "Old laptop".',
      'Plugs not in the backup were removed: "Desk plug".',
    ])
  })

  it('fills in the defaults of sections an older backup does not have', () => {
    const json = edited((backup) => {
      delete backup.settings.profit
      delete backup.settings.customEndpoints
      delete backup.settings.prices
    })
    const restored = restoreSettings(json, defaultSettings, everything)
    expect(restored.settings).toEqual({ ...settings, profit: defaultSettings.profit, customEndpoints: [], prices: { overrides: {} } })
  })

  it('migrates a backup from an older schema version before validating it', () => {
    const json = edited((backup) => {
      const { currency, ...rest } = backup.settings
      backup.settings = { ...rest, schemaVersion: 0, fiatCurrency: currency }
    })
    expect(restoreSettings(json, defaultSettings, everything).settings).toEqual(settings)
  })

  it.each([
    ['not JSON', '{"app": "DePIN Desk",', 'the file is not valid JSON, so it is not a DePIN Desk settings backup.'],
    [
      'the settings file itself',
      JSON.stringify(settings),
      'the file is not a DePIN Desk settings backup (one made with "Back up settings" starts with "app": "DePIN Desk", "kind": "settings-backup").',
    ],
    [
      'another kind of file',
      JSON.stringify({ app: 'DePIN Desk', kind: 'earnings', settings }),
      'the file is not a DePIN Desk settings backup (one made with "Back up settings" starts with "app": "DePIN Desk", "kind": "settings-backup").',
    ],
    [
      'a list',
      '[]',
      'the file is not a DePIN Desk settings backup (one made with "Back up settings" starts with "app": "DePIN Desk", "kind": "settings-backup").',
    ],
    [
      'a newer schema',
      edited((backup) => (backup.settings.schemaVersion = 7)),
      'it was written by a newer DePIN Desk (settings schema 7; this version understands up to 1). Update DePIN Desk, then restore it.',
    ],
    [
      'an invalid field',
      edited((backup) => ((backup.settings.wallets as { label: string }[])[1] = { ...settings.wallets[1], label: '' } as never)),
      'settings.wallets.1.label: Too small: expected string to have >=1 characters.',
    ],
    ['an unknown field', edited((backup) => (backup.settings.theme = 'dark')), 'settings: Unrecognized key: "theme".'],
    ['no settings', JSON.stringify({ app: 'DePIN Desk', kind: 'settings-backup' }), 'settings: Invalid input: expected object, received undefined.'],
  ])('refuses %s, naming why, and changes nothing', (_what, json, reason) => {
    const error = refusal(json)
    expect(error.message).toBe(`This backup was not restored, nothing was changed: ${reason}`)
    expect(error.code).toBe('invalid-input')
    expect(error.field).toBe('json')
  })

  it('refuses a wallet address that is a seed phrase, without repeating it', () => {
    const json = edited((backup) => ((backup.settings.wallets as { address: string }[])[0] = { ...settings.wallets[0], address: twelveWords } as never))
    const error = refusal(json)
    expect(error.message).toBe(
      'This backup was not restored, nothing was changed: settings.wallets.0.address holds what looks like a 12-word recovery (seed) phrase. ' +
        'DePIN Desk never keeps recovery phrases or private keys: take it out of the file and restore again.',
    )
    for (const run of wordRuns(twelveWords, 3)) expect(error.message).not.toContain(run)
  })

  it('refuses a private key hidden anywhere, even as a name in a map', () => {
    const key = throwawayHexKey()
    const inLabel = refusal(edited((backup) => ((backup.settings.power as { plugs: { label: string }[] }).plugs[1] = { ...settings.power.plugs[1], label: `0x${key}` } as never)))
    expect(inLabel.message).toContain('settings.power.plugs.1.label holds what looks like a private key (hex).')
    const asName = refusal(edited((backup) => ((backup.settings.profit as { devices: Record<string, string> }).devices = { [key]: 'akash' })))
    expect(asName.message).toContain('a name in settings.profit.devices holds what looks like a private key (hex).')
    expect(asName.message).not.toContain(key)
  })
})
