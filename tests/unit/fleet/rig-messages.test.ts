import { describe, expect, it } from 'vitest'
import { checkAnswer, checkEvent, parseRigFrame } from '../../../src/main/core/fleet/rig-messages.ts'
import { parseRigAddress } from '../../../src/main/core/fleet/rig-check.ts'
import { refusalWords, wsUrlOf } from '../../../src/main/core/fleet/rig-socket.ts'

describe('parseRigFrame: a remote agent’s frames read as hostile input', () => {
  it('reads an answer, a refusal and an event', () => {
    expect(parseRigFrame('{"id":1,"result":{"ok":true,"value":{"a":1}}}')).toEqual({ kind: 'answer', id: 1, ok: true, value: { a: 1 } })
    expect(parseRigFrame('{"id":2,"result":{"ok":false,"error":{"code":"internal","message":"boom","retryable":false}}}')).toEqual({
      kind: 'answer',
      id: 2,
      ok: false,
      error: { code: 'internal', message: 'boom' },
    })
    expect(parseRigFrame('{"event":"nodes.changed","payload":{}}')).toEqual({ kind: 'event', event: 'nodes.changed', payload: {} })
  })

  it.each([
    [undefined, /binary/],
    [42, /binary/],
    ['', /not JSON/],
    ['{"id":1,"result":', /not JSON/],
    ['null', /neither/],
    ['[]', /neither/],
    ['"text"', /neither/],
    ['{"id":1,"result":{"ok":"yes"}}', /neither/],
    ['{"id":{},"result":{"ok":true,"value":1}}', /neither/],
    ['{"event":7,"payload":{}}', /neither/],
    ['{"__proto__":{"event":"x"}}', /neither/],
  ])('%j is garbage, not a throw', (data, problem) => {
    const frame = parseRigFrame(data)
    expect(frame.kind).toBe('garbage')
    expect(frame.kind === 'garbage' && frame.problem).toMatch(problem)
  })
})

describe('checkAnswer and checkEvent hold a remote to the contract', () => {
  it('accepts a real app.info and refuses one of the wrong shape, saying where', () => {
    expect(checkAnswer('app.info', { name: 'DePIN Desk', version: '1.0.0', shell: 'agent', platform: 'linux', startedAt: 1 })).toMatchObject({ ok: true })
    const wrong = checkAnswer('app.info', { name: 'Other', version: 1 })
    expect(wrong.ok).toBe(false)
    expect(!wrong.ok && wrong.problem).toMatch(/app\.info .*contract does not allow \(name:/)
  })

  it('refuses a sample with watts as a string and an alerts snapshot without its list', () => {
    expect(checkEvent('hardware.sampled', { power: { total: { totalWatts: '100' } } }).ok).toBe(false)
    const alerts = checkEvent('alerts.changed', { counts: {} })
    expect(!alerts.ok && alerts.problem).toMatch(/^sent alerts\.changed with a shape the contract does not allow/)
  })

  it('accepts a nodes snapshot', () => {
    expect(checkEvent('nodes.changed', { nodes: [], scannedAt: null, machine: { kind: 'unknown', evidence: '' }, problems: [] })).toMatchObject({ ok: true })
  })
})

describe('parseRigAddress', () => {
  it.each([
    ['http://rig-01.lan:7420', 'http://rig-01.lan:7420', undefined],
    ['http://rig-01.lan:7420/', 'http://rig-01.lan:7420', undefined],
    ['rig-01.lan:7420', 'http://rig-01.lan:7420', undefined],
    ['https://desk.example.com/agent/?x=1', 'https://desk.example.com/agent', undefined],
    ['http://10.0.0.5:7420/#token=abc%2Bdef', 'http://10.0.0.5:7420', 'abc+def'],
  ])('%s', (text, url, token) => {
    expect(parseRigAddress(text)).toEqual({ url, tokenFromUrl: token })
  })

  it.each([
    ['ftp://rig/', /http:\/\/ or https:\/\/ only/],
    ['javascript:alert(1)', /not an address|http:\/\/ or https:\/\/ only/],
    ['file:///etc/passwd', /http:\/\/ or https:\/\/ only/],
    ['http://user:pass@rig:7420', /leave the user name and password out/],
    ['http://[::1', /not an address/],
  ])('refuses %s', (text, message) => {
    expect(() => parseRigAddress(text)).toThrow(message)
  })
})

describe('rig-socket words', () => {
  it('maps the base URL to its /ws', () => {
    expect(wsUrlOf('http://rig:7420')).toBe('ws://rig:7420/ws')
    expect(wsUrlOf('https://desk.example.com/agent')).toBe('wss://desk.example.com/agent/ws')
  })

  it('tells a missing token from a refused one', () => {
    expect(refusalWords(401, false)).toMatch(/this agent needs a token/)
    expect(refusalWords(401, true)).toMatch(/the token was refused/)
    expect(refusalWords(403, true)).toMatch(/HTTP 403/)
  })
})
