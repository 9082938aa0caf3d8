import { mkdtempSync, readFileSync } from 'node:fs'
import type { NetworkInterfaceInfo } from 'node:os'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startAgent, type RunningAgent } from '../../../src/main/agent/agent.ts'
import { agentReach, reachableUrls } from '../../../src/main/agent/reach.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { AppInfo } from '../../../src/shared/contract/app.ts'

/** The shape os.networkInterfaces() answers on a rig with one LAN card, Docker's bridge and IPv6. */
const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({ address, netmask: '255.255.255.0', family: 'IPv4', mac: '02:42:ac:11:00:02', internal, cidr: `${address}/24` })
const v6 = (address: string, internal = false): NetworkInterfaceInfo => ({ address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:42:ac:11:00:02', internal, cidr: `${address}/64`, scopeid: 0 })
const rig = {
  lo: [v4('127.0.0.1', true), v6('::1', true)],
  eth0: [v4('192.168.1.50'), v6('fe80::42:acff:fe11:2'), v6('2001:db8::50')],
  docker0: [v4('172.17.0.1')],
}

describe('reachableUrls', () => {
  it.each(['127.0.0.1', 'localhost', '::1', '[::1]'])('is empty for a loopback bind (%s)', (host) => {
    expect(reachableUrls(host, 7420, rig)).toEqual([])
  })

  it('lists every outward IPv4 address for 0.0.0.0, none of loopback', () => {
    expect(reachableUrls('0.0.0.0', 7420, rig)).toEqual(['http://192.168.1.50:7420/', 'http://172.17.0.1:7420/'])
  })

  it('adds routable IPv6 for ::, in brackets, and leaves out link-local addresses a browser cannot open', () => {
    expect(reachableUrls('::', 7420, rig)).toEqual(['http://192.168.1.50:7420/', 'http://172.17.0.1:7420/', 'http://[2001:db8::50]:7420/'])
  })

  it('names a specific bind as given', () => {
    expect(reachableUrls('rig-01.lan', 8080, rig)).toEqual(['http://rig-01.lan:8080/'])
    expect(reachableUrls('2001:db8::50', 8080, rig)).toEqual(['http://[2001:db8::50]:8080/'])
    expect(reachableUrls('[2001:db8::50]', 8080, rig)).toEqual(['http://[2001:db8::50]:8080/'])
  })

  it('says none for a wildcard bind on a machine with no outward interface', () => {
    expect(reachableUrls('0.0.0.0', 7420, { lo: rig.lo, wg0: undefined })).toEqual([])
  })
})

describe('agentReach', () => {
  it('names the token file, never the token', () => {
    const reach = agentReach('0.0.0.0', 7420, { token: 'a'.repeat(64), path: '/data/agent-token', created: false }, rig)
    expect(reach).toEqual({ host: '0.0.0.0', port: 7420, loopbackOnly: false, urls: expect.any(Array), tokenRequired: true, tokenPath: '/data/agent-token' })
    expect(JSON.stringify(reach)).not.toContain('a'.repeat(64))
  })

  it('asks no token on loopback', () => {
    expect(agentReach('127.0.0.1', 7420, undefined, rig)).toEqual({ host: '127.0.0.1', port: 7420, loopbackOnly: true, urls: [], tokenRequired: false, tokenPath: null })
  })
})

describe('app.info of a running agent', () => {
  let agent: RunningAgent | undefined
  afterEach(async () => {
    await agent?.stop()
    agent = undefined
  })

  const info = async (running: RunningAgent, token?: string): Promise<AppInfo> => {
    const response = await fetch(`http://127.0.0.1:${running.port}/api/app.info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }) },
      body: '{}',
    })
    const envelope = (await response.json()) as { ok: true; value: unknown }
    // What the page receives must pass the contract's own schema.
    return AppInfo.parse(envelope.value)
  }

  it('tells a loopback page where the agent listens and its data dir, with no token asked', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-reach-'))
    const running = (agent = await startAgent({ port: 0, host: '127.0.0.1', dataDir, sampleIntervalMs: 1000, logLevel: 'error' }, silentLogger, tmpdir()))
    expect(await info(running)).toMatchObject({
      shell: 'agent',
      dataDir,
      agent: { host: '127.0.0.1', port: running.port, loopbackOnly: true, urls: [], tokenRequired: false, tokenPath: null },
    })
  })

  it('tells a token holder on a network bind where the token file is, and never sends the token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-reach-'))
    const running = (agent = await startAgent({ port: 0, host: '0.0.0.0', dataDir, sampleIntervalMs: 1000, logLevel: 'error' }, silentLogger, tmpdir()))
    const token = readFileSync(join(dataDir, 'agent-token'), 'utf8').trim()
    const answer = await info(running, token)
    expect(answer.agent).toEqual({
      host: '0.0.0.0',
      port: running.port,
      loopbackOnly: false,
      urls: expect.any(Array),
      tokenRequired: true,
      tokenPath: join(dataDir, 'agent-token'),
    })
    for (const url of answer.agent?.urls ?? []) expect(url).toMatch(new RegExp(`^http://[^/]+:${running.port}/$`))
    expect(JSON.stringify(answer)).not.toContain(token)
  })
})
