import { describe, expect, it } from 'vitest'
import { parsePlugAddress, testConnection } from '../../../src/main/core/hardware/power/plugs/plug-address.ts'

describe('parsePlugAddress', () => {
  it.each([
    ['192.168.1.20', 80, '192.168.1.20', 80, '192.168.1.20:80'],
    ['  192.168.1.20  ', 80, '192.168.1.20', 80, '192.168.1.20:80'],
    ['shelly-plug.local', 80, 'shelly-plug.local', 80, 'shelly-plug.local:80'],
    ['Shelly-Plug.LOCAL.', 80, 'shelly-plug.local', 80, 'shelly-plug.local:80'],
    ['http://10.0.0.5:8080/', 80, '10.0.0.5', 8080, '10.0.0.5:8080'],
    ['HTTP://10.0.0.5', 80, '10.0.0.5', 80, '10.0.0.5:80'],
    ['homeassistant.local', 8123, 'homeassistant.local', 8123, 'homeassistant.local:8123'],
    ['kasa-plug:9999', 9999, 'kasa-plug', 9999, 'kasa-plug:9999'],
    ['[fd00::20]', 80, 'fd00::20', 80, '[fd00::20]:80'],
    ['http://[FD00:0:0:0::20]:8081/', 80, 'fd00::20', 8081, '[fd00::20]:8081'],
    ['127.0.0.1:8123', 8123, '127.0.0.1', 8123, '127.0.0.1:8123'],
    ['plug', 80, 'plug', 80, 'plug:80'],
  ])('%j → %s', (input, defaultPort, host, port, address) => {
    expect(parsePlugAddress(input, defaultPort)).toEqual({ ok: true, value: { host, port, address } })
  })

  it.each([
    [undefined, "Enter the plug's address"],
    [null, "Enter the plug's address"],
    [42, "Enter the plug's address"],
    [{ host: '10.0.0.5' }, "Enter the plug's address"],
    ['', "Enter the plug's address"],
    ['   ', "Enter the plug's address"],
    ['http://', "Enter the plug's address"],
    ['http:///status', 'without a path'],
    ['192.168.1.20/status', 'without a path'],
    ['http://192.168.1.20/rpc/Switch.GetStatus?id=0', 'without a path'],
    ['192.168.1.20?cmnd=Power', 'without a path'],
    ['192.168.1.20#x', 'without a path'],
    ['192.168.1.20\\status', 'without a path'],
    ['http://admin:hunter2@192.168.1.20/', 'user name and password'],
    ['admin@192.168.1.20', 'user name and password'],
    ['https://homeassistant.local:8123', 'https:// is not supported'],
    ['ftp://192.168.1.20', 'Only http://'],
    ['file:///etc/passwd', 'Only http://'],
    ['javascript:alert(1)', 'Only http://'],
    ['mailto:me@example.com', 'Only http://'],
    ['192.168.1.20 :80', 'no spaces'],
    ['shelly plug.local', 'no spaces'],
    ['192.168.1.20\n:80', 'no spaces'],
    ['192.168.1.20:0', 'port must be'],
    ['192.168.1.20:65536', 'port must be'],
    ['192.168.1.20:http', 'port must be'],
    ['192.168.1.20:-1', 'port must be'],
    ['192.168.1.20:', 'port must be'],
    ['192.168.1', 'four numbers'],
    ['3232235777', 'four numbers'],
    ['0x7f.1', 'four numbers'],
    ['0x7f000001', 'four numbers'],
    ['192.168.001.020', 'four numbers'],
    ['256.1.1.1', 'four numbers'],
    ['1.2.3.4.5', 'four numbers'],
    ['0.0.0.0', 'not the address of one device'],
    ['255.255.255.255', 'not the address of one device'],
    ['224.0.0.251', 'not the address of one device'],
    ['fd00::20', 'brackets'],
    ['[fd00::20', 'closing bracket'],
    ['[fd00::20]x', '[fd00::20]:80'],
    ['[fe80::1%eth0]', 'zone'],
    ['[not:an:ipv6]', 'not an IPv6'],
    ['plug_1.local', 'letters, digits, dots and dashes'],
    ['-plug.local', 'letters, digits, dots and dashes'],
    ['plug..local', 'letters, digits, dots and dashes'],
    ['grüner-stecker.local', 'letters, digits, dots and dashes'],
    [`${'a'.repeat(64)}.local`, 'letters, digits, dots and dashes'],
    ['a'.repeat(400), 'too long'],
  ])('refuses %j', (input, message) => {
    const result = parsePlugAddress(input, 80)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toContain(message)
  })

  it('never repeats the input, which may hold a pasted password', () => {
    for (const input of ['http://admin:hunter2@10.0.0.5/', 'hunter2 10.0.0.5', '10.0.0.5/hunter2', 'hunter2://10.0.0.5']) {
      const result = parsePlugAddress(input, 80)
      expect(JSON.stringify(result)).not.toContain('hunter2')
    }
  })
})

// Loopback addresses only: if validation ever let one through, the probe stays on this machine.
describe('testConnection refuses bad input before any network traffic', () => {
  it.each([
    [['dyson', '127.0.0.1:9', {}], 'kind', 'Choose the kind of plug'],
    [[undefined, '127.0.0.1:9', {}], 'kind', 'Choose the kind of plug'],
    [['__proto__', '127.0.0.1:9', {}], 'kind', 'Choose the kind of plug'],
    [['toString', '127.0.0.1:9', {}], 'kind', 'Choose the kind of plug'],
    [['shelly-gen1', 'http://127.0.0.1:9/status', {}], 'address', 'without a path'],
    [['shelly-gen2', '127.0.0.1:9', { channel: -1 }], 'channel', 'counted from 0'],
    [['shelly-gen2', '127.0.0.1:9', { channel: 1.5 }], 'channel', 'counted from 0'],
    [['tasmota', '127.0.0.1:9', { channel: '1' }], 'channel', 'counted from 0'],
    [['home-assistant', '127.0.0.1:9', { secret: 'token' }], 'entityId', 'entity id'],
    [['home-assistant', '127.0.0.1:9', { entityId: 'sensor.x' }], 'secret', 'Long-lived access token'],
    [['home-assistant', '127.0.0.1:9', { entityId: 'sensor.x', secret: '' }], 'secret', 'Long-lived access token'],
    [['tasmota', '127.0.0.1:9', { secret: 42 }], 'secret', 'must be text'],
  ] as const)('%j → %s', async ([kind, address, options], field, message) => {
    const result = await testConnection(kind, address, options)
    expect(result).toMatchObject({ ok: false, field, error: { kind: 'failed', message: expect.stringContaining(message) } })
  })
})
