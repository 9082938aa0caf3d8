import { describe, expect, it } from 'vitest'
import { containerIdOf, parseCgroup, systemdUnitOf, unifiedPath } from '../../../../src/main/core/nodes/procfs/cgroup-path.ts'

const id = '3f2a9c8d1e4b7a6c5d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c'

describe('parseCgroup', () => {
  it.each([
    ['a system service (v2)', '0::/system.slice/lotus-miner.service\n', { systemdUnit: 'lotus-miner.service', containerId: null }],
    ['a user service under the user manager', '0::/user.slice/user-1000.slice/user@1000.service/app.slice/grass.service\n', { systemdUnit: 'grass.service', containerId: null }],
    ['the user manager itself', '0::/user.slice/user-1000.slice/user@1000.service/init.scope\n', { systemdUnit: 'init.scope', containerId: null }],
    ['a login session', '0::/user.slice/user-1000.slice/session-2.scope\n', { systemdUnit: 'session-2.scope', containerId: null }],
    ['a Docker container, systemd driver', `0::/system.slice/docker-${id}.scope\n`, { systemdUnit: `docker-${id}.scope`, containerId: id }],
    ['a Docker container, cgroupfs driver (v2)', `0::/docker/${id}\n`, { systemdUnit: null, containerId: id }],
    ['a container running systemd inside', `0::/system.slice/docker-${id}.scope/system.slice/aethir-checker.service\n`, { systemdUnit: 'aethir-checker.service', containerId: id }],
    ['a k3s pod (cgroupfs)', `0::/kubepods/besteffort/pod6f1c2a3b-0d4e-4b5a-9c8d-7e6f5a4b3c2d/${id}\n`, { systemdUnit: null, containerId: id }],
    ['a kubelet pod (systemd driver)', `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1c.slice/cri-containerd-${id}.scope\n`, { systemdUnit: `cri-containerd-${id}.scope`, containerId: id }],
    ['a Podman container', `0::/machine.slice/libpod-${id}.scope/container\n`, { systemdUnit: `libpod-${id}.scope`, containerId: id }],
    ['the root cgroup (kernel threads)', '0::/\n', { systemdUnit: null, containerId: null }],
    [
      'cgroup v1, Docker',
      `12:pids:/docker/${id}\n11:memory:/docker/${id}\n1:name=systemd:/docker/${id}\n0::/\n`,
      { systemdUnit: null, containerId: id },
    ],
    ['cgroup v1, a service', '12:pids:/system.slice/curio.service\n3:cpu,cpuacct:/system.slice/curio.service\n1:name=systemd:/system.slice/curio.service\n', { systemdUnit: 'curio.service', containerId: null }],
    ['nothing', '', { systemdUnit: null, containerId: null }],
  ])('%s', (_, text, expected) => {
    expect(parseCgroup(text)).toEqual(expected)
  })

  it('does not take a short or non-hex segment for a container id', () => {
    expect(containerIdOf('/docker/3f2a9c8d1e4b')).toBeNull()
    expect(containerIdOf(`/docker/${id.replace('a', 'g')}`)).toBeNull()
    expect(containerIdOf(`/system.slice/docker-${id}.service`)).toBeNull()
  })

  it('names a unit only by its suffix', () => {
    expect(systemdUnitOf('/system.slice')).toBeNull()
    expect(systemdUnitOf('/system.slice/lotus.servicex')).toBeNull()
  })

  it('gives the unified path for cgroup directory lookups', () => {
    expect(unifiedPath(`12:pids:/docker/${id}\n0::/system.slice/docker-${id}.scope`)).toBe(`/system.slice/docker-${id}.scope`)
    expect(unifiedPath('12:pids:/docker/x')).toBeNull()
  })
})
