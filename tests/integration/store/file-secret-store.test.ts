import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileSecretStore } from '../../../src/main/core/store/file-secret-store.ts'

const freshPath = (): string => join(mkdtempSync(join(tmpdir(), 'desk-secrets-')), 'secrets.json')

describe('file secret store', () => {
  it('keeps, lists and deletes secrets in a file only its owner can read', async () => {
    const path = freshPath()
    const store = createFileSecretStore(path)
    expect(await store.get('plug:rig:token')).toBeUndefined()
    await store.set('plug:rig:token', 'eyJhbGciOi.long-lived')
    await store.set('rpc:solana:key', 'k-123')
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(await createFileSecretStore(path).get('plug:rig:token')).toBe('eyJhbGciOi.long-lived')
    expect(await store.names()).toEqual(['plug:rig:token', 'rpc:solana:key'])
    await store.delete('plug:rig:token')
    expect(await store.names()).toEqual(['rpc:solana:key'])
  })

  it('tightens a file others can read', async () => {
    const path = freshPath()
    const store = createFileSecretStore(path)
    await store.set('a', '1')
    chmodSync(path, 0o644)
    await store.get('a')
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('stores what the codec seals, not the value', async () => {
    const path = freshPath()
    const codec = {
      seal: (v: string) => Promise.resolve(Buffer.from(v).toString('base64')),
      open: (s: string) => Promise.resolve(Buffer.from(s, 'base64').toString()),
    }
    const store = createFileSecretStore(path, codec)
    await store.set('webhook', 'https://hooks.example/secret-path')
    expect(readFileSync(path, 'utf8')).not.toContain('secret-path')
    expect(await store.get('webhook')).toBe('https://hooks.example/secret-path')
  })

  it.each(['', 'a b', '../etc', 'x'.repeat(200)])('refuses the name %j', async (name) => {
    await expect(createFileSecretStore(freshPath()).set(name, 'v')).rejects.toThrow(RangeError)
  })
})
