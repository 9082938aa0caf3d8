import { createFileSecretStore } from '../core/store/file-secret-store.ts'
import type { SecretStore } from '../core/store/secret-store.ts'
import type { Logger } from '../core/log.ts'
import type { ShellSafeStorage } from './shell-electron.ts'

/**
 * The desktop's secrets: each value sealed by the OS keychain through safeStorage (Keychain,
 * DPAPI, libsecret/kwallet), then kept in a 0600 file. Where Linux has no keyring, Electron
 * falls back to a fixed key ('basic_text'): still sealed, but say so.
 */
export function createKeychainSecretStore(safeStorage: ShellSafeStorage, path: string, log: Logger): SecretStore {
  let checked = false
  const check = async (): Promise<void> => {
    if (checked) return
    checked = true
    if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new Error('the OS keychain is not available to seal secrets')
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      log.warn('no keyring (gnome-libsecret or kwallet) found: secrets are sealed with Electron\'s fixed key and protected by file permissions only')
    }
  }
  const codec = {
    seal: async (value: string) => {
      await check()
      return (await safeStorage.encryptStringAsync(value)).toString('base64')
    },
    open: async (sealed: string) => {
      await check()
      return (await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'))).result
    },
  }
  return createFileSecretStore(path, codec, log)
}
