import { describe, expect, it } from 'vitest'
import { parseBootTime, parseCmdline, parsePidIo, parsePidStat, parseStatusUid, PF_KTHREAD } from '../../../../src/main/core/nodes/procfs/pid-files.ts'

// Literal lines as Linux 6.x prints them (captured, then names changed to the cases under test).
const sshd = '812 (sshd) S 1 812 812 0 -1 4194560 1611 0 8 0 12 34 0 0 20 0 1 0 1843 15327232 2048 18446744073709551615 1 1 0 0 0 0 0 4096 81923 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n'
const kthread = '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 3 0 0 20 0 1 0 1 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n'

describe('parsePidStat', () => {
  it('reads ppid, ticks, start time and rss by field number', () => {
    expect(parsePidStat(sshd)).toEqual({ pid: 812, comm: 'sshd', state: 'S', ppid: 1, flags: 4194560, utimeTicks: 12, stimeTicks: 34, startTimeTicks: 1843, rssPages: 2048 })
  })

  it.each([
    ['spaces', 'tmux: server', 'tmux: server'],
    ['a closing parenthesis and spaces', 'a) S 9 (b', 'a) S 9 (b'],
    ['parentheses only', '()', '()'],
    ['an empty name', '', ''],
  ])('keeps a name with %s whole, and the fields after it in place', (_, comm, expected) => {
    const line = sshd.replace('(sshd)', `(${comm})`)
    const stat = parsePidStat(line)
    expect(stat?.comm).toBe(expected)
    expect(stat?.ppid).toBe(1)
    expect(stat?.startTimeTicks).toBe(1843)
    expect(stat?.rssPages).toBe(2048)
  })

  it('marks kernel threads by PF_KTHREAD', () => {
    expect((parsePidStat(kthread)?.flags ?? 0) & PF_KTHREAD).toBe(PF_KTHREAD)
    expect((parsePidStat(sshd)?.flags ?? 0) & PF_KTHREAD).toBe(0)
  })

  it.each([
    ['no parentheses', '812 sshd S 1'],
    ['a line cut short', '812 (sshd) S 1 812 812 0 -1 4194560'],
    ['no pid', '(sshd) S 1 812 812 0 -1 4194560 1611 0 8 0 12 34 0 0 20 0 1 0 1843 15327232 2048'],
    ['a number that is not', sshd.replace(' 1843 ', ' x ')],
    ['empty text', ''],
  ])('answers null for %s', (_, line) => {
    expect(parsePidStat(line)).toBeNull()
  })
})

describe('the other per-process files', () => {
  it('splits cmdline on NUL, with or without the last NUL', () => {
    expect(parseCmdline('/usr/local/bin/lotus-miner\0run\0')).toEqual(['/usr/local/bin/lotus-miner', 'run'])
    expect(parseCmdline('python3\0neurons/miner.py\0--netuid\x001')).toEqual(['python3', 'neurons/miner.py', '--netuid', '1'])
    expect(parseCmdline('')).toEqual([])
    // A process that rewrote its title (pm2, nginx) leaves one string with spaces.
    expect(parseCmdline('PM2 v5.3.0: God Daemon (/root/.pm2)\0')).toEqual(['PM2 v5.3.0: God Daemon (/root/.pm2)'])
    // An empty argument in the middle is an argument.
    expect(parseCmdline('a\0\0b\0')).toEqual(['a', '', 'b'])
  })

  it('takes the real uid, the first of four', () => {
    expect(parseStatusUid('Name:\tlotus\nUid:\t1001\t0\t0\t0\nGid:\t1001\t1001\t1001\t1001\n')).toBe(1001)
    expect(parseStatusUid('Name:\tlotus\n')).toBeNull()
  })

  it('counts storage bytes, not rchar/wchar', () => {
    const io = 'rchar: 9000\nwchar: 8000\nsyscr: 12\nsyscw: 13\nread_bytes: 4096\nwrite_bytes: 12288\ncancelled_write_bytes: 0\n'
    expect(parsePidIo(io)).toEqual({ readBytes: 4096, writeBytes: 12288 })
    expect(parsePidIo('rchar: 9000\n')).toBeNull()
  })

  it('reads btime from /proc/stat', () => {
    expect(parseBootTime('cpu  1 2 3\nintr 5\nbtime 1767000000\nprocesses 10\n')).toBe(1767000000)
    expect(parseBootTime('cpu  1 2 3\n')).toBeNull()
  })
})
