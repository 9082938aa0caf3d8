import { assertSecretName, type SecretStore } from './secret-store.ts'

/** Secrets for a run without a data dir (tests, throwaway agents): gone when the process ends. */
export function createMemorySecretStore(): SecretStore {
  const values = new Map<string, string>()
  return {
    async get(name) {
      assertSecretName(name)
      return values.get(name)
    },
    async set(name, value) {
      assertSecretName(name)
      values.set(name, value)
    },
    async delete(name) {
      assertSecretName(name)
      values.delete(name)
    },
    async names() {
      return [...values.keys()]
    },
  }
}
