import { describe, expect, it } from 'vitest'
import { containerFacts, containerState, containerUsageFromStats, parseContainerList, publishedPorts } from '../../../../src/main/core/nodes/docker/container-mapping.ts'
import { inspectBody, listRow, nodeContainers, statsBody, statsV1Example } from '../../../fixtures/procfs-nodes/docker-bodies.ts'

const [nosana, podman, grass] = nodeContainers() as [ReturnType<typeof nodeContainers>[number], ReturnType<typeof nodeContainers>[number], ReturnType<typeof nodeContainers>[number]]

describe('parseContainerList', () => {
  it('keeps id, name without its slash, image and state', () => {
    expect(parseContainerList([listRow(nosana), listRow(grass)])).toEqual([
      { id: nosana.id, name: 'nosana-node', image: 'nosana/nosana-cli:latest', state: 'running' },
      { id: grass.id, name: 'grass', image: 'mrcolorrain/grass:latest', state: 'exited' },
    ])
  })

  it.each([
    ['null', null],
    ['an object', { message: 'page not found' }],
    ['a string', 'containers'],
    ['rows that are not objects', [1, 'x', null]],
    ['a row without a hex id', [{ Id: '../../etc', Names: ['/x'] }]],
  ])('reads nothing from %s', (_, body) => {
    expect(parseContainerList(body)).toEqual([])
  })

  it('reads old daemons’ capitalised states and unknown ones as dead', () => {
    expect(containerState('Exited')).toBe('exited')
    expect(containerState('running')).toBe('running')
    expect(containerState('zombie')).toBe('dead')
    expect(containerState(7)).toBe('dead')
  })
})

describe('containerFacts from an inspect body', () => {
  it('maps state, pid, start, restarts, user, privilege, network, binds and public ports', () => {
    const summary = parseContainerList([listRow(podman)])[0]!
    expect(containerFacts(inspectBody(podman), summary)).toEqual({
      id: podman.id,
      name: 'podman',
      image: 'nosana/podman:v1.1.0',
      state: 'running',
      startedAtMs: Date.parse('2025-01-16T09:59:00Z'),
      restartCount: 2,
      pid: 7200,
      user: '',
      privileged: true,
      networkMode: 'bridge',
      mountSources: [],
      // 127.0.0.1:9090 is loopback and 5000/tcp is not published: neither is listed.
      publishedPorts: ['0.0.0.0:8080->8080/tcp', '[::]:8080->8080/tcp'],
    })
  })

  it('lists bind mounts (docker.sock included) but not volumes, and reads a stopped container', () => {
    const summary = parseContainerList([listRow(grass)])[0]!
    expect(containerFacts(inspectBody(grass), summary)).toMatchObject({ state: 'exited', pid: 0, restartCount: 5, mountSources: ['/var/run/docker.sock'] })
  })

  it('keeps the pulled reference when the list shows an image id', () => {
    const summary = { id: nosana.id, name: 'nosana-node', image: 'sha256:72297848456d', state: 'running' as const }
    expect(containerFacts(inspectBody(nosana), summary).image).toBe('nosana/nosana-cli:latest')
  })

  it('treats Docker’s zero time as never started', () => {
    const summary = parseContainerList([listRow(grass)])[0]!
    expect(containerFacts(inspectBody({ ...grass, startedAt: '0001-01-01T00:00:00Z' }), summary).startedAtMs).toBeNull()
  })

  it('falls back to the list row for a body that is not an inspect', () => {
    const summary = parseContainerList([listRow(nosana)])[0]!
    expect(containerFacts('nonsense', summary)).toEqual({
      id: nosana.id,
      name: 'nosana-node',
      image: 'nosana/nosana-cli:latest',
      state: 'running',
      startedAtMs: null,
      restartCount: 0,
      pid: 0,
      user: '',
      privileged: false,
      networkMode: '',
      mountSources: [],
      publishedPorts: [],
    })
  })

  it('reads a bind from a daemon that wrote no mount Type', () => {
    const summary = parseContainerList([listRow(grass)])[0]!
    const body = { ...inspectBody(grass), Mounts: [{ Source: '/data', Destination: '/data', Mode: 'ro,Z', RW: false }, { Name: 'vol', Source: '/var/lib/docker/volumes/vol/_data' }] }
    expect(containerFacts(body, summary).mountSources).toEqual(['/data'])
  })

  it('skips port bindings that are malformed', () => {
    expect(publishedPorts({ '80/tcp': 'x', '81/tcp': [{ HostIp: '0.0.0.0' }], '82/tcp': [null, { HostIp: '', HostPort: '82' }] })).toEqual(['0.0.0.0:82->82/tcp'])
    expect(publishedPorts(null)).toEqual([])
  })
})

describe('containerUsageFromStats', () => {
  it('reads a cgroup v2 daemon’s one-shot stats: CPU in seconds, memory less inactive file, block and network bytes', () => {
    expect(containerUsageFromStats(statsBody(nosana, 10))).toEqual({
      cpuSeconds: 2.5,
      memoryBytes: 6_537_216,
      ioReadBytes: 10_000_000 + 4096,
      ioWriteBytes: 2_500_000,
      netRxBytes: 53_380 + 4641,
      netTxBytes: 6480 + 690,
    })
  })

  it('reads the reference’s own (cgroup v1) example, whose blkio is empty', () => {
    expect(containerUsageFromStats(statsV1Example)).toEqual({ cpuSeconds: 0.100215355, memoryBytes: 6_537_216, ioReadBytes: null, ioWriteBytes: null, netRxBytes: 5338 + 4641, netTxBytes: 648 + 690 })
  })

  it('has no network bytes for a container without its own network', () => {
    const hostNetwork: Record<string, unknown> = statsBody(nosana, 1)
    delete hostNetwork.networks
    expect(containerUsageFromStats(hostNetwork)).toMatchObject({ netRxBytes: null, netTxBytes: null })
  })

  it.each([
    ['null', null],
    ['no cpu', { memory_stats: { usage: 1 } }],
    ['no memory', { cpu_stats: { cpu_usage: { total_usage: 1 } } }],
    ['strings for numbers', { cpu_stats: { cpu_usage: { total_usage: '1' } }, memory_stats: { usage: '2' } }],
  ])('answers null for %s', (_, body) => {
    expect(containerUsageFromStats(body)).toBeNull()
  })
})
