import { describe, expect, it, vi } from 'vitest'
import { isAppUrl, openExternal } from '../../../src/main/electron/trusted-url.ts'

const devServer = 'http://localhost:5173'

describe('isAppUrl', () => {
  it.each(['app://desk/', 'app://desk/index.html', 'app://desk/assets/index-abc.js?v=1#top', 'app://desk'])(
    'trusts our page %s',
    (url) => expect(isAppUrl(url)).toBe(true),
  )

  it.each([
    'app://desk.evil/',
    'app://evil/',
    'app://evil.desk/',
    'app://desk:8080/',
    'app://user@desk/',
    'app://desk:secret@desk/',
    'app://desk@evil/',
    'app:desk',
    'https://desk/',
    'https://evil.example/',
    'file:///work/main/out/renderer/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:app://desk/5f0c',
    'about:blank',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    'http://localhost:5173/',
    '',
    'app://',
    '//desk/',
    'not a url',
  ])('refuses %s without a dev server', (url) => expect(isAppUrl(url)).toBe(false))

  it.each([undefined, null, 42, {}, ['app://desk/'], new URL('app://desk/')])('refuses the non-string %j', (value) =>
    expect(isAppUrl(value)).toBe(false),
  )

  it('trusts the exact dev server origin and nothing near it', () => {
    expect(isAppUrl('http://localhost:5173/', devServer)).toBe(true)
    expect(isAppUrl('http://localhost:5173/src/main.tsx?t=1', devServer)).toBe(true)
    for (const url of [
      'http://localhost:5174/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'http://localhost:5173.evil.example/',
      'http://localhost.evil.example:5173/',
      'http://evil.example/?localhost:5173',
      'http://user:pw@localhost:5173/',
      'ws://localhost:5173/',
    ]) {
      expect(isAppUrl(url, devServer), url).toBe(false)
    }
  })

  it('ignores a dev server URL that is not http(s)', () => {
    expect(isAppUrl('file:///tmp/x.html', 'file:///tmp/x.html')).toBe(false)
    expect(isAppUrl('javascript:1', 'javascript:1')).toBe(false)
    expect(isAppUrl('http://localhost:5173/', 'not a url')).toBe(false)
  })
})

describe('openExternal', () => {
  it.each([
    ['https://github.com/depin-desk/depin-desk/issues', 'https://github.com/depin-desk/depin-desk/issues'],
    ['https://solscan.io/account/abc', 'https://solscan.io/account/abc'],
    ['https://etherscan.io/address/0x0', 'https://etherscan.io/address/0x0'],
    ['https://taostats.io/', 'https://taostats.io/'],
    ['https://filfox.info/en/address/f1x', 'https://filfox.info/en/address/f1x'],
    ['HTTPS://GitHub.COM/a', 'https://github.com/a'],
    ['https://github.com:443/a', 'https://github.com/a'],
  ])('opens the allowlisted %s as %s', (url, normalised) => {
    const open = vi.fn()
    expect(openExternal(url, open)).toEqual({ opened: true })
    expect(open).toHaveBeenCalledExactlyOnceWith(normalised)
  })

  it.each([
    'http://github.com/depin-desk',
    'http://filfox.info/en/address/f1x',
    'HTTP://SOLSCAN.IO/account/abc',
    'http://etherscan.io:443/address/0x0',
  ])('refuses the plain-http %s even to an allowlisted host, saying https only', (url) => {
    const open = vi.fn()
    expect(openExternal(url, open)).toEqual({ opened: false, reason: 'only https:// links open in the browser' })
    expect(open).not.toHaveBeenCalled()
  })

  it.each([
    ['not a url', 'not a URL'],
    ['https://user:pass@github.com/', 'a link with credentials'],
    ['https://github.com:8443/', 'not on the default port'],
    ['https://github.com.evil.example/', 'github.com.evil.example is not an allowlisted host'],
  ])('says why it refused %s', (url, reason) => {
    expect(openExternal(url, () => undefined)).toEqual({ opened: false, reason })
  })

  it.each([
    'javascript:alert(document.domain)',
    'JaVaScRiPt:alert(1)',
    'file:///etc/passwd',
    'file://server/share/x.exe',
    '\\\\server\\share\\payload.exe',
    'smb://github.com/share',
    'ms-msdt:/id PCWDiagnostic',
    'vscode://github.com/x',
    'data:text/html,<script>alert(1)</script>',
    'app://desk/',
    'https://evil.example/',
    'http://github.com.evil.example/',
    'https://github.com.evil.example/github.com',
    'https://evil.example/https://github.com/',
    'https://evilgithub.com/',
    'https://gist.github.com/',
    'https://github.com@evil.example/',
    'https://user:pass@github.com/',
    'https://github.com:8443/',
    'ftp://github.com/',
    'github.com/depin-desk',
    '//github.com/x',
    '',
    ' ',
  ])('never hands %s to the OS', (url) => {
    const open = vi.fn()
    expect(openExternal(url, open)).toMatchObject({ opened: false })
    expect(open).not.toHaveBeenCalled()
  })

  it.each([undefined, null, 1, true, {}, { href: 'https://github.com/' }, ['https://github.com/']])(
    'never opens the non-string %j',
    (value) => {
      const open = vi.fn()
      expect(openExternal(value, open)).toEqual({ opened: false, reason: 'not a URL' })
      expect(open).not.toHaveBeenCalled()
    },
  )
})
