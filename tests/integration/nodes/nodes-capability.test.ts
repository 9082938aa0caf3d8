import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { NodesSnapshot, NodeView } from '../../../src/shared/contract/nodes.ts'
import { createDeskCore, type DeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { createMachineScanner } from '../../../src/main/core/nodes/machine-scanner.ts'
import { nodeContainers } from '../../fixtures/procfs-nodes/docker-bodies.ts'
import { loopbackDocker, type LoopbackDocker } from '../../fixtures/procfs-nodes/docker-loopback.ts'
import { writeMachine } from '../../fixtures/procfs-nodes/fake-procfs.ts'
import { nosanaMachine } from '../../fixtures/procfs-nodes/node-machines.ts'

/*
 * The nodes capability over a fake Nosana GPU host: its /proc as a tree on disk and its Docker
 * Engine on a loopback unix socket answering the Engine API reference's bodies. Found nodes,
 * their container posture, and a watched container that restarts and is then removed.
 */

let core: DeskCore | undefined
let docker: LoopbackDocker | undefined

afterEach(async () => {
  await core?.stop()
  await docker?.close()
  core = undefined
  docker = undefined
})

async function nosanaHost(): Promise<{ core: DeskCore; docker: LoopbackDocker }> {
  const procRoot = mkdtempSync(join(tmpdir(), 'desk-proc-'))
  writeMachine(procRoot, nosanaMachine.machine)
  const daemon = await loopbackDocker(nodeContainers())
  const scanner = createMachineScanner({ log: silentLogger, platform: 'linux', procRoot, sysRoot: mkdtempSync(join(tmpdir(), 'desk-sys-')), dockerSocket: daemon.socketPath })
  const desk = createDeskCore({ version: 't', shell: 'agent', log: silentLogger, dataDir: mkdtempSync(join(tmpdir(), 'desk-data-')), sampleIntervalMs: 1000, nodes: { scanner, scanIntervalMs: 200 } })
  await desk.start()
  return { core: desk, docker: daemon }
}

async function list(desk: DeskCore): Promise<NodesSnapshot> {
  const answer = await desk.dispatch('nodes.list', {})
  if (!answer.ok) throw new Error(JSON.stringify(answer.error))
  return answer.value as NodesSnapshot
}

const named = (snapshot: NodesSnapshot, id: string): NodeView | undefined => snapshot.nodes.find((node) => node.id === id)

describe('nodes on a Docker host', () => {
  it('offers each node container with its posture, and follows a watched one through a restart loop and its removal', async () => {
    ;({ core, docker } = await nosanaHost())
    const desk = core
    await expect.poll(async () => (await list(desk)).nodes.map((node) => node.id).sort(), { timeout: 5000 }).toEqual(['grass-community-docker:container:grass', 'nosana-node:container:nosana-node', 'nosana-podman:container:podman'])
    const snapshot = await list(desk)

    expect(named(snapshot, 'nosana-node:container:nosana-node')).toMatchObject({ network: 'nosana', confirmed: false, state: 'running', where: 'container nosana-node (nosana/nosana-cli:latest)', pids: [7100] })
    const rules = (id: string): string[] => named(snapshot, id)?.posture.map((finding) => finding.rule) ?? []
    expect(rules('nosana-node:container:nosana-node')).toEqual(expect.arrayContaining(['container-host-network', 'runs-as-root']))
    expect(rules('nosana-podman:container:podman')).toEqual(expect.arrayContaining(['container-privileged', 'listens-publicly']))
    // An exited container is found stopped, and still judged: docker.sock mounted into it.
    expect(named(snapshot, 'grass-community-docker:container:grass')).toMatchObject({ state: 'stopped' })
    expect(rules('grass-community-docker:container:grass')).toContain('container-docker-socket')

    const confirmed = await desk.dispatch('nodes.confirm', { id: 'nosana-node:container:nosana-node', name: 'GPU host' })
    expect(confirmed.ok && named(confirmed.value as NodesSnapshot, 'nosana-node:container:nosana-node')).toMatchObject({ name: 'GPU host', confirmed: true, match: { kind: 'container', name: 'nosana-node' } })

    const node = docker.containers.find((container) => container.name === 'nosana-node')
    if (node === undefined) throw new Error('no nosana-node container')
    node.state = 'restarting'
    await expect.poll(async () => named(await list(desk), 'nosana-node:container:nosana-node')?.state, { timeout: 5000 }).toBe('restarting')

    docker.containers.splice(docker.containers.indexOf(node), 1)
    await expect.poll(async () => named(await list(desk), 'nosana-node:container:nosana-node')?.state, { timeout: 5000 }).toBe('missing')
  })

  it('says why Docker could not be read and keeps the processes it has', async () => {
    ;({ core, docker } = await nosanaHost())
    const desk = core
    docker.fault = (path) => (path.includes('/containers/json') ? 500 : null)
    await expect.poll(async () => (await list(desk)).problems.join(' '), { timeout: 5000 }).toMatch(/500/)
    const snapshot = await list(desk)
    // Without Docker, the Nosana CLI process is still recognised by its command line.
    expect(snapshot.nodes.some((node) => node.pids.includes(7100))).toBe(true)
  })
})
