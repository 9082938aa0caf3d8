import { readFileSync } from 'node:fs'
import { endianness } from 'node:os'
import { join } from 'node:path'

/*
 * The two constants /proc/<pid>/stat needs: the tick its times count in and the page size its
 * rss counts in. libc's sysconf(_SC_CLK_TCK) and sysconf(_SC_PAGESIZE) read them from the
 * auxiliary vector the kernel hands every process (AT_CLKTCK, AT_PAGESZ), which Linux shows
 * in /proc/self/auxv: one read of a few hundred bytes, once, and no child process.
 *
 * The defaults hold wherever auxv cannot be read: times in /proc are in USER_HZ, which the
 * kernel converts to from its internal HZ (jiffies_to_clock_t) and fixes at 100 on every
 * architecture Linux runs on today; pages are 4 KiB on x86 and on most arm64 kernels (Apple
 * silicon's Asahi and some server kernels use 16 or 64 KiB, which auxv then tells).
 */

export type KernelConstants = { clockTicksPerSecond: number; pageSizeBytes: number }

export const defaultKernelConstants: KernelConstants = { clockTicksPerSecond: 100, pageSizeBytes: 4096 }

const AT_NULL = 0
const AT_PAGESZ = 6
const AT_CLKTCK = 17

const wide = new Set(['x64', 'arm64', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el'])

/** auxv is pairs of unsigned longs (type, value) in the machine's own width and byte order, ended by AT_NULL. */
export function parseAuxv(bytes: Buffer, wordBytes: 4 | 8, littleEndian: boolean): Partial<KernelConstants> {
  const word = (offset: number): number => {
    if (wordBytes === 4) return littleEndian ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset)
    return Number(littleEndian ? bytes.readBigUInt64LE(offset) : bytes.readBigUInt64BE(offset))
  }
  const found: Partial<KernelConstants> = {}
  for (let offset = 0; offset + 2 * wordBytes <= bytes.length; offset += 2 * wordBytes) {
    const type = word(offset)
    if (type === AT_NULL) break
    if (type === AT_PAGESZ) found.pageSizeBytes = word(offset + wordBytes)
    if (type === AT_CLKTCK) found.clockTicksPerSecond = word(offset + wordBytes)
  }
  return found
}

/** This machine's constants from procRoot/self/auxv, or the defaults when it cannot be read. */
export function readKernelConstants(procRoot: string): KernelConstants {
  try {
    const found = parseAuxv(readFileSync(join(procRoot, 'self/auxv')), wide.has(process.arch) ? 8 : 4, endianness() === 'LE')
    const ticks = found.clockTicksPerSecond
    const page = found.pageSizeBytes
    return {
      clockTicksPerSecond: ticks !== undefined && ticks > 0 ? ticks : defaultKernelConstants.clockTicksPerSecond,
      pageSizeBytes: page !== undefined && page > 0 ? page : defaultKernelConstants.pageSizeBytes,
    }
  } catch {
    return defaultKernelConstants
  }
}
