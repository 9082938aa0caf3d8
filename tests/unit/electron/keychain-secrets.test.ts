import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../../../src/main/core/log.ts'
import { createKeychainSecretStore } from '../../../src/main/electron/keychain-secrets.ts'
import { fakeSafeStorage } from '../../fakes/electron.ts'

const path = (): string => join(mkdtempSync(join(tmpdir(), 'desk-keychain-')), 'secrets.json')

describe('keychain secret store', () => {
  it('keeps only what safeStorage sealed in the file', async () => {
    const file = path()
    const store = createKeychainSecretStore(fakeSafeStorage, file, silentLogger)
    await store.set('plug-1a2b3c4d:secret', 'ha-long-lived-token')
    expect(readFileSync(file, 'utf8')).not.toContain('ha-long-lived-token')
    expect(await createKeychainSecretStore(fakeSafeStorage, file, silentLogger).get('plug-1a2b3c4d:secret')).toBe('ha-long-lived-token')
  })

  it('refuses to keep a secret when the keychain is unavailable', async () => {
    const locked = { ...fakeSafeStorage, isAsyncEncryptionAvailable: () => Promise.resolve(false) }
    const file = path()
    await expect(createKeychainSecretStore(locked, file, silentLogger).set('x', 'y')).rejects.toThrow(/keychain is not available/)
  })

  it.runIf(process.platform === 'linux')('warns once when Linux has no keyring', async () => {
    const warn = vi.fn()
    const basic = { ...fakeSafeStorage, getSelectedStorageBackend: () => 'basic_text' as const }
    const store = createKeychainSecretStore(basic, path(), { ...silentLogger, warn })
    await store.set('a', '1')
    await store.set('b', '2')
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]?.[0]).toMatch(/no keyring/)
  })
})
