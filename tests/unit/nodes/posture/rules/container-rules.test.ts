import { describe, expect, it } from 'vitest'
import { containerDockerSocket } from '../../../../../src/main/core/nodes/posture/rules/container-docker-socket.ts'
import { containerHostNetwork } from '../../../../../src/main/core/nodes/posture/rules/container-host-network.ts'
import { containerPrivileged } from '../../../../../src/main/core/nodes/posture/rules/container-privileged.ts'
import { containerFacts, inputOf } from '../posture-input.ts'

describe('container-privileged', () => {
  it('is critical for a privileged container only', () => {
    expect(containerPrivileged(inputOf({ container: containerFacts({ privileged: true }) }))[0]).toMatchObject({ severity: 'critical', evidence: 'container akash-provider: Privileged' })
    expect(containerPrivileged(inputOf({ container: containerFacts({ privileged: false }) }))).toEqual([])
    expect(containerPrivileged(inputOf({ container: null }))).toEqual([])
  })
})

describe('container-host-network', () => {
  it('warns of the host network, not of bridge or another container\'s network', () => {
    expect(containerHostNetwork(inputOf({ container: containerFacts({ networkMode: 'host' }) }))[0]).toMatchObject({ severity: 'warning', evidence: 'container akash-provider: NetworkMode host' })
    for (const networkMode of ['bridge', 'default', 'none', 'container:abc', 'akash_net']) expect(containerHostNetwork(inputOf({ container: containerFacts({ networkMode }) }))).toEqual([])
    expect(containerHostNetwork(inputOf({ container: null }))).toEqual([])
  })
})

describe('container-docker-socket', () => {
  it.each(['/var/run/docker.sock', '/run/docker.sock', '/var/run', '/run', '/var', '/', '/run/user/1000/docker.sock'])('is critical when %s is mounted', (source) => {
    const [finding] = containerDockerSocket(inputOf({ container: containerFacts({ mountSources: ['/srv/data', source] }) }))
    expect(finding).toMatchObject({ rule: 'container-docker-socket', severity: 'critical', evidence: `container akash-provider mounts ${source}` })
  })

  it.each(['/var/lib/docker', '/var/run/docker', '/run/docker.sock.d', '/home/ana/docker.socks', '/srv/data'])('says nothing of %s', (source) => {
    expect(containerDockerSocket(inputOf({ container: containerFacts({ mountSources: [source] }) }))).toEqual([])
  })

  it('says nothing of a node outside a container', () => {
    expect(containerDockerSocket(inputOf({ container: null }))).toEqual([])
  })
})
