import { describe, expect, it } from 'vitest'
import { checkRequest, isLoopbackHost, presentedToken } from '../../../src/main/agent/request-guard.ts'

const token = 'a'.repeat(64)
const loopback = { requiredToken: undefined, loopbackOnly: true }
const network = { requiredToken: token, loopbackOnly: false }

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.8.9.1', 'localhost', 'LOCALHOST', '::1', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true)
  })
  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'localhost.evil.example', '127.0.0.1.nip.io', '128.0.0.1', ''])(
    '%s is not',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  )
})

describe('checkRequest', () => {
  it.each([
    ['127.0.0.1:7420', undefined],
    ['localhost:7420', 'http://localhost:7420'],
    ['[::1]:7420', 'http://[::1]:7420'],
  ])('lets a loopback caller in: Host %s, Origin %s', (host, origin) => {
    expect(checkRequest(loopback, { host, origin, token: undefined })).toEqual({ ok: true })
  })

  it.each([
    [{ host: undefined, origin: undefined }, 403, /missing Host/],
    [{ host: 'evil.example:7420', origin: undefined }, 403, /not this agent/],
    [{ host: 'localhost.evil.example:7420', origin: undefined }, 403, /not this agent/],
    [{ host: '127.0.0.1:7420', origin: 'https://evil.example' }, 403, /origin "https:\/\/evil.example"/],
    [{ host: '127.0.0.1:7420', origin: 'http://127.0.0.1:7421' }, 403, /origin/],
    [{ host: '127.0.0.1:7420', origin: 'null' }, 403, /origin "null"/],
  ])('refuses %j on a loopback agent', (facts, status, message) => {
    const verdict = checkRequest(loopback, { token: undefined, ...facts })
    expect(verdict).toMatchObject({ ok: false, status })
    if (!verdict.ok) expect(verdict.message).toMatch(message)
  })

  it('wants the token on a network agent, from any host name', () => {
    const facts = { host: 'rig-01.lan:7420', origin: undefined }
    expect(checkRequest(network, { ...facts, token })).toEqual({ ok: true })
    expect(checkRequest(network, { ...facts, token: undefined })).toMatchObject({ ok: false, status: 401 })
    expect(checkRequest(network, { ...facts, token: 'b'.repeat(64) })).toMatchObject({ ok: false, status: 401 })
    expect(checkRequest(network, { ...facts, token: token.slice(1) })).toMatchObject({ ok: false, status: 401 })
  })
})

describe('presentedToken', () => {
  it('reads a bearer header or a bearer subprotocol', () => {
    expect(presentedToken(`Bearer ${token}`, undefined)).toBe(token)
    expect(presentedToken(`bearer   ${token}`, undefined)).toBe(token)
    expect(presentedToken(undefined, `desk.v1, bearer.${token}`)).toBe(token)
    expect(presentedToken('Basic dXNlcjpwYXNz', 'desk.v1')).toBeUndefined()
    expect(presentedToken(undefined, undefined)).toBeUndefined()
  })
})
