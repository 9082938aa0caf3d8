import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isPlugKind, plugProtocols } from '../../../src/main/core/hardware/power/plugs/index.ts'

const plugsDir = join(import.meta.dirname, '../../../src/main/core/hardware/power/plugs')
/** The shared modules; every other file in the folder is one protocol. */
const shared = new Set(['index.ts', 'plug-http.ts', 'plug-address.ts'])

describe('the plug protocol registry', () => {
  it('lists every protocol module in the folder, and nothing else', () => {
    const modules = readdirSync(plugsDir)
      .filter((file) => file.endsWith('.ts') && !shared.has(file))
      .map((file) => file.replace(/\.ts$/, ''))
    expect(Object.keys(plugProtocols).sort()).toEqual(modules.sort())
  })

  it('gives every protocol what settings need to offer it', () => {
    for (const protocol of Object.values(plugProtocols)) {
      expect(protocol.label).not.toBe('')
      expect(Number.isInteger(protocol.defaultPort)).toBe(true)
      expect(protocol.secret === 'none' || typeof protocol.secretLabel === 'string').toBe(true)
    }
  })

  it('knows its kinds and nothing inherited', () => {
    expect(isPlugKind('kasa')).toBe(true)
    expect(['__proto__', 'constructor', 'toString', 'KASA', '', null, 1].some(isPlugKind)).toBe(false)
  })
})
