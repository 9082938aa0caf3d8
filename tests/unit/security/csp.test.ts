import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, contentSecurityPolicyHeader } from '../../../src/main/content-security-policy.ts'

const indexHtml = readFileSync(join(import.meta.dirname, '../../../src/renderer/index.html'), 'utf8')

describe('Content-Security-Policy', () => {
  it('is the same in the page and in the headers the shells send', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(indexHtml)?.[1]
    expect(meta).toBe(contentSecurityPolicy)
    expect(contentSecurityPolicyHeader.startsWith(contentSecurityPolicy)).toBe(true)
  })

  it('allows no inline or evaluated script and no foreign origin', () => {
    expect(contentSecurityPolicyHeader).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/)
    expect(contentSecurityPolicyHeader).toContain("default-src 'none'")
    expect(contentSecurityPolicyHeader).toContain("frame-ancestors 'none'")
  })

  it('leaves no inline script or style in the page', () => {
    expect(indexHtml).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    expect(indexHtml).not.toMatch(/<style|style="/)
  })
})
