import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadOrCreateToken, tokenFileName } from '../../../src/main/agent/token.ts'

const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'desk-token-')), 'data')

describe('loadOrCreateToken', () => {
  it('creates a 256-bit token readable by the owner alone, then reuses it', () => {
    const dir = fresh()
    const first = loadOrCreateToken(dir)
    expect(first.created).toBe(true)
    expect(first.token).toMatch(/^[0-9a-f]{64}$/)
    expect(statSync(first.path).mode & 0o777).toBe(0o600)
    expect(readFileSync(first.path, 'utf8').trim()).toBe(first.token)
    const second = loadOrCreateToken(dir)
    expect(second).toEqual({ ...first, created: false })
  })

  it('tightens a token file that others can read', () => {
    const dir = fresh()
    const { path } = loadOrCreateToken(dir)
    chmodSync(path, 0o644)
    loadOrCreateToken(dir)
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('refuses a file that does not hold a token, rather than overwrite it', () => {
    const dir = fresh()
    loadOrCreateToken(dir)
    writeFileSync(join(dir, tokenFileName), 'not a token')
    expect(() => loadOrCreateToken(dir)).toThrow(/does not hold an agent token/)
    expect(readFileSync(join(dir, tokenFileName), 'utf8')).toBe('not a token')
  })
})
