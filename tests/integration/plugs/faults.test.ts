import { createServer as createTcpServer, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { plugProtocols, type PlugConfig } from '../../../src/main/core/hardware/power/plugs/index.ts'
import { parsePlugAddress, type PlugAddress } from '../../../src/main/core/hardware/power/plugs/plug-address.ts'
import { getPlugJson, plugUrl } from '../../../src/main/core/hardware/power/plugs/plug-http.ts'
import { fixture, httpPlug, type Answer, type LoopbackPlug } from './loopback.ts'

/*
 * Network faults are normal: every one of them must come back as a specific, failed status,
 * never a throw, and a failing plug must not be hammered. Shown on the Shelly Gen2+ source; the
 * other HTTP protocols share the same GET.
 */

const plugs: LoopbackPlug[] = []
afterEach(async () => {
  await Promise.all(plugs.splice(0).map((plug) => plug.close()))
})

async function plugAnswering(answer: () => Answer): Promise<LoopbackPlug> {
  const plug = await httpPlug(() => answer())
  plugs.push(plug)
  return plug
}

function config(address: PlugAddress, extra: Partial<PlugConfig> = {}): PlugConfig {
  return { address, channel: 0, label: 'Rig plug', timeoutMs: 2000, ...extra }
}

describe('HTTP faults become specific errors', () => {
  it('a plug that never answers: "did not answer within N ms"', async () => {
    const plug = await plugAnswering(() => 'hang')
    const status = await plugProtocols['shelly-gen2'].create(config(plug.address, { timeoutMs: 300 })).read()
    expect(status).toMatchObject({ readings: [], lastSuccessAt: null })
    expect(status.error).toEqual({ kind: 'failed', message: `Shelly Gen2+ at ${plug.address.address} did not answer within 300 ms` })
  })

  it('an HTML page (a router or another web UI on that address)', async () => {
    const plug = await plugAnswering(() => ({ raw: '<!doctype html><title>Login</title>' }))
    const status = await plugProtocols['shelly-gen2'].create(config(plug.address)).read()
    expect(status.error?.message).toBe(`Shelly Gen2+ at ${plug.address.address} answered something that is not JSON (text/html, 35 bytes)`)
  })

  it('garbage labelled as JSON', async () => {
    const plug = await plugAnswering(() => ({ raw: '{"apower": 12.5, \u0000\u0001', headers: { 'content-type': 'application/json' } }))
    const status = await plugProtocols['shelly-gen2'].create(config(plug.address)).read()
    expect(status.error?.message).toContain('answered something that is not JSON (application/json')
  })

  it('JSON of the wrong shape', async () => {
    for (const body of [[1, 2, 3], 'a string', null, { apower: 'lots' }, { id: 0, output: true }]) {
      const plug = await plugAnswering(() => ({ status: 200, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }))
      const status = await plugProtocols['shelly-gen2'].create(config(plug.address)).read()
      expect(status.error?.kind).toBe('failed')
      expect(status.readings).toEqual([])
    }
  })

  it('a 500 with the device’s own error message', async () => {
    const plug = await plugAnswering(() => ({ status: 500, body: { code: -105, message: "Argument 'id', value 0 not found!" } }))
    const status = await plugProtocols['shelly-gen2'].create(config(plug.address)).read()
    expect(status.error?.message).toBe(`Shelly Gen2+ at ${plug.address.address} had an internal error (HTTP 500): Argument 'id', value 0 not found!`)
  })

  it('a body far larger than any plug status is cut off unread', async () => {
    const plug = await plugAnswering(() => ({ raw: `{"apower":1,"pad":"${'x'.repeat(200_000)}"}`, headers: { 'content-type': 'application/json' } }))
    const status = await plugProtocols['shelly-gen2'].create(config(plug.address)).read()
    expect(status.error?.message).toBe(`Shelly Gen2+ at ${plug.address.address} answered more than 65536 bytes: not a plug status`)
  })

  it('a redirect is not followed', async () => {
    const plug = await plugAnswering(() => ({ raw: '', status: 302, headers: { location: 'http://example.invalid/' } }))
    const status = await plugProtocols['shelly-gen2'].create(config(plug.address)).read()
    expect(status.error).toMatchObject({ message: `Shelly Gen2+ at ${plug.address.address} redirected the request (HTTP 302)` })
    expect(plug.requests).toHaveLength(1)
  })

  it('a closed port: "refused the connection"', async () => {
    const plug = await plugAnswering(() => fixture('shelly-gen2-switch-status'))
    await plug.close()
    plugs.pop()
    const status = await plugProtocols['shelly-gen2'].create(config(plug.address)).read()
    expect(status.error?.message).toBe(
      `Shelly Gen2+ at ${plug.address.address} refused the connection on port ${plug.address.port}: wrong port, or not this kind of plug`,
    )
  })

  it('something that is not HTTP at all', async () => {
    const sockets = new Set<Socket>()
    const server = createTcpServer((socket) => {
      sockets.add(socket)
      socket.end('SSH-2.0-OpenSSH_9.6\r\n')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const info = server.address()
    const parsed = parsePlugAddress(`127.0.0.1:${typeof info === 'object' && info ? info.port : 0}`, 80)
    if (!parsed.ok) throw new Error(parsed.message)
    const status = await plugProtocols['shelly-gen2'].create(config(parsed.value)).read()
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
    expect(status.error?.message).toBe(`Shelly Gen2+ at ${parsed.value.address} closed the connection or answered something that is not HTTP`)
  })
})

describe('backoff between failed polls', () => {
  it('honours 429 Retry-After: no request until it has passed', async () => {
    let limited = true
    const plug = await plugAnswering(() =>
      limited ? { status: 429, headers: { 'retry-after': '120' }, body: { message: 'Too many requests' } } : fixture('shelly-gen2-switch-status'),
    )
    let now = 1_000_000
    const source = plugProtocols['shelly-gen2'].create(config(plug.address, { now: () => now }))
    const first = await source.read()
    expect(first.error?.message).toBe(`Shelly Gen2+ at ${plug.address.address} asked us to slow down (HTTP 429); waiting 120 s as it asked`)
    limited = false
    now += 60_000
    const waiting = await source.read()
    expect(waiting.error).toEqual(first.error)
    expect(plug.requests).toHaveLength(1)
    now += 61_000
    const after = await source.read()
    expect(after.error).toBeNull()
    expect(after.lastSuccessAt).toBe(now)
    expect(plug.requests).toHaveLength(2)
  })

  it('doubles the wait after each failure and resets after a success', async () => {
    let failing = true
    const plug = await plugAnswering(() => (failing ? { status: 503, body: 'Service Unavailable' } : fixture('shelly-gen2-switch-status')))
    let now = 0
    const source = plugProtocols['shelly-gen2'].create(config(plug.address, { now: () => now }))
    const requestsAt = async (at: number): Promise<number> => {
      now = at
      await source.read()
      return plug.requests.length
    }
    expect(await requestsAt(0)).toBe(1) // fails: next try after 1 s
    expect(await requestsAt(500)).toBe(1)
    expect(await requestsAt(1000)).toBe(2) // fails: next after 2 s
    expect(await requestsAt(2500)).toBe(2)
    expect(await requestsAt(3000)).toBe(3) // fails: next after 4 s
    failing = false
    expect(await requestsAt(7000)).toBe(4) // succeeds
    expect(await requestsAt(7001)).toBe(5) // no wait after a success
  })

  it('waits five minutes after an auth failure instead of retrying every tick', async () => {
    const plug = await plugAnswering(() => fixture('shelly-gen2-401'))
    let now = 0
    const source = plugProtocols['shelly-gen2'].create(config(plug.address, { now: () => now }))
    await source.read()
    now = 4 * 60_000
    await source.read()
    expect(plug.requests).toHaveLength(1)
    now = 5 * 60_000
    await source.read()
    expect(plug.requests).toHaveLength(2)
  })

  it('never stacks requests on a slow plug: concurrent reads share one', async () => {
    const plug = await plugAnswering(() => 'hang')
    const source = plugProtocols['shelly-gen2'].create(config(plug.address, { timeoutMs: 300 }))
    const statuses = await Promise.all([source.read(), source.read(), source.read()])
    expect(plug.requests).toHaveLength(1)
    expect(new Set(statuses)).toHaveProperty('size', 1)
  })

  it('dispose stops a request in flight', async () => {
    const plug = await plugAnswering(() => 'hang')
    const source = plugProtocols['shelly-gen2'].create(config(plug.address, { timeoutMs: 10_000 }))
    const pending = source.read()
    await new Promise((resolve) => setTimeout(resolve, 50))
    await source.dispose()
    const status = await pending
    expect(status.error?.message).toBe(`Shelly Gen2+ at ${plug.address.address} stopped waiting: the source was disposed`)
  })
})

describe('getPlugJson', () => {
  it('never puts the query (where Tasmota passwords ride) in a message', async () => {
    const plug = await plugAnswering(() => ({ status: 404, body: 'no' }))
    const url = plugUrl(plug.address, '/cm?user=admin&password=hunter2&cmnd=Status%208')
    const result = await getPlugJson({ subject: 'Tasmota', url, timeoutMs: 2000 })
    expect(result).toMatchObject({ ok: false, error: { message: 'Tasmota has no /cm (HTTP 404): is it the right kind of plug?' } })
    expect(JSON.stringify(result)).not.toContain('hunter2')
  })
})
