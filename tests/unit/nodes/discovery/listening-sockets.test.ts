import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addressBytes, formatIpv6, parseNetTcp, readListeningSockets, socketInodes } from '../../../../src/main/core/nodes/procfs/listening-sockets.ts'
import { writeMachine } from '../../../fixtures/procfs-nodes/fake-procfs.ts'

// Captured from an x86_64 machine (little-endian): sshd on 0.0.0.0:22, lotus on 127.0.0.1:1234,
// an established connection (state 01) that must be skipped, a provider on 0.0.0.0:8443.
const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20562 1 0000000000000000 100 0 0 10 0
   1: 0100007F:04D2 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1001        0 88213 1 0000000000000000 100 0 0 10 0
   2: 0F02000A:0016 0202000A:C51E 01 00000000:00000000 02:0009C2E5 00000000     0        0 93411 4 0000000000000000 20 4 30 10 -1
   3: 00000000:20FB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 40001 1 0000000000000000 100 0 0 10 0
`

// ::1:9944, :::30333, ::ffff:127.0.0.1:2345 (v4-mapped), 2001:db8::5:443, fe80::1:8080.
const tcp6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:26D8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 50001 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000000000000:767D 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 50002 1 0000000000000000 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:0929 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 50003 1 0000000000000000 100 0 0 10 0
   3: B80D0120000000000000000005000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 50004 1 0000000000000000 100 0 0 10 0
   4: 000080FE000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 50005 1 0000000000000000 100 0 0 10 0
`

describe('parseNetTcp', () => {
  it('decodes IPv4 LISTEN rows, byte-reversed words and host-order ports', () => {
    expect(parseNetTcp(tcp, 'ipv4', true)).toEqual([
      { inode: 20562, address: '0.0.0.0', port: 22, family: 'ipv4' },
      { inode: 88213, address: '127.0.0.1', port: 1234, family: 'ipv4' },
      { inode: 40001, address: '0.0.0.0', port: 8443, family: 'ipv4' },
    ])
  })

  it('decodes IPv6 rows word by word, v4-mapped included', () => {
    expect(parseNetTcp(tcp6, 'ipv6', true).map((s) => `${s.address} ${String(s.port)} ${String(s.inode)}`)).toEqual([
      '::1 9944 50001',
      ':: 30333 50002',
      '::ffff:127.0.0.1 2345 50003',
      '2001:db8::5 443 50004',
      'fe80::1 8080 50005',
    ])
  })

  it('reads a big-endian machine’s words in order', () => {
    const line = '  sl  local_address rem_address   st\n   0: 7F000001:04D2 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0  0 77 1\n'
    expect(parseNetTcp(line, 'ipv4', false)).toEqual([{ inode: 77, address: '127.0.0.1', port: 1234, family: 'ipv4' }])
    expect(formatIpv6(addressBytes('00000000000000000000000000000001', false))).toBe('::1')
  })

  it.each([
    ['an empty file', ''],
    ['only the header', tcp.split('\n')[0] ?? ''],
    ['a wrong-length address', '  sl\n   0: 0100007F00:04D2 00000000:0000 0A 0:0 0:0 0 0 0 12 1\n'],
    ['a row cut short', '  sl\n   0: 0100007F:04D2 00000000:0000 0A\n'],
  ])('skips %s', (_, text) => {
    expect(parseNetTcp(text, 'ipv4', true)).toEqual([])
  })
})

describe('formatIpv6', () => {
  const bytes = (groups: number[]): number[] => groups.flatMap((g) => [g >> 8, g & 0xff])
  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'],
    [[0x2001, 0xdb8, 0, 1, 0, 0, 0, 1], '2001:db8:0:1::1'],
    [[0x2001, 0xdb8, 1, 2, 3, 4, 5, 0], '2001:db8:1:2:3:4:5:0'],
    [[0xfe80, 0, 0, 0, 0, 0, 0, 0], 'fe80::'],
  ])('%j → %s (RFC 5952)', (groups, text) => {
    expect(formatIpv6(bytes(groups))).toBe(text)
  })
})

describe('reading sockets from a fake /proc', () => {
  it('joins tcp and tcp6, and a process’s socket inodes', () => {
    const procRoot = mkdtempSync(join(tmpdir(), 'desk-sockets-'))
    writeMachine(procRoot, {
      bootTimeSeconds: 1,
      processes: [{ pid: 6000, ppid: 1, comm: 'lotus', cmdline: ['/usr/local/bin/lotus', 'daemon'], sockets: [88213, 50002] }],
      tcp: tcp.split('\n').slice(1).join('\n'),
      tcp6: tcp6.split('\n').slice(1).join('\n'),
    })
    const sockets = readListeningSockets(procRoot)
    expect(sockets).toHaveLength(8)
    const held = socketInodes(procRoot, 6000)
    expect(held).toEqual(new Set([88213, 50002]))
    expect(sockets.filter((s) => held?.has(s.inode)).map((s) => `${s.address}:${String(s.port)}`)).toEqual(['127.0.0.1:1234', ':::30333'])
    // A process that has ended holds nothing; a namespace without tcp6 has only tcp.
    expect(socketInodes(procRoot, 999)).toEqual(new Set())
    expect(readListeningSockets(procRoot, 999)).toEqual([])
  })
})
