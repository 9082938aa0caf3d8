import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CgroupUsageReader } from '../../../../src/main/core/nodes/docker/cgroup-usage.ts'
import { ContainerScanner } from '../../../../src/main/core/nodes/docker/container-scanner.ts'
import { DockerApi, DockerUnavailableError } from '../../../../src/main/core/nodes/docker/docker-api.ts'
import { nodeContainers } from '../../../fixtures/procfs-nodes/docker-bodies.ts'
import { loopbackDocker, type LoopbackDocker } from '../../../fixtures/procfs-nodes/docker-loopback.ts'

const open: { daemons: LoopbackDocker[]; apis: DockerApi[] } = { daemons: [], apis: [] }
afterEach(async () => {
  for (const api of open.apis.splice(0)) api.close()
  for (const daemon of open.daemons.splice(0)) await daemon.close()
})

async function daemon(apiVersion?: string): Promise<LoopbackDocker> {
  const d = await loopbackDocker(nodeContainers(), apiVersion)
  open.daemons.push(d)
  return d
}

function api(socketPath: string, options: { timeoutMs?: number; maxBodyBytes?: number } = {}): DockerApi {
  const a = new DockerApi({ socketPath, ...options })
  open.apis.push(a)
  return a
}

describe('ContainerScanner against a loopback Docker Engine', () => {
  it('lists, inspects and reads one-shot stats, on the negotiated API version', async () => {
    const d = await daemon('1.47')
    const scan = await new ContainerScanner({ api: api(d.socketPath) }).scan()
    expect(scan.problem).toBeNull()
    expect(scan.present).toBe(true)
    expect(scan.containers.map((c) => [c.name, c.state, c.pid, c.restartCount])).toEqual([
      ['nosana-node', 'running', 7100, 0],
      ['podman', 'running', 7200, 2],
      ['grass', 'exited', 0, 5],
    ])
    expect(scan.containers[1]).toMatchObject({ privileged: true, publishedPorts: ['0.0.0.0:8080->8080/tcp', '[::]:8080->8080/tcp'] })
    expect(scan.containers[2]?.mountSources).toEqual(['/var/run/docker.sock'])
    // Usage for the running two only.
    expect([...scan.usage.keys()]).toEqual([scan.containers[0]?.id, scan.containers[1]?.id])
    expect(scan.usage.get(scan.containers[0]!.id)).toMatchObject({ cpuSeconds: 2.5, memoryBytes: 6_537_216 })
    expect(d.requests[0]).toBe('GET /_ping')
    expect(d.requests.slice(1).every((r) => r.startsWith('GET /v1.47/'))).toBe(true)
    expect(d.requests.filter((r) => r.includes('/stats?stream=false&one-shot=true'))).toHaveLength(2)
  })

  it('asks a newer daemon in the newest version this client knows', async () => {
    const d = await daemon('1.57')
    await new ContainerScanner({ api: api(d.socketPath) }).scan()
    expect(d.requests[1]).toBe('GET /v1.51/containers/json?all=true')
  })

  it('inspects a steady container again only after a minute, or when its state changes', async () => {
    const d = await daemon()
    let now = 0
    const scanner = new ContainerScanner({ api: api(d.socketPath), now: () => now })
    await scanner.scan()
    d.requests.length = 0
    now += 5_000
    await scanner.scan()
    expect(d.requests.filter((r) => /\/containers\/[0-9a-f]+\/json$/.test(r))).toEqual([])
    d.containers[2]!.state = 'running'
    d.containers[2]!.pid = 7300
    now += 5_000
    const third = await scanner.scan()
    expect(d.requests.filter((r) => /\/containers\/[0-9a-f]+\/json$/.test(r))).toEqual([`GET /v1.47/containers/${d.containers[2]!.id}/json`])
    expect(third.containers[2]).toMatchObject({ state: 'running', pid: 7300 })
    d.requests.length = 0
    now += 60_000
    await scanner.scan()
    expect(d.requests.filter((r) => /\/containers\/[0-9a-f]+\/json$/.test(r))).toHaveLength(3)
  })

  it('inspects again after counters go backwards (a restart between scans)', async () => {
    const d = await daemon()
    let now = 0
    const scanner = new ContainerScanner({ api: api(d.socketPath), now: () => now })
    await scanner.scan()
    d.seconds = 1
    d.containers[0]!.restartCount = 1
    now += 5_000
    await scanner.scan()
    d.requests.length = 0
    now += 5_000
    const after = await scanner.scan()
    expect(d.requests).toContain(`GET /v1.47/containers/${d.containers[0]!.id}/json`)
    expect(after.containers[0]?.restartCount).toBe(1)
  })

  it('drops a container removed between the list and its inspect', async () => {
    const d = await daemon()
    const gone = d.containers[1]!.id
    d.fault = (path) => (path.includes(`/containers/${gone}/json`) ? 404 : null)
    const scan = await new ContainerScanner({ api: api(d.socketPath) }).scan()
    expect(scan.containers.map((c) => c.name)).toEqual(['nosana-node', 'grass'])
    expect(scan.problem).toBeNull()
  })

  it('reads usage from cgroup files instead of stats where cgroup v2 is mounted', async () => {
    const d = await daemon()
    const root = mkdtempSync(join(tmpdir(), 'desk-docker-cgroup-'))
    const sysRoot = join(root, 'sys')
    mkdirSync(join(sysRoot, 'fs/cgroup'), { recursive: true })
    writeFileSync(join(sysRoot, 'fs/cgroup/cgroup.controllers'), 'cpu io memory pids\n')
    for (const c of d.containers.slice(0, 2)) {
      const dir = join(sysRoot, `fs/cgroup/system.slice/docker-${c.id}.scope`)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'cpu.stat'), 'usage_usec 4000000\nuser_usec 3000000\nsystem_usec 1000000\n')
      writeFileSync(join(dir, 'memory.current'), '1000000\n')
    }
    const scanner = new ContainerScanner({ api: api(d.socketPath), cgroups: new CgroupUsageReader({ sysRoot, procRoot: join(root, 'proc') }) })
    const scan = await scanner.scan()
    expect([...scan.usage.values()].map((u) => u.cpuSeconds)).toEqual([4, 4])
    expect(d.requests.some((r) => r.includes('/stats'))).toBe(false)
  })

  it('says nothing about a machine without Docker', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'desk-nodocker-')), 'docker.sock')
    const scan = await new ContainerScanner({ api: api(missing) }).scan()
    expect(scan).toEqual({ containers: [], usage: new Map(), problem: null, present: false })
  })

  it('reports a stopped daemon whose socket file is still there', async () => {
    const stale = join(mkdtempSync(join(tmpdir(), 'desk-stale-')), 'docker.sock')
    // A process that bound the socket and exited without closing it leaves the file behind.
    spawnSync(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(stale)}, () => process.exit(0))`])
    const scan = await new ContainerScanner({ api: api(stale) }).scan()
    expect(scan.present).toBe(false)
    expect(scan.problem).toMatch(/is there but nothing answers: the Docker daemon is stopped/)
  })

  it.each([
    ['hangs', 'hang' as const, /did not answer GET \/containers\/json\?all=true within 0.3 s/],
    ['answers 500', 500, /Docker answered 500 to GET \/containers\/json\?all=true: fake fault 500/],
    ['answers garbage', 'garbage' as const, /not JSON/],
    ['answers too much', 'huge' as const, /over 100000 bytes/],
  ])('reports a daemon that %s, and keeps going next scan', async (_, fault, message) => {
    const d = await daemon()
    d.fault = (path) => (path.startsWith('/v') && path.includes('/containers/json') ? fault : null)
    const scanner = new ContainerScanner({ api: api(d.socketPath, { timeoutMs: 300, maxBodyBytes: 100_000 }) })
    const failed = await scanner.scan()
    expect(failed.present).toBe(false)
    expect(failed.problem).toMatch(message)
    d.fault = null
    const recovered = await scanner.scan()
    expect(recovered.problem).toBeNull()
    expect(recovered.containers).toHaveLength(3)
  })

  it('refuses a socket whose /_ping has no API-Version, and asks it again later', async () => {
    const d = await daemon()
    d.fault = (path) => (path === '/_ping' ? 404 : null)
    const a = api(d.socketPath)
    await expect(a.get('/containers/json?all=true')).rejects.toThrow(DockerUnavailableError)
    d.fault = null
    await expect(a.get('/containers/json?all=true')).resolves.toHaveLength(3)
  })
})
