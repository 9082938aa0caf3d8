import { describe, expect, it } from 'vitest'
import { contentTypeOf, resolveAsset } from '../../../src/main/static-assets.ts'

const root = '/srv/ui'

describe('resolveAsset', () => {
  it.each([
    ['/', '/srv/ui/index.html'],
    ['/hardware', '/srv/ui/index.html'],
    ['/assets/index-abc123.js', '/srv/ui/assets/index-abc123.js'],
    ['/assets/a%20b.css', '/srv/ui/assets/a b.css'],
  ])('maps %s to %s', (path, file) => {
    expect(resolveAsset(root, path)).toBe(file)
  })

  it.each([
    '/../etc/passwd.txt',
    '/assets/../../etc/shadow.db',
    '/..%2f..%2fetc%2fpasswd.txt',
    '/%2e%2e/%2e%2e/etc/hosts.txt',
    '/assets/%E0%A4%A.js',
    '/a%00.js',
    '/..\\..\\windows\\win.ini',
  ])('refuses %s', (path) => {
    expect(resolveAsset(root, path)).toBeUndefined()
  })
})

describe('contentTypeOf', () => {
  it('names the types the UI ships and falls back to octet-stream', () => {
    expect(contentTypeOf('/a/index.html')).toBe('text/html; charset=utf-8')
    expect(contentTypeOf('/a/x.JS')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeOf('/a/x.exe')).toBe('application/octet-stream')
  })
})
