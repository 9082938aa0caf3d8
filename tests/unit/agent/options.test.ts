import { describe, expect, it } from 'vitest'
import { defaultDataDir, resolveAgentOptions, UsageError } from '../../../src/main/agent/options.ts'

const noFile = (path: string): string => {
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' })
}

describe('resolveAgentOptions', () => {
  it('uses the defaults', () => {
    expect(resolveAgentOptions([], noFile)).toMatchObject({ port: 7420, host: '127.0.0.1', sampleIntervalMs: undefined, logLevel: 'info' })
  })

  it('lets flags win over the config file', () => {
    const file = JSON.stringify({ port: 9000, host: '0.0.0.0', dataDir: '/srv/desk', sampleIntervalMs: 2000 })
    const options = resolveAgentOptions(['--config', 'c.json', '--port', '7500', '--data-dir', '/tmp/x'], () => file)
    expect(options).toEqual({ port: 7500, host: '0.0.0.0', dataDir: '/tmp/x', sampleIntervalMs: 2000, logLevel: 'info' })
  })

  it('takes price feed URLs and public endpoints off from the config file', () => {
    const file = JSON.stringify({ priceFeeds: { coingecko: 'https://pro-api.coingecko.com/api/v3' }, publicEndpoints: false })
    expect(resolveAgentOptions(['--config', 'c.json'], () => file)).toMatchObject({
      priceFeeds: { coingecko: 'https://pro-api.coingecko.com/api/v3' },
      publicEndpoints: false,
    })
  })

  it('answers help', () => {
    expect(resolveAgentOptions(['--help'], noFile)).toBe('help')
  })

  it.each([
    [['--port', '70000'], /--port must be a whole number from 0 to 65535, got "70000"/],
    [['--port', '12ab'], /--port must be a whole number/],
    [['--port=-1'], /--port must be a whole number/],
    [['--prot', '1'], /Unknown option '--prot'/],
    [['--port'], /--port/],
    [['serve'], /Unexpected argument 'serve'/],
    [['--config', '/missing.json'], /cannot read config file \/missing.json: ENOENT/],
  ])('refuses %j with a specific message', (argv, message) => {
    expect(() => resolveAgentOptions(argv, noFile)).toThrow(UsageError)
    expect(() => resolveAgentOptions(argv, noFile)).toThrow(message)
  })

  it.each([
    ['{ port: 1 }', /c.json is not valid JSON/],
    ['{"port": "7420"}', /c.json: port: .*expected number/],
    ['{"sampleIntervalMs": 10}', /c.json: sampleIntervalMs: .*>=250/],
    ['{"prot": 1}', /c.json: prot: unknown setting/],
    ['[1]', /c.json: : .*expected object/],
    ['{"priceFeeds": {"coingecko": "not a url"}}', /c.json: priceFeeds.coingecko: .*URL/],
    ['{"priceFeeds": {"binance": "https://api.binance.com"}}', /c.json: binance: unknown setting/],
  ])('refuses config file %s naming the setting', (text, message) => {
    expect(() => resolveAgentOptions(['--config', 'c.json'], () => text)).toThrow(message)
  })
})

describe('defaultDataDir', () => {
  it('follows each platform', () => {
    expect(defaultDataDir('linux', {}, '/home/op')).toBe('/home/op/.local/share/depin-desk')
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/data' }, '/home/op')).toBe('/data/depin-desk')
    expect(defaultDataDir('darwin', {}, '/Users/op')).toBe('/Users/op/Library/Application Support/DePIN Desk')
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, 'C:\\Users\\op')).toContain('DePIN Desk')
  })
})
