import { readFileSync } from 'node:fs'
import { sweepStaleTemporaries, writeFileAtomic } from './atomic-file.ts'
import { fallbackLog, tightenPrivateFile, type PrivateLog } from './private-files.ts'
import { assertSecretName, type SecretStore } from './secret-store.ts'

/**
 * The agent's secrets: a JSON map in a file readable by its owner alone (0600), written
 * atomically. A copy with wider permissions is tightened on open. The values are encoded
 * by `seal`/`open`, which the desktop shell sets to the OS keychain's encryption.
 */
export function createFileSecretStore(
  path: string,
  codec: { seal(value: string): Promise<string>; open(sealed: string): Promise<string> } = plainCodec,
  log: PrivateLog = fallbackLog,
): SecretStore {
  sweepStaleTemporaries(path, log)
  const load = (): Record<string, string> => {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw error
    }
    tightenPrivateFile(path, log)
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path} is not a secrets file`)
    return parsed as Record<string, string>
  }
  const save = (all: Record<string, string>): void => writeFileAtomic(path, `${JSON.stringify(all)}\n`, 0o600)
  return {
    async get(name) {
      assertSecretName(name)
      const sealed = load()[name]
      return sealed === undefined ? undefined : codec.open(sealed)
    },
    async set(name, value) {
      assertSecretName(name)
      const all = load()
      all[name] = await codec.seal(value)
      save(all)
    },
    async delete(name) {
      assertSecretName(name)
      const all = load()
      if (!(name in all)) return
      save(Object.fromEntries(Object.entries(all).filter(([key]) => key !== name)))
    },
    names: () => Promise.resolve(Object.keys(load())),
  }
}

const plainCodec = {
  seal: (value: string) => Promise.resolve(value),
  open: (sealed: string) => Promise.resolve(sealed),
}
