import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentSecurityPolicyHeader } from '../../../src/main/content-security-policy.ts'
import { createAppProtocolHandler } from '../../../src/main/electron/app-protocol.ts'

let base: string
let serve: (url: string, method?: string) => Promise<Response>

beforeAll(async () => {
  // base/secret.txt sits beside the served root, where a traversal would land.
  base = await mkdtemp(join(tmpdir(), 'desk-app-protocol-'))
  const root = join(base, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<!doctype html><title>DePIN Desk</title>')
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}')
  await mkdir(join(root, 'assets', 'folder.js'))
  await writeFile(join(base, 'secret.txt'), 'TOP SECRET')
  const handler = createAppProtocolHandler(root)
  serve = (url, method = 'GET') => handler({ url, method })
})

afterAll(() => rm(base, { recursive: true, force: true }))

describe('the app:// protocol', () => {
  it.each([
    ['app://desk/', 'text/html; charset=utf-8', 'DePIN Desk'],
    ['app://desk/index.html', 'text/html; charset=utf-8', 'DePIN Desk'],
    ['app://desk/nodes/grass', 'text/html; charset=utf-8', 'DePIN Desk'],
    ['app://desk/assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['app://desk/assets/index-abc.css?v=2', 'text/css; charset=utf-8', 'body{}'],
  ])('serves %s as %s with the CSP header', async (url, type, text) => {
    const response = await serve(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(type)
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicyHeader)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain(text)
  })

  it('sends frame-ancestors, which only a header can carry', async () => {
    const response = await serve('app://desk/')
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
  })

  it.each([
    'app://desk/../secret.txt',
    'app://desk/%2e%2e/secret.txt',
    'app://desk/..%2fsecret.txt',
    'app://desk/..%2F..%2F..%2Fetc%2Fpasswd.txt',
    'app://desk/assets/..%2f..%2fsecret.txt',
    'app://desk/..%5csecret.txt',
    'app://desk/secret.txt%00.js',
    'app://desk/%E0%A4%A.js',
    'app://desk/missing.js',
    'app://desk/assets/folder.js',
  ])('answers 404 for %s and reads nothing outside the root', async (url) => {
    const response = await serve(url)
    expect(response.status).toBe(404)
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicyHeader)
    expect(await response.text()).not.toContain('TOP SECRET')
  })

  it.each(['app://desk/../../etc/passwd', 'app://desk/..%2f..%2f..%2fetc%2fpasswd', 'app://desk/%2e%2e/%2e%2e/etc/passwd'])(
    'answers the extensionless %s with the app shell, never the file',
    async (url) => {
      // Extensionless paths are app routes (resolveAsset); dot segments never leave the root.
      const response = await serve(url)
      expect(await response.text()).toBe('<!doctype html><title>DePIN Desk</title>')
    },
  )

  it.each(['app://evil/', 'app://evil/index.html', 'app://desk.evil/', 'app://desk:1234/', 'https://desk/'])(
    'refuses the foreign origin %s',
    async (url) => {
      const response = await serve(url)
      expect(response.status).toBe(403)
      expect(await response.text()).not.toContain('DePIN Desk')
    },
  )

  it('answers HEAD without a body and refuses writes', async () => {
    const head = await serve('app://desk/', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    expect((await serve('app://desk/', 'POST')).status).toBe(405)
  })
})
