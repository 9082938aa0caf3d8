import { describe, expect, it } from 'vitest'
import { binaryOutsideInstallPlaces } from '../../../../../src/main/core/nodes/posture/rules/binary-outside-install-places.ts'
import { containerFacts, inputOf, processFacts } from '../posture-input.ts'
import type { PostureInput } from '../../../../../src/main/core/nodes/posture/posture-types.ts'

const places = ['/usr/local/bin', '~/.grass', '/opt/lotus/']
const at = (exe: string | null, overrides: Partial<PostureInput> = {}): ReturnType<typeof binaryOutsideInstallPlaces> =>
  binaryOutsideInstallPlaces(inputOf({ installPlaces: places, processes: [processFacts({ exe })], ...overrides }))

describe('binary-outside-install-places', () => {
  it.each(['/usr/local/bin/lotus-miner', '/usr/local/bin/sub/lotus', '/opt/lotus/lotus-miner', '/home/ana/.grass/app-4.1/grass', '/opt/lotus/..lotus'])('says nothing of %s, inside a place', (exe) => {
    expect(at(exe)).toEqual([])
  })

  it.each(['/usr/local/binx/lotus-miner', '/usr/local/bi', '/usr/local/lotus-miner', '/opt/lotus2/lotus', '/home/ana/.grass-fake/grass', '/home/bob/.grass/grass'])(
    'warns of %s, outside every place',
    (exe) => {
      expect(at(exe)[0]).toMatchObject({ rule: 'binary-outside-install-places', severity: 'warning', title: 'Its binary runs from outside the usual install places', evidence: exe })
    },
  )

  it.each([
    ['/tmp/lotus-miner', 'a temporary folder'],
    ['/var/tmp/x/grass', 'a temporary folder'],
    ['/dev/shm/grass', 'a temporary folder'],
    ['/private/var/folders/xy/T/grass', 'a temporary folder'],
    ['/home/ana/Downloads/grass', 'a Downloads folder'],
    ['/home/ana/downloads/grass-node/grass', 'a Downloads folder'],
  ])('is critical from %s (%s)', (exe, where) => {
    expect(at(exe)[0]).toMatchObject({ severity: 'critical', title: `Its binary runs from ${where}`, evidence: exe })
  })

  it('flags a Downloads or temporary folder even under a broad place such as ~', () => {
    const broad = { installPlaces: ['/usr/local/bin', '~'] }
    expect(at('/home/ana/bittensor/miner', broad)).toEqual([])
    expect(at('/home/ana/Downloads/miner', broad)[0]).toMatchObject({ severity: 'critical', title: 'Its binary runs from a Downloads folder' })
    expect(at('/tmp/miner', { installPlaces: ['/'] })[0]?.severity).toBe('critical')
  })

  it('tells where the official install goes and what to delete', () => {
    expect(at('/tmp/lotus-miner')[0]?.fix).toBe(
      'Stop it, install the node with its official installer (it goes under /usr/local/bin, ~/.grass, /opt/lotus/), check the download against the checksum the project publishes, and delete /tmp/lotus-miner.',
    )
  })

  it('compares Windows paths without regard to case', () => {
    const windows = { installPlaces: ['C:\\Program Files\\Grass', '~\\AppData\\Local\\Grass'], homeDir: 'C:\\Users\\ana' }
    expect(at('c:\\program files\\grass\\grass.exe', windows)).toEqual([])
    expect(at('C:\\Users\\ana\\AppData\\Local\\Grass\\app\\grass.exe', windows)).toEqual([])
    expect(at('C:\\Program Files\\GrassX\\grass.exe', windows)[0]?.severity).toBe('warning')
    expect(at('C:\\Users\\ana\\Downloads\\grass.exe', windows)[0]?.severity).toBe('critical')
    expect(at('C:\\Users\\ana\\AppData\\Local\\Temp\\grass.exe', windows)[0]?.title).toBe('Its binary runs from a temporary folder')
  })

  it('names each distinct binary outside, and the worst place among them', () => {
    const processes = [processFacts({ exe: '/srv/lotus' }), processFacts({ exe: '/srv/lotus' }), processFacts({ exe: '/tmp/lotus-worker' }), processFacts({ exe: '/usr/local/bin/lotus' })]
    expect(binaryOutsideInstallPlaces(inputOf({ installPlaces: places, processes }))[0]).toMatchObject({ severity: 'critical', evidence: '/srv/lotus, /tmp/lotus-worker' })
  })

  it('cannot judge without places, or with a ~ place and no home', () => {
    expect(at('/tmp/grass', { installPlaces: [] })).toEqual([])
    expect(at('/tmp/grass', { homeDir: undefined })).toEqual([])
    expect(at('/tmp/grass', { homeDir: '' })).toEqual([])
  })

  it('says nothing of an unreadable exe or a binary inside a container, whose image is its install', () => {
    expect(at(null)).toEqual([])
    expect(at('/tmp/grass', { container: containerFacts() })).toEqual([])
    const contained = processFacts({ exe: '/app/provider', containerId: 'ab'.repeat(32) })
    expect(binaryOutsideInstallPlaces(inputOf({ installPlaces: places, processes: [contained] }))).toEqual([])
  })
})
