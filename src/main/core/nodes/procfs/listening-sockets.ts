import { readdirSync } from 'node:fs'
import { endianness } from 'node:os'
import { join } from 'node:path'
import type { ListeningSocket } from '../node-facts.ts'
import { isDenied, isGone, readlinkOrNull, readOrNull } from './proc-files.ts'

/*
 * TCP sockets in LISTEN state, from /proc/net/tcp and /proc/net/tcp6, and which of them a
 * process holds (the socket inodes behind /proc/<pid>/fd). The kernel prints each address as
 * 32-bit words in the machine's own byte order (%08X of the network-order bytes read as a
 * host integer), so on little-endian machines each word's bytes come out reversed; the port
 * is printed already in host order. See net/ipv4/tcp_ipv4.c and net/ipv6/tcp_ipv6.c.
 */

/** TCP_LISTEN in include/net/tcp_states.h, printed as %02X. */
const LISTEN = '0A'

const hostIsLittleEndian = endianness() === 'LE'

/** The bytes of one printed 32-bit word, in network order. */
function wordBytes(hex: string, littleEndian: boolean): number[] {
  const bytes = [0, 2, 4, 6].map((at) => parseInt(hex.slice(at, at + 2), 16))
  return littleEndian ? bytes.reverse() : bytes
}

/** Network-order bytes of a printed address: 8 hex digits for IPv4, 32 (four words) for IPv6. */
export function addressBytes(hex: string, littleEndian = hostIsLittleEndian): number[] {
  const bytes: number[] = []
  for (let at = 0; at < hex.length; at += 8) bytes.push(...wordBytes(hex.slice(at, at + 8), littleEndian))
  return bytes
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as '::', v4-mapped as ::ffff:a.b.c.d. */
export function formatIpv6(bytes: readonly number[]): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0))
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${bytes.slice(12, 16).join('.')}`
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let end = i
    while (end < 8 && groups[end] === 0) end++
    if (end - i > bestLength) [bestStart, bestLength] = [i, end - i]
    i = end
  }
  const text = groups.map((g) => g.toString(16))
  if (bestStart < 0) return text.join(':')
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLength).join(':')}`
}

/** The LISTEN rows of one /proc/net/tcp or tcp6 file. Rows that are not that shape are skipped. */
export function parseNetTcp(text: string, family: 'ipv4' | 'ipv6', littleEndian = hostIsLittleEndian): ListeningSocket[] {
  const sockets: ListeningSocket[] = []
  for (const line of text.split('\n').slice(1)) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
    const fields = line.trim().split(/\s+/)
    if (fields.length < 10 || fields[3] !== LISTEN) continue
    const [addressHex, portHex] = (fields[1] ?? '').split(':')
    if (addressHex === undefined || portHex === undefined || addressHex.length !== (family === 'ipv4' ? 8 : 32)) continue
    const bytes = addressBytes(addressHex, littleEndian)
    sockets.push({
      inode: Number(fields[9]),
      address: family === 'ipv4' ? bytes.join('.') : formatIpv6(bytes),
      port: parseInt(portHex, 16),
      family,
    })
  }
  return sockets
}

/**
 * Listening TCP sockets of a network namespace: the one this process sees (procRoot/net), or
 * the one `pid` runs in (procRoot/<pid>/net), which for a container with its own network is
 * not ours. A file that cannot be read adds nothing (IPv6 disabled has no tcp6).
 */
export function readListeningSockets(procRoot: string, pid?: number): ListeningSocket[] {
  const dir = pid === undefined ? join(procRoot, 'net') : join(procRoot, String(pid), 'net')
  const v4 = readOrNull(join(dir, 'tcp'))
  const v6 = readOrNull(join(dir, 'tcp6'))
  return [...(v4 === null ? [] : parseNetTcp(v4, 'ipv4')), ...(v6 === null ? [] : parseNetTcp(v6, 'ipv6'))]
}

/**
 * The socket inodes a process holds open (its fd links read "socket:[12345]"), to match against
 * the listening sockets. Null when the process is another user's and its fds cannot be read;
 * empty when it has none or has ended. Called for node processes only: one readlink per fd.
 */
export function socketInodes(procRoot: string, pid: number): Set<number> | null {
  const dir = join(procRoot, String(pid), 'fd')
  let fds: string[]
  try {
    fds = readdirSync(dir)
  } catch (error) {
    if (isDenied(error)) return null
    if (isGone(error)) return new Set()
    throw error
  }
  const inodes = new Set<number>()
  for (const fd of fds) {
    const target = readlinkOrNull(join(dir, fd))
    const inode = target === null ? undefined : /^socket:\[(\d+)\]$/.exec(target)?.[1]
    if (inode !== undefined) inodes.add(Number(inode))
  }
  return inodes
}
