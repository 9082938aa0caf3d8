import { describe, expect, it } from 'vitest'
import { isLoopback, listensPublicly } from '../../../../../src/main/core/nodes/posture/rules/listens-publicly.ts'
import { containerFacts, inputOf, listening } from '../posture-input.ts'

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.255.255', true],
    ['127.0.0.53', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['128.0.0.1', false],
    ['126.255.255.255', false],
    ['192.168.1.5', false],
    ['::ffff:192.168.1.5', false],
    ['::2', false],
    ['fe80::1', false],
    ['localhost', false],
    ['', false],
  ])('%j is loopback: %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected)
  })
})

describe('listens-publicly', () => {
  it.each(['127.0.0.1', '127.255.255.255', '::1', '::ffff:127.0.0.1'])('says nothing of a socket on %s', (address) => {
    expect(listensPublicly(inputOf({ listening: [listening(address, 1234)] }))).toEqual([])
  })

  it.each([
    ['0.0.0.0', '0.0.0.0:8443'],
    ['::', '[::]:8443'],
    ['192.168.1.5', '192.168.1.5:8443'],
    ['::ffff:192.168.1.5', '[::ffff:192.168.1.5]:8443'],
  ])('warns of a socket on %s, shown as %s', (address, evidence) => {
    const [finding] = listensPublicly(inputOf({ listening: [listening(address, 8443)] }))
    expect(finding).toMatchObject({ rule: 'listens-publicly', severity: 'warning', title: 'It listens on port 8443 for other machines', evidence })
    expect(finding?.fix).toContain('127.0.0.1')
    expect(finding?.fix).toContain('`sudo ufw allow 8443/tcp`')
  })

  it('lists every public socket once and every port once, loopback ones left out', () => {
    const sockets = [listening('0.0.0.0', 1234), listening('::', 1234), listening('127.0.0.1', 2345), listening('0.0.0.0', 1234), listening('0.0.0.0', 24001)]
    const [finding] = listensPublicly(inputOf({ listening: sockets }))
    expect(finding?.evidence).toBe('0.0.0.0:1234, [::]:1234, 0.0.0.0:24001')
    expect(finding?.title).toBe('It listens on ports 1234, 24001 for other machines')
  })

  it("looks at a bridged container's published ports, not at the sockets inside its own network", () => {
    const container = containerFacts({ publishedPorts: ['0.0.0.0:8443->8443/tcp', '[::]:8443->8443/tcp'] })
    const [finding] = listensPublicly(inputOf({ container, listening: [listening('0.0.0.0', 8080)] }))
    expect(finding?.evidence).toBe('0.0.0.0:8443->8443/tcp, [::]:8443->8443/tcp')
    expect(finding?.title).toBe('It listens on port 8443 for other machines')
    expect(finding?.fix).toContain('-p 127.0.0.1:8443:8443')
    expect(finding?.fix).toContain('DOCKER-USER')
    expect(listensPublicly(inputOf({ container: containerFacts(), listening: [listening('0.0.0.0', 8080)] }))).toEqual([])
  })

  it("counts a host-network container's own sockets, which are the machine's", () => {
    const [finding] = listensPublicly(inputOf({ container: containerFacts({ networkMode: 'host' }), listening: [listening('0.0.0.0', 8080)] }))
    expect(finding?.evidence).toBe('0.0.0.0:8080')
    expect(finding?.fix).not.toContain('DOCKER-USER')
  })
})
