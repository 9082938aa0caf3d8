import { describe, expect, it } from 'vitest'
import { DockerUnavailableError, socketError } from '../../../../src/main/core/nodes/docker/docker-api.ts'
import { dockerSocketPath } from '../../../../src/main/core/nodes/docker/docker-socket.ts'

describe('dockerSocketPath', () => {
  it.each([
    [{}, 'linux', '/var/run/docker.sock'],
    [{}, 'darwin', '/var/run/docker.sock'],
    [{}, 'win32', '\\\\.\\pipe\\docker_engine'],
    [{ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, 'linux', '/run/user/1000/docker.sock'],
    [{ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }, 'win32', '\\\\.\\pipe\\docker_engine'],
    [{ DOCKER_HOST: 'tcp://10.0.0.5:2375' }, 'linux', '/var/run/docker.sock'],
    [{ DOCKER_HOST: '  ' }, 'linux', '/var/run/docker.sock'],
  ] as const)('%j on %s → %s', (env, platform, path) => {
    expect(dockerSocketPath(env, platform)).toBe(path)
  })
})

describe('socketError', () => {
  const error = (code: string): Error => Object.assign(new Error(`connect ${code}`), { code })

  it.each([
    ['ENOENT', 'absent', /no Docker socket at \/var\/run\/docker\.sock/],
    ['EACCES', 'denied', /permission denied.*docker group.*usermod -aG docker/],
    ['EPERM', 'denied', /permission denied/],
    ['ECONNREFUSED', 'refused', /daemon is stopped/],
    ['EPIPE', 'malformed', /connect EPIPE/],
  ])('%s → %s', (code, failure, message) => {
    const mapped = socketError(error(code), '/var/run/docker.sock')
    expect(mapped).toBeInstanceOf(DockerUnavailableError)
    expect(mapped).toBeInstanceOf(Error)
    expect(mapped.name).toBe('DockerUnavailableError')
    expect(mapped.failure).toBe(failure)
    expect(mapped.message).toMatch(message)
  })
})
