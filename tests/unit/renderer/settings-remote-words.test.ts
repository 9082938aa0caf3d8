import { describe, expect, it } from 'vitest'
import type { AgentReach } from '../../../src/shared/contract/app.ts'
import { listenWords, maskToken, platformWords, tokenLink, tunnelCommand } from '../../../src/renderer/src/settings/remote-words.ts'

const token = '0123456789abcdef'.repeat(4)
const reach = (host: string, loopbackOnly: boolean): AgentReach => ({ host, port: 7420, loopbackOnly, urls: [], tokenRequired: !loopbackOnly, tokenPath: null })

describe('maskToken', () => {
  it('shows only the last four characters', () => {
    expect(maskToken(token)).toBe('••••••••••••cdef')
    expect(maskToken(token)).not.toContain(token.slice(0, 8))
  })
})

describe('tokenLink', () => {
  it.each([
    ['http://192.168.1.50:7420/', 'http://192.168.1.50:7420/'],
    ['http://192.168.1.50:7420/#/settings/remote', 'http://192.168.1.50:7420/'],
    ['http://[2001:db8::50]:7420/index.html?x=1', 'http://[2001:db8::50]:7420/'],
  ])('opens the agent page of %s with the token in the hash', (page, base) => {
    expect(tokenLink(page, token)).toBe(`${base}#token=${token}`)
  })
})

describe('tunnelCommand', () => {
  it('forwards the same port to the agent on loopback', () => {
    expect(tunnelCommand(7420)).toBe('ssh -N -L 7420:127.0.0.1:7420 you@this-machine')
  })
})

describe('listenWords', () => {
  it.each([
    [reach('127.0.0.1', true), '127.0.0.1:7420, this machine only'],
    [reach('::1', true), '[::1]:7420, this machine only'],
    [reach('0.0.0.0', false), '0.0.0.0:7420, every network interface'],
    [reach('::', false), '[::]:7420, every network interface'],
    [reach('192.168.1.50', false), '192.168.1.50:7420, that address only'],
  ])('%o → %s', (given, words) => {
    expect(listenWords(given)).toBe(words)
  })
})

describe('platformWords', () => {
  it.each([
    ['linux', 'Linux (linux)'],
    ['darwin', 'macOS (darwin)'],
    ['win32', 'Windows (win32)'],
    ['aix', 'aix'],
  ])('%s → %s', (platform, words) => {
    expect(platformWords(platform)).toBe(words)
  })
})
