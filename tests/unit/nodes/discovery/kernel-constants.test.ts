import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultKernelConstants, parseAuxv, readKernelConstants } from '../../../../src/main/core/nodes/procfs/kernel-constants.ts'

/** An auxv image: (type, value) pairs then AT_NULL, in the given width and byte order. */
function auxv(pairs: [number, number][], wordBytes: 4 | 8, littleEndian: boolean): Buffer {
  const buffer = Buffer.alloc((pairs.length + 1) * 2 * wordBytes)
  const write = (value: number, at: number): void => {
    if (wordBytes === 4) {
      if (littleEndian) buffer.writeUInt32LE(value, at)
      else buffer.writeUInt32BE(value, at)
    } else if (littleEndian) buffer.writeBigUInt64LE(BigInt(value), at)
    else buffer.writeBigUInt64BE(BigInt(value), at)
  }
  ;[...pairs, [0, 0]].forEach(([type, value], i) => {
    write(type ?? 0, i * 2 * wordBytes)
    write(value ?? 0, i * 2 * wordBytes + wordBytes)
  })
  return buffer
}

// AT_SYSINFO_EHDR 33, AT_HWCAP 16, AT_PAGESZ 6, AT_CLKTCK 17, AT_PHDR 3: the order a kernel writes them.
const typical: [number, number][] = [
  [33, 0x7ffd12345000],
  [16, 0x178bfbff],
  [6, 16384],
  [17, 100],
  [3, 0x400040],
]

describe('parseAuxv', () => {
  it.each([
    [8, true],
    [8, false],
    [4, true],
    [4, false],
  ] as const)('reads AT_PAGESZ and AT_CLKTCK from %i-byte words (little-endian: %s)', (width, le) => {
    const pairs = width === 4 ? typical.map(([t, v]): [number, number] => [t, v % 2 ** 32]) : typical
    expect(parseAuxv(auxv(pairs, width, le), width, le)).toEqual({ pageSizeBytes: 16384, clockTicksPerSecond: 100 })
  })

  it('stops at AT_NULL and ignores what follows', () => {
    const bytes = Buffer.concat([auxv([[17, 100]], 8, true), auxv([[6, 65536]], 8, true)])
    expect(parseAuxv(bytes, 8, true)).toEqual({ clockTicksPerSecond: 100 })
  })

  it('reads nothing from a truncated or empty vector', () => {
    expect(parseAuxv(Buffer.alloc(0), 8, true)).toEqual({})
    expect(parseAuxv(auxv([[6, 4096]], 8, true).subarray(0, 12), 8, true)).toEqual({})
  })
})

describe('readKernelConstants', () => {
  it('reads this machine: 100 ticks, the page size the kernel reports', () => {
    const constants = readKernelConstants('/proc')
    expect(constants.clockTicksPerSecond).toBe(100)
    expect([4096, 16384, 65536]).toContain(constants.pageSizeBytes)
  })

  it('falls back to 100 and 4096 where auxv is missing or says nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'desk-auxv-'))
    expect(readKernelConstants(root)).toEqual(defaultKernelConstants)
    mkdirSync(join(root, 'self'))
    writeFileSync(join(root, 'self/auxv'), auxv([[33, 1]], 8, true))
    expect(readKernelConstants(root)).toEqual(defaultKernelConstants)
  })
})
