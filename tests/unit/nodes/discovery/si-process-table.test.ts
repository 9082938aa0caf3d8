import { describe, expect, it } from 'vitest'
import { signatures } from '../../../../src/main/core/nodes/signatures/index.ts'
import { recognize } from '../../../../src/main/core/nodes/signatures/recognize.ts'
import { parseStarted, SiProcessTable, splitWindowsCommandLine, type SiProcess } from '../../../../src/main/core/nodes/other-os/si-process-table.ts'

// Rows shaped as systeminformation 5.x's processes() builds them (lib/processes.js): on macOS
// from `ps -axo …` (command cut into path, command, params); on Windows from Win32_Process
// (command = CommandLine, path = ExecutablePath, user empty, cpu = share of the whole machine).
const mac: SiProcess[] = [
  { pid: 1, parentPid: 0, name: 'launchd', cpu: 0.1, memRss: 12_000, started: '2025-01-16 08:00:00', user: 'root', command: 'launchd', params: '', path: '/sbin' },
  { pid: 812, parentPid: 1, name: 'Grass', cpu: 50, memRss: 150_000, started: '2025-01-16 09:00:00', user: 'op', command: 'Grass', params: '', path: '/Applications/Grass.app/Contents/MacOS' },
]
const windows: SiProcess[] = [
  {
    pid: 4420,
    parentPid: 700,
    name: 'rndrclient.exe',
    cpu: 25,
    memRss: 800_000,
    started: '2025-01-16 09:30:00',
    user: '',
    command: '"C:\\Program Files\\OTOY\\RNDR\\rndrclient.exe" --wallet "0xabc def"',
    params: '',
    path: 'C:\\Program Files\\OTOY\\RNDR\\rndrclient.exe',
  },
]

function table(rows: () => SiProcess[], platform: NodeJS.Platform, clock: { now: number }): SiProcessTable {
  return new SiProcessTable({ processes: async () => ({ list: rows() }), platform, cores: 8, now: () => clock.now, currentUser: { username: 'op', uid: 501 } })
}

describe('SiProcessTable', () => {
  it('maps macOS rows to facts, saying what it cannot know', async () => {
    const clock = { now: Date.parse('2025-01-16T10:00:00') }
    const facts = await table(() => mac, 'darwin', clock).scan()
    expect(facts[1]).toEqual({
      pid: 812,
      ppid: 1,
      name: 'Grass',
      cmdline: ['/Applications/Grass.app/Contents/MacOS/Grass'],
      exe: '/Applications/Grass.app/Contents/MacOS/Grass',
      uid: 501,
      startedAtMs: new Date(2025, 0, 16, 9, 0, 0).getTime(),
      cpuSeconds: 0,
      rssBytes: 150_000 * 1024,
      ioReadBytes: null,
      ioWriteBytes: null,
      systemdUnit: null,
      containerId: null,
    })
    expect(facts[0]?.uid).toBe(0)
  })

  it('integrates the CPU percentage between scans: per core on macOS, of the machine on Windows', async () => {
    const clock = { now: 0 }
    const macTable = table(() => mac, 'darwin', clock)
    const winTable = table(() => windows, 'win32', clock)
    await macTable.scan()
    await winTable.scan()
    clock.now += 30_000
    expect((await macTable.scan())[1]?.cpuSeconds).toBeCloseTo(0.5 * 30)
    // 25 % of 8 cores for 30 s.
    expect((await winTable.scan())[0]?.cpuSeconds).toBeCloseTo(2 * 30)
  })

  it('starts counting again for a reused pid, and keeps a start time that wobbles by a second', async () => {
    const clock = { now: 0 }
    let rows = mac
    const t = table(() => rows, 'darwin', clock)
    await t.scan()
    clock.now += 10_000
    rows = mac.map((r) => (r.pid === 812 ? { ...r, started: '2025-01-16 09:00:01' } : r))
    const wobbled = (await t.scan())[1]
    expect(wobbled?.startedAtMs).toBe(new Date(2025, 0, 16, 9, 0, 0).getTime())
    expect(wobbled?.cpuSeconds).toBeCloseTo(5)
    clock.now += 10_000
    rows = mac.map((r) => (r.pid === 812 ? { ...r, started: '2025-01-16 09:59:00' } : r))
    expect((await t.scan())[1]).toMatchObject({ startedAtMs: new Date(2025, 0, 16, 9, 59, 0).getTime(), cpuSeconds: 0 })
  })

  it('splits a Windows command line on spaces outside quotes, so Render’s client is recognised', async () => {
    const facts = await table(() => windows, 'win32', { now: 0 }).scan()
    expect(facts[0]).toMatchObject({ name: 'rndrclient.exe', cmdline: ['C:\\Program Files\\OTOY\\RNDR\\rndrclient.exe', '--wallet', '0xabc def'], exe: 'C:\\Program Files\\OTOY\\RNDR\\rndrclient.exe', uid: -1 })
    expect(recognize({ processes: facts, containers: [] }, signatures).map((c) => c.signature.id)).toEqual(['render-client'])
  })

  it('recognises the Grass app on macOS from the same rows', async () => {
    const facts = await table(() => mac, 'darwin', { now: 0 }).scan()
    expect(recognize({ processes: facts, containers: [] }, signatures)).toMatchObject([{ signature: { id: 'grass-desktop' }, pids: [812] }])
  })

  it('uses the scan time for a start it cannot read', async () => {
    const facts = await table(() => [{ ...mac[1]!, started: '' }], 'darwin', { now: 1234 }).scan()
    expect(facts[0]?.startedAtMs).toBe(1234)
  })
})

describe('helpers', () => {
  it.each([
    ['a b  c', ['a', 'b', 'c']],
    ['"C:\\Program Files\\x.exe" -v', ['C:\\Program Files\\x.exe', '-v']],
    ['x ""', ['x', '']],
    ['', []],
  ])('splitWindowsCommandLine(%j)', (line, args) => {
    expect(splitWindowsCommandLine(line)).toEqual(args)
  })

  it('parses systeminformation’s local start time', () => {
    expect(parseStarted('2025-01-16 09:30:05')).toBe(new Date(2025, 0, 16, 9, 30, 5).getTime())
    expect(parseStarted('yesterday')).toBeNaN()
  })
})
