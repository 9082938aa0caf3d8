import { describe, expect, it } from 'vitest'
import { defaultSettings, Settings } from '../../../src/shared/contract/settings.ts'
import { DeskError } from '../../../src/main/core/errors.ts'
import { createMemorySecretStore } from '../../../src/main/core/store/memory-secret-store.ts'
import { backupJson, forgetSecretsLeftBehind, restoreSettings, secretsLeftBehind, type SecretNames } from '../../../src/main/core/store/settings-backup.ts'
import { throwawayHexKey } from '../../support/throwaway-secrets.ts'

/* A hostile backup and the secrets a restore leaves behind (issue 15). */

const now = Date.UTC(2025, 0, 31)
const everything = { plug: () => true, endpoint: () => true }
const names: SecretNames = { plug: (id) => `${id}:secret`, endpoint: (key) => `endpoint:${key}:url` }

/** A backup file whose settings are `inner` wrapped in `depth` levels of `{ "a": … }`, written as text (stringify would overflow too). */
function nested(depth: number, inner: unknown = {}): string {
  const backup = JSON.parse(backupJson(defaultSettings, now, 't')) as Record<string, unknown>
  const settings = `${'{"a":'.repeat(depth)}${JSON.stringify(inner)}${'}'.repeat(depth)}`
  return JSON.stringify({ ...backup, settings: 'here' }).replace('"here"', settings)
}

function refusal(json: string): DeskError {
  try {
    restoreSettings(json, defaultSettings, everything)
  } catch (error) {
    if (error instanceof DeskError) return error
    throw error
  }
  throw new Error('the backup was restored')
}

describe('restoreSettings on deeply nested settings', () => {
  it.each([20_000, 33])('refuses settings %i levels deep with a clear reason, not a stack overflow', (depth) => {
    const error = refusal(nested(depth))
    expect(error).toMatchObject({ code: 'invalid-input', field: 'json' })
    expect(error.message).toBe('This backup was not restored, nothing was changed: the settings nest more than 32 levels deep; DePIN Desk\'s own never do.')
  })

  it('still finds a secret 31 levels down, and names where', () => {
    const error = refusal(nested(31, `0x${throwawayHexKey()}`))
    expect(error.message).toContain(`settings${'.a'.repeat(31)} holds what looks like a private key (hex).`)
  })

  it('reports the first secret in document order, keys before their values', () => {
    const key = throwawayHexKey()
    const error = refusal(nested(0, { b: [{ [key]: `0x${throwawayHexKey()}` }], c: `0x${key}` }))
    expect(error.message).toContain('a name in settings.b.0 holds what looks like a private key (hex).')
    expect(error.message).not.toContain(key)
  })
})

describe('secretsLeftBehind', () => {
  const restored = Settings.parse({
    schemaVersion: 1,
    power: { plugs: [{ id: 'plug-aaaaaaaa', kind: 'tasmota', address: '10.0.0.5:80', channel: 0, label: 'Rig', scope: 'wall', pollMs: 5000, hasSecret: true }] },
    customEndpoints: ['solana'],
  })

  it('names the plug and endpoint secrets no restored setting uses, and nothing else', () => {
    const stored = [
      'plug-aaaaaaaa:secret',
      'plug-bbbbbbbb:secret',
      'endpoint:solana:url',
      'endpoint:ethereum:url',
      'alerts:webhook',
      'plug-cccccccc:token',
      'endpoint:not-a-key:url',
    ]
    expect(secretsLeftBehind(stored, restored, names)).toEqual(['plug-bbbbbbbb:secret', 'endpoint:ethereum:url'])
  })

  it('forgets them in the secret store and keeps the rest', async () => {
    const secrets = createMemorySecretStore()
    for (const name of ['plug-aaaaaaaa:secret', 'plug-bbbbbbbb:secret', 'endpoint:ethereum:url', 'alerts:webhook']) await secrets.set(name, 'x')
    await forgetSecretsLeftBehind(secrets, restored, names)
    expect((await secrets.names()).sort()).toEqual(['alerts:webhook', 'plug-aaaaaaaa:secret'])
  })
})
