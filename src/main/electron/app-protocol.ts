import { readFile } from 'node:fs/promises'
import { contentSecurityPolicyHeader } from '../content-security-policy.ts'
import { contentTypeOf, resolveAsset } from '../static-assets.ts'
import { appHost } from './trusted-url.ts'

/** What the handler reads of Electron's request; a plain `Request` has it too. */
export type AppRequest = Pick<Request, 'url' | 'method'>

const securityHeaders = {
  // A custom protocol gets no CSP from a server, and the meta tag cannot set frame-ancestors.
  'Content-Security-Policy': contentSecurityPolicyHeader,
  'X-Content-Type-Options': 'nosniff',
}

/**
 * The `protocol.handle('app', …)` handler: serves the built renderer under `root` as
 * app://desk/…, with the CSP header. Paths that escape `root` and missing files get 404,
 * any host but `desk` 403; nothing outside `root` is ever read.
 */
export function createAppProtocolHandler(root: string): (request: AppRequest) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url)
    if (url.protocol !== 'app:' || url.host !== appHost) return status(403, 'Forbidden')
    if (request.method !== 'GET' && request.method !== 'HEAD') return status(405, 'Method Not Allowed')
    const path = resolveAsset(root, url.pathname)
    if (path === undefined) return status(404, 'Not Found')
    let body: Uint8Array
    try {
      body = await readFile(path)
    } catch {
      // ENOENT, EISDIR, EACCES: to the page they are all "not here".
      return status(404, 'Not Found')
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { ...securityHeaders, 'Content-Type': contentTypeOf(path) },
    })
  }
}

function status(code: number, text: string): Response {
  return new Response(text, {
    status: code,
    headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
  })
}
